"""The README's demo: run an example job through the container entry as a user would."""

from __future__ import annotations

import subprocess
import sys


def main(argv: list[str] | None = None) -> int:
    """Run ``jobs.hello`` through ``python -m jobfactory_container.generic_entry``."""
    command = [
        sys.executable, "-m", "jobfactory_container.generic_entry",
        "--module_name", "jobs.hello", "--name", "Ada", "--times=3", "--shout",
        *(argv if argv is not None else sys.argv[1:]),
    ]
    print("$ " + " ".join(command[1:]), flush=True)
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
