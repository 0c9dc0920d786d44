"""The argv each Databricks task shape produces, run through the Databricks entry (a table).

Tasks are described with databricks-sdk's own ``jobs`` data classes; ``databricks_argv`` is
the platform's side, emulated as the Jobs documentation describes it: a ``python_wheel_task``
gets the package name as argv[0] and ``named_parameters`` as ``--name=value`` (or its
positional ``parameters`` as given); a ``spark_python_task`` gets the file as argv[0] and its
``parameters``; job-level parameters are pushed down to key-value tasks as ``--name=value``;
dynamic value references are substituted, and an unknown one is left as literal text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from databricks.sdk.service.jobs import PythonWheelTask, SparkPythonTask
from dbx_helpers import summary_of

from jobfactory_core.testing import run_entry_captured
from jobfactory_databricks.environment import DatabricksEnvironment

RUN = {
    "job.run_id": "550315892394120",
    "job.id": "6",
    "task.name": "report_task",
    "task.execution_count": "2",
    "job.start_time.iso_datetime": "2026-11-27T04:30:00",
}
IDENTITY = {
    "run_id": "{{job.run_id}}",
    "job_id": "{{job.id}}",
    "task_key": "{{task.name}}",
    "attempt": "{{task.execution_count}}",
    "start_time": "{{job.start_time.iso_datetime}}",
}


def substitute(value: str) -> str:
    """Databricks' substitution: known references replaced, anything else left literally."""
    return re.sub(r"\{\{(.*?)\}\}", lambda m: RUN.get(m.group(1).strip(), m.group(0)), value)


def databricks_argv(
    task: PythonWheelTask | SparkPythonTask, job_parameters: dict[str, str] | None = None
) -> list[str]:
    """``sys.argv`` of the task's process (see the module docstring)."""
    if isinstance(task, SparkPythonTask):
        return [task.python_file, *(substitute(p) for p in task.parameters or [])]
    argv = [task.package_name]
    if task.named_parameters:
        argv += [f"--{k}={substitute(v)}" for k, v in task.named_parameters.items()]
        argv += [f"--{k}={substitute(v)}" for k, v in (job_parameters or {}).items()]
    else:
        argv += [substitute(p) for p in task.parameters or []]
    return argv


def wheel(**named: str) -> PythonWheelTask:
    task = PythonWheelTask(
        package_name="jobfactory_databricks",
        entry_point="jobfactory-databricks",
        named_parameters=named,
    )
    return PythonWheelTask.from_dict(task.as_dict())  # the shape the Jobs API carries


CASES: list[dict[str, Any]] = [
    {
        "id": "wheel named_parameters with every identity reference",
        "task": wheel(module_name="dbxjobs.report", region="eu", **IDENTITY),
        "result": {"region": "eu", "task_key": "report_task", "job_id": "6",
                   "job_parameters": {}},
        "run_id": "550315892394120", "attempt": 2, "started_at": "2026-11-27T04:30:00+00:00",
    },
    {
        "id": "job-level parameter pushed down, not declared: kept in the context",
        "task": wheel(module_name="dbxjobs.report", run_id="{{job.run_id}}"),
        "job_parameters": {"env_label": "prod"},
        "strict": True,
        "result": {"region": "all", "job_parameters": {"env_label": "prod"}},
        "run_id": "550315892394120", "attempt": 1,
    },
    {
        "id": "job-level parameter pushed down and declared: the job gets it",
        "task": wheel(module_name="dbxjobs.report"),
        "job_parameters": {"region": "us"},
        "result": {"region": "us", "job_parameters": {}},
    },
    {
        "id": "wheel positional parameters (--k v and --k=v)",
        "task": PythonWheelTask(
            package_name="jobfactory_databricks", entry_point="jobfactory-databricks",
            parameters=["--module_name", "dbxjobs.report", "--region", "eu",
                        "--attempt={{task.execution_count}}"],
        ),
        "result": {"region": "eu", "task_key": "report", "job_id": None},
        "attempt": 2,
    },
    {
        "id": "spark_python_task: argv[0] is the file",
        "task": SparkPythonTask(
            python_file="/Workspace/Shared/jobfactory/generic_entry.py",
            parameters=["--module_name", "dbxjobs.report", "--region=eu",
                        "--run_id={{job.run_id}}", "--task_key={{task.name}}"],
        ),
        "result": {"region": "eu", "task_key": "report_task"},
        "run_id": "550315892394120",
    },
    {
        "id": "plain main(**kwargs) receives pushed-down parameters, never identity",
        "task": wheel(module_name="dbxjobs.plain", a="1", **IDENTITY),
        "job_parameters": {"env_label": "prod"},
        "result": {"a": "1", "env_label": "prod", "service_provider": "databricks",
                   "has_spark": False},
        "exact": True,
        "run_id": "550315892394120", "attempt": 2,
    },
    {
        "id": "misspelt reference left literal by Databricks: exit 2 naming the argument",
        "task": wheel(module_name="dbxjobs.report", run_id="{{job.runid}}"),
        "exit": 2, "error": "--run_id holds the unresolved reference '{{job.runid}}'",
    },
    {
        "id": "reference in a field Databricks does not substitute: exit 2",
        "task": wheel(module_name="dbxjobs.report", attempt="{{tasks.execution_count}}"),
        "exit": 2, "error": "--attempt holds the unresolved reference",
    },
    {
        "id": "unresolved reference in a job parameter: exit 2 (core's template rule)",
        "task": wheel(module_name="dbxjobs.report", region="{{job.parameters.region}}"),
        "exit": 2, "error": "--region contains the unresolved template",
    },
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_task_shape(case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    if case.get("strict"):
        monkeypatch.setenv("JOBFACTORY_STRICT_PARAMS", "1")
    argv = databricks_argv(case["task"], case.get("job_parameters"))

    outcome = run_entry_captured(DatabricksEnvironment(), argv[1:])

    summary = summary_of(outcome.stdout)
    assert outcome.exit_code == case.get("exit", 0), outcome.stderr
    assert summary["service_provider"] == "databricks"
    if "error" in case:
        assert case["error"] in summary["error"]
        assert case["error"] in outcome.stderr
        assert "Traceback" not in outcome.stderr
        return
    result = summary["result"]
    if case.get("exact"):
        assert result == case["result"]
    else:
        assert {k: result[k] for k in case["result"]} == case["result"]
    if "run_id" in case:
        assert summary["run_id"] == case["run_id"]
    else:
        assert re.fullmatch(r"[0-9a-f]{16}", summary["run_id"])
    assert summary["attempt"] == case.get("attempt", 1)
    if "started_at" in case:
        assert summary["started_at"] == case["started_at"]
    assert "{{" not in outcome.stderr  # no reference reached a log line


def test_identity_is_in_every_log_line_and_event(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "json")
    argv = databricks_argv(wheel(module_name="dbxjobs.report", **IDENTITY))

    outcome = run_entry_captured(DatabricksEnvironment(), argv[1:])

    assert outcome.exit_code == 0, outcome.stderr
    import json

    records = [json.loads(line) for line in outcome.stderr.splitlines() if line.startswith("{")]
    events = [r for r in records if r.get("logger") == "jobfactory.notify"]
    assert events, outcome.stderr
    assert all(r["run_id"] == "550315892394120" and r["attempt"] == 2 for r in records)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("--attempt=two", "--attempt: 'two' is not a whole number"),
        ("--attempt=-1", "--attempt: '-1' is negative"),
        ("--start_time=yesterday", "--start_time: 'yesterday' is not an ISO date-time"),
        ("--run_id", "--run_id needs a value: --run_id={{job.run_id}}"),
        ("--run-id", "--run_id needs a value: --run_id={{job.run_id}}"),
        ("--task-key={{task.key}}", "--task_key holds the unresolved reference"),
    ],
)
def test_bad_identity_values_exit_2(
    argument: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    outcome = run_entry_captured(
        DatabricksEnvironment(), ["--module_name", "dbxjobs.report", argument]
    )
    assert outcome.exit_code == 2
    assert message in outcome.stderr


def test_the_identity_in_hyphen_spelling_is_the_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    outcome = run_entry_captured(
        DatabricksEnvironment(), ["--module_name", "dbxjobs.report", "--run-id=42"]
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert summary_of(outcome.stdout)["run_id"] == "42"
    twice = run_entry_captured(
        DatabricksEnvironment(), ["--module_name", "dbxjobs.report", "--run_id=1", "--run-id=2"]
    )
    assert twice.exit_code == 2
    assert "two spellings of one parameter (run_id)" in twice.stderr


def test_a_likely_typo_is_an_unknown_parameter_not_a_job_parameter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    outcome = run_entry_captured(
        DatabricksEnvironment(), ["--module_name", "dbxjobs.report", "--regoin=eu"]
    )
    assert outcome.exit_code == 0
    assert "--regoin is not a parameter of this job (did you mean --region?)" in outcome.stderr
    assert summary_of(outcome.stdout)["result"]["job_parameters"] == {}

    monkeypatch.setenv("JOBFACTORY_STRICT_PARAMS", "1")
    strict = run_entry_captured(
        DatabricksEnvironment(), ["--module_name", "dbxjobs.report", "--regoin=eu"]
    )
    assert strict.exit_code == 2


def test_spark_python_task_runs_the_uploaded_script_as_a_file() -> None:
    """``python_file`` is ``scripts/databricks/generic_entry.py``: argv[0] is that file."""
    import subprocess
    import sys
    from pathlib import Path

    from dbx_helpers import clean_env

    script = Path(__file__).resolve().parents[3] / "scripts" / "databricks" / "generic_entry.py"
    task = SparkPythonTask(
        python_file=str(script),
        parameters=["--module_name", "dbxjobs.report", "--region=eu", "--run_id={{job.run_id}}"],
    )
    done = subprocess.run(
        [sys.executable, *databricks_argv(task)],
        capture_output=True, text=True, env=clean_env(JOBFACTORY_HAS_SPARK="false"),
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = summary_of(done.stdout)
    assert (summary["run_id"], summary["result"]["region"]) == ("550315892394120", "eu")


def test_without_pyspark_off_the_runtime_the_line_names_this_packages_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("jobfactory_core.spark.pyspark_available", lambda: False)
    outcome = run_entry_captured(
        DatabricksEnvironment(),
        ["--module_name=jobs.daily_revenue", "--input_path=in.csv", "--output_path=out"],
    )
    assert outcome.exit_code == 3
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "pip install 'jobfactory-databricks[spark]'" in errors[0]
    assert "jobfactory-container" not in outcome.stderr
