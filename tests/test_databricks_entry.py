"""jobs.daily_revenue through the installed ``jobfactory-databricks`` entry point, as a
python_wheel_task runs it (argv[0] the package name), in local emulation and over Spark Connect
(serverless compute is Spark Connect only); the output must equal the container-style
local-mode reference."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("jobfactory_databricks", reason="runs in the databricks-spark nox session")

from spark_fixtures import (
    SAMPLE,
    daily_revenue_reference,
    read_output,
    run_entry_subprocess,
    spark_env,
    summary_line,
)
from test_connect import connect_server  # noqa: F401 (a fixture)

CONSOLE = [str(Path(sys.executable).with_name("jobfactory-databricks"))]
#: How Databricks starts a python_wheel_task: the named entry point of the installed package,
#: looked up in its metadata and called with sys.argv = [package name, *parameters].
WHEEL_TASK = [
    sys.executable, "-c",
    "import sys; from importlib.metadata import entry_points; sys.argv = sys.argv[1:]; "
    "assert sys.argv[0] == 'jobfactory_databricks'; "
    "(ep,) = entry_points(group='console_scripts', name='jobfactory-databricks'); "
    "sys.exit(ep.load()())",
    "jobfactory_databricks",
]  # fmt: skip


def wheel_task_argv(out: Path, *extra: str) -> list[str]:
    """argv[1:] of a python_wheel_task: named parameters and pushed-down job parameters as
    ``--k=v``, the run-identity references already substituted by Databricks."""
    return [
        "--module_name=jobs.daily_revenue", f"--input_path={SAMPLE}", f"--output_path={out}",
        "--run_id=550315892394120", "--job_id=6", "--task_key=daily_revenue",
        "--attempt=2", "--start_time=2026-11-27T04:30:00",
        "--env_label=prod",  # a job-level parameter the job does not declare
        *extra,
    ]  # fmt: skip


@pytest.mark.spark
def test_wheel_task_in_local_emulation_equals_the_container_entry(
    spark: Any, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    reference = daily_revenue_reference(spark, tmp_path_factory)
    out = tmp_path / "daily_revenue"

    done = run_entry_subprocess(*wheel_task_argv(out), launcher=WHEEL_TASK)

    assert done.returncode == 0, done.stderr[-4000:]
    summary = summary_line(done.stdout)
    assert summary["status"] == "succeeded"
    assert summary["service_provider"] == "databricks"
    assert (summary["run_id"], summary["attempt"]) == ("550315892394120", 2)
    assert read_output(spark, out) == reference
    assert "job parameter --env_label kept in context.job_parameters" in done.stderr


@pytest.mark.connect
@pytest.mark.timeout(480)
def test_wheel_task_over_spark_connect_equals_local_mode(
    spark: Any,
    connect_server: str,  # noqa: F811
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    reference = daily_revenue_reference(spark, tmp_path_factory)
    out = tmp_path / "daily_revenue"

    done = run_entry_subprocess(
        *wheel_task_argv(out, f"--spark_remote={connect_server}"), launcher=CONSOLE
    )

    assert done.returncode == 0, done.stderr[-4000:]
    assert summary_line(done.stdout)["run_id"] == "550315892394120"
    assert f"connecting to Spark Connect at {connect_server}" in done.stderr
    assert read_output(spark, out) == reference


SERVERLESS = """
import os, sys
from pyspark.sql import SparkSession
session = SparkSession.builder.remote(sys.argv[1]).getOrCreate()  # the platform's session
os.environ["DATABRICKS_RUNTIME_VERSION"] = "client.4.0"
from jobfactory_databricks.generic_entry import main
code = main(sys.argv[2:])
assert session.range(5).count() == 5, "the platform's session was stopped"
print("SESSION_ALIVE", file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.connect
@pytest.mark.timeout(480)
def test_serverless_emulation_reuses_the_connect_session_and_leaves_it_running(
    spark: Any,
    connect_server: str,  # noqa: F811
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On the runtime with only a Spark Connect session (serverless), that session is found,
    used and left running: nothing touches sparkContext, RDDs or the JVM."""
    reference = daily_revenue_reference(spark, tmp_path_factory)
    out = tmp_path / "daily_revenue"

    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SERVERLESS), connect_server,
         *wheel_task_argv(out)],
        capture_output=True, text=True, env=spark_env(), timeout=300, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr[-4000:]
    assert "reusing the Databricks Spark session" in done.stderr
    assert "SESSION_ALIVE" in done.stderr
    assert read_output(spark, out) == reference


FAKE_CONNECT = '''"""FakeDatabricksConnect: databricks-connect's ``DatabricksSession``, reduced
to what it is underneath (a Spark Connect client configured for a workspace), pointed at the
local Spark Connect server named by FAKE_DATABRICKS_CONNECT_REMOTE. No workspace exists here."""

import os

from pyspark.sql import SparkSession


class _Builder:
    def getOrCreate(self):
        remote = os.environ["FAKE_DATABRICKS_CONNECT_REMOTE"]
        return SparkSession.builder.remote(remote).getOrCreate()


class DatabricksSession:
    builder = _Builder()
'''
NAMESPACE = '__path__ = __import__("pkgutil").extend_path(__path__, __name__)\n'


@pytest.mark.connect
@pytest.mark.timeout(480)
def test_off_the_runtime_databricks_connect_is_detected_and_used(
    spark: Any,
    connect_server: str,  # noqa: F811
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A configured workspace plus an importable databricks.connect selects ``connect`` mode,
    and the job runs on the DatabricksSession it builds (FakeDatabricksConnect here)."""
    reference = daily_revenue_reference(spark, tmp_path_factory)
    fake = tmp_path / "fake_connect"
    (fake / "databricks" / "connect").mkdir(parents=True)
    (fake / "databricks" / "__init__.py").write_text(NAMESPACE)  # as databricks-sdk ships it
    (fake / "databricks" / "connect" / "__init__.py").write_text(FAKE_CONNECT)
    out = tmp_path / "daily_revenue"
    env = spark_env()
    env.update(
        PYTHONPATH=os.pathsep.join(p for p in (str(fake), env.get("PYTHONPATH")) if p),
        DATABRICKS_HOST="https://workspace.invalid",  # never contacted: the fake connects
        FAKE_DATABRICKS_CONNECT_REMOTE=connect_server,
    )

    done = subprocess.run(
        [*CONSOLE, *wheel_task_argv(out)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr[-4000:]
    assert "connecting to the workspace with databricks-connect" in done.stderr
    assert read_output(spark, out) == reference
