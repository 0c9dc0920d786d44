"""Leaves stdout without a trailing newline, as progress output often does."""

import sys


def main(**params: str) -> dict[str, str]:
    sys.stdout.write("progress: 50%")
    sys.stdout.flush()
    return {"done": "yes"}
