"""Notebook widgets as a parameter source for notebook runs (``run_notebook``)."""

from __future__ import annotations

from typing import Any

from jobfactory_databricks.notebook_ns import notebook_global


def widget_values(dbutils: Any = None) -> dict[str, str]:
    """``dbutils.widgets.getAll()`` of the notebook this process is, else nothing."""
    source = dbutils if dbutils is not None else notebook_global("dbutils")
    get_all = getattr(getattr(source, "widgets", None), "getAll", None)
    if get_all is None:
        return {}
    values = get_all()
    return {str(k): str(v) for k, v in dict(values).items()}
