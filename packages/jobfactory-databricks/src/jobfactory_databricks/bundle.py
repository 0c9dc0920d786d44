"""``jobfactory-databricks bundle``: a bundle (``databricks.yml``) and the Jobs API JSON for a job.

The job's one task is a ``python_wheel_task`` running this package's ``jobfactory-databricks``
entry point with ``--module_name`` and the run-identity references as named parameters, the
module allowlist (``JOBFACTORY_ALLOWED_MODULES``) set, on serverless compute by default or on
a classic job cluster (``--compute classic``). The wheels (core, this package, the job's own
package) are task dependencies: build them into ``--wheels`` (default ``./dist``) first.
"""

from __future__ import annotations

import argparse
import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from jobfactory_core.deploy_cli import key_values, run_command, write_outputs
from jobfactory_core.errors import UsageError
from jobfactory_databricks.identity import REFERENCES
from jobfactory_databricks.yaml_writer import dump

ENTRY_PACKAGE = "jobfactory_databricks"
ENTRY_POINT = "jobfactory-databricks"
ENVIRONMENT_KEY = "default"
CLUSTER_KEY = "jobfactory"
VARIABLES_KEY = "jobfactory"
DEFAULT_SPARK_VERSION = "17.3.x-scala2.13"  # Databricks Runtime 17.3 LTS (Spark 4.0)


class BundleError(UsageError, ValueError):
    """A bad ``bundle`` option: one line, exit 2 (a ValueError as before, for callers)."""


def _wheel_name(distribution: str) -> str:
    """``{dist}-{version}-py3-none-any.whl`` of an installed distribution (PEP 427 naming)."""
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        raise BundleError(
            f"{distribution} is not installed here: install it (pip install -e ...) so its "
            "version is known, or name the job's distribution with --job_package"
        ) from None
    return f"{re.sub(r'[-_.]+', '_', distribution)}-{version}-py3-none-any.whl"


def _editable_distribution(top: str) -> str | None:
    """The editable install (``pip install -e``) whose source tree holds package ``top``."""
    from importlib.util import find_spec
    from urllib.parse import unquote, urlsplit

    spec = find_spec(top)
    if spec is None or not spec.origin:
        return None
    origin = Path(spec.origin).resolve()
    for dist in metadata.distributions():
        raw = dist.read_text("direct_url.json")
        if not raw:
            continue
        info = json.loads(raw)
        if not info.get("dir_info", {}).get("editable"):
            continue
        root = Path(unquote(urlsplit(info.get("url", "")).path)).resolve()
        if origin.is_relative_to(root):
            return str(dist.metadata["Name"])
    return None


def job_distribution(module_name: str) -> str:
    """The installed distribution that provides ``module_name``'s top-level package."""
    top = module_name.split(".", 1)[0]
    found = metadata.packages_distributions().get(top) or []
    name = found[0] if found else _editable_distribution(top)
    if name is None:
        raise BundleError(
            f"no installed distribution provides {top!r}: install the job's package, or pass "
            "--job_package DIST"
        )
    return name


def job_settings(
    module_name: str,
    name: str,
    *,
    job_package: str | None = None,
    params: dict[str, str] | None = None,
    job_parameters: dict[str, str] | None = None,
    wheels: str = "./dist",
    compute: str = "serverless",
    environment_version: str = "2",
    spark_version: str = DEFAULT_SPARK_VERSION,
    node_type_id: str = "i3.xlarge",
    num_workers: int = 1,
) -> dict[str, Any]:
    """The Jobs API ``JobSettings`` (as JSON-ready dict) for running ``module_name``."""
    from jobfactory_core.resolution import validate_module_name

    validate_module_name(module_name)
    params = dict(params or {})
    reserved = {"module_name", *REFERENCES} & set(params)
    if reserved:
        raise BundleError(f"--param {sorted(reserved)[0]} is set by the bundle itself")
    base = wheels.rstrip("/")
    distributions = ["jobfactory-core", "jobfactory-databricks"]
    distributions.append(job_package or job_distribution(module_name))
    dependencies = [f"{base}/{_wheel_name(d)}" for d in dict.fromkeys(distributions)]
    named = {"module_name": module_name, **REFERENCES, **params}
    task_key = re.sub(r"[^\w-]", "_", name)[:100] or "job"
    task: dict[str, Any] = {
        "task_key": task_key,
        "python_wheel_task": {
            "package_name": ENTRY_PACKAGE,
            "entry_point": ENTRY_POINT,
            "named_parameters": named,
        },
    }
    allowed = {"JOBFACTORY_ALLOWED_MODULES": module_name}
    settings: dict[str, Any] = {"name": name}
    if compute == "serverless":
        task["environment_key"] = ENVIRONMENT_KEY
        task["environment_variables_key"] = VARIABLES_KEY
        settings["environments"] = [
            {
                "environment_key": ENVIRONMENT_KEY,
                "spec": {"environment_version": environment_version, "dependencies": dependencies},
            }
        ]
        settings["environment_variables"] = [
            {"environment_variables_key": VARIABLES_KEY, "spec": {"variables": allowed}}
        ]
    elif compute == "classic":
        task["job_cluster_key"] = CLUSTER_KEY
        task["libraries"] = [{"whl": path} for path in dependencies]
        settings["job_clusters"] = [
            {
                "job_cluster_key": CLUSTER_KEY,
                "new_cluster": {
                    "spark_version": spark_version,
                    "node_type_id": node_type_id,
                    "num_workers": num_workers,
                    "spark_env_vars": allowed,
                },
            }
        ]
    else:
        raise BundleError(f"--compute {compute!r}: use serverless or classic")
    if job_parameters:
        settings["parameters"] = [{"name": k, "default": v} for k, v in job_parameters.items()]
    settings["tasks"] = [task]
    return settings


def bundle_document(settings: dict[str, Any], bundle_name: str) -> dict[str, Any]:
    """``databricks.yml``: one job resource (the same settings) and a development target."""
    job_key = re.sub(r"\W", "_", bundle_name) or "job"
    return {
        "bundle": {"name": bundle_name},
        "resources": {"jobs": {job_key: settings}},
        "targets": {"dev": {"mode": "development", "default": True}},
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobfactory-databricks bundle",
        description="Write databricks.yml and the Jobs API JSON for one job module.",
    )
    parser.add_argument("--module_name", required=True, help="the job module (dotted name)")
    parser.add_argument("--name", required=True, help="the Databricks job (and bundle) name")
    parser.add_argument("--job_package", help="distribution with the job (default: detected)")
    parser.add_argument("--param", action="append", default=[], metavar="K=V",
                        help="a named parameter of the task (repeatable)")  # fmt: skip
    parser.add_argument("--job_parameter", action="append", default=[], metavar="K=DEFAULT",
                        help="a job-level parameter, pushed down (repeatable)")  # fmt: skip
    parser.add_argument("--wheels", default="./dist", help="where the wheels are (default ./dist)")
    parser.add_argument("--compute", choices=["serverless", "classic"], default="serverless")
    parser.add_argument("--environment_version", default="2", help="serverless environment")
    parser.add_argument("--spark_version", default=DEFAULT_SPARK_VERSION, help="classic only")
    parser.add_argument("--node_type_id", default="i3.xlarge", help="classic only")
    parser.add_argument("--num_workers", type=int, default=1, help="classic only")
    parser.add_argument("--out", default=".", help="directory to write into (default .)")
    parser.add_argument("--force", action="store_true", help="replace existing files")
    return parser


def main(argv: list[str]) -> int:
    """``jobfactory-databricks bundle ...``: 0 written, 2 bad options (nothing written)."""
    args = _parser().parse_args(argv)

    def write() -> str:
        settings = job_settings(
            args.module_name,
            args.name,
            job_package=args.job_package,
            params=key_values(args.param, "--param"),
            job_parameters=key_values(args.job_parameter, "--job_parameter"),
            wheels=args.wheels,
            compute=args.compute,
            environment_version=args.environment_version,
            spark_version=args.spark_version,
            node_type_id=args.node_type_id,
            num_workers=args.num_workers,
        )
        out = Path(args.out)
        job_file = out / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', args.name)}.job.json"
        header = (
            f"Generated by jobfactory-databricks bundle for {args.module_name}.\n"
            "Build the wheels first (see docs/databricks.md), then: databricks bundle deploy"
        )
        bundle_file = out / "databricks.yml"
        write_outputs(
            {
                bundle_file: dump(bundle_document(settings, args.name), header),
                job_file: json.dumps(settings, indent=2) + "\n",
            },
            force=args.force,
        )
        return f"wrote {bundle_file} and {job_file}\n"

    return run_command(write)
