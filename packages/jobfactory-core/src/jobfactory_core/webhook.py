"""Webhook notifier: POST each event as JSON with the stdlib (Slack and Teams compatible).

The body has a ``text`` line, which Slack and Teams incoming webhooks display, plus the
structured fields of the event (``format = "text"`` sends the ``text`` field alone). Failed
attempts (connection errors, timeouts, HTTP 429 and 5xx) are retried with exponential
backoff; the whole delivery, retries included, is bounded by ``timeout``.

Redirects are never followed: the URL and the headers usually carry the credentials (a Slack
path, an ``Authorization`` header), and following a 3xx would hand them to whatever host the
``Location`` names. A redirect is a failed delivery, reported like any other (the warning names
the scheme and host only); point ``url`` at the final address instead.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection
from typing import Any

from jobfactory_core.__about__ import __version__
from jobfactory_core.delivery import DEFAULT_TIMEOUT, BoundedNotifier, DeliveryError
from jobfactory_core.notify import Event, EventKind
from jobfactory_core.redaction import REDACTOR

#: Largest part of a response body read (and ignored) per attempt.
_MAX_READ = 64 * 1024
#: An attempt with less time than this left is not worth starting.
_MIN_ATTEMPT = 0.05


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Turns every 3xx into an HTTPError instead of a request to the ``Location``."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_RefuseRedirects())


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def safe_url(url: str) -> str:
    """``scheme://host[:port]`` only: webhook paths and queries usually hold the token."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def check_url(url: str) -> None:
    """Refuse a URL that could never be delivered to (ValueError; the message holds no path).

    http or https, a host, a port in 1..65535, no whitespace or control characters.
    """
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("webhook url contains whitespace or a control character")
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"webhook url must be http:// or https://, not {scheme or 'none'}")
    if not parts.hostname:
        raise ValueError(f"webhook url {scheme}://... has no host")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(
            f"webhook url {scheme}://{parts.hostname} has an invalid port (1 to 65535)"
        ) from None
    if port == 0:
        raise ValueError(f"webhook url {scheme}://{parts.hostname} has port 0 (1 to 65535)")


def register_credentials(url: str, headers: dict[str, str]) -> None:
    """Mask what a webhook's configuration holds wherever the run prints it (a job that logs
    its context or settings): the URL and its path (a Slack or Teams URL's path is its token)
    and every header value (``Authorization``, ``X-Api-Key``)."""
    REDACTOR.register_url_credentials(url)
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    REDACTOR.register_all([url, *([path] if path.strip("/") else []), *headers.values()])


class WebhookNotifier(BoundedNotifier):
    """POSTs events to ``url``; ``retries`` extra attempts, ``backoff`` seconds doubling."""

    kind_name = "webhook"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 2,
        backoff: float = 0.5,
        events: Collection[EventKind] | None = None,
        text_only: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        check_url(url)
        register_credentials(url, headers or {})
        super().__init__(timeout=timeout, events=events)
        self.url = url
        self.retries = retries
        self.backoff = backoff
        self.text_only = text_only
        self.headers = dict(headers or {})
        self._opener = _opener()

    def describe(self) -> str:
        return f"webhook {safe_url(self.url)}"

    def body(self, payload: dict[str, Any]) -> bytes:
        data = {"text": payload["text"]} if self.text_only else payload
        return json.dumps(data, default=str).encode("utf-8")

    def send(self, payload: dict[str, Any], event: Event, deadline: float) -> None:
        body = self.body(payload)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"jobfactory/{__version__}",
            **self.headers,
        }
        attempts = 0
        last = "no time left to try"
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            attempts += 1
            # The scheme is checked in __init__ (http/https only), hence the S310 waivers.
            request = urllib.request.Request(  # noqa: S310
                self.url, data=body, headers=headers, method="POST"
            )
            try:
                with self._opener.open(request, timeout=remaining) as response:
                    response.read(_MAX_READ)
                return
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code} {error.reason}".rstrip()
                if 300 <= error.code < 400:
                    last += ": redirect not followed (set url to the final address)"
                error.close()
                if not _retryable(error.code):
                    break
            except TimeoutError:
                last = "timed out"
            except urllib.error.URLError as error:
                reason = error.reason
                last = "timed out" if isinstance(reason, TimeoutError) else f"{reason}"
            except OSError as error:  # connection reset mid-response and the like
                last = f"{type(error).__name__}: {error.strerror or error}"
            if attempts > self.retries:
                break
            pause = self.backoff * 2 ** (attempts - 1)
            if pause + _MIN_ATTEMPT >= deadline - time.monotonic():
                break  # no time left for another attempt after the pause
            time.sleep(pause)
        plural = "attempt" if attempts == 1 else "attempts"
        raise DeliveryError(f"{last} ({attempts} {plural}, timeout {self.timeout:g}s)")
