"""Run identity: who is running, which run, which attempt, since when."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any


def new_run_id() -> str:
    """A random run id for platforms that give none (16 hex digits, no imports needed)."""
    return os.urandom(8).hex()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class RunInfo:
    """Identity of one run; the platform's ids where it gives them, else generated ones."""

    job: str
    service_provider: str
    run_id: str = field(default_factory=new_run_id)
    attempt: int = 1
    started_at: dt.datetime = field(default_factory=utcnow)
    environment: str | None = None
    #: Arguments the platform passed for itself (Glue's JOB_NAME, a task key, ...), verbatim.
    platform_args: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "service_provider": self.service_provider,
            "run_id": self.run_id,
            "attempt": self.attempt,
            "started_at": self.started_at.isoformat(),
            "environment": self.environment,
        }
