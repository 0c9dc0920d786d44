"""Finding ``dbutils``, lazily: the notebook's, the runtime's, or databricks-sdk's remote one.

On the runtime (in this order): the notebook's user namespace, ``pyspark.dbutils.DBUtils(spark)``
and ``databricks.sdk.runtime.dbutils``. Off it, with a workspace configured,
``WorkspaceClient().dbutils`` (secrets and files work remotely; task values do not). In local
emulation there is none, and the typed accessors emulate what they need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobfactory_core.errors import EnvironmentUnavailableError
from jobfactory_databricks.notebook_ns import notebook_global
from jobfactory_databricks.where import on_runtime, workspace_configured

_found: list[Any] = []  # one dbutils per process: finding it can import a lot


def _on_runtime(spark: Callable[[], Any] | None) -> Any:
    found = notebook_global("dbutils")
    if found is not None:
        return found
    try:
        from pyspark.dbutils import DBUtils

        if spark is not None:
            return DBUtils(spark())
    except ImportError:
        pass
    try:
        from databricks.sdk.runtime import dbutils as runtime_dbutils
    except ImportError:
        return None
    return runtime_dbutils


def find_dbutils(spark: Callable[[], Any] | None = None) -> Any:
    """This process's dbutils, or None where there is none (local emulation)."""
    if _found:
        return _found[0]
    if on_runtime():
        found = _on_runtime(spark)
    elif workspace_configured():
        from databricks.sdk import WorkspaceClient

        found = WorkspaceClient().dbutils
    else:
        found = None
    if found is not None:
        _found.append(found)
    return found


def require_dbutils(spark: Callable[[], Any] | None = None) -> Any:
    """Like :func:`find_dbutils`, but a clear error where there is none."""
    found = find_dbutils(spark)
    if found is None:
        raise EnvironmentUnavailableError(
            "dbutils is not available here: run on Databricks, or configure a workspace "
            "(DATABRICKS_HOST and a token, or DATABRICKS_CONFIG_PROFILE) to use it remotely"
        )
    return found


def forget_dbutils() -> None:
    """Forget the dbutils found (tests; a process that changes workspace)."""
    _found.clear()
