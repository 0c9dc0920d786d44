"""On the runtime, dbutils comes from the notebook: widgets feed run_notebook, secret scopes
resolve ``secret://databricks/...`` (masked), task values go to Databricks."""

from __future__ import annotations

import datetime as dt

import pytest
from dbx_helpers import summary_of
from fake_notebook import FakeDbutils, install_notebook

from jobfactory_core.testing import run_entry_captured
from jobfactory_databricks import NotebookRunFailed, run_notebook
from jobfactory_databricks.environment import DatabricksEnvironment

PASSWORD = "runtime-pa55word-Q7"
API_KEY = "runtime-api-key-Z9"


@pytest.fixture
def dbutils(monkeypatch: pytest.MonkeyPatch) -> FakeDbutils:
    fake = FakeDbutils(
        widgets={"region": "emea", "rows": "12"},
        secrets={("db", "password"): PASSWORD, ("team", "api-key"): API_KEY},
    )
    install_notebook(monkeypatch, dbutils=fake)
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    monkeypatch.setenv("JOBFACTORY_HAS_SPARK", "false")
    return fake


def test_widgets_are_parameters_and_keyword_arguments_win(
    dbutils: FakeDbutils, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = run_notebook("dbxjobs.report")
    assert summary["result"]["region"] == "emea"
    assert summary["result"]["mode"] == "runtime"
    assert summary["result"]["job_parameters"] == {"rows": "12"}  # a widget the job lacks

    assert run_notebook("dbxjobs.report", region="us")["result"]["region"] == "us"
    assert '"status": "succeeded"' in capsys.readouterr().out  # the summary line is printed


def test_native_values_are_spelled_as_run_job_and_config_files_spell_them(
    dbutils: FakeDbutils,
) -> None:
    when = dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.timezone.utc)
    summary = run_notebook("dbxjobs.report", when=[when], tags=frozenset({"b", "a"}), full=True)
    assert summary["result"]["job_parameters"] == {
        "rows": "12",
        "when": '["2026-03-01T12:30:00+00:00"]',
        "tags": '["a", "b"]',
        "full": "true",
    }


def test_a_failed_notebook_run_raises_with_its_summary(dbutils: FakeDbutils) -> None:
    with pytest.raises(NotebookRunFailed) as raised:
        run_notebook("dbxjobs.ingest", rows="many")
    assert raised.value.exit_code == 2
    assert raised.value.summary is not None
    assert raised.value.summary["status"] == "failed"


def test_runtime_secrets_come_from_dbutils_and_are_masked(dbutils: FakeDbutils) -> None:
    outcome = run_entry_captured(
        DatabricksEnvironment(),
        ["--module_name=dbxjobs.secretive", "--password=secret://databricks/db/password"],
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert summary_of(outcome.stdout)["result"]["length"] == len(PASSWORD)
    for secret in (PASSWORD, API_KEY):
        assert secret not in outcome.stdout + outcome.stderr


def test_a_missing_runtime_secret_names_scope_and_key(dbutils: FakeDbutils) -> None:
    outcome = run_entry_captured(
        DatabricksEnvironment(),
        ["--module_name=dbxjobs.secretive", "--password=secret://databricks/db/nope"],
    )
    assert outcome.exit_code == 2
    assert "Databricks secret db/nope" in outcome.stderr


def test_runtime_task_values_go_through_dbutils(dbutils: FakeDbutils) -> None:
    outcome = run_entry_captured(
        DatabricksEnvironment(), ["--module_name=dbxjobs.ingest", "--rows=3", "--task_key=ingest"]
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert dbutils.set_values == {"rows": 3, "batch": {"rows": 3, "ok": True}}

    dbutils.upstream[("ingest", "rows")] = 99
    outcome = run_entry_captured(DatabricksEnvironment(), ["--module_name=dbxjobs.report"])
    assert summary_of(outcome.stdout)["result"]["rows"] == 99


def test_connect_mode_without_databricks_connect_is_a_clear_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOBFACTORY_DATABRICKS_MODE", "connect")
    outcome = run_entry_captured(DatabricksEnvironment(), ["--module_name=dbxjobs.report"])
    assert outcome.exit_code == 2
    assert "needs databricks-connect: pip install databricks-connect" in outcome.stderr
