"""FakeWorkspaceApi: a small stand-in for three Databricks workspace REST APIs, on 127.0.0.1.

Only what exists nowhere but in a Databricks workspace is faked: the Files API
(``GET /api/2.0/fs/files/PATH`` answers a file's bytes, or Databricks' JSON error with 404; the
presigned-URL endpoint says it is not available, so the real databricks-sdk client falls back
to the direct download), the Workspace API's export of a workspace file
(``GET /api/2.0/workspace/export?path=&direct_download=true``: the bytes, or 404
``RESOURCE_DOES_NOT_EXIST``) and the Secrets API (``GET /api/2.0/secrets/get?scope=&key=``, the
value base64-encoded). A wrong token gets 403, as Databricks answers an invalid access token.
Host metadata is absent. The real databricks-sdk ``WorkspaceClient`` (and its remote
``dbutils``) talks to it over HTTP.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit


class FakeWorkspaceApi:
    """``with FakeWorkspaceApi(files={"/Volumes/a/b/c/x.toml": b"..."}) as host:``.

    ``workspace`` holds workspace files by their Workspace API path (``/Users/me/x.toml``, which
    Databricks compute mounts as ``/Workspace/Users/me/x.toml``).
    """

    def __init__(
        self,
        files: dict[str, bytes] | None = None,
        secrets: dict[tuple[str, str], str] | None = None,
        token: str = "dapi-fake-token",
        workspace: dict[str, bytes] | None = None,
        failing: int | None = None,
    ) -> None:
        #: ``failing``: every authorised GET answers this HTTP status (a workspace in trouble).
        self.failing = failing
        self.files = files or {}
        self.workspace = workspace or {}
        self.secrets = secrets or {}
        self.token = token
        self.requests: list[tuple[str, str, str | None]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _json(self, status: int, body: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                fake.requests.append(("POST", self.path, self.headers.get("Authorization")))
                self._json(404, {"error_code": "NOT_FOUND", "message": "no presigned URLs"})

            def do_GET(self) -> None:
                auth = self.headers.get("Authorization")
                fake.requests.append(("GET", self.path, auth))
                url = urlsplit(self.path)
                path = unquote(url.path)
                if auth != f"Bearer {fake.token}":
                    self._json(403, {"error_code": "PERMISSION_DENIED", "message": "bad token"})
                    return
                if fake.failing is not None:
                    self._json(fake.failing, {"error_code": "INTERNAL_ERROR", "message": "down"})
                    return
                if path == "/api/2.0/secrets/get":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    value = fake.secrets.get((query.get("scope", ""), query.get("key", "")))
                    if value is None:
                        self._json(404, {"error_code": "RESOURCE_DOES_NOT_EXIST",
                                         "message": "Secret does not exist"})  # fmt: skip
                        return
                    encoded = base64.b64encode(value.encode()).decode()
                    self._json(200, {"key": query["key"], "value": encoded})
                    return
                if path == "/api/2.0/workspace/export":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    data = fake.workspace.get(query.get("path", ""))
                    if query.get("direct_download") != "true":
                        self._json(400, {"error_code": "INVALID_PARAMETER_VALUE",
                                         "message": "fake: direct_download only"})  # fmt: skip
                        return
                    if data is None:
                        missing = f"Path ({query.get('path')}) doesn't exist."
                        self._json(404, {"error_code": "RESOURCE_DOES_NOT_EXIST",
                                         "message": missing})  # fmt: skip
                        return
                    self._bytes(data)
                    return
                if not path.startswith("/api/2.0/fs/files/"):
                    self._json(404, {"error_code": "NOT_FOUND", "message": "no such endpoint"})
                    return
                data = fake.files.get(path.removeprefix("/api/2.0/fs/files"))
                if data is None:
                    self._json(404, {"error_code": "NOT_FOUND", "message": "no such file"})
                    return
                self._bytes(data)

            def _bytes(self, data: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.host

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
