"""Webhook credentials stay with the configured host: no redirect is followed, and header
values may be secret references (issue 8.3 and 8.7)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.errors import ConfigError
from jobfactory_core.notifier_config import build_notifiers
from jobfactory_core.notify import Event, EventKind, NotifierError
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import RunInfo
from jobfactory_core.testing import EntryOutcome, run_entry_captured
from jobfactory_core.testing.webhook import WebhookServer
from jobfactory_core.webhook import WebhookNotifier

TOKEN_PATH = "/services/T0KEN/abc"
HEADER_SECRET = "hdr-S3CRET-value-42"


@pytest.fixture
def elsewhere() -> Iterator[WebhookServer]:
    """Another origin (another port) that a redirect points at."""
    with WebhookServer(path="/collect") as server:
        yield server


@pytest.fixture
def redirecting(elsewhere: WebhookServer) -> Iterator[WebhookServer]:
    with WebhookServer(status=302, path=TOKEN_PATH, location=elsewhere.url) as server:
        yield server


def event(kind: EventKind) -> Event:
    run = RunInfo(job="jobs.x", service_provider="container", run_id="r-1")
    return Event(kind, run, {"status": kind.value})


def run_with(tmp_path, job_module: str, notifier: str) -> EntryOutcome:
    conf = tmp_path / "c.toml"
    conf.write_text(f"[[jobfactory.notifiers]]\n{notifier}\n")
    return run_entry_captured(Environment(), ["--module_name", job_module, "--config", str(conf)])


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed(
    status: int, redirecting: WebhookServer, elsewhere: WebhookServer
) -> None:
    redirecting.status = status
    notifier = WebhookNotifier(
        redirecting.url, headers={"Authorization": "Bearer abcd-1234"}, retries=2, backoff=0.01
    )
    with pytest.raises(NotifierError, match=f"HTTP {status} .*redirect not followed") as info:
        notifier.notify(event(EventKind.SUCCEEDED))
    assert elsewhere.requests == []  # neither the path nor the header left the first host
    assert len(redirecting.requests) == 1  # a redirect is not retried
    assert "T0KEN" not in str(info.value)
    assert "collect" not in str(info.value)


def test_a_lost_event_is_reported_without_the_token(
    tmp_path, quick_job: str, redirecting: WebhookServer, elsewhere: WebhookServer
) -> None:
    outcome = run_with(tmp_path, quick_job, f'type = "webhook"\nurl = "{redirecting.url}"')
    assert outcome.exit_code == 0, outcome.stderr
    warnings = [line for line in outcome.stderr.splitlines() if "notifier failed" in line]
    assert len(warnings) == 1, outcome.stderr
    assert "started, succeeded not delivered: HTTP 302" in warnings[0]
    assert "redirect not followed" in warnings[0]
    assert "T0KEN" not in outcome.stderr
    assert elsewhere.requests == []


def test_header_values_resolve_secret_references(
    tmp_path, quick_job: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JF_HOOK_KEY", HEADER_SECRET)
    with WebhookServer() as hook:
        outcome = run_with(
            tmp_path,
            quick_job,
            f'type = "webhook"\nurl = "{hook.url}"\n'
            'headers = { X-Api-Key = "secret://env/JF_HOOK_KEY", X-Plain = "plain" }',
        )
        assert outcome.exit_code == 0, outcome.stderr
        assert [r.headers["X-Api-Key"] for r in hook.requests] == [HEADER_SECRET] * 2
        assert hook.requests[0].headers["X-Plain"] == "plain"
    assert HEADER_SECRET in REDACTOR  # registered: masked wherever it could surface
    assert HEADER_SECRET not in outcome.stdout + outcome.stderr


def test_an_unresolvable_header_reference_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("JF_HOOK_MISSING", raising=False)
    spec = {
        "type": "webhook",
        "url": "https://example.com/hook",
        "headers": {"X-Api-Key": "secret://env/JF_HOOK_MISSING"},
    }
    with pytest.raises(
        ConfigError,
        match=r"notifiers\[0\] \(webhook\): headers\.X-Api-Key: cannot resolve "
        r"secret://env/JF_HOOK_MISSING: environment variable JF_HOOK_MISSING is not set",
    ):
        build_notifiers([spec])
