"""Databricks run identity from dynamic value references passed as task parameters.

A task passes ``--run_id={{job.run_id}} --attempt={{task.execution_count}}`` (and ``job_id``,
``task_key``, ``start_time``); Databricks substitutes them before the process starts. They are
the run's identity (summary line, logs, events), never job parameters. A reference Databricks
left as it was (misspelt, or in a field that is not substituted) is a parameter error naming
the argument, so a run is never recorded under the literal id ``{{job.run_id}}``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from jobfactory_core.errors import ParameterError

#: The reserved argument for each piece of identity, and the reference that fills it.
REFERENCES: dict[str, str] = {
    "run_id": "{{job.run_id}}",
    "job_id": "{{job.id}}",
    "task_key": "{{task.name}}",
    "attempt": "{{task.execution_count}}",
    "start_time": "{{job.start_time.iso_datetime}}",
}
UNRESOLVED = re.compile(r"\{\{.*?\}\}")


class Identity:
    """What the references said; ``None`` where a reference was not passed."""

    __slots__ = ("attempt", "job_id", "run_id", "started_at", "task_key")

    def __init__(self) -> None:
        self.run_id: str | None = None
        self.job_id: str | None = None
        self.task_key: str | None = None
        self.attempt: int | None = None
        self.started_at: dt.datetime | None = None


def _attempt(raw: str) -> int:
    """``{{task.execution_count}}`` counts this execution, so a first run is 1 (0 reads as 1)."""
    try:
        count = int(raw.strip())
    except ValueError:
        raise ParameterError(
            f"--attempt: {raw!r} is not a whole number "
            "(pass --attempt={{task.execution_count}})"
        ) from None
    if count < 0:
        raise ParameterError(f"--attempt: {raw!r} is negative")
    return max(1, count)


def _start_time(raw: str) -> dt.datetime:
    """ISO 8601 (``iso_datetime``) or epoch milliseconds (``timestamp_ms``); naive means UTC."""
    from jobfactory_core.coercion import CoercionError, coerce

    text = raw.strip()
    try:
        if text.isdigit():
            return dt.datetime.fromtimestamp(int(text) / 1000, tz=dt.timezone.utc)
        parsed: dt.datetime = coerce(text, dt.datetime)  # core's ISO grammar, on every Python
    except (CoercionError, ValueError, OverflowError, OSError):
        raise ParameterError(
            f"--start_time: {raw!r} is not an ISO date-time "
            "(pass --start_time={{job.start_time.iso_datetime}})"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.timezone.utc)


def read_identity(reserved: Mapping[str, str]) -> Identity:
    """The identity in ``reserved``; every unresolved reference is reported at once."""
    from jobfactory_core.argv import BareFlag

    problems = []
    for name, value in reserved.items():
        if isinstance(value, BareFlag):
            problems.append(f"--{name} needs a value: --{name}={REFERENCES[name]}")
            continue
        match = UNRESOLVED.search(value)
        if match:
            problems.append(
                f"--{name} holds the unresolved reference {match.group(0)!r}: Databricks did "
                f"not substitute it (check its spelling: --{name}={REFERENCES[name]} in the "
                "task's parameters)"
            )
    if problems:
        raise ParameterError(problems)
    identity = Identity()
    identity.run_id = (reserved.get("run_id") or "").strip() or None
    identity.job_id = (reserved.get("job_id") or "").strip() or None
    identity.task_key = (reserved.get("task_key") or "").strip() or None
    if reserved.get("attempt"):
        identity.attempt = _attempt(reserved["attempt"])
    if reserved.get("start_time"):
        identity.started_at = _start_time(reserved["start_time"])
    return identity
