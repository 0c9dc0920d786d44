"""The run contract every entry point keeps (issue 7's findings, run against each entry).

Each test says what an orchestrator or a user would see: the exit code, the summary line (the
last line of stdout, strict JSON), one clear line on stderr for a mistake.
"""

from __future__ import annotations

import importlib
import json
import signal
import subprocess
import time

import pytest

from jobfactory_core.testing import summary_of

from .conftest import Entry


def strict_loads(line: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"non-RFC-8259 constant {constant}")

    return json.loads(line, parse_constant=refuse)


# -- the summary line -------------------------------------------------------------------------
def test_summary_stands_on_its_own_line_after_unterminated_output(entry: Entry) -> None:
    ran = entry.run("partial_line")
    assert ran.exit_code == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[-2] == "progress: 50%"
    assert ran.summary["result"] == {"done": "yes"}


def test_summary_is_strict_json_with_documented_conversions(entry: Entry) -> None:
    ran = entry.run("odd_values")
    assert ran.exit_code == 0, ran.stderr
    last = ran.stdout.splitlines()[-1]
    result = strict_loads(last)["result"]  # type: ignore[index]
    assert result["nan"] == "NaN"
    assert (result["inf"], result["neg_inf"]) == ("Infinity", "-Infinity")
    assert result["price"] == "12.30"
    assert result["raw"] == {"base64": "/wA="}
    assert result["text_bytes"] == "hello"
    assert result["tags"] == ["a", "b"]
    assert result["stats"] == {"rows": 3, "ratio": "NaN"}
    assert result["model"] == {"kind": "model", "mode": "json"}
    assert result["mode"] == "full"
    assert result["when"] == "2026-01-02"
    assert result["elapsed"] == 90.0
    assert result["opaque"] == "<Opaque thing>"
    assert "repr failed" in result["bad_repr"]
    # A value shown only as its repr is a warning naming where it sits.
    assert "result.opaque (Opaque) has no JSON form" in ran.stderr
    assert "result.bad_repr (BadRepr) has no JSON form" in ran.stderr
    assert ran.stderr.count("result.opaque") == 1  # once, however often the result is shown


# -- exit codes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("style", ["factory", "plain"])
@pytest.mark.parametrize(
    ("code", "exit_code", "status"),
    [
        ("none", 0, "succeeded"),
        ("0", 0, "succeeded"),
        ("1", 1, "failed"),
        ("2", 1, "failed"),
        ("3", 1, "failed"),
        ("143", 1, "failed"),
        ("bye", 1, "failed"),
    ],
)
def test_a_jobs_own_sys_exit(
    entry: Entry, style: str, code: str, exit_code: int, status: str
) -> None:
    extra = {"plain": "true"} if style == "plain" else {}
    ran = entry.run("exits", code=code, **extra)
    assert ran.exit_code == exit_code, ran.stderr
    summary = ran.summary
    assert (summary["status"], summary["exit_code"]) == (status, exit_code)
    assert "did some work" in ran.stdout
    if style == "factory":
        hook = "hook: on_success" if status == "succeeded" else "hook: on_failure SystemExit"
        assert ran.stderr.count("hook: on_") == 1 and hook in ran.stderr
    event = "succeeded" if status == "succeeded" else "failed"
    assert f"job exits {event}" in ran.stderr
    if status == "failed":
        assert (
            summary["error"] == f"the job called sys.exit({code if code == 'bye' else int(code)!r})"
        )


# -- names the entry owns -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "env",
        "config",
        "debug",
        "job",
        "explain",
        "help",
        "module_name",
        "spark_master",
        "spark_anything",
    ],
)
@pytest.mark.parametrize("mode", ["run", "help"])
def test_a_parameter_named_like_an_entry_option_is_refused(
    entry: Entry, name: str, mode: str
) -> None:
    args = ("--help",) if mode == "help" else ()
    ran = entry.run("owns_name", *args, env={"CONTRACT_OWNED_NAME": name})
    assert ran.exit_code == 2, ran.stdout + ran.stderr
    line = ran.stderr.strip()
    assert "\n" not in line and line.startswith("error: ")
    assert f"declares the parameter {name!r}" in line and "rename the parameter" in line


def test_injected_names_may_be_declared(entry: Entry) -> None:
    ran = entry.run("explicit_main", a="1")
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"] == {
        "a": "1",
        "service_provider": entry.spec.service_provider,
        "has_spark": False,
    }


# -- plain mains ----------------------------------------------------------------------------------
def test_main_with_an_explicit_signature_gets_nothing_it_did_not_ask_for(entry: Entry) -> None:
    ran = entry.run("explicit_main", a="x")
    assert ran.exit_code == 0, ran.stderr
    assert "unexpected keyword argument" not in ran.stderr


def test_main_kwargs_that_serialises_what_it_gets(entry: Entry) -> None:
    ran = entry.run("kwargs_json", a="1", b="two")
    assert ran.exit_code == 0, ran.stderr
    kwargs = ran.summary["result"]["kwargs"]
    assert {k: kwargs[k] for k in ("a", "b")} == {"a": "1", "b": "two"}
    assert kwargs["service_provider"] == entry.spec.service_provider
    assert kwargs["has_spark"] is False
    assert "jobfactory_context" not in kwargs


def test_factory_called_by_a_plain_main_joins_the_run(entry: Entry) -> None:
    ran = entry.run("delegates", word="hi")
    assert ran.exit_code == 0, ran.stderr
    summary = ran.summary
    assert summary["result"]["run_id"] == summary["run_id"]
    assert ran.stderr.count("job delegates started") == 1
    assert ran.stderr.count("job delegates succeeded") == 1


def test_missing_parameter_of_an_explicit_main_is_a_parameter_error(entry: Entry) -> None:
    ran = entry.run("explicit_main")
    assert ran.exit_code == 2
    assert "--a is required" in ran.stderr


# -- which factory -------------------------------------------------------------------------------
def test_help_and_explain_find_the_factory_main_uses(entry: Entry) -> None:
    helped = entry.run("two_factories", "--help")
    assert helped.exit_code == 0, helped.stderr
    assert "--upto" in helped.stdout and "builds no JobFactory" not in helped.stdout
    explained = entry.run("two_factories", "--explain", upto="abc")
    assert explained.exit_code == 2
    assert "--upto: 'abc' is not an integer" in explained.stderr


def test_ambiguous_factories_name_the_fix(entry: Entry) -> None:
    helped = entry.run("ambiguous", "--help")
    assert helped.exit_code == 2
    assert "set FACTORY = <one of them>" in helped.stderr
    assert "AFactory, BFactory" in helped.stderr
    ran = entry.run("ambiguous", fast="true", x="4")  # a run does not need to know
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"] == 4


# -- parameters ------------------------------------------------------------------------------
def test_a_bare_flag_is_true_only_for_bool(entry: Entry) -> None:
    ran = entry.run("greet", "--name", "--times", "2")
    assert ran.exit_code == 2, ran.stdout
    assert "--name was given without a value" in ran.stderr
    ok = entry.run("greet", "--loud", name="Ada")
    assert ok.exit_code == 0, ok.stderr
    assert ok.summary["result"]["greeted"] == "HELLO, ADA!"


def test_missing_required_shows_the_did_you_mean_that_explains_it(entry: Entry) -> None:
    ran = entry.run("greet", nmae="Ada")
    assert ran.exit_code == 2
    assert "--name is required" in ran.stderr
    assert "--nmae is not a parameter of this job (did you mean --name?)" in ran.stderr


def test_long_values_are_shortened_in_logs_and_events_not_for_the_job(entry: Entry) -> None:
    blob = "x" * 120_000
    ran = entry.run("long_value", blob=blob)
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"] == 120_000
    started = next(line for line in ran.stderr.splitlines() if "started" in line)
    assert len(started) < 2_000
    assert "more characters]" in started


def test_value_options_need_a_value(entry: Entry) -> None:
    ran = entry.run("greet", "--config", name="Ada")
    assert ran.exit_code == 2
    assert "--config needs a value" in ran.stderr


# -- reporting never changes the outcome --------------------------------------------------------
def test_exception_whose_str_raises_still_reaches_on_failure(entry: Entry) -> None:
    ran = entry.run("faulty", mode="str")
    assert ran.exit_code == 1
    assert "hook: on_failure Unprintable" in ran.stderr
    summary = ran.summary
    assert summary["error_type"] == "Unprintable"
    assert "could not be shown" in summary["error"]


def test_result_whose_repr_raises_is_still_a_success(entry: Entry) -> None:
    ran = entry.run("faulty", mode="repr")
    assert ran.exit_code == 0, ran.stderr
    assert "hook: on_success" in ran.stderr
    assert ran.summary["status"] == "succeeded"


# -- the process --------------------------------------------------------------------------------
def test_output_after_the_run_never_follows_the_summary(entry: Entry) -> None:
    ran = entry.run("late_writer")
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"] == "returned"
    assert ran.stdout.splitlines()[-1].startswith('{"status"')
    assert "late output from a thread" in ran.stderr
    assert "late output from atexit" in ran.stderr


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_during_the_job_module_import(entry: Entry, signum: int, code: int) -> None:
    proc = subprocess.Popen(
        entry.spec.command("slow_import"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=entry.env(),
    )
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "importing" not in proc.stderr.readline():
            pass
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    summary = summary_of(out, err)
    assert summary["exit_code"] == code and summary["status"] == "failed"
    assert "interrupted by" in err


# -- the installed core -------------------------------------------------------------------------
def test_an_incompatible_core_is_named_once_with_the_fix(
    entry: Entry, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import jobfactory_core.__about__ as about

    main = importlib.import_module(entry.spec.module).main
    monkeypatch.setattr(about, "CONTRACT", about.CONTRACT + 1)
    assert main(entry.spec.argv("partial_line")) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    package = f"jobfactory-{entry.spec.name}"
    assert f"{package} was built for jobfactory-core contract 1" in err[0]
    assert f"pip install {package} --upgrade" in err[0]
