"""Rewraps stdout (or stderr) the two usual ways, then writes a secret and an unfinished line."""

from __future__ import annotations

import io
import sys


def main(api_token: str, how: str, stream: str = "stdout") -> str:
    original = getattr(sys, stream)
    raw = original.detach() if how == "detach" else original.buffer
    wrapped = io.TextIOWrapper(raw, encoding="utf-8")  # block-buffered: nothing written yet
    setattr(sys, stream, wrapped)
    wrapped.write(f"token {api_token}\n")
    wrapped.write("unfinished")
    return "returned"
