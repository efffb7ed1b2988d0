"""End to end on the project's own seeds/: what the warehouse contract promises about those five articles."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dagster_project.build import materialize_everything
from dagster_project.defs.resources import WarehouseResource
from etl.settings import DEFAULT_ARTICLES_DIR

CONTRACT_VIEWS = {
    "meetings", "meeting_participants", "meeting_sources", "agreements", "agreement_parties", "agreement_sources",
    "persons", "agencies", "countries", "articles", "country_engagement", "person_engagement", "country_pairs",
    "discrepancies",
}
# The countries that article 002 lists as Hammouchi's counterparts at the General Assembly in Marrakech.
MARRAKECH_COUNTERPARTS = {
    "DE", "ES", "PL", "RS", "SE", "DK", "RU", "CH", "IT", "HU", "BG", "SI", "SK", "RO", "MK", "CZ", "BY", "ME",  # Europe
    "BJ", "MR", "BF", "ML", "CM", "NA", "RW", "SD", "NE", "TD", "SN", "GA", "KE", "MZ",  # Africa
    "CL", "AR", "BR", "BS", "PA",  # Latin America
    "IN", "TR", "BH", "KW", "MY", "YE", "CN", "NP", "KR",  # Asia
}


def build(root: Path) -> Path:
    """Materialise every asset and check on seeds/ into root; the published file's path."""
    resource = WarehouseResource(articles_dir=str(DEFAULT_ARTICLES_DIR),
                                 warehouse_path=str(root / "warehouse" / "warehouse.duckdb"))
    result = materialize_everything(resource)
    assert result.success
    assert all(evaluation.passed for evaluation in result.get_asset_check_evaluations())
    return resource.published_path


@pytest.fixture(scope="module", autouse=True)
def no_ambient_settings():
    with pytest.MonkeyPatch.context() as patch:
        for name in ("ARTICLES_DIR", "WAREHOUSE_PATH", "DAGSTER_HOME"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("seeds_build"))


@pytest.fixture(scope="module")
def connection(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def rows(connection, sql: str, parameters=None) -> list[dict]:
    cursor = connection.execute(sql, parameters or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def only(connection, sql: str, parameters=None) -> dict:
    found = rows(connection, sql, parameters)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def mena(connection) -> dict:
    return only(connection, "select * from reporting.meetings where meeting_type = 'multilateral' and ordinal = 8")


@pytest.fixture(scope="module")
def general_assembly(connection) -> dict:
    return only(connection, "select * from reporting.meetings where meeting_type = 'multilateral' and ordinal = 93")


# ---------------------------------------------------------------- meetings

def test_the_five_seed_articles_are_loaded(connection):
    articles = rows(connection, "select article_id, status from reporting.articles order by article_id")
    assert len(articles) == 5
    assert {a["status"] for a in articles} == {"loaded"}


def test_the_8th_interpol_mena_meeting_is_one_meeting_from_three_articles(connection, mena):
    assert (mena["city"], mena["country_iso2"]) == ("Lyon", "FR")
    assert (mena["start_date"], mena["end_date"]) == (dt.date(2024, 9, 3), dt.date(2024, 9, 4))
    assert (mena["date_precision"], mena["status"], mena["source_count"]) == ("day", "held", 3)
    assert mena["organizer"] == "INTERPOL"
    assert mena["parent_meeting_id"] is None
    sources = rows(connection, "select article_id from reporting.meeting_sources where meeting_id = ? order by 1",
                   [mena["meeting_id"]])
    assert [s["article_id"] for s in sources] == ["000_4f2d742488947550", "001_e9973b63b1029312",
                                                  "003_154b452711dadcb4"]


def test_the_93rd_general_assembly_in_marrakech_is_held(connection, general_assembly):
    assert (general_assembly["city"], general_assembly["country_iso2"]) == ("Marrakech", "MA")
    assert (general_assembly["start_date"], general_assembly["end_date"]) == (dt.date(2025, 11, 24),
                                                                              dt.date(2025, 11, 27))
    assert general_assembly["status"] == "held"
    assert general_assembly["source_count"] == 2
    sources = rows(connection, "select article_id from reporting.meeting_sources where meeting_id = ? order by 1",
                   [general_assembly["meeting_id"]])
    # 002 reports it as held; 004 announces it ("to be held in Marrakech in 2025").
    assert [s["article_id"] for s in sources] == ["002_92f8232b3c82aa2b", "004_899efeec1c9df5b8"]


def test_an_announcement_for_the_year_is_no_date_discrepancy(connection, general_assembly):
    values = rows(connection, "select field, value from reporting.discrepancies "
                  "where subject_id = ? and field in ('start_date', 'end_date')", [general_assembly["meeting_id"]])
    assert values == []


def test_one_bilateral_meeting_per_listed_country_on_the_sidelines_of_the_general_assembly(connection,
                                                                                          general_assembly):
    sidelines = rows(connection, "select meeting_id, meeting_type from reporting.meetings "
                     "where parent_meeting_id = ?", [general_assembly["meeting_id"]])
    assert len(sidelines) >= 40
    assert {m["meeting_type"] for m in sidelines} == {"bilateral"}
    counterparts = rows(connection, """
        select p.participant_id as iso2, count(distinct m.meeting_id) as meetings
        from reporting.meetings as m
        join reporting.meeting_participants as p using (meeting_id)
        where m.parent_meeting_id = ? and m.meeting_type = 'bilateral' and p.participant_kind = 'country'
        group by all
    """, [general_assembly["meeting_id"]])
    by_country = {c["iso2"]: c["meetings"] for c in counterparts}
    assert set(by_country) >= MARRAKECH_COUNTERPARTS
    assert {iso2: by_country[iso2] for iso2 in MARRAKECH_COUNTERPARTS} == dict.fromkeys(MARRAKECH_COUNTERPARTS, 1)


def test_every_sideline_meeting_carries_the_days_of_its_dated_parent(connection):
    sidelines = rows(connection, """
        select m.start_date, m.end_date, m.date_precision, p.start_date as parent_start, p.end_date as parent_end
        from reporting.meetings as m
        join reporting.meetings as p on p.meeting_id = m.parent_meeting_id
        where p.start_date is not null
    """)
    assert len(sidelines) >= 40
    assert all((m["start_date"], m["end_date"]) == (m["parent_start"], m["parent_end"])
               or m["date_precision"] == "day" for m in sidelines)
    assert {m["date_precision"] for m in sidelines} <= {"day", "within_parent"}


def test_the_marts_put_every_sideline_meeting_in_its_year(connection):
    undated = only(connection, """
        select count(*) filter (where year is null) as rows_without_year,
               sum(meetings) filter (where year is not null) as dated_meetings
        from reporting.country_engagement
    """)
    assert undated["rows_without_year"] == 0
    assert undated["dated_meetings"] > 40
    assert only(connection, "select count(*) as n from reporting.country_pairs where first_date is null")["n"] == 0


def test_the_claim_of_43_bilateral_meetings_is_a_discrepancy(connection, general_assembly):
    claims = rows(connection, "select * from reporting.discrepancies where field = 'claimed_count'")
    claimed = [c for c in claims if c["value"].startswith("43 ")]
    assert len(claimed) == 1
    assert claimed[0]["subject_kind"] == "meeting"
    assert claimed[0]["subject_id"] == general_assembly["meeting_id"]
    assert not claimed[0]["is_chosen"]
    assert claimed[0]["article_ids"] == ["002_92f8232b3c82aa2b"]
    assert any(c["is_chosen"] and c["subject_id"] == general_assembly["meeting_id"] for c in claims)


# ---------------------------------------------------------------- agreements

def test_two_mous_with_the_norwegian_and_the_ethiopian_police(connection):
    parties = rows(connection, """
        select a.agreement_id, a.agreement_type, ag.name, ag.country_iso2
        from reporting.agreements as a
        join reporting.agreement_parties as p using (agreement_id)
        join reporting.agencies as ag on p.party_kind = 'agency' and p.party_id = ag.agency_id
    """)
    mous = {p["agreement_id"] for p in parties if p["agreement_type"] == "mou"}
    assert len(mous) == 2
    countries_by_mou = {m: {p["country_iso2"] for p in parties if p["agreement_id"] == m} for m in mous}
    assert sorted(sorted(c - {"MA"}) for c in countries_by_mou.values()) == [["ET"], ["NO"]]
    names = {p["name"] for p in parties}
    assert {"Norwegian National Police", "Ethiopian Federal Police"} <= names


# ---------------------------------------------------------------- persons and agencies

def test_hammouchi_is_one_person_with_every_spelling(connection):
    person = only(connection, "select * from reporting.persons where list_contains(aliases, 'Abdellatif Hammouchi') "
                  "or list_contains(aliases, 'Abdelatif Hammouchi')")
    assert person["full_name"] == "Abdellatif Hammouchi"
    assert {"Abdellatif Hammouchi", "Abdelatif Hammouchi", "Hammouchi"} <= set(person["aliases"])
    assert person["country_iso2"] == "MA"


def test_the_interpol_cybercrime_director_is_one_person(connection):
    spellings = ["Nile Cotton", "Niall Gutton", "Naill Gutton"]
    found = rows(connection, "select * from reporting.persons where list_has_any(aliases, ?)", [spellings])
    assert len(found) == 1, found
    assert set(spellings) <= set(found[0]["aliases"])
    assert found[0]["country_iso2"] is None  # an official of an international body
    agency = only(connection, "select name from reporting.agencies where agency_id = ?", [found[0]["agency_id"]])
    assert agency["name"] == "INTERPOL"


def test_the_cybercrime_talks_are_one_bilateral_meeting_on_the_sidelines_of_lyon(connection, mena):
    talks = rows(connection, """
        select m.meeting_id, m.source_count
        from reporting.meetings as m
        join reporting.meeting_participants as p using (meeting_id)
        join reporting.persons as person on p.participant_kind = 'person' and p.participant_id = person.person_id
        where m.meeting_type = 'bilateral' and list_contains(person.aliases, 'Nile Cotton')
    """)
    assert len(talks) == 1
    assert talks[0]["source_count"] == 3
    parent = only(connection, "select parent_meeting_id from reporting.meetings where meeting_id = ?",
                  [talks[0]["meeting_id"]])
    assert parent["parent_meeting_id"] == mena["meeting_id"]


def test_the_moroccan_security_directorate_is_one_agency(connection):
    dgsn = rows(connection, "select * from reporting.agencies where acronym = 'DGSN'")
    assert len(dgsn) == 1
    assert (dgsn[0]["agency_type"], dgsn[0]["country_iso2"]) == ("national", "MA")
    assert {"General Directorate of National Security", "Directorate General of National Security"} <= \
        set(dgsn[0]["aliases"])


# ---------------------------------------------------------------- the reporting schema

def test_every_contract_view_exists(connection):
    # The dashboard marts are materialised as tables; information_schema lists views and tables alike.
    views = {r["table_name"] for r in rows(connection, "select table_name from information_schema.tables "
                                                       "where table_schema = 'reporting'")}
    assert CONTRACT_VIEWS <= views
    for view in sorted(CONTRACT_VIEWS):
        connection.execute(f"select * from reporting.{view} limit 1").fetchall()  # names from the fixed set above


def test_no_meeting_of_the_seeds_is_planned(connection):
    assert rows(connection, "select meeting_id from reporting.meetings where status <> 'held'") == []


def test_a_rebuild_gives_identical_ids(tmp_path_factory, connection):
    again = build(tmp_path_factory.mktemp("seeds_rebuild"))
    with duckdb.connect(str(again), read_only=True) as rebuilt:
        for sql in ("select * from reporting.meetings order by meeting_id",
                    "select * from reporting.meeting_participants order by all",
                    "select * from reporting.persons order by person_id",
                    "select * from reporting.agencies order by agency_id",
                    "select * from reporting.agreements order by agreement_id",
                    "select * from reporting.agreement_parties order by all"):
            assert rebuilt.execute(sql).fetchall() == connection.execute(sql).fetchall(), sql
