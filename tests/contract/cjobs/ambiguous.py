"""Two factories and a main that picks one at run time: --help needs FACTORY to know."""

from typing import Any

from jobfactory_core import Job, JobFactory


class AJob(Job):
    def execute(self, x: int = 1) -> int:
        return x


class AFactory(JobFactory):
    job_class = AJob


class BFactory(JobFactory):
    job_class = AJob


def _pick(fast: bool) -> type[JobFactory]:
    return AFactory if fast else BFactory


def main(**params: Any) -> Any:
    return _pick(params.pop("fast", "") == "true")().run(**params)
