"""Redacting wrappers for stdout/stderr while a job runs (defence in depth for ``print``)."""

from __future__ import annotations

from typing import Any, TextIO

from jobfactory_core.redaction import REDACTOR, Redactor


class RedactingStream:
    """A text stream proxy that masks registered secrets in everything written through it."""

    def __init__(self, inner: TextIO, redactor: Redactor = REDACTOR) -> None:
        self._inner = inner
        self._redactor = redactor
        #: False while the last write left a line open (the summary must start a new line).
        self.at_line_start = True

    def write(self, text: str) -> int:
        if text:
            self.at_line_start = text.endswith("\n")
        self._inner.write(self._redactor.redact(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
