"""Fixtures for jobfactory-glue's tests (helpers live in ``glue_helpers``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Glue or jobfactory variables from the outside; bookmarks in the test's folder."""
    for name in list(os.environ):
        if name.startswith(("JOBFACTORY_", "GLUE_", "CUSTOMER_JOBFACTORY_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JOBFACTORY_GLUE_BOOKMARKS", str(tmp_path / "bookmarks"))
