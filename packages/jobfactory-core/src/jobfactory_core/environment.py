"""What each environment package supplies to the shared entry machinery."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from jobfactory_core.argv import BASE_DIALECT, ArgvDialect, ParsedArgs
from jobfactory_core.coercion import CoercionError, coerce
from jobfactory_core.context import JobContext
from jobfactory_core.errors import UsageError
from jobfactory_core.notify import Notifiers
from jobfactory_core.run_info import RunInfo, new_run_id, parse_attempt, validate_run_id
from jobfactory_core.spark import SparkSessionProvider, SparkSettings, parse_conf

if TYPE_CHECKING:
    from jobfactory_core.config import LoadedConfig


class Environment:
    """One platform's dialect, detection and context. Subclass per environment package.

    The defaults describe a plain process (a container, a laptop, ``spark-submit``); a
    platform overrides what differs: its dialect, where its run id comes from, whether Spark
    is present, and the extras it puts in the context.
    """

    name: str = "container"
    #: The distribution that ships this environment (named in compatibility errors).
    package: str = "jobfactory-container"
    #: The core contract (``jobfactory_core.__about__.CONTRACT``) this package was built for:
    #: a literal in each package, so a core with another contract is noticed at start.
    requires_contract: int = 1
    dialect: ArgvDialect = BASE_DIALECT
    #: The module that launches this entry (shown in ``--help`` usage lines).
    entry_module: str = "jobfactory_container.generic_entry"

    def contract_problem(self) -> str | None:
        """One line saying this package and the installed core do not fit, with the fix."""
        from jobfactory_core.__about__ import CONTRACT, __version__

        if self.requires_contract == CONTRACT:
            return None
        return (
            f"{self.package} was built for jobfactory-core contract {self.requires_contract}, "
            f"but the installed jobfactory-core {__version__} has contract {CONTRACT}: install "
            f"the jobfactory-core version {self.package} declares (pip install {self.package} "
            "--upgrade, which pulls a matching jobfactory-core), or the matching "
            f"{self.package} for this core"
        )

    def spark_available(self) -> bool:
        """Whether Spark exists here at all (before any user override)."""
        from jobfactory_core.spark import pyspark_available

        return pyspark_available()

    def has_spark(self, options: dict[str, str], settings: dict[str, Any]) -> bool:
        """``--has_spark`` wins, then ``JOBFACTORY_HAS_SPARK``, then the config, then detection."""
        for source, raw in (
            ("--has_spark", options.get("has_spark")),
            ("JOBFACTORY_HAS_SPARK", os.environ.get("JOBFACTORY_HAS_SPARK")),
            ("config has_spark", settings.get("has_spark")),
        ):
            if raw is None or raw == "":
                continue
            try:
                wanted = bool(coerce(raw, bool))
            except CoercionError as error:
                raise UsageError(f"{source}: {error}") from None
            return wanted and self.spark_available()
        return self.spark_available()

    def spark_missing(self) -> str | None:
        """Why a job that needs Spark has none here, and the fix, in one line; ``None`` for
        core's own lines (pyspark not installed, Spark switched off).

        Asked by :meth:`build_context` (after :meth:`run_info`) for a run without Spark. Glue
        answers for its Python shell jobs, which never have Spark whatever is installed.
        """
        return None

    def run_info(self, job: str, parsed: ParsedArgs, environment: str | None) -> RunInfo:
        """Run identity, from ``JOBFACTORY_RUN_ID``/``JOBFACTORY_ATTEMPT`` when set."""
        attempt = parse_attempt(os.environ.get("JOBFACTORY_ATTEMPT") or "1", "JOBFACTORY_ATTEMPT")
        run_id = os.environ.get("JOBFACTORY_RUN_ID")
        return RunInfo(
            job=job,
            service_provider=self.name,
            run_id=validate_run_id(run_id, "JOBFACTORY_RUN_ID") if run_id else new_run_id(),
            attempt=attempt,
            environment=environment,
            platform_args=dict(parsed.reserved),
        )

    def spark_settings(
        self,
        job: str,
        options: dict[str, str],
        multi: dict[str, list[str]],
        settings: dict[str, Any],
    ) -> SparkSettings:
        conf_items = [f"{k}={v}" for k, v in dict(settings.get("spark_conf") or {}).items()]
        conf_items += multi.get("spark_conf", [])
        return SparkSettings(
            app_name=job,
            master=options.get("spark_master") or settings.get("spark_master"),
            remote=options.get("spark_remote") or settings.get("spark_remote"),
            conf=parse_conf(conf_items),
        )

    def load_config(self, ref: str, env_name: str | None) -> LoadedConfig:
        """Read and merge ``--config`` for overlay ``env_name``.

        A platform overrides this to read its own paths differently (Databricks reads
        ``/Volumes/...`` and ``/Workspace/...`` through its APIs when off the runtime).
        """
        from jobfactory_core.config import load_config

        return load_config(ref, env_name)

    def extras(self, run: RunInfo) -> dict[str, Any]:
        """Platform objects for the context (none for a plain process)."""
        return {}

    def run_succeeded(self, context: JobContext) -> None:
        """The job's ``main`` returned: commit what only a successful run may commit.

        Called once, before the summary; raising here fails the run (exit 1). A plain process
        has nothing to commit; Glue commits its job bookmarks (``Job.commit()``) here.
        """

    def spark_provider(self, run: RunInfo, spark: SparkSettings) -> SparkSessionProvider:
        """What starts the run's Spark on first use (a platform's may reuse its own session)."""
        return SparkSessionProvider(spark)

    def new_context(self, run: RunInfo, **shared: Any) -> JobContext:
        """The platform's context class, given the fields every context has (``shared``).

        A platform returns its :class:`JobContext` subclass with its own fields added.
        """
        return JobContext(run=run, **shared)

    def build_context(
        self,
        run: RunInfo,
        *,
        has_spark: bool,
        spark: SparkSettings,
        notifier: Notifiers,
        settings: dict[str, Any],
    ) -> JobContext:
        """The run's context; platforms customise it through the hooks above, not here."""
        context = self.new_context(
            run,
            service_provider=self.name,
            has_spark=has_spark,
            spark_provider=self.spark_provider(run, spark),
            notifier=notifier,
            settings=settings,
            extras=self.extras(run),
        )
        if not has_spark:
            context.spark_missing = self.spark_missing()
        return context
