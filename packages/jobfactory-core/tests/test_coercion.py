"""Coercion by annotation: every supported type, and a clear reason when a value is wrong."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Any, Literal, Optional, Union

import pytest

from jobfactory_core.coercion import CoercionError, coerce, type_name


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"


@pytest.mark.parametrize(
    ("raw", "annotation", "expected"),
    [
        ("x", str, "x"),
        ("42", int, 42),
        ("1_000", int, 1000),
        ("-3", int, -3),
        ("2.5", float, 2.5),
        ("TRUE", bool, True),
        ("Yes", bool, True),
        ("1", bool, True),
        ("no", bool, False),
        ("False", bool, False),
        ("0", bool, False),
        ("2024-02-29", dt.date, dt.date(2024, 2, 29)),
        ("2024-02-29T10:30:00", dt.datetime, dt.datetime(2024, 2, 29, 10, 30)),
        (
            "2024-02-29T10:30:00Z",
            dt.datetime,
            dt.datetime(2024, 2, 29, 10, 30, tzinfo=dt.timezone.utc),
        ),
        # One grammar on every Python (3.10's fromisoformat is narrower than 3.11's): forms
        # 3.10 refuses are rewritten for it, so these bind alike on 3.10 to 3.13.
        ("2024-02-29 10:30", dt.datetime, dt.datetime(2024, 2, 29, 10, 30)),
        ("2024-02-29T10", dt.datetime, dt.datetime(2024, 2, 29, 10)),
        ("2024-02-29T10:30:00.1", dt.datetime, dt.datetime(2024, 2, 29, 10, 30, 0, 100000)),
        (
            "2024-02-29T10:30:00.123456789+0530",
            dt.datetime,
            dt.datetime(
                2024, 2, 29, 10, 30, 0, 123456, tzinfo=dt.timezone(dt.timedelta(minutes=330))
            ),
        ),
        ("10:30", dt.time, dt.time(10, 30)),
        ("10:30:00.5Z", dt.time, dt.time(10, 30, 0, 500000, tzinfo=dt.timezone.utc)),
        ("/tmp/x", Path, Path("/tmp/x")),
        ("RED", Color, Color.RED),
        ("g", Color, Color.GREEN),
        ("green", Color, Color.GREEN),
        ("high", Literal["low", "high"], "high"),
        ("3", Literal[1, 3], 3),
        ("", Optional[int], None),
        ("null", int | None, None),
        ("7", int | None, 7),
        ("a,b, c", list[str], ["a", "b", "c"]),
        ('["a,b", "c"]', list[str], ["a,b", "c"]),
        ("1,2,3", list[int], [1, 2, 3]),
        ("", list[int], []),
        ("1,2", tuple[int, ...], (1, 2)),
        ("1,x", tuple[int, str], (1, "x")),
        ("a,a,b", set[str], {"a", "b"}),
        ('{"a": "1", "b": 2}', dict[str, int], {"a": 1, "b": 2}),
        ("5", Union[int, str], 5),
        ("abc", Union[int, str], "abc"),
        ("anything", Any, "anything"),
    ],
)
def test_coerces(raw: str, annotation: Any, expected: Any) -> None:
    assert coerce(raw, annotation) == expected


@pytest.mark.parametrize(
    ("raw", "annotation", "reason"),
    [
        ("abc", int, "'abc' is not an integer"),
        ("1.5", int, "not an integer"),
        ("x", float, "not a number"),
        ("maybe", bool, "not a boolean"),
        ("2024-13-01", dt.date, "not an ISO date"),
        ("20240229", dt.date, "not an ISO date"),  # 3.11 alone would take it
        ("2024-02-29T1030", dt.datetime, "not an ISO datetime"),
        ("25:00", dt.time, "not an ISO time"),
        ("yesterday", dt.datetime, "not an ISO datetime"),
        ("BLUE", Color, "not one of RED, GREEN"),
        ("mid", Literal["low", "high"], "not one of 'low', 'high'"),
        ("1,x", list[int], "item 1: 'x' is not an integer"),
        ("[1,", list[int], "not a JSON array"),
        ('{"a": "z"}', dict[str, int], "key 'a'"),
        ("[1]", dict[str, int], "not a JSON object"),
        ("1,2,3", tuple[int, str], "expected 2 items"),
    ],
)
def test_rejects_with_reason(raw: str, annotation: Any, reason: str) -> None:
    with pytest.raises(CoercionError, match=reason.replace("(", r"\(").replace("[", r"\[")):
        coerce(raw, annotation)


def test_values_of_the_right_type_pass_through() -> None:
    day = dt.date(2024, 1, 1)
    assert coerce(day, dt.date) is day
    assert coerce(3, int) == 3
    assert coerce(True, bool) is True
    assert coerce([1, "2"], list[int]) == [1, 2]
    assert coerce({"a": 1}, dict[str, int]) == {"a": 1}


def test_bool_is_not_accepted_as_int_silently() -> None:
    with pytest.raises(CoercionError):
        coerce(True, int)


def test_type_names_for_help() -> None:
    assert type_name(int | None) == "int | None"
    assert type_name(list[int]) == "list[int]"
    assert type_name(Literal["a", "b"]) == "'a' | 'b'"
    assert type_name(Color) == "RED | GREEN"
