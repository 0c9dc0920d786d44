"""The container entry with Spark, as a process: master choice, failure, the session it stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobfactory_core.result import parse_summary

pytestmark = pytest.mark.spark


def test_failed_spark_job_exits_1_and_stops_the_session_it_created(tmp_path: Path) -> None:
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "DO_NOT_TRACK": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "jobfactory_container.generic_entry",
         "--module_name", "jobs.daily_revenue", "--spark_master", "local[1]",
         "--input_path", str(tmp_path / "missing.csv"), "--output_path", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip

    assert done.returncode == 1, done.stderr[-3000:]
    summary = parse_summary(done.stdout)
    assert summary is not None and summary["status"] == "failed"
    assert "starting a Spark session (master local[1])" in done.stderr
    assert "stopping the Spark session jobfactory created" in done.stderr
