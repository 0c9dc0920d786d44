"""Fault matrix: an exception injected at each lifecycle stage, checked against FAULTS.

FAULTS was written before the tests (and is documented in docs/reliability.md): for each
injected fault, the exit code, the hooks that ran (each at most once, so listed once), the
events a webhook receiver got, and the exception type that survives into the summary line.
Every row runs in-process (``run_entry``); rows where the process itself matters (signals,
``sys.exit``, imports) run as a process too.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobfactory_core.testing import EntryOutcome
from jobfactory_core.testing.webhook import WebhookServer

from .conftest import (
    EntryUnderTest,
    pending,
    process_env,
    read_records,
    run_in_process,
    run_process,
)

FAULTY = "reliability.rljobs.faulty"
PLAIN = "reliability.rljobs.plain"
MISSING_TOPIC = "arn:aws:sns:eu-west-1:123456789012:rl-no-such-topic"


@dataclass(frozen=True)
class Fault:
    """One row: where the fault is injected and what a user must then observe."""

    stage: str
    injected: str
    exit_code: int
    hooks: tuple[str, ...]
    events: tuple[str, ...]
    error_type: str | None
    #: RL_FAULT for the faulty job, or a named setup below.
    fault: str = ""
    module: str = FAULTY
    argv: tuple[str, ...] = ()
    #: Extra ``[jobfactory] notifiers`` entries (TOML inline tables).
    notifiers: tuple[str, ...] = ()
    #: Also run as a process (exit codes the interpreter itself could change).
    process: bool = False
    #: Needs pyspark: runs only as a process, in the Spark sessions.
    spark: bool = False
    #: Needs boto3 and the moto server: runs in-process, in the aws session.
    aws: bool = False
    #: The issue item whose fix is pending (the row is xfail strict until it lands).
    pending: str | None = None

    @property
    def id(self) -> str:
        return f"{self.stage}: {self.injected}"


S, F = ("started", "succeeded"), ("started", "failed")
FAULTS: list[Fault] = [
    Fault("config load", "the --config file is not valid TOML", 2, (), (), "ConfigError",
          fault="config:invalid"),
    Fault("secret resolution", "a secret provider raises RuntimeError", 2, (), (), "ConfigError",
          argv=("--label", "secret://rl-broken/x")),
    Fault("secret resolution", "the referenced variable is unset", 2, (), (), "ConfigError",
          argv=("--label", "secret://env/RL_UNSET_VARIABLE")),
    Fault("import", "the module imports a missing dependency", 2, (), (), "JobNotFoundError",
          module="reliability.rljobs.import_missing_dependency", process=True),
    Fault("import", "the module's own top-level code raises RuntimeError", 1, (), (),
          "RuntimeError", module="reliability.rljobs.import_raises", process=True),
    Fault("dependency construction", "create_job raises RuntimeError", 1, ("on_failure",), F,
          "RuntimeError", fault="create_job:raises"),
    Fault("Spark start", "the job asks for Spark, which is switched off", 3, ("on_failure",), F,
          "EnvironmentUnavailableError", fault="spark", argv=("--has_spark", "false")),
    Fault("Spark start", "the Spark master URL is invalid (the JVM exits)", 1, ("on_failure",), F,
          "PySparkRuntimeError", fault="spark", argv=("--spark_master", "nonsense"),
          process=True, spark=True),
    Fault("execute", "execute raises ValueError", 1, ("on_failure",), F, "ValueError",
          fault="execute:ValueError", process=True),
    Fault("execute", "execute raises KeyboardInterrupt", 130, ("on_failure",), F,
          "KeyboardInterrupt", fault="execute:KeyboardInterrupt", process=True),
    Fault("execute", "execute calls sys.exit(0)", 0, ("on_success",), S, None,
          fault="execute:exit0", process=True),
    Fault("execute", "execute calls sys.exit(3)", 1, ("on_failure",), F, "SystemExit",
          fault="execute:exit3", process=True),
    Fault("execute", "an exception whose __str__ raises", 1, ("on_failure",), F, "BadStr",
          fault="execute:BadStr"),
    Fault("execute", "a result whose __repr__ raises", 0, ("on_success",), S, None,
          fault="execute:BadRepr"),
    Fault("plain main", "main(**kwargs) raises ValueError", 1, (), F, "ValueError",
          module=PLAIN, fault="main:ValueError", process=True),
    Fault("plain main", "main(**kwargs) calls sys.exit(0)", 0, (), S, None, module=PLAIN,
          fault="main:exit0"),
    Fault("on_success", "on_success raises RuntimeError", 0, ("on_success",), S, None,
          fault="on_success:raises"),
    Fault("on_failure", "execute raises ValueError, then on_failure raises RuntimeError", 1,
          ("on_failure",), F, "ValueError", fault="on_failure:raises"),
    Fault("notifier", "a notifier raises on the started event", 0, ("on_success",), S, None,
          notifiers=('{ type = "rl-faulty", on = "started" }',)),
    Fault("notifier", "a notifier raises on the succeeded event", 0, ("on_success",), S, None,
          notifiers=('{ type = "rl-faulty", on = "succeeded" }',)),
    Fault("notifier", "a notifier raises on the failed event", 1, ("on_failure",), F,
          "ValueError", fault="execute:ValueError",
          notifiers=('{ type = "rl-faulty", on = "failed" }',)),
    Fault("notifier", "a webhook answers HTTP 500", 0, ("on_success",), S, None,
          notifiers=("{ type = \"webhook\", url = \"{failing}\", retries = 0 }",)),
    Fault("notifier", "a webhook redirects (HTTP 302) to another receiver", 0, ("on_success",),
          S, None, notifiers=("{ type = \"webhook\", url = \"{redirecting}\", retries = 0 }",)),
    Fault("notifier", "SNS publishes to a topic that does not exist", 0, ("on_success",), S,
          None, notifiers=(f'{{ type = "sns", topic_arn = "{MISSING_TOPIC}", timeout = 5 }}',),
          aws=True),
    Fault("notifier", "a webhook refuses connections", 0, ("on_success",), S, None,
          notifiers=('{ type = "webhook", url = "http://127.0.0.1:9/hook", retries = 0 }',)),
]  # fmt: skip


def _params(rows: list[Fault]) -> list[object]:
    params = []
    for row in rows:
        marks = [pending(row.pending)] if row.pending else []
        if row.spark:
            marks.append(pytest.mark.spark)
        if row.aws:
            marks.append(pytest.mark.aws)
        params.append(pytest.param(row, id=row.id, marks=marks))
    return params


@dataclass
class Setup:
    argv: list[str]
    env: dict[str, str]
    record: Path
    events: WebhookServer


@pytest.fixture(scope="module")
def _receivers() -> Iterator[dict[int, WebhookServer]]:
    """Webhook receivers by answer status, shared by the module (stopping one takes a moment)."""
    with contextlib.ExitStack() as stack:
        yield {
            status: stack.enter_context(WebhookServer(status=status)) for status in (200, 500, 302)
        }


@pytest.fixture
def webhooks(_receivers: dict[int, WebhookServer]) -> Callable[..., WebhookServer]:
    """``webhooks(status)``: the receiver answering ``status``, emptied for this test."""
    for server in _receivers.values():
        server.requests.clear()
        server.location = None

    def receiver(status: int = 200) -> WebhookServer:
        return _receivers[status]

    return receiver


def prepare(row: Fault, tmp_path: Path, webhooks, plugins_path: Path) -> Setup:
    events = webhooks()
    extra = []
    for spec in row.notifiers:
        text = spec
        if "{failing}" in text:  # always answers HTTP 500
            text = text.replace("{failing}", webhooks(500).url)
        if "{redirecting}" in text:  # to `events`: a followed redirect delivers twice there
            redirecting = webhooks(302)
            redirecting.location = events.url
            text = text.replace("{redirecting}", redirecting.url)
        extra.append(text)
    notifiers = [
        '{ type = "log" }',
        f'{{ type = "webhook", url = "{events.url}", retries = 0, timeout = 5 }}',
        *extra,
    ]
    config = tmp_path / "job.toml"
    if row.fault == "config:invalid":
        config.write_text("[jobfactory\nnotifiers = [")
    else:
        config.write_text(f"[jobfactory]\nnotifiers = [{', '.join(notifiers)}]\n")
    record = tmp_path / "record.jsonl"
    env = {"RL_RECORD": str(record), "PYTHONPATH": str(plugins_path)}
    if row.fault and not row.fault.startswith("config:"):
        env["RL_FAULT"] = row.fault
    argv = ["--module_name", row.module, "--config", str(config), *row.argv]
    return Setup(argv, env, record, events)


def check(row: Fault, ran: EntryOutcome, setup: Setup) -> None:
    records = read_records(setup.record)
    hooks = [r["what"] for r in records if r["what"].startswith("on_")]
    events = [body["event"] for body in setup.events.bodies]
    observed = {
        "exit_code": ran.exit_code,
        "hooks": tuple(hooks),
        "events": tuple(events),
        "error_type": ran.summary.get("error_type"),
        "summary exit_code": ran.summary["exit_code"],
        "status": ran.summary["status"],
    }
    expected = {
        "exit_code": row.exit_code,
        "hooks": row.hooks,
        "events": row.events,
        "error_type": row.error_type,
        "summary exit_code": row.exit_code,
        "status": "succeeded" if row.exit_code == 0 else "failed",
    }
    assert observed == expected, ran.stderr[-3000:]
    seen = [r.get("error_type") for r in records if r["what"] == "on_failure"]
    assert seen in ([], [row.error_type]), "on_failure saw another exception than survived"
    if row.exit_code in (2, 3):
        assert "Traceback" not in ran.stderr, "a user mistake printed a traceback"
    if row.stage == "notifier":  # a lost event is reported, in one line
        lines = ran.stderr.splitlines()
        assert [line for line in lines if "notifier" in line and "fail" in line], ran.stderr


@pytest.mark.parametrize("row", _params([row for row in FAULTS if not row.spark]))
def test_fault_in_process(
    row: Fault,
    entry: EntryUnderTest,
    tmp_path: Path,
    webhooks,
    plugins_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if row.aws:
        from jobfactory_core.testing.aws import isolate_aws_env

        isolate_aws_env(monkeypatch, request.getfixturevalue("moto_endpoint"), tmp_path)
    setup = prepare(row, tmp_path, webhooks, plugins_path)
    monkeypatch.syspath_prepend(str(plugins_path))
    for name, value in setup.env.items():
        if name != "PYTHONPATH":
            monkeypatch.setenv(name, value)
    check(row, run_in_process(entry, setup.argv), setup)


@pytest.mark.parametrize("row", _params([row for row in FAULTS if row.process]))
def test_fault_as_a_process(
    row: Fault, entry: EntryUnderTest, tmp_path: Path, webhooks, plugins_path: Path
) -> None:
    setup = prepare(row, tmp_path, webhooks, plugins_path)
    env = process_env(plugins_path, **{k: v for k, v in setup.env.items() if k != "PYTHONPATH"})
    ran = run_process(entry, setup.argv, env=env)
    check(row, ran, setup)
    assert os.getpid() not in {r["pid"] for r in read_records(setup.record)}


def test_the_table_is_documented() -> None:
    """docs/reliability.md shows the same table: every row's stage and injected fault."""
    from .conftest import REPO

    page = (REPO / "docs" / "reliability.md").read_text().replace("`", "")
    missing = [row.id for row in FAULTS if f"| {row.stage} | {row.injected} |" not in page]
    assert missing == [], json.dumps(missing, indent=1)
