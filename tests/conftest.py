"""Integration helpers: run the real container entry as a subprocess, as an orchestrator would."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.testing import EntryOutcome, run_process

HERE = Path(__file__).parent
REPO = HERE.parent


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBFACTORY_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH")) if p)
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env.update(extra)
    return env


def entry(*args: str, timeout: float = 300, cwd: Path | None = None, **env: str) -> EntryOutcome:
    return run_process(
        [sys.executable, "-m", "jobfactory_container.generic_entry", *args],
        env=clean_env(**env),
        timeout=timeout,
        cwd=cwd,
    )


@pytest.fixture
def run_entry() -> Any:
    return entry
