"""A job that declares it needs Spark (exit 3 where there is none)."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class NeedsSpark(Job):
    requires_spark = True

    def execute(self) -> int:
        return 1


class NeedsSparkFactory(JobFactory):
    job_class = NeedsSpark


def main(**params: Any) -> Any:
    return NeedsSparkFactory().run(**params)
