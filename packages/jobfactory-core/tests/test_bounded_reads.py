"""Configuration and secret files: regular files only, never a blocking open, a size cap."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from jobfactory_core.config import load_config
from jobfactory_core.errors import ConfigError
from jobfactory_core.files import MAX_CONFIG_BYTES, MAX_SECRET_FILE_BYTES, read_regular_file
from jobfactory_core.secrets import resolve_registered

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


@needs_fifo
@pytest.mark.timeout(20)
def test_a_fifo_config_is_refused_at_once(fifo: Path) -> None:
    with pytest.raises(ConfigError, match=r"pipe\.toml is a FIFO \(named pipe\), not a regular"):
        load_config(str(fifo), None)


@needs_fifo
@pytest.mark.timeout(20)
def test_a_fifo_secret_file_is_refused_at_once(fifo: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot resolve secret://file/.*pipe\.toml is a FIFO"):
        resolve_registered(f"secret://file/{fifo}")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.timeout(20)
def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(ConfigError, match="/dev/zero is a character device, not a regular file"):
        load_config("/dev/zero", None)
    with pytest.raises(ConfigError, match="/dev/zero is a character device"):
        resolve_registered("secret://file//dev/zero")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory, not a regular file"):
        load_config(str(tmp_path), None)
    with pytest.raises(ConfigError, match="is a directory"):
        resolve_registered(f"secret://file/{tmp_path}")


def test_oversized_files_are_refused_with_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(MAX_CONFIG_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ConfigError, match=r"big\.toml is larger than 10 MiB"):
        load_config(str(big), None)
    secret = tmp_path / "secret.txt"
    with secret.open("wb") as handle:
        handle.truncate(MAX_SECRET_FILE_BYTES + 1)
    with pytest.raises(ConfigError, match=r"secret\.txt is larger than 1 MiB"):
        resolve_registered(f"secret://file/{secret}")


def test_files_at_the_cap_and_symlinks_to_regular_files_are_read(tmp_path: Path) -> None:
    exact = tmp_path / "exact"
    exact.write_bytes(b"x" * 1000)
    assert read_regular_file(exact, limit=1000) == b"x" * 1000
    with pytest.raises(ConfigError, match="larger than 999 bytes"):
        read_regular_file(exact, limit=999)
    if sys.platform != "win32":
        (tmp_path / "link").symlink_to(exact)  # how Kubernetes mounts secrets
        assert read_regular_file(tmp_path / "link", limit=1000) == b"x" * 1000


def test_missing_and_empty_config_paths_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: file not found"):
        load_config(str(tmp_path / "nope.toml"), None)
    with pytest.raises(ConfigError, match="--config is empty"):
        load_config("file://", None)


@needs_fifo
@pytest.mark.timeout(30)
def test_through_the_entry_a_fifo_or_device_is_exit_2_in_one_line(fifo: Path) -> None:
    from jobfactory_core.environment import Environment
    from jobfactory_core.testing import run_entry_captured

    job = ["--module_name", "jf_testjobs.typed"]
    for argv in (
        [*job, "--name", "x", "--config", str(fifo)],
        [*job, "--name", "x", "--config", "/dev/zero"],
        [*job, "--name", f"secret://file/{fifo}"],
    ):
        outcome = run_entry_captured(Environment(), argv)
        assert outcome.exit_code == 2, outcome.stderr
        lines = outcome.stderr.strip().splitlines()
        assert len(lines) == 1, outcome.stderr
        assert "not a regular file" in lines[0], outcome.stderr


def test_json_nested_too_deep_is_one_clear_error_not_a_recursion_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobfactory_core.environment import Environment
    from jobfactory_core.files import read_json_state
    from jobfactory_core.testing import run_entry_captured

    deep = "[" * 100_000 + "]" * 100_000
    store = tmp_path / "state.json"
    store.write_text(deep)
    with pytest.raises(ConfigError, match=r"is not JSON .*: delete it"):
        read_json_state(store, what="a store", fix="delete it")
    # a secret that looks like a JSON document but is nested too deep is still just a secret
    monkeypatch.setenv("JF_DEEP_SECRET", deep)
    argv = ["--module_name", "jf_testjobs.typed", "--name", "secret://env/JF_DEEP_SECRET"]
    outcome = run_entry_captured(Environment(), argv)
    assert outcome.exit_code == 0, outcome.stderr
    assert "[[[" not in outcome.stdout + outcome.stderr
