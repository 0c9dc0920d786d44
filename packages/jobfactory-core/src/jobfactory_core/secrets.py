"""Secret references: ``secret://PROVIDER/PATH`` parameter values resolved at bind time.

Built in: ``env`` (``secret://env/DB_PASSWORD``) and ``file`` (``secret://file/path.toml#key``,
a TOML or JSON file, ``#a.b`` for nested keys). More come from the entry-point group
``jobfactory.secret_providers`` (AWS Secrets Manager, SSM, Databricks scopes). A resolved value
is registered for redaction before anything else can see it; errors name the parameter and
the reference, never the value.
"""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Mapping
from typing import Any, Protocol

from jobfactory_core.errors import ConfigError
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
    """``secret://file/PATH#KEY``: a key in a TOML or JSON file (a mounted secret)."""

    def get(self, path: str) -> str:
        file_part, _, key = path.partition("#")
        file = pathlib.Path(file_part)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise SecretNotFound(f"cannot read {file_part}: {error.strerror}") from None
        if not key:
            return text.strip()
        try:
            if file.suffix.lower() == ".json":
                data: Any = json.loads(text)
            else:
                try:
                    import tomllib
                except ModuleNotFoundError:  # Python 3.10
                    import tomli as tomllib
                data = tomllib.loads(text)
        except Exception:
            raise SecretNotFound(f"{file_part} is not valid TOML/JSON") from None
        for part in key.split("."):
            if not isinstance(data, dict) or part not in data:
                raise SecretNotFound(f"{file_part} has no key {key!r}")
            data = data[part]
        if isinstance(data, dict | list):
            raise SecretNotFound(f"{file_part} key {key!r} is a table, not a value")
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


def resolve(reference: str) -> str:
    """Resolve one ``secret://`` reference (raises :class:`SecretNotFound`)."""
    name, sep, path = reference[len(SCHEME) :].partition("/")
    if not sep or not name or not path:
        raise SecretNotFound("expected secret://PROVIDER/PATH")
    return provider_for(name).get(path)


def resolve_params(
    params: Mapping[str, Any], redactor: Redactor = REDACTOR
) -> tuple[dict[str, Any], set[str]]:
    """Replace every secret reference in ``params``; return the params and the secret names.

    Every problem is collected into one :class:`ConfigError` (exit 2, nothing ran).
    """
    out = dict(params)
    resolved: set[str] = set()
    problems: list[str] = []
    for name, value in params.items():
        if not is_reference(value):
            continue
        try:
            secret = resolve(value)
        except SecretNotFound as error:
            problems.append(f"--{name}: cannot resolve {value}: {redactor.redact(str(error))}")
            continue
        except Exception as error:  # a provider's own failure (network, permissions)
            problems.append(
                f"--{name}: cannot resolve {value}: {type(error).__name__}: "
                f"{redactor.redact(str(error))}"
            )
            continue
        redactor.register(secret)
        redactor.mark_secret_name(name)
        out[name] = secret
        resolved.add(name)
    if problems:
        raise ConfigError("; ".join(problems))
    return out, resolved
