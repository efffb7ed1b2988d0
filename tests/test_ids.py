"""Tests of etl.ids: published ids carried over from the previous build, on invented articles."""
from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from etl import ids, load, resolve
from etl.ids import PreviousIds, assign_ids, carried_aliases, read_previous_ids, stable_id

# ---------------------------------------------------------------- assign_ids


def test_without_a_previous_build_every_cluster_keeps_its_hash_id():
    final, retired = assign_ids({"mtg_a": [("a", "m1")], "mtg_b": [("b", "m1")]}, {})
    assert final == {"mtg_a": "mtg_a", "mtg_b": "mtg_b"}
    assert retired == {}


def test_a_cluster_that_gains_a_first_member_keeps_its_old_id():
    previous = {("b", "m1"): "mtg_old", ("c", "m1"): "mtg_old"}
    final, retired = assign_ids({"mtg_new": [("a", "m1"), ("b", "m1"), ("c", "m1")]}, previous)
    assert final == {"mtg_new": "mtg_old"}
    assert retired == {}


def test_a_merge_keeps_the_id_with_most_mentions_and_retires_the_other():
    previous = {("b", "m1"): "mtg_zz", ("b2", "m1"): "mtg_zz", ("c", "m1"): "mtg_aa"}
    final, retired = assign_ids({"mtg_new": [("a", "m1"), ("b", "m1"), ("b2", "m1"), ("c", "m1")]}, previous)
    assert final == {"mtg_new": "mtg_zz"}
    assert retired == {"mtg_aa": "mtg_zz"}


def test_a_merge_of_equal_ids_keeps_the_one_that_sorts_first():
    previous = {("b", "m1"): "mtg_zz", ("c", "m1"): "mtg_aa"}
    final, retired = assign_ids({"mtg_new": [("a", "m1"), ("b", "m1"), ("c", "m1")]}, previous)
    assert final == {"mtg_new": "mtg_aa"}
    assert retired == {"mtg_zz": "mtg_aa"}


def test_a_split_keeps_the_id_for_the_part_with_most_old_mentions():
    previous = {("a", "m1"): "mtg_old", ("b", "m1"): "mtg_old", ("c", "m1"): "mtg_old"}
    final, retired = assign_ids({"mtg_x": [("a", "m1")], "mtg_y": [("b", "m1"), ("c", "m1")]}, previous)
    assert final == {"mtg_x": "mtg_x", "mtg_y": "mtg_old"}
    assert retired == {}


def test_a_split_off_part_whose_hash_is_the_kept_id_gets_a_new_one():
    # The old id was the hash of ("a", "m1"); that mention leaves alone while the rest keeps the id.
    old = stable_id("mtg", "a", "m1")
    previous = {("a", "m1"): old, ("b", "m1"): old, ("c", "m1"): old}
    final, _ = assign_ids({old: [("a", "m1")], "mtg_y": [("b", "m1"), ("c", "m1")]}, previous)
    assert final["mtg_y"] == old
    assert final[old] != old and final[old].startswith("mtg_")
    again, _ = assign_ids({old: [("a", "m1")], "mtg_y": [("b", "m1"), ("c", "m1")]}, previous)
    assert again == final


def test_ids_stay_unique_whatever_the_previous_registry_says():
    previous = {("a", "m1"): "mtg_b", ("b", "m1"): "mtg_a"}  # each cluster's hash is the other's old id
    final, _ = assign_ids({"mtg_a": [("a", "m1")], "mtg_b": [("b", "m1")], "mtg_c": [("c", "m1")]}, previous)
    assert final == {"mtg_a": "mtg_b", "mtg_b": "mtg_a", "mtg_c": "mtg_c"}


@pytest.mark.parametrize(("new", "earlier", "live", "expected"), [
    ({}, {"mtg_1": "mtg_2"}, {"mtg_2"}, {"mtg_1": "mtg_2"}),  # kept while its id is published
    ({"mtg_2": "mtg_3"}, {"mtg_1": "mtg_2"}, {"mtg_3"}, {"mtg_1": "mtg_3", "mtg_2": "mtg_3"}),  # followed
    ({}, {"mtg_1": "mtg_2"}, {"mtg_1", "mtg_2"}, {}),  # the old id is published again
    ({}, {"mtg_1": "mtg_2"}, set(), {}),  # its fact is gone
])
def test_carried_aliases(new, earlier, live, expected):
    assert carried_aliases(new, earlier, live) == expected


# ---------------------------------------------------------------- build_core_tables

def articles_frame(*article_ids: str) -> pl.DataFrame:
    """Loaded English articles, as the core_tables asset passes them (no text)."""
    return pl.DataFrame({
        "article_id": list(article_ids), "source_file": [f"{a}.txt" for a in article_ids],
        "content_hash": [f"hash-{a}" for a in article_ids], "published_date": [dt.date(2031, 5, 2)] * len(article_ids),
        "published_date_precision": ["day"] * len(article_ids), "language": ["en"] * len(article_ids),
        "status": ["loaded"] * len(article_ids),
    })


def conference(article_id: str, *, city: str | None = "Valdoria", start: str = "2031-04-28",
               name: str = "5th Coastal Police Chiefs Conference") -> dict:
    """One article's report of the 5th conference of an invented body."""
    return {"article_id": article_id, "local_id": "m1", "meeting_type": "multilateral", "name": name, "ordinal": 5,
            "noun": "conference", "organizer": None, "status": "held", "parent": None, "city": city,
            "city_surface": city, "country_iso2": "ZZ" if city else None, "start_date": start, "end_date": start,
            "date_precision": "day", "evidence": f"The conference, as {article_id} tells it."}


def article_rows(*article_ids: str, meetings: list[dict] | None = None) -> dict[str, list[dict]]:
    """Each article names Tomas Verhoven of the Coastal Guard Directorate at the conference, where an MoU is signed."""
    body = "Coastal Guard Directorate"
    return {
        "meetings": meetings if meetings is not None else [conference(a) for a in article_ids],
        "participants": [row for a in article_ids for row in (
            {"article_id": a, "local_id": "m1", "kind": "person", "key": "Tomas Verhoven", "role": "participant"},
            {"article_id": a, "local_id": "m1", "kind": "agency", "key": body, "role": "participant"})],
        "agreements": [{"article_id": a, "local_id": "g1", "agreement_type": "mou", "title": "Memorandum",
                        "meeting": "m1", "start_date": None, "end_date": None, "date_precision": "unknown",
                        "evidence": "A memorandum was signed."} for a in article_ids],
        "agreement_parties": [{"article_id": a, "local_id": "g1", "kind": "agency", "key": body} for a in article_ids],
        "persons": [{"article_id": a, "name": "Tomas Verhoven", "aliases": ["Tomas Verhoven"], "title": "Commander",
                     "agency": body, "country_iso2": None, "mentions": 1} for a in article_ids],
        "agencies": [{"article_id": a, "key": body, "surfaces": [body], "acronym": None, "international": False,
                      "country_iso2": "ZZ"} for a in article_ids],
        "article_countries": [{"article_id": a, "iso2": "ZZ", "mentions": 1} for a in article_ids],
        "claims": [],
    }


def build(article_ids: tuple[str, ...], previous: dict | None = None, meetings: list[dict] | None = None) -> dict:
    """The core tables of these articles, carrying over the ids of `previous` (core tables of an earlier build)."""
    previous_ids = PreviousIds(previous["id_registry"], previous["id_aliases"]) if previous else None
    return resolve.build_core_tables(articles_frame(*article_ids), article_rows(*article_ids, meetings=meetings),
                                     previous_ids)


def published_ids(tables: dict) -> dict[str, list[str]]:
    return {kind: sorted(tables[table][column].to_list()) for kind, table, column in (
        ("meeting", "fct_meetings", "meeting_id"), ("person", "dim_people", "person_id"),
        ("agency", "dim_agencies", "agency_id"), ("agreement", "fct_agreements", "agreement_id"))}


def test_a_fresh_build_gives_the_hash_ids():
    tables = build(("b_report", "c_report"))
    assert published_ids(tables)["meeting"] == [stable_id("mtg", "b_report", "m1")]
    assert published_ids(tables)["person"] == [stable_id("p", "b_report", "Tomas Verhoven")]
    assert published_ids(tables)["agreement"] == [stable_id("agr", "b_report", "g1")]
    assert tables["id_aliases"].height == 0


def test_the_registry_names_every_mention_under_its_published_id():
    tables = build(("b_report", "c_report"))
    registry = tables["id_registry"]
    assert sorted(registry["subject_kind"].unique().to_list()) == ["agency", "agreement", "meeting", "person"]
    meetings = registry.filter(pl.col("subject_kind") == "meeting")
    assert meetings.select("article_id", "mention_key").rows() == [("b_report", "m1"), ("c_report", "m1")]
    assert set(meetings["subject_id"]) == set(tables["fct_meetings"]["meeting_id"])


def test_a_new_report_that_sorts_first_renames_nothing():
    first = build(("b_report", "c_report"))
    fresh = build(("a_report", "b_report", "c_report"))
    assert published_ids(fresh)["meeting"] != published_ids(first)["meeting"]  # what the registry prevents
    second = build(("a_report", "b_report", "c_report"), previous=first)
    assert published_ids(second) == published_ids(first)
    meeting_id = published_ids(first)["meeting"][0]
    assert second["fct_meetings"]["source_count"].to_list() == [3]
    assert set(second["fct_meeting_attendees"]["meeting_id"]) == {meeting_id}
    assert second["fct_agreements"]["meeting_id"].to_list() == [meeting_id]
    assert set(second["fct_meeting_attendees"].filter(pl.col("participant_kind") == "person")["participant_id"]) \
        == set(published_ids(first)["person"])


def test_a_rebuild_with_its_own_registry_gives_the_same_tables():
    first = build(("a_report", "b_report", "c_report"))
    again = build(("a_report", "b_report", "c_report"), previous=first)
    for name, frame in first.items():
        assert again[name].equals(frame), name


def test_two_meetings_that_a_new_report_merges_keep_the_id_with_most_reports():
    # b_report and b2_report place the conference in Valdoria on 28 April; c_report gives no city and
    # 17 May, and names it otherwise: two meetings until a_report, in Valdoria on 15 May, links them.
    # ("b2_report" sorts before "b_report": its mention is the first of their meeting.)
    apart = [conference("b_report"), conference("b2_report"),
             conference("c_report", city=None, start="2031-05-17", name="Fifth Seaboard Summit")]
    first = build(("b_report", "b2_report", "c_report"), meetings=apart)
    assert len(published_ids(first)["meeting"]) == 2
    kept, retired = stable_id("mtg", "b2_report", "m1"), stable_id("mtg", "c_report", "m1")
    assert published_ids(first)["meeting"] == sorted([kept, retired])
    joined = [conference("a_report", start="2031-05-15"), *apart]
    second = build(("a_report", "b_report", "b2_report", "c_report"), previous=first, meetings=joined)
    assert published_ids(second)["meeting"] == [kept]
    aliases = second["id_aliases"].rows()
    assert ("meeting", retired, kept) in aliases
    # The memoranda signed at the two meetings are one now too: the second's id is an alias of the first's.
    assert [kind for kind, _, _ in aliases] == ["agreement", "meeting"]
    assert published_ids(second)["agreement"] == [stable_id("agr", "b2_report", "g1")]
    # The alias outlives the build that made it.
    third = build(("a_report", "b_report", "b2_report", "c_report"), previous=second, meetings=joined)
    assert published_ids(third)["meeting"] == [kept]
    assert third["id_aliases"].rows() == aliases


def test_a_report_whose_article_is_gone_leaves_the_id_to_the_others():
    first = build(("a_report", "b_report", "c_report"))
    second = build(("b_report", "c_report"), previous=first)
    assert published_ids(second) == published_ids(first)


# ---------------------------------------------------------------- read_previous_ids

def test_the_registry_reads_back_from_the_published_warehouse(tmp_path):
    tables = build(("b_report", "c_report"))
    target = tmp_path / "warehouse.duckdb"
    load.build_warehouse(tables, target, validate=False)  # "ZZ" is no ISO code: the checks are not the point
    previous = read_previous_ids(target)
    assert previous.registry.equals(tables["id_registry"])
    assert previous.mentions("meeting") == {("b_report", "m1"): published_ids(tables)["meeting"][0],
                                            ("c_report", "m1"): published_ids(tables)["meeting"][0]}


def write_file(path, content: bytes):
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("make", [
    lambda folder: folder / "missing.duckdb",
    lambda folder: write_file(folder / "garbage.duckdb", b"not a database at all"),
    lambda folder: write_file(folder / "empty.duckdb", b""),
    lambda folder: folder,  # a folder, not a file
], ids=["missing", "garbage", "empty", "folder"])
def test_an_unreadable_previous_warehouse_gives_no_ids(tmp_path, make):
    previous = read_previous_ids(make(tmp_path))
    assert previous.registry.height == 0 and previous.aliases.height == 0


def test_a_warehouse_of_an_older_schema_gives_no_ids(tmp_path):
    older = tmp_path / "older.duckdb"
    with duckdb.connect(str(older)) as connection:
        connection.execute("create table fct_meetings (meeting_id varchar)")
        connection.execute("create table id_aliases (alias varchar)")  # other columns than today's
    assert read_previous_ids(older).registry.height == 0


def test_a_registry_of_other_types_is_read_as_text(tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as connection:
        connection.execute("create table id_registry (subject_kind varchar, subject_id integer, article_id integer, "
                           "mention_key varchar)")
        connection.execute("insert into id_registry values ('meeting', 7, 3, 'm1')")
    previous = read_previous_ids(other)
    assert previous.registry.schema == pl.Schema(ids.REGISTRY_SCHEMA)
    assert previous.mentions("meeting") == {("3", "m1"): "7"}


def test_a_registry_read_back_builds_the_same_ids_as_the_tables(tmp_path):
    first = build(("b_report", "c_report"))
    target = tmp_path / "warehouse.duckdb"
    load.build_warehouse(first, target, validate=False)
    second = resolve.build_core_tables(articles_frame("a_report", "b_report", "c_report"),
                                       article_rows("a_report", "b_report", "c_report"), ids.read_previous_ids(target))
    assert published_ids(second) == published_ids(first)
