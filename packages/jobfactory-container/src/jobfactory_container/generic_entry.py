"""``python -m jobfactory_container.generic_entry --module_name pkg.job [--param value ...]``."""

from __future__ import annotations

import sys

from jobfactory_container.environment import ContainerEnvironment
from jobfactory_core.entry import run_entry


def main(argv: list[str] | None = None) -> int:
    """Run one job in this process; also the ``jobfactory-container`` console script."""
    return run_entry(ContainerEnvironment(), argv)


if __name__ == "__main__":
    sys.exit(main())
