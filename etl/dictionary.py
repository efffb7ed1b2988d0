"""The data dictionary: every reporting view, mart and column with the meaning its COMMENT gives.

The comments live beside each view's SQL (`sql/reporting/*.sql`); this module reads them back from a
built warehouse, so the dictionary a run writes can never drift from the schema BI tools see.
"""
from __future__ import annotations

import string
from pathlib import Path

import duckdb
import polars as pl

from etl.report import esc

_OBJECTS_SQL = """
    select view_name as name, 'view' as kind, comment from duckdb_views() where schema_name = 'reporting'
    union all
    select table_name, 'mart', comment from duckdb_tables() where schema_name = 'reporting'
"""
_COLUMNS_SQL = """
    select table_name as name, column_index, column_name, data_type, comment
    from duckdb_columns()
    where schema_name = 'reporting'
"""


def read_dictionary(connection: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(objects, columns): one row per reporting view or mart (name, kind, comment) and one per column
    (name, column_index, column_name, data_type, comment), in name and column order."""
    objects = connection.sql(_OBJECTS_SQL).pl().sort("name")
    columns = connection.sql(_COLUMNS_SQL).pl().sort("name", "column_index")
    return objects, columns


def render_dictionary(objects: pl.DataFrame, columns: pl.DataFrame, source_name: str) -> str:
    """A standalone HTML page in the report's style: a contents list, then one table of columns per view
    or mart."""
    by_name = columns.partition_by("name", as_dict=True, maintain_order=True)
    contents = "".join(
        f'<li><a href="#{esc(row["name"])}"><code>reporting.{esc(row["name"])}</code></a> '
        f'— {esc(row["comment"] or "")}</li>' for row in objects.iter_rows(named=True))
    sections = [f'<section class="panel"><h2>Views and marts</h2><ul class="dictionary">{contents}</ul></section>']
    for row in objects.iter_rows(named=True):
        rows = by_name.get((row["name"],), columns.clear())
        body = "".join(
            f"<tr><td><code>{esc(c['column_name'])}</code></td><td>{esc(c['data_type'])}</td>"
            f"<td>{esc(c['comment'] or '')}</td></tr>" for c in rows.iter_rows(named=True))
        sections.append(
            f'<section class="panel" id="{esc(row["name"])}"><h2><code>reporting.{esc(row["name"])}</code> '
            f'<span class="badge">{row["kind"]}</span></h2><p class="lede">{esc(row["comment"] or "")}</p>'
            '<div class="table-scroll"><table><thead><tr><th>column</th><th>type</th><th>meaning</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div></section>")
    assets = Path(__file__).resolve().parent / "report_assets"
    return string.Template((assets / "page.html").read_text(encoding="utf-8")).substitute(
        title="Data dictionary of the reporting schema",
        meta=f"From {esc(source_name)} · every view, mart and column of the reporting schema, "
             "as their comments in the warehouse describe them",
        nav='<a href="index.html">Back to the briefing</a>',
        css=(assets / "report.css").read_text(encoding="utf-8"),
        body="\n".join(sections),
        footer="The same descriptions are stored as COMMENTs in the warehouse: BI tools show them beside each column.",
    )
