"""Bump one package's version and changelog heading (``nox -s release -- PACKAGE X.Y.Z``).

Versions are independent per package: ``packages/jobfactory-PACKAGE/src/.../__about__.py``
holds it, and the changelog's ``## Unreleased`` section becomes ``## X.Y.Z (date)``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def parts(version: str) -> tuple[int, ...]:
    match = VERSION.match(version)
    return tuple(map(int, match.groups())) if match else (0,)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not VERSION.match(args[1]):
        print("usage: nox -s release -- PACKAGE X.Y.Z (e.g. glue 0.2.0)", file=sys.stderr)
        return 2
    name, version = args[0].removeprefix("jobfactory-"), args[1]
    package = ROOT / "packages" / f"jobfactory-{name}"
    about = package / "src" / f"jobfactory_{name}" / "__about__.py"
    changelog = package / "CHANGELOG.md"
    if not about.exists() or not changelog.exists():
        known = sorted(p.name.removeprefix("jobfactory-") for p in (ROOT / "packages").iterdir())
        print(f"error: no package {name!r}: one of {', '.join(known)}", file=sys.stderr)
        return 2
    text = about.read_text()
    current = re.search(r'__version__ = "([^"]+)"', text)
    assert current is not None
    if parts(current.group(1)) >= parts(version):
        print(f"error: {version} is not above the current {current.group(1)}", file=sys.stderr)
        return 2
    log = changelog.read_text()
    if "## Unreleased" not in log:
        print(f"error: {changelog} has no '## Unreleased' section to release", file=sys.stderr)
        return 2
    about.write_text(text.replace(current.group(0), f'__version__ = "{version}"'))
    today = dt.date.today().isoformat()
    changelog.write_text(
        log.replace("## Unreleased", f"## Unreleased\n\n## {version} ({today})", 1)
    )
    print(f"jobfactory-{name} {current.group(1)} -> {version}; review {changelog.name} and commit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
