"""Dispatch overhead: the container entry running ``jobs.noop`` against the floor and sparkrouter.

Interleaved runs (A, B, C, A, B, C, ...) so machine noise hits every variant alike; medians
and ratios. Run: ``SPARK_LOCAL_IP=127.0.0.1 nox -s bench -- dispatch`` (or with the venv's
python: ``python bench/dispatch.py --runs 30``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from importlib.util import find_spec

PY = sys.executable
VARIANTS: dict[str, list[str]] = {
    "floor: python -c 'import jobs.noop as m; m.main()'": [
        PY,
        "-c",
        "import jobs.noop as m; m.main()",
    ],
    "jobfactory: python -m jobfactory_container.generic_entry --module_name jobs.noop": [
        PY,
        "-m",
        "jobfactory_container.generic_entry",
        "--module_name",
        "jobs.noop",
    ],
    "sparkrouter 0.2.1: python -m sparkrouter.entry_points.container --module_name jobs.noop": [
        PY,
        "-m",
        "sparkrouter.entry_points.container",
        "--module_name",
        "jobs.noop",
    ],
}


def once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="two runs, no warm-up (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.warmup = 2, 0
    variants = dict(VARIANTS)
    if find_spec("sparkrouter") is None:
        print(
            "sparkrouter not installed: pip install sparkrouter==0.2.1 to compare", file=sys.stderr
        )
        variants = {k: v for k, v in variants.items() if "sparkrouter" not in k}
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    # Any non-empty value disables .pyc caching, which would charge every run a recompile.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for argv in variants.values():
        for _ in range(args.warmup):
            once(argv, env)
    times: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(args.runs):
        for name, argv in variants.items():
            times[name].append(once(argv, env))
    floor_name = next(iter(variants))
    floor = statistics.median(times[floor_name])
    print(
        f"python {sys.version.split()[0]}, {args.runs} interleaved runs each, wall time per run\n"
    )
    print("| variant | median ms | p90 ms | over floor ms | ratio to floor |")
    print("|---|---:|---:|---:|---:|")
    for name, samples in times.items():
        med = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(
            f"| {name} | {med * 1000:.1f} | {p90 * 1000:.1f} | {(med - floor) * 1000:+.1f} "
            f"| {med / floor:.3f} |"
        )
    names = list(times)
    if len(names) == 3:
        ratio = statistics.median(times[names[1]]) / statistics.median(times[names[2]])
        print(f"\njobfactory / sparkrouter median ratio: {ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
