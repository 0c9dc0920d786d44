"""Binding raw values to execute(): all problems at once, unknowns warned or refused."""

from __future__ import annotations

import pytest
from jf_testjobs.kwargs_job import KwJob
from jf_testjobs.typed import TypedJob

from jobfactory_core.binding import bind, signature_of
from jobfactory_core.errors import ParameterError

TYPED = signature_of(TypedJob.execute)


def test_binds_and_coerces() -> None:
    bound = bind({"name": "a", "count": "3", "flag": "yes"}, TYPED)
    assert bound.kwargs == {"name": "a", "count": 3, "flag": True}
    assert bound.warnings == []


def test_all_problems_reported_in_one_error() -> None:
    with pytest.raises(ParameterError) as caught:
        bind({"count": "many", "ratio": "x", "day": "tomorrow"}, TYPED)
    problems = caught.value.problems
    assert len(problems) == 4
    message = str(caught.value)
    assert message.startswith("4 parameter problems:")
    for fragment in ("--name is required", "--count: 'many'", "--ratio", "--day"):
        assert fragment in message
    assert "\n" not in message


def test_unknown_parameter_warns_with_suggestion() -> None:
    bound = bind({"name": "a", "cout": "2"}, TYPED)
    assert bound.unknown == ["cout"]
    assert bound.warnings == [
        "--cout is not a parameter of this job (did you mean --count?); ignored"
    ]
    assert "cout" not in bound.kwargs


def test_unknown_parameter_is_an_error_in_strict_mode() -> None:
    with pytest.raises(ParameterError, match=r"--cout is not a parameter.*did you mean --count"):
        bind({"name": "a", "cout": "2"}, TYPED, strict=True)


def test_ignored_names_never_count_as_unknown() -> None:
    bound = bind(
        {"name": "a", "service_provider": "glue", "JOB_NAME": "x"},
        TYPED,
        strict=True,
        ignore={"service_provider", "JOB_NAME"},
    )
    assert bound.kwargs == {"name": "a"}


def test_kwargs_receive_unknown_parameters_even_in_strict_mode() -> None:
    bound = bind({"known": "2", "zone": "eu"}, signature_of(KwJob.execute), strict=True)
    assert bound.kwargs == {"known": 2, "zone": "eu"}
    assert bound.unknown == []


def test_signature_reports_types_and_defaults() -> None:
    by_name = {p.name: p for p in TYPED.params}
    assert by_name["name"].required
    assert by_name["count"].default == 1
    assert by_name["day"].type_name == "date | None"
    assert not TYPED.accepts_kwargs


def test_signature_of_keyword_only_wrapped_and_positional_only() -> None:
    import functools

    def deco(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return wrapper

    class Job:
        @deco
        def execute(self, a: int, /, b: str, *, c: float = 1.5, d: bool) -> None: ...

    signature = signature_of(Job.execute)
    assert [(p.name, p.required) for p in signature.params] == [
        ("b", True),
        ("c", False),
        ("d", True),
    ]
    assert bind({"b": "x", "d": "yes"}, signature).kwargs == {"b": "x", "d": True}


def test_unannotated_parameters_take_their_defaults_type() -> None:
    def execute(self, n=3, name=None, raw="x"):  # type: ignore[no-untyped-def]
        return None

    assert bind({"n": "7", "name": "a"}, signature_of(execute)).kwargs == {"n": 7, "name": "a"}
