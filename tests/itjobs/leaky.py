"""A careless job: logs, prints and raises with its password inside. Nothing may leak."""

from __future__ import annotations

import logging
from typing import Any

from jobfactory_core import Job, JobFactory

log = logging.getLogger(__name__)


class LeakyJob(Job):
    def execute(self, db_password: str, user: str = "etl") -> None:
        dsn = f"postgresql://{user}:{db_password}@db:5432/sales"
        log.info("connecting to %s", dsn)
        print(f"debug: dsn={dsn}")
        raise ConnectionError(f"could not connect to {dsn}")


class LeakyFactory(JobFactory):
    job_class = LeakyJob


def main(**params: Any) -> Any:
    return LeakyFactory().run(**params)
