"""Original pattern with its own factory: main builds it and ignores the return value."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class GreetJob(Job):
    def execute(self, who: str) -> str:
        return f"hi {who}"


class GreetFactory(JobFactory):
    def create_job(self, context: Any) -> GreetJob:
        return GreetJob()


def main(**kwargs: Any) -> None:
    GreetFactory().run(**kwargs)
