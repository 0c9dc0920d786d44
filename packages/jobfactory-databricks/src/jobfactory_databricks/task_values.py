"""Task values (``dbutils.jobs.taskValues``) for downstream tasks, emulated in a JSON file.

On the runtime the values go to Databricks, where tasks of the same job run read them. Off
it they go to a local JSON store, ``{task_key: {key: value}}`` (the file named by
``JOBFACTORY_DATABRICKS_TASK_VALUES``, default ``.jobfactory/databricks-task-values.json`` in
the working directory), so a second
local run reads what the first set. Values must be JSON, as on Databricks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

STORE_VARIABLE = "JOBFACTORY_DATABRICKS_TASK_VALUES"
DEFAULT_STORE = Path(".jobfactory") / "databricks-task-values.json"


#: Databricks refuses a task value whose JSON representation is larger ("Use task values to
#: pass information between tasks"); the emulation refuses it too, so a local run finds out.
MAX_VALUE_BYTES = 48 * 1024


def _checked(key: str, value: Any) -> Any:
    if not isinstance(key, str) or not key:
        raise ValueError(f"a task value key must be a non-empty string, not {key!r}")
    try:
        size = len(json.dumps(value, allow_nan=False).encode())
    except (TypeError, ValueError, RecursionError):
        raise ValueError(
            f"task value {key!r}: {type(value).__name__} is not JSON (use str, numbers, bools, "
            "None, lists and dicts of them)"
        ) from None
    if size > MAX_VALUE_BYTES:
        raise ValueError(
            f"task value {key!r}: its JSON is {size} bytes; Databricks takes at most 48 KiB: "
            "write larger data to a table or volume and pass its name"
        )
    return value


class LocalTaskValues:
    """The emulation's store: one JSON file, replaced atomically on every write."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(os.environ.get(STORE_VARIABLE) or DEFAULT_STORE)

    _FIX = f"delete it or point {STORE_VARIABLE} elsewhere"

    def _checked_store(self, data: object) -> dict[str, dict[str, Any]]:
        if data is None:
            return {}
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            from jobfactory_core.errors import ConfigError

            raise ConfigError(
                f"task values store {self.path} is not {{task_key: {{key: value}}}}: {self._FIX}"
            )
        return data

    def _read(self) -> dict[str, dict[str, Any]]:
        from jobfactory_core.files import read_json_state

        data = read_json_state(self.path, what="task values store", fix=self._FIX)
        return self._checked_store(data)

    def set(self, task_key: str, key: str, value: Any) -> None:
        """Add one value; tasks setting values at the same time all keep theirs (a lock)."""
        from jobfactory_core.files import update_json_state

        checked = _checked(key, value)

        def with_value(current: object) -> object:
            data = self._checked_store(current)
            data.setdefault(task_key, {})[key] = checked
            return data

        update_json_state(self.path, with_value, what="task values store", fix=self._FIX)

    def get(self, task_key: str, key: str, default: Any = None) -> Any:
        return self._read().get(task_key, {}).get(key, default)


class TaskValues:
    """Set this task's values and read those of upstream tasks, wherever the run is."""

    def __init__(self, task_key: str, dbutils: Callable[[], Any] | None) -> None:
        #: ``dbutils`` is a getter on the runtime, None off it (the local store is used).
        self.task_key = task_key
        self._dbutils = dbutils
        self._local = LocalTaskValues() if dbutils is None else None

    def set(self, key: str, value: Any) -> None:
        _checked(key, value)
        if self._local is not None:
            self._local.set(self.task_key, key, value)
        elif self._dbutils is not None:
            self._dbutils().jobs.taskValues.set(key=key, value=value)

    def get(self, task_key: str, key: str, default: Any = None) -> Any:
        if self._local is not None:
            return self._local.get(task_key, key, default)
        assert self._dbutils is not None
        values = self._dbutils().jobs.taskValues
        if default is None:
            return values.get(taskKey=task_key, key=key, default=default)
        # debugValue answers outside a job run (an interactive notebook), where get would raise.
        return values.get(taskKey=task_key, key=key, default=default, debugValue=default)
