"""Core test fixtures: test job modules on sys.path, a clean redactor and log binding per test."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import unbind_logs

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in (
        "JOBFACTORY_STRICT_PARAMS",
        "JOBFACTORY_ALLOWED_MODULES",
        "JOBFACTORY_HAS_SPARK",
        "JOBFACTORY_ENV",
        "JOBFACTORY_CONFIG",
        "JOBFACTORY_LOG_FORMAT",
        "JOBFACTORY_RUN_ID",
        "JOBFACTORY_ATTEMPT",
    ):
        monkeypatch.delenv(var, raising=False)
    REDACTOR.clear()
    from jf_testjobs import recorder

    recorder.CALLS.clear()
    yield
    REDACTOR.clear()
    unbind_logs()


@pytest.fixture
def quick_job(monkeypatch: pytest.MonkeyPatch) -> str:
    """``jf_testjobs.quick`` (returns "done"; ``--fail`` raises), run without Spark."""
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    return "jf_testjobs.quick"


@pytest.fixture
def write_job_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str, str], str]]:
    """``write_job_module(source, prefix)``: a uniquely named module of ``source`` on sys.path.

    Returns its name; the module is forgotten after the test. Jobs written this way run
    without Spark (``JOBFACTORY_HAS_SPARK=false``): they are plain Python.
    """
    names: list[str] = []
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(source: str, prefix: str = "job") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        (tmp_path / f"{name}.py").write_text(source)
        names.append(name)
        return name

    yield write
    for name in names:
        sys.modules.pop(name, None)
