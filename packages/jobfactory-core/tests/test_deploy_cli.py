"""The deployment commands' shared shape: NAME=VALUE options, all-or-nothing files, exit 2."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from jobfactory_core.deploy_cli import key_values, run_command, write_outputs
from jobfactory_core.errors import UsageError


def test_name_value_items_become_a_dict_with_values_kept_whole() -> None:
    assert key_values(["a=1", "b_2=x=y", "c="], "--param") == {"a": "1", "b_2": "x=y", "c": ""}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["oops"], "--param 'oops': expected name=value (name: letters, digits, _)"),
        (["=1"], "--param '=1': expected name=value"),
        (["1a=1"], "--param '1a=1': expected name=value"),
        (["a=1", "a=2"], "--param a given twice"),
    ],
)
def test_malformed_or_repeated_items_are_usage_errors(items: list[str], message: str) -> None:
    with pytest.raises(UsageError) as refused:
        key_values(items, "--param")
    assert message in str(refused.value)


def test_a_platform_can_allow_other_names() -> None:
    pairs = key_values(["enable-auto-scaling=true"], "--arg", names=r"[^=]+", rule="not empty")
    assert pairs == {"enable-auto-scaling": "true"}
    with pytest.raises(UsageError, match="name: not empty"):
        key_values(["=x"], "--arg", names=r"[^=]+", rule="not empty")


def test_existing_outputs_need_force(tmp_path: Path) -> None:
    (tmp_path / "b").write_text("old")
    files = {tmp_path / "a": "new a", tmp_path / "b": "new b"}
    with pytest.raises(UsageError, match=r"b exists: pass --force to replace it"):
        write_outputs(files, force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
    write_outputs(files, force=True)
    assert (tmp_path / "a").read_text() == "new a" and (tmp_path / "b").read_text() == "new b"


def test_a_directory_as_output_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory: name a file"):
        write_outputs({tmp_path: "x"}, force=True)


def test_a_device_fifo_or_link_to_one_is_never_replaced(tmp_path: Path) -> None:
    """As root, --out /dev/null --force replaced the device node with a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout"
    link.symlink_to(fifo)
    for target in (fifo, link):
        with pytest.raises(UsageError, match="is a device, FIFO or socket, not a file"):
            write_outputs({tmp_path / "a": "a", target: "x"}, force=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    assert not (tmp_path / "a").exists()


def test_a_parent_that_is_a_file_or_a_uri_is_one_usage_error(tmp_path: Path) -> None:
    (tmp_path / "def.json").write_text("old")
    with pytest.raises(UsageError) as refused:
        write_outputs({tmp_path / "def.json" / "x.json": "x"}, force=True)
    assert "not a directory" in str(refused.value) and "--force" not in str(refused.value)
    with pytest.raises(UsageError, match=r"only a local path .*: name a local file"):
        write_outputs({Path("s3://bucket/def.json"): "x"}, force=True)


def test_a_command_prints_its_result_or_one_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_command(lambda: "done\n") == 0
    assert capsys.readouterr().out == "done\n"

    def refuse() -> str:
        raise UsageError("--name is required")

    assert run_command(refuse) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "error: --name is required\n")
