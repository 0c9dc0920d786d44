"""Every message the README and docs quote is what the product prints, and their examples run.

A quoted ``error: ...`` line must be listed in ``PRODUCERS`` with the command that prints it,
so a message changed in code (or in a page) fails here until both agree.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

import pytest
from conftest import REPO, entry

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
NO_PYSPARK = find_spec("pyspark") is None

SPARK_OFF = (
    "error: this job needs Spark but Spark was switched off (--has_spark false or "
    "JOBFACTORY_HAS_SPARK=false): drop that setting to run it"
)
PYSPARK_MISSING = (
    "error: this job needs Spark but pyspark is not installed on container: pip install "
    "'jobfactory-container[spark]', or run it on Databricks or Glue"
)
AWS_MISSING = (
    "error: --db_password: cannot resolve secret://aws-secretsmanager/prod/db: AWS Secrets "
    "Manager secret prod/db: ResourceNotFoundException"
)

DAILY = ("--module_name", "jobs.daily_revenue", "--input_path", "in.csv", "--output_path", "out")

#: quoted line -> (entry arguments, where it is produced: any, no-pyspark, pyspark, aws)
PRODUCERS: dict[str, tuple[tuple[str, ...], str]] = {
    "error: 1 parameter problem: --times: 'abc' is not an integer": (
        ("--module_name", "my_jobs.greet", "--name", "Ada", "--times", "abc"),
        "any",
    ),
    SPARK_OFF: ((*DAILY, "--has_spark", "false"), "pyspark"),
    PYSPARK_MISSING: (DAILY, "no-pyspark"),
    AWS_MISSING: (
        ("--module_name", "jobs.noop", "--db_password", "secret://aws-secretsmanager/prod/db"),
        "aws",
    ),
}


def quoted_errors() -> set[str]:
    found: set[str] = set()
    for page in PAGES:
        text = page.read_text()
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
            found.update(line for line in block.splitlines() if line.startswith("error: "))
        found.update(re.findall(r"`(error: [^`]+)`", text))
    return found


def readme_greet(tmp_path: Path) -> Path:
    """The README's first job, written out exactly as quoted."""
    text = (REPO / "README.md").read_text()
    source = re.search(r"```python\n(# my_jobs/greet\.py\n.*?)```", text, re.S)
    assert source is not None, "the README's my_jobs/greet.py example is gone"
    package = tmp_path / "my_jobs"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "greet.py").write_text(source.group(1))
    return tmp_path


def test_every_quoted_message_has_a_producer() -> None:
    assert quoted_errors() == set(PRODUCERS)


@pytest.mark.parametrize(
    "quoted",
    [
        pytest.param(q, marks=[pytest.mark.spark] if where == "pyspark" else [])
        for q, (_, where) in sorted(PRODUCERS.items())
        if where != "aws"
    ],
)
def test_quoted_message_is_what_the_product_prints(quoted: str, tmp_path: Path) -> None:
    args, where = PRODUCERS[quoted]
    if where == "no-pyspark" and not NO_PYSPARK:
        pytest.skip("needs an environment without pyspark (the integration session)")
    if where == "pyspark" and NO_PYSPARK:
        pytest.skip("needs pyspark (the Spark sessions)")
    ran = entry(*args, PYTHONPATH=str(readme_greet(tmp_path)))
    assert ran.stderr.strip().splitlines()[-1] == quoted


@pytest.mark.aws
def test_quoted_aws_message(moto_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from jobfactory_core.testing.aws import isolate_aws_env

    env = isolate_aws_env(monkeypatch, moto_endpoint, tmp_path)
    ran = entry(*PRODUCERS[AWS_MISSING][0], **env)
    assert ran.exit_code == 2
    assert ran.stderr.strip().splitlines()[-1] == AWS_MISSING


def test_readme_first_job_runs_as_quoted(tmp_path: Path) -> None:
    path = str(readme_greet(tmp_path))
    ran = entry("--module_name", "my_jobs.greet", "--name", "Ada", "--times", "2", PYTHONPATH=path)
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.splitlines()[:2] == ["Hello, Ada!"] * 2
    assert ran.summary["result"] == {"greeted": "Ada", "times": 2}
    helped = entry("--module_name", "my_jobs.greet", "--help", PYTHONPATH=path)
    assert helped.exit_code == 0
    assert "--times" in helped.stdout and "int" in helped.stdout
