"""SIGINT/SIGTERM become :class:`JobInterrupted` so hooks and notifiers still run."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from jobfactory_core.errors import JobInterrupted

HANDLED = (signal.SIGINT, signal.SIGTERM)


def _raise(signum: int, frame: FrameType | None) -> None:
    raise JobInterrupted(signum)


@contextmanager
def interrupts_raise() -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM raise JobInterrupted (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[signal.Signals, Any] = {}
    for sig in HANDLED:
        previous[sig] = signal.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
