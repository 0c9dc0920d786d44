"""Secret references: providers, errors (exit 2, never the value) and redaction everywhere."""

from __future__ import annotations

import hashlib
import json
import sys
import textwrap
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.errors import ConfigError
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import unbind_logs
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


class CaptureServer:
    """A webhook on 127.0.0.1 that records every JSON body it receives."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        bodies = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    monkeypatch.delenv("JOBFACTORY_LOG_FORMAT", raising=False)
    yield
    REDACTOR.clear()
    unbind_logs()


@pytest.fixture
def hook():
    server = CaptureServer()
    yield server
    server.stop()


@pytest.fixture
def job_module(tmp_path, monkeypatch):
    name = f"leaky_job_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(JOB)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


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


def test_job_receives_the_value_and_it_appears_nowhere(monkeypatch, job_module, hook, tmp_path):
    monkeypatch.setenv("JF_DB_PASSWORD", SECRET)
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "json")
    conf = tmp_path / "c.toml"
    conf.write_text(f'[jobfactory]\nnotifiers = [{{ type = "webhook", url = "{hook.url}" }}]\n')
    outcome = run_entry_captured(
        Environment(),
        ["--module_name", job_module, "--config", str(conf),
         "--db_password", "secret://env/JF_DB_PASSWORD"],
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"]["sha256"] == hashlib.sha256(SECRET.encode()).hexdigest()
    assert outcome.summary["result"]["echo"] == "***"
    assert "password is ***" in outcome.stdout
    assert "connecting with ***" in outcome.stderr
    assert [b["event"] for b in hook.bodies] == ["started", "succeeded"]
    for text in (outcome.stdout, outcome.stderr, json.dumps(hook.bodies)):
        assert SECRET not in text


def test_secret_in_an_exception_is_masked(monkeypatch, job_module, hook, tmp_path):
    monkeypatch.setenv("JF_DB_PASSWORD", SECRET)
    conf = tmp_path / "c.toml"
    conf.write_text(f'[jobfactory]\nnotifiers = [{{ type = "webhook", url = "{hook.url}" }}]\n')
    outcome = run_entry_captured(
        Environment(),
        ["--module_name", job_module, "--config", str(conf),
         "--db_password", "secret://env/JF_DB_PASSWORD", "--fail"],
    )  # fmt: skip
    assert outcome.exit_code == 1
    assert outcome.summary["error"] == "login failed for password '***'"
    assert "Traceback" in outcome.stderr  # the traceback is logged, redacted
    assert [b["event"] for b in hook.bodies] == ["started", "failed"]
    assert "login failed for password '***'" in hook.bodies[-1]["text"]
    for text in (outcome.stdout, outcome.stderr, json.dumps(hook.bodies)):
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
