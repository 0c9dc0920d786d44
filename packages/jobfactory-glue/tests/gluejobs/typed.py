"""A factory job with typed parameters, to show Glue's argv binds exactly as the container's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobfactory_core import Job, JobFactory


class TypedJob(Job):
    def execute(
        self, day: dt.date, limit: int = 10, ratio: float = 0.5, tags: list[str] | None = None
    ) -> dict[str, Any]:
        return {"day": day.isoformat(), "limit": limit, "ratio": ratio, "tags": tags}


class TypedFactory(JobFactory):
    job_class = TypedJob


def main(**params: Any) -> Any:
    return TypedFactory().run(**params)
