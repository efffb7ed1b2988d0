"""Tests of etl.report: the static HTML briefing written from a warehouse's reporting views."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from etl import report
from etl.load import build_warehouse

SCRIPT_EVIDENCE = 'Police chiefs met in Lyon <script>alert("x")</script> on Tuesday.'
ARTICLE_URL = "https://news.example.org/2024/09/heads-of-police?id=1&lang=en"


def small_tables() -> dict[str, pl.DataFrame]:
    """A multilateral meeting with a bilateral on its sidelines, one agreement, three countries, two articles."""
    day = dt.date
    return {
        "dim_countries": pl.DataFrame(
            {"iso2": ["MA", "FR", "ES"], "iso3": ["MAR", "FRA", "ESP"], "name": ["Morocco", "France", "Spain"]}
        ),
        "dim_agencies": pl.DataFrame(
            {
                "agency_id": ["agency_interpol", "agency_dgsn"],
                "name": ["INTERPOL", "General Directorate for National Security"],
                "acronym": ["INTERPOL", "DGSN"],
                "agency_type": ["international", "national"],
                "country_iso2": [None, "MA"],
            }
        ),
        "dim_people": pl.DataFrame(
            {
                "person_id": ["person_hammouchi"],
                "full_name": ["Abdellatif Hammouchi"],
                "agency_id": ["agency_dgsn"],
                "country_iso2": ["MA"],
                "mention_count": [3],
            }
        ),
        "dim_articles": pl.DataFrame(
            {
                "article_id": ["article_one", "article_two", "article_bad"],
                "url": [ARTICLE_URL, "javascript:alert(1)", None],
                "title": ["INTERPOL meeting in Lyon", "Talks with Spain", None],
                "outlet": ["Example News", "Other <b>Outlet</b>", None],
                "published_date": [day(2024, 9, 4), day(2024, 9, 5), None],
                "published_date_precision": ["day", "day", "unknown"],
                "language": ["en", "fr", None],
                "status": ["loaded", "loaded", "rejected"],
                "status_reason": [None, None, "binary file"],
            }
        ),
        "fct_meetings": pl.DataFrame(
            {
                "meeting_id": ["meeting_mena", "meeting_talks"],
                "meeting_type": ["multilateral", "bilateral"],
                "meeting_name": ["8th INTERPOL MENA Heads of Police Meeting", "Hammouchi – Spain"],
                "parent_meeting_id": [None, "meeting_mena"],
                "ordinal": [8, None],
                "organizer_agency_id": ["agency_interpol", None],
                "city": ["Lyon", "Lyon"],
                "country_iso2": ["FR", "FR"],
                "start_date": [day(2024, 9, 3), None],
                "end_date": [day(2024, 9, 4), None],
                "date_precision": ["day", "unknown"],
                "status": ["held", "held"],
                "source_count": [1, 1],
            }
        ),
        "fct_meeting_attendees": pl.DataFrame(
            {
                "meeting_id": ["meeting_mena", "meeting_mena", "meeting_mena", "meeting_talks", "meeting_talks"],
                "participant_kind": ["agency", "person", "country", "person", "country"],
                "participant_id": ["agency_interpol", "person_hammouchi", "FR", "person_hammouchi", "ES"],
                "role": ["organizer", "participant", "host", "head_of_delegation", "counterpart"],
            }
        ),
        "fct_meeting_sources": pl.DataFrame(
            {
                "meeting_id": ["meeting_mena", "meeting_talks"],
                "article_id": ["article_one", "article_two"],
                "evidence": [SCRIPT_EVIDENCE, "Hammouchi held talks with his Spanish counterpart."],
            }
        ),
        "fct_agreements": pl.DataFrame(
            {
                "agreement_id": ["agreement_mou"],
                "agreement_type": ["mou"],
                "title": ["Memorandum of understanding on training"],
                "meeting_id": ["meeting_talks"],
                "signed_date": [day(2024, 9, 4)],
                "date_precision": ["day"],
                "source_count": [1],
            }
        ),
        "fct_agreement_parties": pl.DataFrame(
            {
                "agreement_id": ["agreement_mou", "agreement_mou"],
                "party_kind": ["agency", "country"],
                "party_id": ["agency_dgsn", "ES"],
            }
        ),
        "fct_agreement_sources": pl.DataFrame(
            {
                "agreement_id": ["agreement_mou"],
                "article_id": ["article_two"],
                "evidence": ["A memorandum of understanding was signed."],
            }
        ),
        "fct_fact_values": pl.DataFrame(
            {
                "subject_kind": ["meeting", "meeting"],
                "subject_id": ["meeting_mena", "meeting_mena"],
                "field": ["city", "city"],
                "value": ["Lyon", "Lyons"],
                "is_chosen": [True, False],
                "article_ids": [["article_one"], ["article_two"]],
            }
        ),
        "fct_article_facts": pl.DataFrame({"article_id": ["article_one"], "meetings": [1], "agreements": [0]}),
    }


@pytest.fixture()
def page(tmp_path) -> str:
    """The report of the small warehouse, as text."""
    warehouse = tmp_path / "warehouse.duckdb"
    build_warehouse(small_tables(), warehouse, validate=False)
    index = report.write_report(warehouse, tmp_path / "report")
    assert index == tmp_path / "report" / "index.html"
    return index.read_text(encoding="utf-8")


def headline(page: str, label: str) -> int:
    """The number on the summary card with this label."""
    match = re.search(rf'<div class="number">([\d,]+)</div><div class="label">{label}</div>', page)
    assert match, label
    return int(match.group(1).replace(",", ""))


def test_report_is_written(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    build_warehouse(small_tables(), warehouse, validate=False)
    index = report.write_report(warehouse, tmp_path / "out" / "report")
    assert index.is_file()
    assert sorted(path.name for path in index.parent.iterdir()) == ["dictionary.html", "index.html", "manifest.json"]


def test_headline_counts(page):
    assert headline(page, "articles loaded") == 2
    assert "1 refused" in page
    assert headline(page, "meetings") == 2
    assert "1 multilateral · 1 bilateral · 0 visits" in page
    assert headline(page, "agreements signed") == 1
    assert headline(page, "people named") == 1
    assert headline(page, "agencies") == 2
    assert headline(page, "countries") == 3


def test_each_chart_is_drawn_for_desktops_and_for_phones(page):
    # timeline, engagement by country and who met whom, each wide and narrow (on phones, the ring of
    # countries gives way to the pairs ranked)
    assert page.count("<svg") == 6
    assert page.count('<div class="chart-narrow"><svg') == 3
    assert page.count('<div class="chart-wide"><svg') == 2 and page.count('<div class="chart-wide"><div class="legend">') == 1
    assert "1 meeting with a usable date; 1 meeting has no usable date" in page


def test_meetings_evidence_and_article_links(page):
    assert "8th INTERPOL MENA Heads of Police Meeting" in page
    assert "Hammouchi – Spain" in page
    assert "Hammouchi held talks with his Spanish counterpart." in page
    assert f'href="{ARTICLE_URL.replace("&", "&amp;")}"' in page
    assert "head of delegation" in page
    assert "Memorandum of understanding on training" in page


def test_sideline_meeting_is_nested_in_its_parent(page):
    parent = page.index('id="meeting-meeting_mena"')
    sidelines = page.index("On the sidelines", parent)
    child = page.index('id="meeting-meeting_talks"')
    assert parent < sidelines < child
    assert page.index("Multilateral meetings") < parent


def test_discrepancies_and_refused_articles(page):
    assert "Lyons" in page
    assert "binary file" in page


def test_text_from_articles_is_escaped(page):
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script" not in page
    assert "Other &lt;b&gt;Outlet&lt;/b&gt;" in page
    assert 'href="javascript:' not in page


def test_nothing_is_loaded_from_the_network(page):
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page
    assert not re.search(
        r"""(src|href)\s*=\s*["']?(https?:)?//""", page.replace(f'href="{ARTICLE_URL.replace("&", "&amp;")}"', "")
    )
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)


def test_empty_warehouse_says_there_is_nothing_yet(tmp_path):
    warehouse = tmp_path / "empty.duckdb"
    build_warehouse({}, warehouse, validate=False)
    page = report.write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    assert "Nothing to report yet" in page
    assert headline(page, "meetings") == 0
    assert "<svg" not in page


def test_only_refused_articles_still_renders_every_section(tmp_path):
    tables = {"dim_articles": small_tables()["dim_articles"].filter(pl.col("status") == "rejected")}
    warehouse = tmp_path / "refused.duckdb"
    build_warehouse(tables, warehouse, validate=False)
    page = report.write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    assert "No meeting has been read yet." in page
    assert "binary file" in page
    assert "<svg" not in page


def test_odd_rows_do_not_break_the_report(tmp_path):
    tables = small_tables()
    # A meeting that is its own parent, with no name, type, place or date.
    loop = pl.DataFrame({"meeting_id": ["meeting_loop"], "parent_meeting_id": ["meeting_loop"]})
    tables["fct_meetings"] = pl.concat([tables["fct_meetings"], loop], how="diagonal_relaxed")
    tables["fct_agreements"] = tables["fct_agreements"].with_columns(agreement_type=pl.lit(None, pl.String))
    warehouse = tmp_path / "odd.duckdb"
    build_warehouse(tables, warehouse, validate=False)
    page = report.write_report(warehouse, tmp_path / "report").read_text(encoding="utf-8")
    assert page.count('id="meeting-meeting_loop"') == 1
    assert "unnamed meeting" in page


def test_missing_warehouse_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        report.write_report(tmp_path / "absent.duckdb", tmp_path / "report")
    assert not (tmp_path / "report").exists()


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (dt.date(2024, 9, 3), dt.date(2024, 9, 4), "day", "3–4 Sep 2024"),
        (dt.date(2024, 9, 3), None, "day", "3 Sep 2024"),
        (dt.date(2024, 8, 30), dt.date(2024, 9, 2), "day", "30 Aug – 2 Sep 2024"),
        (dt.date(2023, 12, 30), dt.date(2024, 1, 2), "day", "30 Dec 2023 – 2 Jan 2024"),
        (dt.date(2024, 9, 1), dt.date(2024, 9, 30), "month", "Sep 2024"),
        (dt.date(1972, 1, 1), dt.date(1972, 12, 31), "year", "1972"),
        (None, None, "no_year", "day and month known, year unknown"),
        (None, None, "unknown", "date unknown"),
        (dt.date(2024, 9, 3), dt.date(2024, 9, 4), "within_parent", "during 3–4 Sep 2024"),
        (dt.date(2024, 9, 3), None, "within_parent", "3 Sep 2024 (first day of its meeting)"),
    ],
)
def test_format_when(start, end, precision, expected):
    assert report.format_when(start, end, precision) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/a?b=1", "http://example.org/a?b=1"),
        ("javascript:alert(1)", None),
        ("data:text/html,hi", None),
        ('https://example.org/"onmouseover="x', None),
        (None, None),
    ],
)
def test_safe_url(url, expected):
    assert report.safe_url(url) == expected


def dated_meetings(count: int) -> pl.DataFrame:
    """count meetings spread over three years and the three types, every one dated."""
    days = pl.date_range(dt.date(2022, 1, 1), dt.date(2024, 12, 31), eager=True)
    return pl.DataFrame({
        "meeting_id": [f"meeting_{n}" for n in range(count)],
        "meeting_name": [f"Meeting number {n}" for n in range(count)],
        "meeting_type": [("bilateral", "multilateral", "visit")[n % 3] for n in range(count)],
        "start_date": [days[(n * 37) % len(days)] for n in range(count)],
        "end_date": pl.Series([None] * count, dtype=pl.Date),
        "date_precision": ["day"] * count,
    })


@pytest.mark.parametrize(("count", "caption"), [
    (10, "Dots mark the first day"),
    (400, "One dot per meeting at its first day"),
    (6_000, "One dot per type and month"),  # more rows than altair embeds in one chart
])
def test_the_timeline_stays_one_bounded_chart_however_many_meetings(count, caption):
    section = report.timeline_section(report.ReportData(views={"meetings": dated_meetings(count)}))
    assert section.count("<svg") == 2  # one for desktops, one for phones
    assert len(section) < 400_000
    assert caption in section
    assert f"{count:,} meetings with a usable date" in section


def test_the_timeline_counts_the_meetings_dated_by_their_parent():
    meetings = dated_meetings(4).with_columns(
        date_precision=pl.Series(["day", "within_parent", "within_parent", "day"]))
    section = report.timeline_section(report.ReportData(views={"meetings": meetings}))
    assert "4 meetings with a usable date (2 of them dated by the meeting on whose sidelines they took place)." \
        in section
    assert "no usable date" not in section
