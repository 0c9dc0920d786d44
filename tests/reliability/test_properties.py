"""Property-based: whatever argv and values arrive, parsing and binding either succeed or raise
the documented UsageError / ParameterError (never anything else, never a hang), and a round
trip parameters → argv → parameters is the identity for valid input.

Hypothesis runs under the ``ci`` profile (derandomised, a fixed number of examples) so the
suite takes seconds and fails the same way on every run; ``HYPOTHESIS_PROFILE=dev`` explores
more. A hang is caught by pytest-timeout; the deadline only flags an example that is
pathologically slow (far above any normal parse), not a performance target.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import os
import string
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobfactory_core.argv import BASE_DIALECT, ENTRY_OPTIONS, ArgvDialect
from jobfactory_core.binding import bind, signature_of
from jobfactory_core.errors import ParameterError, UsageError

from .conftest import EntryUnderTest, run_in_process

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=150,
    deadline=5000,  # ms: a hang guard, not a timing assertion
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile("dev", max_examples=2000, deadline=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.timeout(120)


class Mode(enum.Enum):
    FULL = "full"
    INCREMENTAL = "incremental"


def every_type(
    name: str = "x",
    count: int = 1,
    ratio: float = 0.5,
    flag: bool = False,
    day: dt.date | None = None,
    at: dt.datetime | None = None,
    path: Path | None = None,
    mode: Mode = Mode.FULL,
    level: Literal["low", "high"] = "low",
    regions: list[str] | None = None,
    counts: list[int] | None = None,
    pair: tuple[int, str] | None = None,
    tags: set[str] | None = None,
    options: dict[str, int] | None = None,
    anything: Any = None,
) -> None:
    """A job signature with one parameter of each supported type."""


SIGNATURE = signature_of(every_type)
NAMES = [spec.name for spec in SIGNATURE.params]

# Tokens that exercise the dialect: option-looking prefixes, separators, unicode, controls.
fragments = st.sampled_from(
    ["--", "-", "---", "=", "-h", "--help", "--x", "--count", "--dry-run", "--dry_run",
     "--module_name", "--spark_conf", "a", "1", " ", "", "\n", "\x00", "é", "ß", "İ", "_",
     "{{job.run_id}}", "${VAR}", "secret://env/X", "[1,2]", '{"a": 1}', "true", "none"]
)  # fmt: skip
tokens = st.one_of(
    st.text(max_size=12),
    st.lists(fragments, min_size=1, max_size=4).map("".join),
)
argvs = st.lists(tokens, max_size=10)


@given(argv=argvs)
def test_parsing_any_argv_succeeds_or_raises_usage_error(argv: list[str]) -> None:
    try:
        parsed = BASE_DIALECT.parse(argv)
    except UsageError as error:
        assert str(error).strip() and "\n" not in str(error).strip()
        return
    for name in parsed.params:
        assert name.isidentifier() and name not in ENTRY_OPTIONS
        assert any(t.startswith("--") and t[2:].split("=")[0].replace("-", "_") == name
                   for t in argv)  # fmt: skip
    for name in parsed.options:
        assert name in ENTRY_OPTIONS


# Values as they arrive from argv (text) or from a config file (JSON-like data).
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
raw_values = st.dictionaries(
    st.sampled_from([*NAMES, "unknown", "cuont"]),
    st.one_of(st.text(max_size=20), tokens, json_like),
    max_size=6,
)


@given(raw=raw_values, strict=st.booleans())
def test_binding_any_values_succeeds_or_raises_parameter_error(
    raw: dict[str, Any], strict: bool
) -> None:
    try:
        bound = bind(raw, SIGNATURE, strict=strict)
    except ParameterError as error:
        assert error.problems
        return
    kwargs = bound.kwargs
    assert set(kwargs) <= set(NAMES)
    if "count" in kwargs:
        assert isinstance(kwargs["count"], int) and not isinstance(kwargs["count"], bool)
    if "flag" in kwargs:
        assert isinstance(kwargs["flag"], bool)
    if kwargs.get("mode") is not None:
        assert isinstance(kwargs["mode"], Mode)
    if kwargs.get("level") is not None:
        assert kwargs["level"] in ("low", "high")


def test_deeply_nested_json_is_a_parameter_error_not_a_crash() -> None:
    """A JSON list nested deeper than the parser's recursion limit."""
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ParameterError):
        bind({"counts": deep}, SIGNATURE)


def test_unhashable_items_for_a_set_are_a_parameter_error() -> None:
    def job(tags: set) -> None:  # type: ignore[type-arg]
        """A bare ``set`` annotation: items stay as they are."""

    with pytest.raises(ParameterError):
        bind({"tags": "[[1], {}]"}, signature_of(job))


# -- round trip: parameters -> argv -> parameters ----------------------------------------------
names = st.from_regex(r"[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,4})?", fullmatch=True).filter(
    lambda n: n not in ENTRY_OPTIONS
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(params=st.dictionaries(names, texts, max_size=8), equals=st.booleans())
def test_round_trip_of_string_parameters_is_the_identity(
    params: dict[str, str], equals: bool
) -> None:
    argv: list[str] = []
    for name, value in params.items():
        if equals or value.startswith("--") or value == "":
            argv.append(f"--{name}={value}")
        else:
            argv += [f"--{name}", value]
    assert BASE_DIALECT.parse(argv).params == params


@given(params=st.dictionaries(names, texts, max_size=6))
def test_hyphenated_spellings_fold_to_the_same_parameters(params: dict[str, str]) -> None:
    argv = [f"--{name.replace('_', '-')}={value}" for name, value in params.items()]
    assert ArgvDialect().parse(argv).params == params


def _to_argv(value: Any) -> str:
    """How a scheduler would spell a typed value on a command line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple | set):
        return json.dumps(sorted(value) if isinstance(value, set) else list(value))
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


typed_values = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
        .filter(lambda s: s.strip().lower() not in ("", "none", "null")),
        "count": st.integers(-(10**12), 10**12),
        "ratio": st.floats(allow_nan=False, allow_infinity=False),
        "flag": st.booleans(),
        "day": st.dates(),
        "at": st.datetimes(timezones=st.just(dt.timezone.utc) | st.none()),
        "path": st.text(string.ascii_letters + "/._-", min_size=1, max_size=20).map(Path)
        .filter(lambda p: str(p) not in (".", "none") and str(p).lower() != "null"),
        "mode": st.sampled_from(Mode),
        "level": st.sampled_from(["low", "high"]),
        "regions": st.lists(st.text(string.ascii_letters, min_size=1, max_size=5), max_size=4),
        "counts": st.lists(st.integers(-1000, 1000), max_size=4),
        "pair": st.tuples(st.integers(0, 9), st.text(string.ascii_letters, min_size=1, max_size=4)),
        "tags": st.sets(st.text(string.ascii_lowercase, min_size=1, max_size=4), max_size=3),
        "options": st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=4),
                                   st.integers(0, 99), max_size=3),
    },
)  # fmt: skip


@given(values=typed_values)
def test_round_trip_of_typed_parameters_through_argv_is_the_identity(
    values: dict[str, Any],
) -> None:
    argv = [f"--{name}={_to_argv(value)}" for name, value in values.items()]
    bound = bind(BASE_DIALECT.parse(argv).params, SIGNATURE, strict=True).kwargs
    for name, value in values.items():
        if isinstance(value, float):
            assert math.isclose(bound[name], value) or bound[name] == value
        else:
            assert bound[name] == value, (name, argv)


# -- the whole entry, in-process -----------------------------------------------------------------
entry_tokens = st.lists(
    st.one_of(
        st.sampled_from(["--name", "--times", "--times=2", "--name=Ada", "--x", "--dry-run",
                         "-h", "--", "---a", "--spark_conf", "--explain"]),
        st.text(max_size=8),
    ),
    max_size=6,
)  # fmt: skip


@given(argv=entry_tokens)
@settings(max_examples=60)
def test_the_entry_answers_any_argv_with_a_documented_exit_code(
    entry: EntryUnderTest, argv: list[str]
) -> None:
    """Anything after a valid job name: exit 0 (ran or helped) or 2 (one clear line)."""
    ran = run_in_process(entry, ["--module_name", "reliability.rljobs.typed", *argv])
    assert ran.exit_code in (0, 2), ran.stderr
    if ran.exit_code == 2:
        errors = [line for line in ran.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, ran.stderr
        assert "Traceback" not in ran.stderr
        assert ran.summary["exit_code"] == 2
    if "--help" not in argv and "-h" not in argv and "--explain" not in argv:
        assert ran.summary["exit_code"] == ran.exit_code


def test_three_dashes_are_a_usage_error_not_a_parameter() -> None:
    with pytest.raises(UsageError):
        BASE_DIALECT.parse(["---a", "1"])


# -- configuration files ----------------------------------------------------------------------
toml_fragments = st.sampled_from(
    ["[params]\n", "[jobfactory]\n", "[env.prod.params]\n", "[env.prod]\n", "[env]\n",
     'a = "x"\n', "a-b = 1\n", "a = [1, 2]\n", "a = { b = 1 }\n", "notifiers = 1\n",
     'notifiers = [{ type = "log" }]\n', "spark_conf = { x = 1 }\n", "params = 3\n", "=\n",
     '"" = 1\n', "a = 1979-05-27\n", "a = nan\n", "[[params]]\n", "\x00", "\ufeff", "é = 1\n"]
)  # fmt: skip
json_documents = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["params", "jobfactory", "env", "prod", "a", "notifiers"]),
            children,
            max_size=3,
        )
    ),
    max_leaves=10,
)


@given(
    document=st.one_of(
        st.lists(toml_fragments, max_size=8).map("".join).map(lambda t: ("toml", t)),
        json_documents.map(lambda d: ("json", json.dumps(d))),
        st.text(max_size=40).map(lambda t: ("toml", t)),
        st.text(max_size=40).map(lambda t: ("json", t)),
    ),
    env=st.sampled_from([None, "prod", "dev"]),
)
def test_loading_any_configuration_succeeds_or_raises_config_error(
    document: tuple[str, str], env: str | None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from jobfactory_core.config import load_config
    from jobfactory_core.errors import ConfigError

    suffix, text = document
    path = tmp_path_factory.mktemp("config") / f"job.{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        loaded = load_config(str(path), env)
    except ConfigError as error:
        assert str(error).startswith(f"--config {path}") or str(path) in str(error), str(error)
        return
    assert isinstance(loaded.params, dict) and isinstance(loaded.settings, dict)
    assert set(loaded.sources) == set(loaded.params)
