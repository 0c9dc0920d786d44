"""Greets someone (the README's first job)."""

from datetime import date
from typing import Any

from jobfactory_core import Job, JobFactory


class GreetJob(Job):
    """Greets someone, possibly several times."""

    def execute(
        self, name: str, times: int = 1, since: date | None = None, loud: bool = False
    ) -> dict[str, Any]:
        greeting = f"Hello, {name}!"
        return {"greeted": greeting.upper() if loud else greeting, "times": times, "len": len(name)}


class GreetFactory(JobFactory):
    job_class = GreetJob


def main(**params: Any) -> Any:
    return GreetFactory().run(**params)
