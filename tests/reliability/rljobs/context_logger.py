"""A job that logs and prints its run context and settings (a debugging habit)."""

from __future__ import annotations

import logging
from typing import Any

from jobfactory_core import Job, JobFactory

log = logging.getLogger("rl.context_logger")


class ContextLoggerJob(Job):
    def execute(self) -> str:
        log.warning("context: %r", self.context)
        print(f"settings: {self.context.settings}")
        return "ok"


class ContextLoggerFactory(JobFactory):
    job_class = ContextLoggerJob


def main(**params: Any) -> Any:
    return ContextLoggerFactory().run(**params)
