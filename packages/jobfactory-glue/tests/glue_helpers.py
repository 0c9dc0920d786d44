"""Helpers for jobfactory-glue's tests: the entry as a subprocess and in-process, Glue's argv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jobfactory_core.testing import EntryOutcome, run_entry_captured

HERE = Path(__file__).parent
REPO = HERE.parents[2]
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

#: What Glue puts on a job's command line besides the user's own arguments.
GLUE_ARGV = [
    "--JOB_ID", "j_5f2a0c",
    "--JOB_RUN_ID=jr_7c1d9e",
    "--JOB_NAME", "daily-revenue",
    "--job-bookmark-option=job-bookmark-disable",
    "--TempDir", "s3://aws-glue-assets-123456789012-eu-west-1/temporary/",
    "--enable-metrics", "true",
    "--enable-continuous-cloudwatch-log=true",
    "--enable-spark-ui", "true",
    "--spark-event-logs-path", "s3://aws-glue-assets-123456789012-eu-west-1/sparkHistoryLogs/",
    "--enable-job-insights=false",
    "--enable-glue-datacatalog", "true",
    "--job-language", "python",
]  # fmt: skip


def entry_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)  # the autouse fixture already dropped outside JOBFACTORY_/GLUE_ ones
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def run_command(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), capture_output=True, text=True, env=entry_env(**env), timeout=300
    )


def run_glue(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_command(sys.executable, "-m", "jobfactory_glue.generic_entry", *args, **env)


def glue_in_process(*args: str) -> EntryOutcome:
    from jobfactory_glue.environment import GlueEnvironment

    return run_entry_captured(GlueEnvironment(), list(args))
