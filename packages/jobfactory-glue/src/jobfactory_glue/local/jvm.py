"""Fakes of the Glue JVM classes the real awsglue Python library calls, for local pyspark.

awsglue's ``DynamicFrame`` is a thin Python wrapper over a JVM ``DynamicFrame`` (``_jdf``),
and ``Job`` over the JVM ``Job``. Neither JVM class exists outside Glue. These fakes answer
the handful of calls the real Python classes make for what local Glue supports, over a plain
pyspark ``DataFrame``: ``fromDF``, ``toDF``, ``count``, ``show``, ``schema``, ``printSchema``,
``select_fields``, ``drop_fields``, ``rename_field``, and ``Job.init/commit`` (bookmarks).
Any other JVM call fails with a line naming the method and the way around it.
"""

from __future__ import annotations

import json
from typing import Any

from jobfactory_glue.bookmarks import Bookmarks


class NotLocal(NotImplementedError):
    """A Glue feature that needs Glue's JVM classes (run it on Glue, or use DataFrames)."""


def _not_local(what: str) -> NotLocal:
    return NotLocal(
        f"local Glue: {what} needs Glue's JVM classes, which only Glue has; convert with "
        "DynamicFrame.toDF() and use DataFrame APIs, or run the job on Glue"
    )


class FakeJvmDynamicFrame:
    """Fake of the JVM ``DynamicFrame`` behind awsglue's ``DynamicFrame``: a DataFrame."""

    def __init__(self, df: Any) -> None:
        self.df = df

    def toDF(self, _options: Any) -> Any:
        return self.df._jdf

    def count(self) -> int:
        return int(self.df.count())

    def showString(self, num_rows: int) -> str:
        """Glue prints a DynamicFrame's rows as JSON records, one a line (not a table)."""
        rows = self.df.limit(num_rows).toJSON().collect()
        return "\n".join(json.dumps(json.loads(row)) for row in rows)

    def schema(self) -> Any:
        from jobfactory_glue.local.schema import FakeGlueSchema

        return FakeGlueSchema(self.df.schema)

    def selectFields(self, paths: list[str], *_: Any) -> FakeJvmDynamicFrame:
        return FakeJvmDynamicFrame(self.df.select(*[f"`{p}`" for p in paths]))

    def dropFields(self, paths: list[str], *_: Any) -> FakeJvmDynamicFrame:
        return FakeJvmDynamicFrame(self.df.drop(*paths))

    def renameField(self, old: str, new: str, *_: Any) -> FakeJvmDynamicFrame:
        return FakeJvmDynamicFrame(self.df.withColumnRenamed(old.strip("`"), new.strip("`")))

    def __getattr__(self, name: str) -> Any:
        raise _not_local(f"DynamicFrame's JVM method {name}")


class FakeGlueScalaContext:
    """Fake of the JVM ``GlueContext`` (``_ssql_ctx``): every method is Glue-only."""

    def __getattr__(self, name: str) -> Any:
        raise _not_local(f"GlueContext's JVM method {name}")


class FakeJvmJob:
    """Fake of the JVM ``Job`` object behind awsglue's ``Job``: local bookmarks."""

    def __init__(self, bookmarks: Bookmarks) -> None:
        self.bookmarks = bookmarks

    def init(self, job_name: str, _jspark_session: Any, args: Any) -> None:
        self.bookmarks.init(job_name, dict(args or {}))

    def isInitialized(self) -> bool:
        return self.bookmarks.initialized

    def commit(self) -> None:
        self.bookmarks.commit()


class _FakeDynamicFrameClass:
    """``_jvm.DynamicFrame``: the static ``apply(jdf, ctx)`` that ``fromDF`` calls."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def apply(self, jdf: Any, _glue_scala_context: Any) -> FakeJvmDynamicFrame:
        from pyspark.sql import DataFrame

        return FakeJvmDynamicFrame(DataFrame(jdf, self.session))


class _FakePythonUtils:
    @staticmethod
    def toSeq(items: Any) -> list[Any]:
        return list(items)


class FakeGlueJvm:
    """The ``_jvm`` a local GlueContext hands to awsglue: Glue's classes faked, Spark's real.

    ``DynamicFrame``, ``Job``, ``PythonUtils`` and ``CallSite`` are fakes; any other Glue
    class is refused with a clear error; everything else reaches the real JVM view.
    """

    def __init__(self, real_jvm: Any, session: Any, bookmarks: Bookmarks) -> None:
        self._real = real_jvm
        self.DynamicFrame = _FakeDynamicFrameClass(session)
        self.Job = FakeJvmJob(bookmarks)
        self.PythonUtils = _FakePythonUtils()

    @staticmethod
    def CallSite(call_site: str, info: str) -> tuple[str, str]:
        return (call_site, info)

    def __getattr__(self, name: str) -> Any:
        if name in _GLUE_CLASSES:
            raise _not_local(f"the Glue class {name}")
        return getattr(self._real, name)


#: Glue JVM classes awsglue reaches through ``_jvm`` (all absent outside Glue).
_GLUE_CLASSES = frozenset(
    {
        "GlueContext",
        "GlueLogger",
        "JsonOptions",
        "GluePythonUtils",
        "MappingSpec",
        "ResolveSpec",
        "AWSConnectionUtils",
        "EntityDetector",
        "EvaluateDataQuality",
        "SparkUtility",
    }
)
