"""A job module whose import takes long (a heavy dependency): signals arrive during import."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from reliability.rljobs.record import record

record("import")
Path(os.environ["RL_MARKER"]).write_text("importing")
time.sleep(120)


def main(**params: Any) -> Any:  # pragma: no cover - never reached in the tests
    return None
