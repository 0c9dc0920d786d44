"""``python -m jobfactory_databricks.generic_entry --module_name pkg.job [--param value ...]``."""

from __future__ import annotations

import sys

from jobfactory_core.entry import run_entry
from jobfactory_databricks.environment import DatabricksEnvironment


def main(argv: list[str] | None = None) -> int:
    """Run one job in this process (a python_wheel_task, spark_python_task or a laptop)."""
    return run_entry(DatabricksEnvironment(), argv)


if __name__ == "__main__":
    sys.exit(main())
