"""``Environment.run_succeeded``: called once after a successful main, never after a failure.

The extension point an environment commits through (Glue's ``Job.commit()``); a commit that
fails fails the run.
"""

from __future__ import annotations

import pytest

from jobfactory_core.context import JobContext
from jobfactory_core.environment import Environment
from jobfactory_core.testing import run_entry_captured


class Committing(Environment):
    def __init__(self, broken: bool = False) -> None:
        self.commits: list[str] = []
        self.broken = broken

    def run_succeeded(self, context: JobContext) -> None:
        if self.broken:
            raise OSError("commit refused")
        self.commits.append(context.run_id)


@pytest.mark.parametrize(
    ("argv", "commits"),
    [
        (["--module_name", "jf_testjobs.old_style"], 1),
        (["--module_name", "jf_testjobs.old_style", "--explode", "yes"], 0),
        (["--module_name", "jf_testjobs.old_style", "--explain"], 0),
        (["--module_name", "jf_testjobs.old_style", "--help"], 0),
    ],
)
def test_called_once_after_success_only(argv: list[str], commits: int) -> None:
    environment = Committing()
    run_entry_captured(environment, argv)
    assert len(environment.commits) == commits


def test_a_failing_commit_fails_the_run() -> None:
    outcome = run_entry_captured(
        Committing(broken=True), ["--module_name", "jf_testjobs.old_style"]
    )
    assert outcome.exit_code == 1
    assert outcome.summary["status"] == "failed"
    assert outcome.summary["error_type"] == "OSError"
