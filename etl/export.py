"""Parquet export of every reporting view and mart, for tools that read files (Power BI, Tableau, pandas)."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb


def reporting_views(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the views in the `reporting` schema."""
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = 'reporting' order by table_name"
    ).fetchall()
    return [name for (name,) in rows]


def export_views(warehouse_path: Path, export_dir: Path) -> dict[str, int]:
    """Write `export_dir/<view>.parquet` for every reporting view; returns the rows written per view.

    Each file is written under a temporary name and moved into place, so a reader never opens half a file.
    """
    export_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        for view in reporting_views(connection):
            relation = connection.table(f"reporting.{view}")
            target = export_dir / f"{view}.parquet"
            temporary = export_dir / f".{view}.parquet.tmp"
            relation.write_parquet(str(temporary))
            os.replace(temporary, target)
            counts[view] = connection.execute(f"select count(*) from reporting.{view}").fetchall()[0][0]
    return counts
