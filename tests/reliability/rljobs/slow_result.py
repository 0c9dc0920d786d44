"""A plain main whose result's ``repr`` never returns (a lazy object converted for the summary)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any


class Endless:
    """Has no JSON form, so the summary shows its ``repr``, which works for ever."""

    def __repr__(self) -> str:
        Path(os.environ["RL_MARKER"]).write_text("converting")
        while True:
            time.sleep(0.01)


def main(**params: Any) -> Any:
    return {"value": Endless()}
