"""The daily revenue transformation as a bare pyspark script: the baseline for
``bench/spark_overhead.py``. No jobfactory: it builds and stops its own session.

``python bench/bare_daily_revenue.py INPUT OUTPUT``. It loads the job's ``transform.py`` by
file path (plain pyspark, no jobfactory import), so both sides do the same Spark work, and it
uses the same session settings jobfactory uses in local mode, so only the framework differs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

TRANSFORM = Path(__file__).resolve().parents[1] / "jobs/src/jobs/daily_revenue/transform.py"


def main() -> int:
    started = time.monotonic()
    input_path, output_path = sys.argv[1], sys.argv[2]
    spec = importlib.util.spec_from_file_location("bare_transform", TRANSFORM)
    assert spec is not None and spec.loader is not None
    transform = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = transform  # dataclasses look their module up there
    spec.loader.exec_module(transform)

    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    cores = os.cpu_count() or 2
    spark = (
        SparkSession.builder.appName("bare_daily_revenue")
        .master("local[*]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(min(64, max(4, 2 * cores))))
        .config("spark.default.parallelism", str(max(2, cores)))
        .getOrCreate()
    )
    try:
        outcome = transform.daily_revenue(spark, input_path, output_path)
    finally:
        spark.stop()
    print(
        json.dumps(
            {
                "rows_read": outcome.rows_read,
                "rows_written": outcome.rows_written,
                "partitions_written": len(outcome.days),
                "duration_s": round(time.monotonic() - started, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
