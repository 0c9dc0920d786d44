"""Atomic output: a job writes beside its destination, and the result is renamed into place.

A run that fails or is interrupted (SIGINT, SIGTERM) leaves the destination exactly as it was:
no half-written directory for the next job in the pipeline to read::

    from jobfactory_core.output import atomic_output

    with atomic_output("out/report.csv") as staged:      # a local file ...
        Path(staged).write_text(render(rows))

    with atomic_output(output_path, partitions=True) as staged:   # ... or a Spark writer
        frame.write.mode("overwrite").partitionBy("day").parquet(staged)

``staged`` is a path that does not exist yet, inside a private directory created next to the
destination (same filesystem, so publishing is a rename, not a copy). When the block ends
normally the staged file or directory replaces the destination; ``partitions=True`` replaces
only the top-level entries the writer produced (``day=2024-03-10``, ...), the rename-based
equivalent of Spark's dynamic partition overwrite, and keeps every other partition. When the
block raises, the staged data is removed and the destination is untouched. SIGINT and SIGTERM
are held back while the (short) publication renames run, then delivered.

Limits: only local paths (plain or ``file:``) can be published by rename; for any other URI
(``s3://``, ``abfss://``, ``dbfs:/``) the block gets the destination itself and the writer's own
commit protocol applies (use a table format such as Delta or Iceberg for atomic commits there).
The renames happen in this Python process, so the path must be visible to it (local mode, or a
filesystem shared with the cluster). Replacing one directory is two renames: a ``SIGKILL``
between them leaves the previous version inside the staging directory, not lost. Stdlib only.

Several files that belong together (a deployment command's output) go through
:func:`write_all_or_none`: every one is staged first, then all are renamed into place.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

#: Every staging directory's name contains this (``.NAME.jobfactory-staging-XXXXXXXX``).
STAGING_MARK = ".jobfactory-staging-"

_PathT = TypeVar("_PathT", bound="str | os.PathLike[str]")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def local_path(path: str | os.PathLike[str]) -> Path | None:
    """The absolute local path of ``path`` (plain or ``file:``), or None for any other URI."""
    text = os.fspath(path)
    if _URI.match(text):
        parts = urlsplit(text)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        text = unquote(parts.path)
    if not text:
        raise ValueError("the output path is empty")
    return Path(os.path.abspath(text))  # noqa: PTH100 (normalised, symlinks kept as given)


def staging_dir(target: Path) -> Path:
    """A new private directory next to ``target`` (same filesystem) for its staged version."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file where a parent directory should be
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", error.filename) from None
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))


def _replace(source: Path, destination: Path, trash: Path) -> None:
    """Put ``source`` where ``destination`` is; an old directory goes to ``trash`` first."""
    if destination.is_dir() and not destination.is_symlink():
        destination.rename(trash)  # a non-empty directory cannot be replaced in one step
        source.rename(destination)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        source.replace(destination)  # atomic for files, links and absent destinations


def publish_atomically(
    staged: str | os.PathLike[str], target: str | os.PathLike[str], *, partitions: bool = False
) -> list[Path]:
    """Move what was written at ``staged`` to ``target``; return the paths replaced.

    ``partitions=True`` replaces only ``target``'s entries named like ``staged``'s top-level
    entries. Nothing written at ``staged`` publishes nothing (the destination stays as it is).
    For writers that stage and commit in two steps; :func:`atomic_output` does both.
    """
    source, destination = Path(staged), Path(target)
    if not source.exists():
        return []
    destination.parent.mkdir(parents=True, exist_ok=True)
    with _signals_deferred():
        trash_root = Path(
            tempfile.mkdtemp(
                prefix=f".{destination.name}{STAGING_MARK}old-", dir=destination.parent
            )
        )
        try:
            if not partitions or not destination.exists():
                _replace(source, destination, trash_root / "old")
                return [destination]
            if not destination.is_dir() or not source.is_dir():
                raise NotADirectoryError(
                    f"{destination}: partitions=True needs directories on both sides"
                )
            replaced = []
            for index, entry in enumerate(sorted(source.iterdir())):
                _replace(entry, destination / entry.name, trash_root / str(index))
                replaced.append(destination / entry.name)
            return replaced
        finally:
            shutil.rmtree(trash_root, ignore_errors=True)


@contextmanager
def atomic_output(path: str | os.PathLike[str], *, partitions: bool = False) -> Iterator[str]:
    """Yield a staging path to write to; publish it at ``path`` only if the block succeeds.

    See the module docstring for ``partitions`` and for URIs that cannot be renamed.
    """
    target = local_path(path)
    if target is None:
        yield os.fspath(path)
        return
    _refuse_special([target])  # before the job writes anything
    staging = staging_dir(target)
    try:
        yield str(staging / target.name)
        publish_atomically(staging / target.name, target, partitions=partitions)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class NotARegularFileError(OSError):
    """An output path names a device, FIFO or socket, which is never replaced by a file."""


def _refuse_special(targets: Iterable[Path]) -> None:
    """Raise :class:`NotARegularFileError` for a device, FIFO or socket (or a link to one):
    publishing renames over the node itself (``/dev/null`` would become a file)."""
    for target in targets:
        if target.exists() and not (target.is_file() or target.is_dir()):
            raise NotARegularFileError(errno.EINVAL, "not a regular file", str(target))


def write_all_or_none(files: Mapping[_PathT, str], *, replace: bool = False) -> list[Path]:
    """Write each text file (path to UTF-8 content) or none of them; return the paths written.

    Every file is staged next to its destination before any is published, so a failure while
    writing leaves all destinations as they were. An existing destination raises
    ``FileExistsError`` before anything is written, unless ``replace``; a directory
    ``IsADirectoryError`` (it is never replaced by a file), and a device, FIFO or socket (or a
    link to one: ``/dev/null``, ``/dev/stdout``) :class:`NotARegularFileError`, since a rename
    would replace the node itself. Local paths only.
    """
    targets: dict[Path, str] = {}
    for path, text in files.items():
        target = local_path(path)
        if target is None:
            raise ValueError(f"{path}: only a local path can be written atomically")
        targets[target] = text
    folders = [target for target in targets if target.is_dir()]
    if folders:  # never replaced by a file, not even with ``replace``
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(folders[0]))
    _refuse_special(targets)
    existing = [target for target in targets if target.exists() or target.is_symlink()]
    if existing and not replace:
        raise FileExistsError(errno.EEXIST, "exists", str(existing[0]))
    stagings: list[Path] = []
    try:
        for target, text in targets.items():
            stagings.append(staging_dir(target))
            (stagings[-1] / target.name).write_text(text, encoding="utf-8")
        with _signals_deferred():
            for staging, target in zip(stagings, targets, strict=True):
                publish_atomically(staging / target.name, target)
    finally:
        for staging in stagings:
            shutil.rmtree(staging, ignore_errors=True)
    return list(targets)


_HELD = (2, 15)  # SIGINT, SIGTERM


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM during a few renames, then deliver them to the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    import signal

    if any(signal.getsignal(sig) is None for sig in _HELD):  # a handler set outside Python
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous: dict[int, Any] = {sig: signal.signal(sig, hold) for sig in _HELD}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(received):
            handler = previous[sig]
            if callable(handler):
                handler(sig, None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), sig)
