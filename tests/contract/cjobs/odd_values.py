"""Returns every kind of value that is not JSON by itself."""

import dataclasses
import datetime as dt
import decimal
import enum
import math
from typing import Any


class Mode(enum.Enum):
    FULL = "full"


@dataclasses.dataclass
class Stats:
    rows: int
    ratio: float


class Model:
    """pydantic-style: model_dump(mode="json")."""

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        return {"kind": "model", "mode": mode}


class Opaque:
    def __repr__(self) -> str:
        return "<Opaque thing>"


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")


def main(**params: str) -> dict[str, Any]:
    return {
        "nan": math.nan,
        "inf": math.inf,
        "neg_inf": -math.inf,
        "price": decimal.Decimal("12.30"),
        "raw": b"\xff\x00",
        "text_bytes": b"hello",
        "tags": {"b", "a"},
        "stats": Stats(3, math.nan),
        "model": Model(),
        "mode": Mode.FULL,
        "when": dt.date(2026, 1, 2),
        "elapsed": dt.timedelta(minutes=1, seconds=30),
        "opaque": Opaque(),
        "bad_repr": BadRepr(),
    }
