"""Outputs of whole-run stages kept between steps as Parquet and JSON, never as pickles.

Each output is a folder of versions, one per run: `<folder>/<run>/` holds one Parquet file per frame and
`values.json`. A file `current` names the newest complete version and is replaced atomically, so a
reader never sees half an output and a killed writer leaves the previous version readable. A step reads
the version of its own run when there is one (two runs over the same warehouse never read each other's),
else the newest. Versions other than the current one are removed once they are a day old, so a
concurrent run (a first NLP run over a large corpus takes hours) never loses its version under it. Nothing here runs code from what it reads.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

POINTER = "current"
VALUES_FILE = "values.json"
STALE_AFTER_SECONDS = 24 * 3600
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


class OutputMissing(LookupError):
    """No version of the output was ever stored."""


@dataclass(frozen=True)
class Stored:
    """What one version holds: frames by name and JSON values."""

    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def write_output(folder: Path, run_id: str, stored: Stored, keep_seconds: float = STALE_AFTER_SECONDS) -> Path:
    """Store a version for run_id (replacing that run's earlier one) and point `current` at it; other
    versions go once they are keep_seconds old (0: at once, for a store only the newest version serves)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = _version_name(run_id)
    building = folder / f".{name}.{uuid.uuid4().hex}.building"
    building.mkdir()
    try:
        for frame_name, frame in stored.frames.items():
            frame.write_parquet(building / f"{_version_name(frame_name)}.parquet")
        (building / VALUES_FILE).write_text(json.dumps(stored.values, default=str), encoding="utf-8")
        target = folder / name
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    pointer = folder / f".{POINTER}.{uuid.uuid4().hex}.tmp"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, folder / POINTER)
    _remove_stale(folder, keep=name, keep_seconds=keep_seconds)
    return target


def read_output(folder: Path, run_id: str | None = None, with_frames: bool = True) -> Stored:
    """The version stored by run_id if any, else the current one; without frames, only its values (cheap)."""
    own = folder / _version_name(run_id) if run_id else None
    if own is not None and (own / VALUES_FILE).is_file():
        version = own
    else:
        try:
            version = folder / (folder / POINTER).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise OutputMissing(f"nothing stored in {folder}: materialise {folder.name} first") from error
    try:
        values = json.loads((version / VALUES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise OutputMissing(f"the stored {folder.name} in {version} is unreadable: materialise it again") from error
    frames = {path.stem: pl.read_parquet(path) for path in sorted(version.glob("*.parquet"))} if with_frames else {}
    return Stored(frames, values)


def _version_name(text: str) -> str:
    return _SAFE_NAME.sub("_", text)[:100] or "_"


def _remove_stale(folder: Path, keep: str, keep_seconds: float) -> None:
    now = time.time()
    for entry in folder.iterdir():
        if entry.name in (keep, POINTER) or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            age = now - entry.stat().st_mtime
            # A folder another writer is still filling is left to it for an hour, whatever keep_seconds says.
            if age >= keep_seconds and not (entry.name.endswith(".building") and age < 3600):
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue
