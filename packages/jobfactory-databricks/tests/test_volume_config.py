"""``--config /Volumes/...`` off the runtime: the real databricks-sdk client, a fake API."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbx_helpers import console, summary_of
from fake_workspace import FakeWorkspaceApi

from jobfactory_core.errors import ConfigError
from jobfactory_databricks.environment import DatabricksEnvironment

CONFIG = "/Volumes/main/default/conf/report.toml"
TOML = b'[params]\ntable = "main.sales.orders"\nlimit = 5\n[env.prod.params]\nlimit = 500\n'


def test_a_volume_config_is_read_through_the_files_api() -> None:
    fake = FakeWorkspaceApi(files={CONFIG: TOML})
    with fake as host:
        done = console(
            "--module_name", "dbxjobs.configured", "--config", CONFIG, "--env", "prod",
            DATABRICKS_HOST=host, DATABRICKS_TOKEN=fake.token, JOBFACTORY_HAS_SPARK="false",
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout)["result"] == {"table": "main.sales.orders", "limit": 500}
    assert ("GET", "/api/2.0/fs/files" + CONFIG, f"Bearer {fake.token}") in fake.requests
    assert fake.token not in done.stdout + done.stderr


def test_a_missing_volume_file_is_one_line_exit_2() -> None:
    fake = FakeWorkspaceApi()
    with fake as host:
        done = console(
            "--module_name", "dbxjobs.configured", "--config", CONFIG,
            DATABRICKS_HOST=host, DATABRICKS_TOKEN=fake.token, JOBFACTORY_HAS_SPARK="false",
        )  # fmt: skip
    assert done.returncode == 2
    assert f"error: --config {CONFIG}: no such file in the workspace" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_refused_token_is_one_line_exit_2() -> None:
    fake = FakeWorkspaceApi(files={CONFIG: TOML})
    with fake as host:
        done = console(
            "--module_name", "dbxjobs.configured", "--config", CONFIG,
            DATABRICKS_HOST=host, DATABRICKS_TOKEN="dapi-wrong", JOBFACTORY_HAS_SPARK="false",
        )  # fmt: skip
    assert done.returncode == 2
    assert f"--config {CONFIG}: permission denied by the workspace" in done.stderr
    assert "dapi-wrong" not in done.stderr


def test_without_a_workspace_the_error_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", "/nonexistent/databrickscfg")
    with pytest.raises(ConfigError, match="not on Databricks and no workspace configured"):
        DatabricksEnvironment().load_config(CONFIG, None)


def test_on_the_runtime_the_path_is_read_directly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A volume is a mounted path on Databricks compute: no Files API call."""
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    monkeypatch.setenv("DATABRICKS_HOST", "http://127.0.0.1:9")  # would fail if used
    file = tmp_path / "report.toml"
    file.write_bytes(TOML)
    loaded = DatabricksEnvironment().load_config(str(file), None)
    assert loaded.params == {"table": "main.sales.orders", "limit": 5}
