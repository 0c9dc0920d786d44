"""jobfactory entry point for AWS Glue: Glue's argv dialect, GlueContext, bookmarks, local Glue.

``get_resolved_options`` is a drop-in for ``awsglue.utils.getResolvedOptions`` that needs no
awsglue; it is loaded on first use so the entry point's start-up stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jobfactory_glue.__about__ import __version__

if TYPE_CHECKING:
    from jobfactory_glue.options import get_resolved_options as get_resolved_options

__all__ = ["__version__", "get_resolved_options"]


def __getattr__(name: str) -> Any:
    if name == "get_resolved_options":
        from jobfactory_glue.options import get_resolved_options

        return get_resolved_options
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
