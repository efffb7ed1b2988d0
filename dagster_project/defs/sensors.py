"""Sensor: a run whenever the articles folder changes."""
import dagster as dg

from dagster_project.defs.assets import EVERY_SHARD_TAGS
from dagster_project.defs.resources import WarehouseResource
from etl.ingest_watch import folder_fingerprint

# Looks at the articles folder every 60 seconds: a file added, removed or changed starts one run
# of every asset over every shard; the per-article cache keeps that run to the new or changed articles.
WATCH_INTERVAL_SECONDS = 60


@dg.sensor(
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=WATCH_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Rebuilds the warehouse when articles are added to or changed in ARTICLES_DIR.",
)
def articles_folder_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Request a run when the fingerprint of ARTICLES_DIR differs from the last one seen."""
    fingerprint = folder_fingerprint(warehouse.settings().articles_dir)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed articles")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, tags=EVERY_SHARD_TAGS)
