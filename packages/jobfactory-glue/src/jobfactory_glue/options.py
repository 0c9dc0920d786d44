"""Glue's command line: the arguments Glue owns, the entry's dialect, and ``getResolvedOptions``.

Glue runs the job script with its own arguments (``--JOB_RUN_ID``, ``--TempDir``,
``--job-bookmark-option``, metric and log flags, ...) mixed into the user's. The dialect moves
every Glue-owned one into the run context; :func:`get_resolved_options` answers exactly what
``awsglue.utils.getResolvedOptions`` answers, without awsglue installed. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from jobfactory_core._record import Record
from jobfactory_core.argv import ArgvDialect, ParsedArgs
from jobfactory_core.errors import UsageError

#: Glue's own arguments that always carry a value (``--k v`` or ``--k=v``).
GLUE_VALUE_ARGS: frozenset[str] = frozenset(
    {
        "JOB_ID",
        "JOB_RUN_ID",
        "JOB_NAME",
        "SECURITY_CONFIGURATION",
        "encryption-type",
        "job-bookmark-option",
        "job-bookmark-from",
        "job-bookmark-to",
        "continuation-option",
        "TempDir",
        "RedshiftTempDir",
        "scriptLocation",
        "job-language",
        "conf",
        "class",
        "extra-py-files",
        "extra-jars",
        "extra-files",
        "additional-python-modules",
        "python-modules-installer-option",
        "spark-event-logs-path",
        "datalake-formats",
        "customer-driver-env-vars",
        "customer-executor-env-vars",
        "executor-cores",
        "s3-py-modules",
    }
)
#: Glue's own switches: Glue passes them with ``true``/``false``/an empty value, or bare.
GLUE_FLAG_ARGS: frozenset[str] = frozenset(
    {
        "enable-data-lineage",
        "enable-metrics",
        "enable-observability-metrics",
        "enable-continuous-cloudwatch-log",
        "enable-continuous-log-filter",
        "enable-spark-ui",
        "enable-job-insights",
        "enable-glue-datacatalog",
        "enable-auto-scaling",
        "enable-rename-algorithm-v2",
        "enable-s3-parquet-optimized-committer",
        "enable-lakeformation-fine-grained-access",
        "auto-scale-within-microbatch",
        "user-jars-first",
        "disable-proxy-v2",
        "write-shuffle-files-to-s3",
        "write-shuffle-spills-to-s3",
    }
)
#: Families of Glue arguments (``--continuous-log-logGroup``, ...); all take a value.
GLUE_PREFIXES: tuple[str, ...] = ("continuous-log-",)
GLUE_ARGS: frozenset[str] = GLUE_VALUE_ARGS | GLUE_FLAG_ARGS
#: Values that may themselves start with ``-`` (pip options): the next token is the value.
_VERBATIM_VALUE = frozenset({"python-modules-installer-option"})
#: Glue refuses job arguments larger than this; large inputs belong in a config file.
MAX_ARGUMENT_BYTES = 256 * 1024

BOOKMARK_OPTION = "job-bookmark-option"
BOOKMARK_ENABLE, BOOKMARK_PAUSE, BOOKMARK_DISABLE = (
    "job-bookmark-enable",
    "job-bookmark-pause",
    "job-bookmark-disable",
)
#: awsglue's ``Job.continuation_options()``: the old spellings of the bookmark options.
_CONTINUATION = ("continuation-enabled", "continuation-readonly", "continuation-ignore")
_RANGE = ("job-bookmark-from", "job-bookmark-to")
_RUN_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,255}")


def _fold(name: str) -> str:
    return name.replace("-", "_")


_FOLDED_GLUE = {_fold(name): name for name in GLUE_ARGS}


class GlueDialect(ArgvDialect):
    """The base dialect plus Glue's own arguments, each in ``--k v`` or ``--k=v`` form."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(reserved=GLUE_ARGS, reserved_prefixes=GLUE_PREFIXES)

    def tokens(self, argv: list[str]) -> list[tuple[str, str, str | None]]:
        """Base tokens, after Glue's checks: sizes, values present, no look-alike names."""
        argv = _check_sizes(argv)
        # A pip option as a value (``--python-modules-installer-option --upgrade``) is a value.
        joined: list[str] = []
        i = 0
        while i < len(argv):
            if argv[i][2:] in _VERBATIM_VALUE and i + 1 < len(argv):
                joined.append(f"{argv[i]}={argv[i + 1]}")
                i += 2
                continue
            joined.append(argv[i])
            i += 1
        out = super().tokens(joined)
        for raw_key, key, value in out:
            if value is None and (raw_key in GLUE_VALUE_ARGS or raw_key.startswith(GLUE_PREFIXES)):
                raise UsageError(
                    f"--{raw_key} needs a value (--{raw_key} VALUE or --{raw_key}=VALUE); "
                    "check the job's DefaultArguments and the run's Arguments"
                )
            glue_name = _FOLDED_GLUE.get(key)
            if glue_name is not None and raw_key != glue_name:
                raise UsageError(
                    f"--{raw_key} is Glue's reserved argument --{glue_name}: a job parameter "
                    "cannot use that name; rename the parameter"
                )
        return out

    def parse(self, argv: list[str]) -> ParsedArgs:
        parsed = super().parse(argv)
        check_glue_args(parsed.reserved)
        return parsed


def _check_sizes(argv: list[str]) -> list[str]:
    for i, token in enumerate(argv):
        size = len(token.encode("utf-8", "surrogateescape"))
        if size > MAX_ARGUMENT_BYTES:
            name = token.split("=", 1)[0] if token.startswith("--") and "=" in token else None
            if name is None:
                before = argv[i - 1] if i > 0 else ""
                name = before if before.startswith("--") else "an argument"
            raise UsageError(
                f"{name} is {size // 1024} KB, over Glue's {MAX_ARGUMENT_BYTES // 1024} KB limit "
                "for job arguments: put large values in a config file and pass --config "
                "s3://bucket/conf.toml"
            )
    return argv


GLUE_DIALECT = GlueDialect()


class GlueArgs(Record):
    """Glue's own arguments of this run, typed: ``context.glue_args`` (``None`` where absent)."""

    __slots__ = (
        "attempt",
        "bookmark_from",
        "bookmark_option",
        "bookmark_to",
        "job_id",
        "job_name",
        "run_id",
        "temp_dir",
    )

    def __init__(self, reserved: Mapping[str, str]) -> None:
        self.job_name = reserved.get("JOB_NAME")
        self.job_id = reserved.get("JOB_ID")
        self.run_id = reserved.get("JOB_RUN_ID")
        #: Glue names a retry's run ``<first run id>_attempt_<n>``: attempt n + 1.
        match = re.search(r"_attempt_(\d+)$", self.run_id or "")
        self.attempt = int(match.group(1)) + 1 if match else 1
        resolved = resolve_glue_args(reserved)
        self.bookmark_option: str = resolved["job_bookmark_option"] or BOOKMARK_DISABLE
        self.bookmark_from = resolved["job_bookmark_from"]
        self.bookmark_to = resolved["job_bookmark_to"]
        self.temp_dir = resolved["TempDir"]


def resolve_glue_args(reserved: Mapping[str, str]) -> dict[str, str | None]:
    """``getResolvedOptions`` over Glue's own arguments only (bookmark defaults, TempDir)."""
    return get_resolved_options(["script", *(f"--{k}={v}" for k, v in reserved.items())], [])


def check_glue_args(reserved: Mapping[str, str]) -> None:
    """Refuse Glue arguments Glue itself would refuse (bookmark option, range, run id)."""
    resolve_glue_args(reserved)
    run_id = reserved.get("JOB_RUN_ID")
    if run_id is not None and not _RUN_ID.fullmatch(run_id):
        raise UsageError(
            f"--JOB_RUN_ID {run_id[:40]!r} is not a Glue run id (letters, digits, _ . : -)"
        )


# -- getResolvedOptions ---------------------------------------------------------------------
class _Option:
    """One ``add_argument`` of awsglue's parser: option string, dest, choices, required."""

    __slots__ = ("choices", "dest", "option", "required")

    def __init__(
        self, option: str, choices: tuple[str, ...] = (), *, required: bool = False
    ) -> None:
        self.option = option
        self.dest = option.lstrip("-").replace("-", "_")
        self.choices = choices
        self.required = required


_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")
_HELP = ("-h", "--help")


def _glue_options(keys: Sequence[str]) -> list[_Option]:
    """awsglue 5.1's parser, option by option, in its order; user keys last (required)."""
    for reserved in ("continuation-option", BOOKMARK_OPTION):
        if reserved in keys:
            raise UsageError(f"{reserved!r} is Glue's own argument: it cannot be a job option")
    options = [
        _Option("--" + BOOKMARK_OPTION, (BOOKMARK_ENABLE, BOOKMARK_PAUSE, BOOKMARK_DISABLE)),
        _Option("--continuation-option", _CONTINUATION),
    ]
    for name in _RANGE:
        if name in keys:
            raise UsageError(f"{name!r} is Glue's own argument: it cannot be a job option")
        options.append(_Option("--" + name))
    options += [_Option(f"--{n}") for n in ("JOB_ID", "JOB_RUN_ID", "SECURITY_CONFIGURATION")]
    options += [_Option("--encryption-type", ("sse-s3",)), _Option("--enable-data-lineage")]
    options += [_Option("--RedshiftTempDir"), _Option("--TempDir")]
    seen = {o.option for o in options} | set(_HELP)
    for key in keys:
        if key in ("RedshiftTempDir", "TempDir"):
            continue  # awsglue never requires these two
        option = "--" + key
        if option in seen or not option.lstrip("-"):
            raise UsageError(
                f"cannot resolve {key!r}: it is empty, repeated, or one of Glue's own arguments"
            )
        seen.add(option)
        options.append(_Option(option, required=True))
    return options


def get_resolved_options(argv: Sequence[str], keys: Sequence[str]) -> dict[str, str | None]:
    """What ``awsglue.utils.getResolvedOptions(argv, keys)`` returns, without awsglue.

    ``argv[0]`` is the script (skipped, as AWS's does). Every key must be present (``--k v``
    or ``--k=v``; the last one given wins); Glue's own arguments come back too, with the same
    defaults: ``job_bookmark_option`` falls back to the old ``--continuation-option`` and then
    ``job-bookmark-disable``, and ``TempDir``/``RedshiftTempDir`` stand in for each other.
    Where AWS's function raises, this raises :class:`UsageError` naming the argument. Unlike
    argparse (and like Glue 6) it never accepts an abbreviated option name.
    """
    options = _glue_options(list(keys))
    by_option = {o.option: o for o in options}
    result: dict[str, str | None] = {}
    for option in options:
        result.setdefault(option.dest, None)
    args = list(argv[1:])
    patterns = [_pattern(token, by_option) for token in args]
    if "--" in args:  # everything after a bare "--" is a value, as argparse has it
        cut = args.index("--")
        patterns = [*patterns[:cut], "-", *("A" * (len(args) - cut - 1))]
    given: set[str] = set()
    i = 0
    while i < len(args):
        token = args[i]
        if patterns[i] != "O":
            i += 1
            continue
        name, _, value = token.partition("=") if "=" in token else (token, "", "")
        name = token if token in by_option or token in _HELP else name
        if name in _HELP:
            raise UsageError(f"{token}: Glue's argument parser treats it as a request for help")
        spec = by_option.get(name)
        if spec is None:  # not one of the parser's options: ignored, as AWS's ignores it
            i += 1
            continue
        if name == token:  # --k VALUE: the value is the next plain token ("--" skipped)
            j = i + 1
            while j < len(args) and patterns[j] == "-":
                j += 1
            if j >= len(args) or patterns[j] != "A":
                raise UsageError(f"{name} needs a value ({name} VALUE or {name}=VALUE)")
            value = args[j]
            i = j + 1
            while i < len(args) and patterns[i] == "-":
                i += 1
        else:
            i += 1
        if spec.choices and value not in spec.choices:
            raise UsageError(f"{name} {value!r} is not one of: {', '.join(spec.choices)}")
        result[spec.dest] = value
        given.add(spec.option)
    missing = [o.option for o in options if o.required and o.option not in given]
    if missing:
        raise UsageError(
            f"missing job argument(s) {', '.join(missing)}: set them in the Glue job's "
            "DefaultArguments or the run's Arguments"
        )
    return _glue_defaults(result)


def _pattern(token: str, by_option: Mapping[str, _Option]) -> str:
    """argparse's classification: ``O`` an option string, ``A`` a value (3.11 rules)."""
    if not token or token[0] != "-":
        return "A"
    if token in by_option or token in _HELP:
        return "O"
    if len(token) == 1:
        return "A"
    if "=" in token and token.split("=", 1)[0] in by_option:
        return "O"
    if _NEGATIVE_NUMBER.match(token) or " " in token:
        return "A"
    return "O"


def _glue_defaults(parsed: dict[str, str | None]) -> dict[str, str | None]:
    """awsglue's post-processing, step for step."""
    if parsed.get("TempDir") is not None:
        parsed["RedshiftTempDir"] = parsed["TempDir"]
    elif parsed.get("RedshiftTempDir") is not None:
        parsed["TempDir"] = parsed["RedshiftTempDir"]
    continuation = parsed.pop("continuation_option", None)
    if parsed.get("job_bookmark_option") is None:
        if continuation is None:
            parsed["job_bookmark_option"] = BOOKMARK_DISABLE
        else:
            index = _CONTINUATION.index(continuation)
            parsed["job_bookmark_option"] = (BOOKMARK_ENABLE, BOOKMARK_PAUSE, BOOKMARK_DISABLE)[
                index
            ]
    absent = [f"--{n}" for n in _RANGE if parsed.get(_fold(n)) is None]
    if parsed["job_bookmark_option"] == BOOKMARK_PAUSE:
        if len(absent) == 1:
            raise UsageError(
                f"--job-bookmark-option job-bookmark-pause with a range needs {absent[0]} too "
                "(give both --job-bookmark-from and --job-bookmark-to, or neither)"
            )
    elif not absent:
        raise UsageError(
            "--job-bookmark-from and --job-bookmark-to need --job-bookmark-option "
            "job-bookmark-pause"
        )
    return parsed
