"""The base command-line dialect every environment's entry point extends.

``--k v``, ``--k=v``, a bare ``--flag`` meaning ``true``, hyphens folded to underscores.
Two spellings of one key, a repeated key and a stray positional token are usage errors, so
a typo in an orchestrator's template fails loudly instead of running with a wrong value.
Keys an environment reserves (Glue's ``--JOB_NAME``, say) go to ``reserved``, never to the job.
"""

from __future__ import annotations

from jobfactory_core.errors import UsageError
from jobfactory_core.redaction import is_secret_name

#: Options the entry point consumes itself; never passed to the job as parameters.
ENTRY_OPTIONS: frozenset[str] = frozenset(
    {
        "module_name",
        "job",
        "help",
        "explain",
        "debug",
        "config",
        "env",
        "has_spark",
        "spark_master",
        "spark_remote",
        "spark_conf",
    }
)
#: Entry options that are flags (a bare ``--debug``); every other entry option needs a value.
FLAG_OPTIONS: frozenset[str] = frozenset({"help", "explain", "debug", "has_spark"})
#: Entry options that may be given more than once (values accumulate in order).
MULTI_OPTIONS: frozenset[str] = frozenset({"spark_conf"})
#: Every ``spark_*`` name is the entry's (present and future Spark options).
OWNED_PREFIXES: tuple[str, ...] = ("spark_",)


class BareFlag(str):
    """The ``"true"`` of a bare ``--flag``: binds to ``bool`` parameters only.

    A ``str`` so plain ``main(**kwargs)`` modules keep receiving ``"true"``; binding tells it
    apart from a typed ``--name true`` and refuses it for any other type, so a forgotten value
    (``--name --times 2``) is an error instead of the name "true".
    """

    __slots__ = ()


BARE = BareFlag("true")


# Plain slotted classes rather than dataclasses: these sit on every run's start-up path and a
# dataclass decorator costs ~0.4 ms at import.
class ParsedArgs:
    """argv split three ways: entry options, job parameters, platform-reserved arguments."""

    __slots__ = ("multi", "options", "params", "reserved")

    def __init__(self) -> None:
        self.options: dict[str, str] = {}
        self.multi: dict[str, list[str]] = {}
        self.params: dict[str, str] = {}
        self.reserved: dict[str, str] = {}

    def __repr__(self) -> str:
        return (
            f"ParsedArgs(options={self.options!r}, multi={self.multi!r}, "
            f"params={self.params!r}, reserved={self.reserved!r})"
        )


class ArgvDialect:
    """How one environment spells its command line.

    ``reserved`` names arguments the platform itself passes (kept verbatim, with their
    original spelling, in the run context); ``reserved_prefixes`` does the same by prefix.
    """

    __slots__ = ("entry_options", "multi_options", "reserved", "reserved_prefixes")

    def __init__(
        self,
        reserved: frozenset[str] = frozenset(),
        reserved_prefixes: tuple[str, ...] = (),
        entry_options: frozenset[str] = ENTRY_OPTIONS,
        multi_options: frozenset[str] = MULTI_OPTIONS,
    ) -> None:
        self.reserved = reserved
        self.reserved_prefixes = reserved_prefixes
        self.entry_options = entry_options
        self.multi_options = multi_options

    def owns(self, name: str) -> bool:
        """Whether a job parameter called ``name`` would be taken by the entry or platform."""
        return (
            name in self.entry_options
            or name.startswith(OWNED_PREFIXES)
            or self.is_reserved(name, name)
            or any(name == r.replace("-", "_") for r in self.reserved)
        )

    def owned_names(self) -> list[str]:
        """The names :meth:`owns` refuses, for messages and ``--help``."""
        names = set(self.entry_options) | {r.replace("-", "_") for r in self.reserved}
        shown = sorted(n for n in names if not n.startswith(OWNED_PREFIXES))
        shown += [f"{p}*" for p in OWNED_PREFIXES]
        shown += [f"{p.replace('-', '_')}*" for p in self.reserved_prefixes]
        return shown

    def is_reserved(self, raw_key: str, key: str) -> bool:
        return (
            raw_key in self.reserved
            or key in self.reserved
            or any(raw_key.startswith(p) for p in self.reserved_prefixes)
        )

    def tokens(self, argv: list[str]) -> list[tuple[str, str, str | None]]:
        """Split argv into ``(raw_key, folded_key, value-or-None)``; None means bare flag."""
        out: list[tuple[str, str, str | None]] = []
        i = 0
        while i < len(argv):
            token = argv[i]
            if token in ("-h",):
                token = "--help"
            if not token.startswith("--") or token == "--":
                shown = repr(token)
                if out and is_secret_name(out[-1][1]):  # ``--password= VALUE``: never quote it
                    shown = f"after --{out[-1][0]} (not shown: it may be that option's secret)"
                raise UsageError(
                    f"unexpected argument {shown}: every argument must be --name value or "
                    f"--name=value (quote a value that contains spaces)"
                )
            body = token[2:]
            value: str | None
            if "=" in body:
                raw_key, value = body.split("=", 1)
            else:
                raw_key = body
                nxt = argv[i + 1] if i + 1 < len(argv) else None
                if nxt is not None and not nxt.startswith("--"):
                    value = nxt
                    i += 1
                else:
                    value = None
            key = raw_key.replace("-", "_")
            if raw_key.startswith("-"):
                raise UsageError(
                    f"invalid option name {'--' + raw_key!r}: too many dashes; write --name value"
                )
            if not (key.isascii() and key.isidentifier()):
                raise UsageError(
                    f"invalid option name {'--' + raw_key!r}: use letters, digits, _ or -"
                )
            out.append((raw_key, key, value))
            i += 1
        return out

    def parse(self, argv: list[str]) -> ParsedArgs:
        """Parse argv; raise :class:`UsageError` naming the offending token on any ambiguity."""
        parsed = ParsedArgs()
        spelled: dict[str, str] = {}
        reserved_spelled: dict[str, str] = {}
        for raw_key, key, value in self.tokens(argv):
            if self.is_reserved(raw_key, key):
                _check_once(reserved_spelled, raw_key, key)
                # Under the platform's own spelling (``--run-id`` is ``run_id``), so the
                # platform reads it whichever way the task spelled it.
                name = key if raw_key not in self.reserved and key in self.reserved else raw_key
                parsed.reserved[name] = BARE if value is None else value
                continue
            if value is None and key in self.entry_options and key not in FLAG_OPTIONS:
                raise UsageError(f"--{raw_key} needs a value: --{raw_key} VALUE")
            if value == "" and key in self.entry_options and key not in FLAG_OPTIONS:
                raise UsageError(
                    f"--{raw_key} has an empty value: --{raw_key} VALUE, or leave it out"
                )
            if key in self.multi_options:
                parsed.multi.setdefault(key, []).append(BARE if value is None else value)
                continue
            _check_once(spelled, raw_key, key)
            target = parsed.options if key in self.entry_options else parsed.params
            target[key] = BARE if value is None else value
        return parsed


def _check_once(spelled: dict[str, str], raw_key: str, key: str) -> None:
    """Record ``key``'s spelling; a key already given (in any spelling) is a usage error."""
    previous = spelled.get(key)
    if previous is not None:
        if previous != raw_key:
            raise UsageError(
                f"--{previous} and --{raw_key} are two spellings of one parameter "
                f"({key}): pass it once"
            )
        raise UsageError(f"--{raw_key} given twice: pass it once")
    spelled[key] = raw_key


BASE_DIALECT = ArgvDialect()
