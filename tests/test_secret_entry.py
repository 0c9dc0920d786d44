"""Secret references through the real entry: the job gets the value; nothing else ever does."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from conftest import HERE, entry

from jobfactory_core.testing.webhook import WebhookServer

SECRET = "Tr0ub4dor-and-3-horses"

JOB = '''
"""Uses its password badly: logs it, prints it, puts it in the result and an exception."""
import hashlib
import logging
from typing import Any
from jobfactory_core import Job, JobFactory

class CarelessJob(Job):
    def execute(self, db_password: str, fail: bool = False) -> dict[str, Any]:
        logging.getLogger("careless").warning("password=%s", db_password)
        print("password:", db_password)
        if fail:
            raise PermissionError(f"login rejected for {db_password}")
        return {"sha256": hashlib.sha256(db_password.encode()).hexdigest(), "raw": db_password}

class CarelessFactory(JobFactory):
    job_class = CarelessJob

def main(**params: Any) -> Any:
    return CarelessFactory().run(**params)
'''


@pytest.fixture
def events():
    """A webhook on 127.0.0.1 recording every event body."""
    with WebhookServer(status=204) as server:
        yield server


def careless(tmp_path, events, *args: str):
    url = events.url
    (tmp_path / "careless_job.py").write_text(JOB)
    conf = tmp_path / "c.toml"
    conf.write_text(
        f'[jobfactory]\nnotifiers = [{{ type = "log" }}, {{ type = "webhook", url = "{url}" }}]\n'
    )
    pythonpath = os.pathsep.join([str(tmp_path), str(HERE)])
    ran = entry(
        "--module_name", "careless_job", "--config", str(conf),
        "--db_password", "secret://env/JF_IT_DB_PASSWORD", *args,
        JF_IT_DB_PASSWORD=SECRET, PYTHONPATH=pythonpath, JOBFACTORY_LOG_FORMAT="json",
    )  # fmt: skip
    return ran, events.bodies


def test_job_receives_the_secret_and_it_leaks_nowhere(tmp_path, events):
    ran, bodies = careless(tmp_path, events)
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"]["sha256"] == hashlib.sha256(SECRET.encode()).hexdigest()
    assert ran.summary["result"]["raw"] == "***"
    assert [b["event"] for b in bodies] == ["started", "succeeded"]
    for where in (ran.stdout, ran.stderr, json.dumps(bodies)):
        assert SECRET not in where


def test_secret_inside_an_exception_leaks_nowhere(tmp_path, events):
    ran, bodies = careless(tmp_path, events, "--fail")
    assert ran.exit_code == 1
    assert ran.summary["error_type"] == "PermissionError"
    assert ran.summary["error"] == "login rejected for ***"
    assert [b["event"] for b in bodies] == ["started", "failed"]
    assert bodies[-1]["error"] == "login rejected for ***"
    assert "Traceback" in ran.stderr
    for where in (ran.stdout, ran.stderr, json.dumps(bodies)):
        assert SECRET not in where


def test_explain_masks_the_secret_and_shows_its_source(tmp_path, events):
    ran, bodies = careless(tmp_path, events, "--explain")
    assert ran.exit_code == 0, ran.stderr
    assert "db_password = '***'  [command line (secret)] (str)" in ran.stdout
    assert SECRET not in ran.stdout + ran.stderr
    assert bodies == []  # nothing ran, so nothing was announced


def test_unknown_scheme_and_missing_secret_exit_2_naming_parameter_and_reference():
    ran = entry("--module_name", "jobs.noop", "--api_token", "secret://keyring/x")
    assert ran.exit_code == 2
    assert ran.stderr.startswith(
        "error: --api_token: cannot resolve secret://keyring/x: unknown secret provider 'keyring'"
    )
    ran = entry("--module_name", "jobs.noop", "--api_token", "secret://env/JF_IT_UNSET_VAR")
    assert ran.exit_code == 2
    assert ran.stderr.strip() == (
        "error: --api_token: cannot resolve secret://env/JF_IT_UNSET_VAR: "
        "environment variable JF_IT_UNSET_VAR is not set"
    )
