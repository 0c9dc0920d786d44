"""A Python job that stages part of its output, then works for a long time (signals arrive)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory
from jobfactory_core.output import atomic_output
from reliability.rljobs.record import record


class SlowJob(Job):
    def execute(self, output_path: str, seconds: float = 120) -> dict[str, Any]:
        with atomic_output(output_path) as staged:
            Path(staged).mkdir()
            (Path(staged) / "part-0").write_text("first half\n")
            Path(os.environ["RL_MARKER"]).write_text("working")
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:  # pure Python work, interruptible
                sum(range(10_000))
            (Path(staged) / "part-1").write_text("second half\n")
        return {"output_path": output_path}

    def on_success(self, result: Any, context: JobContext) -> None:
        record("on_success")

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        record("on_failure", error_type=type(error).__name__)


class SlowFactory(JobFactory):
    job_class = SlowJob


def main(**params: Any) -> Any:
    return SlowFactory().run(**params)
