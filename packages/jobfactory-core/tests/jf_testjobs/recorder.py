"""Records what jobs, hooks and notifiers saw, so tests can assert on the lifecycle."""

from __future__ import annotations

from typing import Any

CALLS: list[tuple[str, Any]] = []


def record(what: str, detail: Any = None) -> None:
    CALLS.append((what, detail))


def names() -> list[str]:
    return [name for name, _ in CALLS]
