"""Webhook notifier against local HTTP servers: payload, retries, 500s, hangs, time bound."""

from __future__ import annotations

import time

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.notify import Event, EventKind, NotifierError
from jobfactory_core.run_info import RunInfo
from jobfactory_core.testing import run_entry_captured
from jobfactory_core.testing.webhook import WebhookServer
from jobfactory_core.webhook import WebhookNotifier, safe_url


@pytest.fixture
def hook():
    """A webhook whose path holds a token, as Slack's do."""
    with WebhookServer(path="/services/T0KEN/abc") as server:
        yield server


def event(kind: EventKind, **kwargs: object) -> Event:
    run = RunInfo(job="jobs.x", service_provider="container", run_id="r-1", environment="prod")
    return Event(kind, run, {"status": kind.value}, **kwargs)  # type: ignore[arg-type]


def run_with(tmp_path, job_module, notifiers: str, *argv: str):
    conf = tmp_path / "c.toml"
    conf.write_text(f"[jobfactory]\nnotifiers = [{notifiers}]\n")
    started = time.monotonic()
    outcome = run_entry_captured(
        Environment(), ["--module_name", job_module, "--config", str(conf), *argv]
    )
    return outcome, time.monotonic() - started


def failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "notifier failed" in line]


def test_payload_is_chat_compatible_with_structured_fields(hook):
    notifier = WebhookNotifier(hook.url)
    notifier.notify(event(EventKind.STARTED))
    notifier.notify(event(EventKind.FAILED, error_type="ValueError", error="bad input"))
    assert [b["event"] for b in hook.bodies] == ["started", "failed"]
    request = hook.requests[-1]
    assert request.path == "/services/T0KEN/abc"
    assert request.headers["Content-Type"] == "application/json"
    body = request.body
    assert body["text"] == "job jobs.x failed (run r-1, attempt 1) in prod: ValueError: bad input"
    assert body["run_id"] == "r-1" and body["attempt"] == 1 and body["job"] == "jobs.x"
    assert body["error_type"] == "ValueError" and body["summary"] == {"status": "failed"}


def test_text_only_format_and_event_filter(hook, tmp_path, quick_job):
    spec = f'{{ type = "webhook", url = "{hook.url}", format = "text", events = ["succeeded"] }}'
    outcome, _ = run_with(tmp_path, quick_job, spec)
    assert outcome.exit_code == 0, outcome.stderr
    assert len(hook.bodies) == 1
    assert set(hook.bodies[0]) == {"text"}
    assert hook.bodies[0]["text"].startswith(f"job {quick_job} succeeded (run ")


def test_500_is_retried_and_never_fails_the_run(hook, tmp_path, quick_job):
    hook.status = 500
    spec = f'{{ type = "webhook", url = "{hook.url}", retries = 2, backoff = 0.05, timeout = 3 }}'
    outcome, _ = run_with(tmp_path, quick_job, spec)
    assert outcome.exit_code == 0
    assert outcome.summary["status"] == "succeeded"
    assert len(hook.requests) == 6  # started and succeeded, 1 + 2 retries each
    (line,) = failure_lines(outcome.stderr)  # logged once for the run
    assert "started, succeeded not delivered: HTTP 500" in line
    assert "(3 attempts, timeout 3s)" in line
    assert "T0KEN" not in outcome.stderr  # the webhook's path (its token) is never logged


def test_hanging_webhook_is_abandoned_within_the_timeout(hook, tmp_path, quick_job):
    hook.hang = True
    spec = f'{{ type = "webhook", url = "{hook.url}", timeout = 1 }}'
    outcome, elapsed = run_with(tmp_path, quick_job, spec)
    assert outcome.exit_code == 0
    assert outcome.summary["status"] == "succeeded"
    assert elapsed < 1.0 + 0.8, f"the run waited {elapsed:.2f}s for a 1s webhook timeout"
    (line,) = failure_lines(outcome.stderr)
    assert "not delivered" in line
    assert "timed out" in line or "no answer within 1s" in line


def test_a_failed_run_stays_failed_with_exit_1(hook, tmp_path, quick_job):
    hook.status = 503
    spec = f'{{ type = "webhook", url = "{hook.url}", retries = 0, timeout = 2 }}'
    outcome, _ = run_with(tmp_path, quick_job, spec, "--fail")
    assert outcome.exit_code == 1
    assert outcome.summary["error"] == "boom"
    (line,) = failure_lines(outcome.stderr)
    assert "HTTP 503" in line


def test_client_errors_are_not_retried(hook):
    hook.status = 404
    notifier = WebhookNotifier(hook.url, retries=3, backoff=0.01)
    with pytest.raises(NotifierError, match=r"succeeded not delivered: HTTP 404 .*\(1 attempt,"):
        notifier.notify(event(EventKind.SUCCEEDED))
    assert len(hook.requests) == 1


def test_connection_refused_is_bounded():
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    notifier = WebhookNotifier(f"http://127.0.0.1:{port}/", timeout=0.5, backoff=0.1)
    started = time.monotonic()
    with pytest.raises(NotifierError, match=r"webhook http://127\.0\.0\.1:.*not delivered"):
        notifier.notify(event(EventKind.SUCCEEDED))
    assert time.monotonic() - started < 1.0


def test_safe_url_drops_path_and_query():
    assert safe_url("https://hooks.slack.com/services/T/B/XYZ?x=1") == "https://hooks.slack.com"
    assert safe_url("http://user:pw@127.0.0.1:8080/a") == "http://127.0.0.1:8080"


def test_only_http_schemes():
    with pytest.raises(ValueError, match="http:// or https://"):
        WebhookNotifier("file:///etc/passwd")
