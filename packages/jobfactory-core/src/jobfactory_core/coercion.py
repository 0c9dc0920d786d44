"""Turn a string from argv or a config file into the type a parameter's annotation names.

Supported: str, int, float, bool, date, datetime (ISO 8601), Path, Enum, Literal,
Optional/``X | None``, other unions (first match wins), ``list[...]``/``tuple[...]``/
``set[...]`` (JSON array or comma-separated) and ``dict[...]`` (JSON object). Values that
already have the right type (a programmatic call, a TOML config) pass through.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import pathlib
import re
import types
import typing
from typing import Any

_TRUE = frozenset({"true", "1", "yes", "y", "on"})
_FALSE = frozenset({"false", "0", "no", "n", "off"})
_NONE = frozenset({"", "none", "null"})


class CoercionError(ValueError):
    """A value does not fit its annotation; the message says what was expected."""


def type_name(annotation: Any) -> str:
    """A short human spelling of an annotation for errors and ``--help``."""
    if annotation is Any or annotation is None:
        return "any"
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_name(a) for a in typing.get_args(annotation))
    if origin is not None:
        args = ", ".join(type_name(a) for a in typing.get_args(annotation))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    if annotation is type(None):
        return "None"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " | ".join(m.name for m in annotation)
    return getattr(annotation, "__name__", str(annotation))


def coerce(value: Any, annotation: Any) -> Any:
    """Coerce ``value`` to ``annotation``; raise :class:`CoercionError` with a clear reason."""
    if annotation is Any or annotation is typing.Any or annotation is None:
        return value
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return coerce(value, typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return _coerce_union(value, typing.get_args(annotation))
    if origin is typing.Literal:
        return _coerce_literal(value, typing.get_args(annotation))
    if origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set, frozenset):
        return _coerce_sequence(value, origin or annotation, typing.get_args(annotation))
    if origin is dict or annotation is dict:
        return _coerce_mapping(value, typing.get_args(annotation))
    if isinstance(annotation, type):
        return _coerce_scalar(value, annotation)
    return value


def _coerce_union(value: Any, args: tuple[Any, ...]) -> Any:
    optional = type(None) in args
    rest = [a for a in args if a is not type(None)]
    if value is None or (optional and isinstance(value, str) and value.strip().lower() in _NONE):
        if optional:
            return None
        raise CoercionError("a value is required")
    reasons = []
    for arg in rest:
        try:
            return coerce(value, arg)
        except CoercionError as error:
            reasons.append(str(error))
    raise CoercionError(reasons[0] if len(reasons) == 1 else f"expected {type_name(args)}")


def _coerce_literal(value: Any, choices: tuple[Any, ...]) -> Any:
    for choice in choices:
        if value == choice or (isinstance(value, str) and value == str(choice)):
            return choice
    allowed = ", ".join(repr(c) for c in choices)
    raise CoercionError(f"{value!r} is not one of {allowed}")


def _coerce_scalar(value: Any, target: type) -> Any:
    if target is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CoercionError(f"{value!r} is not a boolean (use true/false, yes/no or 1/0)")
    if isinstance(value, target) and not (target is int and isinstance(value, bool)):
        return value
    if value is None:
        raise CoercionError("a value is required")
    if isinstance(value, list | tuple | set | frozenset | dict):
        raise CoercionError(f"expected {type_name(target)}, got {type(value).__name__} {value!r}")
    if issubclass(target, enum.Enum):
        return _coerce_enum(value, target)
    text = value if isinstance(value, str) else str(value)
    try:
        if target is int:
            return int(text.strip().replace("_", ""))
        if target is float:
            return float(text.strip())
        if target is dt.datetime:
            return dt.datetime.fromisoformat(_iso(_DATETIME, text))
        if target is dt.date:
            return dt.date.fromisoformat(_iso(_DATE, text))
        if target is dt.time:
            return dt.time.fromisoformat(_iso(_TIME, text))
        if issubclass(target, pathlib.PurePath):
            return target(text)
        if target is str:
            return text
        constructed: Any = target(text)  # type: ignore[call-arg]
        return constructed
    except (ValueError, TypeError) as error:
        raise CoercionError(_scalar_reason(text, target, error)) from None


# One ISO 8601 grammar on every Python: 3.11 widened ``fromisoformat`` (``20240229``, any
# number of fraction digits, ``Z``), 3.10 takes only what ``isoformat()`` writes. What these
# accept is rewritten into the 3.10 form, so a job binds the same values on every platform.
_CLOCK = r"(?P<h>\d{2})(?::(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
_ZONE = (
    r"(?P<z>Z|(?P<zs>[+-])(?P<zh>\d{2})"
    r"(?::?(?P<zm>\d{2})(?::?(?P<zx>\d{2})(?:\.(?P<zf>\d{1,6}))?)?)?)?"
)
_DATE = re.compile(r"(?P<d>\d{4}-\d{2}-\d{2})")
_DATETIME = re.compile(rf"(?P<d>\d{{4}}-\d{{2}}-\d{{2}})(?:[T ]{_CLOCK}{_ZONE})?")
_TIME = re.compile(rf"{_CLOCK}{_ZONE}")


def _iso(grammar: re.Pattern[str], text: str) -> str:
    """``text`` in the form every supported Python's ``fromisoformat`` reads, or ValueError."""
    match = grammar.fullmatch(text.strip())
    if match is None:
        raise ValueError("not ISO 8601")
    parts = match.groupdict()
    out = parts.get("d") or ""
    if parts.get("h") is not None:
        out += "T" if out else ""
        out += f"{parts['h']}:{parts['m'] or '00'}:{parts['s'] or '00'}"
        if parts["f"]:
            out += "." + parts["f"][:6].ljust(6, "0")  # beyond microseconds: cut, as 3.11 does
        if parts["z"] == "Z":
            out += "+00:00"
        elif parts["z"]:
            out += f"{parts['zs']}{parts['zh']}:{parts['zm'] or '00'}"
            if parts["zx"]:
                out += f":{parts['zx']}" + (f".{parts['zf'].ljust(6, '0')}" if parts["zf"] else "")
    return out


def _scalar_reason(text: str, target: type, error: Exception) -> str:
    names = {
        int: "an integer",
        float: "a number",
        dt.date: "an ISO date (YYYY-MM-DD)",
        dt.datetime: "an ISO datetime (YYYY-MM-DDTHH:MM:SS)",
        dt.time: "an ISO time (HH:MM:SS)",
    }
    expected = names.get(target)
    if expected is not None:
        return f"{text!r} is not {expected}"
    return f"{text!r} is not a valid {target.__name__}: {error}"


def _coerce_enum(value: Any, target: type[enum.Enum]) -> enum.Enum:
    for member in target:
        if value in (member.name, member.value) or str(value) == str(member.value):
            return member
    lowered = str(value).lower()
    for member in target:
        if member.name.lower() == lowered:
            return member
    allowed = ", ".join(m.name for m in target)
    raise CoercionError(f"{value!r} is not one of {allowed}")


def _coerce_sequence(value: Any, container: Any, args: tuple[Any, ...]) -> Any:
    items: list[Any]
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        text = str(value).strip()
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except (ValueError, RecursionError) as error:  # nesting too deep for json
                raise CoercionError(f"{text!r} is not a JSON array: {error}") from None
            if not isinstance(loaded, list):
                raise CoercionError(f"{text!r} is not a JSON array")
            items = loaded
        elif text == "":
            items = []
        else:
            items = [part.strip() for part in text.split(",")]
    if container is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        if len(items) != len(args):
            raise CoercionError(f"expected {len(args)} items, got {len(items)}")
        return tuple(coerce(item, arg) for item, arg in zip(items, args, strict=True))
    item_type = args[0] if args else Any
    coerced = []
    for index, item in enumerate(items):
        try:
            coerced.append(coerce(item, item_type))
        except CoercionError as error:
            raise CoercionError(f"item {index}: {error}") from None
    if container in (set, frozenset):
        try:
            return container(coerced)
        except TypeError:
            raise CoercionError(
                "items of a set must be strings or numbers, not arrays or objects"
            ) from None
    return tuple(coerced) if container is tuple else coerced


def _coerce_mapping(value: Any, args: tuple[Any, ...]) -> dict[Any, Any]:
    if isinstance(value, dict):
        loaded = value
    else:
        try:
            loaded = json.loads(str(value))
        except (ValueError, RecursionError) as error:  # nesting too deep for json
            raise CoercionError(f"{value!r} is not a JSON object: {error}") from None
        if not isinstance(loaded, dict):
            raise CoercionError(f"{value!r} is not a JSON object")
    key_type, value_type = args if len(args) == 2 else (Any, Any)
    out: dict[Any, Any] = {}
    for key, item in loaded.items():
        try:
            out[coerce(key, key_type)] = coerce(item, value_type)
        except CoercionError as error:
            raise CoercionError(f"key {key!r}: {error}") from None
    return out


def to_argv_value(value: Any) -> str:
    """The command-line spelling of a native value, which :func:`coerce` reads back.

    Strings as they are, bools as ``true``/``false``, enums by value, dates ISO 8601, lists,
    tuples, sets and dicts as JSON (what a config file would hold), anything else ``str()``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return to_argv_value(value.value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset | dict):
        from jobfactory_core.jsonable import jsonable

        return json.dumps(jsonable(value))
    return str(value)
