"""Where a Databricks entry runs: on the runtime, through databricks-connect, or emulated.

``runtime`` when ``DATABRICKS_RUNTIME_VERSION`` is set (job clusters, serverless, notebooks).
Off the runtime, ``connect`` when databricks-connect is installed and a workspace is configured
(:func:`workspace_configured`), else ``local`` emulation.
``JOBFACTORY_DATABRICKS_MODE=local|connect`` chooses off the runtime explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from jobfactory_core.errors import UsageError

Mode = Literal["runtime", "connect", "local"]
MODE_VARIABLE = "JOBFACTORY_DATABRICKS_MODE"


def on_runtime() -> bool:
    """Whether this process runs on Databricks compute (cluster, serverless or notebook)."""
    return bool(os.environ.get("DATABRICKS_RUNTIME_VERSION"))


def workspace_configured() -> bool:
    """Whether databricks-sdk could find a workspace here: ``DATABRICKS_HOST``, a profile, or
    a configuration file (``DATABRICKS_CONFIG_FILE``, default ``~/.databrickscfg``)."""
    if os.environ.get("DATABRICKS_HOST") or os.environ.get("DATABRICKS_CONFIG_PROFILE"):
        return True
    config_file = os.environ.get("DATABRICKS_CONFIG_FILE") or "~/.databrickscfg"
    return Path(config_file).expanduser().is_file()


def connect_installed() -> bool:
    """Whether databricks-connect is importable (without importing it)."""
    from importlib.util import find_spec

    try:
        return find_spec("databricks.connect") is not None
    except (ImportError, ValueError):
        return False


def current_mode() -> Mode:
    """The mode of this process (see the module docstring)."""
    if on_runtime():
        return "runtime"
    forced = os.environ.get(MODE_VARIABLE, "").strip().lower()
    if forced == "local":
        return "local"
    if forced == "connect":
        if not connect_installed():
            raise UsageError(
                f"{MODE_VARIABLE}=connect needs databricks-connect: pip install databricks-connect"
            )
        return "connect"
    if forced:
        raise UsageError(f"{MODE_VARIABLE}={forced!r}: use local or connect (or leave it unset)")
    if workspace_configured() and connect_installed():
        return "connect"
    return "local"
