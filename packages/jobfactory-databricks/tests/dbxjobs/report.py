"""Downstream task: reads what ``ingest`` published; shows the run context it got."""

from __future__ import annotations

from typing import Any

from jobfactory_core import Job, JobFactory
from jobfactory_databricks import DatabricksContext


class ReportJob(Job):
    def execute(self, region: str = "all") -> dict[str, Any]:
        context = self.context
        assert isinstance(context, DatabricksContext)
        return {
            "rows": context.get_task_value("ingest", "rows", default=-1),
            "batch": context.get_task_value("ingest", "batch"),
            "missing": context.get_task_value("ingest", "nope", default="fallback"),
            "region": region,
            "job_parameters": context.job_parameters,
            "task_key": context.task_key,
            "job_id": context.job_id,
            "mode": context.mode,
        }


class ReportFactory(JobFactory):
    job_class = ReportJob


def main(**params: Any) -> Any:
    return ReportFactory().run(**params)
