"""JobFactory.run: every DESIGN.md lifecycle rule, observed through hooks and notifiers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jf_testjobs import hooks, own_factory, recorder
from jf_testjobs.hooks import DependencyBroke, HookFactory, HookJob, JobBroke, RecordingNotifier

from jobfactory_core import JobContext, JobResult, ParameterError, Status
from jobfactory_core.notify import Notifiers
from jobfactory_core.run_info import RunInfo


@pytest.fixture
def context() -> JobContext:
    return JobContext(
        service_provider="container",
        has_spark=False,
        run=RunInfo(job="jf_testjobs.hooks", service_provider="container"),
        notifier=Notifiers([RecordingNotifier()]),
    )


@pytest.fixture(autouse=True)
def _reset_switches() -> Iterator[None]:
    yield
    HookFactory.break_dependency = False
    HookJob.fail_hooks = False


def test_success_runs_hooks_and_notifiers_in_order(context: JobContext) -> None:
    result = HookFactory().run(jobfactory_context=context)
    assert isinstance(result, JobResult)
    assert result.status is Status.SUCCEEDED
    assert result.value == "done with db"
    assert recorder.names() == [
        "notify:started",
        "create_job",
        "execute",
        "on_success",
        "notify:succeeded",
    ]
    assert context.last_result is result


def test_job_failure_reaches_on_failure_and_notifiers_then_propagates(
    context: JobContext,
) -> None:
    with pytest.raises(JobBroke) as caught:
        HookFactory().run(mode="fail", jobfactory_context=context)
    assert recorder.names()[-2:] == ["on_failure", "notify:failed"]
    on_failure_error = dict(recorder.CALLS)["on_failure"]
    assert on_failure_error is caught.value
    frames = []
    tb = caught.value.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    assert frames[-1] == "execute"  # the original traceback survives
    assert context.last_result.status is Status.FAILED
    assert context.last_result.error_type == "JobBroke"


def test_failure_while_building_dependencies_reaches_on_failure(context: JobContext) -> None:
    HookFactory.break_dependency = True
    with pytest.raises(DependencyBroke):
        HookFactory().run(jobfactory_context=context)
    names = recorder.names()
    assert "execute" not in names
    assert names[-2:] == ["on_failure", "notify:failed"]
    assert isinstance(dict(recorder.CALLS)["on_failure"], DependencyBroke)


def test_bad_parameters_reach_notifiers_and_nothing_runs(context: JobContext) -> None:
    with pytest.raises(ParameterError):
        HookFactory().run(secret_word=None, mode=["not", "a", "str"], jobfactory_context=context)
    names = recorder.names()
    assert "execute" not in names and "create_job" not in names
    assert names[-1] == "notify:failed"
    event = dict(recorder.CALLS)["notify:failed"]
    assert event.user_error


def test_failing_hooks_never_change_the_outcome(
    context: JobContext, caplog: pytest.LogCaptureFixture
) -> None:
    HookJob.fail_hooks = True
    result = HookFactory().run(jobfactory_context=context)
    assert result.status is Status.SUCCEEDED
    assert "success hook broke" in caplog.text
    with pytest.raises(JobBroke):  # not the hook's RuntimeError
        HookFactory().run(mode="fail", jobfactory_context=context)
    assert "failure hook broke" in caplog.text


def test_failing_notifier_never_changes_the_outcome(
    context: JobContext, caplog: pytest.LogCaptureFixture
) -> None:
    context.notifier.add(hooks.ExplodingNotifier())
    result = HookFactory().run(jobfactory_context=context)
    assert result.status is Status.SUCCEEDED
    assert "notifier ExplodingNotifier failed on started event: OSError" in caplog.text
    with pytest.raises(JobBroke):
        HookFactory().run(mode="fail", jobfactory_context=context)


def test_metrics_reach_the_result(context: JobContext) -> None:
    context.metric("rows", 10)
    result = HookFactory().run(jobfactory_context=context)
    assert result.metrics == {"rows": 10}
    assert '"metrics": {"rows": 10}' in result.to_json()


def test_called_directly_without_an_entry_builds_a_local_context() -> None:
    result = own_factory.GreetFactory().run(who="Ada")
    assert result.value == "hi Ada"
    assert result.run.service_provider == "container"


def test_factory_finds_job_class_from_create_job_annotation() -> None:
    assert own_factory.GreetFactory().get_job_class() is own_factory.GreetJob


def test_interrupt_runs_hooks_and_keeps_its_type(context: JobContext) -> None:
    from jobfactory_core.errors import JobInterrupted

    class Interrupting(HookJob):
        def execute(self, mode: str = "ok", secret_word: str = "") -> str:
            raise JobInterrupted(15)

    class F(HookFactory):
        job_class = Interrupting

        def create_job(self, context: JobContext) -> HookJob:
            return Interrupting("db")

    with pytest.raises(JobInterrupted) as caught:
        F().run(jobfactory_context=context)
    assert caught.value.exit_code == 143
    assert recorder.names()[-2:] == ["on_failure", "notify:failed"]


def test_context_resolves_secrets_on_demand_and_redacts_them(
    context: JobContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobfactory_core import ConfigError
    from jobfactory_core.redaction import REDACTOR

    monkeypatch.setenv("JF_TEST_TOKEN", "tok-123456")
    assert context.secret("secret://env/JF_TEST_TOKEN") == "tok-123456"
    assert REDACTOR.redact("using tok-123456") == "using ***"
    with pytest.raises(ConfigError, match="cannot resolve secret://env/JF_NOT_SET"):
        context.secret("secret://env/JF_NOT_SET")
    with pytest.raises(ConfigError, match="not a secret reference"):
        context.secret("env/JF_TEST_TOKEN")


def test_parse_summary_reads_the_last_line_or_searches_when_asked() -> None:
    from jobfactory_core.result import parse_summary

    line = '{"status": "succeeded", "job": "j"}'
    assert parse_summary(f"hello\n{line}\n\n") == {"status": "succeeded", "job": "j"}
    trailing = f"{line}\n26/11/27 WARN ShutdownHookManager: deleting a directory\n"
    assert parse_summary(trailing) is None
    assert parse_summary(trailing, anywhere=True) == {"status": "succeeded", "job": "j"}
    assert parse_summary('{"other": 1}\n') is None
    assert parse_summary("") is None
