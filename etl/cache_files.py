"""Files in the warehouse's cache folder: written whole or not at all, and pickles rebuilt when unreadable.

A damaged or half-written cache file costs time, never data: readers treat it as absent.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

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


def stored_pickle(path: Path, build: Callable[[], T]) -> T:
    """The object pickled at path, or, when it is missing or unreadable, build() stored there."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        value = build()
        write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value
