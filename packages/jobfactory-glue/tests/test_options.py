"""Glue's argv: Glue's own arguments to the run context, the user's to the job, bad input exit 2."""

from __future__ import annotations

import json

import pytest
from glue_helpers import GLUE_ARGV, glue_in_process

from jobfactory_core.errors import UsageError
from jobfactory_glue import get_resolved_options
from jobfactory_glue.options import GLUE_DIALECT, GLUE_FLAG_ARGS, GLUE_VALUE_ARGS


def test_glue_arguments_reach_the_context_and_user_arguments_the_job() -> None:
    outcome = glue_in_process(
        *GLUE_ARGV, "--module_name", "gluejobs.where", "--region=eu", "--n", "3"
    )

    assert outcome.exit_code == 0, outcome.stderr
    result = outcome.summary["result"]
    assert result["params"] == {"region": "eu", "n": "3"}
    assert result["reserved"]["JOB_RUN_ID"] == "jr_7c1d9e"
    assert result["reserved"]["enable-metrics"] == "true"
    assert result["reserved"]["spark-event-logs-path"].endswith("sparkHistoryLogs/")
    assert result["glue"] == {
        "job_name": "daily-revenue",
        "job_id": "j_5f2a0c",
        "run_id": "jr_7c1d9e",
        "attempt": 1,
        "bookmark_option": "job-bookmark-disable",
        "bookmark_from": None,
        "bookmark_to": None,
        "temp_dir": "s3://aws-glue-assets-123456789012-eu-west-1/temporary/",
    }
    assert result["service_provider"] == "glue"


def test_glue_run_id_is_the_run_id_of_summary_logs_and_events() -> None:
    outcome = glue_in_process(
        "--JOB_RUN_ID", "jr_1a2b_attempt_2", "--module_name", "gluejobs.where"
    )

    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["run_id"] == "jr_1a2b_attempt_2"
    assert outcome.summary["attempt"] == 3  # Glue's second retry
    assert "[run jr_1a2b_attempt_2]" in outcome.stderr
    assert "started on glue (run jr_1a2b_attempt_2, attempt 3)" in outcome.stderr


@pytest.mark.parametrize("name", sorted(GLUE_VALUE_ARGS | GLUE_FLAG_ARGS))
def test_every_glue_argument_in_both_spellings_is_kept_out_of_the_job(name: str) -> None:
    value = "job-bookmark-enable" if name == "job-bookmark-option" else "v 1,2"
    if name == "encryption-type":
        value = "sse-s3"
    if name == "continuation-option":
        value = "continuation-enabled"
    if name in ("job-bookmark-from", "job-bookmark-to", "JOB_RUN_ID"):
        value = "jr_1"
    for argv in ([f"--{name}", value, "--x", "1"], [f"--{name}={value}", "--x", "1"]):
        parsed = GLUE_DIALECT.parse(argv)
        assert parsed.reserved == {name: value}
        assert parsed.params == {"x": "1"}


def test_user_arguments_bind_with_types_as_on_the_container_entry() -> None:
    args = ("--day=2024-03-05", "--limit", "-3", "--ratio=0.25", "--tags", '["a, b", "c"]')
    glue = glue_in_process(*GLUE_ARGV, "--module_name", "gluejobs.typed", *args)
    from jobfactory_core.environment import Environment  # the container entry's environment
    from jobfactory_core.testing import run_entry_captured

    container = run_entry_captured(Environment(), ["--module_name", "gluejobs.typed", *args])
    assert glue.exit_code == container.exit_code == 0, glue.stderr
    assert glue.summary["result"] == container.summary["result"] == {
        "day": "2024-03-05", "limit": -3, "ratio": 0.25, "tags": ["a, b", "c"],
    }  # fmt: skip


# -- bad input: exit 2, one line -----------------------------------------------------------------
def _one_error_line(outcome: object) -> str:
    stderr: str = outcome.stderr  # type: ignore[attr-defined]
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr
    return errors[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--job_bookmark_option", "x"], "Glue's reserved argument --job-bookmark-option"),
        (["--JOB_RUN_ID"], "--JOB_RUN_ID needs a value"),
        (["--TempDir", "--name", "x"], "--TempDir needs a value"),
        (["--job-bookmark-option", "sometimes"], "is not one of: job-bookmark-enable"),
        (["--job-bookmark-from", "a", "--job-bookmark-to", "b"], "job-bookmark-pause"),
        (["--JOB_RUN_ID", "jr_1\nforged"], "is not a Glue run id"),
    ],
)
def test_bad_glue_input_exits_2_with_one_line(argv: list[str], expected: str) -> None:
    outcome = glue_in_process("--module_name", "gluejobs.where", *argv)
    assert outcome.exit_code == 2
    assert expected in _one_error_line(outcome)
    assert outcome.summary["exit_code"] == 2


def test_an_argument_over_256_kb_exits_2_pointing_to_config() -> None:
    big = json.dumps({"ids": list(range(60_000))})
    assert len(big) > 256 * 1024
    outcome = glue_in_process("--module_name", "gluejobs.where", "--ids", big)
    assert outcome.exit_code == 2
    line = _one_error_line(outcome)
    assert "--ids is" in line and "256 KB" in line and "--config" in line


# -- get_resolved_options ------------------------------------------------------------------------
def test_resolved_options_defaults_match_awsglue() -> None:
    got = get_resolved_options(["script.py", "--JOB_NAME", "n", "--day=1"], ["JOB_NAME", "day"])
    assert got == {
        "job_bookmark_option": "job-bookmark-disable",
        "job_bookmark_from": None,
        "job_bookmark_to": None,
        "JOB_ID": None,
        "JOB_RUN_ID": None,
        "SECURITY_CONFIGURATION": None,
        "encryption_type": None,
        "enable_data_lineage": None,
        "RedshiftTempDir": None,
        "TempDir": None,
        "JOB_NAME": "n",
        "day": "1",
    }


def test_resolved_options_fallbacks() -> None:
    argv = ["s", "--RedshiftTempDir", "s3://t/", "--continuation-option", "continuation-readonly"]
    got = get_resolved_options(argv, ["TempDir"])  # TempDir is never required
    assert got["TempDir"] == got["RedshiftTempDir"] == "s3://t/"
    assert got["job_bookmark_option"] == "job-bookmark-pause"
    assert "continuation_option" not in got


def test_resolved_options_values_as_given() -> None:
    argv = ["s", "--a", "-5", "--b=", "--c", "x y", "--a", "-1.5", '--d={"k": [1, 2]}']
    got = get_resolved_options(argv, ["a", "b", "c", "d"])
    assert (got["a"], got["b"], got["c"], got["d"]) == ("-1.5", "", "x y", '{"k": [1, 2]}')


@pytest.mark.parametrize(
    ("argv", "keys", "expected"),
    [
        (["s", "--day", "1"], ["day", "region"], "--region"),
        (["s", "--region"], ["region"], "--region needs a value"),
        (["s"], ["job-bookmark-option"], "Glue's own argument"),
        (["s", "--JOB_ID", "1"], ["JOB_ID"], "JOB_ID"),
        (["s", "--JOB_N", "x"], ["JOB_NAME"], "--JOB_NAME"),  # no abbreviations (Glue 6)
    ],
)
def test_resolved_options_errors_name_the_key(
    argv: list[str], keys: list[str], expected: str
) -> None:
    with pytest.raises(UsageError, match=expected):
        get_resolved_options(argv, keys)


def test_a_job_declaring_a_glue_argument_name_is_refused_when_loaded() -> None:
    outcome = glue_in_process("--module_name", "gluejobs.clash", "--JOB_RUN_ID", "jr_1")
    assert outcome.exit_code == 2
    line = _one_error_line(outcome)
    assert "'TempDir'" in line and "belongs to the glue entry point" in line


def test_a_python_shell_job_has_no_spark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jobfactory_core.spark.pyspark_available", lambda: True)
    monkeypatch.setattr("jobfactory_glue.environment.glue_platform", lambda _: "pythonshell")
    outcome = glue_in_process("--JOB_RUN_ID", "jr_1", "--module_name", "gluejobs.where")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"]["has_spark"] is False


@pytest.mark.parametrize("module", ["gluejobs.needs_spark", "gluejobs.needs_glue_context"])
def test_a_python_shell_job_needing_spark_says_to_use_a_glue_etl_job(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    monkeypatch.setenv("GLUE_VERSION", "5.1")
    monkeypatch.setattr("jobfactory_core.spark.pyspark_available", lambda: False)
    outcome = glue_in_process("--JOB_RUN_ID", "jr_1", "--module_name", module)
    assert outcome.exit_code == 3
    line = _one_error_line(outcome)
    assert line == (
        "error: this job needs Spark, and a Glue Python shell job has none: run it as a Glue "
        "ETL job (Command Name 'glueetl', as jobfactory-glue job-definition creates it)"
    )


def test_off_glue_without_pyspark_the_line_names_the_glue_local_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("jobfactory_core.spark.pyspark_available", lambda: False)
    for argv in (["--JOB_RUN_ID", "jr_1"], []):
        outcome = glue_in_process(*argv, "--module_name", "gluejobs.needs_spark")
        assert outcome.exit_code == 3
        line = _one_error_line(outcome)
        assert "pip install 'jobfactory-glue[local]'" in line, line
        assert "jobfactory-container" not in line


def test_spark_switched_off_on_glue_keeps_cores_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jobfactory_core.spark.pyspark_available", lambda: True)
    outcome = glue_in_process("--module_name", "gluejobs.needs_spark", "--has_spark", "false")
    assert outcome.exit_code == 3
    assert "Spark was switched off" in _one_error_line(outcome)


@pytest.mark.parametrize(
    ("env", "argv", "pyspark", "expected"),
    [
        ({"GLUE_VERSION": "5.1"}, [], True, "etl"),
        ({"GLUE_COMMAND_CRITERIA": "x"}, ["--JOB_RUN_ID", "jr_1"], True, "etl"),
        ({"GLUE_VERSION": "5.1"}, ["--JOB_RUN_ID", "jr_1"], False, "pythonshell"),
        ({}, ["--JOB_RUN_ID", "jr_1"], False, "pythonshell"),
        ({}, [], True, None),
    ],
)
def test_glue_platform_detection(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    argv: list[str],
    pyspark: bool,
    expected: str | None,
) -> None:
    from jobfactory_glue.environment import glue_platform

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("jobfactory_core.spark.pyspark_available", lambda: pyspark)
    assert glue_platform(GLUE_DIALECT.parse(argv).reserved) == expected
