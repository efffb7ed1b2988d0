"""Tests of etl.shards: the stable split of articles, and how a shard's output is stored and merged."""
from __future__ import annotations

import zlib

import polars as pl
import pytest

from etl import shards
from etl.pipeline import StageResult

MENTION_SCHEMA = {"article_id": pl.String, "text": pl.String, "aliases": pl.List(pl.String)}


def result_of(article_ids: list[str], computed: tuple[str, ...] = ()) -> StageResult:
    """A result with two mentions per article, one with aliases, and an empty second frame."""
    rows = [{"article_id": a, "text": f"{a}-{n}", "aliases": [f"{a}-alias"] * n} for a in article_ids for n in (0, 1)]
    frames = {"mentions": pl.DataFrame(rows, schema=MENTION_SCHEMA),
              "claims": pl.DataFrame(schema={"article_id": pl.String, "claimed": pl.Int32})}
    return StageResult(frames, {a: f"v-{a}" for a in article_ids}, computed)


def ids_in(keys: list[str], count: int = 40) -> list[str]:
    return [a for a in (f"article-{n}" for n in range(count)) if shards.shard_of(a) in keys]


def test_shard_of_is_a_crc32_of_the_id_so_it_never_changes_between_processes():
    assert shards.shard_of("lyon_en") == "shard-2"
    assert shards.shard_of("marrakech_en") == "shard-5"
    assert shards.shard_of("événement") == f"shard-{zlib.crc32('événement'.encode()) % shards.SHARD_COUNT}"


def test_every_shard_gets_some_of_a_hundred_articles():
    assert {shards.shard_of(f"article-{n}") for n in range(100)} == set(shards.SHARD_KEYS)


def test_in_shards_keeps_only_articles_of_those_shards():
    articles = pl.DataFrame({"article_id": [f"article-{n}" for n in range(40)]})
    kept = shards.in_shards(articles, ["shard-0", "shard-3"])
    assert kept["article_id"].to_list() == ids_in(["shard-0", "shard-3"])
    assert shards.in_shards(articles.clear(), ["shard-0"]).height == 0


def test_split_then_merge_gives_back_every_row_and_the_cache_counts():
    keys = ["shard-1", "shard-4"]
    article_ids = ids_in(keys)
    whole = result_of(article_ids, computed=(article_ids[0],))
    parts = shards.split(whole, keys + ["shard-6"])
    assert set(parts) == {"shard-1", "shard-4", "shard-6"}
    assert parts["shard-6"].articles == {} and parts["shard-6"].frames["mentions"].height == 0
    assert all(shards.shard_of(a) == "shard-1" for a in parts["shard-1"].frames["mentions"]["article_id"])
    merged = shards.merge(parts.values())
    assert merged.articles == whole.articles
    assert (merged.from_cache, merged.computed) == (len(article_ids) - 1, 1)
    assert merged.frames["mentions"].sort("text").equals(whole.frames["mentions"].sort("text"))


def test_split_refuses_articles_of_a_shard_it_was_not_asked_for():
    with pytest.raises(ValueError, match="shard-0"):
        shards.split(result_of(ids_in(["shard-0"])), ["shard-1"])


def test_write_then_read_keeps_types_lists_and_empty_frames(tmp_path):
    first, second = ids_in(["shard-3"])[:2]
    original = result_of([first, second], computed=(second,))
    shards.write(original, tmp_path / "shard-3")
    back = shards.read(tmp_path / "shard-3")
    assert back.articles == original.articles and back.computed_ids == (second,)
    assert back.frames["mentions"].equals(original.frames["mentions"])
    assert back.frames["claims"].schema == original.frames["claims"].schema
    light = shards.read(tmp_path / "shard-3", with_frames=False)
    assert light.frames == {} and light.articles == original.articles


def test_reading_leaves_out_articles_that_belong_to_another_shard(tmp_path):
    """What a shard stored before SHARD_COUNT changed and some of its articles moved."""
    mine, other = ids_in(["shard-3"])[0], ids_in(["shard-4"])[0]
    shards.write(result_of([mine, other], computed=(other,)), tmp_path / "shard-3")
    back = shards.read(tmp_path / "shard-3")
    assert list(back.articles) == [mine] and back.computed_ids == ()
    assert set(back.frames["mentions"]["article_id"]) == {mine}


def test_a_rewrite_replaces_the_previous_version_and_leaves_one_folder(tmp_path):
    first, second = ids_in(["shard-0"])[:2]
    shards.write(result_of([first]), tmp_path / "shard-0")
    shards.write(result_of([second]), tmp_path / "shard-0")
    assert list(shards.read(tmp_path / "shard-0").articles) == [second]
    assert len([p for p in (tmp_path / "shard-0").iterdir() if p.is_dir()]) == 1


def test_a_writer_killed_before_the_pointer_moves_leaves_the_previous_version(tmp_path):
    (article,) = ids_in(["shard-0"])[:1]
    shards.write(result_of([article]), tmp_path / "shard-0")
    half_written = tmp_path / "shard-0" / "0123abcd"
    half_written.mkdir()
    (half_written / "mentions.parquet").write_bytes(b"PAR1 cut short")
    assert list(shards.read(tmp_path / "shard-0").articles) == [article]


def test_read_stored_merges_the_shards_that_ran_and_is_none_before_any(tmp_path):
    assert shards.read_stored(tmp_path, "article_facts", shards.SHARD_KEYS) is None
    for shard in ("shard-1", "shard-6"):
        shards.write(result_of(ids_in([shard])), shards.stage_folder(tmp_path, "article_facts", shard))
    stored = shards.read_stored(tmp_path, "article_facts", shards.SHARD_KEYS)
    assert set(stored.articles) == set(ids_in(["shard-1", "shard-6"]))


def test_reading_a_shard_that_never_ran_says_so(tmp_path):
    with pytest.raises(shards.ShardMissing, match="article_facts shard-5 has no stored output"):
        shards.read(tmp_path / "article_facts" / "shard-5")


def test_reconcile_drops_removed_articles_and_names_new_or_changed_ones():
    stored = result_of(["kept", "changed", "removed"], computed=("removed",))
    current = {"kept": "v-kept", "changed": "v-changed-again", "new": "v-new"}
    facts, missing = shards.reconcile(stored, current)
    assert missing == ["changed", "new"]
    assert facts.articles == {"kept": "v-kept"}
    assert set(facts.frames["mentions"]["article_id"]) == {"kept"}
    assert facts.computed_ids == ()
