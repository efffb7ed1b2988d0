"""Blocking checks of the published warehouse, one per SQL file in `sql/checks/`."""

import dagster as dg

from dagster_project.defs.assets import warehouse_file
from dagster_project.defs.resources import WarehouseResource
from etl import quality


def make_check(name: str) -> dg.AssetChecksDefinition:
    """A blocking asset check that runs one quality query against the published file."""

    @dg.asset_check(asset=warehouse_file, name=name, blocking=True, description=quality.check_description(name))
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        outcome = quality.run_check(warehouse.published_path, name)
        return dg.AssetCheckResult(
            passed=outcome.passed,
            metadata={"violations": outcome.violations, "sample": dg.MetadataValue.json(outcome.sample)},
        )

    return _check


warehouse_checks = [make_check(name) for name in quality.check_names()]
