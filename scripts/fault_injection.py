"""Replay hostile and faulty situations against fresh warehouses and say, case by case, whether the
pipeline held.

    .venv/bin/python scripts/fault_injection.py            # every case, then the table
    .venv/bin/python scripts/fault_injection.py --list     # the cases and what each expects
    .venv/bin/python scripts/fault_injection.py --only export --only sensor --keep

Every case works in a folder of its own under a temporary work folder (removed at the end unless
--keep), with articles written here (invented texts; only the id cases copy the project's seeds/).
Most cases run `secmeet run` as a subprocess, with a DAGSTER_HOME of their own and none of the
ambient ARTICLES_DIR, WAREHOUSE_PATH, REPORT_DIR or EXPORT_DIR; those that inject a failure through
the code, or time the extraction alone, run in this process. The table has one row per case:
case | expected | observed | held/broke | seconds. Exit code 1 when a case broke; the tracebacks of
cases that raised are printed after the table.
"""
from __future__ import annotations

import argparse
import codecs
import contextlib
import hashlib
import json
import os
import pickle
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

SEEDS_DIR = PROJECT_ROOT / "seeds"
AMBIENT = ("ARTICLES_DIR", "WAREHOUSE_PATH", "REPORT_DIR", "EXPORT_DIR", "DAGSTER_HOME")
RUN_TIMEOUT = 300  # seconds a `secmeet` subprocess may take before the case is called broken
NOT_UTF8 = b"\xff"  # a byte that never occurs in UTF-8


# =============================================================================================
# Invented articles
# =============================================================================================

_FORCES = [("Ruritanian", "National Police"), ("Freedonian", "Federal Police"), ("Sylvanian", "Border Guard"),
           ("Latverian", "Gendarmerie"), ("Carpathian", "Customs Service"), ("Grand Fenwick", "Coast Guard"),
           ("Molvanian", "Criminal Police"), ("Elbonian", "Financial Intelligence Unit")]
_PEOPLE = ["Anna Berg", "Karl Holm", "Piotr Lasko", "Elena Moraru", "Viktor Dragan", "Marie Laval", "Louis Marchetti",
           "Ines Varga", "Tomas Reder", "Olga Petrenko", "Jonas Feld", "Clara Monti", "Mikael Sand", "Rosa Tenev",
           "Aron Kessel", "Nora Lindqvist"]
_CITIES = ["Vienna", "Budapest", "Prague", "Lisbon", "Warsaw", "Helsinki", "Zagreb", "Bratislava", "Ljubljana", "Riga"]
_TOPICS = ["cyber crime", "drug trafficking", "border surveillance", "money laundering", "human trafficking",
           "counter-terrorism", "stolen vehicles", "police training"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def article(number: int) -> str:
    """An invented report of a bilateral police meeting; a different text (people, place, date) per number.
    article(0) is: "The chief of the Ruritanian National Police, Anna Berg, met the director of the
    Freedonian Federal Police, Karl Holm, in Vienna on 3 March 2025. ..."."""
    first, second = _FORCES[number % len(_FORCES)], _FORCES[(number + 1) % len(_FORCES)]
    host, guest = _PEOPLE[(2 * number) % len(_PEOPLE)], _PEOPLE[(2 * number + 1) % len(_PEOPLE)]
    day, month = 1 + (number + 2) % 28, _MONTHS[(2 + number // 28) % 12]
    return (f"The chief of the {first[0]} {first[1]}, {host}, met the director of the {second[0]} {second[1]}, "
            f"{guest}, in {_CITIES[number % len(_CITIES)]} on {day} {month} 2025. The two agencies signed a "
            f"memorandum of understanding on {_TOPICS[number % len(_TOPICS)]}.\n")


# The meeting of article(0) told in other words (case 20: a second report of the same meeting).
ARTICLE_0_RETOLD = ("Anna Berg, who heads the Ruritanian National Police, held talks in Vienna on 3 March 2025 with "
                    "Karl Holm, the director of the Freedonian Federal Police. A memorandum of understanding on cyber "
                    "crime was signed by the two agencies.\n")
# A sentence without names, places or meeting words, repeated into a paragraph of any length (case 7).
PLAIN_SENTENCE = "The weekly bulletin reported light rain, moderate wind and rising water in the northern rivers. "


def write_articles(folder: Path, texts: dict[str, str]) -> Path:
    """name.txt for each name: text, in folder (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def write_bytes_name(folder: Path, name: bytes, content: bytes) -> None:
    """A file whose name is any bytes (not necessarily UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), name), "wb") as file:
        file.write(content)


# =============================================================================================
# Running `secmeet`, querying the warehouse
# =============================================================================================


class Broke(Exception):
    """The case did not hold; the message is what was observed."""


def expect(condition: object, observed: str) -> None:
    """Raise Broke(observed) unless condition holds."""
    if not condition:
        raise Broke(observed)


@dataclass
class Run:
    """A finished `secmeet` subprocess."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def tail(self, lines: int = 12) -> str:
        """The last lines of its output, for an observation."""
        return " / ".join(line.strip() for line in self.output.strip().splitlines()[-lines:])


@dataclass(eq=False)
class Started:
    """A `secmeet` subprocess still running, its output going to files."""

    process: subprocess.Popen
    args: list[str]
    out_path: Path
    err_path: Path
    began: float = field(default_factory=time.monotonic)

    def kill(self) -> None:
        """SIGKILL the process and the processes it started (its own session), and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)
        _LIVE.discard(self)

    def finish(self, timeout: float = RUN_TIMEOUT) -> Run:
        """Wait for it (killing it after timeout seconds: the case breaks) and read its output."""
        try:
            self.process.wait(timeout=max(1.0, timeout - (time.monotonic() - self.began)))
        except subprocess.TimeoutExpired:
            self.kill()
            raise Broke(f"`secmeet {' '.join(self.args[:1])}` did not end within {timeout:.0f} s; killed")
        finally:
            _LIVE.discard(self)
        return self.result()

    def result(self) -> Run:
        return Run(self.args, self.process.returncode, read_text(self.out_path), read_text(self.err_path),
                   time.monotonic() - self.began)


def read_text(path: Path) -> str:
    """A captured output file as text (undecodable bytes replaced); empty when absent."""
    return path.read_bytes().decode("utf-8", "replace") if path.exists() else ""


_LIVE: set[Started] = set()  # killed when the script ends early, so that no run outlives it
_OWN = object()  # dagster_home=_OWN: the case folder's own DAGSTER_HOME
_counter = iter(range(1, 1_000_000))


def secmeet_command() -> list[str]:
    """The `secmeet` entry point of the project's virtual environment (else of this interpreter)."""
    script = PROJECT_ROOT / ".venv" / "bin" / "secmeet"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dagster_project.cli"]


def clean_env(dagster_home: Path | None) -> dict[str, str]:
    """This environment without the ambient settings of a run; DAGSTER_HOME set only when given."""
    env = {name: value for name, value in os.environ.items() if name not in AMBIENT}
    if dagster_home is not None:
        env["DAGSTER_HOME"] = str(dagster_home)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def start_secmeet(folder: Path, *args: object, dagster_home: object = _OWN, cwd: Path | None = None) -> Started:
    """Start `secmeet <args>` in a session of its own, its output in folder/logs, its working folder the case's
    (so that nothing lands in the project). dagster_home: a folder, None (no DAGSTER_HOME), or the case's own."""
    home = folder / "dagster_home" if dagster_home is _OWN else dagster_home
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    number = next(_counter)
    arguments = [str(arg) for arg in args]
    out_path, err_path = logs / f"{number:03d}-{arguments[0]}.out", logs / f"{number:03d}-{arguments[0]}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen([*secmeet_command(), *arguments], cwd=cwd or folder, env=clean_env(home),
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
    started = Started(process, arguments, out_path, err_path)
    _LIVE.add(started)
    return started


def secmeet(folder: Path, *args: object, dagster_home: object = _OWN, timeout: float = RUN_TIMEOUT) -> Run:
    """Run `secmeet <args>` to its end (see start_secmeet)."""
    return start_secmeet(folder, *args, dagster_home=dagster_home).finish(timeout)


def secmeet_run(folder: Path, articles: Path, warehouse: Path, *more: object, **options) -> Run:
    """`secmeet run --articles-dir articles --warehouse-path warehouse`."""
    return secmeet(folder, "run", "--articles-dir", articles, "--warehouse-path", warehouse, *more, **options)


def start_run(folder: Path, articles: Path, warehouse: Path, **options) -> Started:
    return start_secmeet(folder, "run", "--articles-dir", articles, "--warehouse-path", warehouse, **options)


def published(run: Run, what: str = "the run") -> None:
    """Break unless the run exited 0."""
    expect(run.returncode == 0, f"{what} exited {run.returncode}: {run.tail()}")


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of sql on the published warehouse, opened read-only as a BI tool would."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()


def articles_by_id(warehouse: Path) -> dict[str, tuple[str, str | None]]:
    """reporting.articles as {article_id: (status, status_reason)}."""
    return {article_id: (status, reason) for article_id, status, reason in
            query(warehouse, "select article_id, status, status_reason from reporting.articles")}


def published_ids(warehouse: Path) -> dict[str, set[str]]:
    """The meeting and person ids of the warehouse."""
    return {"meeting": {i for (i,) in query(warehouse, "select meeting_id from reporting.meetings")},
            "person": {i for (i,) in query(warehouse, "select person_id from reporting.persons")}}


def wait_for(condition: Callable[[], object], timeout: float, interval: float = 0.05,
             process: Started | None = None) -> object:
    """condition()'s first true value within timeout seconds (None when it never came, or when process ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.process.poll() is not None:
            return condition() or None
        time.sleep(interval)
    return None


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# =============================================================================================
# Folder trees of any depth
# =============================================================================================


def make_nested(top: Path, depth: int, name: str, write: Callable[[int], tuple[str, str] | None]) -> None:
    """depth folders named name, each inside the last, under top, made through directory descriptors (no path
    length limit, no recursion); write(level) gives (file name, text) of a file to put at that level (1 = the
    first folder), or None."""
    descriptor = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level in range(1, depth + 1):
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
            wanted = write(level)
            if wanted:
                handle = os.open(wanted[0], os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644, dir_fd=descriptor)
                os.write(handle, wanted[1].encode("utf-8"))
                os.close(handle)
    finally:
        os.close(descriptor)


def remove_tree(top: Path) -> None:
    """Remove a folder tree of any depth and path length without recursion (links are removed, not followed)."""
    if not os.path.lexists(top):
        return
    if os.path.islink(top) or not os.path.isdir(top):
        os.unlink(top)
        return
    opened = [(os.open(top, os.O_RDONLY | os.O_DIRECTORY), "")]
    while opened:
        descriptor = opened[-1][0]
        inner = None
        for entry in os.scandir(descriptor):
            if entry.is_dir(follow_symlinks=False):
                inner = entry.name
                break
            os.unlink(entry.name, dir_fd=descriptor)
        if inner is not None:
            opened.append((os.open(inner, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor), inner))
            continue
        descriptor, name = opened.pop()
        os.close(descriptor)
        if opened:
            os.rmdir(name, dir_fd=opened[-1][0])
    os.rmdir(top)


# =============================================================================================
# A warehouse several cases start from (built once, copied by each)
# =============================================================================================

_SHARED: dict[str, Path] = {}


def shared_warehouse(work: Path) -> tuple[Path, Path]:
    """(articles folder, warehouse file) of a small published warehouse, built on first use under work/shared.
    Cases copy it; none writes into it."""
    if not _SHARED:
        folder = work / "shared"
        articles = write_articles(folder / "articles", {f"shared_{n}": article(20 + n) for n in range(3)})
        warehouse = folder / "warehouse" / "warehouse.duckdb"
        published(secmeet_run(folder, articles, warehouse), "the run building the shared warehouse")
        _SHARED.update(articles=articles, warehouse=warehouse)
    return _SHARED["articles"], _SHARED["warehouse"]


def copy_of_shared(work: Path, folder: Path, with_cache: bool = True) -> tuple[Path, Path]:
    """(articles, warehouse) copied from the shared warehouse into folder (its cache too, when asked; never
    its report or export, which name the shared file)."""
    articles, warehouse = shared_warehouse(work)
    shutil.copytree(articles, folder / "articles")
    ignored = shutil.ignore_patterns("report", "export", *(() if with_cache else (".cache",)))
    shutil.copytree(warehouse.parent, folder / "warehouse", symlinks=True, ignore=ignored)
    return folder / "articles", folder / "warehouse" / warehouse.name


# =============================================================================================
# The cases
# =============================================================================================


@dataclass(frozen=True)
class Case:
    number: int
    name: str
    expected: str
    run: Callable[[Path, Path], str]  # (case folder, work folder) -> what was observed; raises Broke


CASES: list[Case] = []


def case(name: str, expected: str) -> Callable:
    """Register a case function under its name and expected outcome."""
    def register(function: Callable[[Path, Path], str]) -> Callable[[Path, Path], str]:
        CASES.append(Case(len(CASES) + 1, name, expected, function))
        return function
    return register


# --------------------------------------------------------------------------------------------- input


@case("file names not UTF-8",
      "run publishes; `caf\\xff talks` rejected \"file name is not valid UTF-8\"; scan\\xff.pdf listed as skipped")
def file_names_not_utf8(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"good": article(0), "also_good": article(1)})
    write_bytes_name(articles, b"caf" + NOT_UTF8 + b" talks.txt", article(2).encode())
    write_bytes_name(articles, b"scan" + NOT_UTF8 + b".pdf", b"%PDF-1.4 invented")
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    run = secmeet_run(folder, articles, warehouse)
    published(run)
    rows = articles_by_id(warehouse)
    escaped = "caf\\xff talks"
    expect(rows.get(escaped) == ("rejected", "file name is not valid UTF-8"), f"row {escaped!r}: {rows.get(escaped)}")
    expect(rows.get("good", ("",))[0] == "loaded", f"good.txt: {rows.get('good')}")
    (summary,) = query(warehouse, "select summary from run_log")[0]
    skipped = json.loads(summary)["skipped_files"]
    listed = "skipped     scan\\xff.pdf" in run.stdout
    expect(skipped == ["scan\\xff.pdf"] and listed, f"skipped_files {skipped}; printed as skipped: {listed}")
    return f"published; {escaped!r} rejected with the reason; skipped_files {skipped}, printed as skipped"


@case("1,100 nested folders",
      "run publishes; one row rejected \"folder nested more than 64 levels deep: not read\"")
def deep_folders(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"top": article(0)})
    files = {3: ("shallow.txt", article(2)), 1100: ("bottom.txt", article(1))}
    make_nested(articles, 1100, "d", files.get)
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    run = secmeet_run(folder, articles, warehouse)
    published(run)
    rows = articles_by_id(warehouse)
    deep = {a: r for a, r in rows.items() if r[1] == "folder nested more than 64 levels deep: not read"}
    expect(len(deep) == 1 and all(status == "rejected" for status, _ in deep.values()),
           f"{len(deep)} rows with the depth reason: {sorted(deep)[:2]}")
    expect(rows.get("top", ("",))[0] == "loaded" and rows.get("d/d/d/shallow.txt", ("",))[0] == "loaded",
           f"top: {rows.get('top')}, d/d/d/shallow.txt: {rows.get('d/d/d/shallow.txt')}")
    return (f"published in {run.seconds:.0f} s; {len(rows)} rows: top and d/d/d/shallow.txt loaded, one row "
            f"({len(next(iter(deep)))}-char id 'd/d/…/') rejected with the depth reason")


@case("30 folders of 250-char names",
      "run publishes; the folders and files past PATH_MAX rejected with \"File name too long\"")
def long_paths(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"top": article(0)})
    make_nested(articles, 30, "x" * 250, lambda level: (f"level{level:02d}.txt", article(100 + level)))
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    run = secmeet_run(folder, articles, warehouse)
    published(run)
    rows = articles_by_id(warehouse)
    loaded = [a for a, (status, _) in rows.items() if status == "loaded" and a != "top"]
    too_long = {a: reason for a, (status, reason) in rows.items()
                if status == "rejected" and "File name too long" in (reason or "")}
    other = {a: r for a, r in rows.items() if a != "top" and a not in too_long and a not in loaded}
    expect(too_long and loaded and not other and rows.get("top", ("",))[0] == "loaded",
           f"{len(loaded)} nested loaded, {len(too_long)} 'File name too long', other rows: "
           f"{[(a[-30:], r) for a, r in list(other.items())[:3]]}")
    reasons = sorted({reason for reason in too_long.values()})
    return f"published; {len(loaded)} nested articles loaded, {len(too_long)} row(s) rejected: {'; '.join(reasons)}"


CRAFTED_IDS = ["\x1b]0;owned\x07", "y\n  not loaded  forged", "\u202eevil"]


@case("control characters in JSONL ids",
      "the run's printed output holds no ESC, BEL or U+202E and no forged line")
def crafted_ids(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"good": article(0)})
    lines = [{"id": CRAFTED_IDS[0], "text": ""}, {"id": CRAFTED_IDS[1], "text": ""},
             {"id": CRAFTED_IDS[2], "text": article(1)},
             {"id": CRAFTED_IDS[2], "text": article(2)},  # a duplicate: its reason quotes the id
             {"id": CRAFTED_IDS[1], "text": article(3)}]
    (articles / "crafted.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    run = secmeet_run(folder, articles, warehouse)
    published(run)
    found = [name for char, name in (("\x1b", "ESC"), ("\x07", "BEL"), ("\u202e", "U+202E")) if char in run.output]
    forged = [line for line in run.output.splitlines() if line.lstrip().startswith("not loaded  forged")]
    expect(not found and not forged, f"raw {found} in the output; forged lines: {forged}")
    stored = {a for a in articles_by_id(warehouse) if a in CRAFTED_IDS}
    escaped = "\\x1b]0;owned\\x07" in run.stdout and "y\\n  not loaded  forged" in run.stdout
    return (f"no ESC/BEL/U+202E and no forged line in {len(run.output.splitlines())} lines of output; ids shown "
            f"escaped: {escaped}; {len(stored)} of 3 ids stored as given")


@case("implausible published dates",
      "loaded; published_date NULL with \"implausible published_date\"; main.dim_dates < 5,000 rows")
def implausible_dates(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"early": article(0), "late": article(1), "fine": article(2)})
    (articles / "manifest.csv").write_text("article_id,published_date\nearly,0001-01-01\nlate,9999-12-31\n"
                                           "fine,2025-03-04\n", encoding="utf-8")
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    published(secmeet_run(folder, articles, warehouse))
    rows = {a: (s, d, r) for a, s, d, r in query(
        warehouse, "select article_id, status, published_date, status_reason from reporting.articles")}
    for name in ("early", "late"):
        status, published_date, reason = rows.get(name, (None, None, None))
        expect(status == "loaded" and published_date is None and "implausible published_date" in (reason or ""),
               f"{name}: {rows.get(name)}")
    (dates,) = query(warehouse, "select count(*) from main.dim_dates")[0]
    expect(dates < 5000, f"main.dim_dates has {dates} rows")
    return f"both loaded with NULL date and the reason; fine keeps {rows['fine'][1]}; dim_dates {dates} rows"


@case("odd encodings, line ends, delimiters",
      "UTF-16 .jsonl: each line an article, repaired; CR-only .jsonl: 3 articles; unterminated quote: row "
      "manifest.csv:3 rejected, other lines applied; semicolon manifest applied")
def odd_formats(folder: Path, work: Path) -> str:
    first = write_articles(folder / "first", {f"m{n}": article(10 + n) for n in range(1, 5)})
    utf16 = "\r\n".join(json.dumps({"id": f"u{n}", "text": article(20 + n)}) for n in (1, 2))
    (first / "wide.jsonl").write_bytes(codecs.BOM_UTF16_LE + utf16.encode("utf-16-le"))
    (first / "mac.jsonl").write_text("\r".join(json.dumps({"id": f"c{n}", "text": article(30 + n)})
                                               for n in (1, 2, 3)) + "\r", encoding="utf-8")
    (first / "manifest.csv").write_text(
        "article_id,title,outlet,published_date\n"
        "m1,Talks in Warsaw,Coast Daily,2025-03-05\n"
        "m2,\"Talks in Helsinki,Lake Herald,2025-04-06\n"
        "m3,Talks in Zagreb,Port Gazette,2025-05-07\n"
        "m4,\"Talks in Bratislava\",River Post,2025-06-08\n", encoding="utf-8")
    second = write_articles(folder / "second", {"s1": article(40), "s2": article(41)})
    (second / "manifest.csv").write_text(
        "article_id;url;title;outlet;published_date;language\n"
        "s1;https://example.org/s1;Talks, day one;Semicolon Times;2025-07;en\n"
        "s2;;Talks, day two;Semicolon Times;2025-07-09;en\n", encoding="utf-8")
    notes = []
    first_warehouse = folder / "first_warehouse" / "warehouse.duckdb"
    published(secmeet_run(folder, first, first_warehouse), "the run over the first folder")
    rows = {row[0]: row[1:] for row in query(first_warehouse, "select article_id, status, status_reason, outlet, "
                                             "source_file from main.dim_articles")}
    wide = [rows.get(f"u{n}") for n in (1, 2)]
    expect(all(row and row[0] == "repaired" and "decoded as UTF-16" in (row[1] or "") for row in wide),
           f"UTF-16 lines: {wide}")
    mac = [rows.get(f"c{n}") for n in (1, 2, 3)]
    expect(all(row and row[0] == "loaded" for row in mac) and mac[2][3] == "mac.jsonl:3", f"CR-only lines: {mac}")
    bad_line = rows.get("manifest.csv:3")
    expect(bad_line and bad_line[0] == "rejected" and "unterminated quote" in (bad_line[1] or ""),
           f"manifest.csv:3: {bad_line}")
    outlets = {name: rows.get(name, (None,) * 4)[2] for name in ("m1", "m2", "m3", "m4")}
    expect(outlets == {"m1": "Coast Daily", "m2": None, "m3": "Port Gazette", "m4": "River Post"},
           f"outlets after the bad line: {outlets}")
    notes.append("u1,u2 repaired (UTF-16); c1-c3 loaded; manifest.csv:3 rejected, m1/m3/m4 outlets applied")
    second_warehouse = folder / "second_warehouse" / "warehouse.duckdb"
    published(secmeet_run(folder, second, second_warehouse), "the run over the semicolon folder")
    meta = {row[0]: row[1:] for row in query(second_warehouse, "select article_id, title, outlet, published_date "
                                             "from reporting.articles")}
    expect(meta.get("s1", (None,))[0] == "Talks, day one" and meta.get("s2", (None, None))[1] == "Semicolon Times"
           and str(meta.get("s2", (None, None, None))[2]) == "2025-07-09", f"semicolon manifest: {meta}")
    notes.append("semicolon manifest: titles, outlets and dates applied")
    return "; ".join(notes)


# --------------------------------------------------------------------------------------------- NLP and extraction


@case("1.1 MB single paragraph",
      "run publishes; the article is loaded (read in parts), not refused")
def huge_paragraph(folder: Path, work: Path) -> str:
    paragraph = (PLAIN_SENTENCE * (1_100_000 // len(PLAIN_SENTENCE) + 1)).rstrip()
    articles = write_articles(folder / "articles", {"big": article(0) + "\n" + paragraph + "\n",
                                                    "small": article(1)})
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    run = secmeet_run(folder, articles, warehouse, timeout=600)
    published(run)
    rows = articles_by_id(warehouse)
    status, reason = rows.get("big", (None, None))
    expect(status in ("loaded", "repaired"), f"big: {status} — {reason}")
    (meetings,) = query(warehouse, "select meetings from reporting.articles where article_id = 'big'")[0]
    return (f"published in {run.seconds:.0f} s; big ({len(paragraph) / 1e6:.2f} M chars) {status}: {reason}; "
            f"{meetings} meeting(s) from it")


def country_list(count: int) -> str:
    """'Delegations from A, B, ... and Z attended the meeting in Vienna.', cycling over pycountry's names."""
    import pycountry

    names = [country.name for country in pycountry.countries if "," not in country.name]
    listed = [names[i % len(names)] for i in range(count)]
    return f"Delegations from {', '.join(listed[:-1])} and {listed[-1]} attended the meeting in Vienna.\n"


@case("one sentence of 10,000 countries",
      "annotation and extraction end in seconds (< 30 s in-process, models included); the cap hit is recorded")
def ten_thousand_names(folder: Path, work: Path) -> str:
    from etl import ingest, pipeline

    articles_dir = write_articles(folder / "articles", {"roll": country_list(10_000)})
    started = time.perf_counter()
    articles = ingest.read_articles(articles_dir).articles
    annotated = pipeline.annotate_articles(articles, folder / "cache")
    facts = pipeline.extract_articles(articles, annotated.frames, folder / "cache")
    seconds = time.perf_counter() - started
    notes = facts.frames["article_notes"].rows()
    capped = [note for _, kind, note in notes if kind == "warning" and "only the first" in note]
    failures = [note for _, kind, note in notes if kind == "failure"]
    countries = facts.frames["article_countries"].height
    expect(seconds < 30 and capped and not failures,
           f"{seconds:.1f} s; cap notes {capped}; failures {failures}; {countries} countries")
    return f"{seconds:.1f} s end to end; {countries} countries; note: {capped[0]}"


@case("exception while extracting one article",
      "in-process run succeeds; the other articles publish; the failed one is rejected with a reason")
def one_article_fails(folder: Path, work: Path) -> str:
    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource
    from etl import pipeline

    articles = write_articles(folder / "articles", {"alpha": article(0), "bravo": article(1), "charlie": article(2)})
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    real = pipeline.extract_from_rows

    def failing_on_bravo(article_row, annotations):  # as tests/test_faults_extraction.py injects it
        if article_row["article_id"] == "bravo":
            raise RuntimeError("injected by fault_injection.py")
        return real(article_row, annotations)

    pipeline.extract_from_rows = failing_on_bravo
    try:
        result = materialize_everything(WarehouseResource(articles_dir=str(articles), warehouse_path=str(warehouse)),
                                        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}})
    finally:
        pipeline.extract_from_rows = real
    expect(result.success, "the in-process run failed")
    rows = {a: (s, r, m) for a, s, r, m in query(
        warehouse, "select article_id, status, status_reason, meetings from reporting.articles")}
    expect(rows.get("bravo", ("",))[0] == "rejected" and rows["bravo"][1], f"bravo: {rows.get('bravo')}")
    expect(all(rows.get(a, ("",))[0] == "loaded" for a in ("alpha", "charlie")), f"others: {rows}")
    meetings = {a for (a,) in query(warehouse, "select distinct article_id from reporting.meeting_sources")}
    return f"run succeeded; bravo rejected: {rows['bravo'][1]!r}; meetings published from {sorted(meetings)}"


# --------------------------------------------------------------------------------------------- Dagster hygiene


def runs_in(home: Path) -> dict[str, str]:
    """{run_id: status} of the Dagster instance in home (its SQLite run storage, read-only)."""
    database = home / "history" / "runs.db"
    if not database.exists():
        return {}
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=2)) as connection:
            return dict(connection.execute("select run_id, status from runs").fetchall())
    except sqlite3.Error:
        return {}


@case("runs killed with SIGKILL, twice",
      "a later `secmeet run` prints \"Marked failed\" for both and succeeds; no run left STARTED")
def killed_runs(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {f"a{n}": article(50 + n) for n in range(4)})
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    home = folder / "dagster_home"
    killed, stderr_of_later_runs = [], []
    for attempt in (1, 2):
        known = set(runs_in(home))
        started = start_run(folder, articles, warehouse, dagster_home=home)
        run_id = wait_for(lambda: next((r for r, s in runs_in(home).items() if r not in known and s == "STARTED"),
                                       None), timeout=120, interval=0.05, process=started)
        if run_id is None:
            started.kill()
            raise Broke(f"attempt {attempt}: the run never showed as STARTED (exit {started.process.returncode}); "
                        f"{started.result().tail()}")
        time.sleep(0.5)
        started.kill()
        killed.append(run_id)
        if attempt == 2:  # a later run than the first killed one: it may have marked it at its start
            stderr_of_later_runs.append(("the second (killed) run", started.result().stderr))
    run = secmeet_run(folder, articles, warehouse, dagster_home=home)
    published(run, "the third run")
    stderr_of_later_runs.append(("the third run", run.stderr))
    marked_by = {}
    for who, stderr in stderr_of_later_runs:
        for line in stderr.splitlines():
            for run_id in killed:
                if "Marked failed" in line and run_id in line:
                    marked_by.setdefault(run_id, who)
    expect(len(marked_by) == 2, f"'Marked failed' lines name {len(marked_by)} of the 2 killed runs: {marked_by}")
    statuses = runs_in(home)
    in_progress = {r: s for r, s in statuses.items() if s in ("STARTED", "STARTING", "CANCELING")}
    expect(not in_progress and all(statuses[r] == "FAILURE" for r in killed), f"statuses: {statuses}")
    return (f"2 runs killed while STARTED; 'Marked failed' on stderr for the first by {marked_by[killed[0]]}, for "
            f"the second by {marked_by[killed[1]]}; third run exit 0; statuses {sorted(statuses.values())}")


@case("folder sensor: A, add B, back to A",
      "three RunRequests with three distinct run keys")
def sensor_back_to_a(folder: Path, work: Path) -> str:
    import dagster as dg

    from dagster_project.defs.resources import WarehouseResource
    from dagster_project.defs.sensors import articles_folder_sensor

    articles = write_articles(folder / "articles", {"a": article(0)})
    resources = {"warehouse": WarehouseResource(articles_dir=str(articles),
                                                warehouse_path=str(folder / "warehouse" / "w.duckdb"))}
    outcomes, cursor = [], None
    for change in ("state A", "add b.txt", "remove b.txt"):
        if change == "add b.txt":
            (articles / "b.txt").write_text(article(1), encoding="utf-8")
        elif change == "remove b.txt":
            (articles / "b.txt").unlink()
        context = dg.build_sensor_context(cursor=cursor, resources=resources)
        outcomes.append(articles_folder_sensor(context))
        cursor = context.cursor
    keys = [o.run_key if isinstance(o, dg.RunRequest) else None for o in outcomes]
    unchanged = articles_folder_sensor(dg.build_sensor_context(cursor=cursor, resources=resources))
    expect(all(keys) and len(set(keys)) == 3,
           f"outcomes: {[type(o).__name__ for o in outcomes]}; keys {keys}")
    return f"3 RunRequests, keys {', '.join(keys)}; unchanged folder: {type(unchanged).__name__}"


# --------------------------------------------------------------------------------------------- side files


@case("two runs at once, one DAGSTER_HOME",
      "both succeed; each warehouse holds its own articles (5 and 2); each run_log row has its own figures")
def concurrent_runs(folder: Path, work: Path) -> str:
    home = folder / "dagster_home"
    first = write_articles(folder / "articles_a", {f"a{n}": article(60 + n) for n in range(5)})
    second = write_articles(folder / "articles_b", {f"b{n}": article(70 + n) for n in range(2)})
    a, b = folder / "a" / "warehouse.duckdb", folder / "b" / "warehouse.duckdb"
    runs = [start_run(folder, first, a, dagster_home=home), start_run(folder, second, b, dagster_home=home)]
    done = [started.finish() for started in runs]
    for run, name in zip(done, "ab"):
        published(run, f"the run into /{name}")
    found = {}
    for name, warehouse, prefix, count in (("a", a, "a", 5), ("b", b, "b", 2)):
        ids = sorted(i for (i,) in query(warehouse, "select article_id from reporting.articles"))
        log = query(warehouse, "select run_id, articles_loaded, articles_rejected from run_log")
        expect(len(ids) == count and all(i.startswith(prefix) for i in ids), f"/{name} articles: {ids}")
        expect(len(log) == 1 and log[0][1] == count and log[0][2] == 0, f"/{name} run_log: {log}")
        found[name] = log[0]
    expect(found["a"][0] != found["b"][0], f"both run_log rows name run {found['a'][0]}")
    return (f"both exit 0 ({done[0].seconds:.0f} s, {done[1].seconds:.0f} s); /a 5 articles, run_log loaded=5; "
            f"/b 2 articles, run_log loaded=2; two run ids")


def export_set(folder: Path) -> tuple[dict, dict[str, str]]:
    """(manifest, {file: sha256}) of an export folder; breaks when the manifest does not describe the files
    present, name for name and row count for row count."""
    import duckdb

    manifest_path = folder / "manifest.json"
    expect(manifest_path.is_file(), f"no manifest.json in {folder.name}: {sorted(p.name for p in folder.iterdir())}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    present = sorted(path.name for path in folder.glob("*.parquet"))
    listed = sorted(manifest.get("files", {}))
    expect(present == listed, f"manifest lists {len(listed)} files, {len(present)} present: "
                              f"{sorted(set(listed) ^ set(present))[:4]}")
    with duckdb.connect() as connection:
        for name in present:
            (rows,) = connection.execute("select count(*) from read_parquet(?)", [str(folder / name)]).fetchone()
            expect(rows == manifest["files"][name], f"{name}: {rows} rows, manifest says {manifest['files'][name]}")
    extra = sorted(path.name for path in folder.iterdir() if path.suffix != ".parquet" and path.name != "manifest.json")
    expect(not extra, f"other files in the export: {extra}")
    return manifest, {name: file_hash(folder / name) for name in [*present, "manifest.json"]}


@case("6 concurrent `secmeet export`",
      "all exit 0; manifest.json lists exactly the parquet files present")
def concurrent_exports(folder: Path, work: Path) -> str:
    _, warehouse = copy_of_shared(work, folder, with_cache=False)
    target = folder / "export"
    started = [start_secmeet(folder, "export", "--warehouse-path", warehouse, "--export-dir", target)
               for _ in range(6)]
    done = [s.finish() for s in started]
    codes = [run.returncode for run in done]
    expect(codes == [0] * 6, f"exit codes {codes}: {next((r.tail(4) for r in done if r.returncode), '')}")
    manifest, files = export_set(target)
    leftovers = sorted(p.name for p in folder.glob(".export.building-*"))
    expect(not leftovers, f"build folders left: {leftovers}")
    return f"6/6 exit 0; manifest lists the {len(files) - 1} parquet files present, row counts match; no leftovers"


def build_folders(target: Path) -> list[Path]:
    """The folders that exports build target's next set in (etl.publish)."""
    return list(target.parent.glob(f".{target.name}.building-*"))


def files_built(target: Path, earlier: set[Path]) -> int:
    """Parquet files in build folders of target other than the earlier ones."""
    try:
        return sum(len(list(folder.glob("set/*.parquet"))) for folder in set(build_folders(target)) - earlier)
    except OSError:  # a folder removed while it was looked at
        return 0


@case("export killed with SIGKILL mid-write",
      "the export folder is afterwards wholly the old set or wholly the new one, per manifest.json")
def killed_export(folder: Path, work: Path) -> str:
    _, warehouse = copy_of_shared(work, folder, with_cache=False)
    target = folder / "export"
    published(secmeet(folder, "export", "--warehouse-path", warehouse, "--export-dir", target), "the first export")
    old_manifest, old_files = export_set(target)
    outcomes = []
    rng = random.Random()
    for attempt in range(5):
        earlier = set(build_folders(target))  # those of killed attempts, removed by the next swap
        started = start_secmeet(folder, "export", "--warehouse-path", warehouse, "--export-dir", target)
        # The 17 files are written within some 50 ms, a second after the start; fsync and the swap follow.
        if attempt == 0:
            seen = wait_for(lambda: files_built(target, earlier) >= 3, timeout=120, interval=0.002, process=started)
            when = "at the 3rd parquet file" if seen else "after it ended"
        else:
            seen = wait_for(lambda: files_built(target, earlier) >= 1, timeout=120, interval=0.002, process=started)
            delay = rng.uniform(0.0, 0.6)
            time.sleep(delay)
            when = f"{delay * 1000:.0f} ms after its 1st parquet file" if seen else "after it ended"
        finished_before = started.process.poll() is not None
        started.kill()
        manifest, files = export_set(target)
        if files["manifest.json"] == old_files["manifest.json"]:
            expect(files == old_files, f"attempt {attempt + 1}: old manifest.json but other files")
            state = "old set"
        else:
            expect(manifest.get("written_at") and manifest.get("warehouse_run_id") == old_manifest.get(
                "warehouse_run_id"), f"attempt {attempt + 1}: new manifest {manifest}")
            state = "new set"
            old_manifest, old_files = manifest, files
        outcomes.append(f"killed {when}{' (had ended)' if finished_before else ''}: {state}")
    final = secmeet(folder, "export", "--warehouse-path", warehouse, "--export-dir", target)
    published(final, "the export after the kills")
    export_set(target)
    leftovers = build_folders(target)
    expect(not leftovers, f"build folders left after a later export: {[p.name for p in leftovers]}")
    return "; ".join(outcomes) + "; a later export exits 0 and removes the killed build folders"


@case("WAREHOUSE_PATH is a text file",
      "run refused with a clear message before the NLP work; the file's bytes unchanged")
def warehouse_is_text(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"a": article(0)})
    target = folder / "target" / "notes.txt"
    target.parent.mkdir()
    target.write_text("Minutes of the meeting of 3 March: nothing to report.\n", encoding="utf-8")
    before = target.read_bytes()
    run = secmeet_run(folder, articles, target)
    expect(run.returncode != 0, f"exit 0: {run.tail()}")
    expect(target.read_bytes() == before, "the file's bytes changed")
    expect("not a DuckDB database" in run.output, f"no clear message: {run.tail()}")
    nlp_entries = list((target.parent / ".cache" / "nlp").glob("*.json"))
    expect(not nlp_entries and "spaCy" not in run.stderr, f"NLP ran first: {len(nlp_entries)} NLP cache entries")
    message = next(line for line in run.output.splitlines() if "not a DuckDB database" in line)
    return (f"exit {run.returncode}, before any NLP; bytes unchanged; stderr ({len(run.stderr.splitlines())} lines, "
            f"a Dagster step failure with its stack trace) says: {message.strip()[:160]}")


HOLDER = """
import sys, time
from pathlib import Path
import duckdb
connection = duckdb.connect(sys.argv[1])  # read-write: DuckDB's default, what a careless client does
Path(sys.argv[2]).write_text("holding")
time.sleep(600)
"""


@case("warehouse held open read-write by another process",
      "run succeeds; run_log keeps both runs")
def warehouse_held_open(folder: Path, work: Path) -> str:
    articles, warehouse = copy_of_shared(work, folder)
    (earlier,) = query(warehouse, "select run_id from run_log")[0]
    holding = folder / "holding"
    holder_log = folder / "holder.err"
    with open(holder_log, "wb") as log:
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse), str(holding)], cwd=folder,
                                  stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        if not wait_for(holding.exists, timeout=60):
            raise Broke(f"the holder did not start: {holder_log.read_text(errors='replace')[-300:]}")
        run = secmeet_run(folder, articles, warehouse)
        still_holding = holder.poll() is None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(holder.pid, signal.SIGKILL)
        holder.wait(timeout=60)
    published(run)
    expect(still_holding, "the holder ended before the run did: the case did not test a held file")
    runs = [r for (r,) in query(warehouse, "select run_id from run_log")]
    expect(len(runs) == 2 and earlier in runs, f"run_log: {runs}")
    copy = "read from a copy" in run.output
    return (f"run exit 0 in {run.seconds:.0f} s while held; run_log has both runs; 'read from a copy' warning shown: "
            f"{copy}")


class Planted:
    """Unpickling this creates a folder: the proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)


@case("pickles planted in the cache",
      "no marker folder after a run that reads the language identifier and the city index")
def planted_pickles(folder: Path, work: Path) -> str:
    articles, warehouse = copy_of_shared(work, folder)
    (articles / "new_one.txt").write_text(article(80), encoding="utf-8")  # new: detected and extracted
    cache = warehouse.parent / ".cache"
    marker = folder / "code-ran"
    payload = pickle.dumps(Planted(marker))
    planted = []
    for pattern, kind in (("language/identifier-*.npz", "language"), ("reference/city_index-*.parquet", "reference")):
        found = list(cache.glob(pattern))
        expect(found, f"the shared run stored no {pattern}")
        for path in found:
            path.write_bytes(payload)
            path.with_suffix(".pickle").write_bytes(payload)
            planted += [path, path.with_suffix(".pickle")]
    run = secmeet_run(folder, articles, warehouse)
    published(run)
    expect(not marker.exists(), f"{marker.name} exists: a planted pickle ran")
    still = [p.name for p in planted if p.exists() and p.read_bytes() == payload]
    return (f"run exit 0; no marker; {len(planted)} planted files, "
            f"{len(planted) - len(still)} replaced or removed{f', still planted: {still}' if still else ''}")


@case("warehouse lock file is a symlink",
      "run refused, naming the link; the file it points at unchanged")
def lock_is_a_link(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"a": article(0)})
    victim = folder / "victim.txt"
    victim.write_text("precious notes\n", encoding="utf-8")
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    (warehouse.parent / "warehouse.duckdb.lock").symlink_to(victim)
    run = secmeet_run(folder, articles, warehouse)
    expect(run.returncode != 0, f"exit 0: {run.tail()}")
    expect(victim.read_text(encoding="utf-8") == "precious notes\n", "the victim changed")
    line = next((line for line in run.output.splitlines() if "symbolic link" in line), None)
    expect(line, f"no mention of the link: {run.tail()}")
    before_nlp = "spaCy" not in run.stderr
    return (f"exit {run.returncode}; victim unchanged; no warehouse: {not warehouse.exists()}; refused before the "
            f"NLP: {before_nlp}; says: {line.strip()[:140]}")


@case("run killed without DAGSTER_HOME",
      "no article text (a unique marker word) left anywhere under /tmp outside the work folder")
def killed_without_home(folder: Path, work: Path) -> str:
    marker = "Zorvex" + uuid.uuid4().hex[:12]
    texts = {f"k{n}": article(90 + n) for n in range(6)}
    texts["k0"] = texts["k0"].replace("Berg", marker) + f"The delegation of {marker} stayed for two days.\n"
    articles = write_articles(folder / "articles", texts)
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    cwd = folder / "cwd"
    cwd.mkdir()
    stamp = time.time() - 1
    started = start_secmeet(folder, "run", "--articles-dir", articles, "--warehouse-path", warehouse,
                            dagster_home=None, cwd=cwd)
    stored = warehouse.parent / ".cache" / "state"
    seen = wait_for(lambda: holds_a_file(stored), timeout=120, interval=0.05, process=started)
    time.sleep(1.5)  # into the NLP step
    ended_first = started.process.poll() is not None
    started.kill()
    roots = sorted({"/tmp", tempfile.gettempdir()})
    hits = [hit for root in roots for hit in files_holding(Path(root), marker.encode(), newer_than=stamp, skip=work)]
    hits += files_holding(cwd, marker.encode(), newer_than=stamp, skip=None)
    expect(not hits, f"the marker is in {[str(p) for p in hits[:5]]}")
    # The search can see the text where the run did store it (compressed Parquet included).
    inside = files_holding(warehouse.parent, marker.encode(), newer_than=stamp, skip=None)
    expect(inside, "the search found the marker nowhere, not even beside the warehouse: it proves nothing")
    when = "1.5 s after its first stored output" if seen and not ended_first else "(it had already ended)"
    return (f"killed {when}; the marker word is in no file written since under {', '.join(roots)} outside the "
            f"work folder, nor in the run's working folder (found only beside the warehouse: "
            f"{', '.join(str(p.relative_to(warehouse.parent)) for p in inside)})")


def parquet_holds(path: Path, needle: bytes) -> bool:
    """Whether a Parquet file's values hold needle (its pages may be compressed, hiding it from a byte search)."""
    try:
        import pyarrow.parquet

        return needle.decode() in str(pyarrow.parquet.read_table(path).to_pylist())
    except Exception:  # noqa: BLE001 - not Parquet after all, or being written: searched as bytes
        return False


def holds_a_file(folder: Path) -> bool:
    """Whether a file exists anywhere under folder (which another process may be writing)."""
    try:
        return any(path.is_file() for path in folder.rglob("*"))
    except OSError:
        return False


def files_holding(root: Path, needle: bytes, newer_than: float, skip: Path | None) -> list[Path]:
    """Regular files under root changed since newer_than (not under skip) whose name or bytes hold needle."""
    hits = []
    skip_prefix = str(skip) + os.sep if skip is not None else None
    for top, folders, files in os.walk(root, onerror=lambda error: None):
        if skip_prefix and (top + os.sep).startswith(skip_prefix):
            folders[:] = []
            continue
        for name in files:
            path = os.path.join(top, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not (max(info.st_mtime, info.st_ctime) >= newer_than and os.path.isfile(path)) or os.path.islink(path):
                continue
            if needle in os.fsencode(name) or (name.endswith(".parquet") and parquet_holds(Path(path), needle)):
                hits.append(Path(path))
                continue
            try:
                with open(path, "rb") as file:
                    while chunk := file.read(1 << 22):
                        if needle in chunk:
                            hits.append(Path(path))
                            break
            except OSError:
                continue
    return hits


# --------------------------------------------------------------------------------------------- ids


def source_of(warehouse: Path, article_id: str) -> str | None:
    """The file an article was read from (main.dim_articles.source_file)."""
    rows = query(warehouse, "select source_file from main.dim_articles where article_id = ?", [article_id])
    return rows[0][0] if rows else None


@case("x.txt, then sub/x.txt added",
      "article id `x` unchanged; its meeting and person ids unchanged after the rebuild")
def namesake_in_subfolder(folder: Path, work: Path) -> str:
    articles = write_articles(folder / "articles", {"x": article(0), "other": article(5)})
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    published(secmeet_run(folder, articles, warehouse), "the first run")
    before, first_source = published_ids(warehouse), source_of(warehouse, "x")
    own = {m for (m,) in query(warehouse, "select meeting_id from reporting.meeting_sources where article_id = 'x'")}
    expect(own and before["person"], f"nothing to compare: meetings of x {own}, persons {before['person']}")
    write_articles(articles / "sub", {"x": ARTICLE_0_RETOLD})
    published(secmeet_run(folder, articles, warehouse), "the run after sub/x.txt arrived")
    after = published_ids(warehouse)
    expect(first_source == source_of(warehouse, "x") == "x.txt",
           f"x's source_file: {first_source} then {source_of(warehouse, 'x')}")
    lost = {kind: sorted(before[kind] - after[kind]) for kind in before if before[kind] - after[kind]}
    expect(not lost, f"ids gone after the rebuild: {lost}")
    joined = {a for (a,) in query(warehouse, "select article_id from reporting.meeting_sources where meeting_id in "
                                  f"({', '.join('?' * len(own))})", sorted(own))}
    return (f"x stays x (x.txt); its meeting(s) {sorted(own)} and all {len(before['person'])} person ids kept; "
            f"sub/x.txt joined that meeting: {'sub/x.txt' in joined}")


def own_outputs(folder: Path, name: str) -> list[object]:
    """--report-dir and --export-dir of their own, for a warehouse that shares its folder with another."""
    return ["--report-dir", folder / f"report_{name}", "--export-dir", folder / f"export_{name}"]


@case("new article sorting first joins seeds meetings",
      "every meeting/person id published before is kept; id_aliases empty or mapping retired ids; control: a "
      "fresh build of the same folder gives at least one other meeting id")
def new_first_article(folder: Path, work: Path) -> str:
    articles = folder / "articles"
    shutil.copytree(SEEDS_DIR, articles)
    warehouse = folder / "warehouse" / "warehouse.duckdb"
    published(secmeet_run(folder, articles, warehouse, *own_outputs(folder, "w")), "the first build")
    before = published_ids(warehouse)
    candidates = query(warehouse, "select article_id from reporting.articles where meetings > 0 and "
                                  "article_id > '000_copy' order by meetings desc, article_id limit 1")
    expect(candidates, "no seeds article after '000_copy' has a meeting")
    (copied,) = candidates[0]
    # Its text again (plus a line, so it is no duplicate) under a name that sorts before it, with its metadata.
    (articles / "000_copy.txt").write_text((articles / f"{copied}.txt").read_text(encoding="utf-8").rstrip()
                                           + "\n\nThe report was carried again the next day.\n", encoding="utf-8")
    manifest = (articles / "manifest.csv").read_text(encoding="utf-8").splitlines()
    row = next((line for line in manifest if line.split(",", 1)[0] == copied), None)
    if row is not None:
        (articles / "manifest.csv").write_text("\n".join([*manifest, "000_copy," + row.split(",", 1)[1]]) + "\n",
                                               encoding="utf-8")
    published(secmeet_run(folder, articles, warehouse, *own_outputs(folder, "w")), "the rebuild with 000_copy.txt")
    after = published_ids(warehouse)
    lost = {kind: sorted(before[kind] - after[kind]) for kind in before if before[kind] - after[kind]}
    expect(not lost, f"ids published before and gone now: {lost}")
    aliases = query(warehouse, "select subject_kind, alias_id, subject_id from reporting.id_aliases")
    every_before = before["meeting"] | before["person"]
    bad = [a for a in aliases if a[0] in ("meeting", "person") and
           (a[1] not in every_before or a[1] in after[a[0]] or a[2] not in after[a[0]])]
    expect(not bad, f"id_aliases rows that map no retired id: {bad}")
    joined = {m for (m,) in query(warehouse, "select meeting_id from reporting.meeting_sources "
                                             "where article_id = '000_copy'")}
    control = folder / "warehouse" / "control.duckdb"
    published(secmeet_run(folder, articles, control, *own_outputs(folder, "control")), "the control build")
    fresh = published_ids(control)
    differ = sorted(before["meeting"] - fresh["meeting"])
    expect(differ, "control: a fresh build of the same folder gives the same meeting ids (the registry was not "
                   f"needed: 000_copy joined {len(joined & before['meeting'])} existing meetings)")
    return (f"copied {copied} as 000_copy (joined {len(joined & before['meeting'])} existing meetings); all "
            f"{len(before['meeting'])} meeting and {len(before['person'])} person ids kept; {len(aliases)} alias "
            f"rows; control build differs on {len(differ)} meeting id(s)")


# =============================================================================================
# Running the cases, the table
# =============================================================================================


@dataclass
class Outcome:
    case: Case
    held: bool
    observed: str
    seconds: float
    trace: str | None = None


def run_case(item: Case, work: Path) -> Outcome:
    folder = work / f"{item.number:02d}-{item.run.__name__}"
    folder.mkdir(parents=True)
    started = time.monotonic()
    try:
        observed = item.run(folder, work)
        return Outcome(item, True, observed, time.monotonic() - started)
    except Broke as broke:
        return Outcome(item, False, str(broke), time.monotonic() - started)
    except Exception as error:  # noqa: BLE001 - a case that raises is a broken case, the others go on
        return Outcome(item, False, f"raised {type(error).__name__}: {error}", time.monotonic() - started,
                       traceback.format_exc())
    finally:
        for started_run in list(_LIVE):
            started_run.kill()


COLUMNS = (("case", 28), ("expected", 44), ("observed", 62), ("held/broke", 10), ("secs", 5))


def table(rows: list[tuple[str, ...]]) -> str:
    """A plain text table of wrapped cells."""
    def line(cells: list[list[str]]) -> list[str]:
        height = max(len(cell) for cell in cells)
        return [" | ".join((cell[i] if i < len(cell) else "").ljust(width)
                           for cell, (_, width) in zip(cells, COLUMNS)).rstrip() for i in range(height)]

    rule = "-+-".join("-" * width for _, width in COLUMNS)
    out = line([[title] for title, _ in COLUMNS]) + [rule]
    for row in rows:
        out += line([textwrap.wrap(text, width) or [""] for text, (_, width) in zip(row, COLUMNS)]) + [rule]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    parser.add_argument("--only", action="append", metavar="SUBSTRING",
                        help="run the cases whose name holds SUBSTRING (case-insensitive), or a case by its "
                             "number; repeatable")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    options = parser.parse_args(argv)
    chosen = [c for c in CASES if not options.only or any(
        s == str(c.number) if s.isdigit() else s.lower() in c.name.lower() for s in options.only)]
    if options.list:
        for item in chosen:
            print(f"{item.number:2d}. {item.name}\n    expected: {item.expected}")
        return 0
    if not chosen:
        print("no case matches --only", file=sys.stderr)
        return 2
    for name in AMBIENT:  # the in-process cases too
        os.environ.pop(name, None)
    work = Path(tempfile.mkdtemp(prefix="secmeet-faults-")).resolve()
    print(f"work folder {work}", file=sys.stderr)
    outcomes: list[Outcome] = []
    began = time.monotonic()
    try:
        for item in chosen:
            print(f"[{item.number:2d}] {item.name} ...", file=sys.stderr, flush=True)
            outcome = run_case(item, work)
            outcomes.append(outcome)
            print(f"     {'held' if outcome.held else 'BROKE'} in {outcome.seconds:.1f} s", file=sys.stderr, flush=True)
    finally:
        for started in list(_LIVE):
            started.kill()
        if options.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            remove_tree(work)
    print(table([(f"{o.case.number}. {o.case.name}", o.case.expected, o.observed.replace(str(work), "$WORK"),
                  "held" if o.held else "BROKE", f"{o.seconds:.0f}") for o in outcomes]))
    print(f"($WORK: {work})")
    broke = [o for o in outcomes if not o.held]
    print(f"\n{len(outcomes) - len(broke)} held, {len(broke)} broke, in {time.monotonic() - began:.0f} s")
    for outcome in broke:
        if outcome.trace:
            print(f"\n--- {outcome.case.number}. {outcome.case.name}\n{outcome.trace}")
    return 1 if broke else 0


if __name__ == "__main__":
    sys.exit(main())
