"""The entry-point machinery every environment shares.

argv → options, parameters and reserved arguments → configuration layers → raw-value checks
(templates, secrets) → job module → context → ``main(**params)`` → exit code and one JSON
summary line on stdout. Environment packages supply an :class:`Environment`; they do not
re-implement any of this.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any, TextIO, cast

from jobfactory_core import logs
from jobfactory_core.argv import ParsedArgs
from jobfactory_core.context import CONTEXT_KEY, HAS_SPARK, INJECTED, SERVICE_PROVIDER, JobContext
from jobfactory_core.environment import Environment
from jobfactory_core.errors import (
    ExitCode,
    ParameterError,
    UsageError,
    describe,
    exit_code_for,
    format_failure,
    is_clean_exit,
    is_user_error,
)
from jobfactory_core.notify import Event, EventKind
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.result import MAX_SUMMARY_BYTES, JobResult, Status
from jobfactory_core.run_info import RunInfo, bind_to_logs, unbind_logs
from jobfactory_core.streams import RedactingStream, drain_run_streams

log = logs.get_logger("entry")

#: ``{{job.run_id}}`` (Databricks, Airflow/Jinja) or ``${VAR}`` (shell, Glue templates).
UNRESOLVED_TEMPLATE = r"\{\{.*?\}\}|\$\{[^}]*\}"


class RawParams:
    """Job parameters before binding: values (str from argv, any from config) and sources."""

    __slots__ = ("settings", "sources", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.sources: dict[str, str] = {}
        self.settings: dict[str, Any] = {}


def reject_templates(values: dict[str, Any]) -> None:
    """A value the orchestrator forgot to substitute is an error naming the parameter."""
    problems = []
    for name, value in values.items():
        if isinstance(value, str) and ("{{" in value or "${" in value):
            match = re.search(UNRESOLVED_TEMPLATE, value)
            if match:
                # Part of a secret (a password with "${" in it) is never quoted.
                shown = "(not shown: a secret)" if REDACTOR.is_secret(name) else repr(match[0])
                problems.append(
                    f"--{name} contains the unresolved template {shown}: "
                    "the orchestrator did not substitute it (check the task's parameter syntax)"
                )
    if problems:
        raise ParameterError(problems)


def gather_params(
    parsed: ParsedArgs, env_name: str | None, environment: Environment | None = None
) -> RawParams:
    """Layer config base, the environment overlay and the command line (which wins)."""
    raw = RawParams()
    config_ref = parsed.options.get("config") or os.environ.get("JOBFACTORY_CONFIG")
    if config_ref:
        loaded = (environment or Environment()).load_config(config_ref, env_name)
        raw.values.update(loaded.params)
        raw.sources.update(loaded.sources)
        raw.settings.update(loaded.settings)
    for name, value in parsed.params.items():
        raw.values[name] = value
        raw.sources[name] = "command line"
    return raw


def _module_name(parsed: ParsedArgs) -> str:
    from jobfactory_core.resolution import registered_module, validate_module_name

    module_name = parsed.options.get("module_name")
    job = parsed.options.get("job")
    if module_name and job:
        raise UsageError("give --module_name or --job, not both")
    if job:
        module_name = registered_module(job)
    if not module_name or module_name == "true":
        raise UsageError(
            "no job given: pass --module_name package.module (a module with main(**params)) "
            "or --job NAME (a registered job)"
        )
    return validate_module_name(module_name)


def _is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("", "1", "true", "yes", "on")


class Entry:
    """One run of an entry point; :func:`run_entry` is the usual way in."""

    def __init__(self, environment: Environment, out: TextIO, err: TextIO) -> None:
        self.environment = environment
        self.out = out
        self.err = err
        self.started = time.monotonic()
        self.run: RunInfo | None = None
        self.context: JobContext | None = None
        self.debug = False
        self.summary: JobResult | None = None
        #: The job's name once the command line named one (for a summary before the run starts).
        self.job_name = "(unresolved)"
        #: Set once main is called: a failure after it is the job's, and sends ``failed``.
        self.main_called = False

    def execute(self, argv: list[str]) -> int:
        """Run, close what the run opened, then print the summary: the last line on stdout."""
        from jobfactory_core.signals import shield

        try:
            code = self._execute(argv)
        except BaseException as error:
            # The error's own __str__ (and its chain's) runs now, while a signal still ends
            # it: a message that never comes (a JVM gone quiet) must not hang the held-back
            # report below.
            shown = self._traceback_text(error)
            shield()
            code = self._fail(error, shown)
        finally:
            shield()  # the outcome is decided: a second signal must not cut the report short
            if self.context is not None:
                try:
                    self.context.close()
                except BaseException as error:
                    log.warning("closing the run failed: %s", REDACTOR.redact(describe(error)))
        self._print_summary()
        return code

    def _print_summary(self) -> None:
        """The summary on a line of its own, whatever the job left on stdout."""
        if self.summary is None:
            return
        _flush_replaced_streams(self.out, self.err)
        try:
            line, left_out = self.summary.summary_line()
        except Exception as error:  # reporting never changes the outcome
            log.warning("the result could not be reported: %s", REDACTOR.redact(describe(error)))
            self.summary.value = None
            self.summary.metrics = {}
            line, left_out = self.summary.summary_line()
        if left_out:
            log.warning(
                "the summary line shows %s as its size only (lines over %d bytes are cut by log "
                "pipelines): write large results to storage and return where they are",
                " and ".join(left_out),
                MAX_SUMMARY_BYTES,
            )
        try:
            if not getattr(self.out, "at_line_start", True):
                self.out.write("\n")
            self.out.write(line + "\n")
            self.out.flush()
        except (OSError, ValueError) as error:  # stdout closed, or its reader went away
            self.err.write(
                f"error: the summary line could not be written to stdout "
                f"({type(error).__name__}); it was: {line}\n"
            )

    def _execute(self, argv: list[str]) -> int:
        env = self.environment
        self.debug = "--debug" in argv  # before parsing, so a usage error can show its traceback
        problem = logs.setting_problem(
            os.environ.get("JOBFACTORY_LOG_FORMAT"), os.environ.get("JOBFACTORY_LOG_LEVEL")
        )
        if problem is not None:
            raise UsageError(problem)
        parsed = env.dialect.parse(argv)
        self.debug = "debug" in parsed.options and _is_true(parsed.options["debug"])
        REDACTOR.register_params(parsed.params)
        if "help" in parsed.options and not (
            parsed.options.get("module_name") or parsed.options.get("job")
        ):
            self.out.write(usage(env))
            return 0
        module_name = self.job_name = _module_name(parsed)
        env_name = parsed.options.get("env") or os.environ.get("JOBFACTORY_ENV") or None
        raw = gather_params(parsed, env_name, env)
        if "log_format" in raw.settings:  # checked even where the variable overrides it
            configured = raw.settings["log_format"]
            problem = logs.format_problem(configured, "config log_format")
            if problem is not None:
                raise UsageError(problem)
            if not os.environ.get("JOBFACTORY_LOG_FORMAT"):
                logs.configure(fmt=configured, stream=self.err)
        REDACTOR.register_params(raw.values)
        reject_templates(raw.values)
        secret_names: set[str] = set()
        wants_secrets = "help" not in parsed.options  # help shows references, resolves none
        if wants_secrets and any(
            isinstance(v, str) and v.startswith("secret://") for v in raw.values.values()
        ):
            from jobfactory_core.secrets import resolve_params

            raw.values, secret_names = resolve_params(raw.values)
        for name in secret_names:
            raw.sources[name] += " (secret)"
        injected = sorted(INJECTED & set(raw.values))
        if injected:
            raise UsageError(
                f"--{injected[0]} is set by the entry point and cannot be passed as a parameter"
            )

        self.run = env.run_info(module_name, parsed, env_name)
        bind_to_logs(self.run)
        has_spark = env.has_spark(parsed.options, raw.settings)
        from jobfactory_core.resolution import factory_of, import_job_module, main_of

        module = import_job_module(module_name)
        main = main_of(module)
        wants = (
            "help"
            if "help" in parsed.options
            else "explain"
            if "explain" in parsed.options
            else None
        )
        factory = factory_of(module, needed_for=f"--{wants}" if wants else None)
        refuse_owned_names(env, module, main, factory)
        if "help" in parsed.options:
            self.out.write(job_help(env, module, factory, raw))
            return 0

        notifier = _notifiers(raw.settings)
        self.context = context = env.build_context(
            self.run,
            has_spark=has_spark,
            spark=env.spark_settings(module_name, parsed.options, parsed.multi, raw.settings),
            notifier=notifier,
            settings=raw.settings,
        )
        if "explain" in parsed.options:
            self.out.write(explain(module, factory, raw, context))
            return 0
        return self._call(main, factory, raw, context)

    def _call(
        self, main: Callable[..., Any], factory: Any, raw: RawParams, context: JobContext
    ) -> int:
        from jobfactory_core.context import running
        from jobfactory_core.signals import shield

        kwargs = main_kwargs(main, raw, context)
        if factory is None:
            # A plain main gets the lifecycle events a factory would send; if it calls a
            # factory after all, that factory sees the run announced already.
            context.announce(raw.values)
        self.main_called = True
        announce = False
        with running(context):
            try:
                returned = main(**kwargs)
            except SystemExit as exit_:
                if not is_clean_exit(exit_):
                    raise
                returned = None  # sys.exit(0): the job ended successfully
            result = returned if isinstance(returned, JobResult) else context.last_result
            if not isinstance(result, JobResult) or result.run is not context.run:
                result = JobResult(
                    status=Status.SUCCEEDED,
                    run=context.run,
                    duration_s=time.monotonic() - self.started,
                    value=returned,
                    metrics=dict(context.metrics),
                )
                announce = True
            # The job's objects are converted now, while a signal still interrupts: a repr or
            # to_dict() that never returns must not hang the shielded report below.
            summary = result.to_dict()
            self.environment.run_succeeded(context)
        shield()
        if announce:
            context.notifier.notify(Event(EventKind.SUCCEEDED, context.run, summary))
        self._summary(result)
        return 0

    def _traceback_text(self, error: BaseException) -> str | None:
        """The traceback the report logs (``None`` where it shows none), rendered now."""
        import traceback

        one_line = is_user_error(error) and not self.debug
        try:
            describe(error)
            if isinstance(error, KeyboardInterrupt):
                handled = _handled_failure(error)
                return None if handled is None else format_failure(handled)
            if one_line:
                return None
            return format_failure(error)
        except KeyboardInterrupt:  # interrupted outside any __str__: the stack alone
            stack = "".join(traceback.format_tb(error.__traceback__))
            return f"Traceback (most recent call last):\n{stack}{type(error).__name__}"

    def _fail(self, error: BaseException, shown: str | None = None) -> int:
        from jobfactory_core.signals import as_interruption, received

        seen = as_interruption(error)
        code = exit_code_for(seen)
        message = REDACTOR.redact(describe(error))
        if seen is not error:  # the signal came first; what surfaced is its consequence
            message = f"{seen}; then {type(error).__name__}: {message}"
        handled = _handled_failure(error)
        if handled is not None:  # the job had failed; a hook was still at work on it
            shown_message = REDACTOR.redact(describe(handled))
            message += f", while handling {type(handled).__name__}: {shown_message}"
        try:
            self._report_failure(error, message, shown)
        except BaseException as secondary:  # reporting never changes the outcome
            self.err.write(f"error: reporting the failure failed: {type(secondary).__name__}\n")
        context = self.context
        result = context.last_result if context is not None else None
        if not isinstance(result, JobResult) or result.status is not Status.FAILED:
            run = self.run or RunInfo(job=self.job_name, service_provider=self.environment.name)
            result = JobResult(
                status=Status.FAILED,
                run=run,
                duration_s=time.monotonic() - self.started,
                metrics=dict(context.metrics) if context is not None else {},
                error_type=type(error).__name__,
                error=message,
                exit_code=code,
            )
            if context is not None and (context.announced or self.main_called):
                context.notifier.notify(Event.failure(context.run, result.to_dict(), error))
        elif received() is not None:
            result.error = message
        result.exit_code = code
        self._summary(result)
        return code

    def _report_failure(self, error: BaseException, message: str, shown: str | None) -> None:
        one_line = is_user_error(error)
        if one_line and not self.debug:
            self.err.write(f"error: {_printable(message)}\n")
        elif isinstance(error, KeyboardInterrupt):
            _log_error("run interrupted: %s", (message,), shown)
        else:
            _log_error("job failed: %s: %s", (type(error).__name__, message), shown)
        if one_line and self.debug:
            _log_error("%s: %s", (type(error).__name__, message), shown)

    def _summary(self, result: JobResult) -> None:
        """Keep the summary for :meth:`execute` to print once the run is closed."""
        result.duration_s = max(result.duration_s, 0.0)
        self.summary = result


def _printable(text: str) -> str:
    """``text`` on one line: control characters a user put in a value (a newline in a
    --config path, a terminal escape) are shown escaped, so they cannot forge log lines."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _handled_failure(error: BaseException) -> BaseException | None:
    """The job's own failure an interrupt arrived during (``on_failure`` still at work on it),
    so the report names it and logs its traceback instead of only "interrupted"."""
    handled = error.__context__
    if isinstance(error, KeyboardInterrupt) and isinstance(handled, Exception):
        return handled
    return None


def _log_error(msg: str, args: tuple[Any, ...], traceback_text: str | None) -> None:
    """An error record with a traceback rendered beforehand (see :meth:`Entry.execute`);
    formatters print ``exc_text`` as they would print the traceback of ``exc_info``."""
    if not log.isEnabledFor(logging.ERROR):
        return
    record = log.makeRecord(log.name, logging.ERROR, __file__, 0, msg, args, None)
    record.exc_text = traceback_text
    log.handle(record)


def _flush_replaced_streams(*ours: object) -> None:
    """Flush the streams a job put in place of ours (``sys.stdout = io.TextIOWrapper(...)``),
    so what they still buffer is written before the summary line, not after it."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        if all(stream is not own for own in ours):
            with contextlib.suppress(Exception):  # closed or broken by the job: nothing to save
                stream.flush()


def main_kwargs(main: Callable[..., Any], raw: RawParams, context: JobContext) -> dict[str, Any]:
    """What a module's ``main`` receives, exactly as the original pattern promised.

    ``main(**kwargs)`` gets every parameter as given (strings from argv) plus
    ``service_provider`` and ``has_spark``. A ``main`` with named parameters is bound like a
    job's ``execute`` (typed, validated) and gets the injected names it declares.
    ``jobfactory_context`` only reaches a ``main`` that names it; a factory called by ``main``
    joins the run through :func:`jobfactory_core.context.current_context`.
    """
    from jobfactory_core.binding import Signature, bind, signature_of, strict_from_env

    signature = signature_of(main)
    injected: dict[str, Any] = {
        SERVICE_PROVIDER: context.service_provider,
        HAS_SPARK: context.has_spark,
        CONTEXT_KEY: context,
    }
    if not signature.params and signature.accepts_kwargs:
        kwargs = dict(raw.values)
    else:
        own = Signature(
            tuple(p for p in signature.params if p.name not in INJECTED), signature.accepts_kwargs
        )
        bound = bind(
            raw.values,
            own,
            strict=strict_from_env(),
            ignore=INJECTED | set(context.reserved),
        )
        for warning in bound.warnings:
            log.warning(warning)
        kwargs = bound.kwargs
    declared = set(signature.names())
    for name, value in injected.items():
        if name in declared or (signature.accepts_kwargs and name != CONTEXT_KEY):
            kwargs[name] = value
    return kwargs


def refuse_owned_names(env: Environment, module: ModuleType, main: Any, factory: Any) -> None:
    """A job parameter named like an entry or platform option would never reach the job."""
    from jobfactory_core.binding import signature_of

    if factory is not None:
        try:
            instance = factory()
            names, where = instance.signature().names(), instance.get_job_class().__qualname__
            where += ".execute"
        except TypeError:  # no job class: reported when the factory runs
            return
    else:
        names, where = signature_of(main).names(), f"{module.__name__}.main"
    taken = [n for n in names if n not in INJECTED and env.dialect.owns(n)]
    if taken:
        raise UsageError(
            f"{where} declares the parameter {taken[0]!r}, but --{taken[0]} belongs to the "
            f"{env.name} entry point, so the job would never receive it: rename the parameter "
            f"(e.g. {taken[0]}_name). Names the entry owns: " + ", ".join(env.dialect.owned_names())
        )


def _notifiers(settings: dict[str, Any]) -> Any:
    from jobfactory_core.notify import Notifiers

    if settings.get("notifiers"):
        from jobfactory_core.notifier_config import build_notifiers

        return build_notifiers(settings["notifiers"])
    return Notifiers()


def usage(env: Environment) -> str:
    return (
        f"usage: python -m {env.entry_module} --module_name PACKAGE.MODULE [--param value ...]\n"
        f"       python -m {env.entry_module} --job NAME [--param value ...]\n\n"
        "Runs a job module's main(**params) on "
        f"{env.name}. Add --help after --module_name to list that job's parameters.\n\n"
        "options:\n"
        "  --module_name M    the job module (dotted name; see JOBFACTORY_ALLOWED_MODULES)\n"
        "  --job NAME         a job registered in the jobfactory.jobs entry-point group\n"
        "  --config PATH      parameters and settings file (TOML, JSON, YAML)\n"
        "  --env NAME         the config overlay to apply (also JOBFACTORY_ENV)\n"
        "  --explain          bind and validate everything, print values and sources, run nothing\n"
        "  --has_spark BOOL   false to run without Spark (also JOBFACTORY_HAS_SPARK)\n"
        "  --spark_master M   Spark master (default local[*], or spark-submit's)\n"
        "  --spark_remote URL Spark Connect, sc://host:port (also SPARK_REMOTE)\n"
        "  --spark_conf K=V   extra Spark setting (repeatable)\n"
        "  --debug            show tracebacks for usage errors\n\n"
        "exit codes: 0 succeeded, 1 job failed, 2 usage/parameter/config error (nothing ran),\n"
        "            3 environment unavailable, 130 SIGINT, 143 SIGTERM\n"
    )


def _shown_default(value: Any) -> str:
    """A default as a user would type it (an enum by name, not its repr)."""
    import enum

    return value.name if isinstance(value, enum.Enum) else repr(value)


def _doc_line(obj: Any) -> str:
    doc = (getattr(obj, "__doc__", None) or "").strip()
    return doc.splitlines()[0] if doc else ""


def job_help(
    env: Environment, module: ModuleType, factory: Any, raw: RawParams | None = None
) -> str:
    """The parameters of a job, with types, defaults and (``raw``) the values given and where."""
    lines = [
        f"usage: python -m {env.entry_module} --module_name {module.__name__} [--param value ...]",
        "",
        f"{module.__name__}: {_doc_line(module)}".rstrip(": "),
        "",
    ]
    if factory is None:
        lines.append(
            "This module's main(**kwargs) builds no JobFactory: it receives every --name value "
            "as a string, plus service_provider and has_spark."
        )
        return "\n".join(lines) + "\n"
    job_class = factory().get_job_class()
    signature = factory().signature()
    if _doc_line(job_class):
        lines[2] = f"{module.__name__}: {_doc_line(job_class)}"
    lines.append("parameters:")
    for spec in signature.params:
        if spec.name in INJECTED:
            continue
        default = "required" if spec.required else f"default: {_shown_default(spec.default)}"
        if raw is not None and spec.name in raw.values:
            shown = REDACTOR.redact_value(spec.name, raw.values[spec.name])
            default += f"; now {shown!r} [{raw.sources.get(spec.name, '?')}]"
        lines.append(f"  --{spec.name:<20} {spec.type_name:<24} {default}")
    if signature.accepts_kwargs:
        lines.append("  (extra --name value pairs are passed through as strings)")
    if getattr(job_class, "requires_spark", False):
        lines.append("\nneeds Spark (exits 3 where Spark is unavailable)")
    return REDACTOR.redact("\n".join(lines)) + "\n"


def explain(module: ModuleType, factory: Any, raw: RawParams, context: JobContext) -> str:
    """Bind and validate everything, then show each resolved value and where it came from."""
    where = f"{context.service_provider} (environment: {context.environment or '-'})"
    lines = [f"job {module.__name__} on {where}"]
    if factory is None:
        lines.append("parameters (passed as strings to main(**kwargs)):")
        for name, value in raw.values.items():
            shown = REDACTOR.redact_value(name, value)
            lines.append(f"  {name} = {shown!r}  [{raw.sources.get(name, '?')}]")
        return "\n".join(lines) + "\n"
    instance = factory()
    bound = instance.bind(raw.values, context)
    lines.append("parameters:")
    for spec in instance.signature().params:
        if spec.name in bound.kwargs:
            value, source = bound.kwargs[spec.name], raw.sources.get(spec.name, "?")
        elif not spec.required:
            value, source = spec.default, "default"
        else:
            continue
        shown = REDACTOR.redact_value(spec.name, value)
        lines.append(f"  {spec.name} = {shown!r}  [{source}] ({spec.type_name})")
    lines.extend(f"warning: {w}" for w in bound.warnings)
    lines.append("nothing ran (--explain)")
    return REDACTOR.redact("\n".join(lines)) + "\n"


#: Non-empty while :func:`run_entry` runs a job (one run per process at a time).
_RUNNING: list[bool] = []


def run_entry(
    environment: Environment, argv: list[str] | None = None, *, process: bool | None = None
) -> int:
    """Run one job through ``environment``'s entry point; return the process exit code.

    ``process`` (default: true when ``argv`` is None, i.e. a program's ``main``) means this
    run owns the process: once the summary line is printed, whatever else writes to stdout (a
    job's background thread, an ``atexit`` hook) goes to stderr, so the summary stays last.
    """
    from jobfactory_core.signals import interrupts_raise

    if _RUNNING:  # called by the job of the run in progress: it would start itself again
        raise UsageError(
            "a job's main started an entry point inside the run in progress (is --module_name "
            "an entry point such as jobfactory_container.generic_entry?): give the job's own "
            "module, whose main calls its factory"
        )
    as_process = argv is None if process is None else process
    argv = sys.argv[1:] if argv is None else list(argv)
    problem = environment.contract_problem()
    if problem is not None:  # nothing can be trusted to work: say so once, run nothing
        sys.stderr.write(f"error: {problem}\n")
        return int(ExitCode.ENVIRONMENT_UNAVAILABLE)
    with interrupts_raise():  # before any user code runs (the job module's import included)
        real_out, real_err = sys.stdout, sys.stderr
        out = cast(TextIO, RedactingStream(real_out))
        err = cast(TextIO, RedactingStream(real_err))
        sys.stdout, sys.stderr = out, err
        logs.configure(stream=err)
        _RUNNING.append(True)
        try:
            code = Entry(environment, out, err).execute(argv)
        finally:
            _RUNNING.clear()
            drain_run_streams(out, err)
            unbind_logs()
            if as_process:
                # The process ends after this run: what a job's thread or atexit hook still
                # writes or logs stays masked (and leaves stdout for stderr, after the summary).
                _seal_stdout(out, real_out, real_err)
                for stream in (out, err):
                    cast(RedactingStream, stream).hold_back = False
            else:
                logs.unconfigure()
                sys.stdout, sys.stderr = real_out, real_err
    return code


def _seal_stdout(out: TextIO, real_out: TextIO, real_err: TextIO) -> None:
    """Point file descriptor 1 at stderr: the summary line just printed stays the last one
    (whatever the job left in ``sys.stdout``: the process's own streams are used)."""
    import contextlib

    with contextlib.suppress(OSError, ValueError):  # its reader went away: the rest goes below
        out.flush()
    try:
        os.dup2(real_err.fileno(), real_out.fileno())
    except (AttributeError, OSError, ValueError):  # not real files (embedded, captured)
        return
