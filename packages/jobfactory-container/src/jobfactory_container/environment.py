"""The container environment: a plain process, alone or under ``spark-submit``.

Spark, when present, is local mode bound to 127.0.0.1, the master ``spark-submit`` chose,
``--spark_master``/``SPARK_MASTER``, or Spark Connect via ``--spark_remote``/``SPARK_REMOTE``.
"""

from __future__ import annotations

from jobfactory_core.environment import Environment


class ContainerEnvironment(Environment):
    """Base dialect, generated run ids (or ``JOBFACTORY_RUN_ID``), Spark if pyspark imports."""

    name = "container"
    package = "jobfactory-container"
    requires_contract = 1
    entry_module = "jobfactory_container.generic_entry"
