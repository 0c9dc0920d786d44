"""The AWS extra end to end through the real entry (subprocess) against a moto server.

``--config s3://...`` with an environment overlay whose parameters are Secrets Manager and
SSM references, and an SNS notifier whose messages are read back from a subscribed SQS queue.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from typing import Any

import pytest
from conftest import HERE, entry

from jobfactory_core.testing.aws import REGION, aws_client, isolate_aws_env

pytestmark = pytest.mark.aws

DB_PASSWORD = "sm-json-password-31337"
API_TOKEN = "ssm-secure-token-27182"

JOB = '''
"""Receives two secrets and reports only their digests (and, carelessly, the raw values)."""
import hashlib
from typing import Any
from jobfactory_core import Job, JobFactory

def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()

class AwsJob(Job):
    def execute(self, db_password: str, api_token: str, region: str = "?") -> dict[str, Any]:
        print("using", db_password, api_token)
        return {"db": digest(db_password), "api": digest(api_token), "region": region,
                "raw": [db_password, api_token]}

class AwsFactory(JobFactory):
    job_class = AwsJob

def main(**params: Any) -> Any:
    return AwsFactory().run(**params)
'''


def sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@pytest.fixture
def world(moto_endpoint, tmp_path, monkeypatch):
    """Secrets, a config in S3 and an SNS topic subscribed by an SQS queue."""
    aws_env = isolate_aws_env(monkeypatch, moto_endpoint, tmp_path, REGION)
    tag = uuid.uuid4().hex[:8]
    sm, ssm, s3 = (
        aws_client("secretsmanager", moto_endpoint),
        aws_client("ssm", moto_endpoint),
        aws_client("s3", moto_endpoint),
    )
    sns, sqs = aws_client("sns", moto_endpoint), aws_client("sqs", moto_endpoint)
    sm.create_secret(
        Name=f"prod/db-{tag}", SecretString=json.dumps({"user": "etl", "password": DB_PASSWORD})
    )
    ssm.put_parameter(Name=f"/prod/{tag}/api_token", Value=API_TOKEN, Type="SecureString")
    topic_arn = sns.create_topic(Name=f"jobs-{tag}")["TopicArn"]
    queue_url = sqs.create_queue(QueueName=f"events-{tag}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    bucket = f"conf-{tag}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    conf = f"""
[params]
region = "local"

[env.prod.params]
region = "{REGION}"
db_password = "secret://aws-secretsmanager/prod/db-{tag}#password"
api_token = "secret://aws-ssm//prod/{tag}/api_token"

[env.prod.jobfactory]
notifiers = [{{ type = "log" }}, {{ type = "sns", topic_arn = "{topic_arn}", timeout = 5 }}]
"""
    s3.put_object(Bucket=bucket, Key="jobs/aws_job.toml", Body=conf.encode())
    (tmp_path / "aws_job.py").write_text(JOB)
    env = {**aws_env, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(HERE)])}
    return {
        "config": f"s3://{bucket}/jobs/aws_job.toml",
        "env": env,
        "sqs": sqs,
        "queue_url": queue_url,
    }


def messages(world: dict[str, Any], count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    deadline = time.monotonic() + 15
    while len(out) < count and time.monotonic() < deadline:
        answer = world["sqs"].receive_message(
            QueueUrl=world["queue_url"], MaxNumberOfMessages=10, WaitTimeSeconds=1
        )
        out.extend(json.loads(m["Body"]) for m in answer.get("Messages", []))
    return out


def test_s3_config_secrets_and_sns_end_to_end(world):
    ran = entry(
        "--module_name", "aws_job", "--config", world["config"], "--env", "prod", **world["env"]
    )
    assert ran.exit_code == 0, ran.stderr
    result = ran.summary["result"]
    assert result["db"] == sha(DB_PASSWORD)
    assert result["api"] == sha(API_TOKEN)
    assert result["region"] == REGION
    assert result["raw"] == ["***", "***"]
    received = messages(world, 2)
    payloads = sorted((json.loads(m["Message"]) for m in received), key=lambda p: p["event"])
    assert [p["event"] for p in payloads] == ["started", "succeeded"]
    assert {p["run_id"] for p in payloads} == {ran.summary["run_id"]}
    assert payloads[1]["summary"]["result"]["raw"] == ["***", "***"]
    everything = ran.stdout + ran.stderr + json.dumps(received)
    assert DB_PASSWORD not in everything
    assert API_TOKEN not in everything


def test_explain_from_s3_shows_sources_and_masks(world):
    ran = entry(
        "--module_name", "aws_job", "--config", world["config"], "--env", "prod", "--explain",
        **world["env"],
    )  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    assert "  db_password = '***'  [config env.prod (secret)] (str)" in ran.stdout
    assert "  api_token = '***'  [config env.prod (secret)] (str)" in ran.stdout
    assert f"  region = '{REGION}'  [config env.prod] (str)" in ran.stdout
    assert DB_PASSWORD not in ran.stdout + ran.stderr
    answer = world["sqs"].receive_message(QueueUrl=world["queue_url"], WaitTimeSeconds=1)
    assert answer.get("Messages", []) == []  # nothing ran, nothing published


def test_missing_aws_secret_exits_2_naming_parameter_and_reference(world):
    ran = entry(
        "--module_name", "aws_job", "--api_token", "x",
        "--db_password", "secret://aws-secretsmanager/prod/absent",
        **world["env"],
    )  # fmt: skip
    assert ran.exit_code == 2
    assert ran.stderr.strip() == (
        "error: --db_password: cannot resolve secret://aws-secretsmanager/prod/absent: "
        "AWS Secrets Manager secret prod/absent: ResourceNotFoundException"
    )
