"""Load stage: build the DuckDB warehouse from the pipeline's frames and publish it atomically.

The warehouse is built from scratch in a private temporary folder beside the published file and moved
over it with `os.replace` only once it is complete, so readers see either the old file or the new one.
What WAREHOUSE_PATH names is replaced only when it is a warehouse of ours (or absent, or empty).
Values reach DuckDB only as Arrow tables or parameters; the only names put into SQL text are the
fixed keys of `etl.schema.CORE_TABLES` and the path of our own temporary file (quoted).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import glob
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from etl.cache_files import fsync_folder
from etl.schema import CORE_TABLES, conform, empty_frame

log = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"

# DuckDB 2 writes a storage format that DuckDB 1.x cannot open. 'v1.1.0' is the oldest storage
# version that the contract promises (clients from 1.1 on, which BI drivers bundle) and it is
# accepted by duckdb 2.0.0; 'v1.0.0' would also work but buys nothing the contract asks for.
STORAGE_VERSION = "v1.1.0"

RUN_LOG_COLUMNS: dict[str, pa.DataType] = {
    "run_id": pa.string(),
    "started_at": pa.timestamp("us"),
    "finished_at": pa.timestamp("us"),
    "articles_loaded": pa.int32(),
    "articles_rejected": pa.int32(),
    "articles_from_cache": pa.int32(),
    "summary": pa.string(),
}

_SQL_FILE_PREFIX = re.compile(r"^\d+_")
_ATTACHED_NAME = "wh"
_PREVIOUS_NAME = "previous_warehouse"


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse's publish lock for longer than we were willing to wait."""


class WarehouseInvalid(RuntimeError):
    """The newly built warehouse broke a data-quality rule of `sql/checks/`, so it was not published."""


class WarehouseRefused(RuntimeError):
    """WAREHOUSE_PATH, or its lock file, holds something that is not ours to replace: it is left untouched."""


# The bytes at offset 8 of every DuckDB database file.
DUCKDB_MAGIC = b"DUCK"


# ---------------------------------------------------------------------------------------------
# SQL files


def read_sql_files(folder: Path) -> list[tuple[str, str]]:
    """(name, sql) of every .sql file in folder, ordered by file name; a numeric prefix orders them.

    Reporting views that build on other views carry a higher prefix (10_ base views, 20_ shared
    views such as meeting_countries, 30_ marts), so plain file-name order is dependency order.
    The name is the file stem without its numeric prefix.
    """
    files = sorted(Path(folder).glob("*.sql"), key=lambda path: path.name)
    if not files:
        raise FileNotFoundError(f"no .sql files in {folder}")
    return [(_SQL_FILE_PREFIX.sub("", path.stem), path.read_text(encoding="utf-8")) for path in files]


def _sql_string_literal(text: str) -> str:
    """text as a single-quoted SQL string literal (for ATTACH, which takes no parameter)."""
    if "\x00" in text:
        raise ValueError("a NUL character cannot be part of a database path")
    return "'" + text.replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------
# Lock


_held_locks: dict[tuple[Path, int], int] = {}
_held_locks_guard = threading.Lock()


@contextlib.contextmanager
def publish_lock(
    target_path: Path, timeout: float | None = 600.0, poll_interval: float = 0.5
) -> Iterator[Path]:
    """Hold an exclusive flock on `<target>.lock` so two runs cannot write the warehouse at once.

    Tries without blocking first, then logs that it waits and polls until `timeout` seconds have
    passed (None waits forever), then raises WarehouseBusy. Re-entrant within one thread, so a
    caller may hold it around a whole run while build_warehouse takes it again.
    """
    lock_path = Path(target_path).resolve().with_name(Path(target_path).name + ".lock")
    key = (lock_path, threading.get_ident())
    with _held_locks_guard:
        if key in _held_locks:
            _held_locks[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield lock_path
        finally:
            with _held_locks_guard:
                _held_locks[key] -= 1
        return

    lock_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = _open_lock_file(lock_path)
    try:
        _acquire(descriptor, lock_path, timeout, poll_interval)
        # The holder's pid, for the message a waiting run prints; the file itself is never removed
        # (removing a lock file lets two runs lock two different files).
        _note_holder(descriptor, lock_path)
        with _held_locks_guard:
            _held_locks[key] = 1
        try:
            yield lock_path
        finally:
            with _held_locks_guard:
                del _held_locks[key]
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _open_lock_file(lock_path: Path) -> int:
    """Open (or create) the lock file, never through a symbolic link: we write into it, so a link planted
    at its name would otherwise empty whatever file it points to."""
    try:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise WarehouseRefused(
                f"{lock_path} is a symbolic link, not the warehouse's lock file; neither it nor the file it "
                "points to was touched. Remove the link and run again") from error
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise WarehouseRefused(f"{lock_path} is not a regular file (a FIFO or a device); it was not touched. "
                               "Remove it and run again")
    return descriptor


def _note_holder(descriptor: int, lock_path: Path) -> None:
    """Write our pid into the lock file for the message a waiting run prints, unless the file has other
    names: a hard link planted at the lock's name (or a backup's) must not have its content replaced."""
    if os.fstat(descriptor).st_nlink != 1:
        log.warning("%s has other names (hard links); the lock holds, but no pid is written into it", lock_path)
        return
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)


def _acquire(descriptor: int, lock_path: Path, timeout: float | None, poll_interval: float) -> None:
    """Take the flock, waiting (with one log line) up to timeout seconds."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except OSError as error:
        if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise
    holder = _lock_holder(descriptor)
    log.warning(
        "another run (pid %s) is writing the warehouse; waiting for %s%s",
        holder,
        lock_path,
        "" if timeout is None else f" (up to {timeout:g} s)",
    )
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            log.info("acquired %s", lock_path)
            return
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if deadline is not None and time.monotonic() >= deadline:
            raise WarehouseBusy(
                f"another run (pid {holder}) still holds {lock_path} after {timeout:g} s; "
                "try again when it has finished"
            )
        remaining = poll_interval if deadline is None else deadline - time.monotonic()
        time.sleep(max(0.0, min(poll_interval, remaining)))


def _lock_holder(descriptor: int, attempts: int = 20) -> str:
    """The pid written in the lock file (read through our own descriptor), or 'unknown'. A holder writes its
    pid just after it takes the lock: an empty file is read again for up to half a second."""
    for attempt in range(attempts):
        try:
            holder = os.pread(descriptor, 32, 0).decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return "unknown"
        if holder or attempt == attempts - 1:
            return holder or "unknown"
        time.sleep(0.025)
    return "unknown"


# ---------------------------------------------------------------------------------------------
# Build and publish


def build_warehouse(
    tables: Mapping[str, pl.DataFrame],
    target_path: Path,
    run_log: Mapping[str, Any] | None = None,
    *,
    lock_timeout: float | None = 600.0,
    validate: bool = True,
) -> dict[str, int]:
    """Build the warehouse from one frame per core table and publish it atomically at target_path.

    Missing frames load as empty tables. With `validate`, a build that breaks a rule of `sql/checks/`
    raises WarehouseInvalid instead of being published. On any error the temporary file is removed
    and the file already published is left as it was. Returns the row count of every core table.
    """
    unknown = sorted(set(tables) - set(CORE_TABLES))
    if unknown:
        raise ValueError(f"not core tables: {', '.join(unknown)}")
    run_log_row = _run_log_table(run_log) if run_log is not None else None
    target_path = Path(target_path).resolve()
    target_path.parent.mkdir(parents=True, exist_ok=True)

    with publish_lock(target_path, timeout=lock_timeout):
        _remove_stale_builds(target_path)
        # A private folder (0700, a name of its own): no one else can plant a link where DuckDB writes.
        building_dir = Path(tempfile.mkdtemp(dir=target_path.parent,
                                             prefix=f".{target_path.name}.building-{os.getpid()}-"))
        building_path = building_dir / target_path.name
        try:
            previous_path = _previous_warehouse(target_path, building_dir)
            counts = _build(building_path, tables, run_log_row, previous_path, validate)
            _fsync_file(building_path)
            _remove_stale_wal(target_path)
            os.replace(building_path, target_path)
            fsync_folder(target_path.parent)
        finally:
            shutil.rmtree(building_dir, ignore_errors=True)
    log.info("published %s (%s rows)", target_path, sum(counts.values()))
    return counts


def _build(
    building_path: Path,
    tables: Mapping[str, pl.DataFrame],
    run_log_row: pa.Table | None,
    previous_path: Path | None,
    validate: bool,
) -> dict[str, int]:
    """Write the whole warehouse into building_path and close it, checkpointed, without a WAL."""
    _remove_database_files(building_path)
    connection = duckdb.connect()  # in memory: the file is attached with an old storage version
    try:
        connection.execute(
            f"attach {_sql_string_literal(str(building_path))} as {_ATTACHED_NAME} "
            f"(storage_version '{STORAGE_VERSION}')"
        )
        connection.execute(f"use {_ATTACHED_NAME}")
        for _name, ddl in read_sql_files(SQL_DIR / "core"):
            connection.execute(ddl)

        counts = {}
        for table_name, schema in CORE_TABLES.items():
            frame = tables.get(table_name)
            frame = conform(empty_frame(schema) if frame is None else frame, schema)
            counts[table_name] = _insert_arrow(connection, table_name, frame.to_arrow())

        _carry_over_run_log(connection, previous_path, run_log_row)
        if run_log_row is not None:
            _insert_arrow(connection, "run_log", run_log_row)

        connection.execute("create schema reporting")
        for _name, view_sql in read_sql_files(SQL_DIR / "reporting"):
            connection.execute(view_sql)
        if validate:
            _refuse_if_invalid(connection)

        connection.execute("checkpoint")
        connection.execute("use memory")
        connection.execute(f"detach {_ATTACHED_NAME}")
    finally:
        connection.close()
    leftover_wal = Path(f"{building_path}.wal")
    if leftover_wal.exists():
        raise RuntimeError(f"DuckDB left {leftover_wal} after a checkpoint; not publishing")
    return counts


def _refuse_if_invalid(connection: duckdb.DuckDBPyConnection) -> None:
    """Run every rule of `sql/checks/` on the new build; a broken build is never published."""
    broken = []
    for name, sql in read_sql_files(SQL_DIR / "checks"):
        violations = connection.execute(f"select count(*) from ({sql})").fetchone()[0]
        if violations:
            broken.append(f"{name}: {violations} rows")
    if broken:
        raise WarehouseInvalid("the new warehouse breaks " + "; ".join(broken) + " — the published one is left as it was")


def _insert_arrow(connection: duckdb.DuckDBPyConnection, table_name: str, arrow: pa.Table) -> int:
    """Bulk-insert an Arrow table into table_name (a fixed core table name) by column name."""
    incoming = f"incoming_{table_name}"
    connection.register(incoming, arrow)
    try:
        connection.execute(f"insert into {table_name} by name select * from {incoming}")
    finally:
        connection.unregister(incoming)
    return arrow.num_rows


def _run_log_table(run_log: Mapping[str, Any]) -> pa.Table:
    """One Arrow row of run_log from the run's dict (missing keys NULL; a non-string summary as JSON)."""
    unknown = sorted(set(run_log) - set(RUN_LOG_COLUMNS))
    if unknown:
        raise ValueError(f"run_log has no column {', '.join(unknown)}; expected {', '.join(RUN_LOG_COLUMNS)}")
    if not run_log.get("run_id"):
        raise ValueError("run_log needs a run_id")
    row = dict(run_log)
    for column in ("started_at", "finished_at"):
        row[column] = _naive_utc(row.get(column))
    summary = row.get("summary")
    if summary is not None and not isinstance(summary, str):
        row["summary"] = json.dumps(summary, sort_keys=True, default=str, ensure_ascii=False)
    schema = pa.schema(list(RUN_LOG_COLUMNS.items()))
    return pa.table({name: [row.get(name)] for name in RUN_LOG_COLUMNS}, schema=schema)


def _naive_utc(value: Any) -> dt.datetime | None:
    """A timestamp as naive UTC (what a `timestamp` column holds); ISO strings are accepted."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def check_warehouse_path(target_path: Path) -> None:
    """Raise WarehouseRefused now, before a run does its work, where build_warehouse would refuse to
    replace what target_path names (a file that is not a DuckDB database, or not a warehouse of ours) or
    to take its lock (a link or a FIFO at the lock file's name)."""
    target_path = Path(target_path).resolve()
    _previous_warehouse(target_path, scratch=None)
    lock_path = target_path.with_name(target_path.name + ".lock")
    if os.path.lexists(lock_path):
        os.close(_open_lock_file(lock_path))


def _previous_warehouse(target_path: Path, scratch: Path | None) -> Path | None:
    """The published warehouse to carry run_log over from: target_path, or a copy of it in scratch when
    a client holds it open for writing; None when there is none yet (or an empty file).

    Refuses (WarehouseRefused, the file left untouched) a file that is not a DuckDB database, a DuckDB
    database that is not a warehouse of ours, and a warehouse that cannot be read at all: replacing
    it would lose its run_log history without a word.
    """
    try:
        info = os.stat(target_path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise WarehouseRefused(f"{target_path} exists and is not a file; it was left untouched. "
                               "Set WAREHOUSE_PATH to a DuckDB file of ours or to a new file")
    if info.st_size == 0:
        return None  # holds nothing to lose (DuckDB itself refuses to open it)
    with open(target_path, "rb") as file:
        header = file.read(16)
    if header[8:12] != DUCKDB_MAGIC:
        raise WarehouseRefused(
            f"{target_path} exists and is not a DuckDB database (it begins {header[:12]!r}); it was left "
            "untouched. Set WAREHOUSE_PATH to the warehouse's file or to a new file")
    try:
        tables = _main_tables(target_path)
        readable = target_path
    except duckdb.Error as error:
        if scratch is None:
            return target_path  # only a check: the build reads it from a copy, or refuses then
        # A client holding the file open for writing (DuckDB's default) locks it, and the same process
        # may have it attached already: a copy reads what was last checkpointed, which is all we wrote.
        readable = scratch / f"previous-{target_path.name}"
        shutil.copyfile(target_path, readable)
        try:
            tables = _main_tables(readable)
        except duckdb.Error:
            raise WarehouseRefused(
                f"{target_path} cannot be read ({error}); replacing it would lose its run_log history, so "
                "it was left untouched. Close the program that holds it, or move the file away to start "
                "a new warehouse") from error
        log.warning("%s is held open by another program; its run_log history was read from a copy", target_path)
    ours = set(CORE_TABLES) | {"run_log"}
    if tables and not tables & ours:
        raise WarehouseRefused(
            f"{target_path} is a DuckDB database but not a warehouse of this pipeline (its tables: "
            f"{', '.join(sorted(tables)[:5])}); it was left untouched. Set WAREHOUSE_PATH to a new file")
    return readable


def _main_tables(path: Path) -> set[str]:
    """Names of the tables in the main schema of the DuckDB file at path, opened read-only."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return main_tables(connection)


def main_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the tables in the main schema of the database connection reads (the core tables, run_log)."""
    rows = connection.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
    return {name for (name,) in rows}


def _carry_over_run_log(
    connection: duckdb.DuckDBPyConnection, previous_path: Path | None, run_log_row: pa.Table | None
) -> None:
    """Copy the earlier runs' rows of run_log from the published file, so the table keeps history.

    Columns are matched by name (a column added since is NULL in older rows). History is never dropped
    without a word: a previous file that cannot be read here raises (`_previous_warehouse` has checked it).
    """
    if previous_path is None:
        return
    new_run_id = run_log_row.column("run_id")[0].as_py() if run_log_row is not None else None
    try:
        connection.execute(f"attach {_sql_string_literal(str(previous_path))} as {_PREVIOUS_NAME} (read_only)")
    except duckdb.Error as error:
        # A client opened it for writing since it was checked: nothing is published without its history.
        raise WarehouseRefused(f"{previous_path} could not be read again ({error}); the published warehouse was "
                               "left as it was. Run again") from error
    try:
        columns = [name for (name,) in connection.execute(
            "select column_name from duckdb_columns() "
            "where database_name = ? and schema_name = 'main' and table_name = 'run_log' order by column_index",
            [_PREVIOUS_NAME],
        ).fetchall() if name in RUN_LOG_COLUMNS]
        if "run_id" in columns:
            # Only names that are keys of RUN_LOG_COLUMNS reach the SQL text.
            selected = ", ".join(f'"{name}"' for name in columns)
            connection.execute(
                f"insert into run_log by name select {selected} from {_PREVIOUS_NAME}.main.run_log "
                "where run_id is distinct from ?",
                [new_run_id],
            )
    finally:
        connection.execute(f"detach {_PREVIOUS_NAME}")


def _remove_stale_builds(target_path: Path) -> None:
    """Remove the build folders of interrupted builds (and the build files of earlier versions); we hold
    the lock, so no live run owns them. Named after the whole file name: `a.duckdb` and `a.db` in one
    folder have locks of their own, and neither removes the other's build."""
    folders = target_path.parent.glob(f".{glob.escape(target_path.name)}.building-*")
    old_files = target_path.parent.glob(f".{glob.escape(target_path.stem)}.building-*.duckdb*")
    for stale in [*folders, *old_files]:
        if stale.is_dir() and not stale.is_symlink():
            if stale.name.startswith(f".{target_path.name}.building-"):
                log.warning("removing %s left by an interrupted build", stale)
                shutil.rmtree(stale, ignore_errors=True)
        else:
            log.warning("removing %s left by an interrupted build", stale)
            stale.unlink(missing_ok=True)


def _remove_stale_wal(target_path: Path) -> None:
    """Remove a WAL beside the published file: DuckDB would replay it onto the new file."""
    wal = Path(f"{target_path}.wal")
    if wal.exists():
        log.warning("removing %s, which belongs to the file being replaced", wal)
        wal.unlink()


def _remove_database_files(path: Path) -> None:
    """Remove a DuckDB file and its WAL, if present."""
    for candidate in (path, Path(f"{path}.wal")):
        candidate.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    """Flush a file's data to disk before it is published."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
