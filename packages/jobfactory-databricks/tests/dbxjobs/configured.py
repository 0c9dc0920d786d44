"""Returns its parameters, to show where a configuration file put them."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory


class ConfiguredJob(Job):
    def execute(self, table: str, limit: int = 10) -> dict[str, Any]:
        return {"table": table, "limit": limit}


class ConfiguredFactory(JobFactory):
    job_class = ConfiguredJob


def main(**params: Any) -> Any:
    return ConfiguredFactory().run(**params)
