"""Upstream task: publishes a task value for downstream tasks."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory
from jobfactory_databricks import DatabricksContext


class IngestJob(Job):
    def execute(self, rows: int) -> dict[str, Any]:
        context = self.context
        assert isinstance(context, DatabricksContext)
        context.set_task_value("rows", rows)
        context.set_task_value("batch", {"rows": rows, "ok": True})
        return {"task_key": context.task_key, "published": rows}


class IngestFactory(JobFactory):
    job_class = IngestJob


def main(**params: Any) -> Any:
    return IngestFactory().run(**params)
