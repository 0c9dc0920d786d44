"""Secrets never reach a log line, a traceback, the summary line or printed output."""

from __future__ import annotations

import io
import json
import logging

import pytest

from jobfactory_core import logs
from jobfactory_core.environment import Environment
from jobfactory_core.redaction import MASK, REDACTOR, Redactor, is_secret_name
from jobfactory_core.testing import run_entry_captured

CANARY = "s3cr3t-CANARY-value"


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "db_password",
        "DB_PASS",
        "api_key",
        "apikey",
        "private_key",
        "aws_secret",
        "auth_token",
        "client_credentials",
        "jdbc_connection_string",
        "pwd",
    ],
)
def test_secret_looking_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["name", "input_path", "times", "country", "day"])
def test_ordinary_names(name: str) -> None:
    assert not is_secret_name(name)


def test_registered_values_and_their_escaped_spellings_are_masked() -> None:
    redactor = Redactor()
    redactor.register('pa"ss\\word')
    assert redactor.redact('x pa"ss\\word y') == f"x {MASK} y"
    assert redactor.redact(json.dumps({"v": 'pa"ss\\word'})) == json.dumps({"v": MASK})
    assert redactor.redact(repr('pa"ss\\word')) == repr(MASK).replace("'", "'")


def test_short_values_are_masked_as_params_but_not_scrubbed_from_text() -> None:
    redactor = Redactor()
    redactor.register("no")
    assert redactor.redact("no way") == "no way"
    assert redactor.redact_params({"token": "no", "name": "x"}) == {"token": MASK, "name": "x"}


def test_a_flag_named_like_a_secret_stays_readable() -> None:
    """``token_set: false`` says whether a token was given, and a bool cannot hold one."""
    redactor = Redactor()
    shown = redactor.redact_params({"token_set": False, "use_auth": True, "token": "t0ken-v"})
    assert shown == {"token_set": False, "use_auth": True, "token": MASK}


def _log_with(fmt: str) -> str:
    stream = io.StringIO()
    handler = logs.configure(fmt=fmt, stream=stream)
    try:
        REDACTOR.register(CANARY)
        log = logging.getLogger("jobfactory.test")
        log.info("connecting with %s", CANARY, extra={"hint": f"user:{CANARY}@host"})
        try:
            raise ValueError(f"login failed for {CANARY}")
        except ValueError:
            log.exception("boom")
    finally:
        logging.getLogger().removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_logs_redact_messages_extras_and_tracebacks(fmt: str) -> None:
    text = _log_with(fmt)
    assert CANARY not in text
    assert MASK in text
    assert "login failed for" in text
    if fmt == "json":
        records = [json.loads(line) for line in text.splitlines()]
        assert records[0]["message"] == f"connecting with {MASK}"
        assert records[0]["hint"] == f"user:{MASK}@host"
        assert "Traceback" in records[1]["exception"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secret_parameter_never_reaches_entry_output(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", fmt)
    outcome = run_entry_captured(
        Environment(),
        [
            "--module_name",
            "jf_testjobs.hooks",
            "--mode",
            "fail",
            "--secret_word",
            CANARY,
            "--db_password",
            CANARY,
        ],
    )
    assert outcome.exit_code == 1
    assert CANARY not in outcome.stdout + outcome.stderr
    assert "job broke (word was ***)" in outcome.stderr


def test_configure_is_idempotent_and_leaves_no_duplicate_handlers() -> None:
    root = logging.getLogger()
    before = len(root.handlers)
    first = logs.configure(stream=io.StringIO())
    second = logs.configure(stream=io.StringIO())
    assert len(root.handlers) == before + 1
    assert first not in root.handlers and second in root.handlers
    root.removeHandler(second)


def test_importing_core_configures_no_logging() -> None:
    import subprocess
    import sys

    code = (
        "import logging, jobfactory_core, jobfactory_core.entry;"
        "print(len(logging.getLogger().handlers))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
