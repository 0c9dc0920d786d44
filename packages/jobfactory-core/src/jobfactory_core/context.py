"""The environment context a job's dependencies are built from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jobfactory_core._record import Record
from jobfactory_core.errors import EnvironmentUnavailableError
from jobfactory_core.notify import Event, EventKind, Notifiers
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import RunInfo
from jobfactory_core.spark import SparkSessionProvider

#: Parameter names the entry point injects; never "unknown", never job input by accident.
SERVICE_PROVIDER = "service_provider"
HAS_SPARK = "has_spark"
CONTEXT_KEY = "jobfactory_context"
INJECTED: frozenset[str] = frozenset({SERVICE_PROVIDER, HAS_SPARK, CONTEXT_KEY})

#: The run the entry is executing: a factory that a plain ``main`` calls joins it through this
#: (same run id, one ``started`` event) without being handed a keyword argument.
_CURRENT: ContextVar[JobContext | None] = ContextVar("jobfactory_context", default=None)


def current_context() -> JobContext | None:
    """The context of the run in progress in this thread of control, if any."""
    return _CURRENT.get()


@contextmanager
def running(context: JobContext) -> Iterator[JobContext]:
    """Make ``context`` the current run for the duration of the block."""
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)


class JobContext(Record):
    """Where and as what a job runs: platform, run identity, Spark, secrets, notifier.

    ``spark()`` is lazy: it reuses the platform's or caller's active session and otherwise
    builds one; :meth:`close` stops only a session the context created. ``extras`` holds
    platform objects (GlueContext, dbutils, ...) behind each package's typed accessors.
    """

    __slots__ = (
        "announced",
        "extras",
        "has_spark",
        "last_result",
        "metrics",
        "notifier",
        "run",
        "service_provider",
        "settings",
        "spark_missing",
        "spark_provider",
    )

    def __init__(
        self,
        service_provider: str,
        has_spark: bool,
        run: RunInfo,
        *,
        spark_provider: SparkSessionProvider | None = None,
        notifier: Notifiers | None = None,
        settings: dict[str, Any] | None = None,
        metrics: dict[str, Any] | None = None,
        extras: dict[str, Any] | None = None,
    ) -> None:
        self.service_provider = service_provider
        self.has_spark = has_spark
        self.run = run
        self.spark_provider = (
            spark_provider if spark_provider is not None else (SparkSessionProvider())
        )
        self.notifier = notifier if notifier is not None else Notifiers()
        self.settings: dict[str, Any] = settings if settings is not None else {}
        self.metrics: dict[str, Any] = metrics if metrics is not None else {}
        self.extras: dict[str, Any] = extras if extras is not None else {}
        #: The result of the last factory run here (the entry reads it for its summary).
        self.last_result: Any = None
        #: True once a ``started`` event went out for the current run (the entry sends it
        #: for a plain ``main(**kwargs)`` module; a factory that module calls must not).
        self.announced = False
        #: The environment's line for a job that needs Spark where there is none (see
        #: :meth:`~jobfactory_core.environment.Environment.spark_missing`), else core's.
        self.spark_missing: str | None = None

    @property
    def job_name(self) -> str:
        return self.run.job

    @property
    def run_id(self) -> str:
        return self.run.run_id

    @property
    def environment(self) -> str | None:
        return self.run.environment

    @property
    def reserved(self) -> Mapping[str, str]:
        """The platform's own arguments (never passed to the job as parameters)."""
        return self.run.platform_args

    def spark(self) -> Any:
        """The SparkSession for this run (created on first use)."""
        if not self.has_spark:
            if self.spark_missing:
                raise EnvironmentUnavailableError(self.spark_missing)
            from jobfactory_core.spark import pyspark_available

            if not pyspark_available():
                raise EnvironmentUnavailableError(
                    f"this job needs Spark but pyspark is not installed on "
                    f"{self.service_provider}: pip install 'jobfactory-container[spark]', "
                    "or run it on Databricks or Glue"
                )
            raise EnvironmentUnavailableError(
                "this job needs Spark but Spark was switched off (--has_spark false or "
                "JOBFACTORY_HAS_SPARK=false): drop that setting to run it"
            )
        session = self.spark_provider.session()
        from jobfactory_core.signals import reclaim

        reclaim()  # starting a SparkContext replaces the SIGINT handler with pyspark's
        return session

    def secret(self, reference: str) -> str:
        """Resolve ``secret://PROVIDER/PATH`` now; the value is registered for redaction.

        For secrets a job needs only sometimes; a secret every run needs is better passed as
        a parameter (``--db_password secret://...``), which fails before anything runs.
        """
        from jobfactory_core.errors import ConfigError
        from jobfactory_core.secrets import SCHEME, resolve_registered

        if not reference.startswith(SCHEME):
            raise ConfigError(f"{reference!r} is not a secret reference (secret://PROVIDER/PATH)")
        return resolve_registered(reference, self.extras.setdefault("secret_providers", {}))

    def announce(self, params: Mapping[str, Any]) -> None:
        """Send the run's ``started`` event with redacted ``params``, once per run.

        The entry announces a plain ``main(**kwargs)`` run; a factory announces its own run
        unless that already happened. The factory clears ``announced`` when the run ends.
        """
        if self.announced:
            return
        from jobfactory_core.jsonable import preview

        shown = {"params": preview(REDACTOR.redact_params(params))}
        self.notifier.notify(Event(EventKind.STARTED, self.run, shown))
        self.announced = True

    def metric(self, name: str, value: Any) -> None:
        """Record a metric; it appears in the result, the summary line and events."""
        self.metrics[name] = value

    def close(self) -> None:
        """Release what the run created (the Spark session, if jobfactory built it)."""
        self.spark_provider.stop()

    @classmethod
    def local(cls, job: str = "local", *, has_spark: bool | None = None) -> JobContext:
        """A context for calling a factory directly (notebooks, tests, a plain ``python``)."""
        from jobfactory_core.spark import pyspark_available

        return cls(
            service_provider="container",
            has_spark=pyspark_available() if has_spark is None else has_spark,
            run=RunInfo(job=job, service_provider="container"),
        )
