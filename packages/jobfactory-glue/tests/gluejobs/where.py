"""Reports what a plain main(**kwargs) receives on Glue, and Glue's arguments from the context."""

from __future__ import annotations

from typing import Any


def main(jobfactory_context: Any = None, **kwargs: Any) -> dict[str, Any]:
    glue = jobfactory_context.glue_args
    return {
        "params": {k: v for k, v in kwargs.items() if k not in ("service_provider", "has_spark")},
        "service_provider": kwargs["service_provider"],
        "has_spark": kwargs["has_spark"],
        "reserved": dict(jobfactory_context.reserved),
        "glue": {
            "job_name": glue.job_name,
            "job_id": glue.job_id,
            "run_id": glue.run_id,
            "attempt": glue.attempt,
            "bookmark_option": glue.bookmark_option,
            "bookmark_from": glue.bookmark_from,
            "bookmark_to": glue.bookmark_to,
            "temp_dir": glue.temp_dir,
        },
        "run_id": jobfactory_context.run_id,
        "glue_platform": jobfactory_context.glue_platform,
    }
