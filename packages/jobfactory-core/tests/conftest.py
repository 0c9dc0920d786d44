"""Core test fixtures: test job modules on sys.path, a clean redactor per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobfactory_core.redaction import REDACTOR

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
