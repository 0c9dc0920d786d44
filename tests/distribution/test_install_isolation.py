"""Each environment package installs alone from dist/ and pulls exactly what it declares.

A fresh virtual environment per case; the installed distributions must be exactly the closure
of the package's metadata, and the third-party distributions jobfactory asks for directly must
be exactly the table below (so jobfactory-glue pulling databricks-sdk fails here).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from .venvs import DIST, REPO, Venv, assert_entry_runs_noop, closure, entry_package

pytestmark = pytest.mark.packaging

#: requirement -> third-party distributions the jobfactory packages declare for it (Python 3.11).
DIRECT: dict[str, set[str]] = {
    "jobfactory-core": set(),
    "jobfactory-core[aws]": {"boto3"},
    "jobfactory-container": set(),
    "jobfactory-container[spark]": {"pyspark"},
    "jobfactory-glue": set(),
    "jobfactory-glue[aws]": {"boto3"},
    "jobfactory-glue[local]": {"pyspark", "awsgluedataplanepython"},
    "jobfactory-databricks": {"databricks-sdk"},
}


def built_version(name: str) -> str:
    wheels = list(DIST.glob(f"{name.replace('-', '_')}-*.whl"))
    assert len(wheels) == 1, f"expected one {name} wheel in {DIST}: {wheels}"
    return wheels[0].name.split("-")[1]


@pytest.mark.parametrize("spec", sorted(DIRECT))
def test_installs_alone_with_exactly_its_declared_dependencies(spec: str, tmp_path: Path) -> None:
    requirement = Requirement(spec)
    if not (REPO / "packages" / requirement.name).is_dir():
        pytest.skip(f"{requirement.name} is not in this repository yet")
    venv = Venv(tmp_path / "venv")
    venv.install("--find-links", str(DIST), spec)
    installed = venv.distributions()
    reached, direct = closure(installed, requirement)
    assert set(installed) == reached, f"installed but not declared: {set(installed) - reached}"
    assert direct == DIRECT[spec]
    for name in installed:
        if re.match(r"^jobfactory-", name):
            assert installed[name].version == built_version(name), f"{name} not from dist/"
    if requirement.name == "jobfactory-core":
        assert {n for n in installed if n.startswith("jobfactory-")} == {"jobfactory-core"}


@pytest.mark.parametrize("entry_name", ["container", "glue", "databricks"])
def test_entry_runs_from_the_installed_wheel(entry_name: str, tmp_path: Path) -> None:
    package = entry_package(entry_name)
    venv = Venv(tmp_path / "venv")
    venv.install("--find-links", str(DIST), package)
    helped = venv.run(str(venv.path / "bin" / package), "--help")
    assert helped.returncode == 0, helped.stderr
    assert "--module_name" in helped.stdout
    assert_entry_runs_noop(venv, entry_name)
