"""Robustness: never lose an article, never publish a broken warehouse.

Bad input of every kind through the command line, a run killed while it publishes, a BI reader during
a rebuild, two publishes at once, SQL in file names and text, and ids that do not move. What
tests/test_ingest.py and tests/test_load.py already check case by case (each refusal's reason, the
failed build, the lock in one process) is not repeated: these tests run the stages together, in
separate processes where the failure is about processes.

The command line runs in subprocesses (each pays spaCy's model loading, so there are three, on tiny
articles); the other tests call the `etl` stages in this process.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl import ingest, load, pipeline, resolve
from etl.ids import read_previous_ids

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
INJECTION = "'); drop table fct_meetings; --"

GOOD_ACCRA = (
    "Inspector General Kofi Mensah of the Ghana Police Service received Commissioner General Eric Snoeck of the "
    "Belgian Federal Police in Accra on 3 March 2024 for talks on police cooperation.\n"
)
GOOD_OSLO = (
    "Director General Thomas Fabre of the French National Police held talks with Police Commissioner Anna Berg of "
    "the Norwegian Police Service in Oslo on 12 May 2024.\n"
)
GOOD_NAIROBI = (
    "Inspector General Japhet Koome of the Kenya National Police Service held talks with Commissioner General "
    "Marco Rossi of the Italian State Police in Nairobi on 8 June 2024.\n"
)


def bad_inputs():
    """scripts/make_bad_inputs.py as a module, so the tests write the same cases the script does."""
    spec = importlib.util.spec_from_file_location("make_bad_inputs", PROJECT_ROOT / "scripts" / "make_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_good_articles(folder: Path, **articles: str) -> Path:
    """Small English articles, one file per keyword (name -> text), in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def run_pipeline(articles_dir: Path, warehouse_path: Path, run_id: str = "in-process") -> Path:
    """ingest -> annotate -> extract -> resolve -> build, as the assets chain them, without Dagster (the ids of
    a warehouse already published at warehouse_path carried over)."""
    articles = ingest.read_articles(articles_dir).articles
    cache_dir = warehouse_path.parent / ".cache"
    annotated = pipeline.annotate_articles(articles, cache_dir)
    facts = pipeline.extract_articles(articles, annotated.frames, cache_dir)
    rows = {name: frame.to_dicts() for name, frame in facts.frames.items()}
    tables = resolve.build_core_tables(articles.drop("text"), rows, read_previous_ids(warehouse_path))
    load.build_warehouse(tables, warehouse_path, run_log={"run_id": run_id})
    return warehouse_path


def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a child process: this project importable, no ambient paths, temp files in tmp_path."""
    env = {k: v for k, v in os.environ.items() if k not in ("ARTICLES_DIR", "WAREHOUSE_PATH", "DAGSTER_HOME")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    temporary = tmp_path / "tmp"
    temporary.mkdir(exist_ok=True)
    env["TMPDIR"] = str(temporary)
    return env


def cli_command(articles_dir: Path, warehouse_path: Path) -> list[str]:
    return [sys.executable, "-m", "dagster_project.cli", "run", "--articles-dir", str(articles_dir),
            "--warehouse-path", str(warehouse_path)]


def reporting_views(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The views of the reporting schema, as the catalog lists them."""
    rows = connection.execute("select table_name from information_schema.tables "
                              "where table_schema = 'reporting' order by table_name").fetchall()
    return [name for (name,) in rows]


def view_checksum(connection: duckdb.DuckDBPyConnection, view: str) -> str | None:
    """An order-independent md5 of every row of a reporting view."""
    # The name comes from the catalog (reporting_views), not from input, and is quoted as an identifier.
    quoted = '"' + view.replace('"', '""') + '"'
    return connection.execute(
        f"select md5(string_agg(t::varchar, '|' order by t::varchar)) from reporting.{quoted} as t").fetchone()[0]


def checksums(path: Path) -> dict[str, str | None]:
    """The checksum of every reporting view of the published file, opened read-only."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return {view: view_checksum(connection, view) for view in reporting_views(connection)}


def query(path: Path, sql: str, parameters=None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def building_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".building-" in path.name)


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch):
    for name in ("ARTICLES_DIR", "WAREHOUSE_PATH", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------- bad input through the command line


def test_cli_run_on_bad_input_publishes_and_accounts_for_every_input(tmp_path):
    folder = write_good_articles(tmp_path / "articles", good_accra=GOOD_ACCRA, good_oslo=GOOD_OSLO)
    script = bad_inputs()
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2 " + GOOD_NAIROBI, encoding="utf-8")
    for writer in (script.write_empty, script.write_whitespace_only, script.write_png_as_txt,
                   script.write_cp1252_french, script.write_html_as_md, script.write_jsonl,
                   script.write_same_text_twice, script.write_other_languages, script.write_unreadable):
        writer(folder)
    script.write_big_text(folder, size_mb=6)
    script.write_manifest(folder, seed_rows=False)
    script.write_symlink_outside(folder, secret)
    warehouse_path = tmp_path / "warehouse" / "warehouse.duckdb"

    done = subprocess.run(cli_command(folder, warehouse_path), cwd=tmp_path, env=subprocess_env(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    # root reads a file whatever its mode; anyone else is refused it.
    unreadable = ("loaded", None) if os.geteuid() == 0 else ("rejected", "unreadable file: Permission denied")
    expected = {  # article_id -> (status, words of the reason)
        "good_accra": ("loaded", None),
        "good_oslo": ("loaded", None),
        "empty": ("rejected", "empty file"),
        "whitespace_only": ("rejected", "empty file"),
        "photo": ("rejected", "binary file"),
        "french_cp1252": ("repaired", "not valid UTF-8: decoded as cp1252"),
        "html_page": ("repaired", "HTML reduced to text"),
        "big_6mb": ("repaired", "truncated from 6 MB to 5 MB"),
        "wire-1": ("loaded", None),
        "batch.jsonl:2": ("rejected", "malformed JSON on line 2"),
        "batch.jsonl:3": ("rejected", "line 3 has no id"),
        "wire-4": ("rejected", "line 4 has no text"),
        "batch.jsonl:5": ("rejected", "duplicate id wire-1"),
        "twin_a": ("loaded", None),
        "twin_b": ("duplicate", "twin_a"),
        "missing_article": ("rejected", "manifest row for a missing file"),
        "spanish": ("unsupported_language", "language es is not read"),
        "arabic": ("unsupported_language", "language ar is not read"),
        "unreadable": unreadable,
        "outside_link": ("rejected", "symlink outside ARTICLES_DIR"),
    }
    rows = query(warehouse_path, "select article_id, status, status_reason, meetings from reporting.articles")
    found = {article_id: (status, reason) for article_id, status, reason, _ in rows}
    assert sorted(found) == sorted(expected), "every input has exactly one row"
    for article_id, (status, words) in expected.items():
        assert found[article_id][0] == status, (article_id, found[article_id])
        if words is None:
            assert found[article_id][1] is None, (article_id, found[article_id])
        else:
            assert words in found[article_id][1], (article_id, found[article_id])
    # The manifest's unparseable date is said, beside the repair.
    assert "unparseable published_date 'last Tuesday'" in found["html_page"][1]
    # The good articles were read, not just listed.
    meetings = {article_id: count for article_id, _, _, count in rows}
    assert meetings["good_accra"] >= 1 and meetings["good_oslo"] >= 1
    assert "Published" in done.stdout

    # The summary names every input that was not loaded as it was, with its status and reason.
    summary_lines = done.stdout.splitlines()
    for article_id, (status, reason) in found.items():
        if status == "loaded":
            continue
        listed = [line for line in summary_lines if f"{article_id}: " in line and reason in line]
        assert listed, f"{article_id} ({status}: {reason}) is not in the summary:\n{done.stdout}"
        if status != "repaired":
            assert status in listed[0], listed[0]
    # The link's target was never read into the warehouse.
    assert query(warehouse_path, "select count(*) from reporting.meeting_sources where evidence like '%Nairobi%'") \
        == [(0,)]


# ---------------------------------------------------------------- a run killed while it publishes

# Runs the command line with os.replace slowed down when it is about to publish the warehouse, so the
# test can SIGKILL it at the worst moment: the new file is complete, the old one is still published,
# the lock is held. Nothing else of the run is changed.
KILLABLE_CLI = """
import os, sys, time
marker = sys.argv.pop(1)
real_replace = os.replace

def replace_slowly(source, target, *args, **kwargs):
    if ".building-" in os.fspath(source):
        open(marker, "w").close()
        time.sleep(120)
    return real_replace(source, target, *args, **kwargs)

os.replace = replace_slowly
sys.argv[0] = "secmeet"
from dagster_project.cli import app
app()
"""


def test_a_run_killed_while_publishing_leaves_the_published_warehouse_readable_and_unchanged(tmp_path):
    folder = write_good_articles(tmp_path / "articles", good_accra=GOOD_ACCRA, good_oslo=GOOD_OSLO)
    warehouse_path = tmp_path / "warehouse" / "warehouse.duckdb"
    run_pipeline(folder, warehouse_path, run_id="previous")
    before = checksums(warehouse_path)
    assert query(warehouse_path, "select count(*) from reporting.articles") == [(2,)]
    write_good_articles(folder, good_nairobi=GOOD_NAIROBI)

    marker = tmp_path / "about-to-publish"
    env = subprocess_env(tmp_path)
    command = [sys.executable, "-c", KILLABLE_CLI, str(marker), *cli_command(folder, warehouse_path)[3:]]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    try:
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
    # Were the run to end before the kill, the invariants below must hold all the same.
    assert marker.exists(), f"the run ended without reaching the publish step:\n{stderr.decode()[-3000:]}"
    assert process.returncode == -signal.SIGKILL

    # The published file still opens read-only and holds exactly what the previous run published.
    assert checksums(warehouse_path) == before
    assert query(warehouse_path, "select count(*) from reporting.articles") == [(2,)]
    assert not Path(f"{warehouse_path}.wal").exists()

    # A new run takes the lock the killed one held, clears its leftover and publishes.
    done = subprocess.run(cli_command(folder, warehouse_path), cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert query(warehouse_path, "select count(*) from reporting.articles where status = 'loaded'") == [(3,)]
    assert query(warehouse_path, "select count(*) from reporting.meeting_sources where article_id = 'good_nairobi'") \
        != [(0,)]
    # run_log keeps the previous run and the new one; the killed run published nothing.
    assert query(warehouse_path, "select count(*), count(*) filter (where run_id = 'previous') from run_log") == [(2, 1)]
    assert building_files(warehouse_path.parent) == []


# ---------------------------------------------------------------- a reader during a rebuild and two publishes


def small_tables(label: str, meetings: int = 1) -> dict[str, pl.DataFrame]:
    """A valid warehouse's frames: one article reporting `meetings` bilateral meetings, ids tagged by label."""
    article_id = f"article_{label}"
    meeting_ids = [f"meeting_{label}_{number}" for number in range(meetings)]
    day = dt.date(2024, 3, 5)
    return {
        "dim_articles": pl.DataFrame({"article_id": [article_id], "status": ["loaded"], "language": ["en"],
                                      "published_date": [day], "published_date_precision": ["day"]}),
        "fct_meetings": pl.DataFrame({
            "meeting_id": meeting_ids, "meeting_type": ["bilateral"] * meetings,
            "meeting_name": [f"Talks {label} {n}" for n in range(meetings)], "city": ["Accra"] * meetings,
            "start_date": [day] * meetings, "end_date": [day] * meetings, "date_precision": ["day"] * meetings,
            "status": ["held"] * meetings, "source_count": [1] * meetings,
        }),
        "fct_meeting_sources": pl.DataFrame({"meeting_id": meeting_ids, "article_id": [article_id] * meetings,
                                             "evidence": [f"Talks {label} {n} were held." for n in range(meetings)]}),
        "fct_article_facts": pl.DataFrame({"article_id": [article_id], "meetings": [meetings], "agreements": [0]}),
    }


# A BI tool in its own process: holds one read-only connection across a rebuild, then reconnects.
BI_READER = """
import json, sys
import duckdb

def checksums(connection):
    views = [name for (name,) in connection.execute(
        "select table_name from information_schema.tables where table_schema = 'reporting'").fetchall()]
    return {view: connection.execute(
        f'select md5(string_agg(t::varchar, \\'|\\' order by t::varchar)) from reporting."{view}" as t').fetchone()[0]
        for view in views}

connection = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps(connection.execute("select count(*) from reporting.meetings").fetchone()[0]), flush=True)
sys.stdin.readline()  # the test publishes a new file meanwhile
print(json.dumps(checksums(connection)), flush=True)
connection.close()
connection = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps(checksums(connection)), flush=True)
"""


def test_a_reader_keeps_reading_the_old_file_during_a_rebuild_and_sees_the_new_one_after_reconnecting(tmp_path):
    import json

    target = tmp_path / "warehouse" / "warehouse.duckdb"
    load.build_warehouse(small_tables("old", meetings=3), target)
    old = checksums(target)
    reader = subprocess.Popen([sys.executable, "-c", BI_READER, str(target)], cwd=tmp_path,
                              env=subprocess_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(reader.stdout.readline()) == 3, reader.stderr.read()
        load.build_warehouse(small_tables("new", meetings=5), target, lock_timeout=10)
        new = checksums(target)
        assert new["meetings"] != old["meetings"]
        reader.stdin.write("published\n")
        reader.stdin.flush()
        during = reader.stdout.readline()
        after = reader.stdout.readline()
        reader.wait(timeout=60)
        assert reader.returncode == 0, reader.stderr.read()
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    # Every view the open connection reads after the swap is the old file's, whole; reconnecting gives the new.
    assert json.loads(during) == old
    assert json.loads(after) == new


# Publishes one set of frames (read from Parquet) once a start file appears, so two of them contend.
PUBLISHER = """
import os, sys, time
from pathlib import Path
import polars as pl
from etl import load

frames_dir, target, start, lock_timeout, run_id = sys.argv[1:]
tables = {path.stem: pl.read_parquet(path) for path in Path(frames_dir).glob("*.parquet")}
while not os.path.exists(start):
    time.sleep(0.002)
try:
    load.build_warehouse(tables, Path(target), run_log={"run_id": run_id}, lock_timeout=float(lock_timeout))
except load.WarehouseBusy as busy:
    print(f"BUSY {busy}", flush=True)
    sys.exit(3)
print("PUBLISHED", flush=True)
"""


@pytest.mark.parametrize("lock_timeout", [60.0, 0.0], ids=["waits", "gives-up"])
def test_two_publishes_at_once_serialise_or_refuse_and_leave_a_complete_warehouse(tmp_path, lock_timeout):
    target = tmp_path / "warehouse" / "warehouse.duckdb"
    start = tmp_path / "start"
    meetings_of = {}
    processes = {}
    env = subprocess_env(tmp_path)
    for label in ("a", "b"):
        frames_dir = tmp_path / f"frames_{label}"
        frames_dir.mkdir()
        # Enough rows that a build takes a moment, so the two runs overlap.
        tables = small_tables(label, meetings=20_000)
        for name, frame in tables.items():
            frame.write_parquet(frames_dir / f"{name}.parquet")
        meetings_of[label] = set(tables["fct_meetings"]["meeting_id"])
        processes[label] = subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, str(frames_dir), str(target), str(start), str(lock_timeout),
             f"run-{label}"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)  # both processes import and read their frames, then wait for the start file
    start.touch()
    outcomes = {}
    for label, process in processes.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode in (0, 3), stderr
        outcomes[label] = stdout.strip()

    published = [label for label, outcome in outcomes.items() if outcome == "PUBLISHED"]
    refused = [label for label, outcome in outcomes.items() if outcome.startswith("BUSY")]
    assert len(published) + len(refused) == 2 and published, outcomes
    if lock_timeout:
        assert refused == [], "with time to wait, the second run waits for the first and publishes"
    for label in refused:
        message = outcomes[label]
        (winner,) = published
        # The refusal names the run that holds the lock, so the user knows whom to wait for.
        assert f"another run (pid {processes[winner].pid})" in message, message
        assert "try again" in message and target.name in message, message

    # The published file is one run's warehouse, whole: every reporting view reads, nothing mixed.
    with duckdb.connect(str(target), read_only=True) as connection:
        views = reporting_views(connection)
        assert set(views) == {name for name, _ in load.read_sql_files(load.SQL_DIR / "reporting")}
        for view in views:
            view_checksum(connection, view)
        meeting_ids = {row[0] for row in connection.execute("select meeting_id from reporting.meetings").fetchall()}
        run_ids = {row[0] for row in connection.execute("select run_id from run_log").fetchall()}
    assert meeting_ids in (meetings_of["a"], meetings_of["b"])
    # The last run to publish carried the earlier one's run_log row over.
    assert run_ids == {f"run-{label}" for label in published}
    assert building_files(target.parent) == []


# ---------------------------------------------------------------- SQL and quotes through every stage


def test_quotes_and_sql_in_a_file_name_and_its_text_arrive_intact_through_every_stage(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    script = bad_inputs()
    script.write_sql_and_quotes(folder)
    article_id = script.HOSTILE_STEM
    assert "O'Brien \"the\" 'x'" in article_id and INJECTION in article_id
    target = run_pipeline(folder, tmp_path / "warehouse" / "warehouse.duckdb")

    assert query(target, "select article_id, status from reporting.articles") == [(article_id, "loaded")]
    sources = query(target, "select article_id, evidence from reporting.meeting_sources")
    assert sources, "the article's talks in Accra should give a meeting"
    assert {source_article for source_article, _ in sources} == {article_id}
    assert any(INJECTION in evidence and "O'Brien" in evidence for _, evidence in sources), sources
    assert query(target, "select count(*) from main.fct_meetings") == [(len(sources),)]
    tables = {name for (name,) in query(target, "select table_name from duckdb_tables() where schema_name = 'main'")}
    assert {"fct_meetings", "fct_meeting_sources", "dim_articles"} <= tables
    assert query(target, "select count(*) from reporting.persons where full_name = 'Patrick O''Brien'") == [(1,)]


# ---------------------------------------------------------------- stable ids


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory):
    """The project's seeds (a copy) built once; (articles folder, warehouse path)."""
    root = tmp_path_factory.mktemp("stable_ids")
    folder = root / "articles"
    shutil.copytree(SEEDS_DIR, folder)
    return folder, run_pipeline(folder, root / "first" / "warehouse.duckdb")


def ids(path: Path) -> dict[str, set[str]]:
    """The ids of meetings, persons, agencies and agreements in a published file."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return {
            "meeting_id": {r[0] for r in connection.execute("select meeting_id from reporting.meetings").fetchall()},
            "person_id": {r[0] for r in connection.execute("select person_id from reporting.persons").fetchall()},
            "agency_id": {r[0] for r in connection.execute("select agency_id from reporting.agencies").fetchall()},
            "agreement_id": {r[0] for r in connection.execute("select agreement_id from reporting.agreements")
                             .fetchall()},
        }


def test_two_builds_of_the_same_input_give_identical_reporting_views(seeds_build, tmp_path):
    folder, first = seeds_build
    # Its own cache folder: the second build runs spaCy and extraction again rather than reading them back.
    second = run_pipeline(folder, tmp_path / "second" / "warehouse.duckdb", run_id="second")
    first_checksums = checksums(first)
    assert {"meetings", "persons", "agencies", "agreements", "articles", "discrepancies"} <= set(first_checksums)
    assert checksums(second) == first_checksums


def test_an_unrelated_article_changes_no_existing_id(seeds_build, tmp_path):
    folder, first = seeds_build
    before = ids(first)
    assert all(before.values()), before  # the seeds have meetings, persons, agencies and agreements
    more = tmp_path / "articles"
    shutil.copytree(folder, more)
    # Named to sort before every seed, so ids that followed article order would move.
    write_good_articles(more, **{"000_000_unrelated": GOOD_NAIROBI})
    after = ids(run_pipeline(more, tmp_path / "more" / "warehouse.duckdb"))
    for key, existing in before.items():
        assert existing <= after[key], (key, sorted(existing - after[key]))
    assert len(after["meeting_id"]) > len(before["meeting_id"]), "the new article adds its own meeting"


def test_a_new_report_of_a_known_meeting_and_person_keeps_their_ids(seeds_build, tmp_path):
    folder, first = seeds_build
    before = ids(first)
    more = tmp_path / "articles"
    shutil.copytree(folder, more)
    # The seeds' warehouse is the published one: the rebuild reads its id registry (etl/ids.py).
    published = tmp_path / "more" / "warehouse.duckdb"
    published.parent.mkdir()
    shutil.copyfile(first, published)
    write_good_articles(more, **{"000_000_another_report": (
        "Abdellatif Hammouchi, Director General of National Security of Morocco, took part in the 8th INTERPOL "
        "meeting of heads of police of the Middle East and North Africa region, held on September 3 and 4 in "
        "Lyon, France.\n")})
    after = ids(run_pipeline(more, published))
    assert {key: sorted(before[key] - after[key]) for key in before} == dict.fromkeys(before, [])
