"""jobs.daily_revenue through spark-submit on a real standalone cluster (master + one worker).

The cluster comes from the installed pyspark (``bin/spark-class``), listens on 127.0.0.1 only,
and is stopped whatever happens. The output must equal the local-mode output.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spark_fixtures import (
    ENTRY_SCRIPT,
    daily_revenue_process,  # noqa: F401 (a fixture)
    free_port,
    spark_env,
    wait_for_port,
)

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(480)]


def _pyspark_bin() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent / "bin"


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:
        return subprocess.Popen(
            [str(_pyspark_bin() / "spark-class"), *args],
            stdout=sink, stderr=subprocess.STDOUT, env=spark_env(), start_new_session=True,
        )  # fmt: skip


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group we started (the worker's executors too), then SIGKILL."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as reply:
            state: dict[str, Any] = json.load(reply)
    except OSError:
        return 0
    return int(state.get("aliveworkers", 0))


@pytest.fixture
def standalone_cluster(tmp_path: Path) -> Iterator[str]:
    """``spark://127.0.0.1:PORT`` of a master with one registered worker; torn down after."""
    port, ui_port, worker_ui = free_port(), free_port(), free_port()
    master = _start(
        ["org.apache.spark.deploy.master.Master",
         "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui_port)],
        tmp_path / "master.log",
    )  # fmt: skip
    worker = None
    try:
        wait_for_port(port, master, timeout=90, log=tmp_path / "master.log")
        url = f"spark://127.0.0.1:{port}"
        worker = _start(
            ["org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
             "--cores", "2", "--memory", "2g", "--webui-port", str(worker_ui),
             "--work-dir", str(tmp_path / "work")],
            tmp_path / "worker.log",
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while _alive_workers(ui_port) < 1:
            if worker.poll() is not None or time.monotonic() > deadline:
                log = (tmp_path / "worker.log").read_text()[-3000:]
                raise AssertionError(f"the worker did not register with {url}:\n{log}")
            time.sleep(0.5)
        yield url
    finally:
        if worker is not None:
            _stop(worker)
        _stop(master)


def test_daily_revenue_on_a_standalone_cluster_equals_local_mode(
    standalone_cluster: str,
    daily_revenue_process: Callable[..., Any],  # noqa: F811
) -> None:
    done, summary = daily_revenue_process(
        "--master", standalone_cluster,
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false", "--executor-memory", "1g",
        str(ENTRY_SCRIPT),
        launcher=[str(_pyspark_bin() / "spark-submit")],
        timeout=360,
    )  # fmt: skip

    assert summary["metrics"]["partitions_written"] == 31
    assert "master chosen by spark-submit" in done.stdout + done.stderr
