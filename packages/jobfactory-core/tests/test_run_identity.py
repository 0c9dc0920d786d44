"""Run identity reaches the job's context, every log record, events and the summary line."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest

from jobfactory_core.environment import Environment
from jobfactory_core.run_info import RunInfo, RunLogFilter, bind_to_logs
from jobfactory_core.testing import run_entry_captured

JOB = textwrap.dedent(
    """
    import logging
    from typing import Any
    from jobfactory_core import Job, JobFactory

    class WhoAmI(Job):
        def execute(self) -> dict[str, Any]:
            logging.getLogger("user.code").warning("inside the job")
            run = self.context.run
            return {"run_id": self.context.run_id, "attempt": run.attempt,
                    "started_at": run.started_at.isoformat()}

    class WhoAmIFactory(JobFactory):
        job_class = WhoAmI

    def main(**params: Any) -> Any:
        return WhoAmIFactory().run(**params)
    """
)


@pytest.fixture
def job_module(write_job_module):
    return write_job_module(JOB, "whoami_job")


def test_filter_adds_identity_without_overriding_extra():
    run = RunInfo(job="j", service_provider="container", run_id="abc", attempt=3)
    handler = logging.Handler()
    bind_to_logs(run, [handler])
    record = logging.makeLogRecord({"msg": "x"})
    assert RunLogFilter().filter(record)
    assert (record.run_id, record.attempt, record.job) == ("abc", 3, "j")  # type: ignore[attr-defined]
    explicit = logging.makeLogRecord({"msg": "x", "run_id": "given"})
    RunLogFilter().filter(explicit)
    assert explicit.run_id == "given"  # type: ignore[attr-defined]
    bind_to_logs(run, [handler])
    assert len(handler.filters) == 1


def test_platform_run_id_and_attempt_reach_context_logs_and_summary(monkeypatch, job_module):
    monkeypatch.setenv("JOBFACTORY_RUN_ID", "orchestrator-run-42")
    monkeypatch.setenv("JOBFACTORY_ATTEMPT", "2")
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "json")
    outcome = run_entry_captured(Environment(), ["--module_name", job_module])
    assert outcome.exit_code == 0, outcome.stderr
    summary = outcome.summary
    assert summary["run_id"] == "orchestrator-run-42" and summary["attempt"] == 2
    assert summary["result"]["run_id"] == "orchestrator-run-42"
    assert summary["result"]["attempt"] == 2
    assert summary["result"]["started_at"] == summary["started_at"]
    records = [json.loads(line) for line in outcome.stderr.splitlines() if line.startswith("{")]
    assert records, outcome.stderr
    user = [r for r in records if r["logger"] == "user.code"]
    assert user and user[0]["run_id"] == "orchestrator-run-42" and user[0]["attempt"] == 2
    for record in records:  # every record during the run, jobfactory's and the job's
        assert record["run_id"] == "orchestrator-run-42", record
    events = [r for r in records if r.get("event")]
    assert [e["event"] for e in events] == ["started", "succeeded"]


def test_generated_run_id_is_the_same_everywhere(monkeypatch, job_module):
    monkeypatch.delenv("JOBFACTORY_RUN_ID", raising=False)
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "json")
    outcome = run_entry_captured(Environment(), ["--module_name", job_module])
    run_id = outcome.summary["run_id"]
    assert len(run_id) == 16
    assert outcome.summary["attempt"] == 1
    records = [json.loads(line) for line in outcome.stderr.splitlines() if line.startswith("{")]
    assert {r["run_id"] for r in records} == {run_id}


def test_dispatch_without_config_imports_nothing_extra(tmp_path, job_module):
    """No config: no config/secret/notifier modules, no urllib.request, no boto3, no metadata."""
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from jobfactory_core.environment import Environment
        from jobfactory_core.testing import run_entry_captured
        outcome = run_entry_captured(Environment(), ["--module_name", {job_module!r}])
        assert outcome.exit_code == 0, outcome.stderr
        watched = ("urllib.request", "jobfactory_core.config", "jobfactory_core.secrets",
                   "jobfactory_core.webhook", "jobfactory_core.delivery",
                   "jobfactory_core.notifier_config", "jobfactory_core.aws", "boto3",
                   "importlib.metadata", "tomllib", "yaml")
        print(",".join(m for m in watched if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"JOBFACTORY_HAS_SPARK": "false", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
