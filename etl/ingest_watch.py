"""A cheap fingerprint of an articles folder, to notice new or changed files without reading them."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from etl.ingest import walk_folder

ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")


def folder_fingerprint(folder: Path) -> str:
    """A hash of the names, sizes and modification times of the folder's article files; never fails on a file."""
    digest = hashlib.sha256()
    if folder.is_dir():
        # walk_folder neither recurses nor enters linked folders; paths sort as Path objects do.
        for path, folder_problem in sorted(walk_folder(folder), key=lambda entry: entry[0].parts):
            if folder_problem is not None or path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            try:
                status = path.lstat()
            except OSError:
                continue  # gone since it was listed, or a path too long to look at: ingest reports it
            if stat.S_ISREG(status.st_mode):  # neither a link nor a folder
                # fsencode: a name that is not valid UTF-8 is hashed as its bytes.
                name = os.fsencode(path.relative_to(folder))
                digest.update(name + f"\x1f{status.st_size}\x1f{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]
