"""``jobfactory-glue job-definition ...``: the request for Glue's ``create_job``, as JSON.

It prints what to send, or writes it to ``--out job.json`` (whole, or not at all), for
``aws glue create-job --cli-input-json file://job.json`` or boto3's ``create_job(**request)``;
it calls no AWS API itself. The job runs
``scripts/glue/generic_entry.py`` with the wheels installed through
``--additional-python-modules``, ``--module_name`` as a default argument (a run may override
it), and the module allow-list fixed in the non-overridable arguments
(``CUSTOMER_JOBFACTORY_ALLOWED_MODULES``, which the Glue entry reads as
``JOBFACTORY_ALLOWED_MODULES``), so a run can only start modules under the allowed package.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jobfactory_core.deploy_cli import key_values, run_command, write_outputs
from jobfactory_core.errors import UsageError
from jobfactory_core.resolution import is_dotted_name

DEFAULT_GLUE_VERSION = "5.1"
BOOKMARK_CHOICES = ("job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable")


def job_definition(
    *,
    name: str,
    module_name: str,
    script_location: str,
    wheels: list[str],
    role: str,
    glue_version: str = DEFAULT_GLUE_VERSION,
    worker_type: str = "G.1X",
    workers: int = 2,
    allowed_modules: str | None = None,
    bookmarks: str = "job-bookmark-disable",
    temp_dir: str | None = None,
    arguments: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The ``create_job`` request for one jobfactory job on Glue ETL."""
    if not is_dotted_name(module_name):
        raise UsageError(f"--module_name {module_name!r} is not a dotted Python module name")
    allowed = allowed_modules or module_name.split(".", maxsplit=1)[0]
    if "," in allowed or not is_dotted_name(allowed):
        raise UsageError(
            f"--allowed-modules {allowed!r}: give one dotted package (Glue splits its driver "
            "environment variables on commas)"
        )
    if module_name != allowed and not module_name.startswith(allowed + "."):
        raise UsageError(
            f"--allowed-modules {allowed!r} does not include --module_name {module_name!r}: "
            "every run would be refused; allow the job's package"
        )
    if bookmarks not in BOOKMARK_CHOICES:
        raise UsageError(f"--bookmarks {bookmarks!r} is not one of: {', '.join(BOOKMARK_CHOICES)}")
    if workers < 1:
        raise UsageError(f"--workers {workers}: give 1 or more")
    for key in arguments or {}:
        _check_argument_name(key)
    if not wheels:
        raise UsageError("give at least one --wheel s3://bucket/path/package.whl")
    if not script_location.startswith("s3://"):
        raise UsageError(f"--script-location {script_location!r} must be an s3:// URL")
    defaults = {
        "--module_name": module_name,
        "--additional-python-modules": ",".join(wheels),
        "--job-language": "python",
        "--job-bookmark-option": bookmarks,
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
    }
    if temp_dir:
        defaults["--TempDir"] = temp_dir
    for key, value in (arguments or {}).items():
        defaults["--" + key.removeprefix("--")] = value
    return {
        "Name": name,
        "Role": role,
        "GlueVersion": glue_version,
        "Command": {"Name": "glueetl", "ScriptLocation": script_location, "PythonVersion": "3"},
        "DefaultArguments": defaults,
        "NonOverridableArguments": {
            # Glue sets only CUSTOMER_-prefixed variables; the Glue entry reads this one.
            "--customer-driver-env-vars": f"CUSTOMER_JOBFACTORY_ALLOWED_MODULES={allowed}",
        },
        "WorkerType": worker_type,
        "NumberOfWorkers": workers,
        "MaxRetries": 0,
    }


#: Glue arguments an ``--arg`` may not set: Glue sets them for each run, or the definition
#: sets them from its own options (the value is the option to use instead).
_OWNED_ARGUMENTS = {
    "JOB_ID": None,
    "JOB_RUN_ID": None,
    "JOB_NAME": None,
    "customer-driver-env-vars": None,  # the module allow-list, in NonOverridableArguments
    "job-bookmark-option": "--bookmarks",
    "TempDir": "--temp-dir",
    "additional-python-modules": "--wheel",
}


def _check_argument_name(key: str) -> None:
    """An ``--arg`` is a job parameter or a Glue setting (``--enable-auto-scaling``), not an
    argument Glue or the definition sets itself, nor a Glue name spelt another way (each run
    would be refused)."""
    from jobfactory_glue.options import GLUE_ARGS

    name = key.removeprefix("--")
    folded = name.replace("-", "_")
    if not (folded.isascii() and folded.isidentifier()):
        raise UsageError(f"--arg {key!r}: a parameter name has letters, digits, _ or - only")
    if folded == "module_name":
        raise UsageError("--arg module_name: give the job with --module_name")
    spelt = {n.replace("-", "_"): n for n in GLUE_ARGS}.get(folded)
    if spelt is not None and spelt != name:
        raise UsageError(f"--arg {name}: Glue's argument is --{spelt}; spell it that way")
    if name in _OWNED_ARGUMENTS:
        instead = _OWNED_ARGUMENTS[name]
        how = f"use {instead}" if instead else "Glue or this definition sets it"
        raise UsageError(f"--arg {name}: --{name} is not a job parameter ({how})")


def main(argv: list[str] | None = None) -> int:
    """Command line of ``jobfactory-glue job-definition``: the request as JSON on stdout or in
    ``--out``; 0, or 2 with one line for a bad option (nothing written)."""
    parser = argparse.ArgumentParser(
        prog="jobfactory-glue job-definition",
        description="Print the create_job request for running a jobfactory job on AWS Glue.",
        allow_abbrev=False,
    )
    parser.add_argument("--module_name", required=True, help="the job module (dotted name)")
    parser.add_argument("--name", required=True, help="the Glue job's name")
    parser.add_argument("--script-location", required=True, help="s3:// URL of the entry script")
    parser.add_argument(
        "--wheel", action="append", default=[], required=True, help="s3:// URL (repeatable)"
    )
    parser.add_argument("--role", required=True, help="ARN of the job's IAM role")
    parser.add_argument("--glue-version", default=DEFAULT_GLUE_VERSION)
    parser.add_argument("--worker-type", default="G.1X")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--allowed-modules", help="package runs may use (default: the job's)")
    parser.add_argument("--bookmarks", default="job-bookmark-disable")
    parser.add_argument("--temp-dir", help="s3:// URL for --TempDir")
    parser.add_argument(
        "--arg", action="append", default=[], help="KEY=VALUE job parameter (repeatable)"
    )
    parser.add_argument(
        "--out", help="file to write the request to, all or nothing (default, or -: stdout)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing --out file")
    args = parser.parse_args(argv)

    def define() -> str:
        request = job_definition(
            name=args.name,
            module_name=args.module_name,
            script_location=args.script_location,
            wheels=args.wheel,
            role=args.role,
            glue_version=args.glue_version,
            worker_type=args.worker_type,
            workers=args.workers,
            allowed_modules=args.allowed_modules,
            bookmarks=args.bookmarks,
            temp_dir=args.temp_dir,
            # Glue's own names too (``enable-auto-scaling``): any name without ``=``.
            arguments=key_values(args.arg, "--arg", names=r"[^=]+", rule="not empty"),
        )
        text = json.dumps(request, indent=2) + "\n"
        if args.out in (None, "-"):  # "-": stdout, as the convention goes
            return text
        write_outputs({Path(args.out): text}, force=args.force)
        return f"wrote {args.out}\n"

    return run_command(define)
