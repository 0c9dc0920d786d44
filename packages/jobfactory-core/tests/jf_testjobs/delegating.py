"""A plain main() that calls a factory defined elsewhere (so the entry cannot see it)."""

from __future__ import annotations

from typing import Any

from jf_testjobs.hooks import HookFactory


def main(**kwargs: Any) -> None:
    HookFactory().run(**kwargs)
