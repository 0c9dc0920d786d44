"""Dispatch overhead: the container entry running ``jobs.noop`` against the floor and sparkrouter,
and the Databricks entry (local emulation) and the Glue entry against the container entry.

The Glue entry gets a realistic Glue argv (run id, bookmark option, TempDir, metrics flags);
a separate run checks that dispatching on Glue imports neither boto3 nor awsglue nor pyspark,
and the script measures the Glue entry's in-process cost and import time.

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
from typing import Any

PY = sys.executable
#: What Glue passes a job script besides the user's arguments (both spellings).
GLUE_ARGV = [
    "--JOB_ID", "j_5f2a0c", "--JOB_RUN_ID=jr_7c1d9e", "--JOB_NAME", "noop",
    "--job-bookmark-option=job-bookmark-disable", "--TempDir", "s3://assets/temporary/",
    "--enable-metrics", "true", "--enable-continuous-cloudwatch-log=true",
]  # fmt: skip
#: Runs the Glue entry in-process and prints the platform libraries it imported.
GLUE_IMPORTS = (
    "import sys; from jobfactory_glue.generic_entry import main; "
    f"code = main({[*GLUE_ARGV, '--module_name', 'jobs.noop']!r}); "
    "print([m for m in ('boto3', 'botocore', 'awsglue', 'pyspark', 'py4j') if m in sys.modules], "
    "file=sys.stderr); sys.exit(code)"
)
VARIANTS: dict[str, list[str]] = {
    "floor: python -c 'import jobs.noop as m; m.main()'":
        [PY, "-c", "import jobs.noop as m; m.main()"],
    "jobfactory: python -m jobfactory_container.generic_entry --module_name jobs.noop":
        [PY, "-m", "jobfactory_container.generic_entry", "--module_name", "jobs.noop"],
    "databricks: python -m jobfactory_databricks.generic_entry --module_name jobs.noop":
        [PY, "-m", "jobfactory_databricks.generic_entry", "--module_name", "jobs.noop"],
    "glue: python -m jobfactory_glue.generic_entry GLUE_ARGV --module_name jobs.noop":
        [PY, "-m", "jobfactory_glue.generic_entry", *GLUE_ARGV, "--module_name", "jobs.noop"],
    "sparkrouter 0.2.1: python -m sparkrouter.entry_points.container --module_name jobs.noop":
        [PY, "-m", "sparkrouter.entry_points.container", "--module_name", "jobs.noop"],
}  # fmt: skip

#: Rows left out (with the line saying why) where their package is not installed.
OPTIONAL: dict[str, tuple[str, str]] = {
    "databricks": (
        "jobfactory_databricks", "jobfactory-databricks not installed: its entry is left out"
    ),
    "glue": ("jobfactory_glue", "jobfactory-glue not installed: its entry is left out"),
    "sparkrouter": (
        "sparkrouter", "sparkrouter not installed: pip install sparkrouter==0.2.1 to compare"
    ),
}  # fmt: skip


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
    for row, (package, missing) in OPTIONAL.items():
        if find_spec(package) is None:
            print(missing, file=sys.stderr)
            variants = {k: v for k, v in variants.items() if not k.startswith(row)}
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
    for platform, checks in {"databricks": databricks_checks, "glue": glue_checks}.items():
        if platform not in medians:
            continue
        extra = (medians[platform] - medians["jobfactory"]) * 1000
        extra_cpu = (cpu_medians[platform] - cpu_medians["jobfactory"]) * 1000
        print(
            f"{platform} entry over the container entry: {extra:+.1f} ms wall, "
            f"{extra_cpu:+.1f} ms CPU (medians)"
        )
        checks(env, args.smoke)
    return 0


def databricks_checks(env: dict[str, str], smoke: bool) -> None:
    """What only the Databricks row reports: whether a non-Spark run imports the SDK."""
    print(f"databricks-sdk imported by a non-Spark Databricks run: {sdk_imported(env)}")


def glue_checks(env: dict[str, str], smoke: bool) -> None:
    """What only the Glue row reports: platform imports, in-process cost, import time."""
    done = subprocess.run(
        [PY, "-c", GLUE_IMPORTS], capture_output=True, text=True, env=env, check=True
    )
    print(f"platform libraries the Glue entry imported: {done.stderr.strip().splitlines()[-1]}")
    in_process = in_process_costs(10 if smoke else 400)
    print(
        f"in-process run (no interpreter start), median: container "
        f"{in_process['container'] * 1000:.3f} ms, glue {in_process['glue'] * 1000:.3f} ms"
    )
    print(
        "import time of the Glue entry's own modules (-X importtime, self): "
        f"{glue_import_ms(env):.2f} ms"
    )


def in_process_costs(runs: int) -> dict[str, float]:
    """Median seconds of one in-process run of each entry (argv to summary; imports done)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from jobfactory_container.environment import ContainerEnvironment
    from jobfactory_core.entry import run_entry
    from jobfactory_glue.environment import GlueEnvironment

    entries: dict[str, tuple[Any, list[str]]] = {
        "container": (ContainerEnvironment, ["--module_name", "jobs.noop"]),
        "glue": (GlueEnvironment, [*GLUE_ARGV, "--module_name", "jobs.noop"]),
    }
    samples: dict[str, list[float]] = {name: [] for name in entries}
    for _ in range(runs):
        for name, (environment, argv) in entries.items():
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                start = time.perf_counter()
                run_entry(environment(), argv)
                samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def glue_import_ms(env: dict[str, str]) -> float:
    """Self import time of the ``jobfactory_glue`` modules a Glue dispatch loads."""
    done = subprocess.run(
        [PY, "-X", "importtime", "-c", GLUE_IMPORTS],
        check=False, capture_output=True, text=True, env=env,
    )  # fmt: skip
    total = 0
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and parts[-1].strip().startswith("jobfactory_glue"):
            total += int(parts[0].split(":")[1])
    return total / 1000


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
