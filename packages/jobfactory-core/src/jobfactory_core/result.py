"""The outcome of one run, serialisable to one JSON line (the entry's summary line)."""

from __future__ import annotations

import datetime as dt
import enum
import json
import pathlib
from typing import Any

from jobfactory_core._record import Record
from jobfactory_core.redaction import REDACTOR, Redactor
from jobfactory_core.run_info import RunInfo


class Status(str, enum.Enum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"


def jsonable(value: Any) -> Any:
    """Best-effort conversion of a job's return value into JSON-compatible data."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, pathlib.PurePath):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    to_dict = getattr(value, "to_dict", None) or getattr(value, "_asdict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return jsonable(dataclasses.asdict(value))
    return repr(value)


def parse_summary(stdout: str, *, anywhere: bool = False) -> dict[str, Any] | None:
    """An entry point's JSON summary from its stdout, or None when there is none.

    The summary is the last non-empty line. ``anywhere`` accepts the last summary line
    followed by other output, for streams another writer shares (``spark-submit`` merges the
    driver's stderr into its stdout).
    """
    lines = [line for line in stdout.splitlines() if line.strip()]
    for line in reversed(lines) if anywhere else lines[-1:]:
        if line.startswith('{"status"'):
            try:
                loaded = json.loads(line)
            except ValueError:
                continue
            if isinstance(loaded, dict):
                return loaded
    return None


class JobResult(Record):
    """Status, the value ``execute`` returned, duration, run identity and metrics."""

    __slots__ = (
        "duration_s",
        "error",
        "error_type",
        "exit_code",
        "metrics",
        "run",
        "status",
        "value",
    )

    def __init__(
        self,
        status: Status,
        run: RunInfo,
        duration_s: float,
        *,
        value: Any = None,
        metrics: dict[str, Any] | None = None,
        error_type: str | None = None,
        error: str | None = None,
        exit_code: int = 0,
    ) -> None:
        self.status = status
        self.run = run
        self.duration_s = duration_s
        self.value = value
        self.metrics: dict[str, Any] = metrics if metrics is not None else {}
        self.error_type = error_type
        self.error = error
        self.exit_code = exit_code

    @property
    def succeeded(self) -> bool:
        return self.status is Status.SUCCEEDED

    def to_dict(self, redactor: Redactor = REDACTOR) -> dict[str, Any]:
        """The summary-line shape, with secrets masked."""
        data: dict[str, Any] = {
            "status": self.status.value,
            "job": self.run.job,
            "service_provider": self.run.service_provider,
            "run_id": self.run.run_id,
            "attempt": self.run.attempt,
            "environment": self.run.environment,
            "started_at": self.run.started_at.isoformat(),
            "duration_s": round(self.duration_s, 3),
            "exit_code": self.exit_code,
            "result": jsonable(self.value),
            "metrics": jsonable(self.metrics),
        }
        if self.error is not None:
            data["error_type"] = self.error_type
            data["error"] = self.error
        redacted: dict[str, Any] = redactor.redact_obj(data)
        return redacted

    def to_json(self, redactor: Redactor = REDACTOR) -> str:
        return redactor.redact(json.dumps(self.to_dict(redactor), default=str))
