"""The Databricks run context: core's :class:`JobContext` plus dbutils, task values, widgets.

A job reaches it as ``self.context`` (or ``context`` in ``create_job``); on other platforms
the context is a plain :class:`JobContext`, so portable jobs check
``isinstance(context, DatabricksContext)`` before using these.
"""

from __future__ import annotations

import os
from typing import Any

from jobfactory_core.context import JobContext
from jobfactory_databricks.where import Mode

TASK_KEY_VARIABLE = "JOBFACTORY_DATABRICKS_TASK_KEY"


class DatabricksContext(JobContext):
    """Where the run is (``mode``), its job-level parameters, and typed dbutils accessors."""

    __slots__ = ("_task_values", "job_parameters", "mode")

    def __init__(self, *args: Any, mode: Mode = "local", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mode: Mode = mode
        #: Job-level parameters Databricks pushed down that the job does not declare.
        self.job_parameters: dict[str, str] = {}
        self._task_values: Any = None

    @property
    def task_key(self) -> str:
        """``--task_key={{task.name}}``, else ``JOBFACTORY_DATABRICKS_TASK_KEY``, else the
        module's last name (``jobs.daily_revenue`` → ``daily_revenue``)."""
        return (
            self.run.platform_args.get("task_key")
            or os.environ.get(TASK_KEY_VARIABLE)
            or self.run.job.rsplit(".", 1)[-1]
        )

    @property
    def job_id(self) -> str | None:
        """``--job_id={{job.id}}`` when the task passes it."""
        return self.run.platform_args.get("job_id")

    def dbutils(self) -> Any:
        """The platform's dbutils (on the runtime, or remotely with a configured workspace)."""
        from jobfactory_databricks.dbutils import require_dbutils

        return require_dbutils(self.spark if self.has_spark else None)

    def _values(self) -> Any:
        if self._task_values is None:
            from jobfactory_databricks.task_values import TaskValues

            self._task_values = TaskValues(
                self.task_key, self.dbutils if self.mode == "runtime" else None
            )
        return self._task_values

    def set_task_value(self, key: str, value: Any) -> None:
        """Publish ``key`` (a JSON value) for downstream tasks of this job run."""
        self._values().set(key, value)

    def get_task_value(self, task_key: str, key: str, default: Any = None) -> Any:
        """What upstream task ``task_key`` set as ``key``, or ``default``."""
        return self._values().get(task_key, key, default)

    def widgets(self) -> dict[str, str]:
        """The notebook's widget values (none outside a notebook)."""
        from jobfactory_databricks.widgets import widget_values

        return widget_values()
