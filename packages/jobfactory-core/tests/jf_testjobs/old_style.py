"""The original pattern: main(**kwargs) that builds no factory and reads raw kwargs."""

from __future__ import annotations

from typing import Any

from jf_testjobs.recorder import record


def main(**kwargs: Any) -> dict[str, Any]:
    record("old_main", kwargs)
    if kwargs.get("explode") == "yes":
        raise KeyError("missing column")
    return {"service_provider": kwargs["service_provider"], "has_spark": kwargs["has_spark"]}
