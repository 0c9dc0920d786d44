"""Secret canary: one value, passed by every route, never appears anywhere a user can read.

Each route runs alone (one route's registration must not hide another's gap), on success and
on failure, with text and JSON logs: the canary must be absent from stdout, stderr, the summary
line, the events a webhook receiver got, ``--explain`` and the tracebacks in the log, while the
job provably received it (the summary shows its length).
"""

from __future__ import annotations

import json
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


@pytest.mark.parametrize("fail", [False, True], ids=["success", "failure"])
def test_canary_as_a_key_of_the_result_and_the_metrics(
    fail: bool, entry: EntryUnderTest, tmp_path: Path, receiver: WebhookServer
) -> None:
    """Keys are masked like values: in the summary, the logs and the events' bodies."""
    route = Route("env", argv=("--value", "secret://env/RL_CANARY", "--how", "keys"))
    argv = arguments(route, tmp_path, receiver, *(["--fail"] if fail else []))
    ran = run_process(entry, argv, env=process_env(RL_CANARY=CANARY, JOBFACTORY_LOG_FORMAT="json"))
    run = Run(ran, b"".join(r.data for r in receiver.requests))
    check_ran(run, fail)
    assert [b["event"] for b in receiver.bodies] == ["started", "failed" if fail else "succeeded"]
    assert_no_canary(run)


def test_a_secret_that_looks_like_a_template_is_refused_without_quoting_it(
    entry: EntryUnderTest,
) -> None:
    """A password holding ``${...}`` is refused as an unresolved template, naming the
    parameter only: the quoted part would be a piece of the secret."""
    ran = run_in_process(entry, ["--module_name", CANARY_JOB, "--api_token", "x9${Qa7}z7-rlCanary"])
    assert ran.exit_code == 2
    assert "--api_token contains the unresolved template (not shown" in ran.stderr
    assert "Qa7" not in ran.stdout + ran.stderr


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


STRUCTURED_JOB = "reliability.rljobs.structured_canary"
PIN = "80417235"


@pytest.mark.parametrize(
    ("argv", "config"),
    [
        (("--api_tokens", f"{CANARY}-1,{CANARY}-2"), ()),
        (("--api_tokens", f'["{CANARY}-1", "{CANARY}-2"]'), ()),
        (("--credentials", f'{{"user": "svc", "password": "{CANARY}"}}'), ()),
        ((), (f'api_tokens = ["{CANARY}-1"]', f"db_password = {PIN}")),
        (("--document", "secret://env/RL_DOCUMENT"), ()),
    ],
    ids=["comma list", "json list", "table", "config list and number", "json document"],
)
def test_each_item_of_a_structured_secret_is_masked(
    argv: tuple[str, ...],
    config: tuple[str, ...],
    entry: EntryUnderTest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A secret-named list, table or number, or a JSON secret, reaches the job item by item:
    each item printed on its own is masked, not only the value as it was spelled."""
    monkeypatch.setenv("RL_DOCUMENT", json.dumps({"user": "svc", "password": CANARY}))
    conf = tmp_path / "job.toml"
    conf.write_text("[params]\n" + "".join(f"{line}\n" for line in config))
    ran = run_in_process(entry, ["--module_name", STRUCTURED_JOB, "--config", str(conf), *argv])
    assert ran.exit_code == 0, ran.stderr
    assert "***" in ran.stdout
    assert_no_canary(Run(ran, b""))
    assert PIN not in ran.stdout + ran.stderr


def test_a_webhooks_url_path_and_headers_are_masked_where_the_job_prints_its_settings(
    entry: EntryUnderTest, tmp_path: Path
) -> None:
    """A Slack or Teams URL's path is its token; headers carry keys: a job that logs its
    context or prints its settings shows neither."""
    url = f"https://hooks.example.invalid/services/T01/B02/{CANARY}-path"
    conf = tmp_path / "job.toml"
    conf.write_text(
        "[jobfactory]\n"
        f'notifiers = [{{ type = "webhook", url = "{url}", events = ["failed"], '
        f'headers = {{ X-Api-Key = "{CANARY}-header" }} }}]\n'
    )
    ran = run_in_process(
        entry, ["--module_name", "reliability.rljobs.context_logger", "--config", str(conf)]
    )
    assert ran.exit_code == 0, ran.stderr
    assert "settings: " in ran.stdout
    assert "context: " in ran.stderr
    assert_no_canary(Run(ran, b""))


@pytest.mark.parametrize("secret", ["2031", "true", "null"])
def test_a_secret_spelt_like_a_number_or_literal_keeps_the_output_valid_json(
    secret: str, entry: EntryUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PIN that equals a number in the result (or a password ``true``): the summary line,
    the JSON log lines and the events stay strict JSON, with the value shown as ``"***"``."""
    monkeypatch.setenv("RL_PIN", secret)
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "json")
    ran = run_in_process(
        entry, ["--module_name", "reliability.rljobs.numbers", "--pin", "secret://env/RL_PIN"]
    )
    assert ran.exit_code == 0, ran.stderr
    summary = json.loads(ran.stdout.splitlines()[-1])  # strict: no bare *** anywhere
    records = [json.loads(line) for line in ran.stderr.splitlines() if line.startswith("{")]
    assert records
    shown = {"2031": ("year", "longer"), "true": ("flag",), "null": ("nothing",)}[secret]
    for key in shown:
        assert summary["result"][key] == "***"
    assert summary["result"]["n"] == 7
