"""Tests of etl.load: the warehouse's DDL, the reporting views and the atomic publish."""
from __future__ import annotations

import datetime as dt
import threading

import duckdb
import polars as pl
import pytest

from etl import load
from etl.schema import CORE_TABLES

INJECTION = "'); drop table fct_meetings; --"
QUOTED_TITLE = "L'accord \"historique\" d'Agadir; -- fin"

# The reporting schema of warehouse-contract.md, column for column.
CONTRACT_COLUMNS = {
    "meetings": [
        "meeting_id", "meeting_type", "meeting_name", "parent_meeting_id", "ordinal", "organizer",
        "city", "country_iso2", "start_date", "end_date", "date_precision", "status", "source_count",
    ],
    "meeting_participants": ["meeting_id", "participant_kind", "participant_id", "participant_name", "role"],
    "meeting_sources": ["meeting_id", "article_id", "evidence"],
    "agreements": [
        "agreement_id", "agreement_type", "title", "meeting_id", "signed_date", "date_precision", "source_count",
    ],
    "agreement_parties": ["agreement_id", "party_kind", "party_id", "party_name"],
    "agreement_sources": ["agreement_id", "article_id", "evidence"],
    "persons": ["person_id", "full_name", "aliases", "title", "agency_id", "country_iso2", "mention_count"],
    "agencies": ["agency_id", "name", "acronym", "aliases", "agency_type", "country_iso2"],
    "countries": ["iso2", "iso3", "name", "name_fr", "region", "subregion"],
    "articles": [
        "article_id", "url", "title", "outlet", "published_date", "published_date_precision", "language",
        "status", "status_reason", "meetings", "agreements",
    ],
    "country_engagement": [
        "iso2", "name", "year", "meetings", "bilateral_meetings", "multilateral_meetings", "visits",
        "agreements", "persons",
    ],
    "person_engagement": [
        "person_id", "full_name", "agency_id", "country_iso2", "meetings", "agreements", "first_date",
        "last_date", "countries_met",
    ],
    "country_pairs": ["iso2_a", "iso2_b", "name_a", "name_b", "meetings", "agreements", "first_date", "last_date"],
    "discrepancies": ["subject_kind", "subject_id", "subject_name", "field", "value", "is_chosen", "article_ids"],
}

DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Date: "DATE",
    pl.Int32: "INTEGER",
    pl.Boolean: "BOOLEAN",
    pl.List(pl.String): "VARCHAR[]",
}


def tiny_tables() -> dict[str, pl.DataFrame]:
    """Two meetings, one agreement, one person, two agencies, three countries, two articles."""
    day = dt.date
    return {
        "dim_countries": pl.DataFrame(
            {
                "iso2": ["MA", "FR", "ES"],
                "iso3": ["MAR", "FRA", "ESP"],
                "name": ["Morocco", "France", "Spain"],
                "name_fr": ["Maroc", "France", "Espagne"],
            }
        ),
        "dim_agencies": pl.DataFrame(
            {
                "agency_id": ["agency_interpol", "agency_dgsn"],
                "name": ["INTERPOL", "General Directorate for National Security"],
                "acronym": ["INTERPOL", "DGSN"],
                "aliases": [["Interpol"], ["DGSN", "Sûreté nationale"]],
                "agency_type": ["international", "national"],
                "country_iso2": [None, "MA"],
            }
        ),
        "dim_people": pl.DataFrame(
            {
                "person_id": ["person_hammouchi"],
                "full_name": ["Abdellatif Hammouchi"],
                "aliases": [["Abdellatif Hammouchi", "Abdelatif Hamouchi"]],
                "title": ["Director General"],
                "agency_id": ["agency_dgsn"],
                "country_iso2": ["MA"],
                "mention_count": [3],
            }
        ),
        "dim_articles": pl.DataFrame(
            {
                "article_id": ["article_one", "article_two"],
                "title": ["INTERPOL meeting in Lyon", QUOTED_TITLE],
                "published_date": [day(2024, 9, 4), day(2024, 9, 5)],
                "published_date_precision": ["day", "day"],
                "language": ["en", "fr"],
                "status": ["loaded", "loaded"],
            }
        ),
        "fct_meetings": pl.DataFrame(
            {
                "meeting_id": ["meeting_mena", "meeting_talks"],
                "meeting_type": ["multilateral", "bilateral"],
                "meeting_name": ["8th INTERPOL MENA Heads of Police Meeting", INJECTION],
                "parent_meeting_id": [None, "meeting_mena"],
                "ordinal": [8, None],
                "organizer_agency_id": ["agency_interpol", None],
                "city": ["Lyon", "Lyon"],
                "country_iso2": ["FR", "FR"],
                "start_date": [day(2024, 9, 3), day(2024, 9, 4)],
                "end_date": [day(2024, 9, 4), None],
                "date_precision": ["day", "day"],
                "status": ["held", "held"],
                "source_count": [2, 1],
            }
        ),
        "fct_meeting_attendees": pl.DataFrame(
            {
                "meeting_id": ["meeting_mena", "meeting_mena", "meeting_mena", "meeting_talks", "meeting_talks", "meeting_talks"],
                "participant_kind": ["agency", "person", "country", "person", "agency", "country"],
                "participant_id": ["agency_interpol", "person_hammouchi", "FR", "person_hammouchi", "agency_dgsn", "ES"],
                "role": ["organizer", "participant", "host", "head_of_delegation", "participant", "counterpart"],
            }
        ),
        "fct_meeting_sources": pl.DataFrame(
            {
                "meeting_id": ["meeting_mena", "meeting_mena", "meeting_talks"],
                "article_id": ["article_one", "article_two", "article_two"],
                "evidence": ["The 8th meeting opened in Lyon.", QUOTED_TITLE, INJECTION],
            }
        ),
        "fct_agreements": pl.DataFrame(
            {
                "agreement_id": ["agreement_mou"],
                "agreement_type": ["mou"],
                "title": [QUOTED_TITLE],
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
            {"agreement_id": ["agreement_mou"], "article_id": ["article_two"], "evidence": [INJECTION]}
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
        "fct_article_facts": pl.DataFrame(
            {"article_id": ["article_one"], "meetings": [2], "agreements": [1]}
        ),
    }


@pytest.fixture()
def warehouse(tmp_path):
    """A warehouse built from tiny_tables, published in a folder whose name holds a quote."""
    target = tmp_path / "o'brien's -- dir" / "warehouse.duckdb"
    counts = load.build_warehouse(tiny_tables(), target, run_log={"run_id": "run-1"})
    return target, counts


def query(path, sql, parameters=None):
    """Rows of sql against the published file, opened read-only."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def test_read_sql_files_orders_shared_views_before_marts():
    names = [name for name, _ in load.read_sql_files(load.SQL_DIR / "reporting")]
    assert set(CONTRACT_COLUMNS) <= set(names)
    for mart in ("country_engagement", "person_engagement", "country_pairs"):
        assert names.index("meeting_countries") < names.index(mart)
        assert names.index("meetings") < names.index(mart)


def test_every_sql_file_states_its_grain():
    for folder in ("core", "reporting"):
        for name, sql in load.read_sql_files(load.SQL_DIR / folder):
            assert sql.lstrip().startswith("-- Grain:"), name


def test_every_reporting_view_mart_and_column_describes_itself(warehouse):
    target, _ = warehouse
    objects = query(target, """
        select view_name, comment from duckdb_views() where schema_name = 'reporting'
        union all
        select table_name, comment from duckdb_tables() where schema_name = 'reporting'
    """)
    assert {name for name, _ in objects} == {name for name, _ in load.read_sql_files(load.SQL_DIR / "reporting")}
    assert [name for name, comment in objects if not (comment or "").strip()] == []
    columns = query(target, "select table_name, column_name, comment from duckdb_columns() "
                            "where schema_name = 'reporting'")
    assert len(columns) >= sum(len(names) for names in CONTRACT_COLUMNS.values())
    assert [(table, column) for table, column, comment in columns if not (comment or "").strip()] == []


def test_codes_have_their_names_beside_them(warehouse):
    target, _ = warehouse
    pairs = query(target, "select iso2_a, iso2_b, name_a, name_b from reporting.country_pairs")
    names = dict(query(target, "select iso2, name from reporting.countries"))
    assert pairs
    assert all((name_a, name_b) == (names[a], names[b]) for a, b, name_a, name_b in pairs)
    subjects = query(target, "select subject_kind, subject_id, subject_name from reporting.discrepancies")
    readable = dict(query(target, "select meeting_id, meeting_name from reporting.meetings "
                                  "union all select person_id, full_name from reporting.persons "
                                  "union all select agreement_id, title from reporting.agreements"))
    assert subjects
    assert all(name == readable[ident] for _, ident, name in subjects)


def test_core_ddl_matches_core_tables(warehouse):
    target, _ = warehouse
    for table, schema in CORE_TABLES.items():
        columns = query(
            target,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and table_name = ? order by ordinal_position",
            [table],
        )
        assert columns == [(name, DUCKDB_TYPES[dtype]) for name, dtype in schema.items()], table


def test_returns_row_counts_per_core_table(warehouse):
    _, counts = warehouse
    assert set(counts) == set(CORE_TABLES)
    assert counts["fct_meetings"] == 2
    assert counts["fct_meeting_attendees"] == 6
    assert counts["dim_dates"] == 0


def test_every_contract_view_has_its_columns(warehouse):
    target, _ = warehouse
    for view, expected in CONTRACT_COLUMNS.items():
        columns = [
            row[0]
            for row in query(
                target,
                "select column_name from information_schema.columns "
                "where table_schema = 'reporting' and table_name = ? order by ordinal_position",
                [view],
            )
        ]
        assert columns[: len(expected)] == expected, view


def test_views_are_empty_on_an_empty_build(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    counts = load.build_warehouse({}, target)
    assert set(counts.values()) == {0}
    for view in [*CONTRACT_COLUMNS, "meeting_countries", "agreement_countries"]:
        assert query(target, f"select count(*) from reporting.{view}") == [(0,)], view


def test_participant_names_resolve_from_each_dimension(warehouse):
    target, _ = warehouse
    rows = query(
        target,
        "select meeting_id, participant_kind, participant_id, participant_name "
        "from reporting.meeting_participants order by all",
    )
    assert rows == [
        ("meeting_mena", "agency", "agency_interpol", "INTERPOL"),
        ("meeting_mena", "country", "FR", "France"),
        ("meeting_mena", "person", "person_hammouchi", "Abdellatif Hammouchi"),
        ("meeting_talks", "agency", "agency_dgsn", "General Directorate for National Security"),
        ("meeting_talks", "country", "ES", "Spain"),
        ("meeting_talks", "person", "person_hammouchi", "Abdellatif Hammouchi"),
    ]
    parties = query(target, "select party_id, party_name from reporting.agreement_parties order by all")
    assert parties == [("ES", "Spain"), ("agency_dgsn", "General Directorate for National Security")]


def test_meeting_organizer_is_the_agency_name(warehouse):
    target, _ = warehouse
    rows = query(target, "select meeting_id, organizer from reporting.meetings order by meeting_id")
    assert rows == [("meeting_mena", "INTERPOL"), ("meeting_talks", None)]


def test_articles_carry_fact_counts_with_zero_when_absent(warehouse):
    target, _ = warehouse
    rows = query(target, "select article_id, meetings, agreements from reporting.articles order by article_id")
    assert rows == [("article_one", 2, 1), ("article_two", 0, 0)]


def test_meeting_countries_follow_the_representation_rule(warehouse):
    target, _ = warehouse
    rows = query(target, "select meeting_id, iso2 from reporting.meeting_countries order by all")
    # INTERPOL is international: it adds no country; Hammouchi and the DGSN add Morocco.
    assert rows == [("meeting_mena", "FR"), ("meeting_mena", "MA"), ("meeting_talks", "ES"), ("meeting_talks", "MA")]


def test_country_engagement_counts(warehouse):
    target, _ = warehouse
    rows = query(target, "select * from reporting.country_engagement order by iso2")
    assert rows == [
        ("ES", "Spain", 2024, 1, 1, 0, 0, 1, 0),
        ("FR", "France", 2024, 1, 0, 1, 0, 0, 0),
        ("MA", "Morocco", 2024, 2, 1, 1, 0, 1, 1),
    ]


def test_country_engagement_keeps_unknown_years_as_null(tmp_path):
    tables = tiny_tables()
    tables["fct_meetings"] = tables["fct_meetings"].with_columns(
        pl.lit(None, dtype=pl.Date).alias("start_date"), pl.lit(None, dtype=pl.Date).alias("end_date"),
        pl.lit("unknown").alias("date_precision"),
    )
    target = tmp_path / "warehouse.duckdb"
    load.build_warehouse(tables, target)
    rows = query(target, "select iso2, year, meetings, agreements from reporting.country_engagement order by all")
    assert rows == [("ES", 2024, 0, 1), ("ES", None, 1, 0), ("FR", None, 1, 0), ("MA", 2024, 0, 1), ("MA", None, 2, 0)]


def test_person_engagement(warehouse):
    target, _ = warehouse
    rows = query(target, "select * from reporting.person_engagement")
    assert rows == [
        ("person_hammouchi", "Abdellatif Hammouchi", "agency_dgsn", "MA", 2, 1, dt.date(2024, 9, 3), dt.date(2024, 9, 4), 2)
    ]


def test_country_pairs_are_ordered_and_bilateral_only(warehouse):
    target, _ = warehouse
    rows = query(target, "select * from reporting.country_pairs")
    # The multilateral meeting adds no FR-MA pair; the talks and the MoU make one ES-MA pair.
    assert rows == [("ES", "MA", "Spain", "Morocco", 1, 1, dt.date(2024, 9, 4), dt.date(2024, 9, 4))]
    assert all(iso2_a < iso2_b for iso2_a, iso2_b, *_ in rows)


def test_discrepancies_are_the_fact_values(warehouse):
    target, _ = warehouse
    rows = query(target, "select value, is_chosen, article_ids from reporting.discrepancies order by value")
    assert rows == [("Lyon", True, ["article_one"]), ("Lyons", False, ["article_two"])]


def test_text_with_quotes_and_sql_arrives_intact(warehouse):
    target, _ = warehouse
    assert query(target, "select meeting_name from reporting.meetings where meeting_id = 'meeting_talks'") == [
        (INJECTION,)
    ]
    assert query(target, "select evidence from reporting.agreement_sources") == [(INJECTION,)]
    assert query(target, "select title from reporting.agreements") == [(QUOTED_TITLE,)]
    assert query(target, "select count(*) from main.fct_meetings") == [(2,)]


def test_failed_build_leaves_the_published_file_and_no_temporary_file(warehouse):
    target, _ = warehouse
    tables = tiny_tables()
    tables["fct_meetings"] = pl.concat([tables["fct_meetings"], tables["fct_meetings"].head(1)])
    with pytest.raises(duckdb.ConstraintException):
        load.build_warehouse(tables, target, run_log={"run_id": "run-2"})
    assert query(target, "select count(*) from reporting.meetings") == [(2,)]
    assert query(target, "select run_id from run_log") == [("run-1",)]
    leftovers = sorted(path.name for path in target.parent.iterdir())
    assert leftovers == ["warehouse.duckdb", "warehouse.duckdb.lock"]


def test_unknown_table_is_refused_before_anything_is_written(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    with pytest.raises(ValueError, match="not core tables"):
        load.build_warehouse({"fct_meetings; drop": pl.DataFrame()}, target)
    assert not target.exists()


def test_missing_columns_and_frames_load_as_nulls_and_empty_tables(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    # A lone meeting has no source, which the quality rules refuse; this test is about loading alone.
    counts = load.build_warehouse({"fct_meetings": pl.DataFrame({"meeting_id": ["meeting_only"]})}, target,
                                  validate=False)
    assert counts["fct_meetings"] == 1 and counts["dim_people"] == 0
    assert query(target, "select meeting_id, organizer, source_count from reporting.meetings") == [
        ("meeting_only", None, None)
    ]


def test_run_log_keeps_one_row_per_run(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    started = dt.datetime(2024, 9, 5, 8, 0, tzinfo=dt.timezone.utc)
    load.build_warehouse(
        tiny_tables(),
        target,
        run_log={
            "run_id": "run-1",
            "started_at": started,
            "finished_at": "2024-09-05T08:01:00+00:00",
            "articles_loaded": 2,
            "articles_rejected": 0,
            "articles_from_cache": 1,
            "summary": {"skipped": ["notes.json"]},
        },
    )
    load.build_warehouse(tiny_tables(), target, run_log={"run_id": "run-2", "summary": INJECTION})
    rows = query(target, "select run_id, started_at, finished_at, articles_loaded, summary from run_log order by run_id")
    assert rows == [
        ("run-1", dt.datetime(2024, 9, 5, 8, 0), dt.datetime(2024, 9, 5, 8, 1), 2, '{"skipped": ["notes.json"]}'),
        ("run-2", None, None, None, INJECTION),
    ]


def test_run_log_refuses_unknown_keys(tmp_path):
    with pytest.raises(ValueError, match="no column"):
        load.build_warehouse({}, tmp_path / "warehouse.duckdb", run_log={"run_id": "r", "rows": 3})


def test_published_file_opens_read_only_with_the_old_storage_version(warehouse):
    target, _ = warehouse
    with duckdb.connect(str(target), read_only=True) as connection:
        assert connection.execute("select count(*) from reporting.meetings").fetchone() == (2,)
        # DuckDB 1.x clients can read the file only if it is written with an old storage version.
        (tags,) = connection.execute(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchone()
        assert tags["storage_version"].startswith("v1."), tags
    assert not target.with_name(target.name + ".wal").exists()


def test_publish_lock_raises_when_another_run_holds_it(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    holding, release = threading.Event(), threading.Event()

    def hold():
        with load.publish_lock(target):
            holding.set()
            release.wait(10)

    other_run = threading.Thread(target=hold)
    other_run.start()
    try:
        assert holding.wait(10)
        with pytest.raises(load.WarehouseBusy):
            with load.publish_lock(target, timeout=0.2, poll_interval=0.05):
                pass
        with pytest.raises(load.WarehouseBusy):
            load.build_warehouse({}, target, lock_timeout=0.1)
    finally:
        release.set()
        other_run.join()
    with load.publish_lock(target, timeout=0):
        with load.publish_lock(target, timeout=0):  # re-entrant in the same thread
            load.build_warehouse({}, target)
    assert target.exists()
