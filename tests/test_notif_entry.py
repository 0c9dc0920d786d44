"""Webhook notifications through the real entry: a 500 or a hang never changes the outcome."""

from __future__ import annotations

import time

import pytest
from conftest import entry

from jobfactory_core.testing.webhook import WebhookServer


@pytest.fixture
def webhook():
    """A webhook on 127.0.0.1 with a secret in its path; a test sets it to answer 500 or hang."""
    with WebhookServer(path="/hooks/secret-path") as server:
        yield server


def run_hello(tmp_path, url: str, timeout: float, *args: str):
    conf = tmp_path / "c.toml"
    conf.write_text(
        "[env.prod.jobfactory]\n"
        f'notifiers = [{{ type = "webhook", url = "{url}", timeout = {timeout}, backoff = 0.1 }}]\n'
    )
    started = time.monotonic()
    ran = entry(
        "--module_name", "jobs.hello", "--name", "Ada", "--config", str(conf), "--env", "prod",
        *args,
    )  # fmt: skip
    return ran, time.monotonic() - started


def failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "notifier failed" in line]


def test_webhook_answering_500_leaves_a_succeeded_run_succeeded(tmp_path, webhook):
    webhook.status = 500
    ran, _ = run_hello(tmp_path, webhook.url, 3)
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["status"] == "succeeded"
    (line,) = failure_lines(ran.stderr)
    assert "webhook http://127.0.0.1:" in line and "HTTP 500" in line
    assert "secret-path" not in ran.stderr
    assert len(webhook.requests) == 6  # two events, three attempts each


def test_hanging_webhook_does_not_delay_the_run_beyond_its_timeout(tmp_path, webhook):
    baseline_started = time.monotonic()
    baseline = entry("--module_name", "jobs.hello", "--name", "Ada")
    baseline_s = time.monotonic() - baseline_started
    assert baseline.exit_code == 0
    webhook.hang = True
    ran, elapsed = run_hello(tmp_path, webhook.url, 1.5)
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["status"] == "succeeded"
    assert elapsed < baseline_s + 1.5 + 1.0, (elapsed, baseline_s)
    (line,) = failure_lines(ran.stderr)
    assert "not delivered" in line


def test_failed_run_with_broken_webhook_still_exits_1(tmp_path, webhook):
    webhook.status = 500
    ran, _ = run_hello(tmp_path, webhook.url, 2, "--times", "0")
    assert ran.exit_code == 1
    assert ran.summary["error"] == "times must be at least 1, got 0"
    assert len(failure_lines(ran.stderr)) == 1
