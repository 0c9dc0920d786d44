"""The pytest plugin's ``jobfactory_run``: native Python values bind as from a config file."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from jf_testjobs.natives import Mode


def test_native_values_bind(jobfactory_run: Any) -> None:
    outcome = jobfactory_run(
        "jf_testjobs.natives",
        regions=["eu", "us, west"],
        mode=Mode.INCREMENTAL,
        day=date(2026, 3, 1),
        at=datetime(2026, 3, 1, 12, 30, tzinfo=timezone.utc),
        limits={"eu": 3},
        ids=(1, 2),
        tags={"b", "a"},
        dry_run=False,
        out=Path("/tmp/out"),
        ratio=0.25,
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"] == {
        "regions": ["eu", "us, west"],
        "mode": "INCREMENTAL",
        "day": "2026-03-01",
        "at": "2026-03-01T12:30:00+00:00",
        "limits": {"eu": 3},
        "ids": [1, 2],
        "tags": ["a", "b"],
        "dry_run": False,
        "out": "/tmp/out",
        "ratio": 0.25,
    }


def test_none_leaves_the_default(jobfactory_run: Any) -> None:
    outcome = jobfactory_run(
        "jf_testjobs.natives", regions=["eu"], mode=Mode.FULL, day=date(2026, 1, 1), at=None
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"]["at"] is None
