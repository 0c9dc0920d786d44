"""Credentials inside URLs are masked wherever jobfactory shows a URL, and registered so they
never leak by another path (issue 8.4)."""

from __future__ import annotations

import logging
import textwrap
from typing import Any

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.redaction import REDACTOR, mask_url_credentials
from jobfactory_core.spark import SparkSessionProvider, SparkSettings
from jobfactory_core.testing import run_entry_captured
from jobfactory_core.webhook import WebhookNotifier

TOKEN = "tok-SECRET-4242"
PASSWORD = "pw-SECRET-4242"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"sc://spark:15002/;token={TOKEN};user_id=ada", "sc://spark:15002/;token=***;user_id=ada"),
        (f"sc://spark:15002/;user_id=ada;token={TOKEN}", "sc://spark:15002/;user_id=ada;token=***"),
        (f"https://ada:{PASSWORD}@hooks.example.com/x", "https://ada:***@hooks.example.com/x"),
        (f"s3://key:{PASSWORD}@bucket/path", "s3://key:***@bucket/path"),
        (f"https://{TOKEN}@github.com/org/repo", "https://***@github.com/org/repo"),
        (f"https://h/x?api_key={TOKEN}&page=2", "https://h/x?api_key=***&page=2"),
        (f'{{"remote": "sc://h/;token={TOKEN}"}}', '{"remote": "sc://h/;token=***"}'),
        (f"https://maps.example.com/api?key={TOKEN}", "https://maps.example.com/api?key=***"),
        (
            f"https://acct.blob.example.net/c?sv=2024&sig={TOKEN}",
            "https://acct.blob.example.net/c?sv=2024&sig=***",
        ),
        ("spark://master:7077", "spark://master:7077"),
        ("see http://h:80/users/a@b.com", "see http://h:80/users/a@b.com"),
        ("s3://bucket/key?versionId=3", "s3://bucket/key?versionId=3"),
    ],
)
def test_mask_url_credentials(text: str, masked: str) -> None:
    assert mask_url_credentials(text) == masked


class FakeBuilder:
    """Stands in for ``SparkSession.builder`` (a Connect server cannot run in unit tests)."""

    def __init__(self) -> None:
        self.remote_url: str | None = None

    def appName(self, name: str) -> FakeBuilder:
        return self

    def remote(self, url: str) -> FakeBuilder:
        self.remote_url = url
        return self

    def getOrCreate(self) -> Any:
        class Session:
            class conf:
                @staticmethod
                def set(key: str, value: str) -> None:
                    raise RuntimeError("CANNOT_MODIFY_CONFIG")

        return Session()


class FakeSparkSession:
    builder = FakeBuilder()


def test_the_spark_connect_token_is_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    remote = f"sc://127.0.0.1:15002/;token={TOKEN}"
    settings = SparkSettings(remote=remote, conf={"spark.hadoop.fs.s3a.secret.key": "s3a-SECRET-9"})
    with caplog.at_level(logging.INFO, logger="jobfactory"):
        SparkSessionProvider(settings)._build(FakeSparkSession)
    assert FakeSparkSession.builder.remote_url == remote  # Spark still gets the real URL
    text = caplog.text
    assert "connecting to Spark Connect at sc://127.0.0.1:15002/;token=***" in text
    assert TOKEN not in text
    assert "spark.hadoop.fs.s3a.secret.key=***" in text
    assert "s3a-SECRET-9" not in text
    # registered: the token alone (say, in a server's error message) is masked too
    assert REDACTOR.redact(f"invalid token {TOKEN}") == "invalid token ***"
    assert REDACTOR.redact("bad key s3a-SECRET-9") == "bad key ***"


def test_a_webhook_url_password_is_registered() -> None:
    WebhookNotifier(f"https://ada:{PASSWORD}@hooks.example.com/x")
    assert REDACTOR.redact(f"rejected {PASSWORD}") == "rejected ***"


JOB = textwrap.dedent(
    """
    import logging

    def main(source, **kwargs):
        print("reading", source)
        logging.getLogger("job").warning("credentials %s", source.split("@")[0])
        raise RuntimeError("cannot connect to " + source)
    """
)


def test_url_credentials_in_parameters_never_reach_any_output(write_job_module) -> None:
    job = write_job_module(JOB, "url_job")
    source = f"postgresql://etl:{PASSWORD}@db.internal:5432/sales"
    outcome = run_entry_captured(Environment(), ["--module_name", job, "--source", source])
    assert outcome.exit_code == 1
    everything = outcome.stdout + outcome.stderr
    assert PASSWORD not in everything
    assert "postgresql://etl:***@db.internal:5432/sales" in outcome.stdout
    assert (
        outcome.summary["error"] == "cannot connect to postgresql://etl:***@db.internal:5432/sales"
    )
