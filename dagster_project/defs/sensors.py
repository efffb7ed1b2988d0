"""Sensors: a run whenever the articles folder changes, and a sweeper of runs whose process died."""
import json

import dagster as dg

from dagster_project import runs
from dagster_project.defs.jobs import build_warehouse
from dagster_project.defs.resources import WarehouseResource
from etl.ingest_watch import folder_fingerprint

# Looks at the articles folder every 60 seconds: a file added, removed or changed starts one run
# of every asset over every shard; the per-article cache keeps that run to the new or changed articles.
WATCH_INTERVAL_SECONDS = 60
# Looks every 60 seconds for command-line runs whose process died, so they do not hold a run slot forever.
SWEEP_INTERVAL_SECONDS = 60


def next_folder_state(cursor: str | None, fingerprint: str) -> tuple[str, str] | None:
    """(new cursor, run key) when the folder's fingerprint differs from the one the cursor last saw, else
    None. The run key counts changes, so a folder that returns to an earlier state (a file added, then
    removed) still gets a run: a key made of the fingerprint alone would be skipped as already seen."""
    try:
        state = json.loads(cursor) if cursor else {}
    except ValueError:
        state = {}
    if not isinstance(state, dict):
        state = {}
    if state.get("fingerprint") == fingerprint:
        return None
    change = int(state.get("changes", 0)) + 1 if str(state.get("changes", 0)).isdigit() else 1
    return json.dumps({"fingerprint": fingerprint, "changes": change}), f"change-{change}-{fingerprint[:16]}"


@dg.sensor(
    job=build_warehouse,
    minimum_interval_seconds=WATCH_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Rebuilds the warehouse when articles are added to, changed in or removed from ARTICLES_DIR.",
)
def articles_folder_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Request a run of the build job when ARTICLES_DIR's fingerprint differs from the last one seen."""
    found = next_folder_state(context.cursor, folder_fingerprint(warehouse.settings().articles_dir))
    if found is None:
        return dg.SkipReason("no new, changed or removed articles")
    cursor, run_key = found
    context.update_cursor(cursor)
    return dg.RunRequest(run_key=run_key)


@dg.sensor(
    minimum_interval_seconds=SWEEP_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Marks failed the command-line runs whose process died (killed, out of memory), freeing "
                "their run slots.",
)
def dead_run_sweeper(context: dg.SensorEvaluationContext):
    """Fail in-progress runs whose owning process is gone."""
    marked = runs.fail_dead_runs(context.instance)
    return dg.SkipReason(f"marked failed: {', '.join(marked)}" if marked else "no dead runs")
