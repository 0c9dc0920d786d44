"""``jobs.daily_revenue`` unchanged, with hooks that record when they run."""

from __future__ import annotations

from typing import Any

from jobfactory_core import JobContext, JobFactory
from jobs.daily_revenue import DailyRevenueJob
from reliability.rljobs.record import record


class RecordedDailyRevenueJob(DailyRevenueJob):
    def on_success(self, result: Any, context: JobContext) -> None:
        record("on_success")

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        record("on_failure", error_type=type(error).__name__)


class RecordedDailyRevenueFactory(JobFactory):
    job_class = RecordedDailyRevenueJob


def main(**params: Any) -> Any:
    return RecordedDailyRevenueFactory().run(**params)
