"""What a run reports, as strict JSON (RFC 8259): the documented rule for every value.

The summary line and the events carry a job's return value and metrics. Orchestrators parse
them with strict JSON parsers (no ``NaN``, no ``Infinity``), so every value is converted by a
rule, and a value that can only be shown as its ``repr`` is logged as a warning naming where it
sits (``result.rows[2]``), so ``"<object object at 0x...>"`` never passes silently for data.

===========================================  ================================================
value                                        becomes
===========================================  ================================================
``None``, ``bool``, ``int``, ``str``         itself
finite ``float``                             itself
``nan``, ``inf``, ``-inf``                   the strings ``"NaN"``, ``"Infinity"``, ``"-Infinity"``
``decimal.Decimal``                          its exact string (``"12.30"``; ``"NaN"`` too)
``bytes``, ``bytearray``, ``memoryview``     UTF-8 text when it decodes, else ``{"base64": ...}``
``date``, ``datetime``, ``time``             ISO 8601 (``datetime.isoformat()``)
``timedelta``                                seconds as a number (``90.5``)
``Enum``                                     its value (converted by these rules)
``UUID``, ``PurePath``                       ``str()``
``complex``                                  ``{"real": ..., "imag": ...}``
``dict`` / mapping                           object; keys converted to strings
``list``, ``tuple``                          array
``set``, ``frozenset``                       array, sorted when the items can be ordered
named tuple                                  object (``_asdict()``)
dataclass instance                           object (``dataclasses.asdict``)
pydantic-style model                         ``model_dump(mode="json")`` (v2) or ``dict()`` (v1)
Spark ``Row``                                object (``asDict(recursive=True)``)
Spark ``DataFrame`` (classic or Connect)     ``{"dataframe": {"columns": [...], "schema": ...}}``:
                                             the schema, never the rows (collecting could be
                                             huge and would run a Spark job)
numpy scalar / array                         ``.item()`` / ``.tolist()``
object with ``to_dict()``                    ``to_dict()`` converted (pandas, ...)
exception                                    ``"TypeName: message"``
anything else                                ``repr()`` (or a placeholder if ``repr`` raises),
                                             with a warning naming the key
===========================================  ================================================

Structures nested deeper than :data:`MAX_DEPTH` or referring to themselves become the string
``"<too deep>"`` / ``"<cycle>"``, also with a warning; values past the first
:data:`MAX_VALUES` become ``"<truncated>"`` (shared references cannot expand without bound).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

MAX_DEPTH = 64
#: Most values one conversion produces; shared references (a structure that repeats one list
#: many times over) would otherwise expand without bound. The rest becomes ``"<truncated>"``.
MAX_VALUES = 100_000
#: Longest string a log line or event shows of one value (the job still gets all of it).
PREVIEW_CHARS = 512


class _Converter:
    """One conversion; collects the warnings so each is logged once."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._active: set[int] = set()
        self._count = 0

    def convert(self, value: Any, where: str, depth: int = 0) -> Any:
        self._count += 1
        if self._count > MAX_VALUES:
            if self._count == MAX_VALUES + 1:
                self.warnings.append(f"{where}: more than {MAX_VALUES} values: the rest is cut")
            return "<truncated>"
        kind = type(value)
        if value is None or kind is bool or kind is int or kind is str:
            return value
        if kind is float:
            return _float(value)
        if depth >= MAX_DEPTH:
            self.warnings.append(f"{where} is nested deeper than {MAX_DEPTH} levels: cut")
            return "<too deep>"
        if id(value) in self._active:
            self.warnings.append(f"{where} refers to itself: shown as '<cycle>'")
            return "<cycle>"
        self._active.add(id(value))
        try:
            return self._convert(value, where, depth + 1)
        finally:
            self._active.discard(id(value))

    def _convert(self, value: Any, where: str, depth: int) -> Any:
        import datetime as dt
        import enum

        if isinstance(value, enum.Enum):
            return self.convert(value.value, where, depth)
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return _float(float(value))
        if isinstance(value, str):
            return str.__str__(value)
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, dt.timedelta):
            return value.total_seconds()
        if isinstance(value, bytes | bytearray | memoryview):
            raw = bytes(value)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                import base64

                return {"base64": base64.b64encode(raw).decode("ascii")}
        if isinstance(value, complex):
            return {
                "real": self.convert(value.real, where),
                "imag": self.convert(value.imag, where),
            }
        kind = type(value)
        module = kind.__module__ or ""
        if module == "decimal" and kind.__name__ == "Decimal":
            return str(value)
        if module in ("uuid", "pathlib") or module.startswith("pathlib."):
            return str(value)
        if isinstance(value, Mapping):
            return {
                self._key(k, where): self.convert(v, f"{where}.{k}", depth)
                for k, v in value.items()
            }
        as_dict = getattr(value, "asDict", None)  # a Spark Row (a tuple subclass)
        if isinstance(value, tuple) and callable(as_dict):
            return self.convert(as_dict(recursive=True), where, depth)
        if isinstance(value, tuple) and hasattr(value, "_asdict"):
            return self.convert(dict(value._asdict()), where, depth)
        if isinstance(value, list | tuple):
            return [self.convert(v, f"{where}[{i}]", depth) for i, v in enumerate(value)]
        if isinstance(value, set | frozenset):
            items = list(value)
            try:
                items.sort()
            except TypeError:
                items.sort(key=repr)
            return [self.convert(v, f"{where}[{i}]", depth) for i, v in enumerate(items)]
        if isinstance(value, BaseException):
            from jobfactory_core.errors import describe

            return f"{type(value).__name__}: {describe(value)}"
        if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
            import dataclasses

            return self.convert(dataclasses.asdict(value), where, depth)
        if _is_dataframe(value):
            return {"dataframe": self._schema(value, where)}
        for method, kwargs in (("model_dump", {"mode": "json"}), ("tolist", {}), ("item", {})):
            converted = self._call(value, method, kwargs)
            if converted is not _MISSING:
                return self.convert(converted, where, depth)
        if module.startswith("pydantic") or hasattr(value, "__fields__"):
            converted = self._call(value, "dict", {})
            if converted is not _MISSING:
                return self.convert(converted, where, depth)
        for method in ("to_dict", "_asdict"):
            converted = self._call(value, method, {})
            if converted is not _MISSING:
                return self.convert(converted, where, depth)
        return self._repr(value, where)

    def _key(self, key: Any, where: str) -> str:
        if isinstance(key, str):
            return key
        converted = self.convert(key, f"{where} key")
        return converted if isinstance(converted, str) else repr(converted)

    def _call(self, value: Any, method: str, kwargs: dict[str, Any]) -> Any:
        func = getattr(value, method, None)
        if not callable(func):
            return _MISSING
        try:
            return func(**kwargs)
        except Exception:
            return _MISSING

    def _schema(self, frame: Any, where: str) -> dict[str, Any]:
        try:
            return {"columns": list(frame.columns), "schema": frame.schema.simpleString()}
        except Exception as error:
            self.warnings.append(f"{where}: the DataFrame's schema could not be read ({error})")
            return {"columns": None, "schema": None}

    def _repr(self, value: Any, where: str) -> str:
        name = type(value).__name__
        try:
            text = repr(value)
        except Exception:
            text = f"<{name} object (repr failed)>"
        self.warnings.append(
            f"{where} ({name}) has no JSON form: reported as its repr; return plain data "
            "(dict, list, str, numbers) to report it faithfully"
        )
        return text


_MISSING = object()


def _float(value: float) -> float | str:
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _is_dataframe(value: Any) -> bool:
    kind = type(value)
    return kind.__name__ == "DataFrame" and (kind.__module__ or "").startswith("pyspark.")


def to_json_data(value: Any, where: str = "result") -> tuple[Any, list[str]]:
    """``value`` converted by the rules above, and the warnings the conversion raised."""
    converter = _Converter()
    return converter.convert(value, where), converter.warnings


def jsonable(value: Any) -> Any:
    """``value`` converted to JSON-compatible data by the rules above (warnings dropped)."""
    return to_json_data(value)[0]


def preview(value: Any, limit: int = PREVIEW_CHARS, depth: int = 0) -> Any:
    """``value`` fit for a log line or event: long strings cut with a marker, depth bounded."""
    if isinstance(value, str):
        if len(value) <= limit:
            return value
        return f"{value[:limit]}... [{len(value) - limit} more characters]"
    if depth >= 8:
        return "<too deep>"
    if isinstance(value, Mapping):
        items = list(value.items())
        shown = {str(k): preview(v, limit, depth + 1) for k, v in items[:100]}
        if len(items) > 100:
            shown["..."] = f"[{len(items) - 100} more keys]"
        return shown
    if isinstance(value, list | tuple):
        shown_list = [preview(v, limit, depth + 1) for v in value[:100]]
        if len(value) > 100:
            shown_list.append(f"... [{len(value) - 100} more items]")
        return shown_list
    return value
