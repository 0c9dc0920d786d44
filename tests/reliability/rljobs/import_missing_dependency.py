"""A job module that needs a package which is not installed (a usage error: nothing ran)."""

from __future__ import annotations

from typing import Any

import rl_no_such_dependency  # type: ignore[import-not-found]  # noqa: F401


def main(**params: Any) -> Any:  # pragma: no cover - never reached
    return None
