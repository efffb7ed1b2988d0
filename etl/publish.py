"""Publish a folder of files as one set: the report (`index.html`, `dictionary.html`) and the export (`<view>.parquet`).

A set is written into a new private folder beside its target and swapped in with one rename
(`renameat2(RENAME_EXCHANGE)` on Linux), so a reader, or a run killed at any moment, finds either the
whole old set or the whole new one, never a mix. Runs that publish at the same time each build in a
folder of their own; the swaps take turns under a lock and the last one wins. Folders of runs that
were killed are removed by the next publish.

Every set carries `manifest.json`: the warehouse it was read from, that warehouse's last run, and
when the set was written. A target folder that holds any file this pipeline did not write (not in its
manifest, not a name of its kind) is refused rather than replaced; another warehouse's set is replaced,
with a warning naming both warehouses.
"""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import functools
import glob
import json
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from etl.cache_files import fsync_folder
from etl.load import SQL_DIR, main_tables, read_sql_files

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"



@functools.cache
def _view_files() -> frozenset[str]:
    """The export's files: one per reporting view or mart, named after it (read once, when first needed)."""
    return frozenset(f"{name}.parquet" for name, _ in read_sql_files(SQL_DIR / "reporting"))


# What each kind of set holds, the setting that names its folder, and the names its folder may hold
# beside its manifest (or, without one, as an earlier version wrote them, temporary names included).
KINDS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "report": ("REPORT_DIR", lambda name: name in ("index.html", "dictionary.html")
               or (name.startswith(".index.") and name.endswith(".html"))),
    "export": ("EXPORT_DIR", lambda name: name in _view_files()
               or (name.startswith(".") and name.endswith(".parquet.tmp") and name[1:-4] in _view_files())),
}

_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


class PublishRefused(RuntimeError):
    """The target folder holds another warehouse's files, or files this pipeline did not write."""


@dataclass(frozen=True)
class WarehouseSource:
    """Which warehouse file a set was read from, and which of its runs built it."""

    path: Path
    run_id: str | None
    built_at: str | None  # when that run finished (UTC, ISO 8601), else when the file was last written
    file_identity: tuple[int, int, int, int]  # device, inode, mtime in ns, size: changes when a run publishes

    def describe(self) -> str:
        """One line for people: the file, its run and when it was built."""
        run = f"run {self.run_id}, " if self.run_id else ""
        built = dt.datetime.fromisoformat(self.built_at).strftime("%d %b %Y %H:%M UTC") if self.built_at else "unknown"
        return f"{self.path} ({run}built {built})"


def warehouse_source(connection: duckdb.DuckDBPyConnection, path: Path) -> WarehouseSource:
    """The source of what `connection` (open on the warehouse at path) reads: its last run in run_log."""
    info = os.stat(path)
    has_run_log = "run_log" in main_tables(connection)
    # The run that built the file inserts its row last, after the rows it carried over (etl.load).
    # fetchall, not fetchone: a result left unfinished blocks the connection's next query.
    rows = connection.execute(
        "select run_id, finished_at from run_log order by rowid desc limit 1"
    ).fetchall() if has_run_log else []
    row = rows[0] if rows else None
    run_id, finished_at = row if row else (None, None)
    built = finished_at.replace(tzinfo=dt.timezone.utc) if finished_at else dt.datetime.fromtimestamp(
        info.st_mtime, dt.timezone.utc)
    return WarehouseSource(Path(path), run_id, built.isoformat(timespec="seconds"),
                           (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size))


def read_warehouse_source(path: Path) -> WarehouseSource:
    """warehouse_source of the warehouse at path, through a read-only connection of its own."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no warehouse at {path}")
    with duckdb.connect(str(path), read_only=True) as connection:
        return warehouse_source(connection, Path(path))


def publish_set(target: Path, source: WarehouseSource, kind: str,
                write: Callable[[Path], dict[str, Any]]) -> Path:
    """Have write(folder) fill a new folder, then swap it in for target as a whole; returns target.

    write returns what its files hold (e.g. rows per file), which goes into the manifest. Raises
    PublishRefused, before anything is written, when target holds another warehouse's set or files
    that are not ours.
    """
    target = Path(target).resolve()
    check_target(target, source, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _build_folder(target) as (root, build):
        files = write(build)
        manifest = {
            "kind": kind,
            "warehouse": str(source.path),
            "warehouse_from_here": os.path.relpath(source.path, target),
            "warehouse_run_id": source.run_id,
            "warehouse_built_at": source.built_at,
            "written_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "files": files,
        }
        (build / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        _fsync_tree(build)
        with _folder_lock(target.parent):
            # Again under the lock: another run may have published into target since the first check.
            replacing = check_target(target, source, kind)
            _remove_stale_builds(target, keep=root)
            _swap(build, target, root)
        fsync_folder(target.parent)
    if replacing:
        log.warning(replacing)
    log.info("published %s (%s of %s)", target, kind, source.describe())
    return target


def check_before_run(target: Path, warehouse_path: Path, kind: str) -> None:
    """check_target for a run about to publish warehouse_path: refuses now, before the run's work, a folder
    that publishing would refuse at the end."""
    check_target(Path(target).resolve(), WarehouseSource(Path(warehouse_path).resolve(), None, None, (0, 0, 0, 0)), kind)


def check_target(target: Path, source: WarehouseSource, kind: str) -> str | None:
    """Raise PublishRefused when target is a file, holds the other kind of set, or holds files this pipeline
    did not write. A set of another warehouse (or of one that no longer exists) is replaced: the warning to
    give is returned (else None)."""
    setting, owned = KINDS[kind]
    if not os.path.lexists(target):
        return None
    if not target.is_dir():
        raise PublishRefused(f"{target} is a file, not a folder; it was left untouched. Set {setting} to a folder")
    manifest = read_manifest(target)
    listed = set(manifest.get("files") or {}) if manifest else set()
    # Publishing replaces the folder as a whole: a file a person put there (even beside a manifest) is refused.
    foreign = sorted(name for name in os.listdir(target) if not owned(name) and name != MANIFEST and name not in listed)
    if foreign:
        raise PublishRefused(
            f"{target} holds files this pipeline did not write ({', '.join(foreign[:5])}); it was left "
            f"untouched. Set {setting} to an empty or new folder, or move those files out")
    if manifest is None or not manifest.get("warehouse") or not manifest.get("warehouse_from_here"):
        return None
    if manifest.get("kind") != kind:
        raise PublishRefused(f"{target} holds the {manifest.get('kind')}, not the {kind}; it was left untouched. "
                             f"Set {setting} to a folder of its own")
    other = Path(str(manifest.get("warehouse", "")))
    moved_with_it = (target / str(manifest.get("warehouse_from_here", ""))).resolve()
    if source.path in (other, moved_with_it):
        return None
    if not other.exists() and not moved_with_it.exists():
        return f"replacing {target}, the {kind} of {other}, which no longer exists"
    # Another warehouse's set is this pipeline's output, which `secmeet report`/`secmeet export` rebuild at
    # any time: it is replaced, saying so, and the run goes on (a run per corpus into one folder, each with
    # the default REPORT_DIR beside its warehouse, must not fail for it).
    return (f"replacing {target}, the {kind} of another warehouse, {other} (written {manifest.get('written_at')}), "
            f"with that of {source.path}; set {setting} to a folder of its own for each warehouse to keep both")


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a published folder, or None when it has none (or an unreadable one)."""
    try:
        descriptor = os.open(Path(folder) / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            manifest = json.loads(file.read(1 << 20))
    except (OSError, ValueError):
        return None
    finally:
        os.close(descriptor)
    return manifest if isinstance(manifest, dict) else None


# ---------------------------------------------------------------------------------------------
# Build folders, the lock and the swap


def _build_prefix(target: Path) -> str:
    return f".{target.name}.building-"


@contextlib.contextmanager
def _build_folder(target: Path) -> Iterator[tuple[Path, Path]]:
    """A new private folder beside target (root) with the set's folder inside it (build).

    The root is flocked while we live, so that another publish can tell it from a killed run's; it is
    removed on the way out, holding by then the previous set (or nothing)."""
    # Made and flocked under the folder's lock, which a publish removing stale builds also holds: it never
    # sees this folder before its flock is taken.
    with _folder_lock(target.parent):
        root = Path(tempfile.mkdtemp(dir=target.parent, prefix=_build_prefix(target)))
        descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        build = root / "set"
        build.mkdir()
        yield root, build
    finally:
        shutil.rmtree(root, ignore_errors=True)
        os.close(descriptor)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive flock on folder itself (no lock file to plant a link at), held for a check and a swap."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _remove_stale_builds(target: Path, keep: Path) -> None:
    """Remove build folders of killed runs: those whose flock nobody holds."""
    for candidate in target.parent.glob(glob.escape(_build_prefix(target)) + "*"):
        if candidate == keep:
            continue
        try:
            descriptor = os.open(candidate, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            # A file or a link by that name is not a build folder; removing the name touches nothing else.
            with contextlib.suppress(OSError):
                candidate.unlink()
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # a live run builds there
        try:
            log.warning("removing %s left by an interrupted publish", candidate)
            shutil.rmtree(candidate, ignore_errors=True)
        finally:
            os.close(descriptor)


def _swap(build: Path, target: Path, root: Path) -> None:
    """Put build in target's place in one step; the previous set ends up inside root."""
    try:
        os.rename(build, target)  # no target yet, or an empty folder
        return
    except OSError as error:
        if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
    if _exchange(build, target):
        return
    # No atomic exchange here (not Linux, or a filesystem without it): two renames, between which a
    # reader finds no folder at all, though never a mixed one.
    os.rename(target, root / "previous")
    os.rename(build, target)


@functools.lru_cache(maxsize=1)
def _renameat2() -> Any:
    """libc's renameat2, or None where there is none."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        return None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _fsync_tree(folder: Path) -> None:
    """Flush the set's files and its folder to disk before it is published."""
    for path in folder.iterdir():
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    fsync_folder(folder)
