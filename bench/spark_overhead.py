"""Spark overhead: ``jobs.daily_revenue`` through the container entry against the same
transformation as a bare pyspark script (``bench/bare_daily_revenue.py``), same input.

Both run as fresh processes (each starts its own JVM), interleaved A, B, A, B, ... so machine
noise hits both alike; medians and the ratio entry/bare. Target: ratio <= 1.05.
Run: ``python bench/spark_overhead.py --rows 1000000 --runs 5``
(or ``nox -s bench -- spark_overhead``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from jobfactory_core.result import parse_summary

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
PY = sys.executable


def env() -> dict[str, str]:
    return {
        **os.environ,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "DO_NOT_TRACK": "1",
        "PYSPARK_PYTHON": PY,
        "PYSPARK_DRIVER_PYTHON": PY,
    }


def orders(rows: int) -> Path:
    """The generated input for ``rows`` orders (seed 7), made once and cached."""
    path = CACHE / f"orders_{rows}.csv"
    if not path.exists():
        print(f"generating {rows} orders into {path} ...", file=sys.stderr, flush=True)
        tmp = path.with_suffix(".tmp.csv")
        subprocess.run(
            [PY, "-m", "jobs.daily_revenue.generate", "--rows", str(rows), "--output", str(tmp)],
            check=True,
        )
        tmp.rename(path)
    return path


def timed(argv: list[str], output: Path) -> tuple[float, dict[str, object]]:
    """Wall time of one fresh process, and its JSON summary line."""
    shutil.rmtree(output, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env(), check=True
    )
    elapsed = time.perf_counter() - start
    # The entry prints its summary line; the bare script one JSON line of its own metrics.
    summary = parse_summary(done.stdout, anywhere=True) or last_json(done.stdout)
    if summary is None:
        raise SystemExit(f"no summary line from {' '.join(argv)}")
    return elapsed, summary


def last_json(stdout: str) -> dict[str, object] | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            loaded = json.loads(line)
            return loaded if isinstance(loaded, dict) else None
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="2,000 rows, one run (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.rows, args.runs = 2_000, 1
    source = orders(args.rows)
    out = CACHE / "overhead_out"
    variants = {
        "bare pyspark script": [PY, str(ROOT / "bench" / "bare_daily_revenue.py"), str(source)],
        "jobfactory container entry": [
            PY, "-m", "jobfactory_container.generic_entry", "--module_name", "jobs.daily_revenue",
            "--input_path", str(source), "--output_path",
        ],
    }  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in variants}
    for run in range(args.runs):
        for name, argv in variants.items():
            elapsed, summary = timed([*argv, str(out)], out)
            times[name].append(elapsed)
            metrics = summary.get("metrics", summary)
            print(f"run {run + 1} {name}: {elapsed:.2f} s {metrics}", file=sys.stderr, flush=True)
    bare = statistics.median(times["bare pyspark script"])
    entry = statistics.median(times["jobfactory container entry"])
    print(
        f"input: {args.rows} rows ({source.stat().st_size / 1e6:.0f} MB CSV), {args.runs} runs each"
    )
    print("| variant | median s | min s | max s |")
    print("|---|---|---|---|")
    for name, values in times.items():
        print(
            f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |"
        )
    print(f"ratio entry/bare (medians): {entry / bare:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
