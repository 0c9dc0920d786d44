"""``--config s3://bucket/key.toml``: read a configuration file from S3 (boto3, lazily).

The format still comes from the key's extension (.toml, .json, .yaml). Endpoint and region
follow boto3 (``AWS_ENDPOINT_URL_S3``/``AWS_ENDPOINT_URL``, ``AWS_REGION``).
"""

from __future__ import annotations

import urllib.parse

from jobfactory_core.aws import _boto
from jobfactory_core.errors import ConfigError
from jobfactory_core.files import MAX_CONFIG_BYTES

#: A configuration larger than this is a mistake (a data file passed as --config); the same
#: cap as a local configuration file.
MAX_BYTES = MAX_CONFIG_BYTES

_FIXES = {
    "NoSuchKey": "no such object: check the key",
    "NoSuchBucket": "no such bucket: check the bucket name",
    "404": "no such object: check the bucket and key",
    "AccessDenied": "access denied: grant s3:GetObject on it to the job's role",
    "403": "access denied: grant s3:GetObject on it to the job's role",
}


class S3ConfigLoader:
    """Fetches ``s3://bucket/key`` with ``GetObject``."""

    def load(self, ref: str) -> bytes:
        parts = urllib.parse.urlsplit(ref)
        bucket, key = parts.netloc, parts.path.lstrip("/")
        if not bucket or not key:
            raise ConfigError(f"--config {ref}: expected s3://BUCKET/KEY")
        try:
            client = _boto.client("s3")
        except (_boto.MissingBoto3, _boto.NoRegion) as error:
            raise ConfigError(f"--config {ref}: {error}") from None
        try:
            response = client.get_object(Bucket=bucket, Key=key)
            body = response["Body"]
            try:
                data: bytes = body.read(MAX_BYTES + 1)
            finally:
                body.close()
        except Exception as error:
            code = _boto.error_code(error)
            reason = _FIXES.get(code or "", _boto.describe(error))
            raise ConfigError(f"--config {ref}: cannot read from S3: {reason}") from None
        if len(data) > MAX_BYTES:
            raise ConfigError(
                f"--config {ref}: larger than {MAX_BYTES // 2**20} MiB, "
                "the most jobfactory reads from a configuration"
            )
        return data
