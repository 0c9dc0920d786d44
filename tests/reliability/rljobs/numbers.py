"""A plain main that reports numbers and literals a short secret may be spelt like."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("rl.numbers")


def main(pin: str, year: int = 2031) -> Any:
    log.warning("counted", extra={"year": year, "flag": True, "nothing": None})
    return {"year": year, "longer": year * 10 + 1, "flag": True, "nothing": None, "n": 7}
