"""``secret://databricks/SCOPE/KEY`` through core's provider mechanism, emulated locally."""

from __future__ import annotations

import json
from pathlib import Path

from dbx_helpers import console, summary_of

from jobfactory_databricks.secrets import env_name

PASSWORD = "s3cr3t-Pa55word-xyz"
API_KEY = "k3y-0f-the-api-987"


def test_env_emulation_resolves_and_masks_everywhere() -> None:
    done = console(
        "--module_name", "dbxjobs.secretive", "--password=secret://databricks/db/password",
        JOBFACTORY_HAS_SPARK="false",
        JOBFACTORY_DATABRICKS_SECRET_DB_PASSWORD=PASSWORD,
        **{env_name("team", "api-key"): API_KEY},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = summary_of(done.stdout)
    assert summary["result"]["length"] == len(PASSWORD)
    for secret in (PASSWORD, API_KEY):
        assert secret not in done.stdout
        assert secret not in done.stderr
    assert "password=*** api_key=***" in done.stdout


def test_file_emulation(tmp_path: Path) -> None:
    file = tmp_path / "secrets.json"
    file.write_text(json.dumps({"db": {"password": PASSWORD}, "team": {"api-key": API_KEY}}))
    done = console(
        "--module_name", "dbxjobs.secretive", "--password=secret://databricks/db/password",
        JOBFACTORY_HAS_SPARK="false", JOBFACTORY_DATABRICKS_SECRETS_FILE=str(file),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert API_KEY not in done.stdout + done.stderr


def test_a_missing_secret_exits_2_saying_how_to_emulate_it() -> None:
    done = console(
        "--module_name", "dbxjobs.secretive", "--password=secret://databricks/db/password",
        JOBFACTORY_HAS_SPARK="false",
    )  # fmt: skip
    assert done.returncode == 2
    assert "JOBFACTORY_DATABRICKS_SECRET_DB_PASSWORD" in done.stderr
    assert "Traceback" not in done.stderr


def test_env_names() -> None:
    assert env_name("my-scope", "db.pw") == "JOBFACTORY_DATABRICKS_SECRET_MY_SCOPE_DB_PW"


def test_off_the_runtime_a_configured_workspace_answers_through_the_sdk() -> None:
    """Remote dbutils (databricks-sdk's WorkspaceClient().dbutils) against FakeWorkspaceApi."""
    from fake_workspace import FakeWorkspaceApi

    fake = FakeWorkspaceApi(secrets={("db", "password"): PASSWORD, ("team", "api-key"): API_KEY})
    with fake as host:
        done = console(
            "--module_name", "dbxjobs.secretive", "--password=secret://databricks/db/password",
            JOBFACTORY_HAS_SPARK="false", DATABRICKS_HOST=host, DATABRICKS_TOKEN=fake.token,
        )  # fmt: skip
        missing = console(
            "--module_name", "dbxjobs.secretive", "--password=secret://databricks/db/nope",
            JOBFACTORY_HAS_SPARK="false", DATABRICKS_HOST=host, DATABRICKS_TOKEN=fake.token,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert summary_of(done.stdout)["result"]["length"] == len(PASSWORD)
    for secret in (PASSWORD, API_KEY, fake.token):
        assert secret not in done.stdout + done.stderr
    assert any(path.startswith("/api/2.0/secrets/get") for _, path, _ in fake.requests)
    assert missing.returncode == 2
    assert "Databricks secret db/nope" in missing.stderr
