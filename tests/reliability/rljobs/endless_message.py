"""A job failing with an exception whose message never comes (``__str__`` waits for ever, as a
Py4J error's does when the JVM it asks has gone quiet); ``--style plain`` raises from main."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from jobfactory_core import Job, JobFactory


class Unprintable(Exception):
    def __str__(self) -> str:
        Path(os.environ["RL_MARKER"]).write_text("rendering the message")
        while time.monotonic() >= 0:  # for ever (a signal ends it)
            time.sleep(0.01)
        return "never"


class EndlessMessageJob(Job):
    def execute(self) -> None:
        raise Unprintable()


class EndlessMessageFactory(JobFactory):
    job_class = EndlessMessageJob


def main(style: str = "factory") -> Any:
    if style == "plain":
        raise Unprintable()
    return EndlessMessageFactory().run()
