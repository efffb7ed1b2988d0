"""One run that materialises every asset over every shard, with its checks (the command line, tests)."""
import dagster as dg

from dagster_project import runs
from dagster_project.defs import assets, checks, jobs
from dagster_project.defs.resources import WarehouseResource, pipeline_resources


def all_definitions(shards_per_run: int | None = assets.SHARDS_PER_RUN) -> list:
    """Every asset and asset check of the project; the per-article assets partitioned by shard when
    shards_per_run is set (a cluster: `dagster_project/cluster.py`), as the environment says by default."""
    per_article = [assets.article_annotations, assets.article_facts] if shards_per_run == assets.SHARDS_PER_RUN \
        else list(assets.per_article_assets(shards_per_run))
    keys = {definition.key for definition in per_article}
    others = [definition for definition in dg.load_assets_from_modules([assets]) if definition.key not in keys]
    return [*others, *per_article, *checks.warehouse_checks]


def materialize_everything(warehouse: WarehouseResource, instance: dg.DagsterInstance | None = None,
                           run_config: dict | None = None,
                           selection: list[str] | None = None) -> dg.ExecuteInProcessResult:
    """Run the `build_warehouse` job in this process: ingest to publish, or only the selected assets and
    their checks. The per-article assets cover all shards at once, and their new articles are read in one
    worker process per core (`etl.workers`). The run is listed in the UI under the job's name. A failed
    step is in the result, not raised."""
    definitions = dg.Definitions(assets=dg.load_assets_from_modules([assets]), asset_checks=checks.warehouse_checks,
                                 jobs=[jobs.build_warehouse], resources=pipeline_resources(warehouse))
    job = definitions.resolve_job_def(jobs.BUILD_JOB)
    chosen = [dg.AssetKey.from_user_string(name) for name in selection] if selection else None
    # The run records its process, so that a later command or the UI marks it failed if this process dies.
    return job.execute_in_process(instance=instance, run_config=run_config, raise_on_error=False,
                                  tags={**assets.EVERY_SHARD_TAGS, **runs.owner_tags()}, asset_selection=chosen)
