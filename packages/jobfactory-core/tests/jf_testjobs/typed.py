"""A job with one parameter of every supported type."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Any, Literal

from jf_testjobs.recorder import record
from jobfactory_core import Job, JobFactory


class Mode(enum.Enum):
    FULL = "full"
    INCREMENTAL = "incremental"


class TypedJob(Job):
    """Echo typed parameters back."""

    def execute(
        self,
        name: str,
        count: int = 1,
        ratio: float = 0.5,
        flag: bool = False,
        day: dt.date | None = None,
        at: dt.datetime | None = None,
        path: Path = Path("."),
        mode: Mode = Mode.FULL,
        level: Literal["low", "high"] = "low",
        tags: list[str] | None = None,
        ids: list[int] | None = None,
        extra: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        values = dict(locals())
        values.pop("self")
        record("execute", values)
        return {"name": name, "count": count}


class TypedFactory(JobFactory):
    job_class = TypedJob


def main(**params: Any) -> Any:
    return TypedFactory().run(**params)
