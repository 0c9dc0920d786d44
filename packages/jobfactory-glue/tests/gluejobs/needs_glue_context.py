"""A plain main that asks for the GlueContext (exit 3 where there is none)."""

from __future__ import annotations

from typing import Any


def main(jobfactory_context: Any = None, **kwargs: Any) -> str:
    return type(jobfactory_context.glue_context()).__name__
