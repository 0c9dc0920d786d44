"""Databricks package fixtures: test jobs on sys.path, a clean environment and redactor per test,
and a private task-values store so runs never touch the working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.result import parse_summary
from jobfactory_core.run_info import unbind_logs

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def clean_env(**extra: str) -> dict[str, str]:
    """The process environment without jobfactory or Databricks settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBFACTORY_", "DATABRICKS_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH")) if p)
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env.update(extra)
    return env


def console(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed ``jobfactory-databricks`` console script, as a python_wheel_task runs it."""
    script = Path(sys.executable).with_name("jobfactory-databricks")
    return subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        env=clean_env(**env),
        timeout=timeout,
        check=False,
    )


def summary_of(stdout: str) -> dict[str, Any]:
    loaded = parse_summary(stdout)
    assert loaded is not None, f"no summary line ends stdout:\n{stdout}"
    return loaded


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith(("JOBFACTORY_", "DATABRICKS_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JOBFACTORY_DATABRICKS_TASK_VALUES", str(tmp_path / "task-values.json"))
    REDACTOR.clear()
    from jobfactory_databricks.dbutils import forget_dbutils

    forget_dbutils()
    yield
    forget_dbutils()
    REDACTOR.clear()
    unbind_logs()
