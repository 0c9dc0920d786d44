"""The original pattern: a plain ``main(**kwargs)`` with no factory, failing on demand."""

from __future__ import annotations

import sys
from typing import Any

from reliability.rljobs.record import fault, record


def main(**kwargs: Any) -> Any:
    record("main")
    injected = fault()
    if injected == "main:ValueError":
        raise ValueError("injected in main")
    if injected == "main:exit0":
        sys.exit(0)
    return {"keys": sorted(kwargs)}
