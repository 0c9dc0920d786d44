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


def _processes_with(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (the entry and the JVM it started)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize(("signum", "code"), [(15, 143), (2, 130)])
def test_signal_during_a_spark_stage(tmp_path: Path, signum: int, code: int) -> None:
    import time
    import uuid

    marker = f"JF_SIGNAL_TEST={uuid.uuid4().hex}"
    here = Path(__file__).parent
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "DO_NOT_TRACK": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(here), env.get("PYTHONPATH")) if p)
    name, _, value = marker.partition("=")
    env[name] = value
    proc = subprocess.Popen(
        [sys.executable, "-m", "jobfactory_container.generic_entry",
         "--module_name", "ctjobs.spark_stage", "--spark_master", "local[2]",
         "--markers", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if "ready" in line or not line:
                break
        time.sleep(3)  # the stage is running (its tasks sleep)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == code, err[-3000:]
    summary = parse_summary(out)
    assert summary is not None and summary["exit_code"] == code
    # Once, with JobInterrupted: also when what surfaced was the Py4J error the interruption
    # caused in the gateway (pyspark 4.3 does that).
    hooks = (tmp_path / "on_failure").read_text().splitlines()
    assert hooks == ["JobInterrupted"]
    deadline = time.monotonic() + 30
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _processes_with(marker) == [], "the Spark JVM outlived the run"
