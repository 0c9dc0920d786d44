"""Leaves a background thread and an atexit hook that write to stdout after the run."""

import atexit
import sys
import threading
import time


def _late() -> None:
    time.sleep(0.3)
    print("late output from a thread")
    sys.stdout.flush()


def main(**params: str) -> str:
    atexit.register(lambda: print("late output from atexit"))
    threading.Thread(target=_late).start()
    return "returned"
