"""Ids that survive change: agency, person, meeting and agreement ids carried over between builds.

A fact's id is first the hash of its cluster's first mention (`stable_id`), so a new article that joins
a cluster and sorts first would rename it. The id registry remembers, for every published id, the
mentions that formed it — (article_id, mention_key) pairs that an article yields the same way on every
build. The next build gives each new cluster the old id whose mentions it holds, so published ids (and
the saved filters of BI users) outlive merges, splits and new reports:

* a cluster holding mentions of one old id keeps it;
* a split: the part holding most of the old id's mentions keeps it (ties: the part whose own hash sorts first);
* a merge: the cluster keeps the old id of which it holds most mentions (ties: the id that sorts first);
  the other old ids become aliases of it (`id_aliases`), so an analyst can follow a saved id;
* a cluster holding no known mention gets its hash, as on a fresh build.

Without a previous warehouse every cluster gets its hash: a fresh build gives the ids it always gave.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.schema import CORE_TABLES

log = logging.getLogger(__name__)

Mention = tuple[str, str]  # (article_id, mention_key): a meeting's or agreement's local id, a name as read

REGISTRY_SCHEMA = CORE_TABLES["id_registry"]
ALIASES_SCHEMA = CORE_TABLES["id_aliases"]


def stable_id(prefix: str, *parts: object) -> str:
    """An id that depends only on what identifies the thing, so rebuilds give the same ids."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:12]}"


@dataclass(frozen=True)
class PreviousIds:
    """The id registry and aliases of the previously published warehouse (both empty when there is none)."""

    registry: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=REGISTRY_SCHEMA))
    aliases: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ALIASES_SCHEMA))

    def mentions(self, kind: str) -> dict[Mention, str]:
        """(article_id, mention_key) -> the id it was published under, for one kind of id."""
        rows = self.registry.filter(pl.col("subject_kind") == kind).sort("subject_id")
        out: dict[Mention, str] = {}
        for subject_id, article_id, mention_key in rows.select("subject_id", "article_id", "mention_key").iter_rows():
            out.setdefault((article_id, mention_key), subject_id)  # a hand-edited registry: the first id wins
        return out


def read_previous_ids(warehouse_path: Path | str) -> PreviousIds:
    """The registry of the warehouse published at warehouse_path, read-only; empty when the file is missing,
    unreadable or of a schema without the registry (a warehouse from before it)."""
    import duckdb

    from etl.load import main_tables

    path = Path(warehouse_path)
    if not path.is_file():
        return PreviousIds()
    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            tables = main_tables(connection)
            registry = aliases = []
            if "id_registry" in tables:
                registry = connection.execute(
                    "select subject_kind, subject_id, article_id, mention_key from id_registry").fetchall()
            if "id_aliases" in tables:
                aliases = connection.execute("select subject_kind, alias_id, subject_id from id_aliases").fetchall()
        previous = PreviousIds(
            registry=pl.DataFrame(registry, schema=REGISTRY_SCHEMA, orient="row").drop_nulls(),
            aliases=pl.DataFrame(aliases, schema=ALIASES_SCHEMA, orient="row").drop_nulls(),
        )
    # Whatever goes wrong with the old file (locked, corrupt, another DuckDB version, other columns), the
    # run goes on: without the registry the ids are the hashes a fresh build gives.
    except Exception as error:  # noqa: BLE001
        log.warning("ids of %s not carried over: %s", path, error)
        return PreviousIds()
    return previous


def assign_ids(clusters: Mapping[str, list[Mention]],
               previous: Mapping[Mention, str]) -> tuple[dict[str, str], dict[str, str]]:
    """For clusters keyed by their hash id, the id each keeps ({hash id: final id}) and the old ids a merge
    retired ({old id: final id of the cluster holding most of its mentions}).

    Old ids go to clusters by how many of their mentions a cluster holds, most first, each old id and each
    cluster taken once. A cluster left without one takes its hash id, or a hash of it if that is taken."""
    shared: Counter = Counter()
    for hashed, mentions in clusters.items():
        for mention in mentions:
            if mention in previous:
                shared[(previous[mention], hashed)] += 1
    final: dict[str, str] = {}
    taken: set[str] = set()
    for (old_id, hashed), _ in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
        if hashed not in final and old_id not in taken:
            final[hashed] = old_id
            taken.add(old_id)
    for hashed in sorted(set(clusters) - set(final)):
        candidate, attempt = hashed, 0
        while candidate in taken:
            # A split-off part whose hash is the id its other part kept: a new id, the same on every rebuild.
            attempt += 1
            candidate = stable_id(hashed.rsplit("_", 1)[0], hashed, attempt)
        final[hashed] = candidate
        taken.add(candidate)
    holders: dict[str, Counter] = defaultdict(Counter)
    for (old_id, hashed), count in shared.items():
        holders[old_id][final[hashed]] += count
    retired = {old_id: min(counts, key=lambda i: (-counts[i], i))
               for old_id, counts in holders.items() if old_id not in taken}
    return final, retired


def carried_aliases(new: Mapping[str, str], earlier: Mapping[str, str], live: set[str]) -> dict[str, str]:
    """This build's aliases and the earlier ones still meaningful: pointing at a live id (through this build's
    aliases where their id was retired now), and never for an id that is live again."""
    out = {alias: target for alias, target in new.items() if alias not in live}
    for alias, target in earlier.items():
        target = new.get(target, target)
        if alias not in live and alias not in out and target in live:
            out[alias] = target
    return out


class IdRegistry:
    """Settles each kind of id against the previous registry and collects the registry of this build."""

    def __init__(self, previous: PreviousIds | None = None):
        self.previous = previous or PreviousIds()
        self.rows: list[dict] = []
        self.aliases: list[dict] = []

    def settle(self, kind: str, mention_ids: Mapping[Mention, str], hashed_ids: Iterable[str] = ()) -> dict[str, str]:
        """{hash id: final id} for the clusters that mention_ids ((article_id, mention_key) -> hash id) forms
        and for hashed_ids (clusters that may have no mention); records the mentions under their final ids
        and the aliases of the old ids a merge retired."""
        clusters: dict[str, list[Mention]] = {hashed: [] for hashed in hashed_ids}
        for (article_id, mention_key), hashed in mention_ids.items():
            clusters.setdefault(hashed, []).append((str(article_id), str(mention_key)))
        final, retired = assign_ids(clusters, self.previous.mentions(kind))
        self.rows += [{"subject_kind": kind, "subject_id": final[hashed], "article_id": article_id,
                       "mention_key": mention_key}
                      for hashed, mentions in clusters.items() for article_id, mention_key in mentions]
        earlier = self.previous.aliases.filter(pl.col("subject_kind") == kind)
        aliases = carried_aliases(retired, dict(zip(earlier["alias_id"], earlier["subject_id"])), set(final.values()))
        self.aliases += [{"subject_kind": kind, "alias_id": alias, "subject_id": target}
                         for alias, target in sorted(aliases.items())]
        return final

    def tables(self) -> dict[str, pl.DataFrame]:
        """The `id_registry` and `id_aliases` tables of this build, sorted so that rebuilds write the same rows."""
        return {
            "id_registry": pl.DataFrame(self.rows, schema=REGISTRY_SCHEMA).unique().sort(list(REGISTRY_SCHEMA)),
            "id_aliases": pl.DataFrame(self.aliases, schema=ALIASES_SCHEMA).unique().sort(list(ALIASES_SCHEMA)),
        }
