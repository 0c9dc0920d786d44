"""Fresh virtual environments for the packaging tests: create, install, inspect, run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import Distribution, distributions
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("JOBFACTORY_DIST", REPO / "dist"))
OURS = re.compile(r"^jobfactory-")
#: Installer tooling a venv may carry; not what a package pulled.
TOOLING = {"pip", "setuptools", "wheel"}


def uv(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UV_NO_PROGRESS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "uv", *args], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, f"uv {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


class Venv:
    """One fresh virtual environment under ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        uv("venv", "--python", sys.executable, str(path))

    @property
    def python(self) -> str:
        return str(self.path / "bin" / "python")

    def install(self, *args: str) -> None:
        uv("pip", "install", "--python", self.python, *args)

    def site_packages(self) -> Path:
        return next(self.path.glob("lib/python*/site-packages"))

    def distributions(self) -> dict[str, Distribution]:
        found = {
            canonicalize_name(d.metadata["Name"]): d
            for d in distributions(path=[str(self.site_packages())])
        }
        return {name: d for name, d in found.items() if name not in TOOLING}

    def run(self, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
        full = {k: v for k, v in os.environ.items() if not k.startswith("JOBFACTORY_")}
        full.update(env)
        return subprocess.run(
            [*argv], capture_output=True, text=True, env=full, timeout=300, check=False
        )


def entry_package(entry_name: str) -> str:
    """``jobfactory-NAME``, skipping the test while that package is not in the repository."""
    import pytest

    package = f"jobfactory-{entry_name}"
    if not (REPO / "packages" / package).is_dir():
        pytest.skip(f"{package} is not in this repository yet")
    return package


def assert_entry_runs_noop(venv: Venv, entry_name: str) -> None:
    """The installed entry runs ``jobs.noop`` with the platform's own argv, and succeeds."""
    from contract.entries import ENTRIES

    spec = next(e for e in ENTRIES if e.name == entry_name)
    ran = venv.run(
        venv.python, "-m", spec.module, *spec.argv("jobs.noop", a="1"),
        PYTHONPATH=str(REPO / "jobs" / "src"), JOBFACTORY_HAS_SPARK="false", **dict(spec.env),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert '"status": "succeeded"' in ran.stdout.splitlines()[-1]
    where = venv.run(venv.python, "-c", f"import {spec.module} as m; print(m.__file__)")
    assert str(venv.path) in where.stdout, "the entry did not come from the installed wheel"


def closure(installed: dict[str, Distribution], root: Requirement) -> tuple[set[str], set[str]]:
    """Distributions ``root`` reaches through its metadata, and the third-party ones that a
    jobfactory package asks for itself (its declared dependencies)."""
    reached: set[str] = set()
    direct: set[str] = set()
    todo = [(root, True)]
    while todo:
        requirement, from_ours = todo.pop()
        name = canonicalize_name(requirement.name)
        if from_ours and not OURS.match(name):
            direct.add(name)
        key = name + str(sorted(requirement.extras))
        if key in reached or name not in installed:
            continue
        reached.add(key)
        for text in installed[name].requires or []:
            child = Requirement(text)
            wanted = requirement.extras or {""}
            if child.marker is None or any(
                child.marker.evaluate({**default_environment(), "extra": e}) for e in wanted
            ):
                todo.append((child, bool(OURS.match(name))))
    return {k.split("[")[0] for k in reached}, direct
