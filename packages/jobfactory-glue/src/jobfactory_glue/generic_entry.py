"""``python -m jobfactory_glue.generic_entry --module_name pkg.job [--param value ...]``."""

from __future__ import annotations

import sys

from jobfactory_core.entry import run_entry
from jobfactory_glue.environment import GlueEnvironment


def main(argv: list[str] | None = None) -> int:
    """Run one job in this Glue driver (Glue's own arguments go to the run context)."""
    return run_entry(GlueEnvironment(), argv)


if __name__ == "__main__":
    sys.exit(main())
