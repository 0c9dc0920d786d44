"""The ``jobfactory-glue`` console script: the Glue entry, or ``job-definition`` (deploy)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """``jobfactory-glue job-definition ...`` prints a create_job request; else run a job."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["job-definition"]:
        from jobfactory_glue.deploy import main as deploy

        return deploy(args[1:])
    from jobfactory_glue.generic_entry import main as entry

    # From the command line the run owns the process (the summary line stays last on stdout).
    return entry(None if argv is None else args)


if __name__ == "__main__":
    sys.exit(main())
