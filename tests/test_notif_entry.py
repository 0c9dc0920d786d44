"""Webhook notifications through the real entry: a 500 or a hang never changes the outcome."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import entry


@pytest.fixture
def webhook():
    """Start a webhook on 127.0.0.1 that answers 500 or hangs; stop it afterwards."""
    servers: list[tuple[ThreadingHTTPServer, threading.Event, threading.Thread]] = []
    hits: list[str] = []

    def start(behaviour: str) -> str:
        release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                hits.append(behaviour)
                if behaviour == "hang":
                    release.wait(30)
                    return
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, release, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/hooks/secret-path"

    start.hits = hits  # type: ignore[attr-defined]
    yield start
    for server, release, thread in servers:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


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
    ran, _ = run_hello(tmp_path, webhook("500"), 3)
    assert ran.code == 0, ran.stderr
    assert ran.summary["status"] == "succeeded"
    (line,) = failure_lines(ran.stderr)
    assert "webhook http://127.0.0.1:" in line and "HTTP 500" in line
    assert "secret-path" not in ran.stderr
    assert len(webhook.hits) == 6  # two events, three attempts each


def test_hanging_webhook_does_not_delay_the_run_beyond_its_timeout(tmp_path, webhook):
    baseline_started = time.monotonic()
    baseline = entry("--module_name", "jobs.hello", "--name", "Ada")
    baseline_s = time.monotonic() - baseline_started
    assert baseline.code == 0
    ran, elapsed = run_hello(tmp_path, webhook("hang"), 1.5)
    assert ran.code == 0, ran.stderr
    assert ran.summary["status"] == "succeeded"
    assert elapsed < baseline_s + 1.5 + 1.0, (elapsed, baseline_s)
    (line,) = failure_lines(ran.stderr)
    assert "not delivered" in line


def test_failed_run_with_broken_webhook_still_exits_1(tmp_path, webhook):
    ran, _ = run_hello(tmp_path, webhook("500"), 2, "--times", "0")
    assert ran.code == 1
    assert ran.summary["error"] == "times must be at least 1, got 0"
    assert len(failure_lines(ran.stderr)) == 1
