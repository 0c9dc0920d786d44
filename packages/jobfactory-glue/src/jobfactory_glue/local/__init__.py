"""Local Glue: the real awsglue library over local pyspark, with Glue's JVM half faked.

``pip install 'jobfactory-glue[local]'`` (Python 3.11). :class:`LocalGlueContext` is awsglue's
``GlueContext`` over a local SparkSession; :mod:`jobfactory_glue.local.jvm` holds the fakes of
the Glue JVM classes the real Python library calls. Imported only when a run needs it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LocalGlueContext"]


def __getattr__(name: str) -> Any:
    if name == "LocalGlueContext":
        from jobfactory_glue.local.context import LocalGlueContext

        return LocalGlueContext
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
