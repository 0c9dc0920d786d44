"""``jobfactory-glue job-definition``: a create_job request Glue accepts (moto over HTTP)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from glue_helpers import run_command

from jobfactory_glue.deploy import job_definition

ARGS = [
    "job-definition",
    "--module_name", "jobs.daily_revenue",
    "--name", "daily-revenue",
    "--script-location", "s3://my-bucket/scripts/generic_entry.py",
    "--wheel", "s3://my-bucket/wheels/jobfactory_core-0.1.0-py3-none-any.whl",
    "--wheel", "s3://my-bucket/wheels/jobfactory_glue-0.1.0-py3-none-any.whl",
    "--role", "arn:aws:iam::123456789012:role/GlueJobRole",
    "--temp-dir", "s3://my-bucket/tmp/",
]  # fmt: skip


def request() -> dict[str, Any]:
    done = run_command(sys.executable, "-m", "jobfactory_glue.cli", *ARGS)
    assert done.returncode == 0, done.stderr
    loaded: dict[str, Any] = json.loads(done.stdout)
    return loaded


def test_definition_runs_the_entry_script_with_the_wheels_and_the_module() -> None:
    got = request()
    assert got["GlueVersion"] == "5.1"
    assert got["Command"] == {
        "Name": "glueetl",
        "ScriptLocation": "s3://my-bucket/scripts/generic_entry.py",
        "PythonVersion": "3",
    }
    defaults = got["DefaultArguments"]
    assert defaults["--module_name"] == "jobs.daily_revenue"
    assert defaults["--additional-python-modules"].split(",") == [ARGS[8], ARGS[10]]
    assert defaults["--TempDir"] == "s3://my-bucket/tmp/"
    env = got["NonOverridableArguments"]["--customer-driver-env-vars"]
    assert env == "CUSTOMER_JOBFACTORY_ALLOWED_MODULES=jobs"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"module_name": "jobs/../x"}, "dotted"),
        ({"allowed_modules": "jobs,other"}, "one dotted package"),
        ({"wheels": []}, "--wheel"),
        ({"script_location": "/tmp/x.py"}, "s3://"),
        ({"allowed_modules": "other"}, "does not include --module_name"),
        ({"allowed_modules": "job"}, "does not include --module_name"),
        ({"bookmarks": "weird"}, "--bookmarks 'weird' is not one of"),
        ({"workers": 0}, "--workers 0"),
        ({"arguments": {"module_name": "os"}}, "give the job with --module_name"),
        ({"arguments": {"JOB_NAME": "x"}}, "Glue or this definition sets it"),
        ({"arguments": {"job-bookmark-option": "x"}}, "use --bookmarks"),
        ({"arguments": {"job_bookmark_option": "x"}}, "spell it that way"),
        ({"arguments": {"customer-driver-env-vars": "x"}}, "Glue or this definition sets it"),
        ({"arguments": {"TempDir": "s3://b/t"}}, "use --temp-dir"),
        ({"arguments": {"a b": "c"}}, "letters, digits"),
    ],
)
def test_bad_definitions_are_refused(change: dict[str, Any], expected: str) -> None:
    from jobfactory_core.errors import UsageError

    base: dict[str, Any] = {
        "name": "n",
        "module_name": "jobs.x",
        "script_location": "s3://b/s.py",
        "wheels": ["s3://b/w.whl"],
        "role": "arn:aws:iam::1:role/r",
    }
    with pytest.raises(UsageError, match=expected):
        job_definition(**{**base, **change})


def test_out_writes_the_same_request_and_keeps_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "job.json"
    done = run_command(sys.executable, "-m", "jobfactory_glue.cli", *ARGS, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text()) == request()
    out.write_text("mine")
    again = run_command(sys.executable, "-m", "jobfactory_glue.cli", *ARGS, "--out", str(out))
    assert again.returncode == 2
    assert again.stderr == f"error: {out} exists: pass --force to replace it\n"
    assert out.read_text() == "mine"
    forced = [*ARGS, "--out", str(out), "--force"]
    assert run_command(sys.executable, "-m", "jobfactory_glue.cli", *forced).returncode == 0
    assert json.loads(out.read_text()) == request()


def test_out_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = run_command(sys.executable, "-m", "jobfactory_glue.cli", *ARGS, "--out", "-")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == request()
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--arg", "oops"), "--arg 'oops': expected name=value"),
        (("--arg", "a=1", "--arg", "a=2"), "--arg a given twice"),
        (("--allowed-modules", "a,b"), "one dotted package"),
    ],
)
def test_bad_options_are_one_line_exit_2_and_write_nothing(
    tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "job.json"
    done = run_command(
        sys.executable, "-m", "jobfactory_glue.cli", *ARGS, *extra, "--out", str(out)
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_arguments_keep_glue_names_and_drop_a_leading_dash_pair() -> None:
    done = run_command(
        sys.executable, "-m", "jobfactory_glue.cli", *ARGS,
        "--arg=--enable-auto-scaling=true", "--arg", "input_path=s3://b/in/",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    defaults = json.loads(done.stdout)["DefaultArguments"]
    assert defaults["--enable-auto-scaling"] == "true"
    assert defaults["--input_path"] == "s3://b/in/"


@pytest.mark.aws
def test_glue_accepts_the_request_and_runs_it(tmp_path: Path) -> None:
    from jobfactory_core.testing.aws import aws_client, moto_server

    got = request()
    with moto_server() as endpoint:
        glue = aws_client("glue", endpoint)
        glue.create_job(**got)
        run_id = glue.start_job_run(
            JobName="daily-revenue", Arguments={"--input_path": "s3://my-bucket/in/"}
        )["JobRunId"]
        job = glue.get_job(JobName="daily-revenue")["Job"]
        run = glue.get_job_run(JobName="daily-revenue", RunId=run_id)["JobRun"]
    assert job["DefaultArguments"] == got["DefaultArguments"]
    assert job["NonOverridableArguments"] == got["NonOverridableArguments"]
    assert job["Command"]["ScriptLocation"] == got["Command"]["ScriptLocation"]
    assert job["GlueVersion"] == "5.1"
    assert run["JobName"] == "daily-revenue"
    assert run["Id"] == run_id
    # The run's arguments: the job's defaults, the run's own, the non-overridable ones on top.
    assert run["Arguments"] == {
        **got["DefaultArguments"],
        "--input_path": "s3://my-bucket/in/",
        **got["NonOverridableArguments"],
    }
