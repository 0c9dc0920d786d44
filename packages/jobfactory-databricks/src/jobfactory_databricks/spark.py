"""Spark on Databricks: the platform's session, found and never stopped; else core's provider.

On the runtime the session belongs to the cluster (or to serverless compute): stopping it
would end it for every task, so jobfactory only ever finds it. Serverless and standard-access
compute are Spark Connect only, so nothing here touches ``sparkContext``, RDDs or the JVM.
With databricks-connect configured, ``DatabricksSession`` connects to the workspace.
"""

from __future__ import annotations

import sys
from typing import Any

from jobfactory_core.errors import EnvironmentUnavailableError
from jobfactory_core.logs import get_logger
from jobfactory_core.spark import SparkSessionProvider, SparkSettings
from jobfactory_databricks.notebook_ns import notebook_global
from jobfactory_databricks.where import Mode

log = get_logger("databricks.spark")


def runtime_session() -> Any:
    """The runtime's session: the notebook's ``spark``, the active one, or the builder's.

    On Databricks ``SparkSession.builder.getOrCreate()`` attaches to the platform's session
    (classic or Spark Connect); it does not start a new Spark.
    """
    session = notebook_global("spark")
    if session is not None:
        return session
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EnvironmentUnavailableError(
            "DATABRICKS_RUNTIME_VERSION is set but pyspark cannot be imported: this is not a "
            "Databricks runtime (unset DATABRICKS_RUNTIME_VERSION to emulate one locally)"
        ) from error
    active = SparkSession.getActiveSession() or _active_connect_session()
    if active is not None:
        return active
    return SparkSession.builder.getOrCreate()


def _active_connect_session() -> Any:
    """The active Spark Connect session, if this process made one (serverless notebooks)."""
    connect = sys.modules.get("pyspark.sql.connect.session")
    return connect.SparkSession.getActiveSession() if connect is not None else None


def connect_session() -> Any:
    """A ``DatabricksSession`` for the configured workspace (databricks-connect)."""
    try:
        from databricks.connect import DatabricksSession
    except ImportError as error:
        raise EnvironmentUnavailableError(
            "databricks-connect is not installed: pip install databricks-connect, or set "
            "JOBFACTORY_DATABRICKS_MODE=local to run on a local Spark"
        ) from error
    return DatabricksSession.builder.getOrCreate()


class DatabricksSparkProvider(SparkSessionProvider):
    """Hands out the platform's session on the runtime, a ``DatabricksSession`` in ``connect``
    mode (unless ``--spark_remote`` names another server), else local or Connect as in core."""

    def __init__(self, settings: SparkSettings | None, mode: Mode) -> None:
        super().__init__(settings)
        self.mode = mode

    def session(self) -> Any:
        if self._session is not None:
            return self._session
        if self.mode == "runtime":
            log.info("reusing the Databricks Spark session (jobfactory never stops it)")
            self._session = runtime_session()
        elif self.mode == "connect" and not self.settings.remote:
            log.info("connecting to the workspace with databricks-connect")
            self._session = connect_session()
        else:
            return super().session()
        self._created = False
        self._apply_runtime_conf(self._session)
        return self._session
