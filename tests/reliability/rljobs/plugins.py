"""Plug-ins that fail on purpose, registered through a test-only distribution's entry points.

``rl-faulty`` notifier (``jobfactory.notifiers``): raises on the event kind named by ``on``.
``rl-broken`` secret provider (``jobfactory.secret_providers``): raises RuntimeError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobfactory_core.notify import Event, Notifier


class FaultyNotifier:
    def __init__(self, on: str) -> None:
        self.on = on

    def notify(self, event: Event) -> None:
        if event.kind.value == self.on:
            raise RuntimeError(f"notifier injected on {self.on}")


def build_faulty_notifier(spec: Mapping[str, Any]) -> Notifier:
    return FaultyNotifier(str(spec.get("on", "started")))


class BrokenProvider:
    def get(self, path: str) -> str:
        raise RuntimeError("secret provider injected failure")


ENTRY_POINTS = """\
[jobfactory.notifiers]
rl-faulty = reliability.rljobs.plugins:build_faulty_notifier

[jobfactory.secret_providers]
rl-broken = reliability.rljobs.plugins:BrokenProvider
"""
