"""The Glue run's Spark session, GlueContext and ``Job`` (bookmarks), created on first use.

On Glue ETL: the session of Glue's launcher (the script runs under ``spark-submit``, so the
session builder sets no master and gets Glue's context), a real ``GlueContext`` over
``SparkContext.getOrCreate()``, ``Job.init(JOB_NAME, args)``; ``Job.commit()`` only once the run
succeeded, so bookmarks advance only then. Where Glue's JVM classes are absent (a laptop with
``jobfactory-glue[local]``), the same calls go to :mod:`jobfactory_glue.local`. pyspark and
awsglue are imported here only when a job first asks for Spark.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from jobfactory_core.errors import EnvironmentUnavailableError
from jobfactory_core.logs import get_logger
from jobfactory_core.spark import SparkSessionProvider, SparkSettings

log = get_logger("glue")

#: Glue's JVM GlueContext; present on Glue ETL workers, absent from a plain pyspark install.
GLUE_JVM_CLASS = "com.amazonaws.services.glue.GlueContext"


def awsglue_available() -> bool:
    """Whether AWS's awsglue Python library can be imported here (without importing it)."""
    return find_spec("awsglue") is not None


def glue_jvm_present(session: Any) -> bool:
    """Whether the session's JVM has Glue's classes (Glue ETL) or not (local pyspark)."""
    from py4j.java_gateway import JavaClass

    target: Any = session._jvm
    for part in GLUE_JVM_CLASS.split("."):
        target = getattr(target, part)
    return isinstance(target, JavaClass)


class GlueSessionProvider(SparkSessionProvider):
    """Spark for a Glue run: the session, and on request the GlueContext with ``Job.init``."""

    def __init__(
        self,
        settings: SparkSettings,
        job_name: str,
        job_args: dict[str, str | None],
        *,
        with_glue: bool = True,
    ) -> None:
        super().__init__(settings)
        #: Start a GlueContext and ``Job.init`` with the session (Glue ETL), or only on request.
        self.with_glue = with_glue
        self.job_name = job_name
        self.job_args = job_args
        self._glue_context: Any = None
        self._job: Any = None
        self.local = False

    def session(self) -> Any:
        """The run's SparkSession; with awsglue present, the GlueContext's session."""
        if self._glue_context is not None:
            return self._glue_context.spark_session
        session = super().session()
        if self.with_glue and awsglue_available():
            self._start_glue(session)
        return session

    @staticmethod
    def require_awsglue() -> None:
        """Exit 3 with what to install where the awsglue library is missing."""
        if not awsglue_available():
            raise EnvironmentUnavailableError(
                "this job needs a GlueContext but the awsglue library is missing: run it on "
                "Glue ETL, or locally with pip install 'jobfactory-glue[local]' (Python 3.11)"
            )

    def glue_context(self) -> Any:
        """The run's GlueContext (real on Glue ETL, :mod:`jobfactory_glue.local` elsewhere)."""
        if self._glue_context is None:
            self.require_awsglue()
            session = self.session()
            if self._glue_context is None:  # not a Glue ETL run: started on request
                self._start_glue(session)
        return self._glue_context

    def _start_glue(self, session: Any) -> None:
        from awsglue.job import Job

        if glue_jvm_present(session):
            from awsglue.context import GlueContext
            from pyspark import SparkContext

            self._glue_context = GlueContext(SparkContext.getOrCreate())
        else:
            from jobfactory_glue.local.context import LocalGlueContext

            log.info("local Glue: Glue's JVM classes are absent, using jobfactory_glue.local")
            self._glue_context = LocalGlueContext(session)
            self.local = True
        self._job = Job(self._glue_context)
        self._job.init(self.job_name, self.job_args)

    def commit(self) -> None:
        """``Job.commit()``: the run succeeded, so its bookmarks advance (if a Job started)."""
        if self._job is not None:
            self._job.commit()
            log.info("Glue job committed (bookmarks advanced where enabled)")
            self._job = None

    def stop(self) -> None:
        """Stop a local session jobfactory built; on Glue ETL the platform owns the session."""
        on_glue = self._glue_context is not None and not self.local
        self._job = None
        self._glue_context = None
        if on_glue:
            log.info("leaving Glue's Spark session to Glue")
            return
        super().stop()
