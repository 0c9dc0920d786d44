"""Secret references: providers, errors (exit 2, never the value) and redaction everywhere."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.errors import ConfigError
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.secrets import (
    FileSecretProvider,
    SecretNotFound,
    provider_for,
    resolve,
    resolve_params,
)
from jobfactory_core.testing import run_entry_captured

SECRET = "s3cr3t-Pa55word-4711"

JOB = textwrap.dedent(
    '''
    """A job that misuses its secret in every way it can."""
    import hashlib
    import logging
    from typing import Any
    from jobfactory_core import Job, JobFactory

    class LeakyJob(Job):
        def execute(self, db_password: str, fail: bool = False) -> dict[str, Any]:
            logging.getLogger("user.job").info("connecting with %s", db_password)
            print(f"password is {db_password}")
            if fail:
                raise RuntimeError(f"login failed for password {db_password!r}")
            return {"sha256": hashlib.sha256(db_password.encode()).hexdigest(),
                    "echo": db_password}

    class LeakyFactory(JobFactory):
        job_class = LeakyJob

    def main(**params: Any) -> Any:
        return LeakyFactory().run(**params)
    '''
)


@pytest.fixture
def job_module(write_job_module):
    return write_job_module(JOB, "leaky_job")


def run_notifying(job_module: str, url: str, tmp_path, *args: str):
    """The job with its password from $JF_DB_PASSWORD and a webhook notifier posting to url."""
    conf = tmp_path / "c.toml"
    conf.write_text(f'[jobfactory]\nnotifiers = [{{ type = "webhook", url = "{url}" }}]\n')
    return run_entry_captured(
        Environment(),
        ["--module_name", job_module, "--config", str(conf),
         "--db_password", "secret://env/JF_DB_PASSWORD", *args],
    )  # fmt: skip


def test_env_provider(monkeypatch):
    monkeypatch.setenv("JF_TEST_SECRET", SECRET)
    assert resolve("secret://env/JF_TEST_SECRET") == SECRET
    monkeypatch.delenv("JF_TEST_SECRET")
    with pytest.raises(SecretNotFound, match="JF_TEST_SECRET is not set"):
        resolve("secret://env/JF_TEST_SECRET")


def test_file_provider_toml_json_and_whole_file(tmp_path):
    (tmp_path / "s.toml").write_text(f'[db]\npassword = "{SECRET}"\n')
    (tmp_path / "s.json").write_text(json.dumps({"token": SECRET}))
    (tmp_path / "plain").write_text(SECRET + "\n")
    assert resolve(f"secret://file/{tmp_path}/s.toml#db.password") == SECRET
    assert resolve(f"secret://file/{tmp_path}/s.json#token") == SECRET
    assert resolve(f"secret://file/{tmp_path}/plain") == SECRET
    with pytest.raises(SecretNotFound, match=r"has no key 'db\.user'"):
        FileSecretProvider().get(f"{tmp_path}/s.toml#db.user")
    with pytest.raises(SecretNotFound, match="is a table"):
        FileSecretProvider().get(f"{tmp_path}/s.toml#db")


def test_builtin_providers_do_not_read_package_metadata(monkeypatch):
    import importlib.metadata

    def boom(**_: object) -> None:
        raise AssertionError("entry points read for a built-in provider")

    monkeypatch.setattr(importlib.metadata, "entry_points", boom)
    assert type(provider_for("env")).__name__ == "EnvSecretProvider"


def test_resolve_params_registers_and_collects_every_problem(monkeypatch):
    monkeypatch.setenv("JF_TEST_SECRET", SECRET)
    out, names = resolve_params({"a": "secret://env/JF_TEST_SECRET", "b": "plain"})
    assert out == {"a": SECRET, "b": "plain"} and names == {"a"}
    assert REDACTOR.redact(f"x {SECRET} y") == "x *** y"
    assert REDACTOR.is_secret("a")
    with pytest.raises(ConfigError) as info:
        resolve_params({"x": "secret://nope/A", "y": "secret://env/JF_MISSING_1", "z": "secret://"})
    message = str(info.value)
    assert "--x: cannot resolve secret://nope/A: unknown secret provider 'nope'" in message
    assert "--y: cannot resolve secret://env/JF_MISSING_1" in message
    assert "--z: cannot resolve secret://: expected secret://PROVIDER/PATH" in message


def test_job_receives_the_value_and_it_appears_nowhere(
    monkeypatch, job_module, webhook_server, tmp_path
):
    monkeypatch.setenv("JF_DB_PASSWORD", SECRET)
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "json")
    outcome = run_notifying(job_module, webhook_server.url, tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"]["sha256"] == hashlib.sha256(SECRET.encode()).hexdigest()
    assert outcome.summary["result"]["echo"] == "***"
    assert "password is ***" in outcome.stdout
    assert "connecting with ***" in outcome.stderr
    assert [b["event"] for b in webhook_server.bodies] == ["started", "succeeded"]
    for text in (outcome.stdout, outcome.stderr, json.dumps(webhook_server.bodies)):
        assert SECRET not in text


def test_secret_in_an_exception_is_masked(monkeypatch, job_module, webhook_server, tmp_path):
    monkeypatch.setenv("JF_DB_PASSWORD", SECRET)
    outcome = run_notifying(job_module, webhook_server.url, tmp_path, "--fail")
    assert outcome.exit_code == 1
    assert outcome.summary["error"] == "login failed for password '***'"
    assert "Traceback" in outcome.stderr  # the traceback is logged, redacted
    assert [b["event"] for b in webhook_server.bodies] == ["started", "failed"]
    assert "login failed for password '***'" in webhook_server.bodies[-1]["text"]
    for text in (outcome.stdout, outcome.stderr, json.dumps(webhook_server.bodies)):
        assert SECRET not in text


def test_secret_reference_in_config_and_explain_masks_it(monkeypatch, job_module, tmp_path):
    monkeypatch.setenv("JF_DB_PASSWORD", SECRET)
    conf = tmp_path / "c.toml"
    conf.write_text('[env.prod.params]\ndb_password = "secret://env/JF_DB_PASSWORD"\n')
    outcome = run_entry_captured(
        Environment(),
        ["--module_name", job_module, "--config", str(conf), "--env", "prod", "--explain"],
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert "db_password = '***'  [config env.prod (secret)]" in outcome.stdout
    assert SECRET not in outcome.stdout + outcome.stderr


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("secret://vault/kv/db", "cannot resolve secret://vault/kv/db: unknown secret provider"),
        ("secret://env/JF_NOT_SET_ANYWHERE", "environment variable JF_NOT_SET_ANYWHERE is not set"),
    ],
)
def test_unknown_or_missing_secret_exits_2_naming_parameter(job_module, reference, expected):
    outcome = run_entry_captured(
        Environment(), ["--module_name", job_module, "--db_password", reference]
    )
    assert outcome.exit_code == 2
    (line,) = [x for x in outcome.stderr.splitlines() if x.startswith("error:")]
    assert line.startswith(f"error: --db_password: cannot resolve {reference}")
    assert expected in line
    assert outcome.summary["status"] == "failed"


def test_file_paths_are_absolute_as_in_a_url_and_dot_slash_is_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db.toml").write_text('password = "abs-or-rel-secret"\n')
    relative_to = tmp_path.relative_to("/")
    assert resolve(f"secret://file/{relative_to}/db.toml#password") == "abs-or-rel-secret"
    monkeypatch.chdir(tmp_path)
    assert resolve("secret://file/./db.toml#password") == "abs-or-rel-secret"
