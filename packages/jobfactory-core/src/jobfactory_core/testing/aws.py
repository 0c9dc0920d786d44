"""Test the AWS extra against a local moto server (``pip install 'moto[server]'``).

boto3 talks real HTTP to a moto server on 127.0.0.1, reached only through boto3's own
``AWS_ENDPOINT_URL`` variable, with fake credentials and no shared config files::

    from jobfactory_core.testing.aws import isolate_aws_env, moto_server

    with moto_server() as endpoint:
        isolate_aws_env(monkeypatch, endpoint, tmp_path)
        ...  # secret://aws-secretsmanager/..., s3://... configs, SNS notifiers

moto and boto3 are imported only when used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

__all__ = ["REGION", "aws_client", "aws_test_env", "isolate_aws_env", "moto_server"]

#: The region the helpers use unless told otherwise.
REGION = "eu-west-1"
#: The fake credentials moto accepts.
ACCESS_KEY_ID = SECRET_ACCESS_KEY = "testing"


@contextmanager
def moto_server(host: str = "127.0.0.1") -> Iterator[str]:
    """A moto server on ``host`` (a free port) in this process; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    try:
        bound_host, port = server.get_host_and_port()
        yield f"http://{bound_host}:{port}"
    finally:
        server.stop()


def aws_test_env(
    endpoint: str, directory: str | os.PathLike[str], region: str = REGION
) -> dict[str, str]:
    """Variables that point boto3 at ``endpoint`` with fake credentials and no shared config.

    ``directory`` holds the (non-existent) config and credentials files named; pass a
    temporary directory. Use them for a subprocess, or see ``isolate_aws_env``.
    """
    base = Path(directory)
    return {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_CONFIG_FILE": str(base / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(base / "no-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_REGION": region,
        "AWS_ENDPOINT_URL": endpoint,
    }


def isolate_aws_env(
    monkeypatch: pytest.MonkeyPatch,
    endpoint: str,
    directory: str | os.PathLike[str],
    region: str = REGION,
) -> dict[str, str]:
    """Drop every ``AWS_*`` variable, then set ``aws_test_env``'s (undone after the test).

    Returns the variables set, for a subprocess too.
    """
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    env = aws_test_env(endpoint, directory, region)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def aws_client(service: str, endpoint: str, region: str = REGION) -> Any:
    """A boto3 client for ``service`` at ``endpoint`` with the fake credentials."""
    import boto3

    make: Any = boto3.client  # any service name, not just the literal ones the stubs list
    return make(
        service,
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )
