"""The ``jobfactory-databricks`` console script: a job run, or ``bundle`` for deployment.

A ``python_wheel_task`` calls it with the task's parameters (``--module_name ...``);
``jobfactory-databricks bundle ...`` writes a bundle instead (:mod:`jobfactory_databricks.bundle`).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["bundle"]:
        from jobfactory_databricks.bundle import main as bundle_main

        return bundle_main(args[1:])
    from jobfactory_databricks.generic_entry import main as run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
