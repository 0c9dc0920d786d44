"""Build notifiers from the ``notifiers`` list of a configuration's ``[jobfactory]`` settings.

Each entry is a table with a ``type``: ``log`` here; ``webhook`` and ``sns`` are added by the
notifications work. An unknown type is a configuration error (exit 2, nothing ran).
"""

from __future__ import annotations

from typing import Any

from jobfactory_core.errors import ConfigError
from jobfactory_core.notify import LogNotifier, Notifier, Notifiers


def build_notifier(spec: dict[str, Any]) -> Notifier:
    kind = str(spec.get("type", "")).lower()
    if kind == "log":
        return LogNotifier()
    raise ConfigError(f"notifier type {kind!r} is not known (known: log)")


def build_notifiers(specs: Any) -> Notifiers:
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise ConfigError("[jobfactory] notifiers must be a list of tables, each with a type")
    return Notifiers([build_notifier(spec) for spec in specs])
