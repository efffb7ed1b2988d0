"""Parquet export of every reporting view and mart, for tools that read files (Power BI, Tableau, pandas)."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl import publish

_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def reporting_views(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the views in the `reporting` schema that this pipeline publishes: a name that is not a plain
    identifier (a warehouse file crafted by someone else) is never put into SQL or a file name."""
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = 'reporting' order by table_name"
    ).fetchall()
    return [name for (name,) in rows if _PLAIN_NAME.fullmatch(name)]


def export_views(warehouse_path: Path, export_dir: Path) -> dict[str, int]:
    """Write `export_dir/<view>.parquet` for every reporting view; returns the rows written per view.

    The files are written into a new folder and swapped in for export_dir as a whole (`etl.publish`),
    with a `manifest.json` naming the warehouse and run they come from: a reader, or a run killed at
    any moment, finds the whole old export or the whole new one. An export_dir that holds another
    warehouse's export is refused (publish.PublishRefused), not replaced.
    """
    warehouse_path = Path(warehouse_path).resolve()
    if not warehouse_path.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse_path}")
    counts: dict[str, int] = {}
    # One read-only connection: every file, and the manifest, come from the same warehouse file.
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        source = publish.warehouse_source(connection, warehouse_path)

        def write(folder: Path) -> dict[str, int]:
            for view in reporting_views(connection):
                connection.table(f"reporting.{view}").write_parquet(str(folder / f"{view}.parquet"))
                counts[view] = connection.execute(f"select count(*) from reporting.{view}").fetchall()[0][0]
            return {f"{view}.parquet": rows for view, rows in counts.items()}

        publish.publish_set(export_dir, source, "export", write)
    return counts
