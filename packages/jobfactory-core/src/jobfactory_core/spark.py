"""Lazy Spark session provider: reuse the active session, else build one; stop only our own.

pyspark is imported only when a session is first asked for. Nothing here touches
``sparkContext`` or RDDs, so the same code works on Spark Connect.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from jobfactory_core.errors import ConfigError, EnvironmentUnavailableError
from jobfactory_core.logs import get_logger

log = get_logger("spark")

#: Settings that make local mode pleasant on a small machine.
LOCAL_DEFAULTS: dict[str, str] = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
}


def pyspark_available() -> bool:
    """Whether pyspark can be imported here (without importing it)."""
    from importlib.util import find_spec

    return find_spec("pyspark") is not None


def parse_conf(items: list[str]) -> dict[str, str]:
    """``key=value`` strings (repeated ``--spark_conf``) to a dict; a malformed one is an error."""
    conf: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--spark_conf {item!r} is not key=value (e.g. spark.x.y=1)")
        conf[key.strip()] = value.strip()
    return conf


@dataclass
class SparkSettings:
    """How to get a session: a master, a Spark Connect remote, extra conf, an app name."""

    app_name: str = "jobfactory"
    master: str | None = None
    remote: str | None = None
    conf: dict[str, str] = field(default_factory=dict)
    #: Platforms with a session already (Databricks, Glue) forbid building one locally.
    allow_create: bool = True


class SparkSessionProvider:
    """Hands out one session per run; remembers whether it created it."""

    def __init__(self, settings: SparkSettings | None = None) -> None:
        self.settings = settings or SparkSettings()
        self._session: Any = None
        self._created = False

    @property
    def created(self) -> bool:
        return self._created

    def session(self) -> Any:
        if self._session is not None:
            return self._session
        try:
            from pyspark.sql import SparkSession
        except ImportError as error:
            raise EnvironmentUnavailableError(
                "this job needs Spark but pyspark is not installed: "
                "pip install 'jobfactory-container[spark]', or run it on Databricks or Glue"
            ) from error
        active = SparkSession.getActiveSession()
        if active is not None:
            self._session = active
            self._apply_runtime_conf(active)
            return active
        if not self.settings.allow_create:
            raise EnvironmentUnavailableError(
                "no active Spark session on this platform and creating one is not allowed here"
            )
        self._session = self._build(SparkSession)
        self._created = True
        return self._session

    def _build(self, spark_session: Any) -> Any:
        settings = self.settings
        remote = settings.remote or os.environ.get("SPARK_REMOTE")
        builder = spark_session.builder.appName(settings.app_name)
        if remote:
            builder = builder.remote(remote)
            log.info("connecting to Spark Connect at %s", remote)
            session = builder.getOrCreate()
            self._apply_runtime_conf(session)
            return session
        master = settings.master or os.environ.get("SPARK_MASTER")
        submitted = "spark.master" in _submit_conf()
        if master:
            builder = builder.master(master)
        elif not submitted:
            builder = builder.master("local[*]")
        local = (master or ("" if submitted else "local")).startswith("local")
        conf = {**(LOCAL_DEFAULTS if local else {}), **settings.conf}
        for key, value in conf.items():
            builder = builder.config(key, value)
        log.info("starting Spark session (master %s)", master or ("spark-submit" if submitted else "local[*]"))
        return builder.getOrCreate()

    def _apply_runtime_conf(self, session: Any) -> None:
        for key, value in self.settings.conf.items():
            try:
                session.conf.set(key, value)
            except Exception as error:  # serverless and Connect refuse some settings
                log.warning("Spark refused setting %s: %s; skipped", key, str(error).splitlines()[0])

    def stop(self) -> None:
        """Stop the session if and only if this provider created it."""
        if self._session is not None and self._created:
            log.info("stopping the Spark session jobfactory created")
            try:
                self._session.stop()
            finally:
                self._session = None
                self._created = False


def _submit_conf() -> dict[str, str]:
    """Spark conf passed by spark-submit to this Python process (PYSPARK_SUBMIT_ARGS or env)."""
    out: dict[str, str] = {}
    if os.environ.get("SPARK_ENV_LOADED") or os.environ.get("PYSPARK_GATEWAY_PORT"):
        out["spark.master"] = "submitted"
    return out
