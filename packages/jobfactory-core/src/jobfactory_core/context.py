"""The environment context a job's dependencies are built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jobfactory_core.errors import EnvironmentUnavailableError
from jobfactory_core.notify import Notifiers
from jobfactory_core.run_info import RunInfo
from jobfactory_core.spark import SparkSessionProvider

#: Parameter names the entry point injects; never "unknown", never job input by accident.
SERVICE_PROVIDER = "service_provider"
HAS_SPARK = "has_spark"
CONTEXT_KEY = "jobfactory_context"
INJECTED: frozenset[str] = frozenset({SERVICE_PROVIDER, HAS_SPARK, CONTEXT_KEY})


@dataclass
class JobContext:
    """Where and as what a job runs: platform, run identity, Spark, secrets, notifier.

    ``spark()`` is lazy: it reuses the platform's or caller's active session and otherwise
    builds one; :meth:`close` stops only a session the context created.
    """

    service_provider: str
    has_spark: bool
    run: RunInfo
    spark_provider: SparkSessionProvider = field(default_factory=SparkSessionProvider)
    notifier: Notifiers = field(default_factory=Notifiers)
    settings: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    #: Platform objects (GlueContext, dbutils, ...) behind the typed accessors of each package.
    extras: dict[str, Any] = field(default_factory=dict)
    #: The result of the last factory run in this context (the entry reads it for its summary).
    last_result: Any = None
    #: True once a ``started`` event went out for the current run (the entry sends it for a
    #: plain ``main(**kwargs)`` module; a factory that module calls must not send it again).
    announced: bool = False

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
            raise EnvironmentUnavailableError(
                f"this job needs Spark but has_spark is false on {self.service_provider}: "
                "install pyspark (pip install 'jobfactory-container[spark]'), drop "
                "--has_spark false / JOBFACTORY_HAS_SPARK=false, or run it on Databricks or Glue"
            )
        return self.spark_provider.session()

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
