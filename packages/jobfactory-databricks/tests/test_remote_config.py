"""``--config`` from a volume or a workspace file off the runtime: the real databricks-sdk
client against a fake workspace API; exit 2 for a missing file, exit 3 for a workspace that
cannot be reached or refuses the credentials; on the runtime, the mounted path directly."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from dbx_helpers import console, summary_of
from fake_workspace import FakeWorkspaceApi

from jobfactory_core.errors import EnvironmentUnavailableError
from jobfactory_databricks.environment import DatabricksEnvironment

CONFIG = "/Volumes/main/default/conf/report.toml"
WORKSPACE_CONFIG = "/Workspace/Users/ada@example.com/conf/report.toml"
#: The same file as the Workspace API names it (without the /Workspace mount point).
WORKSPACE_API_PATH = "/Users/ada@example.com/conf/report.toml"
TOML = b'[params]\ntable = "main.sales.orders"\nlimit = 5\n[env.prod.params]\nlimit = 500\n'


def fake_with_both() -> FakeWorkspaceApi:
    return FakeWorkspaceApi(files={CONFIG: TOML}, workspace={WORKSPACE_API_PATH: TOML})


def run_configured(
    ref: str, host: str, token: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    return console(
        "--module_name", "dbxjobs.configured", "--config", ref, *extra,
        DATABRICKS_HOST=host, DATABRICKS_TOKEN=token, JOBFACTORY_HAS_SPARK="false",
    )  # fmt: skip


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_a_volume_config_is_read_through_the_files_api() -> None:
    fake = fake_with_both()
    with fake as host:
        done = run_configured(CONFIG, host, fake.token, "--env", "prod")
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout)["result"] == {"table": "main.sales.orders", "limit": 500}
    assert ("GET", "/api/2.0/fs/files" + CONFIG, f"Bearer {fake.token}") in fake.requests
    assert fake.token not in done.stdout + done.stderr


def test_a_workspace_file_config_is_read_through_the_workspace_api() -> None:
    fake = fake_with_both()
    with fake as host:
        done = run_configured(WORKSPACE_CONFIG, host, fake.token, "--env", "prod")
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout)["result"] == {"table": "main.sales.orders", "limit": 500}
    exports = [path for _, path, _ in fake.requests if path.startswith("/api/2.0/workspace/")]
    assert len(exports) == 1 and "direct_download=true" in exports[0]
    assert fake.token not in done.stdout + done.stderr


@pytest.mark.parametrize("ref", [CONFIG, WORKSPACE_CONFIG])
def test_a_missing_file_is_one_line_exit_2(ref: str) -> None:
    fake = FakeWorkspaceApi()
    with fake as host:
        done = run_configured(ref, host, fake.token)
    assert done.returncode == 2
    assert error_lines(done.stderr) == [f"error: --config {ref}: no such file in the workspace"]


@pytest.mark.parametrize(
    "ref",
    [
        "/Volumes/main/default/conf/../../../../x.toml",
        "/Workspace/Users/../x.toml",
        "/Volumes/./x.toml",
    ],
)
def test_dot_segments_are_refused_before_any_request(ref: str) -> None:
    """The HTTP client would resolve them, leaving the Files API for another URL of the host."""
    fake = FakeWorkspaceApi(files={"/x.toml": TOML}, workspace={"/x.toml": TOML})
    with fake as host:
        done = run_configured(ref, host, fake.token)
    assert done.returncode == 2, done.stderr
    refused = "a workspace path cannot contain '.' or '..'; name the file directly"
    assert error_lines(done.stderr) == [f"error: --config {ref}: {refused}"]
    assert not [r for r in fake.requests if r[1].startswith("/api/")]


@pytest.mark.parametrize("ref", [CONFIG, WORKSPACE_CONFIG])
def test_a_refused_token_is_one_line_exit_3(ref: str) -> None:
    fake = fake_with_both()
    with fake as host:
        done = run_configured(ref, host, "dapi-wrong")
    assert done.returncode == 3
    lines = error_lines(done.stderr)
    assert len(lines) == 1 and "the workspace refused the request (PermissionDenied)" in lines[0]
    assert "dapi-wrong" not in done.stderr + done.stdout


@pytest.mark.parametrize("ref", [CONFIG, WORKSPACE_CONFIG])
def test_a_workspace_answering_an_error_is_exit_3_and_not_called_unreachable(ref: str) -> None:
    fake = FakeWorkspaceApi(failing=500)
    with fake as host:
        done = run_configured(ref, host, fake.token)
    assert done.returncode == 3
    lines = error_lines(done.stderr)
    assert len(lines) == 1 and "answered with an error (InternalError)" in lines[0], lines
    assert "cannot reach" not in lines[0]


@pytest.mark.parametrize("ref", [CONFIG, WORKSPACE_CONFIG])
def test_an_unreachable_workspace_is_exit_3(ref: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DATABRICKS_HOST", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-fake-token")
    monkeypatch.setattr("jobfactory_databricks.remote_config.RETRY_WINDOW_S", 1)
    with pytest.raises(EnvironmentUnavailableError, match="cannot reach the workspace") as caught:
        DatabricksEnvironment().load_config(ref, None)
    assert caught.value.exit_code == 3
    assert "dapi-fake-token" not in str(caught.value)


@pytest.mark.timeout(45)  # the SDK's own 60 s per request would pass the window
def test_a_workspace_that_never_answers_is_given_up_within_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv("DATABRICKS_HOST", f"http://127.0.0.1:{silent.getsockname()[1]}")
        monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-fake-token")
        monkeypatch.setattr("jobfactory_databricks.remote_config.RETRY_WINDOW_S", 2)
        with pytest.raises(EnvironmentUnavailableError, match="cannot reach the workspace"):
            DatabricksEnvironment().load_config(CONFIG, None)


@pytest.mark.parametrize("ref", [CONFIG, WORKSPACE_CONFIG])
def test_without_a_workspace_the_error_says_so(ref: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", "/nonexistent/databrickscfg")
    with pytest.raises(EnvironmentUnavailableError, match="not on Databricks and no workspace"):
        DatabricksEnvironment().load_config(ref, None)


def test_on_the_runtime_the_path_is_read_directly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Volumes and /Workspace are mounted paths on Databricks compute: no API call."""
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    monkeypatch.setenv("DATABRICKS_HOST", "http://127.0.0.1:9")  # would fail if used
    file = tmp_path / "report.toml"
    file.write_bytes(TOML)
    loaded = DatabricksEnvironment().load_config(str(file), None)
    assert loaded.params == {"table": "main.sales.orders", "limit": 5}


def test_on_the_runtime_a_workspace_path_is_the_mounted_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``/Workspace/...`` is read as the local path core opens, never through the API."""
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    monkeypatch.setenv("DATABRICKS_HOST", "http://127.0.0.1:9")  # would fail if used
    opened: list[str] = []

    def core_load(self: object, ref: str, env_name: str | None) -> None:
        opened.append(ref)

    monkeypatch.setattr("jobfactory_core.environment.Environment.load_config", core_load)
    DatabricksEnvironment().load_config(WORKSPACE_CONFIG, None)
    assert opened == [WORKSPACE_CONFIG]
