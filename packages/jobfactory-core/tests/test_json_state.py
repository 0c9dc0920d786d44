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
