"""The repository's promises to a new user: the README's commands are what CI runs."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).parent.parent


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = text.split("```bash", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines()]


def test_readme_starts_with_demo_then_tests() -> None:
    demo, tests = readme_commands()[:2]
    assert demo.endswith("-m nox -s demo")
    assert tests.endswith("-m nox")


def test_ci_runs_the_readme_test_command_with_loopback_spark() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci.splitlines()
    assert "export SPARK_LOCAL_IP=127.0.0.1" in ci


def test_every_published_package_is_typed_and_versioned() -> None:
    for package in (REPO / "packages").iterdir():
        module = package.name.replace("-", "_")
        src = package / "src" / module
        assert (src / "py.typed").exists(), package
        assert (src / "__about__.py").read_text().startswith("__version__ = ")
        assert (package / "README.md").exists()
