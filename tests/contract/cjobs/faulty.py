"""Faults in reporting: an exception whose __str__ raises; a result whose __repr__ raises."""

import sys
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory


class Unprintable(Exception):
    def __str__(self) -> str:
        raise ValueError("__str__ exploded")


class Unrepresentable:
    def __repr__(self) -> str:
        raise ValueError("__repr__ exploded")


class FaultyJob(Job):
    def execute(self, mode: str) -> Any:
        if mode == "str":
            raise Unprintable()
        return {"value": Unrepresentable()}

    def on_success(self, result: Any, context: JobContext) -> None:
        print("hook: on_success", file=sys.stderr)

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        print(f"hook: on_failure {type(error).__name__}", file=sys.stderr)


class FaultyFactory(JobFactory):
    job_class = FaultyJob


def main(**params: Any) -> Any:
    return FaultyFactory().run(**params)
