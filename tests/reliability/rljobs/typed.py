"""A job with typed parameters that does nothing with them (for arbitrary command lines)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobfactory_core import Job, JobFactory


class TypedJob(Job):
    def execute(
        self, name: str, times: int = 1, dry_run: bool = False, day: dt.date | None = None
    ) -> dict[str, Any]:
        return {"name": name, "times": times, "dry_run": dry_run, "day": day}


class TypedFactory(JobFactory):
    job_class = TypedJob


def main(**params: Any) -> Any:
    return TypedFactory().run(**params)
