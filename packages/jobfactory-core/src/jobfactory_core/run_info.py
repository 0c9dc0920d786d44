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


def new_run_id() -> str:
    """A random run id for platforms that give none (16 hex digits, no imports needed)."""
    return os.urandom(8).hex()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class RunInfo(Record):
    """Identity of one run; the platform's ids where it gives them, else generated ones.

    ``platform_args`` holds the arguments the platform passed for itself (Glue's JOB_NAME, a
    task key, ...), verbatim.
    """

    __slots__ = (
        "attempt",
        "environment",
        "job",
        "platform_args",
        "run_id",
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
