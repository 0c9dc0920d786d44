"""pytest plugin (entry point ``pytest11: jobfactory``): fixtures for testing jobs.

``jobfactory_run`` runs a job through the entry point in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.testing import EntryOutcome, run_job


@pytest.fixture
def jobfactory_run() -> Iterator[Callable[..., EntryOutcome]]:
    """Call as ``jobfactory_run("jobs.hello", name="Ada")``; secrets are forgotten after."""
    yield run_job
    REDACTOR.clear()


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "spark: needs a SparkSession")
