"""Bind raw parameters to a job's ``execute`` signature: coerce, validate, report all at once."""

from __future__ import annotations

import typing
from collections.abc import Callable, Collection, Mapping
from typing import Any, NamedTuple

from jobfactory_core._record import Record
from jobfactory_core.argv import BareFlag
from jobfactory_core.coercion import CoercionError, coerce, type_name
from jobfactory_core.errors import ParameterError

_CO_VARKEYWORDS = 0x08


class _Required:
    """The default of a parameter that has none."""

    def __repr__(self) -> str:
        return "<required>"


REQUIRED: Any = _Required()


class ParamSpec(NamedTuple):
    """One parameter of a job: name, annotation, default (``REQUIRED`` if none)."""

    name: str
    annotation: Any
    default: Any

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def type_name(self) -> str:
        return type_name(self.annotation)


class Signature(NamedTuple):
    """What a job's ``execute`` accepts."""

    params: tuple[ParamSpec, ...]
    accepts_kwargs: bool

    def names(self) -> list[str]:
        return [p.name for p in self.params]


class BoundParams(Record):
    """The outcome of binding: typed keyword arguments and the warnings worth logging."""

    __slots__ = ("kwargs", "unknown", "warnings")

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.kwargs = kwargs
        self.unknown: list[str] = []
        self.warnings: list[str] = []


def signature_of(func: Callable[..., Any]) -> Signature:
    """Parameter names, resolved annotations and defaults of ``func`` (``self`` excluded).

    Read from the code object rather than :func:`inspect.signature`, which would cost every
    run ~5 ms of imports; callables without a code object fall back to :mod:`inspect`.
    """
    target: Any = func
    while hasattr(target, "__wrapped__"):
        target = target.__wrapped__
    code = getattr(target, "__code__", None)
    if code is None:
        return _signature_via_inspect(func)
    try:
        hints = typing.get_type_hints(target)
    except Exception:  # an unresolvable forward reference: fall back to raw annotations
        hints = dict(getattr(target, "__annotations__", {}))
    positional = code.co_varnames[: code.co_argcount]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    defaults = target.__defaults__ or ()
    kwdefaults = target.__kwdefaults__ or {}
    first_default = len(positional) - len(defaults)
    specs = []
    for index, name in enumerate(positional + keyword_only):
        if index < code.co_posonlyargcount or name == "self":
            continue  # keyword binding cannot reach positional-only parameters
        if index < len(positional):
            default = defaults[index - first_default] if index >= first_default else REQUIRED
        else:
            default = kwdefaults.get(name, REQUIRED)
        specs.append(ParamSpec(name, _annotation(hints.get(name), default), default))
    return Signature(tuple(specs), bool(code.co_flags & _CO_VARKEYWORDS))


def _annotation(hint: Any, default: Any) -> Any:
    """An unannotated parameter takes its default's type, or anything."""
    if hint is not None:
        return hint
    return Any if default is REQUIRED or default is None else type(default)


def _signature_via_inspect(func: Callable[..., Any]) -> Signature:
    import inspect

    specs = []
    accepts_kwargs = False
    hints = typing.get_type_hints(func) if hasattr(func, "__annotations__") else {}
    for param in inspect.signature(func).parameters.values():
        if param.kind is param.VAR_KEYWORD:
            accepts_kwargs = True
        elif param.kind not in (param.VAR_POSITIONAL, param.POSITIONAL_ONLY):
            default = REQUIRED if param.default is param.empty else param.default
            specs.append(
                ParamSpec(param.name, _annotation(hints.get(param.name), default), default)
            )
    return Signature(tuple(specs), accepts_kwargs)


def _suggest(name: str, candidates: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean --{close[0]}?)" if close else ""


def strict_from_env() -> bool:
    """``JOBFACTORY_STRICT_PARAMS``: unknown parameters are errors rather than warnings."""
    import os

    return os.environ.get("JOBFACTORY_STRICT_PARAMS", "").strip().lower() in (
        "1",
        "true",
        "yes",
        "on",
    )


def _takes_bare_flag(annotation: Any) -> bool:
    """A bare ``--flag`` means true: for ``bool`` (or ``bool | None``) and untyped parameters."""
    if annotation is bool or annotation is Any or annotation is object:
        return True
    args = typing.get_args(annotation)
    return bool(args) and bool in args and all(a in (bool, type(None)) for a in args)


def _reason(spec: ParamSpec, value: Any, error: CoercionError) -> str:
    """Why ``value`` does not fit, never quoting it when the parameter is secret.

    A secret parameter (secret-looking name, or resolved from a ``secret://`` reference) may
    hold a value too short to be scrubbed from text, so its error says "the given value
    (hidden)" whatever the length.
    """
    from jobfactory_core.redaction import REDACTOR

    message = str(error)
    if not REDACTOR.is_secret(spec.name):
        return message
    quoted = repr(value)
    rest = message[len(quoted) :] if message.startswith(quoted + " ") else ""
    text = value if isinstance(value, str) else quoted
    if rest and text not in rest and quoted not in rest:
        return f"the given value (hidden){rest}"
    return f"the given value (hidden) is not a valid {spec.type_name}"


def bind(
    raw: Mapping[str, Any],
    signature: Signature,
    *,
    strict: bool = False,
    ignore: Collection[str] = (),
) -> BoundParams:
    """Bind ``raw`` to ``signature``; raise one :class:`ParameterError` listing every problem.

    Names in ``ignore`` (injected by the entry point or reserved by a platform) are passed to
    a parameter of that name if ``execute`` declares one, and otherwise dropped silently.
    Unknown names warn with a suggestion, are errors when ``strict``, and reach ``**kwargs``
    when ``execute`` has one.
    """
    problems: list[str] = []
    kwargs: dict[str, Any] = {}
    known = {p.name for p in signature.params}
    for spec in signature.params:
        if spec.name not in raw:
            if spec.required:
                problems.append(f"--{spec.name} is required ({spec.type_name})")
            continue
        if isinstance(raw[spec.name], BareFlag) and not _takes_bare_flag(spec.annotation):
            problems.append(
                f"--{spec.name} was given without a value: pass --{spec.name} VALUE "
                f"({spec.type_name}; only bool parameters are bare flags)"
            )
            continue
        try:
            kwargs[spec.name] = coerce(raw[spec.name], spec.annotation)
        except CoercionError as error:
            problems.append(f"--{spec.name}: {_reason(spec, raw[spec.name], error)}")
    unknown = [k for k in raw if k not in known and k not in ignore]
    bound = BoundParams(kwargs)
    for name in unknown:
        if signature.accepts_kwargs:
            kwargs[name] = raw[name]
            continue
        bound.unknown.append(name)
        message = f"--{name} is not a parameter of this job{_suggest(name, known)}"
        if strict or problems:  # the run fails anyway: the likely typo explains the error
            problems.append(message)
        else:
            bound.warnings.append(message + "; ignored")
    if problems:
        raise ParameterError(problems)
    _register_secret_items(kwargs)
    return bound


def _register_secret_items(kwargs: Mapping[str, Any]) -> None:
    """Mask each item of a bound secret value (``api_tokens=a,b`` is two secrets, not one)."""
    from jobfactory_core.redaction import REDACTOR

    for name, value in kwargs.items():
        if not isinstance(value, str) and REDACTOR.is_secret(name):
            REDACTOR.register_leaves(value)
