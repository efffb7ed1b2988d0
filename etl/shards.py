"""Shards: a stable split of the articles so that the per-article stages (NLP, extraction) can run apart.

Every article belongs to one of SHARD_COUNT shards by a hash of its id, so it stays in the same shard
when its text changes or other articles arrive. A run over every shard stores each shard apart; on a
cluster, Dagster partitions the per-article assets by shard, shards run on other machines, and the
load stage merges them all.

A shard's output is stored as one Parquet file per frame in a version folder of its own (the same
store as the whole-run outputs, `etl.stored_outputs`): written whole, then named in a `current`
pointer file replaced atomically, so a reader never sees half a shard and a killed writer leaves the
previous version readable.
"""
from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from etl import stored_outputs
from etl.pipeline import StageResult

SHARD_COUNT = 8
SHARD_KEYS = tuple(f"shard-{number}" for number in range(SHARD_COUNT))


class ShardMissing(LookupError):
    """A shard's output was asked for before that shard was ever computed."""


def shard_of(article_id: str) -> str:
    """The shard of an article: a CRC-32 of its id (stable across processes and Python versions)."""
    return SHARD_KEYS[zlib.crc32(article_id.encode("utf-8")) % SHARD_COUNT]


def in_shards(articles: pl.DataFrame, keys: Iterable[str]) -> pl.DataFrame:
    """The articles that belong to the given shards."""
    wanted = set(keys)
    return articles.filter(pl.col("article_id").map_elements(shard_of, return_dtype=pl.String).is_in(wanted))


def split(result: StageResult, keys: Sequence[str]) -> dict[str, StageResult]:
    """One result per shard key (shards with no article get an empty result of the same shape)."""
    ids_by_shard: dict[str, list[str]] = {key: [] for key in keys}
    for article_id in result.articles:
        ids_by_shard.setdefault(shard_of(article_id), []).append(article_id)
    unexpected = set(ids_by_shard) - set(keys)
    if unexpected:
        raise ValueError(f"articles of shards {sorted(unexpected)} in a result for shards {list(keys)}")
    computed = set(result.computed_ids)
    parts = {}
    for key, ids in ids_by_shard.items():
        frames = {name: frame.filter(pl.col("article_id").is_in(ids)) for name, frame in result.frames.items()}
        parts[key] = StageResult(frames, {a: result.articles[a] for a in ids}, tuple(a for a in ids if a in computed))
    return parts


def merge(results: Iterable[StageResult]) -> StageResult:
    """One result holding the frames and articles of several shards."""
    results = list(results)
    names = list(results[0].frames) if results else []
    frames = {name: pl.concat([result.frames[name] for result in results]) for name in names}
    articles = {a: version for result in results for a, version in result.articles.items()}
    computed_ids = tuple(a for result in results for a in result.computed_ids)
    return StageResult(frames, articles, computed_ids)


def reconcile(result: StageResult, articles: dict[str, str]) -> tuple[StageResult, list[str]]:
    """The part of a merged result that matches the current articles (id -> key), in article order, and
    the ids of current articles it lacks or holds for another text (their shard has not run since they
    changed). Articles no longer in the input are dropped."""
    current = [a for a, version in result.articles.items() if articles.get(a) == version]
    missing = sorted(a for a, version in articles.items() if result.articles.get(a) != version)
    # A stable sort by article: what follows never depends on how articles were spread over shards.
    frames = {name: frame.filter(pl.col("article_id").is_in(current)).sort("article_id", maintain_order=True)
              for name, frame in result.frames.items()}
    kept = set(current)
    return StageResult(frames, {a: articles[a] for a in current},
                       tuple(a for a in result.computed_ids if a in kept)), missing


def stage_folder(cache_dir: Path, stage: str, shard: str) -> Path:
    """Where a per-article stage keeps one shard's output."""
    return cache_dir / "shards" / stage / shard


def read_stored(cache_dir: Path, stage: str, keys: Iterable[str]) -> StageResult | None:
    """What a stage last stored for these shards, merged (shards never stored are left out); None if
    nothing was stored. The stage reuses the rows of articles that have not changed since."""
    stored = []
    for shard in keys:
        try:
            stored.append(read(stage_folder(cache_dir, stage, shard)))
        except ShardMissing:
            continue
    return merge(stored) if stored else None


def write(result: StageResult, folder: Path) -> Path:
    """Store a shard's result under folder as a new version (`etl.stored_outputs`) and point `current` at
    it; older versions are removed at once (only the newest serves)."""
    ids = {"articles": result.articles, "computed_ids": list(result.computed_ids)}
    return stored_outputs.write_output(folder, uuid.uuid4().hex, stored_outputs.Stored(dict(result.frames), ids),
                                       keep_seconds=0)


def read(folder: Path, with_frames: bool = True) -> StageResult:
    """A stored shard's result (the folder is named after its shard); without frames, only which articles
    it covered (cheap). Articles that another shard now owns (after SHARD_COUNT changed) are left out."""
    try:
        stored = stored_outputs.read_output(folder, with_frames=with_frames)
        ids = stored.values
        articles, computed = dict(ids["articles"]), ids["computed_ids"]
    except (stored_outputs.OutputMissing, KeyError, TypeError, ValueError) as error:
        raise ShardMissing(f"{folder.parent.name} {folder.name} has no stored output (in {folder}): "
                           f"materialise that shard first") from error
    owned = {a: key for a, key in articles.items() if shard_of(a) == folder.name}
    frames = stored.frames
    if len(owned) < len(articles):
        frames = {name: frame.filter(pl.col("article_id").is_in(list(owned))) for name, frame in frames.items()}
    return StageResult(frames, owned, tuple(a for a in computed if a in owned))
