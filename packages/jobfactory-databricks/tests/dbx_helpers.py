"""Helpers for the Databricks package tests: a clean environment and the console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jobfactory_core.testing import summary_of

#: ``summary_of`` is core's, imported by the tests from here with the rest.
__all__ = ["HERE", "clean_env", "console", "summary_of"]

HERE = Path(__file__).parent


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
