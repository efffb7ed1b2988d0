"""Jobs: the whole pipeline under a name, so command-line, sensor and UI runs are listed together."""
import dagster as dg

from dagster_project.defs.assets import EVERY_SHARD_TAGS

BUILD_JOB = "build_warehouse"

# One run of every asset and check over every shard: what `secmeet run` and the folder sensor launch,
# and what the UI's Jobs page launches in one click (no partition dialog: the run covers every shard).
build_warehouse = dg.define_asset_job(
    BUILD_JOB,
    selection=dg.AssetSelection.all(),
    tags=EVERY_SHARD_TAGS,
    executor_def=dg.in_process_executor,
    description="Read every article of ARTICLES_DIR and publish the warehouse, its report and its export: "
                "ingest, NLP and extraction over every shard, resolution, load, checks, report, Parquet.",
)


@dg.definitions
def executor() -> dg.Definitions:
    """Every run executes its steps one after the other in the run's own process, as `secmeet run` does: a
    step's cost is its work, not a fresh interpreter that imports Dagster, polars and spaCy again (a dozen
    steps made a UI run of five articles 2.5 times slower than the command line). The NLP step still
    reads new articles with one worker process per core (`etl.workers`)."""
    return dg.Definitions(executor=dg.in_process_executor)
