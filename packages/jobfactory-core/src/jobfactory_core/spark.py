"""Lazy Spark session provider: reuse the active session, else build one; stop only our own.

pyspark is imported only when a session is first asked for. Nothing here touches
``sparkContext`` or RDDs, so the same code works on Spark Connect.
"""

from __future__ import annotations

import os
from typing import Any

from jobfactory_core._record import Record
from jobfactory_core.errors import ConfigError, EnvironmentUnavailableError
from jobfactory_core.logs import get_logger
from jobfactory_core.redaction import REDACTOR, mask_url_credentials

log = get_logger("spark")

LOOPBACK = "127.0.0.1"


def local_defaults() -> dict[str, str]:
    """Settings that make local mode pleasant on a small machine (loopback only, few shuffles).

    Only performance and networking: nothing that changes a job's results, so a job behaves
    the same in local mode as on a cluster.
    """
    cores = os.cpu_count() or 2
    return {
        "spark.driver.host": LOOPBACK,
        "spark.driver.bindAddress": LOOPBACK,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(min(64, max(4, 2 * cores))),
        "spark.default.parallelism": str(max(2, cores)),
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


def under_spark_submit() -> bool:
    """Whether ``spark-submit`` launched this Python process (it then owns master and conf)."""
    return bool(os.environ.get("PYSPARK_GATEWAY_PORT"))


class SparkSettings(Record):
    """How to get a session: a master, a Spark Connect remote, extra conf, an app name.

    ``allow_create`` is false on platforms that always have a session (Databricks, Glue).
    """

    __slots__ = ("allow_create", "app_name", "conf", "master", "remote")

    def __init__(
        self,
        app_name: str = "jobfactory",
        *,
        master: str | None = None,
        remote: str | None = None,
        conf: dict[str, str] | None = None,
        allow_create: bool = True,
    ) -> None:
        self.app_name = app_name
        self.master = master
        self.remote = remote
        self.conf: dict[str, str] = dict(conf or {})
        self.allow_create = allow_create
        # A Connect token (;token=), user:password@ in a master URL, a conf value such as
        # spark.hadoop.fs.s3a.secret.key: masked wherever they could surface later.
        for url in (master, remote):
            if url:
                REDACTOR.register_url_credentials(url)
        for key, value in self.conf.items():
            REDACTOR.register_url_credentials(value)
            if REDACTOR.is_secret(key):
                REDACTOR.register(value)


class SparkSessionProvider:
    """Hands out one session per run; remembers whether it created it."""

    def __init__(self, settings: SparkSettings | None = None) -> None:
        self.settings = settings or SparkSettings()
        self._session: Any = None
        self._created = False

    @property
    def created(self) -> bool:
        """Whether this provider built the session (and so will stop it)."""
        return self._created

    def session(self) -> Any:
        """The run's session: the active one if any, else a new one (built once)."""
        if self._session is not None:
            return self._session
        try:
            from pyspark.sql import SparkSession
        except ImportError as error:
            raise EnvironmentUnavailableError(
                "this job needs Spark but pyspark is not installed: "
                "pip install 'jobfactory-container[spark]', or run it on Databricks or Glue"
            ) from error
        # An explicit --spark_remote asks for Connect even if a classic session is active.
        active = None if self.settings.remote else SparkSession.getActiveSession()
        if active is not None:
            log.info("reusing the active Spark session")
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
        """A new session: Connect if a remote is set, else the chosen master or ``local[*]``."""
        settings = self.settings
        builder = spark_session.builder.appName(settings.app_name)
        remote = settings.remote or os.environ.get("SPARK_REMOTE")
        if remote:
            REDACTOR.register_url_credentials(remote)
            log.info("connecting to Spark Connect at %s", mask_url_credentials(remote))
            session = builder.remote(remote).getOrCreate()
            self._apply_runtime_conf(session)  # Connect refuses static settings: warn, skip
            return session
        master = settings.master or os.environ.get("SPARK_MASTER")
        submitted = under_spark_submit()
        if master:
            builder = builder.master(master)
        elif not submitted:
            master = "local[*]"
            builder = builder.master(master)
        conf = dict(settings.conf)
        if master is not None and master.startswith("local"):
            # The JVM inherits this; it keeps every Spark socket on the loopback interface.
            os.environ.setdefault("SPARK_LOCAL_IP", LOOPBACK)
            conf = {**local_defaults(), **conf}
        for key, value in conf.items():
            builder = builder.config(key, value)
        log.info(
            "starting a Spark session (master %s)",
            mask_url_credentials(master) if master else "chosen by spark-submit",
        )
        return builder.getOrCreate()

    def _apply_runtime_conf(self, session: Any) -> None:
        """Set ``--spark_conf`` at runtime (reused or Connect sessions); refusals only warn."""
        for key, value in self.settings.conf.items():
            try:
                session.conf.set(key, value)
            except Exception as error:  # serverless and Connect refuse some settings
                first = (str(error).strip().splitlines() or [type(error).__name__])[0]
                shown = REDACTOR.redact_value(key, value)
                log.warning("Spark refused setting %s=%s (%s); skipped", key, shown, first)

    def stop(self) -> None:
        """Stop the session if and only if this provider created it."""
        if self._session is not None and self._created:
            log.info("stopping the Spark session jobfactory created")
            try:
                self._session.stop()
            finally:
                self._session = None
                self._created = False
        else:
            self._session = None
