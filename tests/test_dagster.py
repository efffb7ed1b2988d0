"""Tests of dagster_project: the definitions load, the assets materialise with their checks, the CLI runs."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest
from typer.testing import CliRunner

from dagster_project.cli import app
from dagster_project.build import all_definitions, materialize_everything
from dagster_project.defs import assets, checks
from dagster_project.defs.resources import WarehouseResource, pipeline_resources
from etl import quality, shards

ASSETS = {"articles", "article_annotations", "article_facts", "core_tables", "warehouse_file", "briefing_report",
          "parquet_export"}

ARTICLES = {
    "lyon_en.txt": (
        "Abdellatif Hammouchi, Director General of National Security of Morocco, took part in the 8th INTERPOL "
        "meeting of heads of police of the Middle East and North Africa region, held on September 3 and 4 in "
        "Lyon, France.\n"
        "On the sidelines of the meeting, Hammouchi held a bilateral meeting with Nile Cotton, the Director of "
        "Cybercrime at INTERPOL.\n"
    ),
    "lyon_fr.txt": (
        "Abdellatif Hammouchi, directeur général de la sûreté nationale, a dirigé la délégation du Maroc à la 8e "
        "réunion d'Interpol des chefs de police de la région Moyen-Orient et Afrique du Nord, tenue les 3 et 4 "
        "septembre à Lyon.\n"
        "En marge de la réunion, Hammouchi a tenu une réunion bilatérale avec Niall Gutton, directeur de la "
        "cybercriminalité à Interpol.\n"
    ),
    "marrakech_en.txt": (
        "Marrakech – The 93rd General Assembly of INTERPOL is being held in Marrakech from November 24 to 27. "
        "Director General Abdellatif Hammouchi met with senior police officials from Germany and Spain.\n"
    ),
}
MANIFEST = ("article_id,url,title,outlet,published_date,language\n"
            "lyon_en,,,,2024-09-05,\nlyon_fr,,,,2024-09-05,\nmarrakech_en,,,,2025-11-25,\n")


def write_articles(folder: Path) -> Path:
    """Three tiny articles (two English, one French), a manifest and a file that is not an article."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    return folder


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch):
    """Runs in tests use only the paths they are given, and a throw-away Dagster instance."""
    for name in ("ARTICLES_DIR", "WAREHOUSE_PATH", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------- definitions

def test_definitions_load_with_every_asset_check_and_resource():
    from dagster_project.definitions import defs

    definitions = defs()
    assert isinstance(definitions, dg.Definitions)
    graph = definitions.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == ASSETS
    check_keys = graph.asset_check_keys
    assert {key.name for key in check_keys} == set(quality.check_names())
    assert len(check_keys) == 5
    assert {key.asset_key.to_user_string() for key in check_keys} == {"warehouse_file"}
    assert "warehouse" in definitions.resources


def test_every_check_is_blocking_and_described():
    assert len(checks.warehouse_checks) == 5
    for check in checks.warehouse_checks:
        (spec,) = check.check_specs
        assert spec.blocking
        assert spec.description == quality.check_description(spec.name)


def test_asset_dependencies_follow_the_stages():
    from dagster_project.definitions import defs

    graph = defs().resolve_asset_graph()
    parents = {key.to_user_string(): {p.to_user_string() for p in graph.get(key).parent_keys}
               for key in graph.get_all_asset_keys()}
    assert parents == {
        "articles": set(),
        "article_annotations": {"articles"},
        "article_facts": {"articles", "article_annotations"},
        "core_tables": {"articles", "article_facts"},
        "warehouse_file": {"articles", "article_annotations", "article_facts", "core_tables"},
        "briefing_report": {"warehouse_file"},
        "parquet_export": {"warehouse_file"},
    }


def test_resource_falls_back_to_the_environment_when_run(monkeypatch, tmp_path):
    monkeypatch.setenv("ARTICLES_DIR", str(tmp_path / "in"))
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "out" / "w.duckdb"))
    settings = WarehouseResource().settings()
    assert settings.articles_dir == (tmp_path / "in").resolve()
    assert settings.warehouse_path == (tmp_path / "out" / "w.duckdb").resolve()
    assert settings.cache_dir == (tmp_path / "out" / ".cache").resolve()
    explicit = WarehouseResource(articles_dir=str(tmp_path / "a"), warehouse_path=str(tmp_path / "b.duckdb"))
    assert explicit.published_path == (tmp_path / "b.duckdb").resolve()


# ---------------------------------------------------------------- materialize

@pytest.fixture(scope="module")
def materialized(tmp_path_factory):
    root = tmp_path_factory.mktemp("dagster")
    resource = WarehouseResource(articles_dir=str(write_articles(root / "articles")),
                                 warehouse_path=str(root / "warehouse" / "warehouse.duckdb"))
    result = materialize_everything(resource)
    return result, resource


def test_materialize_succeeds_with_every_asset(materialized):
    result, _ = materialized
    assert result.success
    materialized_keys = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert materialized_keys == ASSETS


def test_every_asset_check_passes(materialized):
    result, _ = materialized
    evaluations = result.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} == set(quality.check_names())
    assert all(e.passed for e in evaluations), [(e.check_name, e.metadata) for e in evaluations if not e.passed]
    assert all(e.metadata["violations"].value == 0 for e in evaluations)


def test_published_file_opens_read_only_with_meetings(materialized):
    _, resource = materialized
    with duckdb.connect(str(resource.published_path), read_only=True) as connection:
        meetings = connection.execute(
            "select meeting_type, ordinal, city, source_count from reporting.meetings").fetchall()
        articles = connection.execute("select article_id, status from reporting.articles order by 1").fetchall()
    assert meetings
    assert ("multilateral", 8, "Lyon", 2) in meetings
    assert articles == [("lyon_en", "loaded"), ("lyon_fr", "loaded"), ("marrakech_en", "loaded")]


def test_resource_connects_read_only(materialized):
    _, resource = materialized
    with resource.connect_read_only() as connection:
        assert connection.execute("select count(*) from reporting.meetings").fetchone()[0] > 0
        with pytest.raises(duckdb.Error):
            connection.execute("create table scratch (x integer)")


def test_assets_report_row_counts_and_the_summary(materialized):
    result, _ = materialized
    metadata = {event.asset_key.to_user_string(): event.materialization.metadata
                for event in result.get_asset_materialization_events()}
    assert metadata["articles"]["dagster/row_count"].value == 3
    assert metadata["articles"]["skipped_files"].value == ["notes.pdf"]
    assert metadata["core_tables"]["dagster/row_count"].value >= 2
    summary = result.output_for_node("warehouse_file")
    assert summary["articles"] == 3
    assert summary["skipped_files"] == ["notes.pdf"]
    assert summary["meetings"] == metadata["warehouse_file"]["dagster/row_count"].value


def test_nothing_is_written_outside_the_given_folders(materialized):
    _, resource = materialized
    root = resource.published_path.parent.parent
    assert {path.name for path in root.iterdir()} == {"articles", "warehouse"}


# ---------------------------------------------------------------- command line

def test_cli_run_twice_reads_the_second_time_from_the_nlp_cache(tmp_path):
    articles_dir = write_articles(tmp_path / "articles")
    warehouse_path = tmp_path / "warehouse" / "warehouse.duckdb"
    arguments = ["run", "--articles-dir", str(articles_dir), "--warehouse-path", str(warehouse_path)]
    runner = CliRunner()
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    assert "0 of 3 articles read from the NLP cache" in first.output
    second = runner.invoke(app, arguments)
    assert second.exit_code == 0, second.output
    assert "3 of 3 articles read from the NLP cache" in second.output
    assert "3 from the extraction cache" in second.output
    assert "skipped     notes.pdf" in second.output
    assert "5 passed" in second.output
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        assert connection.execute("select count(*) from reporting.meetings").fetchone()[0] > 0
        assert connection.execute("select count(*) from run_log").fetchone()[0] == 2


def test_cli_run_reads_its_paths_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ARTICLES_DIR", str(write_articles(tmp_path / "articles")))
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "env" / "warehouse.duckdb"))
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env" / "warehouse.duckdb").exists()
    assert f"Published {(tmp_path / 'env' / 'warehouse.duckdb').resolve()}" in result.output


def test_cli_run_exits_non_zero_when_a_check_fails(tmp_path, monkeypatch):
    real_run_check = quality.run_check

    def failing_dates(path, name, sample_size=5):
        outcome = real_run_check(path, name, sample_size)
        return quality.CheckOutcome(name, 1, [{"meeting_id": "planted"}]) if name == "dates_ordered" else outcome

    monkeypatch.setattr(quality, "run_check", failing_dates)
    result = CliRunner().invoke(app, ["run", "--articles-dir", str(write_articles(tmp_path / "articles")),
                                      "--warehouse-path", str(tmp_path / "warehouse" / "warehouse.duckdb")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "failed" in result.output


# ---------------------------------------------------------------- partitions

def test_by_default_no_asset_is_partitioned_so_materialize_all_is_one_run():
    from dagster_project.definitions import defs

    definitions = defs()
    graph = definitions.resolve_asset_graph()
    if assets.SHARDS_PER_RUN is not None:
        pytest.skip("SECMEET_SHARDS_PER_RUN is set: this environment asks for a cluster's partitions")
    assert not [key for key in graph.get_all_asset_keys() if graph.get(key).is_partitioned]
    # Its steps run in the run's process, as on the command line, not one fresh interpreter per step.
    assert definitions.resolve_implicit_global_asset_job_def().executor_def.name == "in_process"
    assert definitions.resolve_job_def("build_warehouse").executor_def.name == "in_process"


def test_on_a_cluster_the_per_article_assets_are_partitioned_by_shard_and_loading_is_not():
    definitions = dg.Definitions(assets=all_definitions(shards_per_run=2),
                                 resources=pipeline_resources(WarehouseResource()))
    graph = definitions.resolve_asset_graph()
    partitioned = {key.to_user_string() for key in graph.get_all_asset_keys() if graph.get(key).is_partitioned}
    assert partitioned == {"article_annotations", "article_facts"}
    node = graph.get(dg.AssetKey("article_facts"))
    assert node.partitions_def.get_partition_keys() == list(shards.SHARD_KEYS)
    assert node.backfill_policy == dg.BackfillPolicy.multi_run(2)
    assert not graph.get(dg.AssetKey("warehouse_file")).is_partitioned


@pytest.mark.parametrize(("setting", "expected"), [(None, None), ("", None), ("two", None), ("0", None),
                                                   ("1", 1), ("4", 4)])
def test_shards_are_partitions_only_when_a_cluster_asks_for_runs_of_n_shards(setting, expected):
    assert assets.shards_per_run(setting) == expected


def test_the_ui_lists_the_build_job_over_every_asset():
    from dagster_project.definitions import defs

    job = defs().resolve_job_def("build_warehouse")
    assert {key.to_user_string() for key in job.asset_layer.selected_asset_keys} == ASSETS


def test_a_command_line_run_is_listed_under_the_build_job(tmp_path):
    resource = WarehouseResource(articles_dir=str(write_articles(tmp_path / "articles")),
                                 warehouse_path=str(tmp_path / "warehouse" / "warehouse.duckdb"))
    with dg.instance_for_test(temp_dir=str(dagster_home(tmp_path))) as instance:
        assert materialize_everything(resource, instance, selection=["articles"]).success
        (run,) = instance.get_runs()
    assert run.job_name == "build_warehouse"


def dagster_home(tmp_path: Path) -> Path:
    (tmp_path / "dagster_home").mkdir()
    return tmp_path / "dagster_home"


def materialize_selection(resource, instance, selection, partition_key=None) -> dg.ExecuteInProcessResult:
    return dg.materialize(all_definitions(shards_per_run=1), selection=selection, partition_key=partition_key,
                          instance=instance, resources=pipeline_resources(resource), raise_on_error=False)


def test_one_run_per_shard_then_the_load_gives_the_same_warehouse_as_one_run(tmp_path, materialized):
    """What a backfill on a cluster does: the ingest, then each shard in a run of its own, then the load."""
    single_run_result, single_run = materialized
    resource = WarehouseResource(articles_dir=str(write_articles(tmp_path / "articles")),
                                 warehouse_path=str(tmp_path / "warehouse" / "warehouse.duckdb"))
    with dg.instance_for_test(temp_dir=str(dagster_home(tmp_path))) as instance:
        assert materialize_selection(resource, instance, ["articles"]).success
        sentences = 0
        for shard in shards.SHARD_KEYS:
            run = materialize_selection(resource, instance, ["article_annotations", "article_facts"], shard)
            assert run.success
            (annotated,) = [event.materialization.metadata for event in run.get_asset_materialization_events()
                            if event.asset_key == dg.AssetKey("article_annotations")]
            sentences += annotated["sentences"].value
        load = materialize_selection(resource, instance, ["core_tables", "warehouse_file"])
        assert load.success
    # Each shard's run read its own shard's articles only: together, the sentences of one run over them all.
    (all_at_once,) = [event.materialization.metadata for event in single_run_result.get_asset_materialization_events()
                      if event.asset_key == dg.AssetKey("article_annotations")]
    assert sentences == all_at_once["sentences"].value
    query = "select meeting_id, meeting_type, city, start_date, source_count from reporting.meetings order by 1"
    with duckdb.connect(str(resource.published_path), read_only=True) as by_shard, \
            duckdb.connect(str(single_run.published_path), read_only=True) as at_once:
        assert by_shard.execute(query).fetchall() == at_once.execute(query).fetchall()


def test_the_load_refuses_articles_whose_shard_has_not_run_since_they_arrived(tmp_path):
    articles_dir = write_articles(tmp_path / "articles")
    resource = WarehouseResource(articles_dir=str(articles_dir),
                                 warehouse_path=str(tmp_path / "warehouse" / "warehouse.duckdb"))
    with dg.instance_for_test(temp_dir=str(dagster_home(tmp_path))) as instance:
        assert materialize_everything(resource, instance).success
        (articles_dir / "late.txt").write_text(ARTICLES["marrakech_en.txt"].replace("Germany", "Italy"), encoding="utf-8")
        assert materialize_selection(resource, instance, ["articles"]).success
        load = materialize_selection(resource, instance, ["core_tables"])
    assert not load.success
    (failure,) = [event for event in load.all_events if event.is_step_failure]
    message = failure.step_failure_data.error.cause.message if failure.step_failure_data.error.cause else \
        failure.step_failure_data.error.message
    assert "1 articles (e.g. late) have no current facts" in message
    assert shards.shard_of("late") in message


def test_the_warehouse_assets_path_is_the_duckdb_file_and_no_output_is_pickled(materialized):
    result, resource = materialized
    (event,) = [e for e in result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey("warehouse_file")]
    assert event.materialization.metadata["path"].value == str(resource.published_path)
    outputs = resource.settings().state_dir / "outputs"
    assert {folder.name for folder in outputs.iterdir()} >= {"articles", "core_tables", "warehouse_file"}
    assert not [path for path in resource.settings().cache_dir.rglob("*") if path.suffix == ".pickle"]
