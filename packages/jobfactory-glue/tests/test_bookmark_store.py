"""The local bookmark store refuses what it cannot trust, in one line, instead of a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jobfactory_core.errors import ConfigError
from jobfactory_glue.bookmarks import BookmarkStore


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "is not JSON"),
        ('{"runs": 3}', "not a bookmark store"),
        ('{"runs": [{"files": {}}]}', "not a bookmark store"),
        ("[]", "not a bookmark store"),
        ('{"runs": [{"run_id": "a", "files": {"ctx": 5}}]}', "not a bookmark store"),
        ('{"runs": [{"run_id": ["a"], "files": {}}]}', "not a bookmark store"),
        ('{"runs": [{"run_id": "a", "files": {"ctx": {"/x": "1"}}}]}', "not a bookmark store"),
    ],
)
def test_a_damaged_store_names_the_file_and_the_fix(
    tmp_path: Path, content: str, fragment: str
) -> None:
    (tmp_path / "orders.json").write_text(content)
    with pytest.raises(ConfigError, match=fragment) as caught:
        BookmarkStore(tmp_path).runs("orders")
    assert "to start the bookmarks of 'orders' over" in str(caught.value)


def test_a_store_that_is_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "orders.json")
    with pytest.raises(ConfigError, match="not a regular file"):
        BookmarkStore(tmp_path).runs("orders")


def test_no_store_yet_means_no_runs(tmp_path: Path) -> None:
    assert BookmarkStore(tmp_path).runs("orders") == []


def test_job_names_that_differ_only_in_odd_characters_keep_their_own_bookmarks(
    tmp_path: Path,
) -> None:
    store = BookmarkStore(tmp_path)
    store.commit("daily revenue", "jr_1", {"orders": {"/in/a.csv": 1}})
    assert store.runs("daily_revenue") == []
    assert store.runs("daily/revenue") == []
    assert store.processed("daily revenue", "orders") == {"/in/a.csv": 1}
    assert all(not p.name.startswith(".") for p in tmp_path.iterdir())
