"""A cheap fingerprint of an articles folder, to notice new or changed files without reading them."""
from __future__ import annotations

import hashlib
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".csv")


def folder_fingerprint(folder: Path) -> str:
    """A hash of the names, sizes and modification times of the folder's article files."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in ARTICLE_SUFFIXES and not path.is_symlink() and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(folder)}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]
