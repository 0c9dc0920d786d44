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

from jobfactory_core.testing import EntryOutcome, summary_of

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


def test_a_result_too_large_for_one_log_line_is_shown_as_its_size(entry: Entry) -> None:
    ran = entry.run("echo_size", size="200000")
    assert ran.exit_code == 0, ran.stderr
    last = ran.stdout.splitlines()[-1]
    assert len(last.encode()) <= 64 * 1024
    assert ran.summary["status"] == "succeeded"
    assert ran.summary["result"].startswith("<2000")  # the size of the JSON it replaced
    assert "write large results to storage" in ran.stderr
    small = entry.run("echo_size", size="10")
    assert small.summary["result"] == {"rows": "r" * 10, "kept": True}


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
@pytest.mark.parametrize("launcher", ["module", "script"])
def test_output_after_the_run_never_follows_the_summary(entry: Entry, launcher: str) -> None:
    """Through ``python -m`` and through the console script (Databricks' python_wheel_task
    runs ``jobfactory-databricks``)."""
    if launcher == "script":
        command = entry.spec.script_command("late_writer")
        if command is None:
            pytest.skip(f"no console script for {entry.spec.name} beside this Python")
        done = subprocess.run(command, capture_output=True, text=True, env=entry.env(), timeout=120)
        ran = EntryOutcome(done.returncode, done.stdout, done.stderr)
    else:
        ran = entry.run("late_writer")
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"] == "returned"
    assert ran.stdout.splitlines()[-1].startswith('{"status"')
    assert "late output from a thread" in ran.stderr
    assert "late output from atexit" in ran.stderr


def test_a_usage_error_quoting_a_value_with_control_characters_stays_one_line(
    entry: Entry,
) -> None:
    """A newline or a terminal escape in a value the error names (a --config path) is shown
    escaped: it cannot forge a log line or clear the terminal."""
    forged = "nope.toml\n2026-11-27 08:00:00,000 ERROR jobfactory.entry: FORGED \x1b[2J"
    ran = entry.run("greet", "--config", forged)
    assert ran.exit_code == 2, ran.stderr
    errors = [line for line in ran.stderr.splitlines() if "FORGED" in line]
    assert len(errors) == 1
    assert errors[0].startswith("error: --config nope.toml\\n2026")
    assert "\x1b" not in ran.stderr


def test_a_reader_that_closed_stdout_costs_the_summary_line_not_the_outcome(
    entry: Entry,
) -> None:
    """The orchestrator stopped reading stdout: the run keeps its exit code and writes the
    summary to stderr in one line, without a traceback."""
    proc = subprocess.Popen(
        entry.spec.command("quiet"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=entry.env(),
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away before the run writes anything
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error: the summary line")]
    assert len(lines) == 1
    assert '"status": "succeeded"' in lines[0]


def test_late_output_follows_no_summary_when_the_job_replaced_sys_stdout(entry: Entry) -> None:
    ran = entry.run("late_after_replacing")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.splitlines()[-1].startswith('{"status"')
    assert "late output through sys.__stdout__" in ran.stderr


def test_a_secret_written_after_the_run_is_still_masked(entry: Entry) -> None:
    """A job's thread and atexit hook print, log and write its secret after the summary."""
    secret = "contract-Late-Token-93c2"
    ran = entry.run("late_secret", api_token=secret)
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.splitlines()[-1].startswith('{"status"')
    assert secret not in ran.stdout + ran.stderr
    for line in ("late print ***", "late log ***", "late stderr ***", "atexit print ***"):
        assert line in ran.stderr


@pytest.mark.parametrize("target", ["entry module", "__main__"])
def test_the_entry_itself_as_the_job_module_is_one_usage_error(entry: Entry, target: str) -> None:
    """``--module_name`` naming the entry point (or ``__main__``, which is the entry under
    ``python -m``) would start the run inside itself, again and again: exit 2, one line."""
    module = entry.spec.module if target == "entry module" else "__main__"
    ran = entry.run(module)
    assert ran.exit_code == 2, ran.stderr
    assert [line for line in ran.stdout.splitlines() if line.startswith('{"status"')] == [
        ran.stdout.splitlines()[-1]
    ]
    assert ran.summary["error_type"] == "UsageError"
    assert ran.stderr.count("error: ") == 1
    assert "entry point" in ran.stderr
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
@pytest.mark.parametrize("how", ["detach", "buffer"])
def test_a_job_that_rewraps_its_stream_stays_masked_and_before_the_summary(
    entry: Entry, how: str, stream: str
) -> None:
    """``sys.stdout = io.TextIOWrapper(sys.stdout.detach(), ...)`` (or ``.buffer``): the job's
    output is still masked and written before the summary line, which is still printed."""
    secret = "contract-Token-5e1f0a"
    ran = entry.run("rewrapped", api_token=secret, how=how, stream=stream)
    assert ran.exit_code == 0, ran.stderr
    assert ran.summary["result"] == "returned"
    assert secret not in ran.stdout + ran.stderr
    written = ran.stdout if stream == "stdout" else ran.stderr
    assert "token ***\nunfinished" in written
    assert ran.stdout.splitlines()[-1].startswith('{"status"')
    assert "Traceback" not in ran.stderr


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
