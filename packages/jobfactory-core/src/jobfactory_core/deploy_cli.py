"""What the environment packages' deployment commands share (``jobfactory-glue
job-definition``, ``jobfactory-databricks bundle``): repeatable ``NAME=VALUE`` options, output
files written all or none, and a user mistake as one ``error:`` line with exit 2.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from jobfactory_core.errors import ExitCode, UsageError, UserError
from jobfactory_core.output import NotARegularFileError, write_all_or_none

#: A name a job parameter can have: letters, digits and ``_``, not starting with a digit.
IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"


def key_values(
    items: Iterable[str], option: str, *, names: str = IDENTIFIER, rule: str = "letters, digits, _"
) -> dict[str, str]:
    """``NAME=VALUE`` items of a repeatable ``option`` as a dict; a malformed item or a name
    given twice is a :class:`UsageError` (``names`` is the pattern a name must match, ``rule``
    says it in words)."""
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not re.fullmatch(names, key):
            raise UsageError(f"{option} {item!r}: expected name=value (name: {rule})")
        if key in pairs:
            raise UsageError(f"{option} {key} given twice")
        pairs[key] = value
    return pairs


def write_outputs(files: Mapping[Path, str], *, force: bool) -> None:
    """Write every file or none; an existing file is a :class:`UsageError` unless ``force``."""
    try:
        write_all_or_none(files, replace=force)
    except FileExistsError as error:
        raise UsageError(f"{error.filename} exists: pass --force to replace it") from None
    except IsADirectoryError as error:
        raise UsageError(f"{error.filename} is a directory: name a file to write") from None
    except NotARegularFileError as error:
        raise UsageError(
            f"{error.filename} is a device, FIFO or socket, not a file: name a file to write"
        ) from None
    except ValueError as error:  # a URI (s3://...) or an empty path
        raise UsageError(f"{error}: name a local file") from None
    except OSError as error:  # a parent that is a file, a directory it may not write, ...
        raise UsageError(
            f"cannot write {error.filename or 'the output'}: {error.strerror or error} "
            "(name a directory you can write to)"
        ) from None


def run_command(body: Callable[[], str]) -> int:
    """Run a deployment command's ``body``: what it returns goes to stdout (exit 0); a
    :class:`UserError` is one ``error:`` line on stderr (exit 2), with nothing written."""
    try:
        out = body()
    except UserError as error:
        sys.stderr.write(f"error: {error}\n")
        return int(ExitCode.USAGE)
    sys.stdout.write(out)
    return int(ExitCode.SUCCEEDED)
