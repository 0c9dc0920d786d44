"""AWS extra of core against a moto server on 127.0.0.1 (boto3 over real HTTP).

Run by ``nox -s aws``; endpoints reach the providers only through boto3's own
``AWS_ENDPOINT_URL``/``AWS_ENDPOINT_URL_<SERVICE>`` variables, as they would in production.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from jobfactory_core.config import load_config
from jobfactory_core.errors import ConfigError
from jobfactory_core.notifier_config import build_notifiers
from jobfactory_core.notify import Event, EventKind, NotifierError
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import RunInfo
from jobfactory_core.secrets import SecretNotFound, resolve, resolve_params
from jobfactory_core.testing.aws import REGION, aws_client, isolate_aws_env

pytestmark = pytest.mark.aws


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[str]:
    """Point boto3 at moto with fake credentials and no shared config files."""
    isolate_aws_env(monkeypatch, moto_endpoint, tmp_path, REGION)
    yield moto_endpoint
    REDACTOR.clear()


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_secrets_manager_string_and_json_key(aws):
    sm = aws_client("secretsmanager", aws)
    plain, blob = unique("app/plain"), unique("app/db")
    sm.create_secret(Name=plain, SecretString="plain-secret-value")
    sm.create_secret(
        Name=blob,
        SecretString=json.dumps({"password": "json-pass-9876", "nested": {"k": "v-1234"}}),
    )
    assert resolve(f"secret://aws-secretsmanager/{plain}") == "plain-secret-value"
    assert resolve(f"secret://aws-secretsmanager/{blob}#password") == "json-pass-9876"
    assert resolve(f"secret://aws-secretsmanager/{blob}#nested.k") == "v-1234"
    # A whole JSON secret handed to a job: its values are masked individually too.
    resolve(f"secret://aws-secretsmanager/{blob}")
    assert REDACTOR.redact("pw json-pass-9876") == "pw ***"


def test_secrets_manager_errors_name_the_secret_never_the_value(aws):
    sm = aws_client("secretsmanager", aws)
    name = unique("app/text")
    sm.create_secret(Name=name, SecretString="not-json-value-5555")
    with pytest.raises(SecretNotFound, match="ResourceNotFoundException"):
        resolve("secret://aws-secretsmanager/does/not/exist")
    with pytest.raises(SecretNotFound) as info:
        resolve(f"secret://aws-secretsmanager/{name}#password")
    assert "is not JSON" in str(info.value)
    assert "not-json-value-5555" not in str(info.value)
    with pytest.raises(ConfigError) as config_error:
        resolve_params({"db_password": "secret://aws-secretsmanager/missing-one"})
    assert str(config_error.value).startswith(
        "--db_password: cannot resolve secret://aws-secretsmanager/missing-one: "
        "AWS Secrets Manager secret missing-one: ResourceNotFoundException"
    )


def test_ssm_secure_string_is_decrypted(aws):
    ssm = aws_client("ssm", aws)
    path = f"/{unique('app')}/db/password"
    ssm.put_parameter(Name=path, Value="ssm-secure-4242", Type="SecureString")
    assert resolve(f"secret://aws-ssm/{path}") == "ssm-secure-4242"
    with pytest.raises(SecretNotFound, match="SSM parameter /nope/x: ParameterNotFound"):
        resolve("secret://aws-ssm//nope/x")


def test_ssm_string_list_masks_each_entry(aws):
    ssm = aws_client("ssm", aws)
    path = f"/{unique('app')}/tokens"
    ssm.put_parameter(Name=path, Value="tok-alpha-1,tok-bravo-2", Type="StringList")
    assert resolve(f"secret://aws-ssm/{path}") == "tok-alpha-1,tok-bravo-2"
    # A job splits the list and prints one entry: that entry alone is masked too.
    assert REDACTOR.redact("using tok-bravo-2 now") == "using *** now"


def test_service_specific_endpoint_variable_wins(aws, monkeypatch):
    sm = aws_client("secretsmanager", aws)
    name = unique("endpoint")
    sm.create_secret(Name=name, SecretString="via-service-endpoint")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws)
    assert resolve(f"secret://aws-secretsmanager/{name}") == "via-service-endpoint"


def test_region_from_aws_region_then_aws_default_region(aws, monkeypatch):
    sm = aws_client("secretsmanager", aws)
    name = unique("regional")
    sm.create_secret(Name=name, SecretString="in-eu-west-1")
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-2")  # secrets are regional in moto too
    with pytest.raises(SecretNotFound, match="ResourceNotFoundException"):
        resolve(f"secret://aws-secretsmanager/{name}")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    assert resolve(f"secret://aws-secretsmanager/{name}") == "in-eu-west-1"
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(SecretNotFound, match="set AWS_REGION or AWS_DEFAULT_REGION"):
        resolve(f"secret://aws-secretsmanager/{name}")


def test_s3_config_loader(aws):
    s3 = aws_client("s3", aws)
    bucket = unique("configs")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(
        Bucket=bucket,
        Key="jobs/conf.toml",
        Body=b'[params]\nname = "base"\n[env.prod.params]\nname = "prod"\n',
    )
    loaded = load_config(f"s3://{bucket}/jobs/conf.toml", "prod")
    assert loaded.params == {"name": "prod"}
    assert loaded.sources == {"name": "config env.prod"}
    with pytest.raises(ConfigError, match="cannot read from S3: no such object"):
        load_config(f"s3://{bucket}/jobs/missing.toml", None)
    with pytest.raises(ConfigError, match="cannot read from S3: no such bucket"):
        load_config(f"s3://{unique('nobucket')}/c.toml", None)
    with pytest.raises(ConfigError, match="expected s3://BUCKET/KEY"):
        load_config("s3://only-bucket", None)


def sns_to_sqs(aws: str) -> tuple[str, Any, str]:
    sns, sqs = aws_client("sns", aws), aws_client("sqs", aws)
    topic_arn = sns.create_topic(Name=unique("jobs"))["TopicArn"]
    queue_url = sqs.create_queue(QueueName=unique("q"))["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    return topic_arn, sqs, queue_url


def receive(sqs: Any, queue_url: str, count: int) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    deadline = time.monotonic() + 10
    while len(messages) < count and time.monotonic() < deadline:
        answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        messages.extend(json.loads(m["Body"]) for m in answer.get("Messages", []))
    return messages


def test_sns_notifier_publishes_events_readable_from_sqs(aws):
    topic_arn, sqs, queue_url = sns_to_sqs(aws)
    notifiers = build_notifiers([{"type": "sns", "topic_arn": topic_arn, "timeout": 5}])
    run = RunInfo(job="jobs.noop", service_provider="container", run_id="sns-run-1")
    notifiers.notify(Event(EventKind.STARTED, run))
    notifiers.notify(Event(EventKind.SUCCEEDED, run, {"status": "succeeded"}))
    messages = receive(sqs, queue_url, 2)
    payloads = sorted((json.loads(m["Message"]) for m in messages), key=lambda p: p["event"])
    assert [p["event"] for p in payloads] == ["started", "succeeded"]
    assert payloads[1]["run_id"] == "sns-run-1"
    assert payloads[1]["text"] == "job jobs.noop succeeded (run sns-run-1, attempt 1)"
    assert {m["Subject"] for m in messages} == {
        "jobfactory: jobs.noop started",
        "jobfactory: jobs.noop succeeded",
    }
    assert messages[0]["MessageAttributes"]["job"]["Value"] == "jobs.noop"


def test_sns_failure_is_one_error_and_bounded(aws):
    (notifier,) = build_notifiers(
        [{"type": "sns", "topic_arn": f"arn:aws:sns:{REGION}:123456789012:nope", "timeout": 2}]
    ).notifiers
    run = RunInfo(job="jobs.noop", service_provider="container")
    started = time.monotonic()
    with pytest.raises(NotifierError, match=r"sns arn:.*:nope: succeeded not delivered: NotFound"):
        notifier.notify(Event(EventKind.SUCCEEDED, run))
    assert time.monotonic() - started < 2.5
