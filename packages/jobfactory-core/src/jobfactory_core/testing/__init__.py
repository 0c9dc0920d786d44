"""Helpers for testing jobs locally: run a job through an entry point in-process.

``run_job`` gives what an orchestrator would see (exit code, summary line, stdout, stderr)
without a subprocess; ``run_process`` gives the same for an entry started as a process. The
pytest plugin (``jobfactory_core.testing.plugin``) adds fixtures.
``WebhookServer`` (``jobfactory_core.testing.webhook``) is a local endpoint to test webhook
notifiers against; ``jobfactory_core.testing.aws`` runs a moto server (needs ``moto[server]``).
Both are imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jobfactory_core.environment import Environment

if TYPE_CHECKING:
    from jobfactory_core.testing.webhook import WebhookRequest as WebhookRequest
    from jobfactory_core.testing.webhook import WebhookServer as WebhookServer

_LAZY = {
    "WebhookRequest": "jobfactory_core.testing.webhook",
    "WebhookServer": "jobfactory_core.testing.webhook",
}


def __getattr__(name: str) -> Any:
    """``WebhookServer`` and ``WebhookRequest`` on first use (http.server is not cheap)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def summary_of(stdout: str, stderr: str = "") -> dict[str, Any]:
    """The JSON summary line that ends ``stdout``; an AssertionError showing both streams if
    there is none (a test then says what the entry printed instead)."""
    from jobfactory_core.result import parse_summary

    loaded = parse_summary(stdout)
    if loaded is None:
        raise AssertionError(f"no summary line ends stdout:\n{stdout}\n{stderr}")
    return loaded


@dataclass
class EntryOutcome:
    """What one entry-point run produced, in-process or as a process."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def summary(self) -> dict[str, Any]:
        """The JSON summary line (the last line of stdout)."""
        return summary_of(self.stdout, self.stderr)


def run_entry_captured(environment: Environment, argv: list[str]) -> EntryOutcome:
    """Run ``environment``'s entry point in-process with argv, capturing its output."""
    from jobfactory_core.entry import run_entry

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run_entry(environment, argv)
    return EntryOutcome(code, out.getvalue(), err.getvalue())


def run_process(
    argv: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    cwd: str | os.PathLike[str] | None = None,
) -> EntryOutcome:
    """Run ``argv`` (an entry's command line) as a process, as an orchestrator starts it."""
    import subprocess

    done = subprocess.run(
        [os.fspath(part) for part in argv],
        capture_output=True,
        text=True,
        env=None if env is None else dict(env),
        timeout=timeout,
        cwd=cwd,
        check=False,
    )
    return EntryOutcome(done.returncode, done.stdout, done.stderr)


def run_job(module_name: str, *args: str, **params: Any) -> EntryOutcome:
    """Run ``module_name`` through the container-style entry with ``--name value`` params.

    Native values bind as they would from a config file: lists, tuples, sets and dicts as
    JSON, enums by value, dates ISO 8601, bools ``true``/``false``; ``None`` leaves the
    parameter out (its default applies).
    """
    from jobfactory_core.coercion import to_argv_value

    argv = ["--module_name", module_name, *args]
    for name, value in params.items():
        if value is not None:
            argv.append(f"--{name}={to_argv_value(value)}")
    return run_entry_captured(Environment(), argv)
