"""The one exception tree of jobfactory, and the exit code each branch maps to.

::

    JobFactoryError                      base of everything jobfactory raises
    ├── UserError                        a user mistake: one clear line, exit 2, nothing ran
    │   ├── UsageError                   bad command line (dialect, unknown option, stray token)
    │   ├── ParameterError               job parameters failed binding (all problems at once)
    │   ├── ConfigError                  a configuration file or secret reference is wrong
    │   └── JobNotFoundError             the job module cannot be resolved or has no ``main``
    └── RuntimeFailure                   the job could not run, or ran and failed
        ├── EnvironmentUnavailableError  the platform lacks what the job needs (exit 3)
        └── JobFailedError               the job failed (exit 1); wraps nothing, carries a message

    JobInterrupted (KeyboardInterrupt)   SIGINT (exit 130) or SIGTERM (exit 143); a
                                         ``BaseException`` so job code's ``except Exception``
                                         cannot swallow it

Any other exception raised by a job keeps its own type and traceback and exits 1. A job's own
``sys.exit()``: ``0``/``None`` is success; any other code is a job failure (exit 1), because the
codes 2, 3, 130 and 143 belong to the entry (they say "nothing ran", "no environment",
"interrupted"), never to a job that ran.
"""

from __future__ import annotations

import contextlib
import enum


class ExitCode(enum.IntEnum):
    """The process exit codes every entry point documents."""

    SUCCEEDED = 0
    JOB_FAILED = 1
    USAGE = 2
    ENVIRONMENT_UNAVAILABLE = 3
    SIGINT = 130
    SIGTERM = 143


class JobFactoryError(Exception):
    """Base of every error jobfactory raises on purpose."""

    exit_code: ExitCode = ExitCode.JOB_FAILED


class UserError(JobFactoryError):
    """A mistake the user can fix; printed as one line without a traceback."""

    exit_code = ExitCode.USAGE


class UsageError(UserError):
    """The command line itself is malformed."""


class ParameterError(UserError):
    """One or more job parameters are missing, unknown (strict mode) or malformed.

    ``problems`` lists every problem found; the message joins them so one line says it all.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        count = len(self.problems)
        head = "1 parameter problem" if count == 1 else f"{count} parameter problems"
        super().__init__(f"{head}: " + "; ".join(self.problems))


class ConfigError(UserError):
    """A configuration file, overlay or secret reference is wrong."""


class JobNotFoundError(UserError):
    """The job module cannot be found, imported, or exposes no ``main``."""


class RuntimeFailure(JobFactoryError):
    """The job could not run here, or it ran and failed."""


class EnvironmentUnavailableError(RuntimeFailure):
    """The environment lacks something the job needs (e.g. Spark)."""

    exit_code = ExitCode.ENVIRONMENT_UNAVAILABLE


class JobFailedError(RuntimeFailure):
    """A job reports failure without an exception of its own (e.g. a validation result)."""


class JobInterrupted(KeyboardInterrupt):
    """The run was interrupted by a signal; hooks and notifiers still ran."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        name = {2: "SIGINT", 15: "SIGTERM"}.get(signum, f"signal {signum}")
        super().__init__(f"interrupted by {name}")

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.SIGTERM if self.signum == 15 else ExitCode.SIGINT


def exit_code_for(error: BaseException) -> int:
    """Map any exception escaping a run to the documented exit code."""
    if isinstance(error, JobInterrupted):
        return int(error.exit_code)
    if isinstance(error, KeyboardInterrupt):
        return int(ExitCode.SIGINT)
    if isinstance(error, JobFactoryError):
        return int(error.exit_code)
    if isinstance(error, SystemExit):
        return 0 if is_clean_exit(error) else int(ExitCode.JOB_FAILED)
    return int(ExitCode.JOB_FAILED)


def is_user_error(error: BaseException) -> bool:
    """A mistake fixed where the job is launched (usage, parameters, configuration, a missing
    platform library): reported as one line, without a traceback."""
    return isinstance(error, UserError | EnvironmentUnavailableError)


def is_clean_exit(error: BaseException) -> bool:
    """Whether ``error`` is ``sys.exit()``/``sys.exit(0)``: a job that ended successfully."""
    return isinstance(error, SystemExit) and error.code in (None, 0)


#: Set on an exception whose ``__str__`` a signal had to interrupt: it is not called again.
_UNPRINTABLE = "_jobfactory_unprintable"


def describe(error: BaseException) -> str:
    """``str(error)`` that never raises (an exception's own ``__str__`` may), never empty.

    A ``__str__`` that a signal interrupts (it waited on a network or a JVM that went away) is
    never called again for that exception: the run's report must not hang on it a second time,
    after signals are held back. The signal itself is remembered by :mod:`jobfactory_core.signals`.
    """
    if isinstance(error, SystemExit):
        return f"the job called sys.exit({error.code!r})"
    unshown = f"{type(error).__name__} (its message could not be shown: "
    if getattr(error, _UNPRINTABLE, False):
        return unshown + "interrupted)"
    try:
        text = str(error)
    except JobInterrupted:
        with contextlib.suppress(Exception):  # an exception type that takes no attributes
            setattr(error, _UNPRINTABLE, True)
        return unshown + "interrupted)"
    except BaseException as secondary:  # reporting must survive any __str__
        return unshown + f"{type(secondary).__name__} in __str__)"
    return text or type(error).__name__


def format_failure(error: BaseException) -> str:
    """The traceback of ``error`` as text; the stack without the messages if one of them never
    returns (a signal interrupted it), so the report that follows cannot hang on it."""
    import traceback

    if not getattr(error, _UNPRINTABLE, None):
        try:
            return "".join(traceback.format_exception(error)).rstrip("\n")
        except JobInterrupted:
            pass
    stack = "".join(traceback.format_tb(error.__traceback__))
    return f"Traceback (most recent call last):\n{stack}{type(error).__name__}: {describe(error)}"
