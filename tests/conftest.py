"""Integration helpers: run the real container entry as a subprocess, as an orchestrator would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.result import parse_summary

HERE = Path(__file__).parent
REPO = HERE.parent


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    @property
    def summary(self) -> dict[str, Any]:
        loaded = parse_summary(self.stdout)
        assert loaded is not None, f"no summary line ends stdout; stderr:\n{self.stderr}"
        return loaded


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBFACTORY_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH")) if p)
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env.update(extra)
    return env


def entry(*args: str, timeout: float = 300, cwd: Path | None = None, **env: str) -> Ran:
    done = subprocess.run(
        [sys.executable, "-m", "jobfactory_container.generic_entry", *args],
        capture_output=True,
        text=True,
        env=clean_env(**env),
        timeout=timeout,
        cwd=cwd,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def run_entry() -> Any:
    return entry
