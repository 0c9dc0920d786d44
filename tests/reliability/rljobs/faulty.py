"""A job that fails on demand at one lifecycle stage (``RL_FAULT``) and records its hooks."""

from __future__ import annotations

import sys
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory
from reliability.rljobs.record import fault, record


class BadStr(Exception):
    """An exception whose ``__str__`` itself raises."""

    def __str__(self) -> str:
        raise RuntimeError("__str__ failed")


class BadRepr:
    """A result whose ``__repr__`` (and ``__str__``) raise."""

    def __repr__(self) -> str:
        raise RuntimeError("__repr__ failed")

    __str__ = __repr__


class FaultyJob(Job):
    """Does nothing unless told to fail."""

    def execute(self, label: str = "ok") -> Any:
        record("execute")
        injected = fault()
        if injected == "execute:ValueError":
            raise ValueError("injected in execute")
        if injected == "execute:KeyboardInterrupt":
            raise KeyboardInterrupt
        if injected.startswith("execute:exit"):
            sys.exit(int(injected.removeprefix("execute:exit")))
        if injected == "execute:BadStr":
            raise BadStr
        if injected == "execute:BadRepr":
            return {"value": BadRepr()}
        if injected == "spark":
            self.context.spark()
        if injected == "on_failure:raises":
            raise ValueError("injected in execute")
        return {"label": label}

    def on_success(self, result: Any, context: JobContext) -> None:
        record("on_success")
        if fault() == "on_success:raises":
            raise RuntimeError("injected in on_success")

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        record("on_failure", error_type=type(error).__name__)
        if fault() == "on_failure:raises":
            raise RuntimeError("injected in on_failure")


class FaultyFactory(JobFactory):
    job_class = FaultyJob

    def create_job(self, context: JobContext) -> FaultyJob:
        if fault() == "create_job:raises":
            raise RuntimeError("injected in create_job")
        return FaultyJob()


def main(**params: Any) -> Any:
    return FaultyFactory().run(**params)
