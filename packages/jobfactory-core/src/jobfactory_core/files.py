"""Bounded, non-blocking reads of local files named by users (configurations, secret files).

A path from the command line or a configuration may name anything: a FIFO (an ``open`` that
waits forever for a writer), ``/dev/zero`` (a read that never ends), a directory. Only regular
files are read, opened with ``O_NONBLOCK`` so that opening a FIFO returns at once, checked
with ``fstat`` before a byte is read, and read up to a cap (a file that grows past the cap
while it is read is refused too).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jobfactory_core.errors import ConfigError

#: Largest configuration file read (``--config``); a real one is a few kilobytes.
MAX_CONFIG_BYTES = 10 * 1024 * 1024
#: Largest ``secret://file/...`` file read; a mounted secret is a few kilobytes at most.
MAX_SECRET_FILE_BYTES = 1024 * 1024

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 64 * 1024


class UnreadableFile(ConfigError):
    """A user-named file is missing, not a regular file, too large or unreadable.

    The message names the path and the reason, never the file's content.
    """


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _size(count: int) -> str:
    if count >= 1024 * 1024 and count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MiB"
    if count >= 1024 and count % 1024 == 0:
        return f"{count // 1024} KiB"
    return f"{count} bytes"


def read_regular_file(path: str | os.PathLike[str], *, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Never blocks (a FIFO is refused, not waited on) and never reads more than ``limit + 1``
    bytes; every refusal is an :class:`UnreadableFile` naming the path and the fix.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except FileNotFoundError:
        raise UnreadableFile(f"{name}: file not found") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{name} is a directory, not a regular file") from None
    except OSError as error:
        raise UnreadableFile(f"{name}: cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"{name} is {_kind(info.st_mode)}, not a regular file")
        too_large = UnreadableFile(
            f"{name} is larger than {_size(limit)}, the most jobfactory reads from such a file"
        )
        if info.st_size > limit:
            raise too_large
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except BlockingIOError:  # a regular file never does this; be safe anyway
                raise UnreadableFile(f"{name}: cannot read without waiting") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while we read it
            raise too_large
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(f"{name}: cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)


#: Largest local state file read (local Glue bookmarks, emulated Databricks task values).
MAX_STATE_BYTES = 64 * 1024 * 1024


def read_json_state(path: str | os.PathLike[str], *, what: str, fix: str) -> object:
    """The JSON document a local store keeps at ``path``, or ``None`` when there is none yet.

    A path that is not a regular file, is too large or holds no JSON is one
    :class:`ConfigError` naming ``what`` and the ``fix`` (never the content).
    """
    import json

    if not os.path.lexists(path):
        return None
    try:
        return json.loads(read_regular_file(path, limit=MAX_STATE_BYTES))
    except UnreadableFile as error:
        raise ConfigError(f"{what}: {error}: {fix}") from None
    except (ValueError, RecursionError) as error:  # JSON, not UTF-8, or nested too deep
        raise ConfigError(
            f"{what} {os.fspath(path)} is not JSON ({type(error).__name__}): {fix}"
        ) from None


@contextmanager
def _locked(lock_path: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created if missing) where fcntl exists."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; updates are still atomic, not serialised
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def update_json_state(
    path: str | os.PathLike[str], change: Callable[[object], object], *, what: str, fix: str
) -> object:
    """Replace the JSON document at ``path`` with ``change(current)`` and return it.

    ``current`` is what :func:`read_json_state` gives. Runs that update one store at the same
    time (two local tasks setting values) are serialised by a lock on ``PATH.lock``, so none
    loses another's update; the document is replaced atomically, so a crash leaves the old one.
    A store that cannot be written is one :class:`ConfigError` naming ``what`` and the ``fix``.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(f"{target}.lock"):
            data = change(read_json_state(target, what=what, fix=fix))
            _replace_json(target, data)
    except ConfigError:
        raise
    except OSError as error:  # a parent that is a file, a read-only place, a full disk
        where = error.filename or target
        reason = error.strerror or type(error).__name__
        raise ConfigError(f"{what}: cannot write {where}: {reason}: {fix}") from None
    return data


def _replace_json(target: Path, data: object) -> None:
    """Write ``data`` beside ``target`` and rename it into place (a crash leaves the old one)."""
    import json
    import tempfile

    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    staged = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
        staged.replace(target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
