"""Does nothing but report what it received: the cheapest possible dispatch."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class NoopJob(Job):
    """Returns the parameters it was given and where it ran."""

    def execute(self, **params: Any) -> dict[str, Any]:
        return {
            "service_provider": self.context.service_provider,
            "has_spark": self.context.has_spark,
            "params": dict(sorted(params.items())),
        }


class NoopJobFactory(JobFactory):
    job_class = NoopJob


def main(**params: Any) -> Any:
    return NoopJobFactory().run(**params)
