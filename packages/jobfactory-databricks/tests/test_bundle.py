"""``jobfactory-databricks bundle``: the Jobs API JSON is what databricks-sdk's JobSettings
reads and writes back unchanged, and databricks.yml holds the same job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from databricks.sdk.service.jobs import JobSettings
from dbx_helpers import console

from jobfactory_databricks.bundle import job_settings


def _write(tmp_path: Path, *extra: str) -> tuple[dict[str, Any], dict[str, Any]]:
    done = console(
        "bundle", "--module_name", "jobs.daily_revenue", "--name", "daily_revenue",
        "--out", str(tmp_path), *extra,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    job = json.loads((tmp_path / "daily_revenue.job.json").read_text())
    bundle = yaml.safe_load((tmp_path / "databricks.yml").read_text())
    return job, bundle


@pytest.mark.parametrize(
    "extra",
    [
        (),
        ("--compute", "classic", "--node_type_id", "Standard_DS3_v2", "--num_workers", "2"),
        ("--param", "input_path=/Volumes/main/raw/orders", "--job_parameter", "currency=EUR",
         "--wheels", "/Volumes/main/default/wheels"),
    ],
    ids=["serverless", "classic", "params"],
)  # fmt: skip
def test_json_round_trips_through_job_settings_and_yaml_holds_the_same_job(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    job, bundle = _write(tmp_path, *extra)

    assert JobSettings.from_dict(job).as_dict() == job
    assert bundle["resources"]["jobs"]["daily_revenue"] == job
    assert bundle["bundle"]["name"] == "daily_revenue"


def test_the_task_runs_this_entry_with_identity_references_and_the_allowlist(
    tmp_path: Path,
) -> None:
    job, _ = _write(tmp_path, "--param", "input_path=/Volumes/main/raw/orders")
    (task,) = job["tasks"]
    wheel = task["python_wheel_task"]
    assert wheel["package_name"] == "jobfactory_databricks"
    assert wheel["entry_point"] == "jobfactory-databricks"
    assert wheel["named_parameters"] == {
        "module_name": "jobs.daily_revenue",
        "run_id": "{{job.run_id}}",
        "job_id": "{{job.id}}",
        "task_key": "{{task.name}}",
        "attempt": "{{task.execution_count}}",
        "start_time": "{{job.start_time.iso_datetime}}",
        "input_path": "/Volumes/main/raw/orders",
    }
    (environment,) = job["environments"]
    assert environment["environment_key"] == task["environment_key"]
    dependencies = environment["spec"]["dependencies"]
    assert [Path(d).name.split("-")[0] for d in dependencies] == [
        "jobfactory_core", "jobfactory_databricks", "jobfactory_examples",
    ]  # fmt: skip
    (variables,) = job["environment_variables"]
    assert variables["environment_variables_key"] == task["environment_variables_key"]
    assert variables["spec"]["variables"] == {"JOBFACTORY_ALLOWED_MODULES": "jobs.daily_revenue"}


def test_classic_compute_is_a_job_cluster_with_wheel_libraries(tmp_path: Path) -> None:
    job, _ = _write(tmp_path, "--compute", "classic")
    (task,) = job["tasks"]
    (cluster,) = job["job_clusters"]
    assert task["job_cluster_key"] == cluster["job_cluster_key"]
    assert all(lib["whl"].endswith(".whl") for lib in task["libraries"])
    assert cluster["new_cluster"]["spark_env_vars"] == {
        "JOBFACTORY_ALLOWED_MODULES": "jobs.daily_revenue"
    }
    assert "environments" not in job


def test_the_task_argv_of_the_bundle_runs_through_the_entry(tmp_path: Path) -> None:
    """The named parameters as Databricks passes them (references substituted) run a job."""
    settings = job_settings("dbxjobs.report", "report", job_package="jobfactory-core")
    named = settings["tasks"][0]["python_wheel_task"]["named_parameters"]
    values = {
        "{{job.run_id}}": "991", "{{job.id}}": "5", "{{task.name}}": "report",
        "{{task.execution_count}}": "3", "{{job.start_time.iso_datetime}}": "2026-11-27T05:00:00",
    }  # fmt: skip
    argv = [f"--{k}={values.get(v, v)}" for k, v in named.items()]
    done = console(*argv, JOBFACTORY_HAS_SPARK="false", JOBFACTORY_ALLOWED_MODULES="dbxjobs.report")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert (summary["run_id"], summary["attempt"]) == ("991", 3)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--module_name", "jobs/daily"), "jobs/daily"),
        (("--module_name", "jobs.daily_revenue", "--param", "run_id=1"), "set by the bundle"),
        (("--module_name", "jobs.daily_revenue", "--param", "oops"), "expected name=value"),
        (("--module_name", "nosuchpkg.job"), "no installed distribution provides 'nosuchpkg'"),
        (("--module_name", "jobs.daily_revenue", "--job_parameter", "run_id=0"),
         "--job_parameter run_id is set by the bundle"),
        (("--module_name", "jobs.daily_revenue", "--job_parameter", "module_name=os"),
         "--job_parameter module_name is set by the bundle"),
        (("--module_name", "jobs.daily_revenue", "--compute", "classic", "--num_workers", "-1"),
         "--num_workers -1"),
    ],
)  # fmt: skip
def test_bad_options_exit_2_and_write_nothing(
    tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    done = console("bundle", *extra, "--name", "x", "--out", str(tmp_path))
    assert done.returncode == 2
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_is_not_a_directory_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    done = console("bundle", "--module_name", "jobs.daily_revenue", "--name", "x",
                   "--out", str(tmp_path / "afile" / "sub"))  # fmt: skip
    assert done.returncode == 2
    assert "error: cannot write" in done.stderr
    assert "Traceback" not in done.stderr


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    _write(tmp_path)
    again = console("bundle", "--module_name", "jobs.daily_revenue", "--name", "daily_revenue",
                    "--out", str(tmp_path))  # fmt: skip
    assert again.returncode == 2
    assert "exists: pass --force" in again.stderr
    _write(tmp_path, "--force")


def test_help_names_the_identity_references_and_the_bundle_command() -> None:
    done = console("--help")
    assert done.returncode == 0
    assert "--run_id={{job.run_id}}" in done.stdout
    assert "jobfactory-databricks bundle --module_name M --name NAME" in done.stdout
