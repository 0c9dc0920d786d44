"""Redacting wrappers for stdout/stderr while a job runs (defence in depth for ``print``).

Masking works across write boundaries: a partial line is held until its newline, a
``flush()``, :meth:`RedactingStream.drain` or :data:`MAX_PENDING` characters, so a secret
written in pieces (``print(s[:6], end="")`` then the rest) is masked as a whole; even then the
end of the output that could be the beginning of a secret is held back until the next write.
``.buffer`` is a redacting binary wrapper (bytes decoded as UTF-8 with ``surrogateescape``,
masked, encoded back, so any other bytes pass unchanged). Everything else (``isatty``,
``fileno``, ``encoding``, ...) is the wrapped stream's.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, BinaryIO, TextIO, cast

from jobfactory_core.redaction import REDACTOR, Redactor

#: Longest partial line held back; a longer one is written, minus a possible secret's start.
MAX_PENDING = 64 * 1024


class _Masker:
    """The held-back text of one stream and the rules to release it (callers hold the lock)."""

    __slots__ = ("pieces", "redactor", "size")

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.pieces: list[str] = []  # joined only when released: many small writes stay cheap
        self.size = 0

    def _take(self, text: str = "") -> str:
        data = "".join(self.pieces) + text
        self.pieces, self.size = [], 0
        return data

    def _hold(self, text: str) -> None:
        if text:
            self.pieces, self.size = [text], len(text)

    def feed(self, text: str) -> str:
        """Masked text that may be written now; the rest stays pending."""
        if "\n" not in text and self.size + len(text) <= MAX_PENDING:
            if text:
                self.pieces.append(text)
                self.size += len(text)
            return ""
        data = self._take(text)
        end = data.rfind("\n") + 1
        if len(data) - end > MAX_PENDING:
            end = len(data)
        out, held = self.redactor.redact_partial(data[:end])
        self._hold(held + data[end:])
        return out

    def release(self, *, final: bool) -> str:
        """Everything pending (``final``), or all but a tail that may begin a secret."""
        data = self._take()
        if final:
            return self.redactor.redact(data)
        out, held = self.redactor.redact_partial(data)
        self._hold(held)
        return out


class RedactingStream:
    """A text stream proxy that masks registered secrets in everything written through it."""

    def __init__(self, inner: TextIO, redactor: Redactor = REDACTOR) -> None:
        self._inner = inner
        self._redactor = redactor
        self._masker = _Masker(redactor)
        self._lock = threading.RLock()
        self._buffer: RedactingBinaryStream | None = None
        #: False while the last write left a line open (the summary must start a new line).
        self.at_line_start = True
        #: Whether ``flush()`` holds back a tail that may begin a secret; false once the run
        #: is over (the interpreter's last flush at exit must write everything).
        self.hold_back = True

    def write(self, text: str) -> int:
        with self._lock:
            if text:
                self.at_line_start = text.endswith("\n")
            self._drain_buffer()
            out = self._masker.feed(text)
            if out:
                self._inner.write(out)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Write what is pending (except a tail that may begin a secret) and flush."""
        with self._lock:
            self._drain_buffer()
            out = self._masker.release(final=not self.hold_back)
            if out:
                self._inner.write(out)
            self._inner.flush()

    def drain(self, into: TextIO | None = None) -> None:
        """Write everything pending, masked, and flush: the run's output is complete.

        ``into`` takes the pending text instead (the entry sends what a job left on stdout
        after the summary line to stderr, so the summary stays the last line).
        """
        with self._lock:
            self._drain_buffer()
            out = self._masker.release(final=True)
            if out:
                (into or self._inner).write(out)
            self._inner.flush()

    def close(self) -> None:
        """Drain; the wrapped stream (the process's stdout or stderr) stays open."""
        self.drain()

    def detach(self) -> RedactingBinaryStream:
        """The redacting :attr:`buffer`, for a job that rewraps the stream
        (``io.TextIOWrapper(sys.stdout.detach(), encoding=...)``): its output stays masked, and
        the process's own stream stays attached for the summary line."""
        self.flush()
        return self.buffer

    @property
    def buffer(self) -> RedactingBinaryStream:
        """The wrapped stream's binary buffer, redacting too."""
        with self._lock:
            if self._buffer is None:
                self._buffer = RedactingBinaryStream(self._inner.buffer, self)
            return self._buffer

    def _drain_buffer(self) -> None:
        if self._buffer is not None:
            self._buffer._drain()

    def _drain_text(self) -> None:
        """Before binary output: write the pending text so the order stays as written."""
        out = self._masker.release(final=True)
        if out:
            self._inner.write(out)
        self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class RedactingBinaryStream:
    """``sys.stdout.buffer`` while a job runs: bytes masked like text, other bytes unchanged."""

    def __init__(self, inner: BinaryIO, owner: RedactingStream) -> None:
        self._inner = inner
        self._owner = owner
        self._masker = _Masker(owner._redactor)

    def write(self, data: Any) -> int:
        raw = bytes(data)
        with self._owner._lock:
            if raw:
                self._owner.at_line_start = raw.endswith(b"\n")
            self._owner._drain_text()
            out = self._masker.feed(raw.decode("utf-8", "surrogateescape"))
            if out:
                self._inner.write(out.encode("utf-8", "surrogateescape"))
        return len(raw)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        with self._owner._lock:
            out = self._masker.release(final=False)
            if out:
                self._inner.write(out.encode("utf-8", "surrogateescape"))
            self._inner.flush()

    def close(self) -> None:
        """Flush only: a job's wrapper around this buffer closing (or being collected) must
        not close the process's stdout or stderr."""
        self.flush()

    def _drain(self) -> None:
        """Before text output (the owner holds the lock): write every pending byte."""
        out = self._masker.release(final=True)
        if out:
            self._inner.write(out.encode("utf-8", "surrogateescape"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def drain_run_streams(out: object, err: object) -> None:
    """End of a run: write what the wrappers still hold; never raises.

    What is left on stdout after the summary line (a partial line a job's thread wrote) goes
    to stderr, so the summary stays the last line on stdout.
    """
    target = cast(TextIO, err)
    for stream, into in ((out, target), (err, None)):
        if isinstance(stream, RedactingStream):
            with contextlib.suppress(Exception):  # a job closed the stream: nothing to save
                stream.drain(into)
