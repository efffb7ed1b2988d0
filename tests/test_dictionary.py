"""The data dictionary: every reporting view, mart and column with its comment, written beside the report."""
from __future__ import annotations

import html
import re

import duckdb
import pytest

from etl import dictionary, load, report
from tests.test_load import tiny_tables


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("dictionary")
    load.build_warehouse(tiny_tables(), root / "warehouse.duckdb", validate=False)
    report.write_report(root / "warehouse.duckdb", root / "report")
    return root


def test_the_dictionary_lists_every_reporting_view_and_column_with_its_comment(built):
    page = (built / "report" / "dictionary.html").read_text(encoding="utf-8")
    with duckdb.connect(str(built / "warehouse.duckdb"), read_only=True) as connection:
        objects, columns = dictionary.read_dictionary(connection)
    assert objects.height >= 16 and columns.height >= 100
    for row in objects.iter_rows(named=True):
        assert f'id="{row["name"]}"' in page
    for row in columns.iter_rows(named=True):
        assert row["comment"] and html.escape(row["comment"], quote=True) in page
    assert page.count("<tr><td><code>") == columns.height


def test_the_report_links_to_the_dictionary(built):
    page = (built / "report" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="dictionary.html">', page)


def test_comments_are_escaped_in_the_dictionary():
    import polars as pl

    objects = pl.DataFrame({"name": ["meetings"], "kind": ["view"], "comment": ["<script>alert(1)</script> $body"]})
    columns = pl.DataFrame({"name": ["meetings"], "column_index": [1], "column_name": ["x<y"],
                            "data_type": ["VARCHAR"], "comment": ["a & b"]})
    page = dictionary.render_dictionary(objects, columns, "w.duckdb")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "x&lt;y" in page and "a &amp; b" in page and "$body" in page
