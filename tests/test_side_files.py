"""The files beside the warehouse: caches that never run code, lock and temporary files that never follow a
link, the report and export published as whole sets that name their warehouse, run_log history kept, and
what WAREHOUSE_PATH names replaced only when it is a warehouse of ours. Every input is made here."""
from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl import cache_files, export, language, load, publish, reference, report
from etl.settings import PROJECT_ROOT
from tests.test_load import tiny_tables

ENGLISH = "The minister met his counterpart in Rabat on Tuesday to discuss police cooperation and training."
FRENCH = "Le ministre a rencontré son homologue à Rabat mardi pour parler de coopération policière."


class Planted:
    """Unpickling this creates a folder: the proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)


def planted_pickle(marker: Path) -> bytes:
    return pickle.dumps(Planted(marker))


def warehouse_at(path: Path, run_id: str = "run-1") -> Path:
    """A small valid warehouse published at path."""
    load.build_warehouse(tiny_tables(), path, run_log={"run_id": run_id}, validate=False)
    return path


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def folder_bytes(folder: Path) -> dict[str, str]:
    """Each file of a folder by name, as a hash of its bytes."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def run_python(script: str, *arguments: str, **kwargs) -> subprocess.Popen:
    """A Python process of the project running script."""
    return subprocess.Popen([sys.executable, "-c", script, *arguments], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


# ---------------------------------------------------------------- 1. caches hold data, never code


def test_no_module_of_etl_imports_pickle():
    for path in (PROJECT_ROOT / "etl").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"pickle", "cPickle", "dill", "joblib", "cloudpickle"}, path


def test_a_pickle_planted_in_the_language_cache_never_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "_STORED_IDENTIFIER", {})  # as in a new process
    folder = tmp_path / "language"
    key = language.StoredDetector(folder).key
    folder.mkdir(parents=True)
    marker = tmp_path / "code-ran"
    # Under the name the cache reads and under the name earlier versions read.
    (folder / f"identifier-{key}.npz").write_bytes(planted_pickle(marker))
    (folder / f"identifier-{key}.pickle").write_bytes(planted_pickle(marker))
    detector = language.StoredDetector(folder)
    assert (detector(ENGLISH), detector(FRENCH)) == ("en", "fr")
    assert not marker.exists()
    assert not (folder / f"identifier-{key}.pickle").exists()
    # The planted file was replaced by a sound one, which a new process reads back.
    monkeypatch.setattr(language, "_STORED_IDENTIFIER", {})
    monkeypatch.setattr(language, "_identifier", lambda: pytest.fail("the stored identifier was not read back"))
    assert language.StoredDetector(folder)(FRENCH) == "fr"


def test_the_stored_identifier_answers_like_py3langid():
    built = language._identifier()
    stored = language.identifier_from_bytes(language.identifier_to_bytes(built))
    for text in (ENGLISH, FRENCH, "El ministro se reunió con su homólogo", "Der Minister traf seinen Amtskollegen"):
        assert stored.classify(text) == built.classify(text)


def test_numpy_arrays_that_are_not_an_identifier_are_refused():
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, ptc=np.zeros((2, 2)), pc=np.zeros(2), classes=np.array(["en", "fr"]), nextmove=np.zeros(3),
             row=np.zeros(1), output=np.zeros(1))
    with pytest.raises(ValueError):
        language.identifier_from_bytes(buffer.getvalue())


def test_a_pickle_planted_as_the_city_index_never_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    stored = next(tmp_path.glob("city_index-*.parquet"))
    marker = tmp_path / "code-ran"
    stored.write_bytes(planted_pickle(marker))
    (tmp_path / "city_index-0123456789abcdef.pickle").write_bytes(planted_pickle(marker))
    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    assert not marker.exists()
    assert reference.find_city("Tanger").name == "Tangier"
    assert [path.suffix for path in tmp_path.iterdir()] == [".parquet"]


def test_a_parquet_file_of_another_shape_as_the_city_index_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    stored = next(tmp_path.glob("city_index-*.parquet"))
    pl.DataFrame({"key": ["lyon"], "geonameid": ["not a number"]}).write_parquet(stored)
    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    assert reference.find_city("Lyon").country_iso2 == "FR"


def test_a_link_or_a_fifo_at_a_cache_path_is_neither_followed_nor_waited_on(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"value": "read through a link"}', encoding="utf-8")
    link = tmp_path / "cache" / "entry.json"
    link.parent.mkdir()
    link.symlink_to(secret)
    value = cache_files.stored_value(link, lambda: {"value": "built"}, lambda v: json.dumps(v).encode(), json.loads)
    assert value == {"value": "built"}
    assert not link.is_symlink() and json.loads(link.read_text()) == {"value": "built"}
    assert secret.read_text(encoding="utf-8") == '{"value": "read through a link"}'
    fifo = tmp_path / "cache" / "fifo.json"
    os.mkfifo(fifo)
    assert cache_files.stored_value(fifo, lambda: [1], lambda v: json.dumps(v).encode(), json.loads) == [1]


def test_write_atomically_replaces_a_planted_link_and_leaves_its_target(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    entry = tmp_path / "cache" / "entry.json"
    entry.parent.mkdir()
    entry.symlink_to(victim)
    cache_files.write_atomically(entry, b"{}")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not entry.is_symlink() and entry.read_bytes() == b"{}"
    assert [path.name for path in entry.parent.iterdir()] == ["entry.json"]


# ---------------------------------------------------------------- 2. lock and temporary files


def test_a_link_planted_at_the_lock_path_is_refused_and_its_target_kept(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "warehouse" / "warehouse.duckdb"
    target.parent.mkdir()
    (target.parent / "warehouse.duckdb.lock").symlink_to(victim)
    with pytest.raises(load.WarehouseRefused, match="symbolic link"):
        warehouse_at(target)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not target.exists()


def test_a_hard_link_at_the_lock_path_still_locks_and_its_content_is_kept(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "warehouse.duckdb"
    os.link(victim, tmp_path / "warehouse.duckdb.lock")
    warehouse_at(target)
    assert victim.read_text(encoding="utf-8") == "precious"
    with load.publish_lock(target):  # another process still finds the warehouse locked
        other = run_python("import sys; from etl import load\n"
                           "with load.publish_lock(sys.argv[1], timeout=0): pass", str(target))
        other.wait(timeout=120)
    assert other.returncode != 0 and b"WarehouseBusy" in other.stderr.read()


def test_a_fifo_at_the_lock_path_is_refused(tmp_path):
    os.mkfifo(tmp_path / "warehouse.duckdb.lock")
    with pytest.raises(load.WarehouseRefused, match="not a regular file"):
        warehouse_at(tmp_path / "warehouse.duckdb")


def test_links_planted_at_temporary_names_are_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "warehouse" / "warehouse.duckdb"
    target.parent.mkdir()
    # The warehouse's build name of earlier versions (pid-based), a build folder's and an export temporary's.
    (target.parent / f".warehouse.building-{os.getpid()}.duckdb").symlink_to(victim)
    (target.parent / ".export.building-planted").symlink_to(tmp_path)
    (target.parent / "export").mkdir()
    (target.parent / "export" / ".meetings.parquet.tmp").symlink_to(victim)
    warehouse_at(target)
    export.export_views(target, target.parent / "export")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(path.name for path in target.parent.iterdir()) == [
        "export", "warehouse.duckdb", "warehouse.duckdb.lock"]
    assert not list((target.parent / "export").glob(".*"))


# ---------------------------------------------------------------- 3. the report and the export as whole sets

# Exports the warehouse with a slow Parquet writer: after the third file it says so, then sleeps to be killed.
SLOW_EXPORT = """
import sys, time
from pathlib import Path
import duckdb
from etl import export
marker, warehouse, folder = sys.argv[1:4]
written = []
real = duckdb.DuckDBPyRelation.write_parquet

def slow_write(relation, path, *args, **kwargs):
    real(relation, path, *args, **kwargs)
    written.append(path)
    if len(written) == 3:
        Path(marker).write_text("3 written")
        time.sleep(120)

duckdb.DuckDBPyRelation.write_parquet = slow_write
export.export_views(Path(warehouse), Path(folder))
"""


def test_an_export_killed_midway_leaves_the_whole_previous_export(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb", run_id="old")
    folder = tmp_path / "export"
    export.export_views(warehouse, folder)
    before = folder_bytes(folder)
    warehouse_at(warehouse, run_id="new")
    marker = tmp_path / "marker"
    process = run_python(SLOW_EXPORT, str(marker), str(warehouse), str(folder))
    deadline = time.monotonic() + 120
    try:
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
    assert marker.exists(), stderr.decode()[-2000:]
    assert folder_bytes(folder) == before
    assert publish.read_manifest(folder)["warehouse_run_id"] == "old"
    assert [path.name for path in tmp_path.glob(".export.building-*")]  # the killed run's folder
    export.export_views(warehouse, folder)
    assert publish.read_manifest(folder)["warehouse_run_id"] == "new"
    assert not list(tmp_path.glob(".export.building-*"))


CONCURRENT_EXPORT = """
import sys
from pathlib import Path
from etl import export
print(sum(export.export_views(Path(sys.argv[1]), Path(sys.argv[2])).values()))
"""


def test_exports_at_the_same_time_all_succeed_and_leave_one_whole_set(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    folder = tmp_path / "export"
    processes = [run_python(CONCURRENT_EXPORT, str(warehouse), str(folder)) for _ in range(6)]
    outcomes = [(process.wait(timeout=300), process.stderr.read().decode()[-2000:]) for process in processes]
    assert [code for code, _ in outcomes] == [0] * 6, outcomes
    manifest = publish.read_manifest(folder)
    parquet = sorted(path.name for path in folder.glob("*.parquet"))
    assert parquet == sorted(manifest["files"]) and len(parquet) == len(export.reporting_views(
        duckdb.connect(str(warehouse), read_only=True)))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export", "warehouse.duckdb", "warehouse.duckdb.lock"]


def test_a_report_folder_is_replaced_as_a_whole(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / ".index.abc123.html").write_text("a temporary file of an earlier version", encoding="utf-8")
    (folder / "index.html").write_text("an earlier version's report", encoding="utf-8")
    report.write_report(warehouse, folder)
    assert sorted(path.name for path in folder.iterdir()) == ["dictionary.html", "index.html", "manifest.json"]


# ---------------------------------------------------------------- 4. which warehouse a report or an export is of


def test_the_export_and_the_report_name_their_warehouse_and_run(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb", run_id="run-42")
    export.export_views(warehouse, tmp_path / "export")
    manifest = publish.read_manifest(tmp_path / "export")
    assert (manifest["kind"], manifest["warehouse"], manifest["warehouse_run_id"]) == (
        "export", str(warehouse.resolve()), "run-42")
    assert manifest["files"]["meetings.parquet"] == 2
    page = report.write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    assert str(warehouse.resolve()) in page and "run run-42" in page
    assert publish.read_manifest(tmp_path / "report")["warehouse_run_id"] == "run-42"


@pytest.mark.parametrize("kind", ["export", "report"])
def test_another_warehouses_folder_is_replaced_saying_so(tmp_path, kind, caplog):
    first = warehouse_at(tmp_path / "first.duckdb")
    second = warehouse_at(tmp_path / "second.duckdb")
    write = export.export_views if kind == "export" else report.write_report
    write(first, tmp_path / kind)
    with caplog.at_level("WARNING", logger="etl.publish"):
        write(second, tmp_path / kind)
    assert any("another warehouse" in message and "first.duckdb" in message and "second.duckdb" in message
               for message in caplog.messages)
    assert publish.read_manifest(tmp_path / kind)["warehouse"] == str(second.resolve())
    assert not list(tmp_path.glob(f".{kind}.building-*"))


def test_a_folder_moved_with_its_warehouse_stays_theirs(tmp_path):
    warehouse = warehouse_at(tmp_path / "old" / "warehouse.duckdb")
    export.export_views(warehouse, tmp_path / "old" / "export")
    (tmp_path / "old").rename(tmp_path / "new")
    export.export_views(tmp_path / "new" / "warehouse.duckdb", tmp_path / "new" / "export")
    assert publish.read_manifest(tmp_path / "new" / "export")["warehouse"] == str(tmp_path / "new" / "warehouse.duckdb")


def test_the_set_of_a_warehouse_that_no_longer_exists_is_replaced(tmp_path):
    gone = warehouse_at(tmp_path / "gone.duckdb")
    export.export_views(gone, tmp_path / "export")
    gone.unlink()
    export.export_views(warehouse_at(tmp_path / "warehouse.duckdb"), tmp_path / "export")
    assert publish.read_manifest(tmp_path / "export")["warehouse"].endswith("warehouse.duckdb")


def test_a_folder_of_someone_elses_files_is_refused(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    (folder / "index.html").write_text("a home page", encoding="utf-8")
    with pytest.raises(publish.PublishRefused, match="thesis.docx"):
        report.write_report(warehouse, folder)
    with pytest.raises(publish.PublishRefused, match="thesis.docx"):
        export.export_views(warehouse, folder)
    assert sorted(path.name for path in folder.iterdir()) == ["index.html", "thesis.docx"]


# ---------------------------------------------------------------- 5. run_log history is kept

HOLDER = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1])  # read-write: DuckDB's default, what a careless client does
print("holding", flush=True)
time.sleep(120)
"""


def test_run_log_history_is_kept_while_a_client_holds_the_warehouse_open_read_write(tmp_path, caplog):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb", run_id="run-1")
    holder = run_python(HOLDER, str(warehouse))
    try:
        assert holder.stdout.readline().strip() == b"holding"
        warehouse_at(warehouse, run_id="run-2")
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert sorted(query(warehouse, "select run_id from run_log")) == [("run-1",), ("run-2",)]
    assert "read from a copy" in caplog.text


def test_a_damaged_warehouse_is_refused_not_replaced_without_its_history(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    target.write_bytes(b"\x00" * 8 + b"DUCK" + b"\x07" * 5000)  # a DuckDB header over garbage
    before = target.read_bytes()
    with pytest.raises(load.WarehouseRefused, match="run_log history"):
        warehouse_at(target)
    assert target.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["warehouse.duckdb", "warehouse.duckdb.lock"]


def test_run_log_rows_of_an_older_layout_are_carried_over(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(target)) as connection:
        connection.execute("create table fct_meetings (meeting_id varchar)")
        connection.execute("create table run_log (run_id varchar, started_at timestamp)")
        connection.execute("insert into run_log values ('run-0', timestamp '2024-01-01 10:00:00')")
    warehouse_at(target, run_id="run-1")
    assert sorted(query(target, "select run_id from run_log")) == [("run-0",), ("run-1",)]


# ---------------------------------------------------------------- 6. what WAREHOUSE_PATH names


@pytest.mark.parametrize("content", [b"article_id,title\n1,Talks in Rabat\n", "Notes de réunion\n".encode(),
                                     b"\x89PNG\r\n\x1a\n" + bytes(64)])
def test_a_file_that_is_not_a_duckdb_database_is_left_untouched(tmp_path, content):
    target = tmp_path / "meetings.csv"
    target.write_bytes(content)
    with pytest.raises(load.WarehouseRefused, match="not a DuckDB database"):
        warehouse_at(target)
    assert target.read_bytes() == content
    assert sorted(path.name for path in tmp_path.iterdir()) == ["meetings.csv", "meetings.csv.lock"]


def test_a_duckdb_database_that_is_not_a_warehouse_of_ours_is_left_untouched(tmp_path):
    target = tmp_path / "analytics.duckdb"
    with duckdb.connect(str(target)) as connection:
        connection.execute("create table sales (amount integer)")
        connection.execute("insert into sales values (42)")
    before = target.read_bytes()
    with pytest.raises(load.WarehouseRefused, match="not a warehouse of this pipeline"):
        warehouse_at(target)
    assert target.read_bytes() == before


@pytest.mark.parametrize("make", ["empty file", "empty database"])
def test_an_empty_file_or_database_is_replaced(tmp_path, make):
    target = tmp_path / "warehouse.duckdb"
    if make == "empty file":
        target.touch()
    else:
        duckdb.connect(str(target)).close()
    warehouse_at(target)
    assert query(target, "select count(*) from reporting.meetings") == [(2,)]


# ---------------------------------------------------------------- 5. a run's figures and inputs are its own


def test_a_runs_cache_figures_are_its_own_when_another_run_replaces_the_stored_shards(tmp_path, monkeypatch):
    import dagster as dg

    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource
    from etl import pipeline, shards
    from tests.test_dagster import write_articles

    resource = WarehouseResource(articles_dir=str(write_articles(tmp_path / "articles")),
                                 warehouse_path=str(tmp_path / "warehouse" / "warehouse.duckdb"))
    state_dir = resource.settings().state_dir
    real_extract = pipeline.extract_articles

    def extract_while_another_run_stores_its_shards(*args, **kwargs):
        # What a run at the same time stores once it has read every article from the cache.
        for shard in shards.SHARD_KEYS:
            folder = shards.stage_folder(state_dir, "article_annotations", shard)
            stored = shards.read(folder)
            shards.write(pipeline.StageResult(stored.frames, stored.articles, ()), folder)
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_articles", extract_while_another_run_stores_its_shards)
    result = materialize_everything(resource, dg.DagsterInstance.ephemeral())
    assert result.success
    assert result.output_for_node("warehouse_file")["articles_read_from_cache"] == 0
    assert query(resource.published_path, "select articles_from_cache from run_log") == [(0,)]


def test_two_warehouses_sharing_a_dagster_instance_never_read_each_others_outputs(tmp_path):
    import dagster as dg

    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource
    from tests.test_dagster import write_articles

    first_articles = write_articles(tmp_path / "first_articles")
    second_articles = write_articles(tmp_path / "second_articles")
    (second_articles / "marrakech_en.txt").unlink()
    first = WarehouseResource(articles_dir=str(first_articles), warehouse_path=str(tmp_path / "a" / "w.duckdb"))
    second = WarehouseResource(articles_dir=str(second_articles), warehouse_path=str(tmp_path / "b" / "w.duckdb"))
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_everything(first, instance).success
        assert materialize_everything(second, instance).success
        # The first warehouse again, from the load on: its inputs are what its own last run stored.
        again = materialize_everything(first, instance, selection=["warehouse_file"])
        assert again.success
    loaded = "select count(*) from reporting.articles where status = 'loaded'"
    assert query(first.published_path, loaded) == [(3,)]
    assert again.output_for_node("warehouse_file")["articles_by_status"] == {"loaded": 3}
    assert query(second.published_path, loaded) == [(2,)]


def test_the_report_never_replaces_the_export_nor_the_other_way_round(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    export.export_views(warehouse, tmp_path / "shared")
    with pytest.raises(publish.PublishRefused, match="holds the export"):
        report.write_report(warehouse, tmp_path / "shared")
    assert (tmp_path / "shared" / "meetings.parquet").is_file()


@pytest.mark.parametrize("folders", [
    {"report_dir": "out", "export_dir": "out"},
    {"export_dir": "."},  # the warehouse's own folder
    {"report_dir": "articles/.."},
])
def test_settings_refuse_a_published_folder_that_holds_other_files_of_the_run(tmp_path, folders):
    from etl.settings import Settings

    (tmp_path / "articles").mkdir()
    given = {name: str(tmp_path / value) for name, value in folders.items()}
    with pytest.raises(ValueError, match="replaced as a whole"):
        Settings.from_values(articles_dir=str(tmp_path / "articles"), warehouse_path=str(tmp_path / "w.duckdb"),
                             **given)


def test_what_the_load_would_refuse_can_be_checked_before_a_run_does_its_work(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("minutes of the meeting\n", encoding="utf-8")
    with pytest.raises(load.WarehouseRefused, match="not a DuckDB database"):
        load.check_warehouse_path(text)
    load.check_warehouse_path(tmp_path / "new.duckdb")  # absent: nothing to refuse
    load.check_warehouse_path(warehouse_at(tmp_path / "warehouse.duckdb"))
    assert text.read_text(encoding="utf-8") == "minutes of the meeting\n"


def test_a_build_never_removes_the_build_folder_of_another_warehouse_with_the_same_stem(tmp_path):
    other_build = tmp_path / ".a.duckdb.building-123-live"  # a.duckdb's build, under a.duckdb's own lock
    other_build.mkdir()
    warehouse_at(tmp_path / "a.db")
    assert other_build.is_dir()
    warehouse_at(tmp_path / "a.duckdb")  # holding a.duckdb's lock, its leftover is its own to remove
    assert not other_build.exists()


def test_a_file_a_person_put_beside_a_published_export_is_never_swapped_away(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    folder = tmp_path / "export"
    export.export_views(warehouse, folder)
    (folder / "my_notes.parquet").write_bytes(b"a person's own file")
    with pytest.raises(publish.PublishRefused, match="my_notes.parquet"):
        export.export_views(warehouse, folder)
    assert (folder / "my_notes.parquet").read_bytes() == b"a person's own file"


def test_a_folder_of_someone_elses_parquet_files_is_not_taken_for_an_old_export(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "sales_2024.parquet").write_bytes(b"not ours")
    with pytest.raises(publish.PublishRefused, match="sales_2024.parquet"):
        export.export_views(warehouse, folder)
    assert sorted(path.name for path in folder.iterdir()) == ["sales_2024.parquet"]


def test_a_crafted_view_name_is_never_put_into_sql_or_a_file_name(tmp_path):
    warehouse = warehouse_at(tmp_path / "warehouse.duckdb")
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute('create view reporting."x; copy (select 1) to \'/tmp/owned.csv\'; --" as select 1 as a')
        connection.execute('create view reporting."../escape" as select 1 as a')
    counts = export.export_views(warehouse, tmp_path / "export")
    assert all(view.isidentifier() for view in counts)
    assert not [path for path in (tmp_path / "export").iterdir() if "escape" in path.name or ";" in path.name]
    assert not (tmp_path / "escape.parquet").exists()


def test_two_warehouses_built_into_one_folder_with_the_default_report_and_export_both_publish(tmp_path):
    import dagster as dg

    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource
    from tests.test_dagster import write_articles

    articles = write_articles(tmp_path / "articles")
    for name in ("dev.duckdb", "dev2.duckdb"):  # as a developer builds each corpus into /tmp
        resource = WarehouseResource(articles_dir=str(articles), warehouse_path=str(tmp_path / "out" / name))
        assert materialize_everything(resource, dg.DagsterInstance.ephemeral()).success
    assert publish.read_manifest(tmp_path / "out" / "report")["warehouse"].endswith("dev2.duckdb")
    assert publish.read_manifest(tmp_path / "out" / "export")["warehouse"].endswith("dev2.duckdb")
    assert query(tmp_path / "out" / "dev.duckdb", "select count(*) from reporting.articles")[0][0] > 0
