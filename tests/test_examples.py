"""Every example job through the real container entry, as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import clean_env, entry


def test_hello_as_in_the_readme() -> None:
    ran = entry("--module_name", "jobs.hello", "--name", "Ada", "--times=3", "--shout")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.splitlines()[:3] == ["HELLO, ADA!"] * 3
    summary = ran.summary
    assert summary["status"] == "succeeded"
    assert summary["job"] == "jobs.hello"
    assert summary["service_provider"] == "container"
    assert summary["result"] == {"greeting": "HELLO, ADA!", "times": 3, "lines": 3}
    for key in ("run_id", "duration_s"):
        assert key in summary


def test_hello_with_a_start_date() -> None:
    ran = entry("--module_name", "jobs.hello", "--name", "Ada", "--start", "2020-01-01")
    assert ran.exit_code == 0, ran.stderr
    assert "days since 2020-01-01" in ran.stdout


def test_noop_reports_what_it_received() -> None:
    ran = entry("--module_name", "jobs.noop", "--a", "1", "--flag")
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"]["params"] == {"a": "1", "flag": "true"}
    assert ran.summary["result"]["service_provider"] == "container"


def test_registered_job_name() -> None:
    ran = entry("--job", "hello", "--name", "Bo")
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"]["greeting"] == "Hello, Bo!"


def test_unknown_registered_job_lists_known_ones() -> None:
    ran = entry("--job", "helo")
    assert ran.exit_code == 2
    assert "no job registered as 'helo'" in ran.stderr and "hello" in ran.stderr


@pytest.mark.parametrize(
    ("args", "env", "fragment"),
    [
        ((), {}, "no job given"),
        (("--module_name", "../x"), {}, "not a dotted Python module name"),
        (("--module_name", "os;rm"), {}, "not a dotted Python module name"),
        (("--module_name", "jobs.does_not_exist"), {}, "not found"),
        (("--module_name", "jobs"), {}, "has no main"),
        (("--module_name", "jobs.hello", "--name", "a", "--times", "abc"), {}, "not an integer"),
        (("--module_name", "jobs.hello"), {}, "--name is required"),
        (("--module_name", "jobs.hello", "--name", "a", "--name", "b"), {}, "given twice"),
        (("--module_name", "jobs.hello", "oops", "--name", "a"), {}, "unexpected argument"),
        (("--module_name", "jobs.hello", "--name={{job.run_id}}"), {}, "unresolved template"),
        (
            ("--module_name", "jobs.hello", "--name", "a", "--tmes", "3"),
            {"JOBFACTORY_STRICT_PARAMS": "1"},
            "did you mean --times?",
        ),
    ],
)
def test_user_mistakes_exit_2_with_one_clear_line(
    args: tuple[str, ...], env: dict[str, str], fragment: str
) -> None:
    ran = entry(*args, **env)
    assert ran.exit_code == 2, ran.stderr
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr
    assert fragment in lines[0]
    assert "Traceback" not in ran.stderr
    assert "Hello" not in ran.stdout and "HELLO" not in ran.stdout  # the job did not run
    assert ran.summary["exit_code"] == 2


def test_help_for_a_job() -> None:
    ran = entry("--module_name", "jobs.hello", "--help")
    assert ran.exit_code == 0
    assert "--times" in ran.stdout and "int" in ran.stdout and "default: 1" in ran.stdout


FORBIDDEN = ("pyspark", "py4j", "boto3", "botocore", "databricks", "awsglue")
PROBE = (
    "import sys, json\n"
    "from jobfactory_container.generic_entry import main\n"
    "code = main(['--module_name', 'jobs.noop', '--x', '1'])\n"
    f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
    "print(json.dumps({'code': code, 'imported': bad}))\n"
)


def _dispatch_imports() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=clean_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_dispatching_noop_imports_no_platform_library() -> None:
    assert _dispatch_imports() == {"code": 0, "imported": []}


@pytest.mark.spark
def test_dispatching_noop_imports_no_platform_library_with_pyspark_installed() -> None:
    import importlib.util

    assert importlib.util.find_spec("pyspark") is not None
    assert _dispatch_imports() == {"code": 0, "imported": []}


CANARY = "Canary-7f3a9-pa55"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secret_canary_never_appears(fmt: str) -> None:
    ran = entry("--module_name", "itjobs.leaky", "--db_password", CANARY, JOBFACTORY_LOG_FORMAT=fmt)
    assert ran.exit_code == 1
    assert CANARY not in ran.stdout
    assert CANARY not in ran.stderr
    assert "could not connect to postgresql://etl:***@db:5432/sales" in ran.stderr
    assert "debug: dsn=postgresql://etl:***@db" in ran.stdout
    assert ran.summary["error_type"] == "ConnectionError"
    if fmt == "json":
        for line in ran.stderr.strip().splitlines():
            json.loads(line)  # every log line is one JSON object
