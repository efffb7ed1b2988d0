"""Assets: each a thin wrapper over one `etl` stage, named after what it produces."""

import datetime
import os
import uuid
import warnings

import dagster as dg
import polars as pl

from dagster_project.defs.resources import WarehouseResource
from etl import export, ids, ingest, language, load, pipeline, publish, report, resolve, shards, summary


def preview(frame: pl.DataFrame, rows: int = 5) -> dg.MetadataValue:
    """A small markdown table of a frame's first rows for the asset's page in the UI."""
    shown = frame.head(rows).with_columns(pl.all().cast(pl.String).str.slice(0, 60))
    header = "| " + " | ".join(shown.columns) + " |\n|" + "---|" * len(shown.columns) + "\n"
    body = "".join("| " + " | ".join("" if v is None else str(v).replace("|", "/").replace("\n", " ") for v in row)
                   + " |\n" for row in shown.iter_rows())
    return dg.MetadataValue.md(header + body)


@dg.asset(group_name="extract", kinds={"polars"})
def articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.Output:
    """Every input article or refused input of ARTICLES_DIR, with text, hash, metadata, language and status."""
    settings = warehouse.settings()
    # What the load and publish steps would refuse (a WAREHOUSE_PATH that is not our warehouse, a report or
    # export folder of another warehouse) is refused now, before the NLP work.
    load.check_warehouse_path(settings.warehouse_path)
    publish.check_before_run(settings.report_dir, settings.warehouse_path, "report")
    publish.check_before_run(settings.export_dir, settings.warehouse_path, "export")
    detector = language.StoredDetector(settings.cache_dir / "language")
    result = ingest.read_articles(settings.articles_dir, detect=detector)
    detector.save()
    frame = result.articles
    statuses = frame.group_by("status").len().sort("status")
    context.log.info(f"read {frame.height} articles from {settings.articles_dir}")
    return dg.Output(result, metadata={
        "dagster/row_count": frame.height,
        "statuses": dg.MetadataValue.json(dict(zip(statuses["status"].to_list(), statuses["len"].to_list()))),
        "skipped_files": dg.MetadataValue.json(result.skipped_files),
        "articles_dir": str(settings.articles_dir),
        "preview": preview(frame.drop("text")),
    })


# The per-article stages keep their output by shard (a stable hash of the article id), so that on a cluster
# each shard can run in a process or on a machine of its own. By default they are not Dagster partitions:
# "Materialize all" in the UI is then one run, like `secmeet run` and the sensor (one run loads the NLP
# models once and reads with one worker per core). SECMEET_SHARDS_PER_RUN=N (a cluster setting, read when
# the definitions load) makes the shards partitions, and a backfill runs of N shards that other machines take.
shard_partitions = dg.StaticPartitionsDefinition(list(shards.SHARD_KEYS))
# backfill_policy is a beta parameter of @asset; it is used knowingly, so its warning is not repeated on every run.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


def shards_per_run(setting: str | None) -> int | None:
    """N from SECMEET_SHARDS_PER_RUN when it is a positive whole number, else None (shards are not partitions)."""
    return int(setting) if setting and setting.strip().isdigit() and int(setting) > 0 else None


def run_shards(context: dg.AssetExecutionContext) -> list[str]:
    """The shards a run of a per-article asset covers: its partitions (one, or a range) when the shards are
    partitions, else every shard."""
    return list(context.partition_keys) if context.assets_def.partitions_def is not None else list(shards.SHARD_KEYS)


def shard_inputs(context: dg.AssetExecutionContext, articles: ingest.IngestResult, warehouse: WarehouseResource):
    """The articles of the run's shards, the cache folder, and what this asset last stored for those shards."""
    keys = run_shards(context)
    previous = shards.read_stored(warehouse.settings().state_dir, context.asset_key.path[-1], keys)
    return shards.in_shards(articles.articles, keys), warehouse.settings().cache_dir, previous


def per_article_assets(per_run: int | None) -> tuple[dg.AssetsDefinition, dg.AssetsDefinition]:
    """article_annotations and article_facts: partitioned by shard (runs of per_run shards in a backfill) when
    per_run is set, else one step over every shard."""
    partitioned = dict(partitions_def=shard_partitions, backfill_policy=dg.BackfillPolicy.multi_run(per_run)) \
        if per_run else {}

    @dg.asset(group_name="extract", kinds={"spacy", "polars"}, io_manager_key="shard_store", **partitioned)
    def article_annotations(context: dg.AssetExecutionContext, articles: ingest.IngestResult,
                            warehouse: WarehouseResource) -> dg.Output:
        """Sentences, entity mentions and parses of each readable article (spaCy + gazetteer), cached by content
        hash. Articles are read whole in worker processes, extraction included (see `etl.workers`)."""
        selected, cache_dir, previous = shard_inputs(context, articles, warehouse)
        result = pipeline.annotate_articles(selected, cache_dir, previous)
        mentions = result.frames["mentions"]
        return dg.Output(shards.split(result, run_shards(context)), metadata={
            "dagster/row_count": mentions.height,
            "sentences": result.frames["sentences"].height,
            "parsed_sentences": result.frames["tokens"].select("article_id", "sentence_index").n_unique(),
            "articles_from_cache": result.from_cache,
            "articles_annotated": result.computed,
            **timing_metadata(result),
            "preview": preview(mentions),
        })

    @dg.asset(group_name="extract", kinds={"polars"}, io_manager_key="shard_store", **partitioned)
    def article_facts(context: dg.AssetExecutionContext, articles: ingest.IngestResult,
                      article_annotations: pipeline.StageResult, warehouse: WarehouseResource) -> dg.Output:
        """Per-article meetings, participants, agreements, persons and agencies, cached per article."""
        selected, cache_dir, previous = shard_inputs(context, articles, warehouse)
        frames = article_annotations.frames
        result = pipeline.extract_articles(selected, frames, cache_dir, previous)
        meetings = result.frames["meetings"]
        return dg.Output(shards.split(result, run_shards(context)), metadata={
            "dagster/row_count": meetings.height,
            "agreements": result.frames["agreements"].height,
            "persons": result.frames["persons"].height,
            "articles_from_cache": result.from_cache,
            **timing_metadata(result),
            "preview": preview(meetings.drop("evidence")),
        })

    return article_annotations, article_facts


def timing_metadata(result: pipeline.StageResult) -> dict:
    """Where a per-article stage's time went: seconds by kind of work summed over its processes."""
    return {f"time_{name}": value for name, value in result.timings.items()}


SHARDS_PER_RUN = shards_per_run(os.environ.get("SECMEET_SHARDS_PER_RUN"))
article_annotations, article_facts = per_article_assets(SHARDS_PER_RUN)
# Dagster's tags for one run over every shard when the shards are partitions (what a single-run backfill sets).
EVERY_SHARD_TAGS = {"dagster/asset_partition_range_start": shards.SHARD_KEYS[0],
                    "dagster/asset_partition_range_end": shards.SHARD_KEYS[-1]} if SHARDS_PER_RUN else {}


class StaleShards(Exception):
    """Some current articles have no facts yet: their shards have not run since the articles changed."""


@dg.asset(group_name="resolve", kinds={"polars"})
def core_tables(articles: ingest.IngestResult, article_facts: pipeline.StageResult,
                warehouse: WarehouseResource) -> dg.Output:
    """The star schema's dimensions and facts, with persons, agencies and meetings merged across articles and
    the ids of the published warehouse kept (its id registry)."""
    current = pipeline.facts_keys(pipeline.readable_articles(articles.articles))
    facts, missing = shards.reconcile(article_facts, current)
    if missing:
        stale = sorted({shards.shard_of(article_id) for article_id in missing})
        raise StaleShards(f"{len(missing)} articles (e.g. {missing[0]}) have no current facts: materialise "
                          f"article_annotations and article_facts for {', '.join(stale)} first")
    rows = {name: frame.to_dicts() for name, frame in facts.frames.items()}
    previous_ids = ids.read_previous_ids(warehouse.settings().warehouse_path)
    tables = resolve.build_core_tables(articles.articles.drop("text"), rows, previous_ids)
    return dg.Output(tables, metadata={
        "dagster/row_count": tables["fct_meetings"].height,
        "table_rows": dg.MetadataValue.json({name: frame.height for name, frame in tables.items()}),
        "preview": preview(tables["fct_meetings"]),
    })


def from_cache_in_this_run(context: dg.AssetExecutionContext, asset_name: str, stored: pipeline.StageResult) -> int:
    """How many articles a per-article asset read from the cache in this run, from the run's own events.

    Its stored output is shared by every run of the warehouse's folder: a run at the same time may have
    replaced it since. Where the asset did not run in this run (a backfill by shard), the stored figure."""
    records = context.instance.get_records_for_run(context.run.run_id,
                                                   of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    for record in records:
        materialization = record.event_log_entry.asset_materialization
        if materialization and materialization.asset_key.path[-1] == asset_name:
            figure = materialization.metadata.get("articles_from_cache")
            if figure is not None:
                return int(figure.value)
    return stored.from_cache


# The warehouse has a single writer: one unpartitioned load step per run, and the publish lock (an flock
# the OS releases even when a writer is killed) makes a second run wait for the first. Not a Dagster pool:
# a slot held by a killed command-line run would stay claimed and block every later run.
@dg.asset(group_name="load", kinds={"duckdb"},
          ins={"article_annotations": dg.AssetIn(metadata={"articles_only": True}),
               "article_facts": dg.AssetIn(metadata={"articles_only": True})})
def warehouse_file(context: dg.AssetExecutionContext, articles: ingest.IngestResult,
                   article_annotations: pipeline.StageResult, article_facts: pipeline.StageResult,
                   core_tables: dict, warehouse: WarehouseResource) -> dg.Output:
    """The published DuckDB warehouse (core tables and `reporting` views), replaced atomically."""
    settings = warehouse.settings()
    started = datetime.datetime.now(datetime.timezone.utc)
    # The articles as published: an article the models or the rules could not read is rejected there.
    run_summary = summary.run_summary(core_tables["dim_articles"], articles.skipped_files,
                                      {name: frame.height for name, frame in core_tables.items()},
                                      from_cache_in_this_run(context, "article_annotations", article_annotations),
                                      from_cache_in_this_run(context, "article_facts", article_facts))
    run_log = {
        "run_id": context.run.run_id or str(uuid.uuid4()), "started_at": started,
        "finished_at": datetime.datetime.now(datetime.timezone.utc),
        "articles_loaded": sum(run_summary["articles_by_status"].get(s, 0) for s in pipeline.READABLE),
        "articles_rejected": len(run_summary["refused"]),
        "articles_from_cache": run_summary["articles_read_from_cache"], "summary": run_summary,
    }
    published = load.build_warehouse(core_tables, settings.warehouse_path, run_log=run_log)
    text = summary.format_summary(run_summary, str(settings.warehouse_path))
    context.log.info(text)
    return dg.Output(run_summary, metadata={
        "dagster/row_count": published.get("fct_meetings", 0),
        "path": dg.MetadataValue.path(str(settings.warehouse_path)),
        "table_rows": dg.MetadataValue.json(published),
        "summary": dg.MetadataValue.md("```\n" + text + "\n```"),
    })


@dg.asset(group_name="publish", kinds={"parquet"}, deps=[warehouse_file])
def parquet_export(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every reporting view and mart as EXPORT_DIR/<view>.parquet, for tools that read files."""
    settings = warehouse.settings()
    counts = export.export_views(settings.warehouse_path, settings.export_dir)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": sum(counts.values()),
        "folder": dg.MetadataValue.path(str(settings.export_dir)),
        "rows_per_file": dg.MetadataValue.json(counts),
    })


@dg.asset(group_name="publish", kinds={"html"}, deps=[warehouse_file])
def briefing_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """A self-contained HTML briefing (REPORT_DIR/index.html) that opens from disk with no server or network."""
    settings = warehouse.settings()
    path = report.write_report(settings.warehouse_path, settings.report_dir)
    return dg.MaterializeResult(metadata={
        "report": dg.MetadataValue.url(path.as_uri()),
        "path": dg.MetadataValue.path(str(path)),
        "size_kb": round(path.stat().st_size / 1024, 1),
    })
