"""Bounded background delivery for notifiers that talk to the network (webhook, SNS).

Each event is sent on its own daemon thread, so a ``started`` event never holds up the job.
The event that ends the run (``succeeded``/``failed``) waits for every pending send, at most
``timeout`` seconds in all; whatever is still hanging then is abandoned. Failures of the whole
run are reported once, as one :class:`~jobfactory_core.notify.NotifierError` raised from the
terminal event, which :class:`~jobfactory_core.notify.Notifiers` logs as one line.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from jobfactory_core.notify import TERMINAL, Event, EventKind, NotifierError
from jobfactory_core.redaction import REDACTOR

DEFAULT_TIMEOUT = 5.0
#: A send that respects its deadline may need a moment to return after it.
_GRACE = 0.1


class DeliveryError(Exception):
    """One event could not be delivered; the message is short and holds no secret."""


@dataclass
class _Pending:
    kind: EventKind
    thread: threading.Thread
    deadline: float
    errors: list[str] = field(default_factory=list)


class BoundedNotifier:
    """Base class: subclasses implement :meth:`send`; this bounds its time and reports once.

    ``timeout`` bounds one event's delivery, retries included (``send`` gets the deadline);
    ``events`` selects the kinds delivered (default: all).
    """

    #: Short name for messages, e.g. ``webhook``.
    kind_name = "notifier"

    def __init__(
        self, *, timeout: float = DEFAULT_TIMEOUT, events: Collection[EventKind] | None = None
    ) -> None:
        self.timeout = timeout
        self.events: frozenset[EventKind] = frozenset(events) if events else frozenset(EventKind)
        self._pending: list[_Pending] = []

    def describe(self) -> str:
        """Where this notifier delivers, safe to log (no token, no secret)."""
        return self.kind_name

    def send(self, payload: dict[str, Any], event: Event, deadline: float) -> None:
        """Deliver one event before ``deadline`` (``time.monotonic()``); raise DeliveryError."""
        raise NotImplementedError

    def notify(self, event: Event) -> None:
        now = time.monotonic()
        if event.kind not in TERMINAL:
            if event.kind in self.events:
                self._start(event, now + self.timeout)
            return
        end = now + self.timeout  # the run waits no longer than this, whatever happens
        if event.kind in self.events:
            # Keep order (started before succeeded) when an earlier send is merely in
            # flight, but leave the terminal event at least half the time.
            cap = now + self.timeout / 2
            for item in self._pending:
                item.thread.join(max(0.0, min(item.deadline, cap) - time.monotonic()))
            self._start(event, end)
        self._finish(end)

    def _start(self, event: Event, deadline: float) -> None:
        payload = event.payload()  # built (and redacted) here, before handing off to a thread
        errors: list[str] = []

        def deliver() -> None:
            try:
                self.send(payload, event, deadline)
            except DeliveryError as error:
                errors.append(str(error))
            except Exception as error:  # a bug or a library error: still one short line
                errors.append(f"{type(error).__name__}: {error}")

        thread = threading.Thread(
            target=deliver, name=f"jobfactory-{self.kind_name}-{event.kind.value}", daemon=True
        )
        self._pending.append(_Pending(event.kind, thread, deadline, errors))
        thread.start()

    def _finish(self, end: float) -> None:
        """Wait for pending sends until ``end``; raise one NotifierError describing failures."""
        pending, self._pending = self._pending, []
        failures: dict[str, list[str]] = {}
        for item in pending:
            item.thread.join(max(0.0, min(item.deadline + _GRACE, end) - time.monotonic()))
            if item.thread.is_alive():
                reason = f"no answer within {self.timeout:g}s (abandoned)"
            elif item.errors:
                reason = item.errors[0]
            else:
                continue
            failures.setdefault(REDACTOR.redact(reason), []).append(item.kind.value)
        if failures:
            parts = [f"{', '.join(kinds)} not delivered: {why}" for why, kinds in failures.items()]
            raise NotifierError(f"{self.describe()}: {'; '.join(parts)}")
