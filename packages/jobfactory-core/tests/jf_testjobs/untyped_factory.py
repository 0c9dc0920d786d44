"""A factory that never says which Job it builds (no job_class, no return annotation)."""

from typing import Any

from jobfactory_core import Job, JobFactory


class Hello(Job):
    def execute(self, name: str = "x") -> str:
        return name


class HelloFactory(JobFactory):
    def create_job(self, context: Any):  # type: ignore[no-untyped-def]
        return Hello()


def main(**params: Any) -> Any:
    return HelloFactory().run(**params)
