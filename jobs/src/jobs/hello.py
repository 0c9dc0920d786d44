"""Greets someone: typed parameters, coercion and validation without Spark."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobfactory_core import Job, JobFactory


class HelloJob(Job):
    """Say hello NAME, TIMES times, optionally shouting, optionally since a date."""

    def execute(
        self, name: str, times: int = 1, shout: bool = False, start: dt.date | None = None
    ) -> dict[str, Any]:
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        greeting = f"Hello, {name}!"
        if shout:
            greeting = greeting.upper()
        lines = [greeting] * times
        if start is not None:
            days = (dt.datetime.now(dt.timezone.utc).date() - start).days
            lines.append(f"({days} days since {start.isoformat()})")
        for line in lines:
            print(line)
        return {"greeting": greeting, "times": times, "lines": len(lines)}


class HelloJobFactory(JobFactory):
    job_class = HelloJob


def main(**params: Any) -> Any:
    return HelloJobFactory().run(**params)
