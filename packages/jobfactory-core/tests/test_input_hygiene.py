"""Input hygiene: each malformed input is one clear error, exit 2 (issue 8.13 and 8.14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jf_testjobs import recorder

from jobfactory_core.argv import BASE_DIALECT
from jobfactory_core.environment import Environment
from jobfactory_core.errors import ConfigError, UsageError
from jobfactory_core.notifier_config import build_notifiers
from jobfactory_core.run_info import RunInfo, parse_attempt, validate_run_id
from jobfactory_core.testing import EntryOutcome, run_entry_captured


def run(*argv: str) -> EntryOutcome:
    return run_entry_captured(Environment(), list(argv))


def assert_exit_2(outcome: EntryOutcome, fragment: str) -> None:
    assert outcome.exit_code == 2, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert fragment in lines[0], lines[0]
    assert "execute" not in recorder.names()
    assert outcome.summary["exit_code"] == 2


@pytest.mark.parametrize("value", [",", " , ", "jf_testjobs,,other", "jf_testjobs, ", "a/b"])
def test_an_allow_list_with_blank_or_bad_entries_fails_closed(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("JOBFACTORY_ALLOWED_MODULES", value)
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "x")
    assert_exit_2(outcome, "JOBFACTORY_ALLOWED_MODULES=")
    assert "list dotted module prefixes" in outcome.stderr


def test_a_blank_allow_list_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBFACTORY_ALLOWED_MODULES", "  ")
    assert run("--module_name", "jf_testjobs.typed", "--name", "x").exit_code == 0


@pytest.mark.parametrize(
    ("run_id", "fragment"),
    [
        ("abc\nFAKE ERROR line", r"control character '\n'"),
        ("abc\rx", r"control character '\r'"),
        ("a\x1b[31mred", r"control character '\x1b'"),
        ("x" * 201, "201 characters long"),
        ("   ", "is empty"),
    ],
)
def test_a_run_id_that_could_forge_log_lines_is_refused(
    monkeypatch: pytest.MonkeyPatch, run_id: str, fragment: str
) -> None:
    monkeypatch.setenv("JOBFACTORY_RUN_ID", run_id)
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "x")
    assert_exit_2(outcome, "JOBFACTORY_RUN_ID")
    assert fragment in outcome.stderr
    assert "FAKE ERROR" not in outcome.stderr


@pytest.mark.parametrize("attempt", ["x", "-1", "1.5", "\u0663", "99999999999999999999", "2\n3"])
def test_junk_attempt_numbers_are_refused(monkeypatch: pytest.MonkeyPatch, attempt: str) -> None:
    monkeypatch.setenv("JOBFACTORY_ATTEMPT", attempt)
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "x")
    assert_exit_2(outcome, "JOBFACTORY_ATTEMPT=")


def test_an_environment_name_with_a_newline_is_refused() -> None:
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "x", "--env", "prod\nFAKE")
    assert_exit_2(outcome, r"the environment name contains the control character '\n'")
    assert "FAKE" not in outcome.stderr


def test_run_id_helpers_for_platform_packages() -> None:
    assert validate_run_id("scheduled__2024-01-01T00:00:00+00:00") == (
        "scheduled__2024-01-01T00:00:00+00:00"
    )
    with pytest.raises(UsageError, match="--run_id contains the control character"):
        validate_run_id("1\n2", "--run_id")
    with pytest.raises(UsageError, match="run id contains the control character"):
        RunInfo(job="j", service_provider="container", run_id="a\tb")
    run = RunInfo(job="j", service_provider="container", run_id="r-1", environment="prod")
    with pytest.raises(UsageError, match="run id contains the control character"):
        run.run_id = "1\n2"  # a platform assigning its own id later is checked too
    with pytest.raises(UsageError, match="environment name contains the control character"):
        run.environment = "prod\x1b[2K"
    assert (run.run_id, run.environment) == ("r-1", "prod")
    import pickle

    assert pickle.loads(pickle.dumps(run)) == run
    assert parse_attempt(" 3 ") == 3
    assert parse_attempt("0") == 1


def test_three_dashes_are_refused_not_folded() -> None:
    with pytest.raises(UsageError, match=r"invalid option name '---a': too many dashes"):
        BASE_DIALECT.parse(["---a", "1"])
    assert_exit_2(run("--module_name", "jf_testjobs.typed", "---name", "x"), "too many dashes")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("--config=",), "--config has an empty value"),
        (("--config", ""), "--config has an empty value"),
        (("--env=",), "--env has an empty value"),
        (("--config", "--name", "x"), "--config needs a value"),
        (("--spark_conf=",), "--spark_conf has an empty value"),
    ],
)
def test_entry_options_without_a_value_are_errors(argv: tuple[str, ...], fragment: str) -> None:
    assert_exit_2(run("--module_name", "jf_testjobs.typed", *argv), fragment)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://127.0.0.1:99999/hook", "invalid port"),
        ("http://127.0.0.1:0/hook", "port 0"),
        ("http:///hook", "has no host"),
        ("https://", "has no host"),
        ("ftp://example.com/hook", "must be http:// or https://"),
        ("http://example.com/ho ok", "whitespace"),
    ],
)
def test_malformed_webhook_urls_are_refused_when_loaded(url: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        build_notifiers([{"type": "webhook", "url": url}])


def test_a_malformed_webhook_url_exits_2_without_echoing_the_path(tmp_path: Path) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text(
        '[[jobfactory.notifiers]]\ntype = "webhook"\nurl = "https://h:99999/T0KEN-PATH"\n'
    )
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "x", "--config", str(conf))
    assert_exit_2(outcome, "invalid port")
    assert "T0KEN-PATH" not in outcome.stderr + outcome.stdout


@pytest.mark.parametrize("name", ["a\\nFAKE", "two words", "1st", "caf\u00e9"])
def test_config_parameter_names_follow_the_command_line_rules(tmp_path: Path, name: str) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text(f'[params]\n"{name}" = "x"\n')
    outcome = run("--module_name", "jf_testjobs.typed", "--name", "x", "--config", str(conf))
    assert_exit_2(outcome, "[params] has the parameter name")  # one line: nothing forged
