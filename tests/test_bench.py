"""Every benchmark runs at a smoke size, so a broken benchmark fails CI (no timing asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(p.stem for p in BENCH.glob("*.py") if p.stem != "bare_daily_revenue")
NEEDS_SPARK = {"spark_overhead", "scale"}


def test_every_benchmark_is_smoke_tested() -> None:
    assert set(SCRIPTS) == {"dispatch", "redaction", *NEEDS_SPARK}, "add the new benchmark here"


@pytest.mark.parametrize(
    "script",
    [pytest.param(s, marks=[pytest.mark.bench] if s in NEEDS_SPARK else []) for s in SCRIPTS],
)
def test_benchmark_runs_at_smoke_size(script: str) -> None:
    if script in NEEDS_SPARK and find_spec("pyspark") is None:
        pytest.skip("needs pyspark (the newest Spark session runs it)")
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "DO_NOT_TRACK": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(BENCH), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, str(BENCH / f"{script}.py"), "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "|" in done.stdout  # the results table
