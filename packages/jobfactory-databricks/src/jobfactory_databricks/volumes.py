"""``--config /Volumes/...``: read directly on the runtime, through the Files API off it.

Unity Catalog volumes are mounted on Databricks compute, so core reads them as local files.
Off the runtime the same path is fetched with databricks-sdk's Files API from the configured
workspace, unless a local file exists at that path (a mirror for local emulation).
"""

from __future__ import annotations

from pathlib import Path

from jobfactory_core.errors import ConfigError

PREFIXES = ("/Volumes/", "dbfs:/Volumes/")
#: Configurations are small; a larger file is a mistake, not something to download.
MAX_BYTES = 1024 * 1024


def is_volume_path(ref: str) -> bool:
    return ref.startswith(PREFIXES)


def read_remote(ref: str) -> bytes:
    """The bytes of the volume file ``ref`` from the workspace (one :class:`ConfigError` line
    on any failure: not found, no permission, no workspace configured)."""
    from jobfactory_databricks.where import workspace_configured

    if not workspace_configured():
        raise ConfigError(
            f"--config {ref}: not on Databricks and no workspace configured: set DATABRICKS_HOST "
            "and DATABRICKS_TOKEN (or a profile) to read it through the Files API, or pass a "
            "local file"
        )
    path = "/" + ref.removeprefix("dbfs:").lstrip("/")
    try:
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.errors import NotFound, PermissionDenied
    except ImportError:
        raise ConfigError(
            f"--config {ref}: reading a volume off Databricks needs databricks-sdk"
        ) from None
    try:
        response = WorkspaceClient().files.download(path)
        contents = response.contents
        data = contents.read(MAX_BYTES + 1) if contents is not None else b""
    except NotFound:
        raise ConfigError(f"--config {ref}: no such file in the workspace") from None
    except PermissionDenied:
        raise ConfigError(f"--config {ref}: permission denied by the workspace") from None
    except Exception as error:
        first = (str(error).splitlines() or [""])[0]
        raise ConfigError(
            f"--config {ref}: cannot read it through the Files API: {type(error).__name__}"
            + (f": {first}" if first else "")
        ) from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"--config {ref}: larger than {MAX_BYTES} bytes; not a configuration")
    return bytes(data)


def local_mirror(ref: str) -> Path | None:
    """An existing local file at the volume path (emulation), else None."""
    path = Path("/" + ref.removeprefix("dbfs:").lstrip("/"))
    return path if path.is_file() else None
