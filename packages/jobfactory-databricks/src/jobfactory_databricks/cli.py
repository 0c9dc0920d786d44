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

    if args in (["--help"], ["-h"]):
        code = run(args)
        sys.stdout.write(PLATFORM_HELP)
        return code
    # From the command line (a python_wheel_task), the run owns the process: output after
    # the summary line (a job's thread, an atexit hook) goes to stderr, as with python -m.
    return run(None if argv is None else args)


PLATFORM_HELP = """
on Databricks (python_wheel_task named parameters; dynamic value references):
  --run_id={{job.run_id}}  --attempt={{task.execution_count}}  --job_id={{job.id}}
  --task_key={{task.name}}  --start_time={{job.start_time.iso_datetime}}
                     the run's identity (summary line, logs, events), never job parameters

deployment:
  jobfactory-databricks bundle --module_name M --name NAME [--compute classic] ...
                     write databricks.yml and the Jobs API JSON (bundle --help for more)
"""


if __name__ == "__main__":
    sys.exit(main())
