"""Registering secrets for masking: one pattern build per run (now) against one per secret.

A run registers every resolved secret (and each field of a JSON credentials document) before
the first log line. Building the masking pattern after each registration, as jobfactory did
before, made registration quadratic in the secrets' total length; the pattern is now built
once, on first use. ``eager`` reproduces the old cost by forcing a build after each secret.

Interleaved (eager, lazy, eager, ...), medians. Run: ``python bench/redaction.py``
(``--smoke`` for the smallest case only).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time

from jobfactory_core.redaction import Redactor

#: (secrets, characters each): API tokens; service-account keys; many PEM keys.
CASES = [(10, 64), (20, 2000), (50, 3200), (100, 3200)]


def _register(values: list[str], *, eager: bool) -> float:
    redactor = Redactor()
    started = time.perf_counter()
    for value in values:
        redactor.register(value)
        if eager:
            redactor.redact("x")  # builds the pattern now, as every registration used to
    redactor.redact("the first log line of the run")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="smallest case, one run")
    args = parser.parse_args()
    cases = CASES[:1] if args.smoke else CASES
    runs = 1 if args.smoke else args.runs
    print("| secrets x chars | one build per secret (before) | one build (now) | ratio |")
    print("|---|---|---|---|")
    for count, size in cases:
        values = [secrets.token_urlsafe(size)[:size] for _ in range(count)]
        eager, lazy = [], []
        for _ in range(runs):
            eager.append(_register(values, eager=True))
            lazy.append(_register(values, eager=False))
        before, now = statistics.median(eager), statistics.median(lazy)
        print(
            f"| {count} x {size} | {before * 1000:.1f} ms | {now * 1000:.1f} ms "
            f"| {before / now:.1f}x |"
        )


if __name__ == "__main__":
    main()
