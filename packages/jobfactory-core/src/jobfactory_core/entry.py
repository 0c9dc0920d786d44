"""The entry-point machinery every environment shares.

argv → options, parameters and reserved arguments → configuration layers → raw-value checks
(templates, secrets) → job module → context → ``main(**params)`` → exit code and one JSON
summary line on stdout. Environment packages supply an :class:`Environment`; they do not
re-implement any of this.
"""

from __future__ import annotations

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
    EnvironmentUnavailableError,
    ParameterError,
    UsageError,
    UserError,
    exit_code_for,
)
from jobfactory_core.notify import Event, EventKind
from jobfactory_core.redaction import REDACTOR
from jobfactory_core.result import JobResult, Status
from jobfactory_core.run_info import RunInfo, bind_to_logs, unbind_logs
from jobfactory_core.streams import RedactingStream

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
                problems.append(
                    f"--{name} contains the unresolved template {match.group(0)!r}: "
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

    def execute(self, argv: list[str]) -> int:
        """Run, close what the run opened, then print the summary: the last line on stdout."""
        try:
            code = self._execute(argv)
        except BaseException as error:
            code = self._fail(error)
        finally:
            if self.context is not None:
                try:
                    self.context.close()
                except Exception as error:
                    log.warning("closing the run failed: %s", REDACTOR.redact(str(error)))
        if self.summary is not None:
            self.out.write(self.summary.to_json() + "\n")
            self.out.flush()
        return code

    def _execute(self, argv: list[str]) -> int:
        env = self.environment
        self.debug = "--debug" in argv  # before parsing, so a usage error can show its traceback
        parsed = env.dialect.parse(argv)
        self.debug = "debug" in parsed.options and _is_true(parsed.options["debug"])
        REDACTOR.register_params(parsed.params)
        if "help" in parsed.options and not (
            parsed.options.get("module_name") or parsed.options.get("job")
        ):
            self.out.write(usage(env))
            return 0
        module_name = _module_name(parsed)
        env_name = parsed.options.get("env") or os.environ.get("JOBFACTORY_ENV") or None
        raw = gather_params(parsed, env_name, env)
        if raw.settings.get("log_format") and not os.environ.get("JOBFACTORY_LOG_FORMAT"):
            logs.configure(fmt=str(raw.settings["log_format"]), stream=self.err)
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
        if "help" in parsed.options:
            self.out.write(job_help(env, module, factory_of(module), raw))
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
            self.out.write(explain(module, factory_of(module), raw, context))
            return 0
        return self._call(main, module, raw, context)

    def _call(
        self, main: Callable[..., Any], module: ModuleType, raw: RawParams, context: JobContext
    ) -> int:
        from jobfactory_core.resolution import factory_of
        from jobfactory_core.signals import interrupts_raise

        params = dict(raw.values)
        params[SERVICE_PROVIDER] = context.service_provider
        params[HAS_SPARK] = context.has_spark
        params[CONTEXT_KEY] = context
        if factory_of(module) is None:
            # A plain main(**kwargs) gets the lifecycle events a factory would send; if it
            # calls a factory after all, that factory sees the run announced already.
            context.announce(raw.values)
        with interrupts_raise():
            returned = main(**params)
        result = returned if isinstance(returned, JobResult) else context.last_result
        if not isinstance(result, JobResult) or result.run is not context.run:
            result = JobResult(
                status=Status.SUCCEEDED,
                run=context.run,
                duration_s=time.monotonic() - self.started,
                value=returned,
                metrics=dict(context.metrics),
            )
            context.notifier.notify(Event(EventKind.SUCCEEDED, context.run, result.to_dict()))
        self._summary(result)
        return 0

    def _fail(self, error: BaseException) -> int:
        code = exit_code_for(error)
        one_line = isinstance(error, UserError | EnvironmentUnavailableError)
        message = REDACTOR.redact(str(error)) or type(error).__name__
        if one_line and not self.debug:
            self.err.write(f"error: {message}\n")
        elif isinstance(error, KeyboardInterrupt):
            log.error("run interrupted: %s", message)
        else:
            log.error("job failed: %s: %s", type(error).__name__, message, exc_info=error)
        if one_line and self.debug:
            log.error("%s: %s", type(error).__name__, message, exc_info=error)
        context = self.context
        result = context.last_result if context is not None else None
        if not isinstance(result, JobResult) or result.status is not Status.FAILED:
            run = self.run or RunInfo(job="(unresolved)", service_provider=self.environment.name)
            result = JobResult(
                status=Status.FAILED,
                run=run,
                duration_s=time.monotonic() - self.started,
                metrics=dict(context.metrics) if context is not None else {},
                error_type=type(error).__name__,
                error=message,
                exit_code=code,
            )
            if context is not None and context.announced:  # a plain main that failed
                context.notifier.notify(Event.failure(context.run, result.to_dict(), error))
        result.exit_code = code
        self._summary(result)
        return code

    def _summary(self, result: JobResult) -> None:
        """Keep the summary for :meth:`execute` to print once the run is closed."""
        result.duration_s = max(result.duration_s, 0.0)
        self.summary = result


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
        default = "required" if spec.required else f"default: {spec.default!r}"
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


def run_entry(environment: Environment, argv: list[str] | None = None) -> int:
    """Run one job through ``environment``'s entry point; return the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    real_out, real_err = sys.stdout, sys.stderr
    out = cast(TextIO, RedactingStream(real_out))
    err = cast(TextIO, RedactingStream(real_err))
    sys.stdout, sys.stderr = out, err
    logs.configure(stream=err)
    try:
        return Entry(environment, out, err).execute(argv)
    finally:
        unbind_logs()
        logs.unconfigure()
        sys.stdout, sys.stderr = real_out, real_err
