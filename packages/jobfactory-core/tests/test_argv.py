"""The base argv dialect: what orchestrators send must parse, ambiguity must fail loudly."""

from __future__ import annotations

import pytest

from jobfactory_core.argv import BASE_DIALECT, ArgvDialect
from jobfactory_core.errors import UsageError


def test_space_equals_and_bare_flag_forms() -> None:
    parsed = BASE_DIALECT.parse(["--module_name", "a.b", "--name=Ada", "--shout", "--times", "3"])
    assert parsed.options == {"module_name": "a.b"}
    assert parsed.params == {"name": "Ada", "shout": "true", "times": "3"}


def test_bare_flag_at_end_and_before_another_flag() -> None:
    parsed = BASE_DIALECT.parse(["--a", "--b"])
    assert parsed.params == {"a": "true", "b": "true"}


def test_hyphens_become_underscores() -> None:
    assert BASE_DIALECT.parse(["--dry-run", "yes"]).params == {"dry_run": "yes"}


def test_negative_numbers_as_values() -> None:
    assert BASE_DIALECT.parse(["--k=-5", "--j", "-7"]).params == {"k": "-5", "j": "-7"}


def test_value_with_equals_sign_and_spaces_kept_verbatim() -> None:
    parsed = BASE_DIALECT.parse(["--filter=a=b and c", "--empty="])
    assert parsed.params == {"filter": "a=b and c", "empty": ""}


def test_two_spellings_of_one_key_is_an_error() -> None:
    with pytest.raises(UsageError, match="two spellings"):
        BASE_DIALECT.parse(["--dry-run", "1", "--dry_run", "0"])


def test_repeated_key_is_an_error() -> None:
    with pytest.raises(UsageError, match="--name given twice"):
        BASE_DIALECT.parse(["--name", "a", "--name", "b"])


def test_stray_positional_is_an_error_naming_it() -> None:
    with pytest.raises(UsageError, match="'stray'"):
        BASE_DIALECT.parse(["--name", "a", "stray"])
    with pytest.raises(UsageError, match="'lonely'"):
        BASE_DIALECT.parse(["lonely"])


def test_bad_option_names_are_refused() -> None:
    with pytest.raises(UsageError, match="invalid option name"):
        BASE_DIALECT.parse(["--9lives", "x"])
    with pytest.raises(UsageError):
        BASE_DIALECT.parse(["--", "x"])


def test_spark_conf_may_repeat_and_keeps_order() -> None:
    parsed = BASE_DIALECT.parse(["--spark_conf", "a=1", "--spark-conf", "b=2"])
    assert parsed.multi == {"spark_conf": ["a=1", "b=2"]}
    assert parsed.params == {}


def test_reserved_platform_arguments_go_to_reserved_verbatim() -> None:
    dialect = ArgvDialect(reserved=frozenset({"JOB_NAME", "job-bookmark-option"}))
    parsed = dialect.parse(
        ["--JOB_NAME", "nightly", "--job-bookmark-option", "job-bookmark-enable", "--day", "x"]
    )
    assert parsed.reserved == {"JOB_NAME": "nightly", "job-bookmark-option": "job-bookmark-enable"}
    assert parsed.params == {"day": "x"}


def test_a_reserved_argument_in_another_spelling_is_the_platforms_own() -> None:
    dialect = ArgvDialect(reserved=frozenset({"run_id", "job-bookmark-option"}))
    parsed = dialect.parse(["--run-id=7", "--job-bookmark-option=x"])
    assert parsed.reserved == {"run_id": "7", "job-bookmark-option": "x"}


@pytest.mark.parametrize(
    "argv",
    [["--run_id=1", "--run-id=2"], ["--run-id=1", "--run_id=2"], ["--run-id=1", "--run-id=2"]],
)
def test_a_reserved_argument_given_twice_in_any_spelling_is_a_usage_error(
    argv: list[str],
) -> None:
    dialect = ArgvDialect(reserved=frozenset({"run_id"}))
    with pytest.raises(UsageError, match="pass it once"):
        dialect.parse(argv)


@pytest.mark.parametrize("argv", [["--password=", "hunter22"], ["--api-token=", "x", "hunter22"]])
def test_a_stray_token_after_a_secret_option_is_never_quoted(argv: list[str]) -> None:
    """``--password= $PW`` (a space too many) makes the secret a stray token."""
    with pytest.raises(UsageError, match="unexpected argument after --") as raised:
        BASE_DIALECT.parse(argv)
    assert "hunter22" not in str(raised.value)


def test_short_help_alias() -> None:
    assert BASE_DIALECT.parse(["-h"]).options == {"help": "true"}
