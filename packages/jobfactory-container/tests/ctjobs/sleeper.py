"""Sleeps until interrupted; hooks and a notifier write marker files so tests can see them."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from jobfactory_core import Job, JobContext, JobFactory
from jobfactory_core.notify import Event


class MarkerNotifier:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def notify(self, event: Event) -> None:
        (self.directory / f"event-{event.kind.value}").write_text(event.error_type or "")


class SleeperJob(Job):
    def execute(self, markers: Path, seconds: float = 30.0) -> str:
        self.markers = markers
        print("ready", file=sys.stderr, flush=True)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
        return "slept"

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        (self.markers / "on_failure").write_text(type(error).__name__)


class SleeperFactory(JobFactory):
    job_class = SleeperJob


def main(jobfactory_context: JobContext, **params: Any) -> Any:
    context = jobfactory_context
    context.notifier.add(MarkerNotifier(Path(params["markers"])))
    os.environ["SLEEPER_PID"] = str(os.getpid())
    return SleeperFactory().run(**params)
