"""A job whose execute takes **kwargs: unknown parameters land there."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class KwJob(Job):
    def execute(self, known: int = 0, **rest: Any) -> dict[str, Any]:
        return {"known": known, "rest": rest}


class KwFactory(JobFactory):
    job_class = KwJob
    strict_params = True


def main(**params: Any) -> Any:
    return KwFactory().run(**params)
