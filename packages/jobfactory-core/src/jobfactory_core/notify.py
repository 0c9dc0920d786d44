"""Lifecycle notifications: the protocol, the default log notifier, and safe fan-out.

A notifier that raises or hangs must never change a run's outcome: :class:`Notifiers`
catches and logs every failure; notifiers that talk to the network bound their own time
(see :mod:`jobfactory_core.delivery`). Built in: ``log`` (here) and ``webhook``
(:mod:`jobfactory_core.webhook`); others come from the ``jobfactory.notifiers`` entry-point
group (``sns`` with ``jobfactory-core[aws]``), configured by :mod:`jobfactory_core.notifier_config`.
"""

from __future__ import annotations

import enum
from typing import Any, Protocol, runtime_checkable

from jobfactory_core._record import Record
from jobfactory_core.logs import get_logger
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import RunInfo

log = get_logger("notify")


class EventKind(str, enum.Enum):
    STARTED = "started"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


#: Events that end a run: a notifier delivering in the background must finish by then.
TERMINAL: frozenset[EventKind] = frozenset({EventKind.SUCCEEDED, EventKind.FAILED})

#: Longest error text carried by an event's one-line text (the full text is in the logs).
MAX_TEXT_ERROR = 500


class NotifierError(Exception):
    """A notifier could not deliver; the message is one redacted line saying what and where."""


class Event(Record):
    """One lifecycle event; ``summary`` is already redacted and JSON-compatible.

    ``user_error`` is true when the failure is a user mistake or a missing environment, which
    the entry point reports itself in one line (nothing ran).
    """

    __slots__ = ("error", "error_type", "kind", "run", "summary", "user_error")

    def __init__(
        self,
        kind: EventKind,
        run: RunInfo,
        summary: dict[str, Any] | None = None,
        *,
        error_type: str | None = None,
        error: str | None = None,
        user_error: bool = False,
    ) -> None:
        self.kind = kind
        self.run = run
        self.summary: dict[str, Any] = summary if summary is not None else {}
        self.error_type = error_type
        self.error = error
        self.user_error = user_error

    def to_dict(self) -> dict[str, Any]:
        data = {
            "event": self.kind.value,
            **self.run.to_dict(),
            "summary": self.summary,
        }
        if self.error is not None:
            data["error_type"] = self.error_type
            data["error"] = REDACTOR.redact(self.error)
        redacted: dict[str, Any] = REDACTOR.redact_obj(data)
        return redacted

    def text(self) -> str:
        """One human line: what happened to which run."""
        run = self.run
        where = f" on {run.service_provider}" if self.kind is EventKind.STARTED else ""
        line = f"job {run.job} {self.kind.value}{where} (run {run.run_id}, attempt {run.attempt})"
        if run.environment:
            line += f" in {run.environment}"
        if self.kind is EventKind.STARTED and "params" in self.summary:
            line += f" with {self.summary['params']}"
        if self.error is not None:
            error = REDACTOR.redact(self.error)
            if len(error) > MAX_TEXT_ERROR:
                error = error[: MAX_TEXT_ERROR - 3] + "..."
            line += f": {self.error_type}: {error}"
        return REDACTOR.redact(line)

    @classmethod
    def failure(cls, run: RunInfo, summary: dict[str, Any], error: BaseException) -> Event:
        """The ``failed`` event for ``error``; user mistakes are flagged for the entry's line."""
        from jobfactory_core.errors import describe, is_user_error

        return cls(
            EventKind.FAILED,
            run,
            summary,
            error_type=type(error).__name__,
            error=describe(error),
            user_error=is_user_error(error),
        )

    def payload(self) -> dict[str, Any]:
        """Chat-compatible JSON: a ``text`` line (Slack, Teams) plus the structured fields."""
        return {"text": self.text(), **self.to_dict()}


@runtime_checkable
class Notifier(Protocol):
    """Receives lifecycle events. Implementations should bound their own time."""

    def notify(self, event: Event) -> None: ...


class LogNotifier:
    """Default notifier: one log line per event (user errors are left to the entry's line)."""

    def notify(self, event: Event) -> None:
        if event.kind is EventKind.FAILED:
            if not event.user_error:
                log.error(event.text())
        else:
            log.info(event.text(), extra={"event": event.kind.value, "run_id": event.run.run_id})


class Notifiers:
    """Fan an event out to every notifier; a failing notifier is logged, never raised."""

    def __init__(self, notifiers: list[Notifier] | None = None) -> None:
        self.notifiers: list[Notifier] = (
            list(notifiers) if notifiers is not None else [LogNotifier()]
        )

    def add(self, notifier: Notifier) -> None:
        self.notifiers.append(notifier)

    def notify(self, event: Event) -> None:
        for notifier in self.notifiers:
            try:
                notifier.notify(event)
            except NotifierError as error:  # already one clear line naming the notifier
                log.warning("notifier failed: %s", REDACTOR.redact(str(error)))
            except Exception as error:  # a notifier must never change the outcome
                log.warning(
                    "notifier %s failed on %s event: %s: %s",
                    type(notifier).__name__,
                    event.kind.value,
                    type(error).__name__,
                    REDACTOR.redact(str(error)),
                )
