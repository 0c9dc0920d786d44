"""Leaves a thread and an atexit hook that print, log and write a secret after the run."""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import time

log = logging.getLogger("cjobs.late_secret")


def main(api_token: str) -> str:
    def late() -> None:
        time.sleep(0.3)
        print(f"late print {api_token}")
        log.warning("late log %s", api_token)
        sys.stderr.write(f"late stderr {api_token}\n")

    threading.Thread(target=late).start()
    atexit.register(lambda: print(f"atexit print {api_token}"))
    return "returned"
