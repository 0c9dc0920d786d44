"""A job whose parameter is named like an entry option (chosen by --owned)."""

import os

from jobfactory_core import Job, JobFactory

NAME = os.environ.get("CONTRACT_OWNED_NAME", "env")

namespace: dict[str, object] = {}
exec(  # builds execute with the parameter name under test
    f"def execute(self, {NAME}: str = 'dev') -> str:\n    return {NAME}\n", namespace
)
OwnsJob = type("OwnsJob", (Job,), {"execute": namespace["execute"]})


class OwnsFactory(JobFactory):
    job_class = OwnsJob


def main(**params: object) -> object:
    return OwnsFactory().run(**params)
