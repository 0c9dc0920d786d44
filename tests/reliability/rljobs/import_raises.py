"""A job module whose own top-level code fails: its code ran, so this is a job failure."""

from __future__ import annotations

from typing import Any

from reliability.rljobs.record import record

record("import")
raise RuntimeError("injected at import")


def main(**params: Any) -> Any:  # pragma: no cover - never reached
    return None
