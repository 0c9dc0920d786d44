"""The summary line stays within MAX_SUMMARY_BYTES by giving up its largest parts first."""

from __future__ import annotations

import json

from jobfactory_core.result import MAX_SUMMARY_BYTES, JobResult, Status
from jobfactory_core.run_info import RunInfo


def _failed(error_type: str, error: str, value: object = None) -> JobResult:
    return JobResult(
        Status.FAILED,
        RunInfo("evil.job", "container"),
        0.1,
        value=value,
        metrics={"rows": 3},
        error_type=error_type,
        error=error,
        exit_code=1,
    )


def test_a_huge_error_gives_up_only_the_error() -> None:
    line, left_out = _failed("ValueError", "x" * 1_000_000, value={"kept": True}).summary_line()
    data = json.loads(line)
    assert len(line.encode()) <= MAX_SUMMARY_BYTES
    assert data["result"] == {"kept": True}
    assert data["metrics"] == {"rows": 3}
    assert data["error_type"] == "ValueError"
    assert data["error"].startswith("<1000002 bytes of JSON")
    assert left_out == ["error (1000002 bytes)"]


def test_a_huge_exception_type_name_still_fits() -> None:
    line, left_out = _failed("E" * 70_000, "small").summary_line()
    data = json.loads(line)
    assert len(line.encode()) <= MAX_SUMMARY_BYTES
    assert data["error"] == "small"
    assert data["exit_code"] == 1
    assert left_out == ["error_type (70002 bytes)"]
