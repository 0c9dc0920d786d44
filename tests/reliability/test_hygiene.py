"""Hygiene: 200 sequential in-process runs leave no threads, open files, logging handlers or
temporary files behind (a long-lived driver, a notebook or a test session runs many jobs)."""

from __future__ import annotations

import gc
import logging
import os
import tempfile
import threading
from pathlib import Path

import pytest

from jobfactory_core.testing.webhook import WebhookServer

from .conftest import EntryUnderTest, run_in_process

RUNS = 200

pytestmark = pytest.mark.filterwarnings("ignore:careful with:UserWarning")


def open_files() -> list[str]:
    """What each open descriptor points at (a file, a socket, a pipe)."""
    gc.collect()  # objects already unreachable are not leaks: let them close first
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue  # the descriptor listdir itself used
    return sorted(found)


def product_threads() -> list[str]:
    """Threads other than the test's own webhook receiver (and its request handlers)."""
    return sorted(
        t.name
        for t in threading.enumerate()
        if t.is_alive() and t.name != "webhook-server" and "process_request" not in t.name
    )


def logging_state() -> tuple[int, int]:
    """Handlers and handler filters across every logger."""
    loggers = [logging.getLogger(), *(
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    )]  # fmt: skip
    handlers = [h for lg in loggers for h in lg.handlers]
    return len(handlers), sum(len(h.filters) for h in handlers)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_many_runs_leave_nothing_behind(
    entry: EntryUnderTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("RL_SECRET", "hygiene-secret-value")
    work = tmp_path / "work"
    work.mkdir()
    with WebhookServer() as hook:
        config = tmp_path / "job.toml"
        config.write_text(
            "[jobfactory]\nnotifiers = "
            f'[{{ type = "log" }}, {{ type = "webhook", url = "{hook.url}", retries = 0 }}]\n'
        )
        common = ["--config", str(config)]
        kinds = [
            ["--module_name", "reliability.rljobs.faulty", "--label", "secret://env/RL_SECRET"],
            ["--module_name", "reliability.rljobs.slow", "--seconds", "0"],
            ["--module_name", "reliability.rljobs.typed", "--times", "many"],
            ["--module_name", "reliability.rljobs.canary", "--fail", "--value", "x"],
        ]
        expected_codes = [0, 0, 2, 1]

        def run(index: int) -> None:
            kind = index % len(kinds)
            argv = [*kinds[kind], *common]
            if kind == 1:
                argv += ["--output_path", str(work / f"out-{index}")]
                monkeypatch.setenv("RL_MARKER", str(work / "marker"))
            ran = run_in_process(entry, argv)
            assert ran.exit_code == expected_codes[kind], ran.stderr[-2000:]

        for index in range(RUNS, RUNS + len(kinds) * 2):  # warm-up: imports, caches
            run(index)
        before = (product_threads(), open_files(), logging_state())
        for index in range(RUNS):
            run(index)
        after = (product_threads(), open_files(), logging_state())
        requests = len(hook.requests)

    assert after == before
    assert requests >= RUNS  # the webhook really was used on every run
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in work.iterdir() if not p.name.startswith("out-")) == ["marker"]
    assert len(list(work.glob("out-*"))) == RUNS // len(kinds) + 2
