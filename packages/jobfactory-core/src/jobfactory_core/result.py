"""The outcome of one run, serialisable to one JSON line (the entry's summary line)."""

from __future__ import annotations

import enum
import json
from typing import Any

from jobfactory_core._record import Record
from jobfactory_core.jsonable import jsonable, to_json_data
from jobfactory_core.redaction import REDACTOR, Redactor
from jobfactory_core.run_info import RunInfo

__all__ = ["MAX_SUMMARY_BYTES", "JobResult", "Status", "jsonable", "parse_summary"]

#: The longest summary line, in bytes of UTF-8. Log pipelines cut longer lines (a CloudWatch
#: Logs event holds 256 KiB; container runtimes split lines, Kubernetes at 16 KiB), and an
#: orchestrator that reads a cut line finds no summary at all.
MAX_SUMMARY_BYTES = 64 * 1024


class Status(str, enum.Enum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"


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
        "_json",
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
        self._json: tuple[Any, Any] | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is Status.SUCCEEDED

    def to_dict(self, redactor: Redactor = REDACTOR) -> dict[str, Any]:
        """The summary-line shape, with secrets masked; strict JSON data (see ``jsonable``)."""
        value, metrics = self._json_parts()
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
            "result": value,
            "metrics": metrics,
        }
        if self.error is not None:
            data["error_type"] = self.error_type
            data["error"] = self.error
        redacted: dict[str, Any] = redactor.redact_obj(data)
        return redacted

    def _json_parts(self) -> tuple[Any, Any]:
        """The value and metrics converted once per result; a lossy conversion warns once."""
        if self._json is None:
            value, warnings = to_json_data(self.value, "result")
            metrics, more = to_json_data(self.metrics, "metrics")
            if warnings or more:
                from jobfactory_core.logs import get_logger

                for warning in warnings + more:
                    get_logger("result").warning(REDACTOR.redact(warning))
            self._json = (value, metrics)
        return self._json

    def to_json(self, redactor: Redactor = REDACTOR) -> str:
        """One strict JSON line (RFC 8259: no NaN or Infinity); masked."""
        return redactor.redact(json.dumps(self.to_dict(redactor), allow_nan=False))

    def summary_line(self, max_bytes: int = MAX_SUMMARY_BYTES) -> tuple[str, list[str]]:
        """:meth:`to_json` within ``max_bytes``, and what was left out to fit, if anything.

        The largest of ``result``, ``metrics``, ``error`` and ``error_type`` is replaced first
        by a string saying how large it was, then the next, until the line fits; a small part
        is never given up for a large one. The run's status, identity and exit code remain.
        """
        line = self.to_json()
        if len(line.encode()) <= max_bytes:
            return line, []
        data = json.loads(line)
        sizes = {
            key: len(json.dumps(data[key]).encode())
            for key in ("result", "metrics", "error", "error_type")
            if key in data
        }
        left_out: list[str] = []
        for key in sorted(sizes, key=sizes.__getitem__, reverse=True):
            data[key] = f"<{sizes[key]} bytes of JSON: too large for the summary line>"
            left_out.append(f"{key} ({sizes[key]} bytes)")
            line = json.dumps(data)
            if len(line.encode()) <= max_bytes:
                break
        return line, left_out
