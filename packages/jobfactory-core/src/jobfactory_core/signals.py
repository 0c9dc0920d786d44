"""SIGINT/SIGTERM become :class:`JobInterrupted` so hooks and notifiers still run."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from jobfactory_core.errors import JobInterrupted

try:  # the C core of ``signal``: same functions, without building three enums at import (~1 ms)
    import _signal as _sig  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - interpreters without it
    import signal as _sig  # type: ignore[no-redef,unused-ignore]

SIGINT, SIGTERM = 2, 15
HANDLED = (SIGINT, SIGTERM)


def _raise(signum: int, frame: FrameType | None) -> None:
    raise JobInterrupted(signum)


@contextmanager
def interrupts_raise() -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM raise JobInterrupted (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for sig in HANDLED:
        previous[sig] = _sig.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            _sig.signal(sig, handler)
