"""Run identity: who is running, which run, which attempt, since when.

:func:`bind_to_logs` makes the identity of the current run part of every log record
(``run_id``, ``attempt``, ``job``), so JSON logs from the job, jobfactory and libraries can be
joined with the summary line and the lifecycle events.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

from jobfactory_core._record import Record
from jobfactory_core.errors import UsageError

#: Longest run id accepted (Airflow's and Databricks' ids are far shorter).
MAX_RUN_ID_LENGTH = 200
#: Highest attempt number accepted.
MAX_ATTEMPT = 1_000_000


def new_run_id() -> str:
    """A random run id for platforms that give none (16 hex digits, no imports needed)."""
    return os.urandom(8).hex()


def validate_run_id(value: str, source: str = "run id") -> str:
    """``value`` if it is a fit run id: non-blank, printable, at most 200 characters.

    A run id is written into every log line, event and the summary; a newline or another
    control character in it could forge log lines, so it is refused (:class:`UsageError`,
    exit 2) naming ``source`` (``JOBFACTORY_RUN_ID``, a platform argument, ...).
    """
    return validate_label(value, source, "a run id")


def validate_label(value: str, source: str, what: str) -> str:
    """``value`` if it is fit to stand in a log line: non-blank, printable, <= 200 characters.

    ``what`` names the kind in the message (``"a run id"``, ``"an environment name"``).
    """
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{source} is empty: give {what}, or leave it unset")
    if len(value) > MAX_RUN_ID_LENGTH:
        raise UsageError(
            f"{source} is {len(value)} characters long; {what} has at most {MAX_RUN_ID_LENGTH}"
        )
    if not value.isprintable():
        bad = next(ch for ch in value if not ch.isprintable())
        raise UsageError(
            f"{source} contains the control character {bad!r}: {what} must be printable "
            "text on one line"
        )
    return value


def parse_attempt(raw: str, source: str = "attempt") -> int:
    """An attempt number from text: ASCII digits, 0 read as 1, at most 1000000."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ATTEMPT:
        raise UsageError(
            f"{source}={raw[:40]!r} is not an attempt number (a whole number from 1 "
            f"to {MAX_ATTEMPT})"
        )
    return max(1, int(text))


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class RunInfo(Record):
    """Identity of one run; the platform's ids where it gives them, else generated ones.

    ``platform_args`` holds the arguments the platform passed for itself (Glue's JOB_NAME, a
    task key, ...), verbatim. ``run_id`` and ``environment`` are checked whenever they are set
    (:func:`validate_run_id`): they reach every log line, so a platform that assigns its own
    id after construction cannot smuggle a newline into the logs either.
    """

    __slots__ = (
        "_environment",
        "_run_id",
        "attempt",
        "job",
        "platform_args",
        "service_provider",
        "started_at",
    )

    def __init__(
        self,
        job: str,
        service_provider: str,
        *,
        run_id: str | None = None,
        attempt: int = 1,
        started_at: dt.datetime | None = None,
        environment: str | None = None,
        platform_args: dict[str, str] | None = None,
    ) -> None:
        self.job = job
        self.service_provider = service_provider
        self.run_id = run_id if run_id is not None else new_run_id()
        self.attempt = attempt
        self.started_at = started_at if started_at is not None else utcnow()
        self.environment = environment
        self.platform_args: dict[str, str] = dict(platform_args or {})

    @property
    def run_id(self) -> str:
        return self._run_id

    @run_id.setter
    def run_id(self, value: str) -> None:
        self._run_id = validate_run_id(value)

    @property
    def environment(self) -> str | None:
        return self._environment

    @environment.setter
    def environment(self, value: str | None) -> None:
        self._environment = (
            None
            if value is None
            else validate_label(value, "the environment name", "an environment name")
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "service_provider": self.service_provider,
            "run_id": self.run_id,
            "attempt": self.attempt,
            "started_at": self.started_at.isoformat(),
            "environment": self.environment,
        }


#: The run this process is executing (one run per entry-point process).
_current: RunInfo | None = None


def current_run() -> RunInfo | None:
    """The run bound by :func:`bind_to_logs`, if any."""
    return _current


class RunLogFilter(logging.Filter):
    """Adds ``run_id``, ``attempt`` and ``job`` of the current run to every record it sees.

    Installed on handlers (not loggers) so records propagated from any logger get it; a
    field already set by the caller (``extra=``) is left alone.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        run = _current
        if run is not None:
            for name, value in (("run_id", run.run_id), ("attempt", run.attempt), ("job", run.job)):
                if not hasattr(record, name):
                    setattr(record, name, value)
        return True


_FILTER = RunLogFilter()


def bind_to_logs(run: RunInfo, handlers: list[logging.Handler] | None = None) -> None:
    """Make ``run`` the current run and put its identity on records of ``handlers``.

    ``handlers`` defaults to the root logger's handlers that jobfactory installed
    (:func:`jobfactory_core.logs.configure`); adding the filter twice is harmless.
    """
    global _current
    _current = run
    if handlers is None:
        from jobfactory_core.logs import _HANDLER_FLAG

        handlers = [h for h in logging.getLogger().handlers if getattr(h, _HANDLER_FLAG, False)]
    for handler in handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


def unbind_logs() -> None:
    """Forget the current run (tests; a process that runs several jobs in turn)."""
    global _current
    _current = None
