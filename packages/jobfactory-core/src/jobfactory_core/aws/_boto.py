"""Creating boto3 clients: the one place boto3 is imported, with a clear error without it."""

from __future__ import annotations

import os
import threading
from typing import Any

#: Per-attempt network timeouts (seconds) and attempts for secret and config reads.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
MAX_ATTEMPTS = 3


class MissingBoto3(ModuleNotFoundError):
    """boto3 is not installed; the message says how to get it."""


def region() -> str | None:
    """``AWS_REGION`` (set by Lambda, Glue and ECS), else None so boto3 applies its own rules."""
    return os.environ.get("AWS_REGION") or None


def client(
    service: str,
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    max_attempts: int = MAX_ATTEMPTS,
) -> Any:
    """A boto3 client for ``service`` on its own session (safe to use from another thread).

    The endpoint is left to boto3 (``AWS_ENDPOINT_URL[_SERVICE]``, the shared config file).
    """
    try:
        import boto3
        from botocore.config import Config
    except ModuleNotFoundError:
        raise MissingBoto3(
            f"the AWS {service} integration needs boto3: pip install 'jobfactory-core[aws]'"
        ) from None
    from botocore.exceptions import NoRegionError

    config = Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"max_attempts": max_attempts, "mode": "standard"},
    )
    try:
        session: Any = boto3.session.Session()
        return session.client(service, region_name=region(), config=config)
    except NoRegionError:
        raise NoRegion() from None


class LazyClient:
    """One boto3 client, created on first use and shared across threads.

    Raises :class:`MissingBoto3` or :class:`NoRegion` from :meth:`get` (each caller turns them
    into its own one-line error); nothing is imported until a run needs the service.
    """

    def __init__(self, service: str, **options: Any) -> None:
        self.service = service
        self.options = options
        self._client: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = client(self.service, **self.options)
            return self._client


class NoRegion(LookupError):
    """No AWS region is configured."""

    def __init__(self) -> None:
        super().__init__("no AWS region configured: set AWS_REGION or AWS_DEFAULT_REGION")


def error_code(error: BaseException) -> str | None:
    """The AWS error code of a botocore ``ClientError`` (None for anything else)."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def describe(error: BaseException) -> str:
    """One line for a boto3 failure: the AWS code, or the exception's class and first line."""
    code = error_code(error)
    if code:
        return code
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
