"""Secret providers for AWS Secrets Manager and SSM Parameter Store (boto3, imported lazily).

- ``secret://aws-secretsmanager/NAME``: the secret's string (``NAME`` may be an ARN);
  ``secret://aws-secretsmanager/NAME#key`` reads one key of a JSON secret (``#a.b`` nests).
- ``secret://aws-ssm//path/to/param``: a parameter (SecureString decrypted); the path keeps
  its leading ``/``, so a hierarchical name reads exactly as in the AWS console.

Errors say which secret and what AWS answered (``ResourceNotFoundException``,
``AccessDeniedException``...), never a value.
"""

from __future__ import annotations

import json
from typing import Any

from jobfactory_core.aws import _boto
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.secrets import SecretNotFound, lookup_key


class _ClientHolder:
    """One boto3 client per provider instance, created on first use."""

    service = ""

    def __init__(self) -> None:
        self._client = _boto.LazyClient(self.service)

    def client(self) -> Any:
        try:
            return self._client.get()
        except (_boto.MissingBoto3, _boto.NoRegion) as error:
            raise SecretNotFound(str(error)) from None


def _json_key(text: str, key: str, what: str) -> str:
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested too deep for json
        raise SecretNotFound(f"{what} is not JSON, so #{key} cannot be read from it") from None
    return lookup_key(data, key, what)


class SecretsManagerProvider(_ClientHolder):
    """``secret://aws-secretsmanager/NAME[#json_key]`` (AWSCURRENT version)."""

    service = "secretsmanager"

    def get(self, path: str) -> str:
        name, _, key = path.partition("#")
        what = f"AWS Secrets Manager secret {name}"
        client = self.client()
        try:
            response = client.get_secret_value(SecretId=name)
        except Exception as error:
            raise SecretNotFound(f"{what}: {_boto.describe(error)}") from None
        text = response.get("SecretString")
        if text is None:
            binary = response.get("SecretBinary")
            try:
                text = bytes(binary).decode("utf-8") if binary is not None else None
            except UnicodeDecodeError:
                raise SecretNotFound(f"{what} is binary, not UTF-8 text") from None
        if text is None:
            raise SecretNotFound(f"{what} has no value")
        if key:
            REDACTOR.register(text)
            REDACTOR.register_json_leaves(text)
            return _json_key(text, key, what)
        return str(text)  # registered, with its fields, by core's resolve_registered


class SsmParameterProvider(_ClientHolder):
    """``secret://aws-ssm//path/to/param``: String, StringList or SecureString (decrypted)."""

    service = "ssm"

    def get(self, path: str) -> str:
        what = f"SSM parameter {path}"
        client = self.client()
        try:
            response = client.get_parameter(Name=path, WithDecryption=True)
        except Exception as error:
            raise SecretNotFound(f"{what}: {_boto.describe(error)}") from None
        parameter = response["Parameter"]
        value = str(parameter["Value"])
        if parameter.get("Type") == "StringList":  # a job may split it and print one entry
            REDACTOR.register_all(value.split(","))
        return value
