"""Runs a Spark stage that takes its time (a sleeping UDF): signals arrive mid-query."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jobfactory_core import Job, JobContext, JobFactory


def _slow(value: int) -> int:
    time.sleep(60)
    return value


class SparkStageJob(Job):
    requires_spark = True

    def execute(self, markers: Path) -> int:
        from pyspark.sql import functions as F
        from pyspark.sql.types import LongType

        self.markers = markers
        spark = self.context.spark()
        # Non-deterministic, and its column collected: Spark can neither skip nor reorder it.
        slow = F.udf(_slow, LongType()).asNondeterministic()
        frame = spark.range(0, 4, 1, 2).select(slow("id").alias("id"))
        print("ready", file=sys.stderr, flush=True)
        return len(frame.collect())

    def on_failure(self, error: BaseException, context: JobContext) -> None:
        with (self.markers / "on_failure").open("a") as out:
            out.write(type(error).__name__ + "\n")


class SparkStageFactory(JobFactory):
    job_class = SparkStageJob


def main(**params: object) -> object:
    return SparkStageFactory().run(**params)
