"""jobfactory core: write a data job once, run it in a container, on Databricks or on Glue.

The public contracts are re-exported here; environment-specific code lives in the
``jobfactory_container``, ``jobfactory_databricks`` and ``jobfactory_glue`` packages.
"""

from jobfactory_core.__about__ import __version__
from jobfactory_core.context import JobContext, current_context
from jobfactory_core.errors import (
    ConfigError,
    EnvironmentUnavailableError,
    ExitCode,
    JobFactoryError,
    JobFailedError,
    JobInterrupted,
    JobNotFoundError,
    ParameterError,
    UsageError,
)
from jobfactory_core.factory import JobFactory
from jobfactory_core.job import Job
from jobfactory_core.result import JobResult, Status
from jobfactory_core.run_info import RunInfo

__all__ = [
    "ConfigError",
    "EnvironmentUnavailableError",
    "ExitCode",
    "Job",
    "JobContext",
    "JobFactory",
    "JobFactoryError",
    "JobFailedError",
    "JobInterrupted",
    "JobNotFoundError",
    "JobResult",
    "ParameterError",
    "RunInfo",
    "Status",
    "UsageError",
    "__version__",
    "current_context",
]
