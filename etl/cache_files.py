"""Files in the warehouse's cache folder: written whole or not at all, and rebuilt when unreadable.

A damaged or half-written cache file costs time, never data: readers treat it as absent. Cache files
hold plain data (JSON, Parquet, NumPy arrays) read by decoders that never run code: anyone who can
write into the cache folder can at worst cost a rebuild, never run a program of theirs in ours.
"""
from __future__ import annotations

import logging
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: temporary files are created private (0600) and given the usual mode before rename.
FILE_MODE = 0o666 & ~_umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a killed run never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own per writer: worker processes and concurrent runs may write the same entry at once.
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            os.fchmod(file.fileno(), FILE_MODE)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def read_regular_file(path: Path) -> bytes:
    """The bytes of the regular file at path, never through a symbolic link (OSError otherwise).

    A link or a FIFO planted in the cache would otherwise make us read another file, or wait forever."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path} is not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(descriptor)


def stored_value(path: Path, build: Callable[[], T], encode: Callable[[T], bytes],
                 decode: Callable[[bytes], T]) -> T:
    """decode() of the file at path, or, when it is missing or unreadable, build() stored there by encode().

    decode must read plain data only (json, Parquet, numpy with allow_pickle=False) and raise on
    anything it does not expect: whatever it raises, the value is rebuilt."""
    try:
        data = read_regular_file(path)
    except OSError:
        data = None
    if data is not None:
        try:
            return decode(data)
        except Exception as error:  # noqa: BLE001 - a damaged or foreign file of any shape costs a rebuild
            log.warning("rebuilding %s, which could not be read back: %s", path, error)
    value = build()
    write_atomically(path, encode(value))
    return value


def remove_leftovers(folder: Path, pattern: str) -> None:
    """Remove files of an older cache layout (never read: a name can point anywhere, so only unlinked)."""
    for leftover in Path(folder).glob(pattern):
        try:
            leftover.unlink()
        except OSError:
            continue


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk; not every filesystem allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
