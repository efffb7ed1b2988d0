"""The published files and their doors: Parquet export, old DuckDB clients, SQLAlchemy, README examples, sensor."""
import json
import os
import re
import subprocess
import sys
import time
import venv
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from dagster_project.defs.resources import WarehouseResource
from dagster_project.defs.sensors import articles_folder_sensor
from etl import export, load
from etl.settings import PROJECT_ROOT
from tests.test_load import tiny_tables

README = PROJECT_ROOT / "README.md"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A small published warehouse at <tmp>/warehouse/warehouse.duckdb, the README's relative path."""
    root = tmp_path_factory.mktemp("published")
    target = root / "warehouse" / "warehouse.duckdb"
    target.parent.mkdir()
    load.build_warehouse(tiny_tables(), target, validate=False)
    return target


def reporting_views(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return export.reporting_views(con)


def test_export_writes_one_parquet_file_per_reporting_view(warehouse, tmp_path):
    counts = export.export_views(warehouse, tmp_path / "export")
    views = reporting_views(warehouse)
    assert sorted(p.stem for p in (tmp_path / "export").glob("*.parquet")) == views
    assert {"meetings", "country_engagement", "person_engagement", "country_pairs", "discrepancies"} <= set(views)
    for view in views:
        assert pl.read_parquet(tmp_path / "export" / f"{view}.parquet").height == counts[view]


def test_export_leaves_no_temporary_files(warehouse, tmp_path):
    export.export_views(warehouse, tmp_path / "export")
    assert not list((tmp_path / "export").glob(".*"))


def test_published_file_reads_with_sqlalchemy_through_duckdb_engine(warehouse):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    pytest.importorskip("duckdb_engine")
    engine = sqlalchemy.create_engine(f"duckdb:///{warehouse}?access_mode=read_only")
    try:
        with engine.connect() as connection:
            rows = connection.execute(sqlalchemy.text("select meeting_id, meeting_type from reporting.meetings")).fetchall()
    finally:
        engine.dispose()  # DuckDB allows one configuration per file and process
    assert len(rows) == 2


def old_duckdb_python(root: Path) -> Path | None:
    """A throw-away venv with duckdb 1.1.3, the release today's BI drivers bundle; None without a registry."""
    venv.create(root, with_pip=True)
    python = root / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "duckdb==1.1.3"],
                          capture_output=True, text=True, timeout=600)
    return python if done.returncode == 0 else None


def test_every_reporting_view_reads_with_duckdb_1_1(warehouse, tmp_path):
    python = old_duckdb_python(tmp_path / "old-duckdb")
    if python is None:
        pytest.skip("duckdb 1.1.3 could not be installed (no package registry reachable)")
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "views = [r[0] for r in con.execute(\"select table_name from information_schema.tables "
        "where table_schema = 'reporting'\").fetchall()]\n"
        "print(json.dumps({'version': duckdb.__version__, "
        "'rows': {v: len(con.execute(f'select * from reporting.{v}').fetchall()) for v in views}}))\n"
    )
    done = subprocess.run([str(python), "-c", script, str(warehouse)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["version"] == "1.1.3"
    assert sorted(result["rows"]) == reporting_views(warehouse)
    assert result["rows"]["meetings"] == 2


def readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("block", readme_blocks("sql"), ids=lambda b: b.splitlines()[0][:40])
def test_readme_sql_blocks_run(warehouse, block):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(block).fetchall()


@pytest.mark.parametrize("block", readme_blocks("python"), ids=lambda b: b.splitlines()[-1][:40])
def test_readme_python_blocks_run(warehouse, block, monkeypatch, capsys):
    monkeypatch.chdir(warehouse.parent.parent)
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()


def sensor_context(articles_dir: Path, cursor: str | None):
    resources = {"warehouse": WarehouseResource(articles_dir=str(articles_dir), warehouse_path=str(articles_dir / "w.duckdb"))}
    return dg.build_sensor_context(cursor=cursor, resources=resources)


def test_sensor_requests_a_run_for_a_new_article_and_none_for_an_unchanged_folder(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("First article.", encoding="utf-8")
    first = sensor_context(articles, None)
    assert isinstance(articles_folder_sensor(first), dg.RunRequest)
    unchanged = sensor_context(articles, first.cursor)
    assert isinstance(articles_folder_sensor(unchanged), dg.SkipReason)
    (articles / "b.txt").write_text("A new article.", encoding="utf-8")
    changed = sensor_context(articles, first.cursor)
    request = articles_folder_sensor(changed)
    assert isinstance(request, dg.RunRequest) and request.run_key and changed.cursor != first.cursor
    # One run of the build job, over every shard of the per-article assets, as `secmeet run` makes it.
    assert articles_folder_sensor.job_name == "build_warehouse"


def test_sensor_runs_again_when_the_folder_returns_to_an_earlier_state(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("First article.", encoding="utf-8")
    keys, cursor = [], None
    for change in ("add", "remove"):
        if change == "add":
            (articles / "b.txt").write_text("A second article.", encoding="utf-8")
        else:
            (articles / "b.txt").unlink()
        context = sensor_context(articles, cursor)
        request = articles_folder_sensor(context)
        assert isinstance(request, dg.RunRequest), change
        keys.append(request.run_key)
        cursor = context.cursor
    first = sensor_context(articles, None)
    keys.append(articles_folder_sensor(first).run_key)  # the very first look, at the same folder as now
    assert len(set(keys)) == 3


@pytest.mark.parametrize("cursor", ["not json", "[1, 2]", '{"fingerprint": "x", "changes": "many"}'])
def test_sensor_reads_past_a_cursor_it_does_not_understand(tmp_path, cursor):
    articles = tmp_path / "articles"
    articles.mkdir()
    assert isinstance(articles_folder_sensor(sensor_context(articles, cursor)), dg.RunRequest)


def test_sensor_notices_a_changed_article(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    article = articles / "a.txt"
    article.write_text("First version.", encoding="utf-8")
    first = sensor_context(articles, None)
    articles_folder_sensor(first)
    time.sleep(0.01)
    article.write_text("Second, longer version.", encoding="utf-8")
    assert isinstance(articles_folder_sensor(sensor_context(articles, first.cursor)), dg.RunRequest)


def test_sensor_ignores_files_that_are_not_articles(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    first = sensor_context(articles, None)
    articles_folder_sensor(first)
    (articles / "notes.png").write_bytes(b"\x89PNG")
    assert isinstance(articles_folder_sensor(sensor_context(articles, first.cursor)), dg.SkipReason)


@pytest.mark.parametrize("command", [[], ["run"], ["report"], ["export"], ["ui"]])
def test_cli_help_lists_options_without_stray_types(command):
    done = subprocess.run([sys.executable, "-m", "dagster_project.cli", *command, "--help"], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=120, env={**os.environ, "COLUMNS": "120"})
    assert done.returncode == 0
    (help_line,) = [line for line in done.stdout.splitlines() if "--help" in line]
    assert "Show this message and exit." in help_line
    assert "<bool>" not in done.stdout and "BOOLEAN" not in help_line


def test_cli_help_names_every_command():
    done = subprocess.run([sys.executable, "-m", "dagster_project.cli", "--help"], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0
    for command in ("run", "report", "export", "ui"):
        assert re.search(rf"\b{command}\b", done.stdout)


def secmeet_run_of_one_article(tmp_path: Path, warehouse: Path) -> subprocess.CompletedProcess:
    """`secmeet run` over a folder of one invented article into warehouse, without DAGSTER_HOME."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("The chief of police met his counterpart in Vienna.", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DAGSTER_HOME", "REPORT_DIR", "EXPORT_DIR")}
    return subprocess.run([sys.executable, "-m", "dagster_project.cli", "run", "--articles-dir", str(articles),
                           "--warehouse-path", str(warehouse)], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=300, env=environment)


def test_a_refused_run_says_why_in_one_line_without_a_trace(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a warehouse\n", encoding="utf-8")
    done = secmeet_run_of_one_article(tmp_path, notes)
    assert done.returncode == 1
    assert "The run failed in articles: " in done.stderr and "is not a DuckDB database" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout and "Stack Trace" not in done.stderr + done.stdout
    assert notes.read_text(encoding="utf-8") == "my notes, not a warehouse\n"


def test_a_refusal_raised_from_an_os_error_is_named_by_its_own_message(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "warehouse.duckdb.lock").symlink_to(victim)
    done = secmeet_run_of_one_article(tmp_path, tmp_path / "out" / "warehouse.duckdb")
    assert done.returncode == 1
    assert "The run failed in articles: etl.load.WarehouseRefused: " in done.stderr
    assert "is a symbolic link" in done.stderr and victim.read_text(encoding="utf-8") == "keep me"
