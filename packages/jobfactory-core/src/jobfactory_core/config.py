"""Configuration files: job parameters and jobfactory settings, with per-environment overlays.

Layout (TOML shown; JSON and YAML have the same shape)::

    [params]                 # base job parameters
    input_path = "data/in"
    [jobfactory]             # base jobfactory settings (notifiers, spark_conf, ...)
    [env.prod.params]        # overlay selected by --env prod or JOBFACTORY_ENV=prod
    input_path = "s3://bucket/in"
    [env.prod.jobfactory]

Precedence: command line > environment overlay > base > the job's defaults. Parameter
names fold ``-`` to ``_`` as on the command line; settings tables (``spark_conf``) merge key
by key, other settings and parameters are replaced whole by the overlay. Loaders are
pluggable by URL scheme (entry-point group ``jobfactory.config_loaders``: ``s3://`` with
``jobfactory-core[aws]``); plain paths and ``file://`` are read here without touching package
metadata. Values may be ``secret://`` references; the entry resolves them after merging.
"""

from __future__ import annotations

import json
import pathlib
import sys
from dataclasses import dataclass, field
from typing import Any, Protocol

from jobfactory_core.errors import ConfigError
from jobfactory_core.files import MAX_CONFIG_BYTES, UnreadableFile, read_regular_file

CONFIG_LOADERS_GROUP = "jobfactory.config_loaders"
_TOP_LEVEL = frozenset({"params", "jobfactory", "env"})
#: Most values (tables, lists, scalars) a parsed configuration may hold once YAML aliases are
#: expanded; a real configuration holds a few hundred.
MAX_CONFIG_VALUES = 100_000
#: Deepest nesting a configuration may have.
MAX_CONFIG_DEPTH = 32


class ConfigLoader(Protocol):
    """Fetches the bytes of a configuration by reference (``s3://...``, ``/Volumes/...``)."""

    def load(self, ref: str) -> bytes: ...


@dataclass
class LoadedConfig:
    """Merged parameters and settings, and where each parameter came from."""

    params: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def _scheme(ref: str) -> str | None:
    head, sep, _ = ref.partition("://")
    return head.lower() if sep and head.isidentifier() else None


def read_bytes(ref: str) -> bytes:
    """Read a configuration from a path or a URL handled by a registered loader."""
    from jobfactory_core.redaction import REDACTOR

    REDACTOR.register_url_credentials(ref)  # https://user:pass@..., ?token=...
    scheme = _scheme(ref)
    if scheme is None or scheme == "file":
        path = ref.removeprefix("file://")
        if not path:
            raise ConfigError("--config is empty: give the path of a TOML, JSON or YAML file")
        try:
            return read_regular_file(path, limit=MAX_CONFIG_BYTES)
        except UnreadableFile as error:
            raise ConfigError(f"--config {error}") from None
    from importlib.metadata import entry_points

    for ep in entry_points(group=CONFIG_LOADERS_GROUP):
        if ep.name == scheme:
            try:
                loader: ConfigLoader = ep.load()()
                data = loader.load(ref)
            except ConfigError:
                raise
            except Exception as error:  # a loader's own failure: one line, no traceback
                first = str(error).splitlines()[0] if str(error) else ""
                raise ConfigError(
                    f"--config {ref}: the {scheme}:// loader failed: {type(error).__name__}"
                    + (f": {first}" if first else "")
                ) from None
            if len(data) > MAX_CONFIG_BYTES:
                raise ConfigError(
                    f"--config {ref}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MiB, "
                    "the most jobfactory reads from a configuration"
                )
            return data
    raise ConfigError(
        f"--config {ref}: no loader for {scheme}:// (install the package that provides it, "
        f"e.g. jobfactory-core[aws] for s3://)"
    )


def parse(ref: str, data: bytes) -> dict[str, Any]:
    """Parse by extension: .toml, .json, .yaml/.yml (PyYAML needed for YAML)."""
    suffix = pathlib.PurePosixPath(ref.split("?", 1)[0]).suffix.lower()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"--config {ref}: not UTF-8 text") from None
    try:
        if suffix == ".toml":
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # Python 3.10
                import tomli as tomllib
            loaded: Any = tomllib.loads(text)
        elif suffix == ".json":
            loaded = json.loads(text)
        elif suffix in (".yaml", ".yml"):
            try:
                import yaml  # type: ignore[import-untyped,unused-ignore]
            except ModuleNotFoundError:
                raise ConfigError(
                    f"--config {ref}: YAML needs PyYAML (pip install pyyaml), or use TOML/JSON"
                ) from None
            loaded = yaml.safe_load(text)
        else:
            raise ConfigError(
                f"--config {ref}: unknown format {suffix or '(none)'}; use .toml, .json or .yaml"
            )
    except ConfigError:
        raise
    except Exception as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigError(f"--config {ref}: not valid {suffix[1:].upper()}: {first}") from None
    if not isinstance(loaded, dict):
        raise ConfigError(f"--config {ref}: the top level must be a table/object")
    check_expansion(loaded, ref)
    return loaded


def check_expansion(document: Any, ref: str) -> None:
    """Refuse a document that expands beyond what its file could hold.

    YAML aliases let a few hundred bytes stand for billions of values (a "billion laughs"
    document) or for a cycle; such a document is refused here, before anything copies,
    logs or sends it. The walk itself is bounded: it stops at the first limit passed.
    """
    stack: list[tuple[Any, int]] = [(document, 0)]
    values = chars = 0
    while stack:
        value, depth = stack.pop()
        values += 1
        if values > MAX_CONFIG_VALUES:
            raise ConfigError(
                f"--config {ref}: expands to more than {MAX_CONFIG_VALUES} values (YAML "
                "aliases inside aliases, or a cycle?); write the values out instead"
            )
        if depth > MAX_CONFIG_DEPTH:
            raise ConfigError(
                f"--config {ref}: nested deeper than {MAX_CONFIG_DEPTH} levels "
                "(a cycle of YAML aliases?)"
            )
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, dict):
            chars += sum(len(str(k)) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        if chars > MAX_CONFIG_BYTES:
            raise ConfigError(
                f"--config {ref}: its text expands beyond {MAX_CONFIG_BYTES // (1024 * 1024)} MiB "
                "(YAML aliases repeating long strings?); write the values out instead"
            )


def _table(value: Any, ref: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"--config {ref}: [{where}] must be a table/object")
    return value


def _params(table: dict[str, Any], ref: str, where: str) -> dict[str, Any]:
    """Parameter names as the command line spells them (``-`` folded to ``_``)."""
    out: dict[str, Any] = {}
    for name, value in table.items():
        key = str(name).replace("-", "_")
        if not (key.isascii() and key.isidentifier()):
            raise ConfigError(
                f"--config {ref}: [{where}] has the parameter name {str(name)[:80]!r}: use "
                "letters, digits, _ or - (as on the command line)"
            )
        if key in out:
            raise ConfigError(
                f"--config {ref}: [{where}] sets {key} twice (as {name!r} and another spelling)"
            )
        out[key] = value
    return out


def _merge_settings(into: dict[str, Any], overlay: dict[str, Any]) -> None:
    """Overlay settings: tables merge key by key (``spark_conf``), anything else is replaced."""
    for name, value in overlay.items():
        current = into.get(name)
        if isinstance(current, dict) and isinstance(value, dict):
            into[name] = {**current, **value}
        else:
            into[name] = value


def merge(document: dict[str, Any], ref: str, env: str | None) -> LoadedConfig:
    """Apply base then the ``env`` overlay; an unknown section or environment is an error."""
    unknown = sorted(set(document) - _TOP_LEVEL)
    if unknown:
        raise ConfigError(
            f"--config {ref}: unknown section(s) {', '.join(unknown)}; "
            "use [params], [jobfactory] and [env.NAME.params|jobfactory]"
        )
    out = LoadedConfig()
    for name, value in _params(
        _table(document.get("params"), ref, "params"), ref, "params"
    ).items():
        out.params[name] = value
        out.sources[name] = "config"
    _merge_settings(out.settings, _table(document.get("jobfactory"), ref, "jobfactory"))
    envs = _table(document.get("env"), ref, "env")
    if env is not None:
        if env not in envs:
            known = ", ".join(sorted(envs)) or "none"
            raise ConfigError(f"--config {ref}: no environment {env!r} (defined: {known})")
        overlay = _table(envs[env], ref, f"env.{env}")
        extra = sorted(set(overlay) - {"params", "jobfactory"})
        if extra:
            raise ConfigError(
                f"--config {ref}: unknown section(s) in env.{env}: {', '.join(extra)}"
            )
        where = f"env.{env}.params"
        for name, value in _params(_table(overlay.get("params"), ref, where), ref, where).items():
            out.params[name] = value
            out.sources[name] = f"config env.{env}"
        _merge_settings(
            out.settings, _table(overlay.get("jobfactory"), ref, f"env.{env}.jobfactory")
        )
    return out


def load_config(ref: str, env: str | None) -> LoadedConfig:
    """Read, parse and merge one configuration for environment ``env``."""
    return merge(parse(ref, read_bytes(ref)), ref, env)
