"""Hooks and stages append one JSON line to ``$RL_RECORD``: what ran, in which process."""

from __future__ import annotations

import json
import os
from typing import Any


def record(what: str, **fields: Any) -> None:
    path = os.environ.get("RL_RECORD")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"what": what, "pid": os.getpid(), **fields}) + "\n")


def fault() -> str:
    """The fault injected into this run (``$RL_FAULT``), or ``""``."""
    return os.environ.get("RL_FAULT", "")
