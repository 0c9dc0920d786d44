"""Bind raw parameters to a job's ``execute`` signature: coerce, validate, report all at once."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobfactory_core.coercion import CoercionError, coerce, type_name
from jobfactory_core.errors import ParameterError


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a job: name, annotation, default (``REQUIRED`` if none)."""

    name: str
    annotation: Any
    default: Any

    @property
    def required(self) -> bool:
        return self.default is inspect.Parameter.empty

    @property
    def type_name(self) -> str:
        return type_name(self.annotation)


@dataclass(frozen=True)
class Signature:
    """What a job's ``execute`` accepts."""

    params: tuple[ParamSpec, ...]
    accepts_kwargs: bool

    def names(self) -> list[str]:
        return [p.name for p in self.params]


@dataclass
class BoundParams:
    """The outcome of binding: typed keyword arguments and the warnings worth logging."""

    kwargs: dict[str, Any]
    unknown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def signature_of(func: Callable[..., Any]) -> Signature:
    """Read parameter names, resolved annotations and defaults of ``func`` (self excluded)."""
    sig = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func)
    except Exception:  # an unresolvable forward reference: fall back to raw annotations
        hints = {}
    specs = []
    accepts_kwargs = False
    for param in sig.parameters.values():
        if param.kind is param.VAR_KEYWORD:
            accepts_kwargs = True
            continue
        if param.kind is param.VAR_POSITIONAL or param.name == "self":
            continue
        annotation = hints.get(param.name, param.annotation)
        if annotation is inspect.Parameter.empty:
            annotation = (
                Any if param.default in (inspect.Parameter.empty, None) else type(param.default)
            )
        specs.append(ParamSpec(param.name, annotation, param.default))
    return Signature(tuple(specs), accepts_kwargs)


def _suggest(name: str, candidates: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean --{close[0]}?)" if close else ""


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
        try:
            kwargs[spec.name] = coerce(raw[spec.name], spec.annotation)
        except CoercionError as error:
            problems.append(f"--{spec.name}: {error}")
    unknown = [k for k in raw if k not in known and k not in ignore]
    bound = BoundParams(kwargs)
    for name in unknown:
        if signature.accepts_kwargs:
            kwargs[name] = raw[name]
            continue
        bound.unknown.append(name)
        message = f"--{name} is not a parameter of this job{_suggest(name, known)}"
        if strict:
            problems.append(message)
        else:
            bound.warnings.append(message + "; ignored")
    if problems:
        raise ParameterError(problems)
    return bound
