"""pytest plugin (entry point ``pytest11: jobfactory``): fixtures for testing jobs.

``jobfactory_run`` runs a job through the entry point in-process. ``spark`` is one local
SparkSession for the whole pytest session (a Spark start costs seconds), bound to 127.0.0.1;
jobs run in-process reuse it, because ``context.spark()`` reuses the active session.
Mark such tests ``@pytest.mark.spark`` (registered here) to select them with ``-m spark``.
``webhook_server`` is a started ``WebhookServer`` on 127.0.0.1 to point webhook notifiers at;
``moto_endpoint`` a moto server on 127.0.0.1 (see ``jobfactory_core.testing.aws``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.testing import EntryOutcome, run_job

if TYPE_CHECKING:
    from jobfactory_core.testing.webhook import WebhookServer


@pytest.fixture
def jobfactory_run() -> Iterator[Callable[..., EntryOutcome]]:
    """Call as ``jobfactory_run("jobs.hello", name="Ada")``; secrets are forgotten after."""
    yield run_job
    REDACTOR.clear()


@pytest.fixture
def webhook_server() -> Iterator[WebhookServer]:
    """A ``WebhookServer`` on 127.0.0.1 answering 200 at ``.url``; stopped after the test.

    Set ``.status`` or ``.hang`` to test failures; ``.bodies`` are the JSON bodies received.
    """
    from jobfactory_core.testing.webhook import WebhookServer

    with WebhookServer() as server:
        yield server


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """The URL of a moto server on 127.0.0.1, one for the pytest session.

    Skips the test when boto3 or moto's server are not installed (``pip install
    'moto[server]'``). Point boto3 at it with ``jobfactory_core.testing.aws.isolate_aws_env``.
    """
    pytest.importorskip("boto3")
    pytest.importorskip("moto.server")
    from jobfactory_core.testing.aws import moto_server

    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One SparkSession for the pytest session: ``local[2]`` on 127.0.0.1 (or ``SPARK_REMOTE``).

    Skips the test when pyspark is not installed. The session is stopped when pytest ends.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip("pyspark is not installed (pip install 'jobfactory-core[spark]')")
    from jobfactory_core.spark import SparkSessionProvider, SparkSettings

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    active = SparkSession.getActiveSession()
    if active is not None:  # a session someone else owns: use it, leave it running
        yield active
        return
    master = os.environ.get("JOBFACTORY_TEST_SPARK_MASTER", "local[2]")
    provider = SparkSessionProvider(SparkSettings(app_name="pytest", master=master))
    session = provider.session()
    try:
        yield session
    finally:
        provider.stop()


def pytest_configure(config: Any) -> None:
    """Register the ``spark`` marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line("markers", "spark: needs a SparkSession")
