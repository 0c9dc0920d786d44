"""``--config`` files that live in a Databricks workspace: volumes and workspace files.

``/Volumes/...`` (Unity Catalog volumes) and ``/Workspace/...`` (workspace files) are mounted on
Databricks compute, so there core reads them as local files. Off the runtime the same path is
downloaded from the configured workspace with databricks-sdk (imported only then): a volume
through the Files API, a workspace file through the Workspace API, unless a local file exists
at that path (a mirror for local emulation). A file the workspace does not have is a
configuration error (exit 2); a workspace that cannot be reached or refuses the credentials is
an unavailable environment (exit 3). Each is one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from jobfactory_core.errors import ConfigError, EnvironmentUnavailableError

VOLUME_PREFIXES = ("/Volumes/", "dbfs:/Volumes/")
WORKSPACE_PREFIX = "/Workspace/"
#: Configurations are small; a larger file is a mistake, not something to download.
MAX_BYTES = 1024 * 1024
#: How long databricks-sdk keeps retrying an unreachable workspace (its own default: 300 s).
RETRY_WINDOW_S = 30


def is_remote_path(ref: str) -> bool:
    """Whether ``ref`` names a volume or workspace file (mounted only on Databricks compute)."""
    return ref.startswith((*VOLUME_PREFIXES, WORKSPACE_PREFIX))


def local_path(ref: str) -> str:
    """The path as mounted on Databricks compute (``dbfs:/Volumes/x`` is ``/Volumes/x``)."""
    return "/" + ref.removeprefix("dbfs:").lstrip("/")


def local_mirror(ref: str) -> Path | None:
    """An existing local file at the mounted path (emulation), else None."""
    path = Path(local_path(ref))
    return path if path.is_file() else None


def _api(ref: str) -> str:
    return "the Workspace API" if ref.startswith(WORKSPACE_PREFIX) else "the Files API"


def _download(client: Any, ref: str) -> BinaryIO | None:
    """Open the file through the API that serves it."""
    path = local_path(ref)
    if ref.startswith(WORKSPACE_PREFIX):
        from databricks.sdk.service.workspace import ExportFormat

        # The Workspace API names objects without the /Workspace mount point.
        stream: BinaryIO = client.workspace.download(
            "/" + path.removeprefix(WORKSPACE_PREFIX), format=ExportFormat.AUTO
        )
        return stream
    contents: BinaryIO | None = client.files.download(path).contents
    return contents


def read_remote(ref: str) -> bytes:
    """The bytes of the workspace file ``ref``, or one line saying why not."""
    from jobfactory_databricks.where import workspace_configured

    api = _api(ref)
    if any(part in (".", "..") for part in local_path(ref).split("/")):
        # The HTTP client resolves them: /Volumes/a/../../../x would GET another API's URL.
        raise ConfigError(
            f"--config {ref}: a workspace path cannot contain '.' or '..'; name the file directly"
        )
    if not workspace_configured():
        raise EnvironmentUnavailableError(
            f"--config {ref}: not on Databricks and no workspace configured: set DATABRICKS_HOST "
            f"and DATABRICKS_TOKEN (or a profile) to read it through {api}, or pass a local file"
        )
    try:
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.config import Config
        from databricks.sdk.errors import NotFound, PermissionDenied, Unauthenticated
        from databricks.sdk.errors.base import DatabricksError
    except ImportError:
        raise EnvironmentUnavailableError(
            f"--config {ref}: reading it off Databricks needs databricks-sdk: "
            "pip install databricks-sdk"
        ) from None
    try:
        # A request that gets no answer is given up within the window too (the SDK's own
        # per-request timeout is 60 s, so a workspace that never answered took twice as long).
        config = Config(retry_timeout_seconds=RETRY_WINDOW_S, http_timeout_seconds=RETRY_WINDOW_S)
        client = WorkspaceClient(config=config)
    except Exception as error:
        raise EnvironmentUnavailableError(
            f"--config {ref}: cannot authenticate to the workspace ({type(error).__name__}): "
            "set DATABRICKS_HOST and DATABRICKS_TOKEN, or a profile"
        ) from None
    try:
        contents = _download(client, ref)
        data = contents.read(MAX_BYTES + 1) if contents is not None else b""
    except NotFound:
        raise ConfigError(f"--config {ref}: no such file in the workspace") from None
    except (PermissionDenied, Unauthenticated) as error:
        raise EnvironmentUnavailableError(
            f"--config {ref}: the workspace refused the request ({type(error).__name__}): check "
            "DATABRICKS_TOKEN (or the profile) and that it may read this file"
        ) from None
    except DatabricksError as error:  # it answered, with another error (an OSError subclass)
        raise EnvironmentUnavailableError(
            f"--config {ref}: the workspace at {client.config.host} answered with an error "
            f"({type(error).__name__}) instead of the file: try again later, or check the "
            "workspace's status"
        ) from None
    except OSError as error:  # connection refused or reset, timed out after the retries
        raise EnvironmentUnavailableError(
            f"--config {ref}: cannot reach the workspace at {client.config.host} "
            f"({type(error).__name__}): check DATABRICKS_HOST and the network"
        ) from None
    except Exception as error:
        first = (str(error).splitlines() or [""])[0]
        raise ConfigError(
            f"--config {ref}: cannot read it through {api}: {type(error).__name__}"
            + (f": {first}" if first else "")
        ) from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"--config {ref}: larger than {MAX_BYTES} bytes; not a configuration")
    return bytes(data)
