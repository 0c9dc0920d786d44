"""An error about a secret parameter never quotes its value, however short (issue 8.5)."""

from __future__ import annotations

import textwrap

import pytest

from jobfactory_core.binding import bind, signature_of
from jobfactory_core.environment import Environment
from jobfactory_core.errors import ParameterError
from jobfactory_core.testing import run_entry_captured

SHORT = "x9Z"  # shorter than MIN_SCRUB_LENGTH: never scrubbed from free text

JOB = textwrap.dedent(
    """
    from typing import Any
    from jobfactory_core import Job, JobFactory

    class TokenJob(Job):
        def execute(self, times: int = 1, api_token: int = 0, secret_ids: list[int] = []) -> int:
            return times

    class TokenFactory(JobFactory):
        job_class = TokenJob

    def main(**params: Any) -> Any:
        return TokenFactory().run(**params)
    """
)


@pytest.fixture
def job(write_job_module) -> str:
    return write_job_module(JOB, "token_job")


def test_a_value_from_a_secret_reference_is_never_quoted(
    job: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JF_TIMES", SHORT)
    outcome = run_entry_captured(
        Environment(), ["--module_name", job, "--times", "secret://env/JF_TIMES"]
    )
    assert outcome.exit_code == 2, outcome.stderr
    assert "--times: the given value (hidden) is not an integer" in outcome.stderr
    assert SHORT not in outcome.stdout + outcome.stderr
    assert outcome.summary["error"].endswith("--times: the given value (hidden) is not an integer")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--api_token", SHORT), "--api_token: the given value (hidden) is not an integer"),
        (
            ("--secret_ids", f"[1, {SHORT}]"),
            "--secret_ids: the given value (hidden) is not a JSON array",
        ),
    ],
)
def test_a_secret_named_parameter_is_never_quoted(
    job: str, argv: tuple[str, ...], message: str
) -> None:
    outcome = run_entry_captured(Environment(), ["--module_name", job, *argv])
    assert outcome.exit_code == 2, outcome.stderr
    assert message in outcome.stderr
    assert SHORT not in outcome.stdout + outcome.stderr


def test_ordinary_parameters_still_quote_the_value() -> None:
    def execute(times: int, pwd: int) -> None: ...

    with pytest.raises(ParameterError) as info:
        bind({"times": "abc", "pwd": "12a"}, signature_of(execute))
    assert "--times: 'abc' is not an integer" in str(info.value)
    assert "--pwd: the given value (hidden) is not an integer" in str(info.value)
