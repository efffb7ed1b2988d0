"""Resources: where articles are read and the warehouse published, and where per-shard outputs are kept."""

from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from etl import shards, stored_outputs
from etl.ingest import IngestResult
from etl.pipeline import StageResult
from etl.settings import Settings


class WarehouseResource(dg.ConfigurableResource):
    """Paths of a run. Empty values fall back to ARTICLES_DIR / WAREHOUSE_PATH / REPORT_DIR / EXPORT_DIR,
    then to the defaults.

    The environment is read when a run starts, not when the definitions are imported, so the UI, the
    command line and tests can all point the same definitions at other folders.
    """

    articles_dir: str = ""
    warehouse_path: str = ""
    report_dir: str = ""
    export_dir: str = ""

    def settings(self) -> Settings:
        return Settings.resolve(self.articles_dir, self.warehouse_path, self.report_dir, self.export_dir)

    def connect_read_only(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the published warehouse, as a BI tool would open it."""
        return duckdb.connect(str(self.settings().warehouse_path), read_only=True)

    @property
    def published_path(self) -> Path:
        return self.settings().warehouse_path


class ShardStore(dg.ConfigurableIOManager):
    """Keeps each shard of the per-article assets as Parquet files under the warehouse's cache folder.

    Unlike Dagster's default pickles, one run may write several shards (the command line builds all of
    them in one run) and a downstream asset reads every shard merged into one result. An input whose
    metadata says `articles_only` gets which articles each shard covered, without the frames.
    """

    warehouse: WarehouseResource

    def folder(self, asset_key: dg.AssetKey, shard: str) -> Path:
        return shards.stage_folder(self.warehouse.settings().state_dir, asset_key.path[-1], shard)

    def handle_output(self, context: dg.OutputContext, obj: dict[str, StageResult]) -> None:
        for shard in self.shard_keys(context):
            shards.write(obj[shard], self.folder(context.asset_key, shard))

    def load_input(self, context: dg.InputContext) -> StageResult:
        with_frames = not context.definition_metadata.get("articles_only", False)
        return shards.merge(shards.read(self.folder(context.asset_key, shard), with_frames)
                            for shard in self.shard_keys(context))

    @staticmethod
    def shard_keys(context: dg.OutputContext | dg.InputContext) -> list[str]:
        """The shards of a step: its partitions when the shards are partitions (a cluster), else every shard."""
        return list(context.asset_partition_keys) if context.has_asset_partitions else list(shards.SHARD_KEYS)


class RunOutputStore(dg.ConfigurableIOManager):
    """Keeps the outputs of the whole-run assets (articles, core tables, a run's summary) per warehouse and
    run, as Parquet and JSON under the warehouse's cache folder (`etl.stored_outputs`).

    Dagster's default store pickles one file per asset name in DAGSTER_HOME (or /tmp), shared by every run:
    two runs at once, even of two warehouses, read each other's articles and tables, a planted pickle would
    run code, and a killed run without DAGSTER_HOME left article texts in /tmp. Here a run reads what it
    stored itself, else (a run that materialises only later assets) what the last run of the same
    warehouse stored.
    """

    warehouse: WarehouseResource

    def folder(self, asset_key: dg.AssetKey) -> Path:
        return self.warehouse.settings().state_dir / "outputs" / asset_key.path[-1]

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        stored_outputs.write_output(self.folder(context.asset_key), context.run_id, to_stored(obj))

    def load_input(self, context: dg.InputContext) -> object:
        return from_stored(stored_outputs.read_output(self.folder(context.asset_key), context.step_context.run_id))


def to_stored(obj: object) -> stored_outputs.Stored:
    """An asset's output as frames and JSON values: an IngestResult, a dict of frames or a JSON-able dict."""
    if isinstance(obj, IngestResult):
        return stored_outputs.Stored({"articles": obj.articles}, {"kind": "ingest", "skipped_files": obj.skipped_files})
    if isinstance(obj, dict) and obj and all(isinstance(value, pl.DataFrame) for value in obj.values()):
        return stored_outputs.Stored(dict(obj), {"kind": "tables", "names": list(obj)})
    return stored_outputs.Stored({}, {"kind": "json", "value": obj})


def from_stored(stored: stored_outputs.Stored) -> object:
    """The output to_stored was given (JSON values come back as JSON types)."""
    kind = stored.values.get("kind")
    if kind == "ingest":
        return IngestResult(stored.frames["articles"], list(stored.values["skipped_files"]))
    if kind == "tables":
        return {name: stored.frames[name] for name in stored.values["names"]}
    return stored.values.get("value")


def pipeline_resources(warehouse: WarehouseResource) -> dict:
    """The resources every asset needs, all pointed at the same folders."""
    return {"warehouse": warehouse, "shard_store": ShardStore(warehouse=warehouse),
            "io_manager": RunOutputStore(warehouse=warehouse)}


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=pipeline_resources(WarehouseResource()))
