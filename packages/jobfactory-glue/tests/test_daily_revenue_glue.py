"""Done when: jobs.daily_revenue through the Glue entry, with Glue's argv, in local Glue, gives
the container entry's output on the same input, and the summary carries Glue's run id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from glue_helpers import REPO, run_glue

from jobfactory_core.testing import run_job, summary_of

SAMPLE = REPO / "jobs" / "data" / "orders.csv"


def rows(spark: Any, path: Path) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in spark.read.parquet(str(path)).collect())


@pytest.mark.spark
def test_daily_revenue_on_local_glue_equals_the_container_entry(spark: Any, tmp_path: Path) -> None:
    container = run_job(
        "jobs.daily_revenue", input_path=str(SAMPLE), output_path=str(tmp_path / "container")
    )
    glue = run_glue(
        "--JOB_ID", "j_5f2a0c3b",
        "--JOB_RUN_ID=jr_0c9b1e5d7a_attempt_1",
        "--JOB_NAME", "daily-revenue",
        "--job-bookmark-option=job-bookmark-enable",
        "--TempDir", str(tmp_path / "temporary"),
        "--enable-metrics", "true",
        "--enable-continuous-cloudwatch-log=true",
        "--enable-spark-ui", "false",
        "--enable-job-insights=false",
        "--job-language", "python",
        "--module_name", "jobs.daily_revenue",
        f"--input_path={SAMPLE}",
        "--output_path", str(tmp_path / "glue"),
        "--currency=EUR",
        SPARK_LOCAL_IP="127.0.0.1",
    )  # fmt: skip

    assert container.exit_code == 0, container.stderr
    assert glue.returncode == 0, glue.stderr
    line = summary_of(glue.stdout, glue.stderr)
    assert line["run_id"] == "jr_0c9b1e5d7a_attempt_1"
    assert line["attempt"] == 2
    assert line["service_provider"] == "glue"
    assert "[run jr_0c9b1e5d7a_attempt_1]" in glue.stderr
    theirs = dict(container.summary["result"], output_path=None)
    assert dict(line["result"], output_path=None) == theirs
    assert line["metrics"] == container.summary["metrics"]
    assert rows(spark, tmp_path / "glue") == rows(spark, tmp_path / "container")
    if "local Glue" in glue.stderr:  # the awsglue library is installed: GlueContext and Job ran
        assert "Glue job committed" in glue.stderr
