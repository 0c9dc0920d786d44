"""A local webhook endpoint for tests: check what your webhook notifiers would send.

``WebhookServer`` listens on 127.0.0.1 (a free port) in a background thread and records
every request (POST, and any other method, so a redirected request is seen too). It answers
``status`` (200 by default; with ``location`` set, a redirect there, e.g. ``status=302``), or,
with ``hang`` set, never answers until it is stopped (or ``hang_timeout`` passes), to test that
a slow webhook cannot delay a run. Stdlib only; stopping it releases hanging requests first,
so it always stops promptly::

    from jobfactory_core.testing.webhook import WebhookServer

    with WebhookServer() as hook:
        WebhookNotifier(hook.url).notify(event)
        assert hook.bodies[0]["event"] == "succeeded"

The pytest plugin's ``webhook_server`` fixture gives one, started, per test.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

__all__ = ["WebhookRequest", "WebhookServer"]


@dataclass(frozen=True)
class WebhookRequest:
    """One request the server received (a POST unless ``method`` says otherwise)."""

    path: str
    headers: dict[str, str]
    #: The body parsed as JSON, or None when it is not JSON.
    body: Any
    data: bytes
    method: str = "POST"


class WebhookServer:
    """An HTTP endpoint on 127.0.0.1 that records POSTs; a context manager.

    ``status``, ``location`` and ``hang`` may be changed while it runs; they apply to the
    next request.
    """

    def __init__(
        self,
        status: int = 200,
        *,
        hang: bool = False,
        path: str = "/hook",
        hang_timeout: float = 30.0,
        location: str | None = None,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        self.status = status
        self.hang = hang
        self.path = path
        self.hang_timeout = hang_timeout
        #: Sent as the ``Location`` header of every answer when set (a redirect target).
        self.location = location
        self.requests: list[WebhookRequest] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/PATH``; the server must be started."""
        if self._server is None:
            raise RuntimeError("the webhook server is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.path}"

    @property
    def bodies(self) -> list[Any]:
        """The JSON bodies received so far, in order."""
        with self._lock:
            return [request.body for request in self.requests]

    def start(self) -> WebhookServer:
        """Listen on 127.0.0.1 on a free port, serving from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("the webhook server is already started")
        self._release.clear()
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="webhook-server", daemon=True)
        thread.start()
        self._server, self._thread = server, thread
        return self

    def release(self) -> None:
        """Let requests that hang now return (without an answer)."""
        self._release.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Release hanging requests, stop serving and close the socket (idempotent)."""
        self._release.set()
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout)

    def __enter__(self) -> WebhookServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _record(self, request: WebhookRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body: Any = json.loads(data)
                except ValueError:
                    body = None
                owner._record(
                    WebhookRequest(self.path, dict(self.headers), body, data, self.command)
                )
                if owner.hang:
                    owner._release.wait(owner.hang_timeout)
                    return  # no answer: the client sees a timeout or a closed connection
                status = owner.status
                answer = b"" if status in (204, 304) else b"ok"
                self.send_response(status)
                if owner.location is not None:
                    self.send_header("Location", owner.location)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_PUT = do_DELETE = do_PATCH = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
