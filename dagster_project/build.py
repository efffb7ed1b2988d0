"""One run that materialises every asset over every shard, with its checks (the command line, tests)."""
import dagster as dg

from dagster_project.defs import assets, checks
from dagster_project.defs.resources import WarehouseResource, pipeline_resources


def all_definitions() -> list:
    """Every asset and asset check of the project."""
    return [*dg.load_assets_from_modules([assets]), *checks.warehouse_checks]


def materialize_everything(warehouse: WarehouseResource, instance: dg.DagsterInstance | None = None,
                           run_config: dict | None = None,
                           selection: list[str] | None = None) -> dg.ExecuteInProcessResult:
    """Run ingest to publish (or the selected assets and their checks) in this process; the per-article
    assets cover all shards at once, and their new articles are read in one worker process per core
    (`etl.workers`). A failed step is in
    the result, not raised."""
    return dg.materialize(all_definitions(), resources=pipeline_resources(warehouse), instance=instance,
                          tags=assets.EVERY_SHARD_TAGS, run_config=run_config, raise_on_error=False,
                          selection=selection)
