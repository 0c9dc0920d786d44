"""The registry of entry points the shared contract suite runs against.

Every environment package adds one :class:`EntrySpec` here (not a copy of the tests): the
contract (summary line, exit codes, reserved names, plain mains, signals, redaction) is the
same for every entry, only the platform's own argv differs.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any


def spaced(params: Mapping[str, str]) -> list[str]:
    """``--k v`` pairs (container, Glue, Databricks ``parameters``)."""
    out: list[str] = []
    for name, value in params.items():
        out += [f"--{name}", value]
    return out


def joined(params: Mapping[str, str]) -> list[str]:
    """``--k=v`` tokens (Databricks ``named_parameters``)."""
    return [f"--{name}={value}" for name, value in params.items()]


@dataclass(frozen=True)
class EntrySpec:
    """How one platform launches the entry: module, environment class, its own arguments."""

    name: str
    #: ``python -m`` target.
    module: str
    #: ``package.module:Class`` of the Environment (for in-process runs).
    environment: str
    service_provider: str
    #: Arguments the platform adds to every run (Glue's ``--JOB_RUN_ID``, ...), before the user's.
    platform_argv: tuple[str, ...] = ()
    #: Environment variables the platform sets.
    env: Mapping[str, str] = field(default_factory=dict)
    #: How the platform spells the user's parameters.
    spell: Callable[[Mapping[str, str]], list[str]] = spaced
    #: The run id the summary must carry, when the platform assigns one in ``platform_argv``.
    run_id: str | None = None
    #: The package's console script that runs a job (Databricks' python_wheel_task calls it).
    script: str | None = None

    def available(self) -> bool:
        return find_spec(self.module.split(".")[0]) is not None

    def argv(self, module_name: str, *args: str, **params: str) -> list[str]:
        """Platform arguments, then ``--module_name``, then the parameters and raw ``args``."""
        return [*self.platform_argv, "--module_name", module_name, *self.spell(params), *args]

    def command(self, module_name: str, *args: str, **params: str) -> list[str]:
        return [sys.executable, "-m", self.module, *self.argv(module_name, *args, **params)]

    def script_command(self, module_name: str, *args: str, **params: str) -> list[str] | None:
        """The same run through the console script, if it is installed beside this Python."""
        if self.script is None:
            return None
        path = Path(sys.executable).parent / self.script
        return [str(path), *self.argv(module_name, *args, **params)] if path.exists() else None

    def make_environment(self) -> Any:
        module, _, cls = self.environment.partition(":")
        return getattr(importlib.import_module(module), cls)()


#: What Glue puts before a script's own arguments, in both spellings.
GLUE_ARGV = (
    "--JOB_ID", "j_5f2a0c",
    "--JOB_RUN_ID=jr_contract_7c1d9e",
    "--JOB_NAME", "contract",
    "--job-bookmark-option=job-bookmark-disable",
    "--TempDir", "/tmp/glue-temporary",
    "--enable-metrics", "true",
    "--enable-continuous-cloudwatch-log=true",
)  # fmt: skip

ENTRIES: list[EntrySpec] = [
    EntrySpec(
        name="container",
        module="jobfactory_container.generic_entry",
        environment="jobfactory_container.environment:ContainerEnvironment",
        service_provider="container",
        script="jobfactory-container",
    ),
    EntrySpec(
        name="glue",
        module="jobfactory_glue.generic_entry",
        environment="jobfactory_glue.environment:GlueEnvironment",
        service_provider="glue",
        platform_argv=GLUE_ARGV,
        run_id="jr_contract_7c1d9e",
        script="jobfactory-glue",
    ),
]

ENTRIES.append(
    EntrySpec(
        name="databricks",
        module="jobfactory_databricks.generic_entry",
        environment="jobfactory_databricks.environment:DatabricksEnvironment",
        service_provider="databricks",
        # A python_wheel_task's run-identity references, as Databricks substitutes them.
        platform_argv=("--run_id=550315892394120", "--attempt=1", "--task_key=contract"),
        spell=joined,
        run_id="550315892394120",
        env={"JOBFACTORY_DATABRICKS_MODE": "local"},
        script="jobfactory-databricks",
    )
)
