"""Reports the injected environment context in the original main(**kwargs) style."""

from __future__ import annotations

from typing import Any


def main(**kwargs: Any) -> dict[str, Any]:
    return {"service_provider": kwargs["service_provider"], "has_spark": kwargs["has_spark"]}
