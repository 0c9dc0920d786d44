"""The README's demo: run ``jobs.daily_revenue`` on the shipped sample through the container
entry, as a user would, then show the summary and the first rows of the Parquet it wrote.

``python -m jobs.demo [--output DIR] [extra entry arguments...]``; the output goes to
``./out/daily_revenue`` (relative to the current directory) unless ``--output`` says otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from jobfactory_core.result import parse_summary
from jobs.daily_revenue import sample_path

DEFAULT_OUTPUT = Path("out") / "daily_revenue"


def _print_summary(summary: dict[str, Any]) -> None:
    result = summary.get("result") or {}
    print(f"\nstatus: {summary['status']} in {summary['duration_s']} s (run {summary['run_id']})")
    if not isinstance(result, dict):
        return
    print(
        f"read {result['rows_read']} orders: {result['orders_completed']} completed, "
        f"{result['orders_not_completed']} not completed, {result['rows_rejected']} rejected "
        f"{result['rejected']}"
    )
    print(
        f"revenue {result['revenue_total']} {result['currency']} over "
        f"{result['first_day']}..{result['last_day']}: wrote {result['rows_written']} rows "
        f"in {result['partitions_written']} day partitions to {result['output_path']}"
    )


def _show_rows(output: Path, limit: int = 10) -> None:
    """Read the written Parquet back (a second, short Spark start) and print its first rows."""
    partitions = sorted(p.name for p in output.glob("day=*"))
    if partitions:
        print(f"\n{output}: {len(partitions)} partitions ({partitions[0]} ... {partitions[-1]})")
    from importlib.util import find_spec

    if find_spec("pyspark") is None:
        return
    from jobfactory_core.spark import SparkSessionProvider, SparkSettings

    provider = SparkSessionProvider(SparkSettings(app_name="jobs.demo", master="local[1]"))
    try:
        spark = provider.session()
        from pyspark.sql import functions as F

        frame = spark.read.parquet(str(output))
        print(f"first {limit} rows:")
        frame.orderBy("day", "country").select(
            "day", "country", "revenue", "currency", "orders", "customers"
        ).show(limit, truncate=False)
        print("revenue per day, all countries (first days):")
        frame.groupBy("day", "currency").agg(
            F.sum("revenue").alias("revenue"), F.sum("orders").alias("orders")
        ).orderBy("day").show(7, truncate=False)
    finally:
        provider.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the daily revenue job as a subprocess through the container entry, then report."""
    args = list(sys.argv[1:] if argv is None else argv)
    output = DEFAULT_OUTPUT
    if "--output" in args:
        at = args.index("--output")
        output = Path(args[at + 1])
        del args[at : at + 2]
    sample = sample_path()
    command = [
        sys.executable, "-m", "jobfactory_container.generic_entry",
        "--module_name", "jobs.daily_revenue",
        "--input_path", str(sample), "--output_path", str(output), *args,
    ]  # fmt: skip
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "DO_NOT_TRACK": "1"}
    print("$ python " + " ".join(command[1:]), flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env, check=False)
    sys.stdout.write(done.stdout)
    summary = parse_summary(done.stdout, anywhere=True)
    if summary is not None:
        _print_summary(summary)
    if done.returncode == 0:
        _show_rows(output)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
