"""A base for the small records on every run's start-up path.

They are slotted classes rather than dataclasses: importing :mod:`dataclasses` pulls in
:mod:`inspect` and friends (~8 ms), a noticeable share of a job's start-up.
"""

from __future__ import annotations

from typing import Any


class Record:
    """Slotted record with a field-wise ``repr`` and ``==`` (fields are its ``__slots__``)."""

    __slots__ = ()

    def _fields(self) -> tuple[str, ...]:
        names: list[str] = []
        for cls in reversed(type(self).__mro__):
            names.extend(getattr(cls, "__slots__", ()))
        return tuple(names)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name, None)!r}" for name in self._fields())
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n, None) == getattr(other, n, None) for n in self._fields())

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._fields() if hasattr(self, name)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
