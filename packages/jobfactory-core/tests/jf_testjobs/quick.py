"""A quick plain-Python job: returns "done", or raises ValueError("boom") with ``--fail``."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class QuickJob(Job):
    def execute(self, fail: bool = False) -> str:
        if fail:
            raise ValueError("boom")
        return "done"


class QuickFactory(JobFactory):
    job_class = QuickJob


def main(**params: Any) -> Any:
    return QuickFactory().run(**params)
