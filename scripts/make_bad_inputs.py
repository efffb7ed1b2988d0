"""Write a folder of bad inputs beside a copy of the project's seeds, one file per case of the issue
"Never lose an article, never publish a broken warehouse".

    python scripts/make_bad_inputs.py /tmp/bad              # the 50 MB file included
    python scripts/make_bad_inputs.py /tmp/bad --big-mb 6   # a smaller big file

Point the pipeline at the folder (`secmeet run --articles-dir /tmp/bad ...`): every input must come out
as a row of `reporting.articles` with a status and a reason, and the run must still publish.
Standard library only; `tests/test_robustness.py` imports the writers below one by one.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import sys
import zlib
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
MANIFEST_NAME = "manifest.csv"
MANIFEST_HEADER = "article_id,url,title,outlet,published_date,language\n"
MB = 1024 * 1024

INJECTION = "'); drop table fct_meetings; --"
# A file name holding quotes of both kinds and SQL; the file's stem is the article_id.
HOSTILE_STEM = f"O'Brien \"the\" 'x' {INJECTION}"

ENGLISH = (
    "The Director General of National Security received the Inspector General of the Ghana Police Service "
    "in Rabat on Tuesday for talks on police cooperation.\n"
    "Both sides agreed to step up the exchange of information on organised crime and terrorism.\n"
)
FRENCH = (
    "Le directeur général de la sûreté nationale a reçu mardi à Rabat son homologue sénégalais pour des "
    "entretiens sur la coopération en matière de sécurité.\n"
    "Les deux responsables ont examiné les moyens de renforcer l'échange d'informations policières.\n"
)
SPANISH = (
    "El director general de la seguridad nacional se reunió el martes en Madrid con su homólogo marroquí "
    "para hablar de la cooperación policial.\n"
    "Ambas partes acordaron reforzar el intercambio de información sobre el crimen organizado.\n"
)
ARABIC = (
    "استقبل المدير العام للأمن الوطني يوم الثلاثاء في الرباط نظيره الغاني لإجراء محادثات حول التعاون الأمني.\n"
    "واتفق الجانبان على تعزيز تبادل المعلومات في مجال مكافحة الجريمة المنظمة والإرهاب.\n"
)
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Police chiefs meet in Accra</title>"
    "<style>p { color: red }</style><script>var tracker = 1;</script></head>\n"
    "<body><nav>Home | Politics | Sports | Read also: other headlines</nav>\n"
    "<p>The Inspector General of the Ghana Police Service received the Director General of National "
    "Security of Morocco in Accra on Wednesday.</p>\n"
    "<p>The two chiefs discussed the fight against cybercrime and the training of police officers.</p>\n"
    "<footer>Copyright Example News</footer></body></html>\n"
)
SQL_TEXT = (
    f"Director General Patrick O'Brien held talks with Inspector General Kofi Mensah of the Ghana Police "
    f"Service in Accra on 3 March 2024 ({INJECTION}).\n"
    f"O'Brien \"the\" 'x' said the talks were useful; {INJECTION}\n"
)
# Big-file filler: short lines that are neither prose nor headlines, so the NLP pass skips them quickly.
FILLER_LINE = "log entry 0000000 padding padding padding\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes() -> bytes:
    """A valid 16x16 grey PNG image."""
    header = struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + bytes(range(i, i + 16)) for i in range(16))
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(pixels))
            + _png_chunk(b"IEND", b""))


# --- one writer per case: each returns [(path, what it is)] ---------------------------------------


def write_seeds(folder: Path) -> list[tuple[Path, str]]:
    """A copy of the project's seed articles (their manifest rows go into write_manifest's file)."""
    written = []
    for seed in sorted(SEEDS_DIR.glob("*")):
        if seed.is_file() and seed.name != MANIFEST_NAME:
            shutil.copyfile(seed, folder / seed.name)
            written.append((folder / seed.name, "seed article (copy)"))
    return written


def write_empty(folder: Path) -> list[tuple[Path, str]]:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return [(path, "empty file")]


def write_whitespace_only(folder: Path) -> list[tuple[Path, str]]:
    path = folder / "whitespace_only.md"
    path.write_bytes(b" \n\t\r\n   \n\n")
    return [(path, "whitespace only")]


def write_png_as_txt(folder: Path) -> list[tuple[Path, str]]:
    path = folder / "photo.txt"
    path.write_bytes(png_bytes())
    return [(path, "a PNG image renamed .txt")]


def write_cp1252_french(folder: Path) -> list[tuple[Path, str]]:
    path = folder / "french_cp1252.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    return [(path, "French text encoded cp1252 (not UTF-8), with 'sécurité'")]


def write_html_as_md(folder: Path) -> list[tuple[Path, str]]:
    path = folder / "html_page.md"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return [(path, "an HTML page saved as .md")]


def write_big_text(folder: Path, size_mb: int = 50) -> list[tuple[Path, str]]:
    """English prose, then filler lines up to size_mb megabytes, written 1 MB at a time."""
    path = folder / f"big_{size_mb}mb.txt"
    chunk_lines = MB // len(FILLER_LINE)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(ENGLISH)
        written = len(ENGLISH.encode("utf-8"))
        target = size_mb * MB
        while written < target:
            chunk = (FILLER_LINE * chunk_lines)[: target - written]
            handle.write(chunk)
            written += len(chunk)  # ASCII: characters are bytes
    return [(path, f"a {size_mb} MB .txt file")]


def write_jsonl(folder: Path) -> list[tuple[Path, str]]:
    """Five lines: good, malformed, no id, no text, an id already used on line 1."""
    lines = [
        json.dumps({"id": "wire-1", "text": ENGLISH, "outlet": "Example Wire", "published_date": "2024-03-05"}),
        '{"id": "wire-2", "text": "unterminated',
        json.dumps({"text": ENGLISH.replace("Tuesday", "Monday")}),
        json.dumps({"id": "wire-4", "title": "A line without text"}),
        json.dumps({"id": "wire-1", "text": ENGLISH.replace("Tuesday", "Friday")}),
    ]
    path = folder / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [(path, "JSON lines: 1 good, 2 malformed, 3 missing id, 4 missing text, 5 duplicate id")]


def write_same_text_twice(folder: Path) -> list[tuple[Path, str]]:
    text = ENGLISH.replace("Tuesday", "Thursday")
    first, second = folder / "twin_a.txt", folder / "twin_b.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    return [(first, "the same text as twin_b.txt"), (second, "the same text as twin_a.txt")]


def write_manifest(folder: Path, seed_rows: bool = True) -> list[tuple[Path, str]]:
    """The seeds' manifest (so the seeds keep their dates) plus a row for a missing file and a bad date."""
    path = folder / MANIFEST_NAME
    text = (SEEDS_DIR / MANIFEST_NAME).read_text(encoding="utf-8") if seed_rows else MANIFEST_HEADER
    if not text.endswith("\n"):
        text += "\n"
    text += "missing_article,https://example.org/missing,A missing article,Example News,2024-03-05,en\n"
    text += "html_page,https://example.org/accra,,Example News,last Tuesday,\n"
    path.write_text(text, encoding="utf-8")
    return [(path, "manifest: a row for a missing file (missing_article), "
                   "an unparseable published_date (html_page)")]


def write_other_languages(folder: Path) -> list[tuple[Path, str]]:
    spanish, arabic = folder / "spanish.txt", folder / "arabic.txt"
    spanish.write_text(SPANISH, encoding="utf-8")
    arabic.write_text(ARABIC, encoding="utf-8")
    return [(spanish, "a Spanish article"), (arabic, "an Arabic article")]


def write_unreadable(folder: Path) -> list[tuple[Path, str]]:
    path = folder / "unreadable.txt"
    path.write_text(ENGLISH.replace("Tuesday", "Saturday"), encoding="utf-8")
    path.chmod(0)
    note = " (root can still read it)" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    return [(path, f"an unreadable file (chmod 000){note}")]


def write_symlink_outside(folder: Path, target: Path | None = None) -> list[tuple[Path, str]]:
    """A link to a file outside the folder (by default /etc/passwd: it must never be read)."""
    target = Path(target or "/etc/passwd")
    path = folder / "outside_link.txt"
    path.symlink_to(target)
    return [(path, f"a symlink pointing outside the folder, to {target}")]


def write_sql_and_quotes(folder: Path) -> list[tuple[Path, str]]:
    path = folder / f"{HOSTILE_STEM}.txt"
    path.write_text(SQL_TEXT, encoding="utf-8")
    return [(path, "quotes and SQL in the file name and the text")]


def write_all(folder: Path, big_mb: int = 50) -> list[tuple[Path, str]]:
    """Every case of the issue, beside a copy of the seeds, in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    written = write_seeds(folder)
    for writer in (write_empty, write_whitespace_only, write_png_as_txt, write_cp1252_french, write_html_as_md):
        written += writer(folder)
    written += write_big_text(folder, big_mb)
    for writer in (write_jsonl, write_same_text_twice, write_manifest, write_other_languages, write_unreadable,
                   write_symlink_outside, write_sql_and_quotes):
        written += writer(folder)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--big-mb", type=int, default=50, help="size of the big .txt file in MB (default 50)")
    arguments = parser.parse_args(argv)
    existing = [p for p in arguments.folder.iterdir()] if arguments.folder.is_dir() else []
    if existing:
        print(f"{arguments.folder} is not empty; choose a new folder", file=sys.stderr)
        return 2
    for path, what in write_all(arguments.folder, arguments.big_mb):
        print(f"{path.name!r:60} {what}")
    print(f"wrote {arguments.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
