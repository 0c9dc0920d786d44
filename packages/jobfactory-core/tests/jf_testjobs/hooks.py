"""A job whose behaviour is steered by parameters, with hooks and a notifier that record."""

from __future__ import annotations

import os
import signal
import time
from typing import Any, ClassVar

from jf_testjobs.recorder import record
from jobfactory_core import Job, JobContext, JobFactory
from jobfactory_core.notify import Event


class DependencyBroke(RuntimeError):
    pass


class JobBroke(ValueError):
    pass


class RecordingNotifier:
    def notify(self, event: Event) -> None:
        record(f"notify:{event.kind.value}", event)


class ExplodingNotifier:
    def notify(self, event: Event) -> None:
        raise OSError("notifier endpoint down")


class HookJob(Job):
    """Fails, succeeds or waits for a signal on request."""

    fail_hooks: ClassVar[bool] = False

    def __init__(self, resource: str) -> None:
        self.resource = resource

    def execute(self, mode: str = "ok", secret_word: str = "") -> str:
        record("execute", mode)
        if mode == "fail":
            raise JobBroke(f"job broke (word was {secret_word})")
        if mode == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        return f"done with {self.resource}"

    def on_success(self, result: Any, context: JobContext) -> None:
        record("on_success", result)
        if self.fail_hooks:
            raise RuntimeError("success hook broke")

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        record("on_failure", error)
        if self.fail_hooks:
            raise RuntimeError("failure hook broke")


class HookFactory(JobFactory):
    job_class = HookJob
    break_dependency: ClassVar[bool] = False

    def create_job(self, context: JobContext) -> HookJob:
        record("create_job", context.service_provider)
        if self.break_dependency:
            raise DependencyBroke("database unreachable")
        return HookJob(resource="db")


def main(jobfactory_context: JobContext | None = None, **params: Any) -> Any:
    context = jobfactory_context
    if isinstance(context, JobContext):
        context.notifier.add(RecordingNotifier())
    return HookFactory().run(**params)
