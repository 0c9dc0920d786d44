"""Secret references: ``secret://PROVIDER/PATH`` parameter values resolved at bind time.

Built in: ``env`` (``secret://env/DB_PASSWORD``) and ``file`` (``secret://file/abs/path.toml#key``,
a TOML or JSON file, ``#a.b`` for nested keys). More come from the entry-point group
``jobfactory.secret_providers``: ``aws-secretsmanager`` (``secret://aws-secretsmanager/NAME``,
``NAME#json_key``) and ``aws-ssm`` (``secret://aws-ssm//path/to/param``) with
``jobfactory-core[aws]``; Databricks secret scopes with ``jobfactory-databricks``. A resolved
value is registered for redaction before anything else can see it; errors name the parameter
and the reference, never the value.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
from collections.abc import Mapping
from typing import Any, Protocol

from jobfactory_core.errors import ConfigError
from jobfactory_core.files import MAX_SECRET_FILE_BYTES, UnreadableFile, read_regular_file
from jobfactory_core.redaction import REDACTOR, Redactor

SCHEME = "secret://"
PROVIDERS_GROUP = "jobfactory.secret_providers"


class SecretNotFound(LookupError):
    """Raised by a provider; its message must describe the reference, never a value."""


class SecretProvider(Protocol):
    """Resolves the path part of ``secret://NAME/PATH`` to the secret's value."""

    def get(self, path: str) -> str: ...


class EnvSecretProvider:
    """``secret://env/VAR``: an environment variable (the platform injects it)."""

    def get(self, path: str) -> str:
        value = os.environ.get(path)
        if value is None:
            raise SecretNotFound(f"environment variable {path} is not set")
        return value


class FileSecretProvider:
    """``secret://file/PATH#KEY``: a key in a TOML or JSON file (a mounted secret).

    PATH is absolute, as in a URL: ``secret://file/run/secrets/db.toml`` reads
    ``/run/secrets/db.toml``. A path starting ``./`` or ``../`` is relative to the working
    directory (``secret://file/./local/db.toml``).
    """

    def get(self, path: str) -> str:
        file_part, _, key = path.partition("#")
        file = secret_file_path(file_part)
        file_part = str(file)
        try:
            data_bytes = read_regular_file(file_part, limit=MAX_SECRET_FILE_BYTES)
        except UnreadableFile as error:
            raise SecretNotFound(str(error)) from None
        try:
            text = data_bytes.decode("utf-8")
        except UnicodeDecodeError:
            raise SecretNotFound(f"{file_part} is not UTF-8 text") from None
        if not key:
            return text.strip()
        try:
            if file.suffix.lower() == ".json":
                data: Any = json.loads(text)
            else:
                if sys.version_info >= (3, 11):
                    import tomllib
                else:  # Python 3.10
                    import tomli as tomllib
                data = tomllib.loads(text)
        except Exception:
            raise SecretNotFound(f"{file_part} is not valid TOML/JSON") from None
        return lookup_key(data, key, file_part)


def secret_file_path(spec: str) -> pathlib.Path:
    """The file a ``secret://file/`` reference names (absolute unless it starts ``./``/``../``)."""
    if spec.startswith(("./", "../")):
        return pathlib.Path(spec)
    return pathlib.Path("/" + spec.lstrip("/"))


def lookup_key(data: Any, key: str, what: str) -> str:
    """The scalar at dotted ``key`` inside a parsed secret document (``a.b`` nests)."""
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            raise SecretNotFound(f"{what} has no key {key!r}")
        data = data[part]
    if isinstance(data, dict | list):
        raise SecretNotFound(f"{what} key {key!r} is a table/object, not a value")
    return str(data)


_BUILTIN: dict[str, type[SecretProvider]] = {"env": EnvSecretProvider, "file": FileSecretProvider}


def provider_for(name: str) -> SecretProvider:
    """The provider registered for ``name`` (built-ins without touching package metadata)."""
    builtin = _BUILTIN.get(name)
    if builtin is not None:
        return builtin()
    from importlib.metadata import entry_points

    for ep in entry_points(group=PROVIDERS_GROUP):
        if ep.name == name:
            provider: SecretProvider = ep.load()()
            return provider
    raise SecretNotFound(
        f"unknown secret provider {name!r} (built in: env, file; others come with "
        "jobfactory-core[aws] or jobfactory-databricks)"
    )


def is_reference(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SCHEME)


def resolve(reference: str, providers: dict[str, SecretProvider] | None = None) -> str:
    """Resolve one ``secret://`` reference (raises :class:`SecretNotFound`).

    ``providers`` caches provider instances across references (one AWS client per run).
    """
    name, sep, path = reference[len(SCHEME) :].partition("/")
    if not sep or not name or not path:
        raise SecretNotFound("expected secret://PROVIDER/PATH")
    cache = {} if providers is None else providers
    provider = cache.get(name)
    if provider is None:
        provider = cache[name] = provider_for(name)
    return provider.get(path)


def describe_failure(error: Exception, redactor: Redactor = REDACTOR) -> str:
    """One redacted line for a failed resolution (a provider's own errors keep their type)."""
    text = redactor.redact(str(error).splitlines()[0] if str(error) else "")
    if isinstance(error, SecretNotFound):
        return text or "not found"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def resolve_registered(
    reference: str,
    providers: dict[str, SecretProvider] | None = None,
    redactor: Redactor = REDACTOR,
) -> str:
    """Resolve ``reference`` and register the value (and, for a JSON document, each string in
    it) for redaction.

    Any failure (not found, or a provider's own: network, rights) becomes one
    :class:`ConfigError` line ``cannot resolve REF: why`` that never holds a value.
    """
    try:
        secret = resolve(reference, providers)
    except Exception as error:
        raise ConfigError(
            f"cannot resolve {reference}: {describe_failure(error, redactor)}"
        ) from None
    redactor.register(secret)
    redactor.register_json_leaves(secret)  # a credentials document: each field too
    return secret


def resolve_params(
    params: Mapping[str, Any], redactor: Redactor = REDACTOR
) -> tuple[dict[str, Any], set[str]]:
    """Replace every secret reference in ``params``; return the params and the secret names.

    Every problem is collected into one :class:`ConfigError` (exit 2, nothing ran).
    """
    out = dict(params)
    resolved: set[str] = set()
    problems: list[str] = []
    providers: dict[str, SecretProvider] = {}
    for name, value in params.items():
        if not is_reference(value):
            continue
        try:
            secret = resolve_registered(value, providers, redactor)
        except ConfigError as error:
            problems.append(f"--{name}: {error}")
            continue
        redactor.mark_secret_name(name)
        out[name] = secret
        resolved.add(name)
    if problems:
        raise ConfigError("; ".join(problems))
    return out, resolved
