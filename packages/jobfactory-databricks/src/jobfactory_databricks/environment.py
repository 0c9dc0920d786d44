"""The Databricks environment: its argv dialect, detection, run identity and context.

Every task shape arrives as ``--k=v`` tokens: ``spark_python_task`` and positional
``python_wheel_task`` parameters as given, keyword ``named_parameters`` and job-level
parameters pushed down to the task as ``--name=value``. The run-identity references
(:mod:`jobfactory_databricks.identity`) are reserved: they become the run's identity, never
job parameters. Pushed-down job parameters the job does not declare are kept in the context
(``context.job_parameters``) instead of being reported as unknown, unless a name is close to
a declared one: that is a likely typo, and core's unknown-parameter rules apply.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from jobfactory_core.argv import ArgvDialect, ParsedArgs
from jobfactory_core.context import INJECTED, JobContext
from jobfactory_core.environment import Environment
from jobfactory_core.logs import get_logger
from jobfactory_core.run_info import RunInfo
from jobfactory_core.spark import SparkSessionProvider, SparkSettings
from jobfactory_databricks.identity import REFERENCES, read_identity
from jobfactory_databricks.where import Mode, current_mode

if TYPE_CHECKING:
    from jobfactory_core.config import LoadedConfig

log = get_logger("databricks")

DATABRICKS_DIALECT = ArgvDialect(reserved=frozenset(REFERENCES))


class DatabricksEnvironment(Environment):
    """Databricks compute (runtime), databricks-connect, or local emulation (see ``where``)."""

    name = "databricks"
    package = "jobfactory-databricks"
    requires_contract = 1
    dialect = DATABRICKS_DIALECT
    entry_module = "jobfactory_databricks.generic_entry"

    def __init__(self) -> None:
        self._mode: Mode | None = None
        self._given: dict[str, str] = {}

    @property
    def mode(self) -> Mode:
        if self._mode is None:
            self._mode = current_mode()
        return self._mode

    def run_info(self, job: str, parsed: ParsedArgs, environment: str | None) -> RunInfo:
        """Core's identity, overridden by what the task's dynamic value references said."""
        identity = read_identity(parsed.reserved)
        run = super().run_info(job, parsed, environment)
        if identity.run_id is not None:
            run.run_id = identity.run_id
        if identity.attempt is not None:
            run.attempt = identity.attempt
        if identity.started_at is not None:
            run.started_at = identity.started_at
        self._given = dict(parsed.params)
        return run

    def spark_missing(self) -> str | None:
        """Off the runtime without pyspark: this package's Spark extra, not the container's."""
        if self.spark_available():
            return None
        return (
            "this job needs Spark but pyspark is not installed: pip install "
            "'jobfactory-databricks[spark]' to run it locally (or databricks-connect for a "
            "workspace's compute), or run it on Databricks"
        )

    def load_config(self, ref: str, env_name: str | None) -> LoadedConfig:
        """``/Volumes/...`` and ``/Workspace/...`` are mounted on the runtime (and may be
        mirrored locally); otherwise they are downloaded from the configured workspace."""
        from jobfactory_databricks.remote_config import (
            is_remote_path,
            local_mirror,
            local_path,
            read_remote,
        )

        if not is_remote_path(ref):
            return super().load_config(ref, env_name)
        if self.mode == "runtime" or local_mirror(ref) is not None:  # mounted (or mirrored)
            return super().load_config(local_path(ref), env_name)
        from jobfactory_core.config import merge, parse

        return merge(parse(ref, read_remote(ref)), ref, env_name)

    def spark_provider(self, run: RunInfo, spark: SparkSettings) -> SparkSessionProvider:
        """The runtime's own session when there is one, never stopped (see ``spark``)."""
        from jobfactory_databricks.spark import DatabricksSparkProvider

        return DatabricksSparkProvider(spark, self.mode)

    def new_context(self, run: RunInfo, **shared: Any) -> JobContext:
        from jobfactory_databricks.context import DatabricksContext

        context = DatabricksContext(run=run, **shared, mode=self.mode)
        context.job_parameters = self._undeclared(run)
        run.platform_args.update(context.job_parameters)  # binding ignores platform arguments
        return context

    def _undeclared(self, run: RunInfo) -> dict[str, str]:
        """Parameters given on the command line that the job's ``execute`` does not declare
        (job-level parameters pushed down to every task). A name close to a declared one is
        a likely typo and stays an unknown parameter (warned about, an error when strict)."""
        from jobfactory_core.resolution import factory_of

        module = sys.modules.get(run.job)
        factory = factory_of(module) if module is not None else None
        if factory is None:
            return {}  # a plain main(**kwargs) receives every parameter
        signature = factory().signature()
        if signature.accepts_kwargs:
            return {}
        declared = {spec.name for spec in signature.params}
        undeclared = [n for n in self._given if n not in declared and n not in INJECTED]
        if not undeclared:
            return {}
        import difflib  # only when there is something to compare

        kept: dict[str, str] = {}
        for name in undeclared:
            # Close to a declared name: a typo, left to core's unknown-parameter rules.
            if not difflib.get_close_matches(name, sorted(declared), n=1):
                kept[name] = self._given[name]
                log.info("job parameter --%s kept in context.job_parameters", name)
        return kept
