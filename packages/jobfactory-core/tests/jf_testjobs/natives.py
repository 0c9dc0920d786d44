"""A job with parameters of every native type (for the pytest plugin's jobfactory_run)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jobfactory_core import Job, JobFactory


class Mode(enum.Enum):
    FULL = "full"
    INCREMENTAL = "incremental"


class NativesJob(Job):
    def execute(
        self,
        regions: list[str],
        mode: Mode,
        day: date,
        at: datetime | None = None,
        limits: dict[str, int] | None = None,
        ids: tuple[int, ...] = (),
        tags: frozenset[str] = frozenset(),
        dry_run: bool = True,
        out: Path | None = None,
        ratio: float = 0.5,
    ) -> dict[str, Any]:
        return {
            "regions": regions,
            "mode": mode.name,
            "day": day.isoformat(),
            "at": at.isoformat() if at else None,
            "limits": limits,
            "ids": list(ids),
            "tags": sorted(tags),
            "dry_run": dry_run,
            "out": str(out) if out else None,
            "ratio": ratio,
        }


class NativesFactory(JobFactory):
    job_class = NativesJob


def main(**params: Any) -> Any:
    return NativesFactory().run(**params)
