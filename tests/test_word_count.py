"""jobs.word_count counts exactly what pyspark's wordcount.py example counts."""

from __future__ import annotations

from operator import add
from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.testing import run_job

TEXT = (
    "the quick brown fox jumps over the lazy dog\n"
    "The  dog   barks; the fox  runs.\n"
    "  leading and trailing spaces  \n"
    "\n"
    "tabs\tare\tnot separators\n"
    "unicode: café naïve café — façade\n"
    "repeat repeat repeat\n"
)


def original_wordcount(spark: Any, path: str) -> dict[str, int]:
    """The logic of examples/src/main/python/wordcount.py, verbatim (RDDs), on ``spark``."""
    lines = spark.read.text(path).rdd.map(lambda r: r[0])
    counts = lines.flatMap(lambda x: x.split(" ")).map(lambda x: (x, 1)).reduceByKey(add)
    return dict(counts.collect())


@pytest.mark.spark
def test_word_count_equals_the_pyspark_example(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text(TEXT * 50, encoding="utf-8")

    outcome = run_job("jobs.word_count", input_path=str(path))

    assert outcome.exit_code == 0, outcome.stderr
    printed: dict[str, int] = {}
    for line in outcome.stdout.splitlines()[:-1]:  # the last line is the JSON summary
        word, _, count = line.rpartition(": ")
        printed[word] = int(count)
    expected = original_wordcount(spark, str(path))
    assert printed == expected
    assert "" in printed and "café" in printed and "tabs\tare\tnot" in printed
    assert outcome.summary["result"] == {
        "distinct_words": len(expected),
        "words": sum(expected.values()),
    }


@pytest.mark.spark
def test_spark_settings_from_config_file_and_command_line(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text("a b a\n", encoding="utf-8")
    config = tmp_path / "job.toml"
    config.write_text(
        "[jobfactory]\n"
        'spark_conf = { "spark.sql.shuffle.partitions" = "6", "spark.executor.cores" = "7" }\n',
        encoding="utf-8",
    )
    previous = spark.conf.get("spark.sql.shuffle.partitions")
    try:
        outcome = run_job(
            "jobs.word_count",
            "--config", str(config),
            "--spark_conf", "spark.sql.files.maxPartitionBytes=64m",
            input_path=str(path),
        )  # fmt: skip

        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.summary["result"] == {"distinct_words": 2, "words": 3}
        assert spark.conf.get("spark.sql.shuffle.partitions") == "6"  # reused session: set live
        assert spark.conf.get("spark.sql.files.maxPartitionBytes") == "64m"
        refused = [line for line in outcome.stderr.splitlines() if "refused setting" in line]
        assert len(refused) == 1 and "spark.executor.cores" in refused[0]
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", previous)
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
