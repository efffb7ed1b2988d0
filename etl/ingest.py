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
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import polars as pl

from etl.language import SUPPORTED_LANGUAGES, UNDETERMINED, detect_language
from etl.schema import ARTICLES, READABLE_STATUSES, conform, empty_frame

MB = 1024 * 1024
MAX_TEXT_BYTES = 5 * MB
# A JSON line must be held whole to be parsed; beyond this it is refused instead.
MAX_JSONL_LINE_BYTES = 64 * MB
MAX_MANIFEST_BYTES = 64 * MB
BINARY_SAMPLE_BYTES = 64 * 1024

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
    claimed: dict[str, str] = {}  # article_id -> where it was first seen
    manifest, rows = _load_manifest(inputs.manifest, root, claimed)
    used: set[str] = set()
    rows += _document_rows(inputs.documents, root, manifest, used, claimed)
    for path in inputs.jsonl:
        rows += _jsonl_rows(path, root, claimed)
    for row in rows:
        if row["status"] in READABLE_STATUSES:
            _settle_language(row, detect)
    rows += _missing_file_rows(manifest, used, claimed)
    _mark_duplicates(rows)
    return IngestResult(articles=_frame(rows), skipped_files=sorted(inputs.skipped))


def _list_inputs(root: Path) -> _Inputs:
    """The folder's files (subfolders included, linked folders never entered) by role."""
    inputs = _Inputs()
    # followlinks=False: a linked folder may point anywhere, so it is named, not entered.
    for folder, subfolders, files in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in subfolders:
            if (base / name).is_symlink():
                inputs.skipped.append(_relative(base / name, root) + "/")
        for name in files:
            _classify(base / name, root, inputs)
    inputs.documents.sort(key=lambda path: _relative(path, root))
    inputs.jsonl.sort(key=lambda path: _relative(path, root))
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
        inputs.skipped.append(_relative(path, root))


def _relative(path: Path, root: Path) -> str:
    """The path relative to the articles folder, with forward slashes."""
    return path.relative_to(root).as_posix()


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


def _load_manifest(path: Path | None, root: Path, claimed: dict[str, str]) -> tuple[_Manifest, list[dict]]:
    """The manifest's rows by article_id, and a rejected row when it cannot be read."""
    if path is None:
        return {}, []
    try:
        refusal = _refusal(path, root)
        if refusal:
            raise _Refused(refusal)
        return _parse_manifest(path), []
    except _Refused as refused:
        reason = str(refused)
    except OSError as exc:
        reason = f"unreadable file: {_os_reason(exc)}"
    except csv.Error as exc:
        reason = f"malformed CSV: {exc}"
    location = _relative(path, root)
    return {}, [_rejected_row(_claim(claimed, location, location), location, f"manifest not read: {reason}")]


def _parse_manifest(path: Path) -> _Manifest:
    """Metadata by article_id; the first row of an id wins and missing columns read as empty."""
    data, size = _read_head(path, MAX_MANIFEST_BYTES)
    if size is not None:
        raise _Refused(f"larger than {MAX_MANIFEST_BYTES // MB} MB")
    text, _repairs = _decode(data, complete=True)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "article_id" not in reader.fieldnames:
        raise _Refused("no article_id column")
    manifest: _Manifest = {}
    for row in reader:
        article_id = _clean(row.get("article_id"))
        if article_id and article_id not in manifest:
            manifest[article_id] = (reader.line_num, {name: _clean(row.get(name)) for name in METADATA_FIELDS})
    return manifest


def _manifest_entry(path: Path, article_id: str, manifest: _Manifest, used: set[str]) -> dict:
    """The manifest's metadata for a document, found by article_id, file name or stem."""
    for key in (article_id, path.name, path.stem):
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
    """One row per .txt/.md file; the id is the stem, or the file name where stems are shared."""
    stems = Counter(path.stem for path in paths)
    names = Counter(path.name for path in paths)
    rows = []
    for path in paths:
        location = _relative(path, root)
        # Files of the same name in different subfolders fall back to their relative path.
        wanted = path.stem if stems[path.stem] == 1 else path.name if names[path.name] == 1 else location
        article_id = _claim(claimed, wanted, location)
        rows.append(_document_row(path, root, article_id, _manifest_entry(path, article_id, manifest, used)))
    return rows


def _document_row(path: Path, root: Path, article_id: str, metadata: dict) -> dict:
    """The row of one document, rejected with a reason where it cannot be read."""
    location = _relative(path, root)
    try:
        refusal = _refusal(path, root)
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


def _truncation(size: int) -> str:
    """The status reason of a text cut to the size limit."""
    return f"truncated from {round(size / MB, 1):g} MB to {MAX_TEXT_BYTES // MB} MB"


# --- .jsonl files --------------------------------------------------------------------------


def _jsonl_rows(path: Path, root: Path, claimed: dict[str, str]) -> list[dict]:
    """One row per non-blank line, or one rejected row for a file that cannot be read."""
    location = _relative(path, root)
    rows: list[dict] = []
    try:
        refusal = _refusal(path, root)
        if refusal:
            raise _Refused(refusal)
        with path.open("rb") as handle:
            if _is_binary(handle.read(BINARY_SAMPLE_BYTES)):
                raise _Refused("binary file")
            handle.seek(0)
            for number, raw in _lines(handle):
                row = _jsonl_line(raw, number, location, claimed)
                if row is not None:
                    rows.append(row)
        reason = None if rows else "empty file"
    except _Refused as refused:
        reason = str(refused)
    except OSError as exc:
        reason = f"unreadable file: {_os_reason(exc)}"
    if reason is not None:
        rows.append(_rejected_row(_claim(claimed, location, location), location, reason))
    return rows


def _lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Each line with its 1-based number; None for a line too long to hold in memory."""
    number = 0
    while raw := handle.readline(MAX_JSONL_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_JSONL_LINE_BYTES and not raw.endswith(b"\n"):
            # Skip the rest of the line in bounded pieces.
            while (rest := handle.readline(MB)) and not rest.endswith(b"\n"):
                pass
            raw = None
        yield number, raw


def _jsonl_line(raw: bytes | None, number: int, file_name: str, claimed: dict[str, str]) -> dict | None:
    """The row of one line of a .jsonl file, or None for a blank line."""
    location = f"{file_name}:{number}"
    if raw is None:
        return _rejected_row(_claim(claimed, location, location), location,
                             f"line {number} is longer than {MAX_JSONL_LINE_BYTES // MB} MB")
    line, repairs = _decode_line(raw, first=number == 1)
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
    parser.feed(page)
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
    match = _DATE.fullmatch(value)
    if match:
        year, month, day = match.groups()
        try:
            parsed = date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed, "day" if day else "month" if month else "year", None
    shown = value if len(value) <= 40 else value[:40] + "…"
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
