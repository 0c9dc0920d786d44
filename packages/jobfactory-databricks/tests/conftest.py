"""Databricks package fixtures: test jobs on sys.path, a clean environment and redactor per test,
and a private task-values store so runs never touch the working directory."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import unbind_logs

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


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
