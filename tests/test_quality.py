"""Tests of etl.quality and sql/checks/*.sql: each check passes on a good warehouse and catches its violation."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb
import polars as pl
import pytest

from etl import load, quality
from etl.schema import CORE_TABLES

CHECKS = ["dates_ordered", "facts_have_evidence", "foreign_keys_resolve", "iso_codes_valid", "keys_unique_not_null"]


def good_tables() -> dict[str, pl.DataFrame]:
    """A small warehouse that keeps every rule: one event, a bilateral on its sidelines, one MoU."""
    day = dt.date
    return {
        "dim_countries": pl.DataFrame({"iso2": ["MA", "FR", "NO"], "iso3": ["MAR", "FRA", "NOR"],
                                       "name": ["Morocco", "France", "Norway"]}),
        "dim_agencies": pl.DataFrame({
            "agency_id": ["ag_interpol", "ag_dgsn", "ag_norway"],
            "name": ["INTERPOL", "General Directorate of National Security", "Norwegian National Police"],
            "aliases": [["Interpol"], ["DGSN"], ["Politiet"]],
            "agency_type": ["international", "national", "national"],
            "country_iso2": [None, "MA", "NO"],
        }),
        "dim_people": pl.DataFrame({
            "person_id": ["p_hammouchi", "p_cotton"], "full_name": ["Abdellatif Hammouchi", "Nile Cotton"],
            "aliases": [["Abdellatif Hammouchi", "Hammouchi"], ["Nile Cotton", "Niall Gutton"]],
            "agency_id": ["ag_dgsn", "ag_interpol"], "country_iso2": ["MA", None], "mention_count": [3, 2],
        }),
        "dim_articles": pl.DataFrame({
            "article_id": ["art_en", "art_fr"], "published_date": [day(2024, 9, 5), day(2024, 9, 5)],
            "published_date_precision": ["day", "day"], "language": ["en", "fr"], "status": ["loaded", "loaded"],
        }),
        "fct_meetings": pl.DataFrame({
            "meeting_id": ["mtg_event", "mtg_talks", "mtg_planned"],
            "meeting_type": ["multilateral", "bilateral", "multilateral"],
            "meeting_name": ["8th INTERPOL MENA meeting", "Hammouchi – Cotton", "93rd General Assembly"],
            "parent_meeting_id": [None, "mtg_event", None],
            "ordinal": [8, None, 93],
            "organizer_agency_id": ["ag_interpol", None, "ag_interpol"],
            "city": ["Lyon", "Lyon", "Marrakech"],
            "country_iso2": ["FR", "FR", "MA"],
            "start_date": [day(2024, 9, 3), None, day(2025, 1, 1)],
            "end_date": [day(2024, 9, 4), None, day(2025, 12, 31)],
            "date_precision": ["day", "unknown", "year"],
            "status": ["held", "held", "planned"],
            "source_count": [2, 1, 1],
        }),
        "fct_meeting_attendees": pl.DataFrame({
            "meeting_id": ["mtg_event", "mtg_event", "mtg_event", "mtg_talks", "mtg_talks"],
            "participant_kind": ["agency", "person", "country", "person", "person"],
            "participant_id": ["ag_interpol", "p_hammouchi", "MA", "p_hammouchi", "p_cotton"],
            "role": ["organizer", "head_of_delegation", "participant", "participant", "counterpart"],
        }),
        "fct_meeting_sources": pl.DataFrame({
            "meeting_id": ["mtg_event", "mtg_event", "mtg_talks", "mtg_planned"],
            "article_id": ["art_en", "art_fr", "art_en", "art_en"],
            "evidence": ["The 8th meeting took place in Lyon.", "La 8e réunion s'est tenue à Lyon.",
                         "Hammouchi met Nile Cotton.", "The 93rd General Assembly will be held in Marrakech."],
        }),
        "fct_agreements": pl.DataFrame({
            "agreement_id": ["agr_mou"], "agreement_type": ["mou"], "title": ["Memorandum of understanding"],
            "meeting_id": ["mtg_event"], "signed_date": [day(2024, 9, 4)], "date_precision": ["day"],
            "source_count": [1],
        }),
        "fct_agreement_parties": pl.DataFrame({
            "agreement_id": ["agr_mou", "agr_mou"], "party_kind": ["agency", "country"],
            "party_id": ["ag_dgsn", "NO"],
        }),
        "fct_agreement_sources": pl.DataFrame({
            "agreement_id": ["agr_mou"], "article_id": ["art_en"], "evidence": ["A memorandum was signed."],
        }),
    }


def build(tmp_path, tables: dict[str, pl.DataFrame]):
    """Publish the tables as they are: these tests plant violations that the loader would refuse."""
    target = tmp_path / "warehouse.duckdb"
    load.build_warehouse(tables, target, validate=False)
    return target


@pytest.mark.parametrize("violation", ["meeting without a source", "attendee of a missing meeting"])
def test_the_loader_refuses_to_publish_a_build_that_breaks_a_rule(tmp_path, violation):
    target = build(tmp_path, good_tables())
    before = target.read_bytes()
    plant, expected = VIOLATIONS[violation]
    tables = good_tables()
    plant(tables)
    with pytest.raises(load.WarehouseInvalid, match=sorted(expected)[0]):
        load.build_warehouse(tables, target)
    assert target.read_bytes() == before


def failing_checks(path) -> set[str]:
    return {name for name in quality.check_names() if not quality.run_check(path, name).passed}


@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory):
    return build(tmp_path_factory.mktemp("good"), good_tables())


# ---------------------------------------------------------------- the checks themselves

def test_check_names_are_the_sql_files():
    assert quality.check_names() == CHECKS


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_describes_its_rule(name):
    description = quality.check_description(name)
    assert description.startswith("Grain: one row per")
    assert not description.startswith("-")


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_passes_on_a_good_warehouse(good_warehouse, name):
    outcome = quality.run_check(good_warehouse, name)
    assert outcome.passed, outcome.sample
    assert (outcome.name, outcome.violations, outcome.sample) == (name, 0, [])


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_passes_on_an_empty_warehouse(tmp_path, name):
    assert quality.run_check(build(tmp_path, {}), name).passed


def test_run_check_leaves_no_connection_open(tmp_path):
    path = build(tmp_path, good_tables())
    quality.run_check(path, "keys_unique_not_null")
    with duckdb.connect(str(path)) as connection:  # a writer can open it: no connection was left open
        assert connection.execute("select count(*) from fct_meetings").fetchone() == (3,)


# ---------------------------------------------------------------- planted violations

def replace_rows(table: str, column: str, key: str, **values) -> Callable[[dict], None]:
    """Set columns of the row whose `column` equals key."""

    def plant(tables: dict) -> None:
        frame = tables[table]
        tables[table] = frame.with_columns(
            pl.when(pl.col(column) == key).then(pl.lit(value, dtype=CORE_TABLES[table][name])).otherwise(pl.col(name))
            .alias(name) for name, value in values.items())

    return plant


def add_row(table: str, **row) -> Callable[[dict], None]:
    def plant(tables: dict) -> None:
        tables[table] = pl.concat([tables[table], pl.DataFrame([row], schema=tables[table].schema)], how="diagonal")

    return plant


def drop_rows(table: str, column: str, key: str) -> Callable[[dict], None]:
    def plant(tables: dict) -> None:
        tables[table] = tables[table].filter(pl.col(column) != key)

    return plant


VIOLATIONS = {
    "start date after end date": (
        replace_rows("fct_meetings", "meeting_id", "mtg_event", start_date=dt.date(2024, 9, 5)),
        {"dates_ordered"}),
    "unknown precision with dates": (
        replace_rows("fct_meetings", "meeting_id", "mtg_talks", start_date=dt.date(2024, 9, 3)),
        {"dates_ordered"}),
    "day precision without a date": (
        replace_rows("fct_meetings", "meeting_id", "mtg_event", start_date=None, end_date=None),
        {"dates_ordered"}),
    "meeting without a source": (
        drop_rows("fct_meeting_sources", "meeting_id", "mtg_talks"),
        {"facts_have_evidence"}),
    "agreement whose evidence is blank": (
        replace_rows("fct_agreement_sources", "agreement_id", "agr_mou", evidence="   "),
        {"facts_have_evidence"}),
    "attendee of a missing meeting": (
        add_row("fct_meeting_attendees", meeting_id="mtg_missing", participant_kind="person",
                participant_id="p_hammouchi", role="participant"),
        {"foreign_keys_resolve"}),
    "attendee who is a missing person": (
        add_row("fct_meeting_attendees", meeting_id="mtg_event", participant_kind="person",
                participant_id="p_missing", role="participant"),
        {"foreign_keys_resolve"}),
    "parent meeting that does not exist": (
        replace_rows("fct_meetings", "meeting_id", "mtg_talks", parent_meeting_id="mtg_missing"),
        {"foreign_keys_resolve"}),
    "source from a missing article": (
        replace_rows("fct_meeting_sources", "evidence", "Hammouchi met Nile Cotton.", article_id="art_missing"),
        {"foreign_keys_resolve"}),
    "party of a missing agreement": (
        add_row("fct_agreement_parties", agreement_id="agr_missing", party_kind="agency", party_id="ag_dgsn"),
        {"foreign_keys_resolve"}),
    "person of a missing agency": (
        replace_rows("dim_people", "person_id", "p_cotton", agency_id="ag_missing"),
        {"foreign_keys_resolve"}),
    "lower-case meeting country": (
        replace_rows("fct_meetings", "meeting_id", "mtg_event", country_iso2="fr"),
        {"iso_codes_valid"}),
    "agency country that is no ISO code": (
        replace_rows("dim_agencies", "agency_id", "ag_norway", country_iso2="XX"),
        {"iso_codes_valid"}),
    "alpha-3 person country": (
        replace_rows("dim_people", "person_id", "p_hammouchi", country_iso2="MAR"),
        {"iso_codes_valid"}),
    # A country participant must be both a valid code and a known country: both checks see it.
    "attendee country that is no ISO code": (
        replace_rows("fct_meeting_attendees", "participant_id", "MA", participant_id="Morocco"),
        {"iso_codes_valid", "foreign_keys_resolve"}),
}


@pytest.mark.parametrize("violation", VIOLATIONS, ids=list(VIOLATIONS))
def test_a_planted_violation_fails_its_check(tmp_path, violation):
    plant, expected = VIOLATIONS[violation]
    tables = good_tables()
    plant(tables)
    path = build(tmp_path, tables)
    assert failing_checks(path) == expected
    for name in expected:
        outcome = quality.run_check(path, name, sample_size=1)
        assert outcome.violations >= 1
        assert len(outcome.sample) == 1


def plant_in_file(path, sql: str) -> None:
    """Change a published file directly: the core DDL's primary keys refuse these rows at build time."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(sql)
        connection.execute("checkpoint")


@pytest.mark.parametrize("sql, table", [
    ("create or replace table fct_meetings as select * from fct_meetings union all "
     "select * from fct_meetings where meeting_id = 'mtg_event'", "fct_meetings"),
    ("create or replace table dim_people as select * from dim_people union all "
     "select null, 'Nobody', [], null, null, null, 1", "dim_people"),
    ("create or replace table dim_agencies as select * from dim_agencies union all "
     "select * from dim_agencies where agency_id = 'ag_dgsn'", "dim_agencies"),
])
def test_repeated_or_null_keys_fail_keys_unique_not_null(tmp_path, sql, table):
    path = build(tmp_path, good_tables())
    plant_in_file(path, sql)
    outcome = quality.run_check(path, "keys_unique_not_null")
    assert not outcome.passed
    assert {row["table_name"] for row in outcome.sample} == {table}
