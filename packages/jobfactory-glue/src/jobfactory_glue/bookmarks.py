"""Job bookmarks for local Glue: which input files each run has already processed.

Glue keeps a bookmark per job name and ``transformation_ctx``; this is the same idea in a
local JSON file per job, so a laptop run behaves like a Glue run:

- ``job-bookmark-enable``: read only files not processed by an earlier committed run (a file
  whose modification time changed counts as new, as with Glue's timestamp-based bookmarks);
  ``Job.commit()`` records them. A run that fails never commits, so nothing advances.
- ``job-bookmark-disable``: read everything, record nothing.
- ``job-bookmark-pause``: read what is new since the last commit (or, with
  ``--job-bookmark-from A --job-bookmark-to B``, what runs after A up to B committed) and
  record nothing.

The store lives in ``JOBFACTORY_GLUE_BOOKMARKS`` (default ``~/.cache/jobfactory-glue/bookmarks``)
and is written atomically. Stdlib only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jobfactory_glue.options import BOOKMARK_DISABLE, BOOKMARK_ENABLE, BOOKMARK_PAUSE

#: file path -> modification time in nanoseconds (what a bookmark remembers of a file).
Files = dict[str, int]


def default_root() -> Path:
    configured = os.environ.get("JOBFACTORY_GLUE_BOOKMARKS")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "jobfactory-glue" / "bookmarks"


def _is_run(run: object) -> bool:
    """``{"run_id": str, "files": {ctx: {path: mtime_ns}}}``, as :meth:`BookmarkStore.commit`
    writes it (a store edited by hand into another shape is refused, not half-used)."""
    if not isinstance(run, dict) or not isinstance(run.get("run_id"), str):
        return False
    files = run.get("files")
    return isinstance(files, dict) and all(
        isinstance(seen, dict)
        and all(isinstance(path, str) and type(mtime) is int for path, mtime in seen.items())
        for seen in files.values()
    )


class BookmarkStore:
    """Committed runs per job: ``{"runs": [{"run_id": ..., "files": {ctx: {path: mtime}}}]}``."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_root()

    def _path(self, job_name: str) -> Path:
        """One file per job name; a name changed to fit a file name gets a hash of itself, so
        two jobs (``daily revenue`` and ``daily_revenue``) never share bookmarks."""
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", job_name)
        if safe != job_name or safe.startswith("."):
            import hashlib

            safe += "-" + hashlib.sha256(job_name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.root / (safe + ".json")

    def _fix(self, job_name: str) -> str:
        path = self._path(job_name)
        return f"delete {path} to start the bookmarks of {job_name!r} over (all input is new)"

    def _checked_runs(self, job_name: str, data: object) -> list[dict[str, Any]]:
        from jobfactory_core.errors import ConfigError

        if data is None:
            return []
        runs = data.get("runs") if isinstance(data, dict) else None
        if not isinstance(runs, list) or not all(_is_run(run) for run in runs):
            path = self._path(job_name)
            raise ConfigError(
                f"local Glue bookmarks {path} are not a bookmark store: {self._fix(job_name)}"
            )
        return runs

    def runs(self, job_name: str) -> list[dict[str, Any]]:
        from jobfactory_core.files import read_json_state

        path, fix = self._path(job_name), self._fix(job_name)
        return self._checked_runs(
            job_name, read_json_state(path, what="local Glue bookmarks", fix=fix)
        )

    def processed(self, job_name: str, ctx: str, *, upto_run: str | None = None) -> Files:
        """Files ``ctx`` processed in committed runs (up to and including ``upto_run``)."""
        done: Files = {}
        runs = self.runs(job_name)
        if upto_run is not None and upto_run not in {r["run_id"] for r in runs}:
            from jobfactory_core.errors import UsageError

            raise UsageError(f"no committed run {upto_run!r} in the bookmarks of {job_name!r}")
        for run in runs:
            done.update(run["files"].get(ctx, {}))
            if run["run_id"] == upto_run:
                break
        return done

    def commit(self, job_name: str, run_id: str, files: Mapping[str, Files]) -> None:
        """Record one successful run (atomically: a crash leaves the previous state; runs
        committing at the same time are serialised, so none loses another's record)."""
        from jobfactory_core.files import update_json_state

        def with_run(current: object) -> object:
            runs = self._checked_runs(job_name, current)
            return {"runs": [*runs, {"run_id": run_id, "files": dict(files)}]}

        update_json_state(
            self._path(job_name), with_run, what="local Glue bookmarks", fix=self._fix(job_name)
        )


def _new(files: Files, done: Files) -> Files:
    return {path: mtime for path, mtime in files.items() if done.get(path) != mtime}


class Bookmarks:
    """One run's bookmark state: what to read per ``transformation_ctx``, what to commit."""

    def __init__(self, store: BookmarkStore | None = None) -> None:
        self.store = store if store is not None else BookmarkStore()
        self.job_name: str | None = None
        self.run_id = ""
        self.option = BOOKMARK_DISABLE
        self.range: tuple[str, str] | None = None
        self.pending: dict[str, Files] = {}

    def init(self, job_name: str, args: Mapping[str, Any]) -> None:
        """What ``Job.init(job_name, args)`` does: read the bookmark option and range."""
        self.job_name = job_name
        self.run_id = str(args.get("JOB_RUN_ID") or os.urandom(8).hex())
        self.option = str(args.get("job_bookmark_option") or BOOKMARK_DISABLE)
        start, end = args.get("job_bookmark_from"), args.get("job_bookmark_to")
        self.range = (str(start), str(end)) if start and end else None
        self.pending = {}

    @property
    def initialized(self) -> bool:
        return self.job_name is not None

    def select(self, ctx: str, files: Files) -> Files:
        """The files a read with ``transformation_ctx=ctx`` processes in this run."""
        if not ctx or self.job_name is None or self.option == BOOKMARK_DISABLE:
            return dict(files)
        if self.option == BOOKMARK_PAUSE and self.range is not None:
            start, end = self.range
            before = self.store.processed(self.job_name, ctx, upto_run=start)
            upto = self.store.processed(self.job_name, ctx, upto_run=end)
            window = _new(upto, before)
            return {path: mtime for path, mtime in files.items() if window.get(path) == mtime}
        fresh = _new(files, self.store.processed(self.job_name, ctx))
        if self.option == BOOKMARK_ENABLE:
            self.pending.setdefault(ctx, {}).update(fresh)
        return fresh

    def commit(self) -> None:
        """What ``Job.commit()`` does: with bookmarks enabled, record this run's files."""
        if self.job_name is not None and self.option == BOOKMARK_ENABLE:
            self.store.commit(self.job_name, self.run_id, self.pending)
        self.pending = {}


def list_files(paths: Iterable[str]) -> Files:
    """Every data file under ``paths`` (files or folders; hidden and ``_`` files skipped)."""
    found: Files = {}
    for raw in paths:
        base = Path(raw.removeprefix("file://"))
        candidates = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in candidates:
            if path.is_file() and not path.name.startswith((".", "_")):
                found[str(path.resolve())] = path.stat().st_mtime_ns
    return found
