"""Building notifiers from [jobfactory] notifiers: built-ins, entry points, errors, secrets."""

from __future__ import annotations

import importlib.metadata
import json

import pytest

from jobfactory_core.errors import ConfigError
from jobfactory_core.notifier_config import build_notifiers
from jobfactory_core.notify import Event, EventKind, LogNotifier, Notifiers
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import RunInfo
from jobfactory_core.webhook import WebhookNotifier


@pytest.fixture(autouse=True)
def _clean():
    yield
    REDACTOR.clear()


def test_builtins_need_no_package_metadata(monkeypatch):
    def boom(**_: object) -> None:
        raise AssertionError("entry points read for a built-in notifier")

    monkeypatch.setattr(importlib.metadata, "entry_points", boom)
    built = build_notifiers(
        [{"type": "log"}, {"type": "webhook", "url": "https://example.invalid/x", "timeout": 2}]
    )
    assert isinstance(built.notifiers[0], LogNotifier)
    webhook = built.notifiers[1]
    assert isinstance(webhook, WebhookNotifier)
    assert webhook.timeout == 2.0 and webhook.retries == 2
    assert webhook.events == frozenset(EventKind)


def test_webhook_url_may_be_a_secret_reference(monkeypatch):
    url = "https://hooks.example.invalid/services/SECRETTOKEN"
    monkeypatch.setenv("JF_HOOK_URL", url)
    built = build_notifiers([{"type": "webhook", "url": "secret://env/JF_HOOK_URL"}])
    assert isinstance(built.notifiers[0], WebhookNotifier)
    assert built.notifiers[0].url == url
    assert REDACTOR.redact(f"posting to {url}") == "posting to ***"


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ({"type": "log"}, "must be a list of tables"),
        ([{}], r"notifiers\[0\] \(\?\): each notifier needs a type"),
        ([{"type": "pager"}], r"notifiers\[0\] \(pager\): notifier type 'pager' is not known"),
        ([{"type": "log"}, {"type": "webhook"}], r"notifiers\[1\] \(webhook\): url is required"),
        ([{"type": "webhook", "url": "ftp://x"}], "http:// or https://"),
        ([{"type": "webhook", "url": "http://x", "timout": 1}], r"unknown option\(s\) timout"),
        ([{"type": "webhook", "url": "http://x", "timeout": 0}], "timeout must be at least"),
        ([{"type": "webhook", "url": "http://x", "timeout": "5"}], "timeout must be a number"),
        ([{"type": "webhook", "url": "http://x", "events": ["done"]}], "unknown event 'done'"),
        ([{"type": "webhook", "url": "http://x", "format": "rich"}], "format must be"),
        ([{"type": "webhook", "url": "secret://env/JF_NOPE_1"}], "url: cannot resolve"),
    ],
)
def test_mistakes_are_config_errors_naming_the_entry(specs, message):
    with pytest.raises(ConfigError, match=message):
        build_notifiers(specs)


def test_sns_without_the_aws_extra_says_so(monkeypatch):
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])
    with pytest.raises(ConfigError, match=r"sns needs jobfactory-core\[aws\]"):
        build_notifiers([{"type": "sns", "topic_arn": "arn:aws:sns:eu-west-1:1:t"}])


def test_a_raising_notifier_is_logged_and_swallowed(caplog):
    class Broken:
        def notify(self, event: Event) -> None:
            raise RuntimeError("nope")

    notifiers = Notifiers([Broken()])
    notifiers.notify(Event(EventKind.SUCCEEDED, RunInfo(job="j", service_provider="container")))
    assert "notifier Broken failed on succeeded event: RuntimeError: nope" in caplog.text


def test_sns_message_drops_an_oversized_result_not_the_event():
    from jobfactory_core.aws.sns import MAX_MESSAGE, message_of  # boto3 is imported lazily

    payload = {
        "text": "job x succeeded",
        "event": "succeeded",
        "summary": {"result": "x" * 300_000},
    }
    message = message_of(payload)
    assert len(message) <= MAX_MESSAGE
    decoded = json.loads(message)
    assert decoded["truncated"] is True and decoded["event"] == "succeeded"
