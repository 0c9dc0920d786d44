"""Two JobFactory classes (a base and the real one); main shows which it runs."""

from typing import Any

from jobfactory_core import Job, JobFactory


class CountJob(Job):
    """Counts to a number."""

    def execute(self, upto: int, label: str = "n") -> dict[str, Any]:
        return {label: list(range(upto))}


class BaseFactory(JobFactory):
    strict_params = True


class CountFactory(BaseFactory):
    job_class = CountJob


def main(**params: Any) -> Any:
    return CountFactory().run(**params)
