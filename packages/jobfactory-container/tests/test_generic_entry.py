"""The container entry as users launch it: a subprocess, a console script, real signals."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from jobfactory_core.testing import summary_of

HERE = Path(__file__).parent
REPO = HERE.parents[2]


def entry_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBFACTORY_")}
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def run_command(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), capture_output=True, text=True, env=entry_env(**env), timeout=60
    )


def run_entry(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_command(sys.executable, "-m", "jobfactory_container.generic_entry", *args, **env)


def test_injects_container_service_provider() -> None:
    done = run_entry("--module_name", "ctjobs.where")
    assert done.returncode == 0, done.stderr
    result = summary_of(done.stdout, done.stderr)["result"]
    assert result == {"service_provider": "container", "has_spark": result["has_spark"]}  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--has_spark", "false"), {}), ((), {"JOBFACTORY_HAS_SPARK": "false"})],
)
def test_has_spark_can_be_switched_off(args: tuple[str, ...], env: dict[str, str]) -> None:
    done = run_entry("--module_name", "ctjobs.where", *args, **env)
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout, done.stderr)["result"] == {
        "service_provider": "container",
        "has_spark": False,
    }


def test_has_spark_is_a_real_bool_matching_pyspark_presence() -> None:
    from importlib.util import find_spec

    done = run_entry("--module_name", "ctjobs.where")
    has_spark = summary_of(done.stdout, done.stderr)["result"]["has_spark"]  # type: ignore[index]
    assert has_spark is (find_spec("pyspark") is not None)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_runs_hooks_and_notifiers_and_exits_with_its_code(
    tmp_path: Path, signum: int, code: int
) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jobfactory_container.generic_entry",
            "--module_name",
            "ctjobs.sleeper",
            "--markers",
            str(tmp_path),
            "--has_spark",
            "false",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=entry_env(),
    )
    try:
        assert proc.stderr is not None
        for _ in range(200):
            line = proc.stderr.readline()
            if "ready" in line or not line:
                break
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    assert (tmp_path / "on_failure").read_text() == "JobInterrupted"
    assert (tmp_path / "event-failed").read_text() == "JobInterrupted"
    assert summary_of(out, err)["status"] == "failed"
    assert summary_of(out, err)["exit_code"] == code


def test_console_script_is_installed_and_equivalent() -> None:
    script = shutil.which("jobfactory-container", path=str(Path(sys.executable).parent))
    assert script is not None
    done = run_command(script, "--module_name", "ctjobs.where", "--has_spark", "false")
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout, done.stderr)["service_provider"] == "container"


def test_two_line_script_for_platforms_that_need_a_path() -> None:
    script = REPO / "scripts" / "container" / "generic_entry.py"
    done = run_command(sys.executable, str(script), "--module_name", "ctjobs.where")
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout, done.stderr)["status"] == "succeeded"
