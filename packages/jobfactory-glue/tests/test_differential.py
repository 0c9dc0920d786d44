"""get_resolved_options against AWS's own getResolvedOptions (awsgluedataplanepython 5.1.0).

A seeded corpus of Glue-like argv vectors: Glue's own arguments in random subsets and orders,
both spellings, user values with spaces, commas, JSON, empty strings and negative numbers,
repeated keys, missing keys and bookmark-range mistakes. Where AWS's function returns, ours
returns the same dict; where it raises, ours raises UsageError (naming a missing key).
Option names are never abbreviated (Glue 6 refuses abbreviations; argparse would guess).
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from jobfactory_core.errors import UsageError
from jobfactory_glue import get_resolved_options

pytestmark = [pytest.mark.glue, pytest.mark.spark]

BOOKMARK = ["job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]
CONTINUATION = ["continuation-enabled", "continuation-readonly", "continuation-ignore"]
GLUE_POOL: list[tuple[str, list[str]]] = [
    ("JOB_ID", ["j_5f2a0c"]),
    ("JOB_RUN_ID", ["jr_7c1d9e", "jr_7c1d9e_attempt_1"]),
    ("job-bookmark-option", BOOKMARK),
    ("continuation-option", CONTINUATION),
    ("TempDir", ["s3://assets/temporary/"]),
    ("RedshiftTempDir", ["s3://assets/redshift/"]),
    ("SECURITY_CONFIGURATION", ["sec-config"]),
    ("encryption-type", ["sse-s3"]),
    ("enable-data-lineage", ["true", "false"]),
    ("enable-metrics", ["true", ""]),
    ("enable-continuous-cloudwatch-log", ["true"]),
    ("enable-spark-ui", ["false"]),
    ("spark-event-logs-path", ["s3://assets/sparkHistoryLogs/"]),
    ("job-language", ["python"]),
    ("conf", ["spark.sql.shuffle.partitions=8 --conf spark.ui.enabled=false"]),
    ("additional-python-modules", ["s3://w/jobfactory_core.whl,s3://w/jobfactory_glue.whl"]),
    ("job-bookmark-from", ["jr_111"]),
    ("job-bookmark-to", ["jr_222"]),
]
USER_KEYS = ["JOB_NAME", "input_path", "day", "note", "payload", "empty", "offset", "ratio"]
USER_VALUES = [
    "daily-revenue",
    "s3://bucket/in/year=2024/",
    "2024-03-05",
    "with a space",
    "a,b,c",
    '{"k": [1, 2], "s": "x y"}',
    "",
    "-5",
    "-0.25",
    "ünïcode ✓",
]


def _arg(rng: random.Random, key: str, value: str) -> list[str]:
    return [f"--{key}={value}"] if rng.random() < 0.5 else [f"--{key}", value]


def corpus(size: int = 160, seed: int = 20261127) -> list[tuple[list[str], list[str]]]:
    rng = random.Random(seed)
    out: list[tuple[list[str], list[str]]] = []
    for _ in range(size):
        pieces: list[list[str]] = []
        for key, values in GLUE_POOL:
            if rng.random() < (0.15 if key.startswith("job-bookmark-f") else 0.45) or (
                key.startswith("job-bookmark-t") and rng.random() < 0.1
            ):
                pieces.append(_arg(rng, key, rng.choice(values)))
        keys = rng.sample(USER_KEYS, rng.randint(0, 4))
        if rng.random() < 0.3:
            keys.append("TempDir")  # never required by AWS's function
        given = [k for k in keys if k != "TempDir" and rng.random() > 0.08]  # some go missing
        for key in given:
            pieces.append(_arg(rng, key, rng.choice(USER_VALUES)))
            if rng.random() < 0.1:  # repeated: the last one wins
                pieces.append(_arg(rng, key, rng.choice(USER_VALUES)))
        if rng.random() < 0.4:
            pieces.append(_arg(rng, "unrelated_param", rng.choice(USER_VALUES)))
        rng.shuffle(pieces)
        out.append(([token for piece in pieces for token in piece], keys))
    return out


def _outcome(function: Any, argv: list[str], keys: list[str]) -> tuple[str, Any]:
    try:
        return "ok", function(["/tmp/script.py", *argv], list(keys))
    except (Exception, SystemExit) as error:
        return "raised", error


def test_agrees_with_awsglue_on_every_vector() -> None:
    from awsglue.utils import getResolvedOptions

    succeeded = raised = 0
    for argv, keys in corpus():
        theirs = _outcome(getResolvedOptions, argv, keys)
        ours = _outcome(get_resolved_options, argv, keys)
        where = f"argv={argv!r} keys={keys!r}: AWS {theirs}, ours {ours}"
        if theirs[0] == "ok":
            succeeded += 1
            assert ours == theirs, where
        else:
            raised += 1
            assert ours[0] == "raised" and isinstance(ours[1], UsageError), where
            message = str(theirs[1])
            if "required" in message:  # argparse: "the following arguments are required: --x"
                missing = message.split(": ", 1)[1].split(", ")
                assert all(name in str(ours[1]) for name in missing), where
    assert succeeded >= 40, f"only {succeeded} vectors where AWS's function succeeds"
    assert raised >= 5, f"only {raised} vectors where AWS's function raises"


@pytest.mark.parametrize(
    "argv",
    [
        ["--JOB_NAME"],  # no value
        ["--JOB_NAME", "--day", "1"],  # the next token is an option, not a value
        ["--job-bookmark-option", "job-bookmark-sometimes", "--JOB_NAME", "n"],
        ["--continuation-option", "continuation-maybe", "--JOB_NAME", "n"],
        ["--job-bookmark-option", "job-bookmark-pause", "--job-bookmark-from", "1", "--JOB_NAME=n"],
        ["--job-bookmark-from", "1", "--job-bookmark-to", "2", "--JOB_NAME=n"],
        ["--encryption-type", "kms", "--JOB_NAME", "n"],
        ["--help", "--JOB_NAME", "n"],
    ],
)
def test_raises_where_awsglue_raises(argv: list[str]) -> None:
    from awsglue.utils import getResolvedOptions

    assert _outcome(getResolvedOptions, argv, ["JOB_NAME"])[0] == "raised"
    with pytest.raises(UsageError):
        get_resolved_options(["/tmp/script.py", *argv], ["JOB_NAME"])


@pytest.mark.parametrize("keys", [["job-bookmark-option"], ["continuation-option"], ["JOB_ID"]])
def test_refuses_glue_names_as_keys_like_awsglue(keys: list[str]) -> None:
    from awsglue.utils import getResolvedOptions

    assert _outcome(getResolvedOptions, ["--JOB_ID", "1"], keys)[0] == "raised"
    with pytest.raises(UsageError):
        get_resolved_options(["/tmp/script.py", "--JOB_ID", "1"], keys)
