"""Takes its time to import (a heavy dependency): signals arrive mid-import."""

import sys
import time

print("importing", file=sys.stderr, flush=True)
time.sleep(30)


def main(**params: str) -> str:
    return "imported"
