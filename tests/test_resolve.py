"""Tests of etl.resolve: cross-article resolution of agencies, persons and meetings, on tiny literal rows."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from etl import resolve
from etl.schema import CORE_TABLES


# ---------------------------------------------------------------- helpers

def agency_row(article_id: str, key: str, *, international: bool = False, acronym: str | None = None,
               country_iso2: str | None = None, surfaces: list[str] | None = None) -> dict:
    """One agency mention as extraction writes it (pipeline.ROW_SCHEMAS["agencies"])."""
    return {"article_id": article_id, "key": key, "surfaces": surfaces or [key], "acronym": acronym,
            "international": international, "country_iso2": country_iso2}


def person_row(article_id: str, name: str, agency: str | None, *, title: str | None = None,
               aliases: list[str] | None = None, country_iso2: str | None = None, mentions: int = 1) -> dict:
    """One person mention as extraction writes it (pipeline.ROW_SCHEMAS["persons"])."""
    return {"article_id": article_id, "name": name, "aliases": aliases or [name], "title": title,
            "agency": agency, "country_iso2": country_iso2, "mentions": mentions}


def event(article_id: str, local_id: str, *, ordinal: int | None, organizer_id: str | None,
          city: str | None = "Lyon", start_date: str | None = "2024-09-03", noun: str = "meeting") -> dict:
    """One multilateral meeting mention in the shape cluster_events reads."""
    return {"uid": (article_id, local_id), "article_id": article_id, "ordinal": ordinal,
            "organizer_id": organizer_id, "city": city, "start_date": start_date, "noun": noun}


def meeting_row(article_id: str, local_id: str, **values) -> dict:
    """One meeting mention as extraction writes it (pipeline.ROW_SCHEMAS["meetings"]), Lyon by default."""
    row = {"article_id": article_id, "local_id": local_id, "meeting_type": "multilateral", "name": None,
           "ordinal": None, "noun": "meeting", "organizer": None, "status": "held", "parent": None, "city": "Lyon",
           "city_surface": "Lyon", "country_iso2": "FR", "start_date": "2024-09-03", "end_date": "2024-09-04",
           "date_precision": "day", "evidence": f"Evidence of {article_id}/{local_id}."}
    return {**row, **values}


INTERPOL = {"agency_id": "ag_interpol", "agency_type": "international", "country_iso2": None}
DGSN = {"agency_id": "ag_dgsn", "agency_type": "national", "country_iso2": "MA"}
NORWAY_POLICE = {"agency_id": "ag_norway", "agency_type": "national", "country_iso2": "NO"}
AGENCIES = {a["agency_id"]: a for a in (INTERPOL, DGSN, NORWAY_POLICE)}


# ---------------------------------------------------------------- agency_key

@pytest.mark.parametrize("name", [
    "General Directorate of National Security",
    "Directorate General of National Security",
    "Direction générale de la sûreté nationale",
])
def test_agency_key_is_the_same_across_word_order_and_language(name):
    assert resolve.agency_key(name) == resolve.agency_key("General Directorate of National Security")


@pytest.mark.parametrize("name, key, iso2", [
    ("National Police of Norway", "national police", "NO"),
    ("Police nationale du Maroc", "national police", "MA"),
    ("Sûreté nationale marocaine", "national security", "MA"),
])
def test_agency_key_carries_the_country_its_name_names(name, key, iso2):
    assert resolve.agency_key(name) == (key, iso2)


# The country pattern takes two words at once ("norwegian national"), finds no country in them and
# never retries the demonym alone, so a demonym followed by another word is lost.
@pytest.mark.parametrize("name, iso2", [("Norwegian National Police", "NO"), ("Ethiopian Federal Police", "ET"),
                                        ("Moroccan Police", "MA")])
def test_agency_key_carries_the_country_of_a_leading_demonym(name, iso2):
    key, country = resolve.agency_key(name)
    assert country == iso2
    assert name.split()[0].lower() not in key  # the demonym is the agency's country, not part of its key


def test_agency_key_without_a_country_gives_none():
    assert resolve.agency_key("National Police")[1] is None


def test_agency_key_separates_different_bodies():
    assert resolve.agency_key("Federal Police")[0] != resolve.agency_key("National Security")[0]


# ---------------------------------------------------------------- same_person_name

@pytest.mark.parametrize("a, b", [
    ("Nile Cotton", "Niall Gutton"),
    ("Niall Gutton", "Naill Gutton"),
    ("Abdellatif Hammouchi", "Abdelatif Hammouchi"),
    ("Abdellatif Hammouchi", "ABDELLATIF HAMMOUCHI"),
    ("Mohammed Ben Ali Koeman", "Ben Ali Koeman"),
])
def test_same_person_name_across_spellings(a, b):
    assert resolve.same_person_name(a, b)
    assert resolve.same_person_name(b, a)


@pytest.mark.parametrize("a, b", [
    ("Abdellatif Hammouchi", "Ahmed Naser Al Raisi"),
    ("Nile Cotton", "Abdellatif Hammouchi"),
    ("Jürgen Stock", "Valdecy Urquiza"),
])
def test_same_person_name_false_for_different_people(a, b):
    assert not resolve.same_person_name(a, b)


@pytest.mark.parametrize("a, b", [("Mohamed Ali", "Mohamed Alami"), ("Abdellah Hammouchi", "Abdellatif Hammouchi")])
def test_same_person_name_false_for_different_people_sharing_a_name_prefix(a, b):
    assert not resolve.same_person_name(a, b)


# ---------------------------------------------------------------- resolve_persons

def test_resolve_persons_merges_spellings_when_agencies_agree():
    rows = [person_row("a1", "Nile Cotton", "INTERPOL", title="Director"),
            person_row("a2", "Niall Gutton", "Interpol", title="directeur"),
            person_row("a3", "Naill Gutton", None)]
    agency_map = {("a1", "INTERPOL"): "ag_interpol", ("a2", "Interpol"): "ag_interpol"}
    persons, mapping = resolve.resolve_persons(rows, agency_map, AGENCIES, {"a1": "en", "a2": "fr", "a3": "fr"})
    assert len(persons) == 1
    person = persons[0]
    assert set(person["aliases"]) == {"Nile Cotton", "Niall Gutton", "Naill Gutton"}
    assert person["agency_id"] == "ag_interpol"
    assert person["country_iso2"] is None  # an official of an international body
    assert person["mention_count"] == 3
    assert set(mapping.values()) == {person["person_id"]}
    assert set(mapping) == {("a1", "Nile Cotton"), ("a2", "Niall Gutton"), ("a3", "Naill Gutton")}


def test_resolve_persons_takes_the_country_of_a_national_agency():
    rows = [person_row("a1", "Abdellatif Hammouchi", "DGSN"), person_row("a2", "Abdelatif Hammouchi", "DGSN")]
    agency_map = {("a1", "DGSN"): "ag_dgsn", ("a2", "DGSN"): "ag_dgsn"}
    persons, _ = resolve.resolve_persons(rows, agency_map, AGENCIES, {"a1": "en", "a2": "en"})
    assert [(p["full_name"], p["country_iso2"]) for p in persons] == [("Abdellatif Hammouchi", "MA")]


def test_resolve_persons_without_an_agency_takes_the_country_read_beside_the_name():
    rows = [person_row("a1", "Alex Nkhoma", None, country_iso2="MW")]
    persons, _ = resolve.resolve_persons(rows, {}, AGENCIES, {"a1": "en"})
    assert [(p["agency_id"], p["country_iso2"]) for p in persons] == [(None, "MW")]


def test_resolve_persons_keeps_variants_apart_when_agencies_conflict():
    rows = [person_row("a1", "Abdellatif Hammouchi", "DGSN"), person_row("a2", "Abdelatif Hammouchi", "Politiet")]
    agency_map = {("a1", "DGSN"): "ag_dgsn", ("a2", "Politiet"): "ag_norway"}
    persons, mapping = resolve.resolve_persons(rows, agency_map, AGENCIES, {"a1": "en", "a2": "en"})
    assert len(persons) == 2
    assert mapping[("a1", "Abdellatif Hammouchi")] != mapping[("a2", "Abdelatif Hammouchi")]
    assert {p["country_iso2"] for p in persons} == {"MA", "NO"}


def test_resolve_persons_never_merges_different_people():
    rows = [person_row("a1", "Abdellatif Hammouchi", None), person_row("a1", "Ahmed Naser Al Raisi", None)]
    persons, _ = resolve.resolve_persons(rows, {}, AGENCIES, {"a1": "en"})
    assert sorted(p["full_name"] for p in persons) == ["Abdellatif Hammouchi", "Ahmed Naser Al Raisi"]


def test_resolve_persons_of_nothing_is_empty():
    assert resolve.resolve_persons([], {}, {}, {}) == ([], {})


# ---------------------------------------------------------------- resolve_agencies

AGENCY_ROWS = [
    agency_row("a1", "General Directorate of National Security", acronym="DGSN", country_iso2="MA"),
    agency_row("a2", "Direction générale de la sûreté nationale", country_iso2="MA"),
    agency_row("a3", "Norwegian National Police", country_iso2="NO"),
    # Extraction keys international bodies by their canonical lexicon name, whatever the surface.
    agency_row("a3", "INTERPOL", international=True),
    agency_row("a4", "INTERPOL", international=True, surfaces=["Interpol"]),
]
LANGUAGE = {"a1": "en", "a2": "fr", "a3": "en", "a4": "fr"}


def test_resolve_agencies_merges_languages_and_keeps_international_bodies_countryless():
    agencies, mapping = resolve.resolve_agencies(AGENCY_ROWS, {}, LANGUAGE)
    by_name = {a["name"]: a for a in agencies}
    assert set(by_name) == {"General Directorate of National Security", "Norwegian National Police", "INTERPOL"}
    dgsn = by_name["General Directorate of National Security"]
    assert (dgsn["agency_type"], dgsn["country_iso2"], dgsn["acronym"]) == ("national", "MA", "DGSN")
    assert mapping[("a1", "General Directorate of National Security")] == dgsn["agency_id"]
    assert mapping[("a2", "Direction générale de la sûreté nationale")] == dgsn["agency_id"]
    assert "Direction générale de la sûreté nationale" in dgsn["aliases"]
    interpol = by_name["INTERPOL"]
    assert (interpol["agency_type"], interpol["country_iso2"]) == ("international", None)
    assert mapping[("a3", "INTERPOL")] == mapping[("a4", "INTERPOL")] == interpol["agency_id"]
    assert "Interpol" in interpol["aliases"]
    assert by_name["Norwegian National Police"]["country_iso2"] == "NO"


def test_resolve_agencies_gives_stable_ids():
    first, first_map = resolve.resolve_agencies(AGENCY_ROWS, {}, LANGUAGE)
    again, again_map = resolve.resolve_agencies(AGENCY_ROWS, {}, LANGUAGE)
    assert [a["agency_id"] for a in first] == [a["agency_id"] for a in again]
    assert first_map == again_map


def test_resolve_agencies_ids_do_not_depend_on_input_order():
    first, first_map = resolve.resolve_agencies(AGENCY_ROWS, {}, LANGUAGE)
    shuffled, shuffled_map = resolve.resolve_agencies(list(reversed(AGENCY_ROWS)), {}, LANGUAGE)
    assert sorted(a["agency_id"] for a in first) == sorted(a["agency_id"] for a in shuffled)
    assert first_map == shuffled_map


def test_resolve_agencies_attaches_an_unplaced_mention_to_the_one_placed_agency_with_its_key():
    # Extraction places the first mention (its country is named in the article); the second is bare.
    rows = [agency_row("a1", "Norwegian National Police", country_iso2="NO"), agency_row("a2", "National Police")]
    agencies, mapping = resolve.resolve_agencies(rows, {}, {"a1": "en", "a2": "en"})
    assert len(agencies) == 1
    assert agencies[0]["country_iso2"] == "NO"
    assert mapping[("a1", "Norwegian National Police")] == mapping[("a2", "National Police")]
    assert set(agencies[0]["aliases"]) == {"Norwegian National Police", "National Police"}


def test_resolve_agencies_leaves_an_unplaced_mention_alone_when_two_placed_agencies_share_its_key():
    rows = [agency_row("a1", "Norwegian National Police", country_iso2="NO"),
            agency_row("a2", "French National Police", country_iso2="FR"), agency_row("a3", "National Police")]
    agencies, mapping = resolve.resolve_agencies(rows, {"a3": "ES"}, {"a1": "en", "a2": "en", "a3": "en"})
    assert len(agencies) == 3
    assert len({mapping[("a1", "Norwegian National Police")], mapping[("a2", "French National Police")],
                mapping[("a3", "National Police")]}) == 3
    unplaced = next(a for a in agencies if a["agency_id"] == mapping[("a3", "National Police")])
    assert unplaced["country_iso2"] == "ES"  # the article's main country, not a guess between NO and FR


# ---------------------------------------------------------------- cluster_events

PUBLISHED = {"a1": dt.date(2024, 9, 5), "a2": dt.date(2024, 9, 5), "a3": dt.date(2024, 9, 6)}


def test_cluster_events_merges_one_event_told_by_two_articles():
    events = [event("a1", "m1", ordinal=8, organizer_id="ag_interpol"),
              event("a2", "m1", ordinal=8, organizer_id="ag_interpol", city="Rione")]
    groups = resolve.cluster_events(events, PUBLISHED).groups()
    assert groups == [[("a1", "m1"), ("a2", "m1")]]


def test_cluster_events_keeps_different_ordinals_apart():
    events = [event("a1", "m1", ordinal=8, organizer_id="ag_interpol"),
              event("a2", "m1", ordinal=9, organizer_id="ag_interpol")]
    assert len(resolve.cluster_events(events, PUBLISHED).groups()) == 2


def test_cluster_events_keeps_different_organisers_apart():
    events = [event("a1", "m1", ordinal=8, organizer_id="ag_interpol"),
              event("a2", "m1", ordinal=8, organizer_id="ag_afripol")]
    assert len(resolve.cluster_events(events, PUBLISHED).groups()) == 2


def test_cluster_events_keeps_the_same_ordinal_of_different_years_apart():
    events = [event("a1", "m1", ordinal=8, organizer_id="ag_interpol", start_date="2024-09-03"),
              event("a2", "m1", ordinal=8, organizer_id="ag_interpol", start_date="2023-09-03")]
    assert len(resolve.cluster_events(events, PUBLISHED).groups()) == 2


def test_cluster_events_merges_three_articles_into_one_group():
    events = [event("a1", "m1", ordinal=8, organizer_id="ag_interpol"),
              event("a2", "m1", ordinal=8, organizer_id=None),
              event("a3", "m2", ordinal=8, organizer_id="ag_interpol", start_date=None),
              event("a3", "m1", ordinal=93, organizer_id="ag_interpol", city="Marrakech", start_date="2025-11-24")]
    groups = resolve.cluster_events(events, PUBLISHED).groups()
    assert sorted(map(len, groups)) == [1, 3]


# ---------------------------------------------------------------- resolve_meetings

def general_assembly_rows() -> list[dict]:
    """The 93rd General Assembly told as held (day dates) by a1 and announced for 'in 2025' by a2."""
    return [
        meeting_row("a1", "m1", name="93rd General Assembly", ordinal=93, organizer="INTERPOL", city="Marrakech",
                    city_surface="Marrakech", country_iso2="MA", start_date="2025-11-24", end_date="2025-11-27"),
        meeting_row("a2", "m1", name="93rd General Assembly", ordinal=93, organizer="INTERPOL", city="Marrakech",
                    city_surface="Marrakech", country_iso2="MA", start_date="2025-01-01", end_date="2025-12-31",
                    date_precision="year", status="planned"),
    ]


def resolve_general_assembly():
    agency_map = {("a1", "INTERPOL"): "ag_interpol", ("a2", "INTERPOL"): "ag_interpol"}
    published = {"a1": dt.date(2025, 11, 25), "a2": dt.date(2023, 12, 8)}
    return resolve.resolve_meetings(general_assembly_rows(), {}, agency_map, {"a1": "en", "a2": "en"}, published)


def test_resolve_meetings_merges_an_announcement_into_the_held_meeting():
    meetings, attendees, sources, _, cluster_of = resolve_general_assembly()
    assert len(meetings) == 1
    meeting = meetings[0]
    assert (meeting["status"], meeting["source_count"], meeting["date_precision"]) == ("held", 2, "day")
    assert (meeting["start_date"], meeting["end_date"]) == ("2025-11-24", "2025-11-27")
    assert [s["article_id"] for s in sources] == ["a1", "a2"]
    assert set(cluster_of.values()) == {meeting["meeting_id"]}
    assert {"meeting_id": meeting["meeting_id"], "participant_kind": "agency", "participant_id": "ag_interpol",
            "role": "organizer"} in attendees


def test_resolve_meetings_records_no_date_discrepancy_for_a_coarser_but_consistent_date():
    _, _, _, values, _ = resolve_general_assembly()
    assert [v for v in values if v["field"] in ("start_date", "end_date")] == []


# ---------------------------------------------------------------- build_core_tables

def hand_made_articles() -> pl.DataFrame:
    """Two loaded articles (columns of ARTICLES without the text, as the core_tables asset passes them)."""
    return pl.DataFrame({
        "article_id": ["a1", "a2"], "source_file": ["a1.txt", "a2.txt"], "content_hash": ["h1", "h2"],
        "published_date": [dt.date(2024, 9, 5), dt.date(2024, 9, 6)], "published_date_precision": ["day", "day"],
        "language": ["en", "fr"], "status": ["loaded", "loaded"],
    })


def hand_made_rows() -> dict[str, list[dict]]:
    """Two articles telling of one INTERPOL meeting, a bilateral on its sidelines and one signed MoU."""
    return {
        "meetings": [
            meeting_row("a1", "m1", name="8th INTERPOL MENA meeting", ordinal=8, organizer="INTERPOL"),
            meeting_row("a1", "t1", meeting_type="bilateral", noun="", parent="m1", start_date=None, end_date=None,
                        date_precision="unknown", name="Abdellatif Hammouchi – Nile Cotton"),
            meeting_row("a2", "m1", name="8e réunion d'Interpol", ordinal=8, organizer="INTERPOL",
                        city_surface="Rione"),
        ],
        "participants": [
            {"article_id": "a1", "local_id": "m1", "kind": "agency", "key": "INTERPOL", "role": "organizer"},
            {"article_id": "a1", "local_id": "m1", "kind": "person", "key": "Abdellatif Hammouchi",
             "role": "head_of_delegation"},
            {"article_id": "a1", "local_id": "m1", "kind": "country", "key": "MA", "role": "participant"},
            {"article_id": "a1", "local_id": "t1", "kind": "person", "key": "Abdellatif Hammouchi", "role": "participant"},
            {"article_id": "a1", "local_id": "t1", "kind": "person", "key": "Nile Cotton", "role": "counterpart"},
            {"article_id": "a2", "local_id": "m1", "kind": "person", "key": "Abdelatif Hammouchi", "role": "participant"},
        ],
        "agreements": [{"article_id": "a1", "local_id": "g1", "agreement_type": "mou", "title": "Memorandum",
                        "meeting": "t1", "start_date": None, "end_date": None, "date_precision": "unknown",
                        "evidence": "A memorandum was signed."}],
        "agreement_parties": [
            {"article_id": "a1", "local_id": "g1", "kind": "agency", "key": "General Directorate of National Security"},
            {"article_id": "a1", "local_id": "g1", "kind": "agency", "key": "INTERPOL"},
        ],
        "persons": [
            person_row("a1", "Abdellatif Hammouchi", "General Directorate of National Security",
                       aliases=["Abdellatif Hammouchi", "Hammouchi"], mentions=2),
            person_row("a1", "Nile Cotton", "INTERPOL"),
            person_row("a2", "Abdelatif Hammouchi", None),
        ],
        "agencies": [
            agency_row("a1", "INTERPOL", international=True),
            agency_row("a1", "General Directorate of National Security", acronym="DGSN", country_iso2="MA"),
            agency_row("a2", "INTERPOL", international=True, surfaces=["Interpol"]),
        ],
        "article_countries": [{"article_id": "a1", "iso2": "MA", "mentions": 2},
                              {"article_id": "a2", "iso2": "FR", "mentions": 1}],
        "claims": [{"article_id": "a1", "meeting": "m1", "subject": "Hammouchi", "what": "bilateral meetings",
                    "claimed": 3, "listed": 1}],
    }


@pytest.fixture(scope="module")
def core_tables():
    return resolve.build_core_tables(hand_made_articles(), hand_made_rows())


def test_build_core_tables_returns_every_core_table_with_its_schema(core_tables):
    assert set(core_tables) == set(CORE_TABLES)
    for name, frame in core_tables.items():
        assert list(frame.schema.items()) == list(CORE_TABLES[name].items()), name


def test_build_core_tables_merges_the_meeting_and_links_the_sidelines(core_tables):
    meetings = core_tables["fct_meetings"]
    event_row = meetings.filter(pl.col("meeting_type") == "multilateral").to_dicts()
    assert len(event_row) == 1
    assert event_row[0]["source_count"] == 2
    assert event_row[0]["ordinal"] == 8
    assert (event_row[0]["start_date"], event_row[0]["end_date"]) == (dt.date(2024, 9, 3), dt.date(2024, 9, 4))
    talks = meetings.filter(pl.col("meeting_type") == "bilateral").to_dicts()
    assert [t["parent_meeting_id"] for t in talks] == [event_row[0]["meeting_id"]]
    agreement = core_tables["fct_agreements"].to_dicts()
    assert [a["meeting_id"] for a in agreement] == [talks[0]["meeting_id"]]


def test_build_core_tables_keys_resolve(core_tables):
    meeting_ids = set(core_tables["fct_meetings"]["meeting_id"])
    person_ids = set(core_tables["dim_people"]["person_id"])
    agency_ids = set(core_tables["dim_agencies"]["agency_id"])
    for row in core_tables["fct_meeting_attendees"].iter_rows(named=True):
        assert row["meeting_id"] in meeting_ids
        known = {"person": person_ids, "agency": agency_ids}.get(row["participant_kind"])
        if known is not None:
            assert row["participant_id"] in known, row
    assert set(core_tables["fct_agreement_parties"]["party_id"]) <= agency_ids
    assert len(person_ids) == 2  # Abdellatif/Abdelatif Hammouchi is one person


def test_build_core_tables_records_the_claimed_count(core_tables):
    values = core_tables["fct_fact_values"].filter(pl.col("field") == "claimed_count")
    assert sorted(zip(values["value"], values["is_chosen"])) == [("1 bilateral meetings", True),
                                                                ("3 bilateral meetings", False)]


def test_build_core_tables_is_deterministic(core_tables):
    again = resolve.build_core_tables(hand_made_articles(), hand_made_rows())
    for name in ("fct_meetings", "dim_people", "dim_agencies", "fct_agreements"):
        assert again[name].equals(core_tables[name]), name


def test_build_core_tables_of_no_facts_gives_empty_tables():
    empty = {name: [] for name in hand_made_rows()}
    tables = resolve.build_core_tables(hand_made_articles(), empty)
    assert set(tables) == set(CORE_TABLES)
    assert tables["fct_meetings"].height == 0
    assert tables["dim_articles"].height == 2


def test_sideline_talks_no_report_places_are_held_in_the_parents_city():
    rows = [
        meeting_row("a1", "m1", name="8th Regional Police Meeting", ordinal=8, city=None, city_surface=None,
                    country_iso2=None),
        meeting_row("a1", "t1", meeting_type="bilateral", noun="", parent="m1", city=None, city_surface=None,
                    country_iso2=None, start_date=None, end_date=None, date_precision="unknown", name="A – B"),
        meeting_row("a2", "m1", name="8th Regional Police Meeting", ordinal=8),
    ]
    published = {"a1": dt.date(2024, 9, 5), "a2": dt.date(2024, 9, 6)}
    meetings, *_ = resolve.resolve_meetings(rows, {}, {}, {"a1": "en", "a2": "en"}, published)
    talk = next(m for m in meetings if m["meeting_type"] == "bilateral")
    assert (talk["city"], talk["country_iso2"]) == ("Lyon", "FR")


# ---------------------------------------------------------------- dates of sideline facts

def merged_meeting(meeting_id: str, *, parent: str | None = None, start: str | None = None,
                   end: str | None = None, precision: str = "unknown") -> dict:
    """One merged meeting with only the fields inherit_dates reads."""
    return {"meeting_id": meeting_id, "parent_meeting_id": parent, "start_date": start, "end_date": end,
            "date_precision": precision}


def test_inherit_dates_gives_an_undated_sideline_meeting_its_parents_days():
    meetings = [merged_meeting("summit", start="2025-03-03", end="2025-03-05", precision="day"),
                merged_meeting("talks", parent="summit")]
    resolve.inherit_dates(meetings, [])
    assert meetings[1] == {"meeting_id": "talks", "parent_meeting_id": "summit", "start_date": "2025-03-03",
                                "end_date": "2025-03-05", "date_precision": "within_parent"}


def test_inherit_dates_keeps_a_sideline_meetings_own_date():
    meetings = [merged_meeting("summit", start="2025-03-03", end="2025-03-05", precision="day"),
                merged_meeting("talks", parent="summit", start="2025-03-04", end="2025-03-04", precision="day"),
                merged_meeting("visit", parent="summit", precision="no_year")]
    resolve.inherit_dates(meetings, [])
    assert [(m["start_date"], m["date_precision"]) for m in meetings[1:]] == [("2025-03-04", "day"), (None, "no_year")]


def test_inherit_dates_leaves_facts_of_an_undated_parent_or_without_parent_undated():
    meetings = [merged_meeting("summit"), merged_meeting("talks", parent="summit"), merged_meeting("alone")]
    agreements = [{"meeting_id": "summit", "signed_date": None, "date_precision": "unknown"},
                  {"meeting_id": None, "signed_date": None, "date_precision": "unknown"}]
    resolve.inherit_dates(meetings, agreements)
    assert {m["date_precision"] for m in meetings} == {"unknown"}
    assert {a["date_precision"] for a in agreements} == {"unknown"}


def test_inherit_dates_follows_a_chain_of_undated_parents_and_a_month_parent():
    meetings = [merged_meeting("assembly", start="2025-11-01", end="2025-11-30", precision="month"),
                merged_meeting("side event", parent="assembly"),
                merged_meeting("talks", parent="side event")]
    resolve.inherit_dates(meetings, [])
    assert [(m["start_date"], m["end_date"], m["date_precision"]) for m in meetings[1:]] == [
        ("2025-11-01", "2025-11-30", "within_parent")] * 2


def test_inherit_dates_survives_a_cycle_of_parents():
    meetings = [merged_meeting("a", parent="b"), merged_meeting("b", parent="a")]
    resolve.inherit_dates(meetings, [])
    assert {m["date_precision"] for m in meetings} == {"unknown"}


def test_inherit_dates_dates_an_agreement_signed_at_a_dated_meeting_by_its_first_day():
    meetings = [merged_meeting("summit", start="2025-03-03", end="2025-03-05", precision="day"),
                merged_meeting("talks", parent="summit")]
    agreements = [{"meeting_id": "talks", "signed_date": None, "date_precision": "unknown"},
                  {"meeting_id": "summit", "signed_date": "2025-03-05", "date_precision": "day"}]
    resolve.inherit_dates(meetings, agreements)
    assert [(a["signed_date"], a["date_precision"]) for a in agreements] == [
        ("2025-03-03", "within_parent"), ("2025-03-05", "day")]
