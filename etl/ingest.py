"""Read the articles folder into one row per input article or refused input.

Bad input never stops a run: each file or line that cannot be read becomes a row with status
`rejected` and a reason a user understands (see the "Input" section of the warehouse contract).
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import polars as pl

from etl.language import SUPPORTED_LANGUAGES, UNDETERMINED, detect_language
from etl.schema import ARTICLES, READABLE_STATUSES, conform, empty_frame
from etl.terminal import printable

MB = 1024 * 1024
MAX_TEXT_BYTES = 5 * MB
# A JSON line must be held whole to be parsed; beyond this it is refused instead.
MAX_JSONL_LINE_BYTES = 64 * MB
MAX_MANIFEST_BYTES = 64 * MB
BINARY_SAMPLE_BYTES = 64 * 1024
# Folders deeper than this are not entered (a row says so): real archives nest a few levels (year, month,
# outlet), and a bound keeps a runaway tree or a bind-mount loop from costing the run.
MAX_FOLDER_DEPTH = 64
LINKED_FOLDER = "linked folder"  # what walk_folder says of a linked folder, which it names but never enters
# Publication dates outside these bounds are typing errors or placeholders (0001-01-01, 9999-12-31).
EARLIEST_PUBLISHED_DATE = date(1900, 1, 1)
LATEST_PUBLISHED_DATE_AHEAD = timedelta(days=365)

DOCUMENT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIX = ".jsonl"
MANIFEST_NAME = "manifest.csv"
METADATA_FIELDS = ("url", "title", "outlet", "published_date", "language")

# Control bytes that do not occur in text files (tab, newlines, form feed, escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\b\x1b") + b"\x7f"
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ].*)?)?)?")
_HTML_MARKER = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|table|tr|td|body|head|meta|link|script|style"
    r"|section|article|nav|header|footer|img|strong|em|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_LANGUAGE_NAMES = {
    "english": "en", "eng": "en", "anglais": "en",
    "french": "fr", "fra": "fr", "fre": "fr", "français": "fr", "francais": "fr",
}


@dataclass(frozen=True)
class IngestResult:
    """The articles read (ARTICLES columns) and the files that are not articles."""

    articles: pl.DataFrame
    skipped_files: list[str]


@dataclass
class _Inputs:
    """The folder's files by role, each list sorted by relative path."""

    documents: list[Path] = field(default_factory=list)
    jsonl: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    skipped: list[str] = field(default_factory=list)
    # (location, reason) of each folder that was not read: too deep or not listable.
    unread_folders: list[tuple[str, str]] = field(default_factory=list)


class _Refused(Exception):
    """An input that cannot be read as an article; the message is the recorded reason."""


# --- entry point ---------------------------------------------------------------------------


def read_articles(articles_dir: Path, detect: Callable[[str], str] = detect_language) -> IngestResult:
    """One row per article or refused input in the folder, sorted by article_id; `detect` names the
    language of an article that the manifest or its record does not give."""
    root = Path(articles_dir).resolve(strict=True)
    if not root.is_dir():
        raise NotADirectoryError(f"ARTICLES_DIR is not a folder: {root}")
    inputs = _list_inputs(root)
    manifest, manifest_problems = _load_manifest(inputs.manifest, root)
    # Documents claim their ids first: a document's id depends on its own path alone, so a file, line or
    # refusal that arrives later never renames it (a rare clash is settled in the newcomer's id).
    claimed: dict[str, str] = {}  # article_id -> where it was first seen
    used: set[str] = set()
    rows = _document_rows(inputs.documents, root, manifest, used, claimed)
    rows += [_rejected_row(_claim(claimed, location, location), location, reason)
             for location, reason in inputs.unread_folders]
    for path in inputs.jsonl:
        rows += _jsonl_rows(path, root, claimed)
    rows += [_rejected_row(_claim(claimed, location, location), location, reason)
             for location, reason in manifest_problems]
    for row in rows:
        if row["status"] in READABLE_STATUSES:
            _settle_language(row, detect)
    rows += _missing_file_rows(manifest, used, claimed)
    _mark_duplicates(rows)
    return IngestResult(articles=_frame(rows), skipped_files=sorted(inputs.skipped))


def walk_folder(root: Path, max_depth: int = MAX_FOLDER_DEPTH) -> Iterator[tuple[Path, str | None]]:
    """Every entry under root to account for, without recursion: (file, None) for a file (a link to a file
    included), (folder, reason) for a folder that is not entered: a linked one, one deeper than max_depth
    or one that cannot be listed."""
    pending = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as exc:
            yield folder, f"folder not read: {_os_reason(exc)}"
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                is_folder, is_link = entry.is_dir(), entry.is_symlink()
            except OSError:
                is_folder, is_link = False, False  # judged, and refused with the reason, when it is read
            if not is_folder:
                yield path, None
            elif is_link:
                # A linked folder may point anywhere (or at itself), so it is named, not entered.
                yield path, LINKED_FOLDER
            elif depth + 1 > max_depth:
                yield path, f"folder nested more than {max_depth} levels deep: not read"
            else:
                pending.append((path, depth + 1))


def _list_inputs(root: Path) -> _Inputs:
    """The folder's files (subfolders included, linked folders never entered) by role."""
    inputs = _Inputs()
    for path, folder_problem in walk_folder(root):
        if folder_problem is None:
            _classify(path, root, inputs)
        elif folder_problem == LINKED_FOLDER:
            inputs.skipped.append(_recorded(_relative(path, root) + "/"))
        else:
            inputs.unread_folders.append((_recorded(_relative(path, root) + "/"), folder_problem))
    inputs.documents.sort(key=lambda path: _relative(path, root))
    inputs.jsonl.sort(key=lambda path: _relative(path, root))
    inputs.unread_folders.sort()
    return inputs


def _classify(path: Path, root: Path, inputs: _Inputs) -> None:
    """Files the path under its role by name alone (a link is judged when it is read)."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        inputs.documents.append(path)
    elif suffix == JSONL_SUFFIX:
        inputs.jsonl.append(path)
    elif path.name.lower() == MANIFEST_NAME and path.parent == root:
        inputs.manifest = path
    else:
        inputs.skipped.append(_recorded(_relative(path, root)))


def _relative(path: Path, root: Path) -> str:
    """The path relative to the articles folder, with forward slashes."""
    return path.relative_to(root).as_posix()


def _recorded(name: str) -> str:
    """A name as it can be stored and shown: itself, or, where it holds bytes that are not UTF-8 (which
    Python keeps as lone surrogates), its escaped form ("caf\\xe9.txt")."""
    return name if _is_valid_utf8(name) else printable(name)


def _is_valid_utf8(name: str) -> bool:
    """Whether a name read from the file system is valid UTF-8 (has no surrogate-escaped byte)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name_refusal(path: Path, root: Path) -> str | None:
    """Why the file's path cannot name an article: a file or folder name that is not valid UTF-8."""
    if _is_valid_utf8(_relative(path, root)):
        return None
    return "file name is not valid UTF-8" if not _is_valid_utf8(path.name) else "folder name is not valid UTF-8"


def _claim(claimed: dict[str, str], wanted: str, location: str) -> str:
    """The wanted article_id, or a numbered variant where it is taken, recorded as claimed."""
    article_id, counter = wanted, 1
    while article_id in claimed:
        counter += 1
        article_id = f"{wanted}#{counter}"
    claimed[article_id] = location
    return article_id


# --- manifest ------------------------------------------------------------------------------

_Manifest = dict[str, tuple[int, dict[str, str | None]]]


def _load_manifest(path: Path | None, root: Path) -> tuple[_Manifest, list[tuple[str, str]]]:
    """The manifest's rows by article_id, and (location, reason) of the manifest, when it cannot be read,
    or of each of its lines that cannot."""
    if path is None:
        return {}, []
    try:
        refusal = _refusal(path, root)
        if refusal:
            raise _Refused(refusal)
        return _parse_manifest(path)
    except _Refused as refused:
        reason = str(refused)
    except OSError as exc:
        reason = f"unreadable file: {_os_reason(exc)}"
    except Exception as exc:  # noqa: BLE001 - one input never stops the run
        reason = _unexpected(exc)
    return {}, [(_relative(path, root), f"manifest not read: {reason}")]


def _parse_manifest(path: Path) -> tuple[_Manifest, list[tuple[str, str]]]:
    """Metadata by article_id (the first row of an id wins, missing columns read as empty), and the
    (location, reason) of each line that cannot be read."""
    data, size = _read_head(path, MAX_MANIFEST_BYTES)
    if size is not None:
        raise _Refused(f"larger than {MAX_MANIFEST_BYTES // MB} MB")
    text, _repairs = _decode(data, complete=True)
    lines = io.StringIO(text, newline="").readlines()
    fieldnames: list[str] | None = None
    manifest: _Manifest = {}
    problems: list[tuple[str, str]] = []
    for first_line, last_line, record, problem in _csv_records(lines, _manifest_delimiter(lines)):
        if problem is not None and fieldnames is None:
            raise _Refused(f"header on line {first_line}: {problem}")
        if problem is not None:
            problems.append((f"{MANIFEST_NAME}:{first_line}", f"manifest line {first_line} not read: {problem}"))
        elif fieldnames is None:
            fieldnames = [name.strip().lower() for name in record]
            if "article_id" not in fieldnames:
                raise _Refused("no article_id column")
        else:
            row = dict(zip(fieldnames, record))
            article_id = _clean(row.get("article_id"))
            if article_id and article_id not in manifest:
                manifest[article_id] = (last_line, {name: _clean(row.get(name)) for name in METADATA_FIELDS})
    if fieldnames is None:
        raise _Refused("no article_id column")
    return manifest, problems


def _manifest_delimiter(lines: list[str]) -> str:
    """The manifest's delimiter: a comma, else the semicolon or tab that gives the header an article_id
    column (spreadsheets save CSV with semicolons where the comma is the decimal mark)."""
    header = lines[0] if lines else ""
    for delimiter in (",", ";", "\t"):
        try:
            names = next(csv.reader([header], delimiter=delimiter), [])
        except csv.Error:
            continue
        if "article_id" in (name.strip().lower() for name in names):
            return delimiter
    return ","


class _LineFeed:
    """The lines of a text for csv.reader, with the number of lines it has taken so far."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.taken = lines, 0

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self.taken >= len(self.lines):
            raise StopIteration
        self.taken += 1
        return self.lines[self.taken - 1]


def _csv_records(lines: list[str], delimiter: str) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """(first line, last line, fields, None) of each CSV record, or (line, line, None, problem) for one that
    cannot be read; reading goes on at the line after a bad record's first, so that a quote left open
    on one line does not swallow the rows after it."""
    feed = _LineFeed(lines)
    reader = csv.reader(feed, delimiter=delimiter)
    while True:
        first = feed.taken + 1
        try:
            record = next(reader, None)
        except csv.Error as exc:
            problem = f"malformed CSV: {exc}"
        else:
            if record is None:
                return
            # A value over several lines is kept where it is well-formed CSV; an open quote that ran on
            # over the next lines (to the end of the file, or to the next row's opening quote) is not.
            if feed.taken == first or _well_formed(lines[first - 1:feed.taken], delimiter):
                yield first, feed.taken, record, None
                continue
            problem = "unterminated quote"
        yield first, first, None, problem
        feed.taken = first
        reader = csv.reader(feed, delimiter=delimiter)


def _well_formed(lines: list[str], delimiter: str) -> bool:
    """Whether the lines are exactly one record of strict CSV."""
    try:
        return len(list(csv.reader(lines, delimiter=delimiter, strict=True))) == 1
    except csv.Error:
        return False


def _manifest_entry(path: Path, root: Path, article_id: str, manifest: _Manifest, used: set[str]) -> dict:
    """The manifest's metadata for a document, found by article_id, file name or stem; a document in a
    subfolder by its path alone (with or without extension), so that a row meant for a top-level file
    never describes a namesake in a subfolder."""
    if path.parent == root:
        keys = (article_id, path.name, path.stem)
    else:
        keys = (article_id, _relative(path.with_suffix(""), root))
    for key in keys:
        if key in manifest:
            used.add(key)
            return manifest[key][1]
    return {}


def _missing_file_rows(manifest: _Manifest, used: set[str], claimed: dict[str, str]) -> list[dict]:
    """A rejected row for each manifest row that names no file of the folder."""
    rows = []
    for article_id, (line, metadata) in manifest.items():
        # An id of a .jsonl article is not a missing file; the manifest only describes documents.
        if article_id in used or article_id in claimed:
            continue
        location = f"{MANIFEST_NAME}:{line}"
        rows.append(_rejected_row(_claim(claimed, article_id, location), location,
                                  "manifest row for a missing file", metadata))
    return rows


# --- .txt and .md documents ----------------------------------------------------------------


def _document_rows(paths: list[Path], root: Path, manifest: _Manifest, used: set[str],
                   claimed: dict[str, str]) -> list[dict]:
    """One row per .txt/.md file, under the id its own path gives it (see _document_id)."""
    top_level_stems = Counter(path.stem for path in paths if path.parent == root)
    rows = []
    for path in paths:
        article_id = _claim(claimed, _recorded(_document_id(path, root, top_level_stems)),
                            _recorded(_relative(path, root)))
        metadata = _manifest_entry(path, root, article_id, manifest, used) if not _name_refusal(path, root) else {}
        rows.append(_document_row(path, root, article_id, metadata))
    return rows


def _document_id(path: Path, root: Path, top_level_stems: Counter) -> str:
    """A top-level file's stem (its name where two top-level files share the stem), a nested file's path
    relative to ARTICLES_DIR: no file arriving in a subfolder can take or change an existing id."""
    if path.parent != root:
        return _relative(path, root)
    return path.stem if top_level_stems[path.stem] == 1 else path.name


def _document_row(path: Path, root: Path, article_id: str, metadata: dict) -> dict:
    """The row of one document, rejected with a reason where it cannot be read."""
    location = _recorded(_relative(path, root))
    try:
        refusal = _name_refusal(path, root) or _refusal(path, root)
        if refusal:
            raise _Refused(refusal)
        data, size = _read_head(path, MAX_TEXT_BYTES)
        text, repairs = _decode(data, complete=size is None)
        if size is not None:
            repairs.append(_truncation(size))
        text, html_title = _prepare(text, repairs)
    except _Refused as refused:
        return _rejected_row(article_id, location, str(refused), metadata)
    except OSError as exc:
        return _rejected_row(article_id, location, f"unreadable file: {_os_reason(exc)}", metadata)
    except Exception as exc:  # noqa: BLE001 - one input never stops the run
        return _rejected_row(article_id, location, _unexpected(exc), metadata)
    return _article_row(article_id, location, text, repairs, {"title": html_title, **_given(metadata)})


def _refusal(path: Path, root: Path) -> str | None:
    """Why the file must not be opened (a link leaving the folder, not a file), if it must not."""
    # The link is resolved as a path only: its target is never opened when it lies outside.
    if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(root):
        return "symlink outside ARTICLES_DIR"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"unreadable file: {_os_reason(exc)}"
    # A FIFO or device would block or never end.
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def _read_head(path: Path, limit: int) -> tuple[bytes, int | None]:
    """At most `limit` bytes of the file, and the file's size when it is longer."""
    with path.open("rb") as handle:
        # One byte past the limit tells a long file without reading the rest of it.
        data = handle.read(limit + 1)
        if len(data) <= limit:
            return data, None
        return data[:limit], os.fstat(handle.fileno()).st_size


def _os_reason(exc: OSError) -> str:
    """The operating system's words for an error."""
    return exc.strerror or str(exc) or type(exc).__name__


def _unexpected(exc: Exception) -> str:
    """The status reason of an input that failed in a way no rule foresaw (a bug to report, not a stop)."""
    detail = str(exc)
    detail = detail if len(detail) <= 200 else detail[:200] + "…"
    return f"could not be read: unexpected {type(exc).__name__}" + (f" ({_valid_text(detail)})" if detail else "")


def _truncation(size: int) -> str:
    """The status reason of a text cut to the size limit."""
    return f"truncated from {round(size / MB, 1):g} MB to {MAX_TEXT_BYTES // MB} MB"


# --- .jsonl files --------------------------------------------------------------------------


def _jsonl_rows(path: Path, root: Path, claimed: dict[str, str]) -> list[dict]:
    """One row per non-blank line, or one rejected row for a file that cannot be read."""
    location = _recorded(_relative(path, root))
    rows: list[dict] = []
    try:
        refusal = _name_refusal(path, root) or _refusal(path, root)
        if refusal:
            raise _Refused(refusal)
        with path.open("rb") as handle:
            sample = handle.read(BINARY_SAMPLE_BYTES)
            # A UTF-16 file is read as a UTF-16 .txt is: decoded, the repair said on each of its articles.
            utf16 = sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            if not utf16 and _is_binary(sample):
                raise _Refused("binary file")
            handle.seek(0)
            file_repairs = ("decoded as UTF-16",) if utf16 else ()
            for number, raw in _lines(handle, "utf-16" if utf16 else "latin-1", sample):
                try:
                    row = _jsonl_line(raw, number, location, claimed, file_repairs)
                except Exception as exc:  # noqa: BLE001 - one line never stops the run
                    line_location = f"{location}:{number}"
                    row = _rejected_row(_claim(claimed, line_location, line_location), line_location,
                                        _unexpected(exc))
                if row is not None:
                    rows.append(row)
        reason = None if rows else "empty file"
    except _Refused as refused:
        reason = str(refused)
    except OSError as exc:
        reason = f"unreadable file: {_os_reason(exc)}"
    except Exception as exc:  # noqa: BLE001 - one input never stops the run
        reason = _unexpected(exc)
    if reason is not None:
        rows.append(_rejected_row(_claim(claimed, location, location), location, reason))
    return rows


def _lines(handle: BinaryIO, encoding: str, sample: bytes) -> Iterator[tuple[int, bytes | None]]:
    """Each line as UTF-8 bytes (latin-1: the line's own bytes, its encoding judged later) with its 1-based
    number; None for a line too long to hold in memory. A line ends at \\n (\\r\\n included), or at \\r in a
    file without \\n (old Mac line ends)."""
    line_end = _line_end(sample.decode(encoding, "replace"))
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=line_end)
    number = 0
    while line := text.readline(MAX_JSONL_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_JSONL_LINE_BYTES and not line.endswith(line_end):
            # Skip the rest of the line in bounded pieces.
            while (rest := text.readline(MB)) and not rest.endswith(line_end):
                pass
            yield number, None
        else:
            yield number, line.encode("latin-1") if encoding == "latin-1" else line.encode("utf-8")


def _line_end(sample: str) -> str:
    """The line end of a file from its opening: \\r where it has \\r but no \\n, else \\n (\\r\\n lines too)."""
    # JSON may hold a \r as whitespace inside a record: in a file that has \n, a \r ends no line.
    return "\r" if "\r" in sample.rstrip("\r") and "\n" not in sample else "\n"


def _jsonl_line(raw: bytes | None, number: int, file_name: str, claimed: dict[str, str],
                file_repairs: tuple[str, ...] = ()) -> dict | None:
    """The row of one line of a .jsonl file, or None for a blank line."""
    location = f"{file_name}:{number}"
    if raw is None:
        return _rejected_row(_claim(claimed, location, location), location,
                             f"line {number} is longer than {MAX_JSONL_LINE_BYTES // MB} MB")
    line, repairs = _decode_line(raw, first=number == 1)
    repairs = [*file_repairs, *repairs]
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return _rejected_row(_claim(claimed, location, location), location, f"malformed JSON on line {number}")
    if not isinstance(record, dict):
        return _rejected_row(_claim(claimed, location, location), location, f"line {number} is not a JSON object")
    metadata = {name: _clean(record.get(name)) for name in METADATA_FIELDS}
    article_id = _usable_id(record.get("id"))
    if article_id is None:
        return _rejected_row(_claim(claimed, location, location), location, f"line {number} has no id", metadata)
    if article_id in claimed:
        reason = f"duplicate id {article_id} (first in {claimed[article_id]})"
        return _rejected_row(_claim(claimed, location, location), location, reason, metadata)
    claimed[article_id] = location
    return _jsonl_article(record.get("text"), number, article_id, location, repairs, metadata)


def _jsonl_article(text: object, number: int, article_id: str, location: str, repairs: list[str],
                   metadata: dict) -> dict:
    """The row of a line with a usable id, held to the same limits as a document."""
    if not isinstance(text, str) or not text.strip():
        return _rejected_row(article_id, location, f"line {number} has no text", metadata)
    encoded = text.encode("utf-8", "replace")
    if len(encoded) > MAX_TEXT_BYTES:
        # "ignore" only drops the character cut in half at the end.
        text = encoded[:MAX_TEXT_BYTES].decode("utf-8", "ignore")
        repairs.append(_truncation(len(encoded)))
    try:
        text, html_title = _prepare(text, repairs)
    except _Refused as refused:
        return _rejected_row(article_id, location, str(refused), metadata)
    except Exception as exc:  # noqa: BLE001 - one input never stops the run
        return _rejected_row(article_id, location, _unexpected(exc), metadata)
    return _article_row(article_id, location, text, repairs, {"title": html_title, **_given(metadata)})


def _decode_line(raw: bytes, first: bool) -> tuple[str, list[str]]:
    """A line's text: UTF-8, else cp1252 (reported as a repair)."""
    if first:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace"), ["not valid UTF-8: decoded as cp1252"]


def _usable_id(value: object) -> str | None:
    """The id as text, or None where it is missing, blank or not a string or integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _valid_text(value).strip() or None
    return None


# --- text ----------------------------------------------------------------------------------


def _decode(data: bytes, complete: bool) -> tuple[str, list[str]]:
    """The bytes as text, with the repairs that took; `complete` is False for a cut-off read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")("replace")
        return decoder.decode(data, final=complete), ["decoded as UTF-16"]
    if _is_binary(data):
        raise _Refused("binary file")
    try:
        # Not final for a cut-off read: a character split by the cut is left out, not an error.
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=complete), []
    except UnicodeDecodeError:
        text = data.removeprefix(codecs.BOM_UTF8).decode("cp1252", "replace")
        return text, ["not valid UTF-8: decoded as cp1252"]


def _is_binary(data: bytes) -> bool:
    """Whether the bytes are not text: a NUL byte, or more than a tenth control bytes."""
    sample = data[:BINARY_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(sample)


def _prepare(text: str, repairs: list[str]) -> tuple[str, str | None]:
    """The normalised text (HTML reduced to its visible text) and the HTML page's title."""
    title = None
    text = _valid_text(text)  # before the title is taken from it: a lone surrogate cannot be stored
    if _looks_like_html(text):
        text, title = _html_to_text(text)
        repairs.append("HTML reduced to text")
        if not _normalise(text):
            raise _Refused("HTML page without visible text")
    text = _normalise(text)
    if not text:
        raise _Refused("empty file")
    return text, title


def _normalise(text: str) -> str:
    """NFC text with \\n line ends and no trailing whitespace on any line or at either end."""
    text = _valid_text(text).replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _valid_text(text: str) -> str:
    """The text with lone surrogates (possible in JSON) replaced, so it can be stored."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _looks_like_html(text: str) -> bool:
    """Whether the text is an HTML page rather than prose: a doctype/html tag or many tags."""
    return bool(_HTML_MARKER.search(text[:10_000])) or len(_HTML_TAG.findall(text[:100_000])) >= 10


class _VisibleText(HTMLParser):
    """Collects the text a reader sees, one line per block, and the page title."""

    HIDDEN = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template", "head"})
    BLOCKS = frozenset({
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "figcaption", "aside",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.hidden_depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "body":
            self.hidden_depth = 0  # an unclosed <head> must not hide the whole page
        elif tag in self.HIDDEN:
            self.hidden_depth += 1
        elif tag == "title":
            self.in_title = True
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag == "title":
            self.in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.hidden_depth:
            self.parts.append(data)


def _html_to_text(page: str) -> tuple[str, str | None]:
    """The visible text of an HTML page, one line per paragraph, and its title."""
    parser = _VisibleText()
    try:
        parser.feed(page)
        parser.close()
    except AssertionError:
        # html.parser refuses a malformed marked section ("<![foo[") by an assertion; shown as text, the
        # section is harmless, so the page is read again with every "<![" escaped.
        parser = _VisibleText()
        parser.feed(page.replace("<![", "&lt;!["))
        parser.close()
    # Whitespace inside a block is layout, not content, in HTML.
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title_parts).split())
    return "\n".join(line for line in lines if line), title or None


# --- rows ----------------------------------------------------------------------------------


def _settle_language(row: dict, detect: Callable[[str], str]) -> None:
    """Detect the language of an article that was not given one; one the pipeline does not read makes the
    article `unsupported_language`, with that reason first."""
    if row["language"] is None:
        row["language"] = detect(row["text"])
    if row["language"] not in SUPPORTED_LANGUAGES:
        row["status"] = "unsupported_language"
        row["status_reason"] = "; ".join([_language_reason(row["language"]), *filter(None, [row["status_reason"]])])


def _article_row(article_id: str, location: str, text: str, repairs: list[str], metadata: dict) -> dict:
    """The row of a readable article: loaded or repaired; its language, unless given, is settled later."""
    published, precision, date_problem = _parse_date(metadata.get("published_date"))
    language = _given_language(metadata.get("language"))
    reasons = list(repairs)
    status = "repaired" if repairs else "loaded"
    if date_problem:
        reasons.append(date_problem)
    return {
        "article_id": article_id, "source_file": location,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text,
        "url": metadata.get("url"), "title": metadata.get("title"), "outlet": metadata.get("outlet"),
        "published_date": published, "published_date_precision": precision, "language": language,
        "status": status, "status_reason": "; ".join(reasons) or None,
    }


def _rejected_row(article_id: str, location: str, reason: str, metadata: dict | None = None) -> dict:
    """The row of a refused input: no text and no hash, the metadata it came with kept."""
    metadata = metadata or {}
    published, precision, _problem = _parse_date(metadata.get("published_date"))
    return {
        "article_id": article_id, "source_file": location, "content_hash": None, "text": None,
        "url": metadata.get("url"), "title": metadata.get("title"), "outlet": metadata.get("outlet"),
        "published_date": published, "published_date_precision": precision,
        "language": _given_language(metadata.get("language")),
        "status": "rejected", "status_reason": reason,
    }


def _language_reason(language: str) -> str:
    """The status reason of an article the pipeline does not read."""
    if language == UNDETERMINED:
        return "language could not be recognised"
    return f"language {language} is not read by the pipeline"


def _given_language(value: str | None) -> str | None:
    """A language given in metadata as an ISO 639-1 code ("fr-FR", "French" -> "fr")."""
    if not value:
        return None
    code = re.split(r"[-_\s]", value.strip().lower(), maxsplit=1)[0]
    return _LANGUAGE_NAMES.get(code, code) or None


def _given(metadata: dict) -> dict:
    """The metadata values that were given (so they override derived ones)."""
    return {name: value for name, value in metadata.items() if value is not None}


def _clean(value: object) -> str | None:
    """A metadata value as stripped text, None where it is missing or blank."""
    if value is None:
        return None
    text = _valid_text(value if isinstance(value, str) else str(value)).strip()
    return text or None


def _parse_date(value: str | None) -> tuple[date | None, str, str | None]:
    """(first day of the date, precision, problem) of a YYYY-MM-DD, YYYY-MM or YYYY value."""
    if not value:
        return None, "unknown", None
    shown = value if len(value) <= 40 else value[:40] + "…"
    match = _DATE.fullmatch(value)
    if match:
        year, month, day = match.groups()
        try:
            parsed = date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            parsed = None
        latest = date.today() + LATEST_PUBLISHED_DATE_AHEAD
        if parsed is not None and not EARLIEST_PUBLISHED_DATE <= parsed <= latest:
            # Kept out of the warehouse: a placeholder (0001, 9999) would stretch dim_dates to millions of days.
            return None, "unknown", (f"implausible published_date '{shown}' (before {EARLIEST_PUBLISHED_DATE.year}"
                                     " or more than a year ahead): ignored")
        if parsed is not None:
            return parsed, "day" if day else "month" if month else "year", None
    return None, "unknown", f"unparseable published_date '{shown}'"


def _mark_duplicates(rows: list[dict]) -> None:
    """Marks every article whose text an article with a smaller id already has as its duplicate."""
    first_by_hash: dict[str, str] = {}
    for row in sorted(rows, key=lambda row: row["article_id"]):
        digest = row["content_hash"]
        if digest is None:
            continue
        if digest in first_by_hash:
            row["status"], row["status_reason"] = "duplicate", first_by_hash[digest]
        else:
            first_by_hash[digest] = row["article_id"]


def _frame(rows: list[dict]) -> pl.DataFrame:
    """The rows as an ARTICLES frame sorted by article_id."""
    if not rows:
        return empty_frame(ARTICLES)
    return conform(pl.DataFrame(rows, schema=ARTICLES).sort("article_id"), ARTICLES)
