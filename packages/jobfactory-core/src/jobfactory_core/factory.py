"""JobFactory: bind parameters, build the job's dependencies, run it, report the outcome."""

from __future__ import annotations

import time
import typing
from typing import Any, ClassVar

from jobfactory_core.binding import BoundParams, Signature, bind, signature_of, strict_from_env
from jobfactory_core.context import CONTEXT_KEY, INJECTED, JobContext, current_context
from jobfactory_core.errors import (
    JobNotFoundError,
    describe,
    exit_code_for,
    is_clean_exit,
)
from jobfactory_core.job import Job
from jobfactory_core.logs import get_logger
from jobfactory_core.notify import Event, EventKind
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.result import JobResult, Status
from jobfactory_core.signals import as_interruption

log = get_logger("factory")


class JobFactory:
    """Assembles and runs one kind of job.

    Set ``job_class`` (or annotate ``create_job``'s return type) and override
    :meth:`create_job` to inject dependencies built from the context. A module's ``main`` is
    then ``return MyFactory().run(**params)``.
    """

    job_class: ClassVar[type[Job] | None] = None
    #: Unknown parameters are errors rather than warnings (also ``JOBFACTORY_STRICT_PARAMS=1``).
    strict_params: ClassVar[bool] = False

    def create_job(self, context: JobContext) -> Job:
        """Build the job with its dependencies. The default instantiates ``job_class``."""
        return self.get_job_class()()

    # -- introspection (used by --help and --explain too) ---------------------------------
    def get_job_class(self) -> type[Job]:
        if self.job_class is not None:
            return self.job_class
        try:
            returned = typing.get_type_hints(type(self).create_job).get("return")
        except Exception:  # an annotation importable only under TYPE_CHECKING
            returned = None
        if isinstance(returned, type) and issubclass(returned, Job) and returned is not Job:
            return returned
        factory = f"{type(self).__module__}.{type(self).__qualname__}"
        raise JobNotFoundError(
            f"{factory} does not say which Job it runs: set job_class = YourJob on it, or "
            "annotate create_job's return type (def create_job(self, context) -> YourJob)"
        )

    def signature(self) -> Signature:
        return signature_of(self.get_job_class().execute)

    def is_strict(self) -> bool:
        return self.strict_params or strict_from_env()

    def bind(self, params: dict[str, Any], context: JobContext) -> BoundParams:
        """Bind raw values to ``execute``; injected and platform-reserved names never count."""
        ignore = INJECTED | set(context.reserved)
        return bind(params, self.signature(), strict=self.is_strict(), ignore=ignore)

    # -- lifecycle ------------------------------------------------------------------------
    def run(self, **params: Any) -> JobResult:
        """Run the whole lifecycle; a failure anywhere reaches on_failure and the notifiers,
        then propagates with its own type and traceback."""
        context = params.pop(CONTEXT_KEY, None)
        if not isinstance(context, JobContext):
            context = current_context()  # called by a plain main the entry is running
        if not isinstance(context, JobContext):
            # Called directly (no entry point): this run owns the context, so it closes it
            # (stopping a Spark session only if one was created for it).
            context = JobContext.local(job=type(self).__module__)
            try:
                return self._run(context, params)
            finally:
                context.close()
        return self._run(context, params)

    def _run(self, context: JobContext, params: dict[str, Any]) -> JobResult:
        started = time.monotonic()
        job: Job | None = None
        job_class: type[Job] | None = None
        try:
            job_class = self.get_job_class()
            bound = self.bind(params, context)
            for warning in bound.warnings:
                log.warning(warning)
            if job_class.requires_spark and not context.has_spark:
                context.spark()  # raises EnvironmentUnavailableError with the fix
            context.announce(bound.kwargs)
            job = self.create_job(context)
            try:
                value = job.run(context, bound.kwargs)
            except SystemExit as exit_:
                if not is_clean_exit(exit_):
                    raise
                value = None  # sys.exit(0) from a job: it ended successfully
        except BaseException as error:
            seen = as_interruption(error)
            result = self._result(context, started, Status.FAILED, error=seen)
            hook_target = job if job is not None else _bare(job_class)
            if hook_target is not None:
                _call_hook(hook_target.on_failure, seen, context)
            context.notifier.notify(Event.failure(context.run, result.to_dict(), seen))
            context.last_result = result
            context.announced = False
            raise
        result = self._result(context, started, Status.SUCCEEDED, value=value)
        _call_hook(job.on_success, value, context)
        context.notifier.notify(Event(EventKind.SUCCEEDED, context.run, result.to_dict()))
        context.last_result = result
        context.announced = False
        return result

    def _result(
        self,
        context: JobContext,
        started: float,
        status: Status,
        *,
        value: Any = None,
        error: BaseException | None = None,
    ) -> JobResult:
        return JobResult(
            status=status,
            run=context.run,
            duration_s=time.monotonic() - started,
            value=value,
            metrics=dict(context.metrics),
            error_type=type(error).__name__ if error is not None else None,
            error=REDACTOR.redact(describe(error)) if error is not None else None,
            exit_code=exit_code_for(error) if error is not None else 0,
        )


def _bare(job_class: type[Job] | None) -> Job | None:
    """An instance for hooks when the failure came before the job could be built."""
    if job_class is None:
        return None
    try:
        return job_class.__new__(job_class)
    except Exception:
        return None


def _call_hook(hook: Any, outcome: Any, context: JobContext) -> None:
    try:
        hook(outcome, context)
    except (Exception, SystemExit) as error:  # a failing hook never changes the outcome
        log.warning(
            "hook %s failed: %s: %s",
            getattr(hook, "__qualname__", hook),
            type(error).__name__,
            REDACTOR.redact(describe(error)),
        )
