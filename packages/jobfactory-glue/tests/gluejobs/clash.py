"""A job that declares one of Glue's own argument names as a parameter (refused when loaded)."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class ClashJob(Job):
    def execute(self, TempDir: str) -> str:
        return TempDir


class ClashFactory(JobFactory):
    job_class = ClashJob


def main(**params: Any) -> Any:
    return ClashFactory().run(**params)
