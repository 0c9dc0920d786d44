"""Checks of ``dist/`` that twine and check-wheel-contents do not make (``nox -s build``).

Each sdist builds a wheel with the same files as the wheel in ``dist/``, and building a wheel
again from the same tree gives the same bytes (``SOURCE_DATE_EPOCH`` is set by the session).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_wheel(source: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.glob("*.whl"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"
    problems: list[str] = []
    for sdist in sorted(dist.glob("*.tar.gz")):
        name = sdist.name.removesuffix(".tar.gz")
        wheel = next(dist.glob(f"{name}-*.whl"), None)
        if wheel is None:
            problems.append(f"{sdist.name}: no wheel beside it")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(sdist) as archive:
                archive.extractall(tmp, filter="data")
            rebuilt = build_wheel(Path(tmp) / name, Path(tmp) / "out")
            ours, theirs = (sorted(zipfile.ZipFile(w).namelist()) for w in (wheel, rebuilt))
            if ours != theirs:
                diff = sorted(set(ours) ^ set(theirs))
                problems.append(f"{sdist.name} builds a wheel with other files: {diff}")
            package = ROOT / "packages" / name.rsplit("-", 1)[0].replace("_", "-")
            again = build_wheel(package, Path(tmp) / "again")
            if digest(again) != digest(wheel):
                problems.append(f"{wheel.name} is not reproducible: a second build differs")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"checked {len(list(dist.glob('*.tar.gz')))} sdists: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
