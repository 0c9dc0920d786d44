"""Logging set-up for entry points: stderr, plain text or JSON lines, secrets redacted.

Nothing here runs at import time; :func:`configure` is called by an entry point (the
program's ``main``), never by a library import.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any, TextIO

from jobfactory_core.redaction import REDACTOR, Redactor

LOGGER_NAME = "jobfactory"
_HANDLER_FLAG = "_jobfactory_handler"
#: Loggers that are noisy at INFO on every Spark start.
QUIET_LOGGERS = ("py4j", "py4j.clientserver", "py4j.java_gateway", "urllib3", "botocore")

_STANDARD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


#: What ``JOBFACTORY_LOG_FORMAT`` / ``JOBFACTORY_LOG_LEVEL`` (and a config's ``log_format``) take.
FORMATS = ("text", "json")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def setting_problem(fmt: str | None, level: str | None) -> str | None:
    """One line naming a log format or level that is not one of ours, else ``None``.

    :func:`configure` falls back to text and INFO meanwhile, so the error itself is logged.
    """
    if fmt:
        problem = format_problem(fmt, "JOBFACTORY_LOG_FORMAT")
        if problem is not None:
            return problem
    if level and level.upper() not in (*LEVELS, "WARN"):
        return f"JOBFACTORY_LOG_LEVEL={level!r} is not a log level: use {', '.join(LEVELS)}"
    return None


def format_problem(value: object, source: str) -> str | None:
    """One line saying ``source`` (a variable, a config key) names no log format, else ``None``."""
    if isinstance(value, str) and value.lower() in FORMATS:
        return None
    return f"{source}={value!r} is not a log format: use text or json"


def get_logger(name: str = "") -> logging.Logger:
    """A logger under the ``jobfactory`` namespace."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


class RedactingFormatter(logging.Formatter):
    """Plain-text formatter that masks secrets in the whole rendered record (tracebacks too)."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        run_id = getattr(record, "run_id", None)
        if run_id is not None:  # set during a run by jobfactory_core.run_info.RunLogFilter
            head, sep, rest = text.partition(": ")
            text = f"{head} [run {run_id}]{sep}{rest}"
        return self.redactor.redact(text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ``extra=`` fields are kept; secrets masked in every field."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exception"] = record.exc_text
        payload = self.redactor.redact_obj(payload)
        return self.redactor.redact(json.dumps(payload, default=str))


def unconfigure() -> None:
    """Detach the handler :func:`configure` installed (an in-process run is over)."""
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, _HANDLER_FLAG, False):
            root.removeHandler(existing)


def configure(
    *, fmt: str | None = None, level: str | None = None, stream: TextIO | None = None
) -> logging.Handler:
    """Install one redacting stderr handler on the root logger (idempotent).

    ``fmt`` is ``text`` or ``json`` (default ``JOBFACTORY_LOG_FORMAT``, else text); ``level``
    defaults to ``JOBFACTORY_LOG_LEVEL`` or INFO.
    """
    fmt = (fmt or os.environ.get("JOBFACTORY_LOG_FORMAT") or "text").lower()
    level_name = (level or os.environ.get("JOBFACTORY_LOG_LEVEL") or "INFO").upper()
    unconfigure()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else RedactingFormatter())
    setattr(handler, _HANDLER_FLAG, True)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level_name, logging.INFO))
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
