"""Build notifiers from the ``notifiers`` list of a configuration's ``[jobfactory]`` settings.

Each entry is a table with a ``type``. ``log`` and ``webhook`` are built in (no package
metadata is read for them); any other type is looked up by name in the entry-point group
``jobfactory.notifiers`` (``sns`` comes with ``jobfactory-core[aws]``), whose objects are
callables ``build(spec) -> Notifier``. String options, and the string values of table options
(``headers``), may be secret references (``url = "secret://env/SLACK_WEBHOOK_URL"``), resolved
and registered for redaction here.
A mistake is a :class:`ConfigError` (exit 2, nothing ran) naming the entry and the fix.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from jobfactory_core.errors import ConfigError
from jobfactory_core.notify import EventKind, LogNotifier, Notifier, Notifiers

NOTIFIERS_GROUP = "jobfactory.notifiers"
BUILTIN_TYPES = ("log", "webhook")
#: Options every notifier type accepts.
COMMON_OPTIONS = frozenset({"type", "events"})


def where(spec: Mapping[str, Any]) -> str:
    """How messages name one notifier entry: ``[jobfactory] notifiers[1] (webhook)``."""
    index = spec.get("__index__", "?")
    return f"[jobfactory] notifiers[{index}] ({spec.get('type', '?')})"


def check_options(spec: Mapping[str, Any], allowed: set[str] | frozenset[str]) -> None:
    """Reject options a notifier type does not know (a typo must not be silently ignored)."""
    unknown = sorted(set(spec) - set(allowed) - COMMON_OPTIONS - {"__index__"})
    if unknown:
        known = ", ".join(sorted(set(allowed) | COMMON_OPTIONS))
        raise ConfigError(f"{where(spec)}: unknown option(s) {', '.join(unknown)} (known: {known})")


def option_str(spec: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    value = spec.get(name)
    if value is None:
        if required:
            raise ConfigError(f"{where(spec)}: {name} is required")
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where(spec)}: {name} must be a non-empty string")
    return value


def option_number(spec: Mapping[str, Any], name: str, default: float, *, minimum: float) -> float:
    value = spec.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{where(spec)}: {name} must be a number, got {value!r}")
    if value < minimum:
        raise ConfigError(f"{where(spec)}: {name} must be at least {minimum:g}, got {value!r}")
    return float(value)


def option_bool(spec: Mapping[str, Any], name: str, default: bool) -> bool:
    value = spec.get(name, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where(spec)}: {name} must be true or false, got {value!r}")
    return value


def option_events(spec: Mapping[str, Any]) -> frozenset[EventKind] | None:
    """``events = ["failed"]`` selects the kinds delivered; absent means all."""
    value = spec.get("events")
    if value is None:
        return None
    known = ", ".join(k.value for k in EventKind)
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where(spec)}: events must be a non-empty list of {known}")
    kinds = set()
    for item in value:
        try:
            kinds.add(EventKind(str(item).lower()))
        except ValueError:
            raise ConfigError(
                f"{where(spec)}: unknown event {item!r} in events (known: {known})"
            ) from None
    return frozenset(kinds)


def _build_log(spec: Mapping[str, Any]) -> Notifier:
    check_options(spec, set())
    return LogNotifier()


def _build_webhook(spec: Mapping[str, Any]) -> Notifier:
    from jobfactory_core.webhook import WebhookNotifier

    check_options(spec, {"url", "timeout", "retries", "backoff", "format", "headers"})
    url = option_str(spec, "url", required=True)
    assert url is not None
    fmt = option_str(spec, "format") or "full"
    if fmt not in ("full", "text"):
        raise ConfigError(f"{where(spec)}: format must be 'full' or 'text', got {fmt!r}")
    headers = spec.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise ConfigError(f"{where(spec)}: headers must be a table of strings")
    try:
        return WebhookNotifier(
            url,
            timeout=option_number(spec, "timeout", 5.0, minimum=0.1),
            retries=int(option_number(spec, "retries", 2, minimum=0)),
            backoff=option_number(spec, "backoff", 0.5, minimum=0),
            events=option_events(spec),
            text_only=fmt == "text",
            headers={str(k): v for k, v in headers.items()},
        )
    except ValueError as error:
        raise ConfigError(f"{where(spec)}: {error}") from None


_BUILTIN: dict[str, Callable[[Mapping[str, Any]], Notifier]] = {
    "log": _build_log,
    "webhook": _build_webhook,
}


def _builder(kind: str, spec: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], Notifier]:
    builtin = _BUILTIN.get(kind)
    if builtin is not None:
        return builtin
    from importlib.metadata import entry_points

    for ep in entry_points(group=NOTIFIERS_GROUP):
        if ep.name == kind:
            builder: Callable[[Mapping[str, Any]], Notifier] = ep.load()
            return builder
    known = sorted({*BUILTIN_TYPES, *(ep.name for ep in entry_points(group=NOTIFIERS_GROUP))})
    hint = " (sns needs jobfactory-core[aws])" if kind == "sns" else ""
    raise ConfigError(
        f"{where(spec)}: notifier type {kind!r} is not known{hint}; known: {', '.join(known)}"
    )


def _resolve_secrets(spec: dict[str, Any]) -> None:
    """Replace ``secret://`` option values in place: top-level strings (a webhook URL holding
    a token) and the string values of table options (``headers = { X-Api-Key = "secret://..."
    }``). Each value is registered for redaction; a failure names the option, never a value."""
    from jobfactory_core.secrets import is_reference, resolve_registered

    def resolved(name: str, value: str) -> str:
        try:
            return resolve_registered(value)
        except ConfigError as error:
            raise ConfigError(f"{where(spec)}: {name}: {error}") from None

    for name, value in list(spec.items()):
        if is_reference(value):
            spec[name] = resolved(name, value)
        elif isinstance(value, dict) and any(is_reference(v) for v in value.values()):
            spec[name] = {
                key: resolved(f"{name}.{key}", item) if is_reference(item) else item
                for key, item in value.items()
            }


def build_notifier(spec: Mapping[str, Any]) -> Notifier:
    """One notifier from one configuration entry."""
    entry = dict(spec)
    kind = entry.get("type")
    if not isinstance(kind, str) or not kind:
        raise ConfigError(
            f"{where(entry)}: each notifier needs a type (built in: {', '.join(BUILTIN_TYPES)})"
        )
    entry["type"] = kind = kind.lower()
    _resolve_secrets(entry)
    return _builder(kind, entry)(entry)


def build_notifiers(specs: Any) -> Notifiers:
    """All notifiers of ``[jobfactory] notifiers`` (exactly those: add ``{type = "log"}``
    to keep the log lines alongside a webhook)."""
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise ConfigError(
            '[jobfactory] notifiers must be a list of tables, e.g. [{ type = "log" }]'
        )
    return Notifiers([build_notifier({**spec, "__index__": i}) for i, spec in enumerate(specs)])
