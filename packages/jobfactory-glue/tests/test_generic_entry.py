"""The Glue entry as Glue launches it: a module, the console script, the two-line script."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from glue_helpers import GLUE_ARGV, REPO, run_command, run_glue

from jobfactory_core.testing import summary_of


def test_module_entry_runs_a_plain_main_with_glue_argv() -> None:
    done = run_glue(*GLUE_ARGV, "--module_name", "gluejobs.where", "--has_spark", "false")
    assert done.returncode == 0, done.stderr
    result = summary_of(done.stdout, done.stderr)
    assert result["run_id"] == "jr_7c1d9e"
    assert result["service_provider"] == "glue"
    assert result["result"]["has_spark"] is False


def test_console_script_runs_jobs_and_has_the_job_definition_subcommand() -> None:
    script = shutil.which("jobfactory-glue", path=str(Path(sys.executable).parent))
    assert script is not None
    done = run_command(script, "--module_name", "gluejobs.where", "--JOB_RUN_ID", "jr_9")
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout, done.stderr)["run_id"] == "jr_9"
    helped = run_command(script, "job-definition", "--help")
    assert helped.returncode == 0
    assert "--script-location" in helped.stdout


def test_two_line_script_for_the_jobs_script_location() -> None:
    script = REPO / "scripts" / "glue" / "generic_entry.py"
    assert len(script.read_text().strip().splitlines()) <= 3
    done = run_command(sys.executable, str(script), "--module_name", "gluejobs.where")
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout, done.stderr)["service_provider"] == "glue"


def test_neither_boto3_nor_awsglue_nor_pyspark_is_imported_for_a_plain_job() -> None:
    code = (
        "import sys; from jobfactory_glue.generic_entry import main; "
        "code = main(['--module_name', 'gluejobs.where', '--JOB_RUN_ID', 'jr_1', "
        "'--has_spark', 'false']); "
        "bad = [m for m in ('boto3', 'awsglue', 'pyspark', 'py4j') if m in sys.modules]; "
        "sys.exit(f'imported: {bad}' if bad else code)"
    )
    done = run_command(sys.executable, "-c", code)
    assert done.returncode == 0, done.stderr


def test_asking_for_a_glue_context_where_there_is_none_exits_3_saying_what_to_do() -> None:
    from importlib.util import find_spec

    done = run_glue("--module_name", "gluejobs.needs_glue_context", "--has_spark", "false")
    assert done.returncode == 3, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    if find_spec("awsglue") is None:
        assert "pip install 'jobfactory-glue[local]'" in errors[0]
    else:
        assert "Spark was switched off" in errors[0]


def test_glue_driver_variables_set_the_module_allow_list() -> None:
    """What the job definition's non-overridable --customer-driver-env-vars sets on Glue."""
    allowed = {"CUSTOMER_JOBFACTORY_ALLOWED_MODULES": "gluejobs"}
    inside = run_glue("--module_name", "gluejobs.where", "--JOB_RUN_ID", "jr_1", **allowed)
    outside = run_glue("--module_name", "jobs.noop", "--JOB_RUN_ID", "jr_1", **allowed)
    overridden = run_glue(
        "--module_name", "jobs.noop", **allowed, JOBFACTORY_ALLOWED_MODULES="jobs"
    )
    assert inside.returncode == 0, inside.stderr
    assert outside.returncode == overridden.returncode == 2
    assert "outside JOBFACTORY_ALLOWED_MODULES (gluejobs)" in outside.stderr
