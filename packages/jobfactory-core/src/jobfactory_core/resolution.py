"""Find the job module: validate its name, honour the allow-list, import it, find ``main``.

Import failures that mean "nothing of the job could run" are user errors (exit 2), each with
its own fix: the module does not exist, it has a syntax error, it needs a module that is not
installed (``ImportError``), it has no ``main``. Any other exception raised by the module's own
top-level code is the job's failure (exit 1, its own type and traceback): its code ran.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

from jobfactory_core.errors import JobNotFoundError, UsageError, describe
from jobfactory_core.redaction import REDACTOR

ALLOWED_ENV = "JOBFACTORY_ALLOWED_MODULES"
JOBS_GROUP = "jobfactory.jobs"


def is_dotted_name(name: str) -> bool:
    """ASCII identifiers joined by dots: nothing a path, a shell or a URL could smuggle in."""
    return name.isascii() and all(part.isidentifier() for part in name.split("."))


#: Longest ``--module_name`` accepted: far beyond real package paths, short enough for the
#: summary line, and shallow enough for Python's import machinery (about 200 nested packages
#: exhaust its recursion limit: a RecursionError reported as a job failure, exit 1).
MAX_MODULE_NAME = 255


def validate_module_name(name: str) -> str:
    """Refuse anything but a dotted identifier, and names outside the allow-list if set."""
    if len(name) > MAX_MODULE_NAME:  # also the summary's "job"; deep names overflow import
        raise UsageError(
            f"--module_name is {len(name)} characters long ({name[:40]!r}...); a job module's "
            f"name has at most {MAX_MODULE_NAME} (e.g. jobs.daily_revenue)"
        )
    if not is_dotted_name(name):
        raise UsageError(
            f"--module_name {name!r} is not a dotted Python module name (e.g. jobs.daily_revenue)"
        )
    allowed = allowed_prefixes()
    if allowed is not None and not any(name == p or name.startswith(p + ".") for p in allowed):
        raise UsageError(
            f"--module_name {name!r} is outside {ALLOWED_ENV} ({', '.join(allowed)}): "
            "add its package to the allow-list or run an allowed job"
        )
    return name


def allowed_prefixes() -> list[str] | None:
    """The module prefixes of ``JOBFACTORY_ALLOWED_MODULES``, or None when it is unset or blank.

    Fails closed: a value that is set but holds a blank entry (``","``, ``"jobs,,x"``) or an
    entry that is not a dotted module name is an error, never "no allow-list".
    """
    raw = os.environ.get(ALLOWED_ENV)
    if raw is None or not raw.strip():
        return None
    entries = [part.strip() for part in raw.split(",")]
    bad = [entry for entry in entries if not entry or not is_dotted_name(entry)]
    if bad:
        shown = "a blank entry" if not bad[0] else f"{bad[0]!r}"
        raise UsageError(
            f"{ALLOWED_ENV}={raw!r} has {shown}: list dotted module prefixes separated by "
            "commas (e.g. jobs,team_a.jobs), or unset it to allow every module"
        )
    return entries


def registered_module(job: str) -> str:
    """Resolve ``--job NAME`` through the ``jobfactory.jobs`` entry-point group."""
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=JOBS_GROUP)}
    if job not in found:
        known = ", ".join(sorted(found)) or "none installed"
        raise JobNotFoundError(
            f"no job registered as {job!r} in entry-point group {JOBS_GROUP} (known: {known})"
        )
    return found[job].value.split(":", 1)[0].strip()


def import_job_module(name: str) -> ModuleType:
    """Import ``name``, turning each kind of failure into one clear :class:`JobNotFoundError`."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing == name or name.startswith(missing + "."):
            raise JobNotFoundError(
                f"job module {name!r} not found: check the name, and that its package is "
                "installed or on PYTHONPATH"
            ) from None
        raise JobNotFoundError(
            f"job module {name!r} failed to import: missing dependency {missing!r} "
            f"(install it where the job runs)"
        ) from error
    except SyntaxError as error:
        where = f"{error.filename}:{error.lineno}" if error.filename else name
        raise JobNotFoundError(
            f"job module {name!r} has a syntax error at {where}: {error.msg}"
        ) from error
    except ImportError as error:
        detail = REDACTOR.redact(describe(error).splitlines()[0])
        origin = raised_at(error)
        raise JobNotFoundError(
            f"job module {name!r} failed to import{f' at {origin}' if origin else ''}: "
            f"{type(error).__name__}: {detail} (fix that import, or install what it needs "
            "where the job runs)"
        ) from error


def raised_at(error: BaseException) -> str | None:
    """``file:line`` of the innermost frame of ``error`` outside the import machinery."""
    where = None
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if not filename.startswith("<"):  # <frozen importlib._bootstrap> and the like
            where = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return where


def main_of(module: ModuleType) -> Callable[..., Any]:
    """The module's ``main`` callable, or a clear error."""
    main: Callable[..., Any] | None = getattr(module, "main", None)
    if main is None or not callable(main):
        raise JobNotFoundError(
            f"job module {module.__name__!r} has no main(**params) function: define one that "
            "runs the job (e.g. return MyJobFactory().run(**params))"
        )
    return main


def factory_of(module: ModuleType, *, needed_for: str | None = None) -> Any:
    """The JobFactory subclass the module's ``main`` runs, or None for a plain ``main``.

    Found, in order: the module's ``FACTORY`` attribute; the one factory ``main``'s code names
    (defined in the module or imported into it); the one factory the module defines. When that
    is ambiguous, ``needed_for`` (``--help``, ``--explain``) makes it an error naming the fix;
    otherwise the module is treated as a plain ``main``.
    """
    from jobfactory_core.factory import JobFactory

    def is_factory(value: Any) -> bool:
        return isinstance(value, type) and issubclass(value, JobFactory) and value is not JobFactory

    explicit = getattr(module, "FACTORY", None)
    if explicit is not None:
        if is_factory(explicit):
            return explicit
        raise UsageError(
            f"{module.__name__}.FACTORY is {explicit!r}, not a JobFactory subclass: "
            "set FACTORY = YourFactory (the class, not an instance)"
        )
    factories = {name: value for name, value in vars(module).items() if is_factory(value)}
    named = _names_used(getattr(module, "main", None))
    in_main = {value for name, value in factories.items() if name in named}
    if len(in_main) == 1:
        return in_main.pop()
    own = {v for v in factories.values() if v.__module__ == module.__name__}
    candidates = in_main or own
    if len(candidates) == 1 and not in_main:
        return candidates.pop()
    if len(candidates) > 1 and needed_for:
        shown = ", ".join(sorted(f.__name__ for f in candidates))
        raise UsageError(
            f"{needed_for}: {module.__name__} has several JobFactory classes ({shown}) and "
            f"main does not show which one it runs: set FACTORY = <one of them> in the module"
        )
    return None


def _names_used(func: Any) -> set[str]:
    """Global names a function's code (nested functions included) refers to."""
    code = getattr(func, "__code__", None)
    names: set[str] = set()
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return names
