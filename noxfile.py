"""The one task runner: lint, typecheck, per-package tests, Spark matrix, AWS, demo, bench.

``nox`` runs the default sessions (what CI runs). Every session sets SPARK_LOCAL_IP=127.0.0.1
so Spark never binds to an external interface, and switches telemetry off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PACKAGES = {
    "core": ROOT / "packages" / "jobfactory-core",
    "container": ROOT / "packages" / "jobfactory-container",
    "databricks": ROOT / "packages" / "jobfactory-databricks",
    "glue": ROOT / "packages" / "jobfactory-glue",
}
#: Test-only installs per package (the bundle tests parse YAML and bundle the example jobs).
PACKAGE_TEST_DEPS: dict[str, list[str]] = {"databricks": ["pyyaml", "-e", str(ROOT / "jobs")]}
EXAMPLES = ROOT / "jobs"
#: pyspark lines we support: AWS Glue 5 / Databricks 15-16 LTS, Databricks 17, newest 4.x.
PYSPARK_VERSIONS = ["3.5.8", "4.0.2", "4.3.0"]
PYSPARK_NEWEST = PYSPARK_VERSIONS[-1]
TEST_DEPS = [
    "pytest>=8",
    "pytest-timeout>=2.3",
    # hypothesis: the property-based suite in tests/reliability (argv parsing and binding).
    "hypothesis>=6.100",
]
#: Markers of tests that need more than the package itself; each runs in its own session.
HEAVY = ("spark", "aws", "cluster", "connect", "bench", "packaging")
LIGHT = " and ".join(f"not {marker}" for marker in HEAVY)
DIST = ROOT / "dist"

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "lint",
    "typecheck",
    *(f"tests-{p}" for p in PACKAGES),
    "integration",
    "build",
    "wheels",
    "aws",
    *(f"spark-{v}" for v in PYSPARK_VERSIONS),
    "databricks-spark",
    "glue-local",
    "glue-6",
]

ENV = {
    "SPARK_LOCAL_IP": "127.0.0.1",
    "DO_NOT_TRACK": "1",
    "PYSPARK_PYTHON": "python",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def _env(session: nox.Session) -> dict[str, str]:
    env = dict(ENV)
    env["PYSPARK_PYTHON"] = str(Path(session.bin) / "python")
    env["PYSPARK_DRIVER_PYTHON"] = env["PYSPARK_PYTHON"]
    return env


def _discard_in_ci(session: nox.Session) -> None:
    """On CI, delete a session's venv once it has passed: each pyspark venv is ~0.5-1 GB and
    CI runs five of them on a disk it may share (a full disk failed a run)."""
    if os.environ.get("CI") and isinstance(session.virtualenv.location, str):
        shutil.rmtree(session.virtualenv.location, ignore_errors=True)


def _editable(*paths: Path, extras: str = "") -> list[str]:
    out: list[str] = []
    for path in paths:
        out += ["-e", f"{path}{extras}" if path == paths[0] and extras else str(path)]
    return out


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole workspace."""
    session.install("ruff>=0.8")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict per package, for the oldest supported Python (3.10)."""
    # tomli: mypy checks the Python 3.10 branch of the TOML imports.
    session.install("mypy>=1.13", "tomli", *TEST_DEPS, "boto3-stubs[secretsmanager,ssm,s3,sns]")
    session.install(*_editable(*PACKAGES.values(), EXAMPLES))
    for name, path in PACKAGES.items():
        session.log(f"mypy: jobfactory-{name}")
        session.run("mypy", "--python-version", "3.10", str(path / "src"))
    session.run("mypy", "--python-version", "3.10", str(EXAMPLES / "src"))


def _package_tests(package: str) -> None:
    """Register ``tests-<package>``: its own tests with only it and its declared dependencies."""

    @nox.session(name=f"tests-{package}")
    def session_func(session: nox.Session) -> None:
        path = PACKAGES[package]
        session.install(*TEST_DEPS)
        session.install("-e", str(PACKAGES["core"]))
        if package != "core":
            session.install("-e", str(path))
        if PACKAGE_TEST_DEPS.get(package):
            session.install(*PACKAGE_TEST_DEPS[package])
        session.run(
            "pytest",
            str(path / "tests"),
            "-m",
            LIGHT,
            *session.posargs,
            env=_env(session),
        )
        # Core is tested with no adapter present: prove nothing else slipped in.
        if package == "core":
            session.run(
                "python",
                "-c",
                "import importlib.util as u, sys; bad=[m for m in ('jobfactory_container',"
                "'pyspark','boto3','databricks') if u.find_spec(m)]; "
                "sys.exit(f'unexpected: {bad}' if bad else 0)",
            )
            # YAML configs need the optional PyYAML: the test that skipped above runs here.
            session.install("pyyaml")
            test_file = str(path / "tests" / "test_config_loading.py")
            session.run("pytest", test_file, "-k", "yaml", "-rs", env=_env(session))

    session_func.__doc__ = f"jobfactory-{package}'s tests with only its declared dependencies."


for _package in PACKAGES:
    _package_tests(_package)


@nox.session
def integration(session: nox.Session) -> None:
    """Every example job through the container entry as a subprocess (no Spark installed)."""
    session.install(*TEST_DEPS)
    # jobfactory-databricks too: the shared contract suite (tests/contract) runs every entry.
    session.install(
        *_editable(PACKAGES["core"], PACKAGES["container"], PACKAGES["databricks"], EXAMPLES)
    )
    session.install("-e", str(PACKAGES["glue"]))  # the Glue entry joins the contract suite
    session.run(
        "pytest",
        str(ROOT / "tests"),
        "-m",
        LIGHT,
        *session.posargs,
        env=_env(session),
    )


@nox.session
def aws(session: nox.Session) -> None:
    """AWS extra of core against a moto server on 127.0.0.1 (boto3 over real HTTP)."""
    session.install(*TEST_DEPS, "moto[server]>=5")
    session.install(
        "-e", f"{PACKAGES['core']}[aws]", "-e", str(PACKAGES["container"]), "-e", str(EXAMPLES)
    )
    session.run(
        "pytest",
        str(PACKAGES["core"] / "tests"),
        str(ROOT / "tests"),
        "-m",
        "aws",
        *session.posargs,
        env={**_env(session), "AWS_EC2_METADATA_DISABLED": "true"},
    )


def _spark_tests(pyspark: str) -> None:
    """Register ``spark-<version>``: Spark-dependent tests on one pyspark line."""

    @nox.session(name=f"spark-{pyspark}", tags=["spark"])
    def session_func(session: nox.Session) -> None:
        # Spark Connect's client needs pandas; pyspark 4.x does not support pandas 3 yet.
        extra = ["pandas<3"] if pyspark.startswith("4") else []
        connect = "[connect]" if pyspark.startswith("4") else ""
        session.install(*TEST_DEPS, f"pyspark{connect}=={pyspark}", *extra)
        session.install(*_editable(PACKAGES["core"], PACKAGES["container"], EXAMPLES))
        # The cluster and Spark Connect tests run once, on the newest line.
        newest = "spark or cluster or connect or bench"
        marker = newest if pyspark == PYSPARK_NEWEST else "spark"
        session.run(
            "pytest",
            str(PACKAGES["core"] / "tests"),
            str(PACKAGES["container"] / "tests"),
            str(ROOT / "tests"),
            "-m",
            marker,
            *session.posargs,
            env=_env(session),
        )
        _discard_in_ci(session)

    session_func.__doc__ = f"Spark-dependent tests against pyspark {pyspark}."


for _pyspark in PYSPARK_VERSIONS:
    _spark_tests(_pyspark)


@nox.session(name="databricks-spark", tags=["spark"])
def databricks_spark(session: nox.Session) -> None:
    """jobfactory-databricks with Spark on pyspark 4.0 (Databricks Runtime 17 LTS): the runtime's
    session reused, the wheel-task console script locally and on a Spark Connect server."""
    session.install(*TEST_DEPS, "pyspark[connect]==4.0.2", "pandas<3", "pyyaml")
    # The container entry too: the Databricks output is compared with the container's.
    session.install(
        *_editable(PACKAGES["core"], PACKAGES["container"], PACKAGES["databricks"], EXAMPLES)
    )
    session.run(
        "pytest",
        str(PACKAGES["databricks"] / "tests"),
        str(ROOT / "tests" / "test_databricks_entry.py"),
        "-m",
        "spark or connect",
        *session.posargs,
        env=_env(session),
    )
    _discard_in_ci(session)


#: Glue 5.1: Spark 3.5 and AWS's awsglue library (which supports Python 3.11 only).
GLUE_LOCAL_PYSPARK = "3.5.8"
#: Glue 6: Spark 4.1 on Python 3.13 (no awsglue release for it on PyPI yet).
GLUE6_PYSPARK, GLUE6_PYTHON = "4.1.1", "3.13"


@nox.session(name="glue-local", python="3.11")
def glue_local(session: nox.Session) -> None:
    """jobfactory-glue with pyspark 3.5 and the real awsglue library: local Glue, bookmarks,
    the differential getResolvedOptions test, daily_revenue through the Glue entry, moto."""
    session.install(*TEST_DEPS, f"pyspark=={GLUE_LOCAL_PYSPARK}")
    session.install(
        *_editable(PACKAGES["glue"], extras="[local,test]"),
        *_editable(PACKAGES["core"], PACKAGES["container"], EXAMPLES),
    )
    session.run(
        "pytest",
        str(PACKAGES["glue"] / "tests"),
        *session.posargs,
        env={**_env(session), "AWS_EC2_METADATA_DISABLED": "true"},
    )
    _discard_in_ci(session)


@nox.session(name="glue-6", venv_backend="none")
def glue_6(session: nox.Session) -> None:
    """Glue 6 lane: pyspark 4.1 on Python 3.13; skips cleanly where that Python is absent."""
    python = os.environ.get("GLUE6_PYTHON") or shutil.which(f"python{GLUE6_PYTHON}")
    probe = subprocess.run([python or "false", "-c", ""], check=False, capture_output=True)
    if not python or probe.returncode != 0:
        session.skip(f"Python {GLUE6_PYTHON} not found (set GLUE6_PYTHON): Glue 6 lane skipped")
    venv = ROOT / ".nox" / "glue-6-venv"
    session.run("uv", "venv", "-q", "--allow-existing", "-p", str(python), str(venv))
    bin_python = str(venv / "bin" / "python")
    session.run(
        "uv", "pip", "install", "-q", "-p", bin_python, *TEST_DEPS,
        f"pyspark=={GLUE6_PYSPARK}", "pandas<3",
        *_editable(PACKAGES["glue"], PACKAGES["core"], PACKAGES["container"], EXAMPLES),
    )  # fmt: skip
    env = {**ENV, "PYSPARK_PYTHON": bin_python, "PYSPARK_DRIVER_PYTHON": bin_python}
    session.run(
        bin_python, "-m", "pytest", str(PACKAGES["glue"] / "tests"), "-m", "not glue and not aws",
        *session.posargs, env=env,
    )  # fmt: skip


@nox.session
def demo(session: nox.Session) -> None:
    """README command 1: run the demo job through the container entry."""
    session.install(f"pyspark=={PYSPARK_NEWEST}")
    session.install(*_editable(PACKAGES["core"], PACKAGES["container"], EXAMPLES))
    session.run("python", "-m", "jobs.demo", *session.posargs, env=_env(session))


def _source_date_epoch() -> str:
    """The last commit's time: two builds of one commit give byte-identical wheels."""
    import subprocess

    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "315532800"  # 1980-01-01, the earliest a zip can say


@nox.session
def build(session: nox.Session) -> None:
    """A wheel and an sdist per published package into dist/, checked and reproducible."""
    # twine and check-wheel-contents: the checks an index and pip would make, before upload.
    session.install("build>=1.2", "hatchling>=1.26", "twine>=6", "check-wheel-contents>=0.6")
    env = {"SOURCE_DATE_EPOCH": _source_date_epoch()}
    shutil.rmtree(DIST, ignore_errors=True)
    for path in PACKAGES.values():
        session.run(
            "python", "-m", "build", "--no-isolation", "--outdir", str(DIST), str(path), env=env
        )
    files = sorted(str(p) for p in DIST.iterdir())
    session.run("twine", "check", "--strict", *files)
    session.run("check-wheel-contents", *(f for f in files if f.endswith(".whl")))
    session.run("python", str(ROOT / "scripts" / "release" / "check_dist.py"), str(DIST), env=env)


@nox.session
def wheels(session: nox.Session) -> None:
    """Each package alone from dist/ in a fresh venv (exact distributions), then from a real
    package index on 127.0.0.1 (pypiserver): publish, install, run its entry."""
    if not any(DIST.glob("*.whl")):
        session.error("no wheels in dist/: run nox -s build first")
    # pypiserver (+passlib for its password file) is the index; twine publishes to it.
    session.install(
        *TEST_DEPS, "packaging>=24", "pypiserver>=2.3", "passlib>=1.7", "twine>=6", "uv>=0.5"
    )
    # The test harness itself (tests/conftest.py) reads summaries with core; the venvs under
    # test are separate and get only what they install from dist/ or the index.
    session.install("-e", str(PACKAGES["core"]))
    session.run(
        "pytest", str(ROOT / "tests" / "distribution"), "-m", "packaging", *session.posargs,
        env={**_env(session), "JOBFACTORY_DIST": str(DIST)},
    )  # fmt: skip
    _discard_in_ci(session)


@nox.session
def publish(session: nox.Session) -> None:
    """Upload dist/ with twine: `nox -s publish -- --repository-url URL` (TWINE_* credentials)."""
    session.install("twine>=6")
    session.run("python", str(ROOT / "scripts" / "release" / "publish.py"), *session.posargs)


@nox.session(venv_backend="none")
def release(session: nox.Session) -> None:
    """Bump one package: `nox -s release -- PACKAGE X.Y.Z` (version and changelog heading)."""
    script = ROOT / "scripts" / "release" / "release.py"
    session.run(sys.executable, str(script), *session.posargs, external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (not tests): `nox -s bench -- dispatch|spark_overhead|scale`."""
    session.install(f"pyspark=={PYSPARK_NEWEST}", "sparkrouter==0.2.1")
    session.install(
        *_editable(PACKAGES["core"], PACKAGES["container"], PACKAGES["databricks"], EXAMPLES)
    )
    session.install("-e", str(PACKAGES["glue"]))  # dispatch compares the Glue entry too
    which = session.posargs or ["dispatch"]
    for name in which:
        session.run(
            "python", str(ROOT / "bench" / f"{name}.py"), env={**_env(session), **os.environ}
        )
