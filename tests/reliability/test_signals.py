"""Signals during import, during Python work and during a Spark stage of ``jobs.daily_revenue``.

Each run is a real process in a session of its own. SIGINT goes to the whole process group
(what Ctrl-C in a terminal does), SIGTERM to the process alone (what ``docker stop`` and
Kubernetes do). After it: exit 130/143 with a failed summary as the last stdout line,
``on_failure`` exactly once, nothing left running in the session (no JVM), and nothing at
the output path (the job stages its output with ``jobfactory_core.output``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jobfactory_core.output import STAGING_MARK
from jobfactory_core.testing import EntryOutcome

from .conftest import REPO, EntryUnderTest, process_env, read_records

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and /proc")

SIGNALS = [
    pytest.param(signal.SIGINT, 130, id="SIGINT"),
    pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
]


def session_processes(sid: int) -> list[int]:
    """Pids of live processes in session ``sid`` (the run and anything it started)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def wait_until(condition: Callable[[], bool], process: subprocess.Popen[str], what: str,
               timeout: float = 180) -> None:  # fmt: skip
    """Poll (bounded) until ``condition`` holds; fail at once if the process ended first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the run ended ({process.returncode}) before {what}:\n{err[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {timeout} s")
        time.sleep(0.02)


@contextlib.contextmanager
def started(entry: EntryUnderTest, argv: list[str], **env: str) -> Iterator[subprocess.Popen[str]]:
    """The entry as a process in a new session; whatever is left of it is killed after."""
    process = subprocess.Popen(
        entry.command(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**process_env(**env), **entry.env},
        cwd=REPO,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        for pid in session_processes(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.communicate()


def interrupt(process: subprocess.Popen[str], signum: int) -> EntryOutcome:
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # Ctrl-C: the whole foreground group
    else:
        os.kill(process.pid, signum)
    out, err = process.communicate(timeout=180)
    return EntryOutcome(process.returncode, out, err)


def check_interrupted(ran: EntryOutcome, code: int) -> None:
    assert ran.exit_code == code, ran.stderr[-4000:]
    summary = ran.summary
    assert summary["status"] == "failed"
    assert summary["exit_code"] == code


def check_nothing_left(pid: int) -> None:
    """Nothing of the run keeps running (a JVM would outlive an unclean exit)."""
    deadline = time.monotonic() + 30
    while session_processes(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_processes(pid) == []


def staging_entries(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if STAGING_MARK in p.name]


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_signal_during_import(
    signum: int, code: int, entry: EntryUnderTest, tmp_path: Path
) -> None:
    marker, record = tmp_path / "marker", tmp_path / "record.jsonl"
    argv = ["--module_name", "reliability.rljobs.slow_import"]
    with started(entry, argv, RL_MARKER=str(marker), RL_RECORD=str(record)) as process:
        wait_until(marker.exists, process, "the import began")
        ran = interrupt(process, signum)
    check_interrupted(ran, code)
    assert "Traceback" not in ran.stderr
    check_nothing_left(process.pid)


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_signal_during_python_work(
    signum: int, code: int, entry: EntryUnderTest, tmp_path: Path
) -> None:
    marker, record, out = tmp_path / "marker", tmp_path / "record.jsonl", tmp_path / "out"
    argv = ["--module_name", "reliability.rljobs.slow", "--output_path", str(out)]
    with started(entry, argv, RL_MARKER=str(marker), RL_RECORD=str(record)) as process:
        wait_until(marker.exists, process, "the job began its work")
        ran = interrupt(process, signum)
    check_interrupted(ran, code)
    hooks = [(r["what"], r.get("error_type")) for r in read_records(record)]
    assert hooks == [("on_failure", "JobInterrupted")]
    assert not out.exists()
    assert staging_entries(tmp_path) == []
    check_nothing_left(process.pid)


@pytest.fixture(scope="module")
def big_orders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough orders (~10 MB) that Spark works for a while after the output is staged."""
    from jobs.daily_revenue import generate

    path = tmp_path_factory.mktemp("orders") / "orders.csv"
    return generate.write(path, 150_000, seed=5, start=dt.date(2024, 1, 1), days=120)


def spark_stage_began(staging_parent: Path, stage: str) -> Callable[[], bool]:
    """``aggregate``: the output is staged, so the session is up and the first stage starts.
    ``write``: Spark's own staging directory exists inside ours (the write stage runs)."""

    def began() -> bool:
        ours = [staging_parent / name for name in staging_entries(staging_parent)]
        if stage == "aggregate":
            return bool(ours)
        return any(any(p.glob("*/.spark-staging-*")) for p in ours)

    return began


@pytest.mark.spark
@pytest.mark.parametrize(
    ("signum", "code", "stage"),
    [
        pytest.param(signal.SIGINT, 130, "aggregate", id="SIGINT-aggregate"),
        pytest.param(signal.SIGTERM, 143, "aggregate", id="SIGTERM-aggregate"),
        pytest.param(signal.SIGTERM, 143, "write", id="SIGTERM-write"),
    ],
)
def test_signal_during_a_spark_stage_of_daily_revenue(
    signum: int, code: int, stage: str, entry: EntryUnderTest, tmp_path: Path, big_orders: Path
) -> None:
    """The output already holds a previous run's day: it is left exactly as it was."""
    out = tmp_path / "daily_revenue"
    (out / "day=2023-12-31").mkdir(parents=True)
    (out / "day=2023-12-31" / "part-0.parquet").write_text("previous run")
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    record = tmp_path / "record.jsonl"
    argv = ["--module_name", "reliability.rljobs.revenue_recorded",
            "--input_path", str(big_orders), "--output_path", str(out)]  # fmt: skip
    with started(entry, argv, RL_RECORD=str(record), PYSPARK_PYTHON=sys.executable) as process:
        wait_until(spark_stage_began(tmp_path, stage), process, f"the {stage} stage began")
        if stage == "aggregate":
            time.sleep(1.5)  # from planning into the running stage (not a timing assertion)
        ran = interrupt(process, signum)
    check_interrupted(ran, code)
    hooks = [(r["what"], r.get("error_type")) for r in read_records(record)]
    assert hooks == [("on_failure", "JobInterrupted")], ran.stderr[-3000:]
    assert "stopping the Spark session jobfactory created" in ran.stderr
    check_nothing_left(process.pid)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert staging_entries(tmp_path) == []
