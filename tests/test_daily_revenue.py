"""jobs.daily_revenue: correct numbers, dirty rows reported, Parquet by day, idempotent reruns."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spark_fixtures import (
    SAMPLE,
    daily_revenue_process,  # noqa: F401 (a fixture)
    expected_daily_revenue,
    partitions,
    read_output,
    run_daily_revenue,
    run_entry_subprocess,
)

from jobfactory_core.testing import run_job


@pytest.mark.spark
def test_sample_gives_the_revenue_plain_python_computes(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "daily_revenue"
    outcome = run_daily_revenue(SAMPLE, out)

    assert outcome.exit_code == 0, outcome.stderr
    expected = expected_daily_revenue(SAMPLE)
    result = outcome.summary["result"]
    assert result["rows_read"] == expected.rows_read == 4000
    assert result["rejected"] == expected.rejected
    assert all(count > 0 for count in expected.rejected.values())  # the sample is dirty
    assert result["orders_not_completed"] == expected.not_completed
    assert read_output(spark, out) == expected.rows
    assert result["rows_written"] == len(expected.rows)
    assert outcome.summary["metrics"]["partitions_written"] == 31
    days = partitions(out)
    assert len(days) == 31 and all(len(files) == 1 for files in days.values())
    assert min(days) == "day=2024-03-01" and max(days) == "day=2024-03-31"


@pytest.mark.spark
def test_other_currency_and_input_formats_agree(spark: Any, tmp_path: Path) -> None:
    orders = spark.read.option("header", "true").csv(str(SAMPLE))
    orders.write.parquet(str(tmp_path / "orders.parquet"))
    orders.write.json(str(tmp_path / "orders_as_json"))
    expected = expected_daily_revenue(SAMPLE, currency="USD")

    by_extension = run_daily_revenue(tmp_path / "orders.parquet", tmp_path / "a", "--currency=usd")
    by_flag = run_daily_revenue(
        tmp_path / "orders_as_json", tmp_path / "b", "--input_format=json", "--currency=USD"
    )

    assert by_extension.exit_code == 0, by_extension.stderr
    assert by_flag.exit_code == 0, by_flag.stderr
    assert read_output(spark, tmp_path / "a") == expected.rows
    assert read_output(spark, tmp_path / "b") == expected.rows


@pytest.mark.spark
def test_running_twice_leaves_the_same_data(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "daily_revenue"
    first = run_daily_revenue(SAMPLE, out)
    before, files_before = read_output(spark, out), partitions(out)
    second = run_daily_revenue(SAMPLE, out)

    assert first.exit_code == second.exit_code == 0
    assert read_output(spark, out) == before
    assert {day: len(f) for day, f in partitions(out).items()} == {
        day: len(f) for day, f in files_before.items()
    }
    assert first.summary["result"] == second.summary["result"]


@pytest.mark.spark
def test_rerun_for_some_days_replaces_exactly_those_partitions(spark: Any, tmp_path: Path) -> None:
    from jobs.daily_revenue import generate

    out = tmp_path / "daily_revenue"
    assert run_daily_revenue(SAMPLE, out).exit_code == 0
    before = read_output(spark, out)
    late = generate.write(tmp_path / "late.csv", 300, seed=99, start=dt.date(2024, 3, 10), days=2)

    rerun = run_daily_revenue(late, out)

    assert rerun.exit_code == 0, rerun.stderr
    assert rerun.summary["result"]["partitions_written"] == 2
    replaced = {"2024-03-10", "2024-03-11"}
    after = read_output(spark, out)
    assert [r for r in after if r[0] not in replaced] == [r for r in before if r[0] not in replaced]
    assert [r for r in after if r[0] in replaced] == expected_daily_revenue(late).rows
    assert len(partitions(out)) == 31


@pytest.mark.spark
def test_unreadable_input_fails_with_exit_1_and_a_summary(spark: Any, tmp_path: Path) -> None:
    outcome = run_daily_revenue(tmp_path / "missing.csv", tmp_path / "out")
    assert outcome.exit_code == 1
    assert outcome.summary["status"] == "failed"
    assert not (tmp_path / "out").exists()


@pytest.mark.spark
def test_through_the_entry_as_a_process_matches_in_process(
    daily_revenue_process: Callable[..., Any],  # noqa: F811
) -> None:
    done, summary = daily_revenue_process("--spark_conf", "spark.sql.shuffle.partitions=3")

    assert summary["metrics"]["rows_read"] == 4000
    assert "starting a Spark session (master local[*])" in done.stderr
    assert "stopping the Spark session jobfactory created" in done.stderr


# -- without Spark --------------------------------------------------------------------------------
def test_has_spark_false_exits_3_with_one_line_saying_what_to_do(tmp_path: Path) -> None:
    outcome = run_job(
        "jobs.daily_revenue",
        "--has_spark",
        "false",
        input_path=str(SAMPLE),
        output_path=str(tmp_path / "out"),
    )

    assert outcome.exit_code == 3
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, outcome.stderr
    assert "needs Spark" in errors[0]
    if importlib.util.find_spec("pyspark") is not None:
        assert "switched off (--has_spark false" in errors[0]
    else:
        assert "pip install" in errors[0]
    assert "Traceback" not in outcome.stderr
    assert outcome.summary["exit_code"] == 3
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is not None,
    reason="checks a machine without pyspark (the integration session)",
)
def test_where_pyspark_is_absent_it_exits_3(tmp_path: Path) -> None:
    done = run_entry_subprocess(
        "--module_name", "jobs.daily_revenue", "--input_path", str(SAMPLE),
        "--output_path", str(tmp_path / "out"),
    )  # fmt: skip
    assert done.returncode == 3
    assert "pip install" in done.stderr.strip().splitlines()[-1]


def test_help_needs_no_spark() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jobfactory_container.generic_entry",
         "--module_name", "jobs.daily_revenue", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for name in ("--input_path", "--output_path", "--input_format", "--currency"):
        assert name in done.stdout
    assert "needs Spark" in done.stdout


def test_generator_is_deterministic_and_dirty(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "jobs.daily_revenue.generate", "--rows", "2000"]
    for name in ("a.csv", "b.csv"):
        done = subprocess.run(
            [*command, "--output", str(tmp_path / name)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    text = (tmp_path / "a.csv").read_text()
    assert text == (tmp_path / "b.csv").read_text()
    assert len(text.splitlines()) == 2001
    expected = expected_daily_revenue(tmp_path / "a.csv")
    assert sum(expected.rejected.values()) > 0
    assert expected.rows


def test_no_job_or_entry_code_touches_spark_context_or_rdds() -> None:
    """They do not exist on Spark Connect; only DataFrame APIs are allowed."""
    import ast

    roots = [SAMPLE.parents[1] / "src", SAMPLE.parents[2] / "packages"]
    used = {
        (str(path), node.attr)
        for root in roots
        for path in root.rglob("*.py")
        if "/tests/" not in str(path)
        # Local Glue fakes the JVM side of AWS's awsglue library, which is classic Spark only.
        and "/jobfactory_glue/local/" not in str(path)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr in ("sparkContext", "rdd", "_jsc", "_sc")
    }
    assert used == set()


@pytest.mark.spark
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--input_path", "orders.data"), "pass --input_format csv|json|parquet"),
        (("--input_path", "orders.csv", "--currency", "XYZ"), "unknown target currency 'XYZ'"),
    ],
)
def test_parameter_mistakes_exit_2_before_spark_starts(
    tmp_path: Path, args: tuple[str, ...], fragment: str
) -> None:
    done = run_entry_subprocess(
        "--module_name", "jobs.daily_revenue", *args, "--output_path", str(tmp_path / "out")
    )
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and fragment in errors[0]
    assert "starting a Spark session" not in done.stderr
    assert not (tmp_path / "out").exists()
