"""``secret://databricks/SCOPE/KEY``: a Databricks secret scope, emulated off the runtime.

On the runtime: ``dbutils.secrets.get(scope, key)``. Off it, in order: the environment
variable ``JOBFACTORY_DATABRICKS_SECRET_<SCOPE>_<KEY>`` (upper case, other characters as ``_``),
the file named by ``JOBFACTORY_DATABRICKS_SECRETS_FILE`` (TOML or JSON, ``{scope: {key: value}}``),
then the workspace through databricks-sdk when one is configured. Registered in the entry-point
group ``jobfactory.secret_providers``, so core resolves and redacts these like every secret.
"""

from __future__ import annotations

import os
import re

from jobfactory_core.secrets import FileSecretProvider, SecretNotFound
from jobfactory_databricks.where import on_runtime, workspace_configured

ENV_PREFIX = "JOBFACTORY_DATABRICKS_SECRET_"
FILE_VARIABLE = "JOBFACTORY_DATABRICKS_SECRETS_FILE"


def env_name(scope: str, key: str) -> str:
    """The variable emulating ``scope``/``key`` (``my-scope``/``db.pw``: ``..._MY_SCOPE_DB_PW``)."""
    return ENV_PREFIX + re.sub(r"[^A-Z0-9]", "_", f"{scope}_{key}".upper())


class DatabricksSecretProvider:
    """Resolves ``SCOPE/KEY`` (the part after ``secret://databricks/``)."""

    def get(self, path: str) -> str:
        scope, sep, key = path.partition("/")
        if not sep or not scope or not key:
            raise SecretNotFound("expected secret://databricks/SCOPE/KEY")
        if on_runtime():
            return self._dbutils(scope, key)
        emulated = os.environ.get(env_name(scope, key))
        if emulated is not None:
            return emulated
        file = os.environ.get(FILE_VARIABLE)
        if file:
            try:
                return FileSecretProvider().get(f"{file}#{scope}.{key}")
            except SecretNotFound:
                if not workspace_configured():
                    raise
        if workspace_configured():
            return self._dbutils(scope, key)
        raise SecretNotFound(
            f"no Databricks secret {scope}/{key} here: set {env_name(scope, key)} or "
            f"{FILE_VARIABLE} to emulate it, or configure a workspace (DATABRICKS_HOST)"
        )

    def _dbutils(self, scope: str, key: str) -> str:
        from jobfactory_databricks.dbutils import require_dbutils

        dbutils = require_dbutils(_active_spark)
        try:
            value = dbutils.secrets.get(scope=scope, key=key)
        except Exception as error:  # the platform's message names scope/key, not the value
            raise SecretNotFound(
                f"Databricks secret {scope}/{key}: {type(error).__name__}: "
                f"{(str(error).splitlines() or [''])[0]}"
            ) from None
        return str(value)


def _active_spark() -> object:
    from jobfactory_databricks.spark import runtime_session

    return runtime_session()
