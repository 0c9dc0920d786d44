"""Word count, ported from pyspark's ``examples/src/main/python/wordcount.py``.

How an existing Spark script becomes a job: the ``sys.argv`` handling becomes typed
parameters of ``execute``; ``SparkSession.builder...getOrCreate()`` becomes
``self.context.spark()`` (jobfactory reuses or builds the session and stops only its own, so
the script's ``spark.stop()`` goes); the RDD calls become DataFrame calls, which also run on
Spark Connect. The output is the original's: one ``word: count`` line per distinct word.

The original, for comparison::

    lines = spark.read.text(sys.argv[1]).rdd.map(lambda r: r[0])
    counts = lines.flatMap(lambda x: x.split(' ')).map(lambda x: (x, 1)).reduceByKey(add)
    for (word, count) in counts.collect():
        print("%s: %i" % (word, count))
"""

from __future__ import annotations

import sys
from typing import Any

from jobfactory_core import Job, JobFactory


def count_words(spark: Any, path: str) -> Any:
    """A DataFrame of ``word``, ``count``: each line split on single spaces, as ``str.split(' ')``.

    Spark's ``split`` with limit -1 keeps empty strings between and after spaces, exactly as
    Python's ``split(' ')`` does, so the counts match the RDD original word for word.
    """
    from pyspark.sql import functions as F

    lines = spark.read.text(path)
    words = lines.select(F.explode(F.split(F.col("value"), " ", -1)).alias("word"))
    return words.groupBy("word").count()


class WordCountJob(Job):
    """Count the words of a text file (splitting on single spaces) and print ``word: count``."""

    requires_spark = True

    def execute(self, input_path: str, print_counts: bool = True) -> dict[str, Any]:
        counts = count_words(self.context.spark(), input_path).collect()
        total = 0
        for word, count in counts:
            total += count
            if print_counts:
                sys.stdout.write(f"{word}: {count}\n")
        self.context.metric("distinct_words", len(counts))
        self.context.metric("words", total)
        return {"distinct_words": len(counts), "words": total}


class WordCountJobFactory(JobFactory):
    job_class = WordCountJob


def main(**params: Any) -> Any:
    return WordCountJobFactory().run(**params)
