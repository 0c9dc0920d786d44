"""A factory job and a plain main that call sys.exit with the code they are given."""

import sys
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory

HOOKS: list[str] = []


class ExitJob(Job):
    def execute(self, code: str = "none") -> str:
        print("did some work")
        sys.exit(_code(code))

    def on_success(self, result: Any, context: JobContext) -> None:
        print("hook: on_success", file=sys.stderr)

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        print(f"hook: on_failure {type(error).__name__}", file=sys.stderr)


class ExitFactory(JobFactory):
    job_class = ExitJob


def _code(code: str) -> Any:
    if code == "none":
        return None
    return int(code) if code.lstrip("-").isdigit() else code


def main(**params: Any) -> Any:
    if params.get("plain") == "true":
        print("did some work")
        sys.exit(_code(params.get("code", "none")))
    return ExitFactory().run(**params)
