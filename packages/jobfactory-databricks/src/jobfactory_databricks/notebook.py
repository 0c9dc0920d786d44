"""``run_notebook``: run a job from a notebook cell through the same entry and lifecycle.

The notebook's ``spark`` is reused (and left running), its widgets are a parameter source
(keyword arguments win over widgets, widgets over ``config``), and the summary line is
printed as in a job run and returned as a dict.
"""

from __future__ import annotations

import io
import sys
from typing import Any, TextIO, cast


class NotebookRunFailed(RuntimeError):
    """The job did not succeed; ``summary`` is its summary line, ``exit_code`` the entry's."""

    def __init__(self, summary: dict[str, Any] | None, exit_code: int) -> None:
        self.summary = summary
        self.exit_code = exit_code
        shown = (summary or {}).get("error") or "see the log above"
        super().__init__(f"job exited {exit_code}: {shown}")


class _Tee:
    """Writes through to the notebook's stdout and keeps a copy to find the summary line;
    anything else (``encoding``, ``isatty``, ``buffer``) is the notebook stdout's own."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return int(self.target.write(text) or len(text))

    def flush(self) -> None:
        self.target.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


def run_notebook(
    module_name: str,
    *,
    config: str | None = None,
    env: str | None = None,
    raise_on_failure: bool = True,
    **params: Any,
) -> dict[str, Any]:
    """Run ``module_name`` with ``params`` here; return its summary (raise if it failed)."""
    from jobfactory_core.coercion import to_argv_value
    from jobfactory_core.entry import run_entry
    from jobfactory_core.result import parse_summary
    from jobfactory_databricks.environment import DatabricksEnvironment
    from jobfactory_databricks.widgets import widget_values

    argv = ["--module_name", module_name]
    if config is not None:
        argv += ["--config", config]
    if env is not None:
        argv += ["--env", env]
    values = {**widget_values(), **{k: to_argv_value(v) for k, v in params.items()}}
    argv += [f"--{name}={value}" for name, value in values.items()]
    real = sys.stdout
    tee = _Tee(real)
    sys.stdout = cast(TextIO, tee)
    try:
        code = run_entry(DatabricksEnvironment(), argv)
    finally:
        sys.stdout = real
    summary = parse_summary(tee.copy.getvalue())
    if code != 0 and raise_on_failure:
        raise NotebookRunFailed(summary, code)
    return summary or {"status": "failed", "exit_code": code}
