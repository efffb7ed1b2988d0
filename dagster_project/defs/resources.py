"""The pipeline's one resource: where articles are read and where the warehouse is published."""

from pathlib import Path

import dagster as dg
import duckdb

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


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"warehouse": WarehouseResource()})
