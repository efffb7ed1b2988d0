"""The per-shard assets as a job for dagster-celery: each shard's steps run on whichever worker takes them.

Not loaded by the UI's definitions (dagster-celery is the optional `cluster` extra). Celery workers
rebuild the job from `shard_job` (a module-level function, so `dg.reconstructable` can point at it);
`benchmarks/run_cluster.py` runs one job per shard through the `celery_executor`, then loads once.
"""
import dagster as dg
from dagster_celery import celery_executor

from dagster_project.build import all_definitions
from dagster_project.defs.resources import WarehouseResource, pipeline_resources

SHARD_JOB = "shards_on_celery"


def definitions() -> dg.Definitions:
    """The project's assets and resources, with the per-shard job on the celery executor."""
    job = dg.define_asset_job(SHARD_JOB, selection=["article_annotations", "article_facts"],
                              executor_def=celery_executor)
    return dg.Definitions(assets=all_definitions(shards_per_run=1), jobs=[job],
                          resources=pipeline_resources(WarehouseResource()))


def shard_job() -> dg.JobDefinition:
    """The per-shard job (one run per shard: `dagster/partition` tag)."""
    return definitions().resolve_job_def(SHARD_JOB)
