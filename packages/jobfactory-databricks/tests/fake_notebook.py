"""FakeNotebook: what only a Databricks notebook has, for tests that cannot have the real one.

A stand-in IPython shell whose user namespace holds ``dbutils`` (FakeDbutils: widgets, secret
scopes and task values in dicts) and optionally ``spark``. jobfactory finds both exactly as it
does on the runtime: through ``IPython.get_ipython().user_ns``.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest


class FakeDbutils:
    """``dbutils.widgets``, ``dbutils.secrets`` and ``dbutils.jobs.taskValues``, in memory."""

    def __init__(self, widgets: dict[str, str], secrets: dict[tuple[str, str], str]) -> None:
        self.set_values: dict[str, Any] = {}
        self.upstream: dict[tuple[str, str], Any] = {}
        outer = self

        class Widgets:
            def getAll(self) -> dict[str, str]:
                return dict(widgets)

        class Secrets:
            def get(self, scope: str, key: str) -> str:
                if (scope, key) not in secrets:
                    raise ValueError(f"Secret does not exist with scope: {scope} and key: {key}")
                return secrets[(scope, key)]

        class TaskValues:
            def set(self, key: str, value: Any) -> None:
                outer.set_values[key] = value

            def get(
                self, taskKey: str, key: str, default: Any = None, debugValue: Any = None
            ) -> Any:
                return outer.upstream.get((taskKey, key), default)

        self.widgets = Widgets()
        self.secrets = Secrets()
        self.jobs = types.SimpleNamespace(taskValues=TaskValues())


def install_notebook(monkeypatch: pytest.MonkeyPatch, **user_ns: Any) -> None:
    """Make this process look like a notebook whose user namespace is ``user_ns``."""
    shell = types.SimpleNamespace(user_ns=dict(user_ns))
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
