"""Files in the warehouse's cache folder: written whole or not at all, and pickles rebuilt when unreadable.

A damaged or half-written cache file costs time, never data: readers treat it as absent.
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a killed run never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def stored_pickle(path: Path, build: Callable[[], T]) -> T:
    """The object pickled at path, or, when it is missing or unreadable, build() stored there."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        value = build()
        write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value
