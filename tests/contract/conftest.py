"""Fixtures of the shared contract suite: one parametrised ``entry`` per registered platform."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import unbind_logs
from jobfactory_core.testing import EntryOutcome, run_entry_captured, run_process

from .entries import ENTRIES, EntrySpec

HERE = Path(__file__).parent
JOBS = HERE / "cjobs"


class Entry:
    """One registered entry, run as a subprocess (as orchestrators do) or in-process."""

    def __init__(self, spec: EntrySpec) -> None:
        self.spec = spec

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JOBFACTORY_")}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(JOBS), env.get("PYTHONPATH")) if p)
        env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        env["JOBFACTORY_HAS_SPARK"] = "false"
        env.update(self.spec.env)
        env.update(extra)
        return env

    def run(
        self, module_name: str, *args: str, env: dict[str, str] | None = None, **params: str
    ) -> EntryOutcome:
        """A subprocess run; ``args`` are raw tokens, ``params`` spelled the platform's way."""
        return run_process(
            self.spec.command(module_name, *args, **params),
            env=self.env(**(env or {})),
            timeout=120,
        )

    def run_in_process(self, module_name: str, *args: str, **params: str) -> EntryOutcome:
        """The same run inside this process (fast; for what needs no process boundary)."""
        try:
            return run_entry_captured(
                self.spec.make_environment(), self.spec.argv(module_name, *args, **params)
            )
        finally:
            REDACTOR.clear()
            unbind_logs()


@pytest.fixture(params=ENTRIES, ids=lambda spec: spec.name)
def entry(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Entry]:
    spec: EntrySpec = request.param
    if not spec.available():
        pytest.skip(f"{spec.module} is not installed in this session")
    monkeypatch.syspath_prepend(str(JOBS))
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    for name, value in spec.env.items():
        monkeypatch.setenv(name, value)
    yield Entry(spec)
