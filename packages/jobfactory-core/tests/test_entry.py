"""The shared entry machinery, in-process: exit codes, the summary line, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jf_testjobs import recorder

from jobfactory_core.environment import Environment
from jobfactory_core.testing import EntryOutcome, run_entry_captured


def run(*argv: str) -> EntryOutcome:
    return run_entry_captured(Environment(), list(argv))


def assert_usage_error(outcome: EntryOutcome, fragment: str) -> None:
    assert outcome.exit_code == 2, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert "Traceback" not in outcome.stderr
    assert "execute" not in recorder.names()
    assert outcome.summary["status"] == "failed"
    assert outcome.summary["exit_code"] == 2


def test_module_whose_top_level_code_raises_is_a_job_failure() -> None:
    # Its code ran: exit 1 with its own type and traceback, not "nothing ran" (exit 2).
    outcome = run("--module_name", "jf_testjobs.broken")
    assert outcome.exit_code == 1, outcome.stderr
    assert "Traceback" in outcome.stderr
    assert "configuration table missing at import" in outcome.stderr
    assert outcome.summary["error_type"] == "RuntimeError"
    assert outcome.summary["exit_code"] == 1


def test_success_prints_summary_as_last_stdout_line() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "Ada", "--count=3")
    assert outcome.exit_code == 0, outcome.stderr
    summary = outcome.summary
    assert summary["status"] == "succeeded"
    assert summary["job"] == "jf_testjobs.typed"
    assert summary["service_provider"] == "container"
    assert summary["result"] == {"name": "Ada", "count": 3}
    assert len(summary["run_id"]) == 16
    assert isinstance(summary["duration_s"], float)
    assert dict(recorder.CALLS)["execute"]["count"] == 3


def test_run_id_and_attempt_from_the_orchestrator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_RUN_ID", "airflow-123")
    monkeypatch.setenv("JOBFACTORY_ATTEMPT", "2")
    summary = run("--module_name", "jf_testjobs.typed", "--name", "x").summary
    assert (summary["run_id"], summary["attempt"]) == ("airflow-123", 2)


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        ((), "no job given"),
        (("--module_name", "../x"), "not a dotted Python module name"),
        (("--module_name", "os;rm"), "not a dotted Python module name"),
        (("--module_name", "jf_testjobs.nothing_here"), "not found"),
        (("--module_name", "jf_testjobs.no_main"), "has no main"),
        (("--module_name", "jf_testjobs.missing_dep"), "missing dependency"),
        (("--module_name", "jf_testjobs.bad_import_name"), "bad_import_name.py:3"),
        (("--module_name", "jf_testjobs.untyped_factory"), "set job_class = YourJob"),
        (("--module_name", "jf_testjobs.typed", "--name", "a", "--count", "abc"), "not an integer"),
        (("--module_name", "jf_testjobs.typed"), "--name is required"),
        (("--module_name", "jf_testjobs.typed", "--name", "a", "--name", "b"), "given twice"),
        (("--module_name", "jf_testjobs.typed", "stray", "--name", "a"), "'stray'"),
        (("--module_name", "jf_testjobs.typed", "--name={{job.run_id}}"), "unresolved template"),
        (("--module_name", "jf_testjobs.typed", "--name=${NAME}"), "unresolved template"),
        (("--module_name", "jf_testjobs.typed", "--name=a", "--has_spark=maybe"), "has_spark"),
        (("--module_name", "jf_testjobs.typed", "--service_provider=glue"), "set by the entry"),
        (("--module_name", "a.b", "--job", "c"), "not both"),
        (("--module_name", ".".join(["a" * 200] * 400)), "has at most 255 (e.g. jobs."),
    ],
)
def test_user_mistakes_exit_2_with_one_line(argv: tuple[str, ...], fragment: str) -> None:
    assert_usage_error(run(*argv), fragment)


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("JOBFACTORY_LOG_LEVEL", "verbose", "is not a log level: use DEBUG, INFO"),
        ("JOBFACTORY_LOG_FORMAT", "xml", "is not a log format: use text or json"),
    ],
)
def test_an_unknown_log_setting_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert_usage_error(run("--module_name", "jf_testjobs.typed", "--name", "a"), fragment)
    monkeypatch.setenv(variable, "json" if variable.endswith("FORMAT") else "warn")
    assert run("--module_name", "jf_testjobs.typed", "--name", "a").exit_code == 0


@pytest.mark.parametrize("value", ['"yaml"', "0", "false", '""', '["json"]'])
def test_a_config_log_format_that_is_not_one_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str
) -> None:
    config = tmp_path / "job.toml"
    config.write_text(f"[jobfactory]\nlog_format = {value}\n")
    argv = ("--module_name", "jf_testjobs.typed", "--name", "a", "--config", str(config))
    assert_usage_error(run(*argv), "is not a log format: use text or json")
    monkeypatch.setenv("JOBFACTORY_LOG_FORMAT", "text")  # the variable wins, the typo still shows
    assert_usage_error(run(*argv), "is not a log format: use text or json")


def test_missing_dependency_names_the_dependency() -> None:
    outcome = run("--module_name", "jf_testjobs.missing_dep")
    assert "'jf_dependency_that_is_not_installed'" in outcome.stderr


def test_strict_mode_refuses_unknown_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_STRICT_PARAMS", "1")
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "a", "--cont", "3")
    assert_usage_error(outcome, "did you mean --count?")


def test_unknown_parameter_warns_and_runs_without_strict_mode() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "a", "--cont", "3")
    assert outcome.exit_code == 0
    assert "--cont is not a parameter of this job (did you mean --count?)" in outcome.stderr


def test_allow_list_refuses_other_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_ALLOWED_MODULES", "company.jobs, jf_testjobs.typed")
    assert run("--module_name", "jf_testjobs.typed", "--name", "a").exit_code == 0
    recorder.CALLS.clear()
    assert_usage_error(run("--module_name", "jf_testjobs.hooks"), "outside JOBFACTORY_ALLOWED")
    assert_usage_error(run("--module_name", "company.jobsx"), "outside JOBFACTORY_ALLOWED")


def test_job_failure_exits_1_with_traceback_in_log() -> None:
    outcome = run("--module_name", "jf_testjobs.hooks", "--mode", "fail")
    assert outcome.exit_code == 1
    assert outcome.summary["status"] == "failed"
    assert outcome.summary["error_type"] == "JobBroke"
    assert "Traceback" in outcome.stderr
    assert "on_failure" in recorder.names()


def test_spark_required_but_disabled_exits_3_with_one_line() -> None:
    outcome = run("--module_name", "jf_testjobs.spark_needed", "--has_spark", "false")
    assert outcome.exit_code == 3
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs Spark" in lines[0]
    from importlib.util import find_spec

    fix = "pip install" if find_spec("pyspark") is None else "--has_spark false"
    assert fix in lines[0]
    assert outcome.summary["exit_code"] == 3


def test_an_environment_states_its_own_reason_for_having_no_spark() -> None:
    """The ``spark_missing`` hook: a platform says why it has no Spark (Glue's Python shell)."""

    class NoSparkHere(Environment):
        def spark_available(self) -> bool:
            return False

        def spark_missing(self) -> str | None:
            return "this job needs Spark, which this platform never has: use the other one"

    outcome = run_entry_captured(NoSparkHere(), ["--module_name", "jf_testjobs.spark_needed"])
    assert outcome.exit_code == 3
    assert outcome.stderr.strip().splitlines() == [
        "error: this job needs Spark, which this platform never has: use the other one"
    ]


def test_old_style_main_receives_strings_and_injected_context() -> None:
    outcome = run("--module_name", "jf_testjobs.old_style", "--day", "2024-01-01", "--n=3")
    assert outcome.exit_code == 0, outcome.stderr
    kwargs = dict(recorder.CALLS)["old_main"]
    assert kwargs["day"] == "2024-01-01" and kwargs["n"] == "3"
    assert kwargs["service_provider"] == "container"
    assert isinstance(kwargs["has_spark"], bool)
    assert outcome.summary["result"]["service_provider"] == "container"


def test_old_style_main_failure_exits_1() -> None:
    outcome = run("--module_name", "jf_testjobs.old_style", "--explode", "yes")
    assert outcome.exit_code == 1
    assert outcome.summary["error_type"] == "KeyError"


def test_module_that_builds_its_own_factory_and_returns_nothing() -> None:
    outcome = run("--module_name", "jf_testjobs.own_factory", "--who", "Bob")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"] == "hi Bob"


def test_help_lists_parameters_with_types_and_defaults() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--help")
    assert outcome.exit_code == 0
    assert "execute" not in recorder.names()
    text = outcome.stdout
    assert "Echo typed parameters back." in text
    assert "--name" in text and "required" in text
    assert "--count" in text and "default: 1" in text
    assert "date | None" in text
    assert "'low' | 'high'" in text


def test_help_without_a_job_prints_usage() -> None:
    outcome = run("--help")
    assert outcome.exit_code == 0
    assert "--module_name" in outcome.stdout and "exit codes" in outcome.stdout


def test_help_for_plain_main_module_explains_strings() -> None:
    outcome = run("--module_name", "jf_testjobs.old_style", "--help")
    assert outcome.exit_code == 0
    assert "as a string" in outcome.stdout
    assert "old_main" not in recorder.names()


def test_explain_binds_and_runs_nothing() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "a", "--count", "4", "--explain")
    assert outcome.exit_code == 0
    assert "execute" not in recorder.names()
    assert "count = 4  [command line] (int)" in outcome.stdout
    assert "ratio = 0.5  [default]" in outcome.stdout


def test_explain_still_validates() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--count", "x", "--explain")
    assert outcome.exit_code == 2
    assert "--name is required" in outcome.stderr


def test_summary_line_is_valid_json_even_on_usage_errors() -> None:
    outcome = run("--module_name", "../x")
    json.loads(outcome.stdout.strip().splitlines()[-1])


def test_debug_shows_traceback_for_usage_errors() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--count", "x", "--debug")
    assert outcome.exit_code == 2
    assert "Traceback" in outcome.stderr


def test_spark_conf_must_be_key_value() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "a", "--spark_conf", "oops")
    assert_usage_error(outcome, "not key=value")


def _event_lines(stderr: str, kind: str) -> list[str]:
    return [line for line in stderr.splitlines() if f" {kind} " in line and "job jf_" in line]


def test_plain_main_gets_lifecycle_events_once() -> None:
    outcome = run(
        "--module_name", "jf_testjobs.old_style", "--day", "x", "--db_password", "hunter2!"
    )
    assert outcome.exit_code == 0
    started = _event_lines(outcome.stderr, "started")
    assert len(started) == 1
    assert "on container" in started[0] and "'day': 'x'" in started[0]
    assert "'db_password': '***'" in started[0]
    assert len(_event_lines(outcome.stderr, "succeeded")) == 1


def test_plain_main_failure_is_announced_once() -> None:
    outcome = run("--module_name", "jf_testjobs.old_style", "--explode", "yes")
    assert outcome.exit_code == 1
    assert len(_event_lines(outcome.stderr, "failed")) == 1


def test_plain_main_calling_a_factory_announces_the_run_once() -> None:
    outcome = run("--module_name", "jf_testjobs.delegating")
    assert outcome.exit_code == 0, outcome.stderr
    assert len(_event_lines(outcome.stderr, "started")) == 1
    assert len(_event_lines(outcome.stderr, "succeeded")) == 1
    assert outcome.summary["result"] == "done with db"


def test_text_log_lines_carry_the_run_id() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "a")
    run_id = outcome.summary["run_id"]
    log_lines = [line for line in outcome.stderr.splitlines() if "jobfactory.notify" in line]
    assert log_lines and all(f"[run {run_id}]" in line for line in log_lines)


def test_help_shows_secret_references_without_resolving_them() -> None:
    outcome = run(
        "--module_name", "jf_testjobs.typed", "--name", "secret://env/JF_UNSET_SECRET", "--help"
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert "secret://env/JF_UNSET_SECRET" in outcome.stdout
