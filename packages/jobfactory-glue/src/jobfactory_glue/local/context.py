"""``LocalGlueContext``: awsglue's real ``GlueContext`` class with its JVM half faked.

It *is* an ``awsglue.context.GlueContext`` (so ``Job(glue_context)``, ``DynamicFrame.fromDF``
and ``isinstance`` checks in user code work), built over a local SparkSession instead of
Glue's JVM ``GlueContext``. What it does locally: ``create_dynamic_frame.from_options`` and
``write_dynamic_frame.from_options`` for local paths in csv, json and parquet, with job
bookmarks (:mod:`jobfactory_glue.bookmarks`) keyed by job name and ``transformation_ctx``.
Catalog, JDBC, S3 and the JVM-backed transforms raise :class:`NotLocal`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame, DynamicFrameReader, DynamicFrameWriter

from jobfactory_glue.bookmarks import Bookmarks, list_files
from jobfactory_glue.local.formats import glue_column_names, read_options, write_options
from jobfactory_glue.local.jvm import (
    FakeGlueJvm,
    FakeGlueScalaContext,
    FakeJvmDynamicFrame,
    NotLocal,
)

FORMATS = ("csv", "json", "parquet")


class _FakeGlueSparkContext:
    """The real SparkContext, except that its ``_jvm`` is the fake Glue JVM view."""

    def __init__(self, real: Any, jvm: FakeGlueJvm) -> None:
        self._real = real
        self._jvm = jvm

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class LocalGlueContext(GlueContext):  # type: ignore[misc]
    """A GlueContext for a laptop: local Spark, local files, local bookmarks (a fake)."""

    def __init__(self, spark_session: Any = None, bookmarks: Bookmarks | None = None) -> None:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession, SQLContext

        session = spark_session if spark_session is not None else SparkSession.active()
        spark_context = SparkContext.getOrCreate()
        SQLContext.__init__(self, spark_context, session)
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        fake_jvm = FakeGlueJvm(spark_context._jvm, session, self.bookmarks)
        self._jvm = fake_jvm
        self._sc = _FakeGlueSparkContext(spark_context, fake_jvm)
        self._glue_scala_context = FakeGlueScalaContext()
        self.create_dynamic_frame = DynamicFrameReader(self)
        self.write_dynamic_frame = DynamicFrameWriter(self)
        self.spark_session = session
        self._glue_logger = logging.getLogger("jobfactory.glue")

    def create_dynamic_frame_from_options(  # noqa: PLR0917 (awsglue's signature)
        self,
        connection_type: str,
        connection_options: Mapping[str, Any] | None = None,
        format: str | None = None,
        format_options: Mapping[str, Any] | None = None,
        transformation_ctx: str = "",
        push_down_predicate: str = "",
        **kwargs: Any,
    ) -> DynamicFrame:
        """Read local files; with bookmarks, only the files this run has not processed."""
        options = dict(connection_options or {})
        paths = options.get("paths") or ([options["path"]] if "path" in options else [])
        if isinstance(paths, str):
            paths = [paths]
        _check_local(connection_type, paths, format)
        files = self.bookmarks.select(transformation_ctx, list_files(paths))
        if not files:
            from pyspark.sql.types import StructType

            df = self.spark_session.createDataFrame([], StructType([]))
        else:
            spark_options = read_options(str(format), format_options)
            df = self.spark_session.read.format(str(format)).options(**spark_options)
            df = df.load(sorted(files))
            if format == "csv":
                df = glue_column_names(df, spark_options)
        return DynamicFrame(FakeJvmDynamicFrame(df), self, transformation_ctx)

    def write_dynamic_frame_from_options(  # noqa: PLR0917 (awsglue's signature)
        self,
        frame: DynamicFrame,
        connection_type: str,
        connection_options: Mapping[str, Any] | None = None,
        format: str | None = None,
        format_options: Mapping[str, Any] | None = None,
        transformation_ctx: str = "",
    ) -> DynamicFrame:
        """Append the frame under ``connection_options['path']`` (``partitionKeys`` honoured)."""
        options = dict(connection_options or {})
        path = options.get("path")
        if not path:
            raise ValueError("write_dynamic_frame.from_options needs connection_options['path']")
        _check_local(connection_type, [path], format)
        writer = frame.toDF().write.mode("append").format(str(format))
        writer = writer.options(**write_options(str(format), format_options))
        keys = list(options.get("partitionKeys") or [])
        if keys:
            writer = writer.partitionBy(*keys)
        writer.save(str(path).removeprefix("file://"))
        return frame

    def write_from_options(  # noqa: PLR0917 (awsglue's signature)
        self,
        frame_or_dfc: Any,
        connection_type: str,
        connection_options: Mapping[str, Any] | None = None,
        format: str | None = None,
        format_options: Mapping[str, Any] | None = None,
        transformation_ctx: str = "",
        **kwargs: Any,
    ) -> DynamicFrame:
        if not isinstance(frame_or_dfc, DynamicFrame):
            raise NotLocal("local Glue writes single DynamicFrames (no DynamicFrameCollection)")
        return self.write_dynamic_frame_from_options(
            frame_or_dfc,
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
        )

    def getSource(self, *args: Any, **kwargs: Any) -> Any:
        raise NotLocal(
            "local Glue: getSource needs Glue's JVM classes; use create_dynamic_frame.from_options"
        )

    def getSink(self, *args: Any, **kwargs: Any) -> Any:
        raise NotLocal(
            "local Glue: getSink needs Glue's JVM classes; use write_dynamic_frame.from_options"
        )


def _check_local(connection_type: str, paths: list[str], fmt: str | None) -> None:
    if connection_type not in ("s3", "file"):
        raise NotLocal(f"local Glue reads and writes files only, not {connection_type!r}")
    if fmt not in FORMATS:
        raise NotLocal(f"local Glue supports the formats {', '.join(FORMATS)}, not {fmt!r}")
    remote = [p for p in paths if "://" in p and not p.startswith("file://")]
    if remote or not paths:
        raise NotLocal(
            f"local Glue needs local paths (got {remote or 'none'}): copy the data to a "
            "folder, or run the job on Glue"
        )
