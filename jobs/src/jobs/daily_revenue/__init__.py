"""Daily revenue per day and country from raw orders, written as Parquet partitioned by day.

The Spark example job: ``python -m jobfactory_container.generic_entry --module_name
jobs.daily_revenue --input_path jobs/data/orders.csv --output_path out/daily_revenue``.
pyspark is imported inside ``execute`` only, so ``--help`` works where Spark is absent. The
output is published atomically (``jobfactory_core.output``): a failed or interrupted run
leaves no partial output, and a rerun replaces exactly the days it wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from jobfactory_core import Job, JobFactory, ParameterError
from jobfactory_core.output import atomic_output


def sample_path() -> Path:
    """``jobs/data/orders.csv`` of this repository (the shipped sample of a few thousand orders)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "data" / "orders.csv"
        if candidate.is_file():
            return candidate
        candidate = parent / "jobs" / "data" / "orders.csv"
        if candidate.is_file():
            return candidate
    return Path.cwd() / "jobs" / "data" / "orders.csv"


class DailyRevenueJob(Job):
    """Revenue, orders and distinct customers per day and country, in one currency."""

    requires_spark = True

    def execute(
        self,
        input_path: str,
        output_path: str,
        input_format: Literal["csv", "json", "parquet"] | None = None,
        currency: str = "EUR",
    ) -> dict[str, Any]:
        from jobs.daily_revenue.transform import conversion_factors, daily_revenue, detect_format

        try:  # parameter mistakes exit 2 before Spark starts, not 1 after it did
            fmt = detect_format(input_path, input_format)
            conversion_factors(currency)
        except ValueError as error:
            raise ParameterError(str(error)) from None
        spark = self.context.spark()
        # Written beside output_path and renamed into place, day by day, only if everything
        # succeeded: a failed or interrupted run leaves the previous output as it was.
        with atomic_output(output_path, partitions=True) as staged:
            outcome = daily_revenue(spark, input_path, staged, fmt, currency)
        rejected = sum(outcome.rejected.values())
        self.context.metric("rows_read", outcome.rows_read)
        self.context.metric("rows_written", outcome.rows_written)
        self.context.metric("partitions_written", len(outcome.days))
        self.context.metric("rows_rejected", rejected)
        return {
            "output_path": output_path,
            "currency": currency.strip().upper(),
            "rows_read": outcome.rows_read,
            "rows_written": outcome.rows_written,
            "partitions_written": len(outcome.days),
            "first_day": outcome.days[0].isoformat() if outcome.days else None,
            "last_day": outcome.days[-1].isoformat() if outcome.days else None,
            "orders_completed": outcome.completed,
            "orders_not_completed": outcome.not_completed,
            "rows_rejected": rejected,
            "rejected": outcome.rejected,
            "revenue_total": str(outcome.revenue_total),
        }


class DailyRevenueJobFactory(JobFactory):
    job_class = DailyRevenueJob


def main(**params: Any) -> Any:
    return DailyRevenueJobFactory().run(**params)
