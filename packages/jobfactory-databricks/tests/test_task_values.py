"""Task values in local emulation: one run sets them, the next reads them (the console script)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from dbx_helpers import console, summary_of

from jobfactory_databricks.task_values import LocalTaskValues, TaskValues


def test_a_value_set_by_one_local_run_is_read_by_the_next(tmp_path: Path) -> None:
    store = tmp_path / "values.json"
    env = {"JOBFACTORY_DATABRICKS_TASK_VALUES": str(store), "JOBFACTORY_HAS_SPARK": "false"}

    first = console("--module_name", "dbxjobs.ingest", "--rows=1234",
                    "--task_key=ingest", "--run_id=77", **env)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert summary_of(first.stdout)["result"] == {"task_key": "ingest", "published": 1234}

    second = console("--module_name", "dbxjobs.report", "--task_key=report", "--run_id=77", **env)
    assert second.returncode == 0, second.stderr
    result = summary_of(second.stdout)["result"]
    assert result["rows"] == 1234
    assert result["batch"] == {"rows": 1234, "ok": True}
    assert result["missing"] == "fallback"
    assert result["mode"] == "local"
    assert json.loads(store.read_text())["ingest"]["rows"] == 1234


def test_without_task_key_the_module_name_is_the_task_key(tmp_path: Path) -> None:
    store = tmp_path / "values.json"
    done = console(
        "--module_name", "dbxjobs.ingest", "--rows=5",
        JOBFACTORY_DATABRICKS_TASK_VALUES=str(store), JOBFACTORY_HAS_SPARK="false",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    stored = json.loads(store.read_text())
    assert stored == {"ingest": {"batch": {"ok": True, "rows": 5}, "rows": 5}}


def test_values_must_be_json(tmp_path: Path) -> None:
    values = TaskValues("t", None)
    with pytest.raises(ValueError, match="'when': datetime is not JSON"):
        import datetime as dt

        values.set("when", dt.datetime.now())
    with pytest.raises(ValueError, match="is not JSON"):
        values.set("nan", float("nan"))


def test_a_corrupt_store_is_one_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "values.json"
    store.write_text("{not json")
    from jobfactory_core.errors import ConfigError

    with pytest.raises(ConfigError, match="delete it or point JOBFACTORY_DATABRICKS_TASK_VALUES"):
        LocalTaskValues(store).get("a", "b")


@pytest.mark.parametrize("content", ["[1, 2]", '{"up": 5}', '"text"'])
def test_json_that_is_not_a_store_is_refused_not_overwritten(tmp_path: Path, content: str) -> None:
    from jobfactory_core.errors import ConfigError

    store = tmp_path / "values.json"
    store.write_text(content)
    refused = re.escape("is not {task_key: {key: value}}: delete it")
    with pytest.raises(ConfigError, match=refused):
        LocalTaskValues(store).get("up", "k")
    with pytest.raises(ConfigError, match=refused):
        LocalTaskValues(store).set("down", "k", 1)
    assert store.read_text() == content


def test_a_store_path_that_is_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    from jobfactory_core.errors import ConfigError

    store = tmp_path / "values.json"
    os.mkfifo(store)
    with pytest.raises(ConfigError, match="not a regular file"):
        LocalTaskValues(store).get("a", "b")


def test_dbutils_task_values_are_used_on_the_runtime() -> None:
    """On the runtime the values go through dbutils.jobs.taskValues (here the SDK's own
    remote implementation, whose get answers debugValue outside a job run)."""
    from databricks.sdk.dbutils import _JobsUtil

    class Dbutils:  # only the jobs util of databricks-sdk's RemoteDbUtils
        jobs = _JobsUtil()

    values = TaskValues("t", lambda: Dbutils)
    values.set("k", 1)  # accepted by the SDK's implementation
    assert values.get("up", "k", default=7) == 7  # debugValue = default outside a job run


def test_tasks_setting_values_at_the_same_time_keep_all_of_them(tmp_path: Path) -> None:
    """Parallel tasks of a local run share the store; before the lock, values were lost."""
    import subprocess
    import sys

    store = tmp_path / "values.json"
    code = (
        "import sys; from pathlib import Path\n"
        "from jobfactory_databricks.task_values import LocalTaskValues\n"
        "values = LocalTaskValues(Path(sys.argv[1]))\n"
        "for i in range(60): values.set(sys.argv[2], f'k{i}', i)\n"
    )
    tasks = [subprocess.Popen([sys.executable, "-c", code, str(store), key]) for key in ("a", "b")]
    assert [task.wait(timeout=120) for task in tasks] == [0, 0]
    data = json.loads(store.read_text())
    assert {key: len(values) for key, values in data.items()} == {"a": 60, "b": 60}


def test_a_value_over_48_kib_of_json_is_refused_as_on_databricks(tmp_path: Path) -> None:
    values = LocalTaskValues(tmp_path / "values.json")
    values.set("t", "fits", "x" * (48 * 1024 - 2))  # two quotes make 48 KiB exactly
    with pytest.raises(ValueError, match="49154 bytes; Databricks takes at most 48 KiB"):
        values.set("t", "big", "x" * (48 * 1024))
    assert values.get("t", "big") is None
