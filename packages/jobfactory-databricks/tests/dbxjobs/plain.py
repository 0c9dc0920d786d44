"""The original pattern: a plain main(**kwargs) that reports what it received."""

from __future__ import annotations

from typing import Any


def main(**kwargs: Any) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if k != "jobfactory_context"}
