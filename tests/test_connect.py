"""jobs.daily_revenue against a real Spark Connect server started from the installed pyspark 4."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from spark_fixtures import (
    daily_revenue_process,  # noqa: F401 (a fixture)
    free_port,
    spark_env,
    stop_process,
    wait_for_port,
)

pytestmark = [pytest.mark.connect, pytest.mark.timeout(480)]

SERVER = "org.apache.spark.sql.connect.service.SparkConnectServer"


def _pyspark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


@pytest.fixture
def connect_server(tmp_path: Path) -> Iterator[str]:
    """``sc://127.0.0.1:PORT`` of a Connect server (local[2], loopback only); stopped after."""
    import subprocess

    jars = list((_pyspark_home() / "jars").glob("spark-connect_*.jar"))
    if not jars:
        pytest.skip("this pyspark ships no Spark Connect server jar (pyspark < 4)")
    port = free_port()
    log = tmp_path / "connect.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [str(_pyspark_home() / "bin" / "spark-submit"), "--class", SERVER,
             "--master", "local[2]", "--name", "jobfactory-connect-test",
             "--conf", f"spark.connect.grpc.binding.port={port}",
             "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
             "--conf", "spark.driver.host=127.0.0.1",
             "--conf", "spark.driver.bindAddress=127.0.0.1",
             "--conf", "spark.ui.enabled=false"],
            stdout=sink, stderr=subprocess.STDOUT, env=spark_env(),
        )  # fmt: skip
    try:
        wait_for_port(port, server, timeout=120, log=log)
        yield f"sc://127.0.0.1:{port}"
    finally:
        stop_process(server)


def test_daily_revenue_over_spark_connect_equals_local_mode(
    connect_server: str,
    daily_revenue_process: Callable[..., Any],  # noqa: F811
) -> None:
    done, _ = daily_revenue_process(
        "--spark_remote", connect_server,
        "--spark_conf", "spark.sql.shuffle.partitions=4",
        "--spark_conf", "spark.executor.memory=2g",  # static: Connect refuses it
        timeout=300,
    )  # fmt: skip

    assert f"connecting to Spark Connect at {connect_server}" in done.stderr
    refused = [line for line in done.stderr.splitlines() if "refused setting" in line]
    assert len(refused) == 1 and "spark.executor.memory" in refused[0]
