"""Dispatch overhead: the container entry running ``jobs.noop`` against the floor and sparkrouter,
and the Databricks entry (local emulation) against the container entry.

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
    "databricks: python -m jobfactory_databricks.generic_entry --module_name jobs.noop": [
        PY,
        "-m",
        "jobfactory_databricks.generic_entry",
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


def once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the child's own rusage) of one run.

    CPU time barely moves when other processes compete for the cores; wall time does."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, argv)
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="two runs, no warm-up (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.warmup = 2, 0
    variants = dict(VARIANTS)
    if find_spec("jobfactory_databricks") is None:
        print("jobfactory-databricks not installed: its entry is left out", file=sys.stderr)
        variants = {k: v for k, v in variants.items() if not k.startswith("databricks")}
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
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(args.runs):
        for name, argv in variants.items():
            wall, used = once(argv, env)
            times[name].append(wall)
            cpu[name].append(used)
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
    cpu_floor = statistics.median(cpu[floor_name])
    print("\nCPU time (user + system) per run\n")
    print("| variant | median CPU ms | over floor ms |")
    print("|---|---:|---:|")
    for name, samples in cpu.items():
        med = statistics.median(samples)
        print(f"| {name} | {med * 1000:.1f} | {(med - cpu_floor) * 1000:+.1f} |")
    medians = {name.split(":")[0]: statistics.median(samples) for name, samples in times.items()}
    cpu_medians = {name.split(":")[0]: statistics.median(samples) for name, samples in cpu.items()}
    if "sparkrouter 0.2.1" in medians:
        ratio = medians["jobfactory"] / medians["sparkrouter 0.2.1"]
        print(f"\njobfactory / sparkrouter median ratio: {ratio:.3f}")
    if "databricks" in medians:
        extra = (medians["databricks"] - medians["jobfactory"]) * 1000
        extra_cpu = (cpu_medians["databricks"] - cpu_medians["jobfactory"]) * 1000
        print(
            f"databricks entry over the container entry: {extra:+.1f} ms wall, "
            f"{extra_cpu:+.1f} ms CPU (medians)"
        )
        print(f"databricks-sdk imported by a non-Spark Databricks run: {sdk_imported(env)}")
    return 0


def sdk_imported(env: dict[str, str]) -> bool:
    """Whether running ``jobs.noop`` through the Databricks entry imports databricks.sdk."""
    probe = (
        "import sys; from jobfactory_databricks.generic_entry import main; "
        "code = main(['--module_name', 'jobs.noop']); "
        "sys.stderr.write(f'SDK={\"databricks.sdk\" in sys.modules}\\n'); sys.exit(code)"
    )
    done = subprocess.run([PY, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return "SDK=True" in done.stderr


if __name__ == "__main__":
    sys.exit(main())
