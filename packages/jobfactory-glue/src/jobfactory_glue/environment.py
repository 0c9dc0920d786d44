"""The Glue environment: Glue's argv dialect, its run identity, GlueContext and bookmarks.

Glue ETL is detected from ``GLUE_VERSION``/``GLUE_COMMAND_CRITERIA`` or a ``--JOB_RUN_ID``
with the awsglue library importable (:func:`glue_platform`). Glue's run id becomes the run id
of the summary line, the logs and the events. Spark and the GlueContext start on first use;
``Job.commit()`` runs only after the job succeeded. A Python shell job gets ``has_spark`` false.
"""

from __future__ import annotations

import os
from typing import Any, cast

from jobfactory_core.argv import ParsedArgs
from jobfactory_core.context import JobContext
from jobfactory_core.environment import Environment
from jobfactory_core.run_info import RunInfo
from jobfactory_core.spark import SparkSessionProvider, SparkSettings
from jobfactory_glue.options import GLUE_DIALECT, GlueArgs, resolve_glue_args

#: Variables Glue sets in a job's driver.
GLUE_ENV_MARKERS = ("GLUE_VERSION", "GLUE_COMMAND_CRITERIA")


def glue_platform(reserved: dict[str, str]) -> str | None:
    """``"etl"``, ``"pythonshell"``, or ``None`` for a plain process running the Glue entry.

    Glue ETL: Glue's variables (``GLUE_VERSION``/``GLUE_COMMAND_CRITERIA``), or a
    ``--JOB_RUN_ID`` with the awsglue library importable (which is also local Glue: the same
    GlueContext and Job calls, answered by :mod:`jobfactory_glue.local`). A Glue run without
    pyspark is a Python shell job. Nothing is imported to decide.
    """
    from jobfactory_core.spark import pyspark_available
    from jobfactory_glue.session import awsglue_available

    marked = on_glue()
    if not (marked or "JOB_RUN_ID" in reserved):
        return None
    if not pyspark_available():
        return "pythonshell"
    return "etl" if marked or awsglue_available() else None


#: A job that needs Spark in a Glue Python shell job (which has no Spark, whatever is installed).
PYTHON_SHELL_NO_SPARK = (
    "this job needs Spark, and a Glue Python shell job has none: run it as a Glue ETL job "
    "(Command Name 'glueetl', as jobfactory-glue job-definition creates it)"
)
#: The same run off Glue (a ``--JOB_RUN_ID`` given, no Glue variables, no pyspark here).
OFF_GLUE_NO_SPARK = (
    "this job needs Spark but pyspark is not installed: pip install 'jobfactory-glue[local]' "
    "(Python 3.11) to run it locally, or run it as a Glue ETL job (Command Name 'glueetl')"
)


def on_glue() -> bool:
    """Whether Glue's own driver variables are set (a job on Glue, ETL or Python shell)."""
    return any(os.environ.get(name) for name in GLUE_ENV_MARKERS)


#: Glue sets driver variables only with this prefix (``--customer-driver-env-vars``).
CUSTOMER_PREFIX = "CUSTOMER_"


def adopt_customer_variables() -> None:
    """``CUSTOMER_JOBFACTORY_X`` becomes ``JOBFACTORY_X`` (and wins over it).

    Glue's ``--customer-driver-env-vars`` sets only ``CUSTOMER_``-prefixed variables; the
    deployment helper puts ``CUSTOMER_JOBFACTORY_ALLOWED_MODULES`` in the job's
    non-overridable arguments, so no run can widen the module allow-list.
    """
    for name, value in list(os.environ.items()):
        if name.startswith(CUSTOMER_PREFIX + "JOBFACTORY_"):
            os.environ[name.removeprefix(CUSTOMER_PREFIX)] = value


class GlueJobContext(JobContext):
    """The run context on Glue: core's, plus Glue's arguments and the GlueContext."""

    __slots__ = ("glue_args", "glue_platform")

    def __init__(
        self, *args: Any, glue_args: GlueArgs, glue_platform: str | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        #: Glue's own arguments, typed (job name and id, run id, attempt, bookmarks, TempDir).
        self.glue_args = glue_args
        #: ``"etl"``, ``"pythonshell"`` or ``None`` (see :func:`glue_platform`).
        self.glue_platform = glue_platform

    def glue_context(self) -> Any:
        """The run's ``GlueContext`` (started with ``Job.init`` on first use)."""
        from jobfactory_glue.session import GlueSessionProvider

        provider = cast(GlueSessionProvider, self.spark_provider)
        if self.glue_platform == "pythonshell":
            self.spark()  # the environment's line: a Python shell job has no Spark
        provider.require_awsglue()
        self.spark()  # core's has_spark checks and messages
        return provider.glue_context()


class GlueEnvironment(Environment):
    """Glue's dialect; Glue's run id and attempt; a GlueContext-backed Spark provider."""

    name = "glue"
    package = "jobfactory-glue"
    requires_contract = 1
    dialect = GLUE_DIALECT
    entry_module = "jobfactory_glue.generic_entry"

    def __init__(self) -> None:
        self._reserved: dict[str, str] = {}
        adopt_customer_variables()

    def has_spark(self, options: dict[str, str], settings: dict[str, Any]) -> bool:
        """As core decides, except that a Glue Python shell job never has Spark."""
        if glue_platform(dict(self._reserved)) == "pythonshell":
            return False
        return super().has_spark(options, settings)

    def spark_missing(self) -> str | None:
        """A Python shell job has no Spark: say to use a Glue ETL job (and, off Glue, what to
        install); a switched-off Spark keeps core's line."""
        if glue_platform(dict(self._reserved)) == "pythonshell":
            return PYTHON_SHELL_NO_SPARK if on_glue() else OFF_GLUE_NO_SPARK
        if not self.spark_available():
            return OFF_GLUE_NO_SPARK
        return None

    def run_info(self, job: str, parsed: ParsedArgs, environment: str | None) -> RunInfo:
        run = super().run_info(job, parsed, environment)
        self._reserved = dict(parsed.reserved)
        glue = GlueArgs(parsed.reserved)
        if glue.run_id:
            run.run_id = glue.run_id
            run.attempt = glue.attempt
        return run

    def spark_provider(self, run: RunInfo, spark: SparkSettings) -> SparkSessionProvider:
        """Spark through a GlueContext on Glue ETL (``Job.init`` with Glue's arguments)."""
        from jobfactory_glue.session import GlueSessionProvider

        job_name = GlueArgs(run.platform_args).job_name or run.job
        job_args = {**resolve_glue_args(run.platform_args), "JOB_NAME": job_name}
        job_args["JOB_RUN_ID"] = run.run_id
        with_glue = glue_platform(run.platform_args) == "etl"
        return GlueSessionProvider(spark, job_name, job_args, with_glue=with_glue)

    def new_context(self, run: RunInfo, **shared: Any) -> JobContext:
        return GlueJobContext(
            run=run,
            **shared,
            glue_args=GlueArgs(run.platform_args),
            glue_platform=glue_platform(run.platform_args),
        )

    def run_succeeded(self, context: JobContext) -> None:
        """``Job.commit()`` if the run started one: bookmarks advance only on success."""
        from jobfactory_glue.session import GlueSessionProvider

        provider = context.spark_provider
        if isinstance(provider, GlueSessionProvider):
            provider.commit()
