"""SIGINT/SIGTERM become :class:`JobInterrupted` so hooks and notifiers still run.

The entry installs the handlers before it imports any user code. A signal is remembered
(:func:`received`), so the exit code says "interrupted" even when the exception that surfaced
is a secondary one (a Py4J error because Spark's JVM went away). Once the run's outcome is
decided, :func:`shield` defers further signals: the summary line and the failure hooks are
never cut short by a second Ctrl-C. pyspark replaces the SIGINT handler when it starts a
SparkContext; :func:`reclaim` puts ours back.
"""

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


class _State:
    """What the handlers of the current :func:`interrupts_raise` scope know."""

    __slots__ = ("active", "received", "shielded")

    def __init__(self) -> None:
        self.active = 0
        self.received: list[int] = []
        self.shielded = False


_STATE = _State()


def _raise(signum: int, frame: FrameType | None) -> None:
    _STATE.received.append(signum)
    if _STATE.shielded:
        return  # the outcome is decided: finish reporting it, then exit with that signal's code
    raise JobInterrupted(signum)


def received() -> int | None:
    """The first signal received in the current scope, if any."""
    return _STATE.received[0] if _STATE.received else None


def as_interruption(error: BaseException) -> BaseException:
    """``error`` as the run reports it: an error that follows a received signal is the
    interruption (a :class:`JobInterrupted` caused by ``error``), else ``error`` itself.

    SIGINT reaches Spark's JVM too (Ctrl-C signals the process group), so what surfaces may
    be the gateway's ``Py4JNetworkError: Answer from Java side is empty``; hooks, events and
    the exit code still say "interrupted".
    """
    signum = received()
    if signum is None or isinstance(error, KeyboardInterrupt):
        return error
    interrupted = JobInterrupted(signum)
    interrupted.__cause__ = error
    return interrupted


def shield() -> None:
    """Defer further signals until the scope ends (the outcome is being reported)."""
    _STATE.shielded = True


def reclaim() -> None:
    """Reinstall our handlers if someone (pyspark's SparkContext) replaced them in scope."""
    if _STATE.active and threading.current_thread() is threading.main_thread():
        for sig in HANDLED:
            if _sig.getsignal(sig) is not _raise:
                _sig.signal(sig, _raise)


@contextmanager
def interrupts_raise() -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM raise JobInterrupted (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    if not _STATE.active:
        _STATE.received, _STATE.shielded = [], False
    _STATE.active += 1
    for sig in HANDLED:
        previous[sig] = _sig.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            _sig.signal(sig, handler)
        _STATE.active -= 1
        if not _STATE.active:
            _STATE.received, _STATE.shielded = [], False
