"""Upload every artefact in ``dist/`` to a package index with twine (``nox -s publish``).

Credentials come from twine's own settings (``TWINE_USERNAME``/``TWINE_PASSWORD`` or a
keyring) and are never printed. The two mistakes that matter get one clear line and their own
exit code: 2 the index refused the credentials, 3 a version is already there. 1 is any other
upload failure, with twine's last lines.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def artefacts(dist: Path) -> list[Path]:
    return sorted([*dist.glob("*.whl"), *dist.glob("*.tar.gz")])


def shown(url: str) -> str:
    """The URL without any ``user:password@`` part."""
    return re.sub(r"//[^/@]+@", "//", url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repository-url", required=True, help="the index's upload URL")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    files = artefacts(args.dist)
    if not files:
        print(f"error: nothing to publish in {args.dist}: run nox -s build first", file=sys.stderr)
        return 2
    url = shown(args.repository_url)
    done = subprocess.run(
        [sys.executable, "-m", "twine", "upload", "--verbose", "--non-interactive",
         "--disable-progress-bar", "--repository-url", args.repository_url, *map(str, files)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    if done.returncode == 0:
        print(f"published {len(files)} files to {url}: " + ", ".join(f.name for f in files))
        return 0
    # PyPI and pypiserver answer 400 with "already exists" in the body (--verbose shows it).
    if re.search(r"\b409\b|already exists|already been used", output, re.I):
        print(
            f"error: a version in {args.dist} is already on {url}: an index never replaces a "
            "release; bump it (nox -s release -- PACKAGE X.Y.Z), build and publish again",
            file=sys.stderr,
        )
        return 3
    if re.search(r"\b40[13]\b|credentials|Forbidden|Unauthorized", output, re.I):
        print(
            f"error: {url} refused the credentials: set TWINE_USERNAME and TWINE_PASSWORD "
            "(or a keyring entry) for it",
            file=sys.stderr,
        )
        return 2
    tail = "\n".join(output.strip().splitlines()[-5:])
    print(f"error: uploading to {url} failed:\n{shown(tail)}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
