"""A tiny YAML writer for bundles (PyYAML is not a dependency): block style, quoted strings.

Strings are written as JSON strings, which YAML reads as double-quoted scalars, so no value
(``{{job.run_id}}``, ``yes``, ``1.0``) changes type or meaning on the way back.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(str(value))


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key)


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out.append(f"{pad}{_key(str(key))}:")
                out.extend(_lines(item, indent + 2))
            else:
                out.append(f"{pad}{_key(str(key))}: {_empty(item) or _scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list) and item:
                nested = _lines(item, indent + 2)
                out.append(f"{pad}- {nested[0].lstrip()}")
                out.extend(nested[1:])
            else:
                out.append(f"{pad}- {_empty(item) or _scalar(item)}")
    else:
        out.append(pad + _scalar(value))
    return out


def _empty(value: Any) -> str:
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    return ""


def dump(document: dict[str, Any], header: str = "") -> str:
    """``document`` as block YAML (with ``header`` as leading comment lines)."""
    comments = [f"# {line}".rstrip() for line in header.splitlines()]
    return "\n".join([*comments, *_lines(document, 0)]) + "\n"
