"""The notebook's user namespace (``spark``, ``dbutils``), when this process is a notebook."""

from __future__ import annotations

import sys
from typing import Any


def notebook_global(name: str) -> Any:
    """``name`` from the IPython user namespace, or None (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        shell = ipython.get_ipython()
    except Exception:
        return None
    namespace = getattr(shell, "user_ns", None) if shell is not None else None
    return namespace.get(name) if isinstance(namespace, dict) else None
