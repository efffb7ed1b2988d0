"""Assets: each a thin wrapper over one `etl` stage, named after what it produces."""

import datetime
import uuid
import warnings

import dagster as dg
import polars as pl

from dagster_project.defs.resources import WarehouseResource
from etl import export, ingest, language, load, pipeline, report, resolve, shards, summary


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


# The per-article stages are partitioned by shard (a stable hash of the article id): each shard can run in
# a process or on a machine of its own. A backfill from the UI runs SHARDS_PER_RUN shards per run, so two
# runs keep both cores of a small machine busy; `secmeet run` and the sensor cover every shard in one run.
shard_partitions = dg.StaticPartitionsDefinition(list(shards.SHARD_KEYS))
# backfill_policy is a beta parameter of @asset; it is used knowingly, so its warning is not repeated on every run.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)
SHARDS_PER_RUN = 4
per_article = dict(partitions_def=shard_partitions, io_manager_key="shard_store",
                   backfill_policy=dg.BackfillPolicy.multi_run(SHARDS_PER_RUN))
# Dagster's tags for one run over a range of partitions (what a single-run backfill sets).
EVERY_SHARD_TAGS = {"dagster/asset_partition_range_start": shards.SHARD_KEYS[0],
                    "dagster/asset_partition_range_end": shards.SHARD_KEYS[-1]}


def shard_inputs(context: dg.AssetExecutionContext, articles: ingest.IngestResult, warehouse: WarehouseResource):
    """The articles of the run's shards, the cache folder, and what this asset last stored for those shards."""
    cache_dir = warehouse.settings().cache_dir
    previous = shards.read_stored(cache_dir, context.asset_key.path[-1], context.partition_keys)
    return shards.in_shards(articles.articles, context.partition_keys), cache_dir, previous


@dg.asset(group_name="extract", kinds={"spacy", "polars"}, **per_article)
def article_annotations(context: dg.AssetExecutionContext, articles: ingest.IngestResult,
                        warehouse: WarehouseResource) -> dg.Output:
    """Sentences, entity mentions and parses of each readable article (spaCy + gazetteer), cached by content
    hash. Articles are read whole in worker processes, extraction included (see `etl.workers`)."""
    selected, cache_dir, previous = shard_inputs(context, articles, warehouse)
    result = pipeline.annotate_articles(selected, cache_dir, previous)
    mentions = result.frames["mentions"]
    return dg.Output(shards.split(result, context.partition_keys), metadata={
        "dagster/row_count": mentions.height,
        "sentences": result.frames["sentences"].height,
        "parsed_sentences": result.frames["tokens"].select("article_id", "sentence_index").n_unique(),
        "articles_from_cache": result.from_cache,
        "articles_annotated": result.computed,
        **timing_metadata(result),
        "preview": preview(mentions),
    })


def timing_metadata(result: pipeline.StageResult) -> dict:
    """Where a per-article stage's time went: seconds by kind of work summed over its processes."""
    return {f"time_{name}": value for name, value in result.timings.items()}


@dg.asset(group_name="extract", kinds={"polars"}, **per_article)
def article_facts(context: dg.AssetExecutionContext, articles: ingest.IngestResult,
                  article_annotations: pipeline.StageResult, warehouse: WarehouseResource) -> dg.Output:
    """Per-article meetings, participants, agreements, persons and agencies, cached per article."""
    selected, cache_dir, previous = shard_inputs(context, articles, warehouse)
    frames = article_annotations.frames
    result = pipeline.extract_articles(selected, frames, cache_dir, previous)
    meetings = result.frames["meetings"]
    return dg.Output(shards.split(result, context.partition_keys), metadata={
        "dagster/row_count": meetings.height,
        "agreements": result.frames["agreements"].height,
        "persons": result.frames["persons"].height,
        "articles_from_cache": result.from_cache,
        **timing_metadata(result),
        "preview": preview(meetings.drop("evidence")),
    })


class StaleShards(Exception):
    """Some current articles have no facts yet: their shards have not run since the articles changed."""


@dg.asset(group_name="resolve", kinds={"polars"})
def core_tables(articles: ingest.IngestResult, article_facts: pipeline.StageResult) -> dg.Output:
    """The star schema's dimensions and facts, with persons, agencies and meetings merged across articles."""
    current = pipeline.facts_keys(pipeline.readable_articles(articles.articles))
    facts, missing = shards.reconcile(article_facts, current)
    if missing:
        stale = sorted({shards.shard_of(article_id) for article_id in missing})
        raise StaleShards(f"{len(missing)} articles (e.g. {missing[0]}) have no current facts: materialise "
                          f"article_annotations and article_facts for {', '.join(stale)} first")
    rows = {name: frame.to_dicts() for name, frame in facts.frames.items()}
    tables = resolve.build_core_tables(articles.articles.drop("text"), rows)
    return dg.Output(tables, metadata={
        "dagster/row_count": tables["fct_meetings"].height,
        "table_rows": dg.MetadataValue.json({name: frame.height for name, frame in tables.items()}),
        "preview": preview(tables["fct_meetings"]),
    })


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
    run_summary = summary.run_summary(articles.articles, articles.skipped_files,
                                      {name: frame.height for name, frame in core_tables.items()},
                                      article_annotations.from_cache, article_facts.from_cache)
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
