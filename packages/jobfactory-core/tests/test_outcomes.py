"""``jobfactory_core.testing``'s run record: the same outcome from a process as in-process, and
a missing summary line fails with both streams shown."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.testing import run_entry_captured, run_process, summary_of

HERE = Path(__file__).parent
ARGV = ["--module_name", "jf_testjobs.kwargs_job", "--known", "3", "--has_spark", "false"]
#: The core entry with the base environment, started as its own process.
ENTRY = (
    "import sys; from jobfactory_core.entry import run_entry; "
    "from jobfactory_core.environment import Environment; "
    "sys.exit(run_entry(Environment(), sys.argv[1:]))"
)


def test_a_process_run_and_an_in_process_run_give_the_same_outcome(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    ran = run_process([sys.executable, "-c", ENTRY, *ARGV], env=env, timeout=60, cwd=tmp_path)
    inside = run_entry_captured(Environment(), ARGV)
    assert (ran.exit_code, inside.exit_code) == (0, 0), ran.stderr
    assert ran.summary["result"] == inside.summary["result"] == {"known": 3, "rest": {}}


def test_no_summary_line_names_what_was_printed_instead() -> None:
    with pytest.raises(AssertionError) as missing:
        summary_of("plain text\n", "Traceback: boom\n")
    assert "no summary line ends stdout" in str(missing.value)
    assert "plain text" in str(missing.value) and "Traceback: boom" in str(missing.value)
