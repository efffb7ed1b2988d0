"""Resources: where articles are read and the warehouse published, and where per-shard outputs are kept."""

from pathlib import Path

import dagster as dg
import duckdb

from etl import shards
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
        return shards.stage_folder(self.warehouse.settings().cache_dir, asset_key.path[-1], shard)

    def handle_output(self, context: dg.OutputContext, obj: dict[str, StageResult]) -> None:
        for shard in context.asset_partition_keys:
            shards.write(obj[shard], self.folder(context.asset_key, shard))

    def load_input(self, context: dg.InputContext) -> StageResult:
        with_frames = not context.definition_metadata.get("articles_only", False)
        return shards.merge(shards.read(self.folder(context.asset_key, shard), with_frames)
                            for shard in context.asset_partition_keys)


def pipeline_resources(warehouse: WarehouseResource) -> dict:
    """The resources every asset needs, all pointed at the same folders."""
    return {"warehouse": warehouse, "shard_store": ShardStore(warehouse=warehouse)}


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=pipeline_resources(WarehouseResource()))
