"""Replaces sys.stdout, then leaves a thread that writes to the process's stdout late."""

from __future__ import annotations

import io
import sys
import threading
import time


def _late() -> None:
    time.sleep(0.3)
    print("late output through sys.__stdout__", file=sys.__stdout__, flush=True)


def main(**params: str) -> str:
    sys.stdout = io.StringIO()
    threading.Thread(target=_late).start()
    return "returned"
