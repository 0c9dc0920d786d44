"""A job that fails, then takes its time in ``on_failure`` (sending a report, say)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory
from reliability.rljobs.record import record


class SlowHookJob(Job):
    def execute(self) -> None:
        raise ValueError("the input had no rows")

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        record("on_failure", error_type=type(error).__name__)
        Path(os.environ["RL_MARKER"]).write_text("reporting")
        time.sleep(120)


class SlowHookFactory(JobFactory):
    job_class = SlowHookJob


def main(**params: Any) -> Any:
    return SlowHookFactory().run(**params)
