"""atomic_output: the destination changes only when the writing block succeeds; several files
with write_all_or_none: all of them, or none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jobfactory_core.output import (
    STAGING_MARK,
    NotARegularFileError,
    atomic_output,
    local_path,
    publish_atomically,
    write_all_or_none,
)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if STAGING_MARK in p.name)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_file_appears_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    with atomic_output(target) as staged:
        Path(staged).write_text("a,b\n")
        assert not target.exists()
        assert Path(staged).parent.parent == tmp_path  # beside the destination: a rename
    assert target.read_text() == "a,b\n"
    assert leftovers(tmp_path) == []


def test_a_failing_block_leaves_the_old_version_and_no_staging(tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_tree(target, {"part-0": "old"})
    with pytest.raises(RuntimeError), atomic_output(target) as staged:
        write_tree(Path(staged), {"part-0": "new", "part-1": "half"})
        raise RuntimeError("writer died")
    assert tree(target) == {"part-0": "old"}
    assert leftovers(tmp_path) == []


def test_an_interrupt_is_a_failure_too(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as staged:
        write_tree(Path(staged), {"part-0": "half"})
        raise KeyboardInterrupt
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_directory_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_tree(target, {"day=1/a": "old", "day=2/a": "old"})
    with atomic_output(target) as staged:
        write_tree(Path(staged), {"day=2/a": "new"})
    assert tree(target) == {"day=2/a": "new"}
    assert leftovers(tmp_path) == []


def test_partitions_replace_only_the_partitions_written(tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_tree(target, {"day=1/a": "old", "day=2/a": "old", "day=2/b": "old", "_SUCCESS": ""})
    with atomic_output(target, partitions=True) as staged:
        write_tree(Path(staged), {"day=2/c": "new", "day=3/a": "new", "_SUCCESS": "new"})
    assert tree(target) == {
        "_SUCCESS": "new",
        "day=1/a": "old",
        "day=2/c": "new",
        "day=3/a": "new",
    }
    assert leftovers(tmp_path) == []


def test_partitions_into_a_new_destination_and_nested_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out"
    with atomic_output(f"file://{target}", partitions=True) as staged:
        write_tree(Path(staged), {"day=1/a": "new"})
    assert tree(target) == {"day=1/a": "new"}


def test_nothing_written_publishes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_tree(target, {"a": "old"})
    with atomic_output(target):
        pass
    assert tree(target) == {"a": "old"}
    assert leftovers(tmp_path) == []


def test_uris_that_cannot_be_renamed_are_given_back_as_they_are() -> None:
    for uri in ("s3://bucket/out", "dbfs:/mnt/out", "abfss://c@acct.dfs.core.windows.net/x"):
        assert local_path(uri) is None
        with atomic_output(uri) as staged:
            assert staged == uri
    assert local_path("file:///tmp/x") == Path("/tmp/x")
    assert local_path("rel/x") == Path.cwd() / "rel" / "x"
    with pytest.raises(ValueError, match="empty"):
        local_path("")


def test_publish_atomically_is_the_second_step_for_two_step_writers(tmp_path: Path) -> None:
    staged = tmp_path / "staged"
    write_tree(staged, {"day=1/a": "new"})
    assert publish_atomically(staged, tmp_path / "out", partitions=True) == [tmp_path / "out"]
    assert tree(tmp_path / "out") == {"day=1/a": "new"}
    assert publish_atomically(tmp_path / "missing", tmp_path / "out") == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_signal_during_publication_is_delivered_after_it(tmp_path: Path) -> None:
    """SIGTERM while the renames run: the output is whole, then the handler runs."""
    code = f"""
import os, signal, sys
from pathlib import Path
from jobfactory_core import output
def on_term(signum, frame):
    print("handled", Path({str(tmp_path / "out")!r}, "a").read_text(), flush=True)
    sys.exit(143)
signal.signal(signal.SIGTERM, on_term)
real = output._replace
def slow_replace(*args):
    os.kill(os.getpid(), signal.SIGTERM)   # arrives in the middle of publishing
    real(*args)
output._replace = slow_replace
with output.atomic_output({str(tmp_path / "out")!r}) as staged:
    Path(staged).mkdir()
    Path(staged, "a").write_text("whole")
print("not reached")
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 143, done.stderr
    assert done.stdout.strip() == "handled whole"
    assert leftovers(tmp_path) == []


def test_several_files_are_written_together(tmp_path: Path) -> None:
    written = write_all_or_none({tmp_path / "a.yml": "a: 1\n", tmp_path / "sub" / "b.json": "{}"})
    assert written == [tmp_path / "a.yml", tmp_path / "sub" / "b.json"]
    assert tree(tmp_path) == {"a.yml": "a: 1\n", "sub/b.json": "{}"}
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "sub") == []


def test_an_existing_file_refuses_all_unless_replace(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("old")
    files = {tmp_path / "a.yml": "new a", tmp_path / "b.json": "new b"}
    with pytest.raises(FileExistsError) as refused:
        write_all_or_none(files)
    assert refused.value.filename == str(tmp_path / "b.json")
    assert tree(tmp_path) == {"b.json": "old"}  # a.yml was not written either
    write_all_or_none(files, replace=True)
    assert tree(tmp_path) == {"a.yml": "new a", "b.json": "new b"}


def test_a_directory_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    write_tree(tmp_path / "out", {"keep": "x"})
    with pytest.raises(IsADirectoryError):
        write_all_or_none({tmp_path / "a": "a", tmp_path / "out": "file"}, replace=True)
    assert tree(tmp_path) == {"out/keep": "x"}


def test_a_fifo_or_a_link_to_one_is_never_a_jobs_output(tmp_path: Path) -> None:
    """A device, FIFO or socket at the output path would be renamed over (``/dev/null``)."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "link").symlink_to(fifo)
    for target in (fifo, tmp_path / "link"):
        with pytest.raises(NotARegularFileError), atomic_output(target) as staged:
            Path(staged).write_text("never")  # not reached: refused before the job writes
    assert fifo.is_fifo() and (tmp_path / "link").is_symlink()
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_publishes_nothing(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file, not a folder")
    with pytest.raises(OSError):
        write_all_or_none({tmp_path / "a.yml": "a", tmp_path / "plain" / "b.json": "b"})
    assert tree(tmp_path) == {"plain": "a file, not a folder"}
    assert leftovers(tmp_path) == []


def test_several_files_are_local_paths_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="only a local path"):
        write_all_or_none({tmp_path / "a": "a", "s3://bucket/b": "b"})
    assert list(tmp_path.iterdir()) == []
