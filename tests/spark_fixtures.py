"""Shared fixtures and helpers for the Spark tests of the example jobs (import what you use).

``daily_revenue_reference`` runs ``jobs.daily_revenue`` once per pytest session, in-process on
the shared SparkSession; the fixture ``daily_revenue_process`` runs it as a process (another
launcher, a cluster, Spark Connect) and checks that the output equals that local-mode reference.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import os
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from jobfactory_core.result import parse_summary
from jobfactory_core.testing import EntryOutcome, run_job

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "jobs" / "data" / "orders.csv"
#: What users spark-submit: the entry module shipped in the installed package (docs/spark.md).
ENTRY_SCRIPT = Path(importlib.import_module("jobfactory_container.generic_entry").__file__ or "")

Row = tuple[str, str, str, Decimal, int, int]  # day, country, currency, revenue, orders, customers


def spark_env() -> dict[str, str]:
    """The environment for a Spark subprocess: loopback only, no telemetry, this Python."""
    return {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "DO_NOT_TRACK": "1",
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
    }


def read_output(spark: Any, path: Path | str) -> list[Row]:
    """The job's Parquet output as sorted plain tuples (day as ISO text)."""
    frame = spark.read.parquet(str(path))
    rows = [
        (
            r["day"].isoformat(),
            r["country"],
            r["currency"],
            r["revenue"],
            r["orders"],
            r["customers"],
        )
        for r in frame.collect()
    ]
    return sorted(rows)


def partitions(path: Path) -> dict[str, list[str]]:
    """``day=...`` directory -> the Parquet files in it."""
    return {
        d.name: sorted(f.name for f in d.glob("*.parquet"))
        for d in sorted(path.glob("day=*"))
        if d.is_dir()
    }


def run_daily_revenue(input_path: Path | str, output_path: Path | str, *args: str) -> EntryOutcome:
    """``jobs.daily_revenue`` through the container-style entry, in-process."""
    return run_job(
        "jobs.daily_revenue",
        *args,
        input_path=str(input_path),
        output_path=str(output_path),
    )


def run_entry_subprocess(
    *args: str, timeout: float = 300, launcher: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m jobfactory_container.generic_entry ARGS`` (or another launcher) as a process."""
    command = launcher or [sys.executable, "-m", "jobfactory_container.generic_entry"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=spark_env(),
        timeout=timeout,
        check=False,
        cwd=REPO,
    )


def summary_line(stdout: str) -> dict[str, Any]:
    """The JSON summary on stdout. Under spark-submit it need not be the last line: Spark merges
    the driver's stderr (log lines) into its stdout."""
    loaded = parse_summary(stdout, anywhere=True)
    if loaded is not None:
        return loaded
    raise AssertionError(f"no summary line in:\n{stdout[-3000:]}")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[Any], timeout: float, log: Path) -> None:
    """Wait (bounded) until something listens on 127.0.0.1:port; fail fast if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise AssertionError(
        f"nothing listened on 127.0.0.1:{port} after {timeout} s:\n{log.read_text()[-3000:]}"
    )


def stop_process(process: subprocess.Popen[Any], timeout: float = 30) -> None:
    """Terminate a server we started, then kill it if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


# -- an independent reference: the same rules in plain Python -----------------------------------
# The rates are deliberately a copy of jobs.daily_revenue.transform's table (and the rules are
# re-implemented, not imported): a reference that shares the code under test checks nothing.
RATES_TO_EUR = {
    "EUR": Decimal("1"),
    "USD": Decimal("0.92"),
    "GBP": Decimal("1.17"),
    "CHF": Decimal("1.05"),
    "SEK": Decimal("0.088"),
    "PLN": Decimal("0.23"),
    "JPY": Decimal("0.0062"),
}


@dataclass
class Expected:
    """What the job should produce for an input file, computed without Spark."""

    rows: list[Row]
    rows_read: int
    rejected: dict[str, int]
    not_completed: int


def _timestamp(text: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def expected_daily_revenue(path: Path, currency: str = "EUR") -> Expected:
    """Daily revenue by the job's documented rules, in plain Python (CSV input)."""
    target = RATES_TO_EUR[currency]
    revenue: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    orders: dict[tuple[str, str], int] = defaultdict(int)
    customers: dict[tuple[str, str], set[str]] = defaultdict(set)
    rejected = {"bad_timestamp": 0, "bad_amount": 0, "unknown_currency": 0, "missing_country": 0}
    rows_read = not_completed = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            rows_read += 1
            ts = _timestamp(record["order_ts"] or "")
            try:
                amount: Decimal | None = Decimal((record["amount"] or "").strip())
            except InvalidOperation:
                amount = None
            code = (record["currency"] or "").strip().upper()
            country = (record["country"] or "").strip().upper()
            if ts is None:
                rejected["bad_timestamp"] += 1
            elif amount is None or amount < 0:
                rejected["bad_amount"] += 1
            elif code not in RATES_TO_EUR:
                rejected["unknown_currency"] += 1
            elif not country:
                rejected["missing_country"] += 1
            elif (record["status"] or "").strip().lower() != "completed":
                not_completed += 1
            else:
                factor = (RATES_TO_EUR[code] / target).quantize(Decimal("0.00000001"))
                key = (ts.astimezone(dt.timezone.utc).date().isoformat(), country)
                revenue[key] += (amount * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)
                orders[key] += 1
                customers[key].add(record["customer_id"])
    rows = sorted(
        (day, country, currency, revenue[(day, country)], orders[(day, country)],
         len(customers[(day, country)]))
        for day, country in revenue
    )  # fmt: skip
    return Expected(rows, rows_read, rejected, not_completed)


_reference: list[list[Row]] = []  # filled once per pytest session


def daily_revenue_reference(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> list[Row]:
    """The sample through ``jobs.daily_revenue`` in local mode (shared session), read back.

    Computed on first use, then reused for the rest of the pytest session."""
    if not _reference:
        out = tmp_path_factory.mktemp("reference") / "daily_revenue"
        outcome = run_daily_revenue(SAMPLE, out)
        assert outcome.exit_code == 0, outcome.stderr
        _reference.append(read_output(spark, out))
    return _reference[0]


@pytest.fixture
def daily_revenue_process(
    spark: Any, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Callable[..., tuple[subprocess.CompletedProcess[str], dict[str, Any]]]:
    """``run(*args, launcher=None, timeout=300)``: ``jobs.daily_revenue`` on the sample as a
    process (``args`` first: options and, for spark-submit, the entry script), into
    ``tmp_path / "daily_revenue"``. Asserts it exited 0, succeeded and wrote exactly what local
    mode writes (``daily_revenue_reference``); returns the process and its summary line."""
    reference = daily_revenue_reference(spark, tmp_path_factory)

    def run(
        *args: str, launcher: list[str] | None = None, timeout: float = 300
    ) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
        out = tmp_path / "daily_revenue"
        done = run_entry_subprocess(
            *args,
            "--module_name", "jobs.daily_revenue",
            "--input_path", str(SAMPLE), "--output_path", str(out),
            launcher=launcher,
            timeout=timeout,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-4000:]
        summary = summary_line(done.stdout)
        assert summary["status"] == "succeeded"
        assert read_output(spark, out) == reference
        return done, summary

    return run
