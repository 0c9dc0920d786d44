"""Secret canary: one value, passed by every route, never appears anywhere a user can read.

Each route runs alone (one route's registration must not hide another's gap), on success and
on failure, with text and JSON logs: the canary must be absent from stdout, stderr, the summary
line, the events a webhook receiver got, ``--explain`` and the tracebacks in the log, while the
job provably received it (the summary shows its length).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jobfactory_core.testing import EntryOutcome
from jobfactory_core.testing.webhook import WebhookServer

from .conftest import EntryUnderTest, process_env, run_in_process, run_process

pytestmark = pytest.mark.filterwarnings("ignore:careful with:UserWarning")

CANARY = "rlCanary-7f3a9c1e-b2d4-Zq"
CANARY_JOB = "reliability.rljobs.canary"


@dataclass(frozen=True)
class Route:
    name: str
    #: Arguments carrying the canary (``{file}`` is the secret file's path).
    argv: tuple[str, ...] = ()
    #: ``[params]`` lines of the configuration file.
    config: tuple[str, ...] = ()


ROUTES = [
    Route("argument", argv=("--api_token", CANARY)),
    Route("argument=", argv=(f"--api_token={CANARY}",)),
    Route("config file", config=(f'api_token = "{CANARY}"',)),
    Route("env reference", argv=("--value", "secret://env/RL_CANARY")),
    Route("file reference", argv=("--value", "secret://file{file}#db.password")),
    Route("config env reference", config=('value = "secret://env/RL_CANARY"',)),
]


@dataclass
class Run:
    outcome: EntryOutcome
    events: bytes


@pytest.fixture(scope="module")
def _receiver_server():
    with WebhookServer() as server:
        yield server


@pytest.fixture
def receiver(_receiver_server: WebhookServer) -> WebhookServer:
    """One receiver for the module (stopping one takes a moment), emptied for each test."""
    _receiver_server.requests.clear()
    return _receiver_server


def arguments(route: Route, tmp_path: Path, receiver: WebhookServer, *extra: str) -> list[str]:
    secret_file = tmp_path / "secret.toml"
    secret_file.write_text(f'[db]\npassword = "{CANARY}"\n')
    config = tmp_path / "job.toml"
    config.write_text(
        "[params]\n" + "".join(f"{line}\n" for line in route.config) + "[jobfactory]\n"
        f'notifiers = [{{ type = "log" }}, {{ type = "webhook", url = "{receiver.url}" }}]\n'
    )
    argv = [a.replace("{file}", str(secret_file)) for a in route.argv]
    return ["--module_name", CANARY_JOB, "--config", str(config), *argv, *extra]


def assert_no_canary(run: Run) -> None:
    ran = run.outcome
    for where, text in (("stdout", ran.stdout), ("stderr", ran.stderr)):
        assert CANARY not in text, f"canary in {where}:\n{text}"
    assert CANARY.encode() not in run.events, run.events.decode(errors="replace")


def check_ran(run: Run, fail: bool) -> None:
    ran = run.outcome
    assert ran.exit_code == (1 if fail else 0), ran.stderr[-3000:]
    summary = ran.summary
    if fail:
        assert summary["error_type"] == "RuntimeError"
        assert summary["error"] == "job failed holding ***"
        assert "Traceback" in ran.stderr
    else:
        assert summary["result"]["length"] == len(CANARY)  # the job had the real value
        assert summary["result"]["echo"] == "***"
    assert summary["metrics"]["value"] == "***"


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("fail", [False, True], ids=["success", "failure"])
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_canary_in_process(
    route: Route,
    fail: bool,
    log_format: str,
    entry: EntryUnderTest,
    tmp_path: Path,
    receiver: WebhookServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RL_CANARY", CANARY)
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", log_format)
    argv = arguments(route, tmp_path, receiver, *(["--fail"] if fail else []))
    run = Run(run_in_process(entry, argv), b"".join(r.data for r in receiver.requests))
    check_ran(run, fail)
    assert [b["event"] for b in receiver.bodies] == ["started", "failed" if fail else "succeeded"]
    assert_no_canary(run)


@pytest.mark.parametrize("fail", [False, True], ids=["success", "failure"])
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_canary_as_a_process(
    route: Route, fail: bool, entry: EntryUnderTest, tmp_path: Path, receiver: WebhookServer
) -> None:
    argv = arguments(route, tmp_path, receiver, "--debug", *(["--fail"] if fail else []))
    env = process_env(RL_CANARY=CANARY, JOBFACTORY_LOG_FORMAT="json")
    run = Run(run_process(entry, argv, env=env), b"".join(r.data for r in receiver.requests))
    check_ran(run, fail)
    assert_no_canary(run)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_canary_in_explain_and_help(
    route: Route,
    entry: EntryUnderTest,
    tmp_path: Path,
    receiver: WebhookServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RL_CANARY", CANARY)
    explained = run_in_process(entry, arguments(route, tmp_path, receiver, "--explain"))
    assert explained.exit_code == 0, explained.stderr
    assert "***" in explained.stdout
    helped = run_in_process(entry, arguments(route, tmp_path, receiver, "--help"))
    assert helped.exit_code == 0, helped.stderr
    for ran in (explained, helped):
        assert_no_canary(Run(ran, b"".join(r.data for r in receiver.requests)))
    assert receiver.requests == []  # nothing ran, nothing was announced


def test_canary_in_a_usage_error_about_its_parameter(
    entry: EntryUnderTest, tmp_path: Path, receiver: WebhookServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The secret is resolved, then binding fails on another parameter: one line, no value."""
    monkeypatch.setenv("RL_CANARY", CANARY)
    route = Route("env", argv=("--value", "secret://env/RL_CANARY", "--fail", "maybe"))
    ran = run_in_process(entry, arguments(route, tmp_path, receiver))
    assert ran.exit_code == 2
    assert_no_canary(Run(ran, b""))


@pytest.mark.parametrize("how", ["split", "buffer"])
def test_canary_written_in_pieces_or_as_bytes(
    how: str, entry: EntryUnderTest, tmp_path: Path, receiver: WebhookServer
) -> None:
    route = Route("env", argv=("--value", "secret://env/RL_CANARY", "--how", how))
    argv = arguments(route, tmp_path, receiver)
    run = Run(run_process(entry, argv, env=process_env(RL_CANARY=CANARY)), b"")
    check_ran(run, fail=False)
    assert_no_canary(run)


def test_a_short_secret_never_appears_in_errors_or_the_summary(
    entry: EntryUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RL_SHORT", "x9Z")
    ran = run_in_process(
        entry, ["--module_name", "reliability.rljobs.typed", "--name", "a",
                "--times", "secret://env/RL_SHORT"],
    )  # fmt: skip
    assert ran.exit_code == 2
    assert "x9Z" not in ran.stdout + ran.stderr


@pytest.mark.aws
def test_canary_from_secrets_manager(
    entry: EntryUnderTest,
    moto_endpoint: str,
    tmp_path: Path,
    receiver: WebhookServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``secret://aws-secretsmanager/...`` on the moto server: success and failure, both logs."""
    import json

    from jobfactory_core.testing.aws import aws_client, isolate_aws_env

    aws_env = isolate_aws_env(monkeypatch, moto_endpoint, tmp_path)
    aws_client("secretsmanager", moto_endpoint).create_secret(
        Name=f"rl/canary-{tmp_path.name}", SecretString=json.dumps({"password": CANARY})
    )
    route = Route(
        "aws", argv=("--value", f"secret://aws-secretsmanager/rl/canary-{tmp_path.name}#password")
    )
    for fail in (False, True):
        receiver.requests.clear()
        extra = ["--fail"] if fail else []
        run = Run(
            run_in_process(entry, arguments(route, tmp_path, receiver, *extra)),
            b"".join(r.data for r in receiver.requests),
        )
        check_ran(run, fail)
        assert_no_canary(run)
        env = process_env(**aws_env, JOBFACTORY_LOG_FORMAT="json")
        run = Run(run_process(entry, arguments(route, tmp_path, receiver, *extra), env=env), b"")
        check_ran(run, fail)
        assert_no_canary(run)
