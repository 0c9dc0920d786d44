"""On the runtime (``DATABRICKS_RUNTIME_VERSION`` set) the process's SparkSession is reused and
left running; ``run_notebook`` reuses a notebook's session the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.testing import run_entry_captured
from jobfactory_databricks.environment import DatabricksEnvironment

pytestmark = pytest.mark.spark

SAMPLE = Path(__file__).resolve().parents[3] / "jobs" / "data" / "orders.csv"


def test_the_runtime_session_is_reused_and_left_running(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyspark.sql import SparkSession

    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    out = tmp_path / "daily_revenue"

    outcome = run_entry_captured(
        DatabricksEnvironment(),
        ["--module_name=jobs.daily_revenue", f"--input_path={SAMPLE}", f"--output_path={out}",
         "--run_id=550315892394120", "--attempt=1"],
    )  # fmt: skip

    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["run_id"] == "550315892394120"
    assert "reusing the Databricks Spark session (jobfactory never stops it)" in outcome.stderr
    assert "stopping the Spark session" not in outcome.stderr
    assert SparkSession.getActiveSession() is spark
    assert spark.range(3).count() == 3  # still running
    assert spark.read.parquet(str(out)).count() == outcome.summary["result"]["rows_written"]


def test_run_notebook_reuses_the_notebooks_session(spark: Any, tmp_path: Path) -> None:
    from jobfactory_databricks import run_notebook

    out = tmp_path / "daily_revenue"
    summary = run_notebook("jobs.daily_revenue", input_path=SAMPLE, output_path=out)

    assert summary["status"] == "succeeded"
    assert summary["service_provider"] == "databricks"
    assert spark.range(2).count() == 2
    assert spark.read.parquet(str(out)).count() == summary["result"]["rows_written"]
