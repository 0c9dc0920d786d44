"""Helpers for testing jobs locally: run a job through an entry point in-process.

``run_job`` gives what an orchestrator would see (exit code, summary line, stdout, stderr)
without a subprocess. The pytest plugin (``jobfactory_core.testing.plugin``) adds fixtures.
``WebhookServer`` (``jobfactory_core.testing.webhook``) is a local endpoint to test webhook
notifiers against; ``jobfactory_core.testing.aws`` runs a moto server (needs ``moto[server]``).
Both are imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import io
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


@dataclass
class EntryOutcome:
    """What one entry-point run produced."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def summary(self) -> dict[str, Any]:
        """The JSON summary line (the last line of stdout)."""
        from jobfactory_core.result import parse_summary

        loaded = parse_summary(self.stdout)
        if loaded is None:
            raise AssertionError(f"no summary line ends stdout; stderr was:\n{self.stderr}")
        return loaded


def run_entry_captured(environment: Environment, argv: list[str]) -> EntryOutcome:
    """Run ``environment``'s entry point in-process with argv, capturing its output."""
    from jobfactory_core.entry import run_entry

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run_entry(environment, argv)
    return EntryOutcome(code, out.getvalue(), err.getvalue())


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
