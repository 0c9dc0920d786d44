"""The entries under test and the helpers every reliability suite shares.

The entries come from the shared registry ``tests/contract/entries.py``: an entry added there
later (Glue, Databricks) joins every reliability suite too, run in-process (its
``Environment``) and as a process (``python -m`` its entry module, with its platform argv).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from contract.entries import ENTRIES as CONTRACT_ENTRIES
from contract.entries import EntrySpec

from jobfactory_core import testing
from jobfactory_core.environment import Environment
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.run_info import unbind_logs
from jobfactory_core.testing import EntryOutcome, run_entry_captured

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
REPO = TESTS.parent


@dataclass(frozen=True)
class EntryUnderTest:
    """One environment's entry point, runnable in-process and as a process."""

    spec: EntrySpec

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def env(self) -> dict[str, str]:
        """Variables the platform sets for the process (and, in-process, for the test)."""
        return dict(self.spec.env)

    def environment(self) -> Environment:
        made: Environment = self.spec.make_environment()
        return made

    def argv(self, argv: list[str]) -> list[str]:
        """The platform's own arguments, then the run's."""
        return [*self.spec.platform_argv, *argv]

    def command(self, argv: list[str]) -> list[str]:
        return [sys.executable, "-m", self.spec.module, *self.argv(argv)]


ENTRIES: list[EntryUnderTest] = [EntryUnderTest(spec) for spec in CONTRACT_ENTRIES]


@pytest.fixture(params=ENTRIES, ids=[e.name for e in ENTRIES])
def entry(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> EntryUnderTest:
    """Each registered entry point in turn (skipped where its package is not installed)."""
    under_test: EntryUnderTest = request.param
    if not under_test.spec.available():
        pytest.skip(f"{under_test.spec.module} is not installed in this session")
    for name, value in under_test.env.items():
        monkeypatch.setenv(name, value)
    return under_test


@pytest.fixture(autouse=True)
def _clean_run_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No JOBFACTORY_* setting from the caller; forget secrets and the bound run after."""
    for name in [n for n in os.environ if n.startswith(("JOBFACTORY_", "RL_"))]:
        monkeypatch.delenv(name)
    REDACTOR.clear()
    yield
    REDACTOR.clear()
    unbind_logs()


def run_in_process(entry: EntryUnderTest, argv: list[str]) -> EntryOutcome:
    """``run_entry(entry.environment(), argv)`` in this process, output captured."""
    return run_entry_captured(entry.environment(), entry.argv(argv))


def process_env(*paths: Path, **extra: str) -> dict[str, str]:
    """This environment without JOBFACTORY_* settings, ``tests/`` (and ``paths``) importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBFACTORY_", "RL_"))}
    env["PYTHONPATH"] = os.pathsep.join(
        [*(str(p) for p in paths), str(TESTS), *filter(None, [env.get("PYTHONPATH")])]
    )
    env.update({"SPARK_LOCAL_IP": "127.0.0.1", "DO_NOT_TRACK": "1"})
    env.update(extra)
    return env


def run_process(
    entry: EntryUnderTest,
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> EntryOutcome:
    """The entry as a process, as an orchestrator starts it."""
    return testing.run_process(
        entry.command(argv),
        env={**(env if env is not None else process_env()), **entry.env},
        timeout=timeout,
        cwd=REPO,
    )


def read_records(path: Path) -> list[dict[str, Any]]:
    """The lines ``reliability.rljobs.record.record`` appended."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


@pytest.fixture
def plugins_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding a test-only distribution whose entry points add the failing
    plug-ins of ``reliability.rljobs.plugins``; put it on sys.path / PYTHONPATH to use them."""
    from reliability.rljobs.plugins import ENTRY_POINTS

    root = tmp_path_factory.mktemp("plugins")
    info = root / "rl_plugins-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rl-plugins\nVersion: 0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    return root


def pending(item: str) -> pytest.MarkDecorator:
    """A test that fails until the fix for ``item`` (e.g. "issue 8 item 6") lands."""
    return pytest.mark.xfail(strict=True, reason=f"{item} pending")
