"""jobfactory entry point for Databricks: wheel and Python-script tasks, serverless, notebooks.

``python -m jobfactory_databricks.generic_entry --module_name pkg.job`` (or the
``jobfactory-databricks`` console script of a ``python_wheel_task``) runs a job; off Databricks
the same command emulates the platform. ``run_notebook`` runs one from a notebook cell and
``DatabricksContext`` is the context a job gets here. Names are imported on first use, so
importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jobfactory_databricks.__about__ import __version__

if TYPE_CHECKING:
    from jobfactory_databricks.context import DatabricksContext as DatabricksContext
    from jobfactory_databricks.notebook import NotebookRunFailed as NotebookRunFailed
    from jobfactory_databricks.notebook import run_notebook as run_notebook

_LAZY = {
    "DatabricksContext": "jobfactory_databricks.context",
    "NotebookRunFailed": "jobfactory_databricks.notebook",
    "run_notebook": "jobfactory_databricks.notebook",
}

__all__ = ["DatabricksContext", "NotebookRunFailed", "__version__", "run_notebook"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
