"""Local JSON state stores (bookmarks, emulated task values): updates from concurrent runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

INCREMENT = """
import sys
from jobfactory_core.files import update_json_state

def plus_one(current):
    data = current or {}
    data[sys.argv[2]] = data.get(sys.argv[2], 0) + 1
    return data

for _ in range(100):
    update_json_state(sys.argv[1], plus_one, what="a store", fix="delete it")
"""


def test_concurrent_updates_all_survive(tmp_path: Path) -> None:
    """Before the lock, two runs updating one store lost about a third of their updates."""
    store = tmp_path / "state" / "store.json"
    runs = [
        subprocess.Popen([sys.executable, "-c", INCREMENT, str(store), name])
        for name in ("a", "b", "c")
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]
    assert json.loads(store.read_text()) == {"a": 100, "b": 100, "c": 100}
    assert sorted(p.name for p in store.parent.iterdir()) == ["store.json", "store.json.lock"]


def test_a_store_that_cannot_be_written_is_one_clear_error(tmp_path: Path) -> None:
    """A parent that is a file was a FileExistsError traceback from inside the job."""
    import pytest

    from jobfactory_core.errors import ConfigError
    from jobfactory_core.files import update_json_state

    (tmp_path / "plain").write_text("x")
    with pytest.raises(ConfigError) as refused:
        update_json_state(
            tmp_path / "plain" / "s.json", lambda _: {}, what="a store", fix="move it"
        )
    assert str(refused.value).startswith(f"a store: cannot write {tmp_path / 'plain'}: ")
    assert str(refused.value).endswith(": move it")
