"""The stages end to end, as plain functions over polars frames, with a per-article cache.

NLP (the costly stage) and extraction are cached per article under `<warehouse folder>/.cache`,
keyed by the article's content hash, its language, its publication date (extraction resolves
relative dates against it) and the code versions, so a rebuild reads unchanged articles back
instead of running spaCy again. Dagster assets in `dagster_project` call these functions.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl import dates, entities, extract, lexicon, nlp, reference, workers
from etl.extract import triggers
from etl.cache_files import write_atomically
from etl.entities import Sentence
from etl.schema import READABLE_STATUSES

READABLE = READABLE_STATUSES
ANNOTATION_SCHEMAS = nlp.ANNOTATION_SCHEMAS
ROW_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "meetings": {
        "article_id": pl.String, "local_id": pl.String, "meeting_type": pl.String, "name": pl.String,
        "ordinal": pl.Int32, "noun": pl.String, "organizer": pl.String, "status": pl.String, "parent": pl.String,
        "city": pl.String, "city_surface": pl.String, "country_iso2": pl.String, "start_date": pl.String,
        "end_date": pl.String, "date_precision": pl.String, "evidence": pl.String,
    },
    "participants": {"article_id": pl.String, "local_id": pl.String, "kind": pl.String, "key": pl.String,
                     "role": pl.String},
    "agreements": {
        "article_id": pl.String, "local_id": pl.String, "agreement_type": pl.String, "title": pl.String,
        "meeting": pl.String, "start_date": pl.String, "end_date": pl.String, "date_precision": pl.String,
        "evidence": pl.String,
    },
    "agreement_parties": {"article_id": pl.String, "local_id": pl.String, "kind": pl.String, "key": pl.String},
    "persons": {"article_id": pl.String, "name": pl.String, "aliases": pl.List(pl.String), "title": pl.String,
                "agency": pl.String, "country_iso2": pl.String, "mentions": pl.Int32},
    "agencies": {"article_id": pl.String, "key": pl.String, "surfaces": pl.List(pl.String), "acronym": pl.String,
                 "international": pl.Boolean, "country_iso2": pl.String},
    "article_countries": {"article_id": pl.String, "iso2": pl.String, "mentions": pl.Int32},
    "claims": {"article_id": pl.String, "meeting": pl.String, "subject": pl.String, "what": pl.String,
               "claimed": pl.Int32, "listed": pl.Int32},
    # What happened while reading the article (its annotations' notes and extraction's own), or its failure.
    "article_notes": nlp.NOTE_SCHEMA,
}


@dataclass(frozen=True)
class StageResult:
    """Frames a stage produced, the articles it covered (id -> version of the input it read, so that a later
    stage can tell a stale result from a current one), those it computed (the rest came from the cache)
    and where its time went (`workers.Read.seconds` and the processes used; empty when nothing was read)."""

    frames: dict[str, pl.DataFrame]
    articles: dict[str, str]
    computed_ids: tuple[str, ...]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def from_cache(self) -> int:
        return len(self.articles) - len(self.computed_ids)

    @property
    def computed(self) -> int:
        return len(self.computed_ids)


def readable_articles(articles: pl.DataFrame) -> pl.DataFrame:
    """Articles the pipeline reads: loaded or repaired, in a supported language."""
    return articles.filter(pl.col("status").is_in(READABLE))


def code_fingerprint(*modules, data_dirs: tuple[Path, ...] = ()) -> str:
    """A hash of the source of the modules (a package: all its modules) and of the data files a stage's
    output depends on, so that upgrading the code or its lexicons invalidates the cache without anyone
    bumping a version."""
    digest = hashlib.sha256()
    paths = []
    for module in modules:
        path = Path(module.__file__)
        paths += sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
    for data_dir in data_dirs:
        paths += sorted(p for p in data_dir.glob("*") if p.is_file())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def nlp_fingerprint() -> str:
    import spacy

    fingerprint = code_fingerprint(nlp, reference, triggers, data_dirs=(nlp.REFERENCE_DIR, triggers.LEXICON_DIR))
    return f"{nlp.NLP_VERSION}-{spacy.__version__}-{fingerprint}"


def extract_fingerprint() -> str:
    fingerprint = code_fingerprint(extract, entities, lexicon, dates, reference, data_dirs=(triggers.LEXICON_DIR,))
    return f"{extract.EXTRACT_VERSION}-{fingerprint}"


def cache_key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]


def read_cache(path: Path, tables: tuple[str, ...]) -> dict | None:
    """A cached per-article result, or None when absent, unreadable or not of the expected shape
    (then it is recomputed): a damaged cache costs time, never data."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(name), list) for name in tables):
        return None
    return value


def write_cache(path: Path, value: dict) -> None:
    """Store a per-article result (never half-written, even when the run is killed)."""
    write_atomically(path, json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


def annotation_keys(readable: pl.DataFrame) -> dict[str, str]:
    """Each article's NLP cache key: its text and language under this NLP code and these models."""
    fingerprint = nlp_fingerprint()
    return {row["article_id"]: cache_key(fingerprint, row["content_hash"], row["language"])
            for row in readable.select("article_id", "content_hash", "language").iter_rows(named=True)}


def facts_keys(readable: pl.DataFrame) -> dict[str, str]:
    """Each article's extraction cache key: also its date (relative dates resolve against it) and id."""
    fingerprint = extract_fingerprint() + nlp_fingerprint()
    columns = ("content_hash", "language", "published_date", "published_date_precision", "article_id")
    return {row[-1]: cache_key(fingerprint, *row) for row in readable.select(columns).iter_rows()}


def failure_notes(frames: dict[str, pl.DataFrame]) -> dict[str, list[dict]]:
    """The failure notes of a stage's frames, by article: the articles it could not read."""
    notes = frames.get("article_notes")
    if notes is None:
        return {}
    out: dict[str, list[dict]] = {}
    for row in notes.filter(pl.col("kind") == "failure").iter_rows(named=True):
        out.setdefault(row["article_id"], []).append(row)
    return out


def reusable(previous: StageResult | None, keys: dict[str, str]) -> tuple[dict[str, pl.DataFrame], set[str]]:
    """The rows of a stage's previous result for the articles whose key has not changed since, and their
    ids: an incremental run reads them in one piece instead of one cache entry per article. Articles it
    could not read are read again (the error may have passed, or its cause been fixed)."""
    if previous is None:
        return {}, set()
    failed = failure_notes(previous.frames)
    current = {article_id for article_id, key in keys.items()
               if previous.articles.get(article_id) == key and article_id not in failed}
    return {name: frame.filter(pl.col("article_id").is_in(current)) for name, frame in previous.frames.items()}, current


def with_reused(reused_frames: dict[str, pl.DataFrame], name: str, fresh: pl.DataFrame) -> pl.DataFrame:
    """The reused rows of a frame followed by the fresh ones."""
    return pl.concat([reused_frames[name], fresh]) if name in reused_frames else fresh


def article_jobs(articles: pl.DataFrame, cache_dir: Path, nlp_keys: dict[str, str],
                 annotations: dict[str, dict] | None = None) -> list[workers.Job]:
    """The per-article work for `etl.workers`: each article with its two cache entries (and its cached
    annotations, when only extraction is to run)."""
    fkeys = facts_keys(articles)
    columns = ("article_id", "text", "language", "published_date", "published_date_precision")
    return [workers.Job(article_id, text, language, published, precision or "unknown",
                        cache_dir / "nlp" / f"{nlp_keys[article_id]}.json",
                        cache_dir / "facts" / f"{fkeys[article_id]}.json",
                        (annotations or {}).get(article_id))
            for article_id, text, language, published, precision in articles.select(columns).iter_rows()]


def annotate_articles(articles: pl.DataFrame, cache_dir: Path, previous: StageResult | None = None) -> StageResult:
    """Sentences and mentions of every readable article: from the previous result, the cache or spaCy.

    Articles that need spaCy are read whole in `etl.workers`, extraction included: their facts wait in
    this process for `extract_articles` (and in the cache for any other process)."""
    readable = readable_articles(articles)
    keys = annotation_keys(readable)
    reused_frames, reused = reusable(previous, keys)
    cached = {a: read_cache(cache_dir / "nlp" / f"{k}.json", tuple(ANNOTATION_SCHEMAS))
              for a, k in keys.items() if a not in reused}
    missing = readable.filter(pl.col("article_id").is_in([a for a, v in cached.items() if v is None]))
    jobs = article_jobs(missing, cache_dir, keys)
    read = workers.read_articles(jobs, cache_dir) if jobs else workers.Read()
    PREPARED_FACTS.clear()
    PREPARED_FACTS.update({str(job.facts_path): read.facts_by_article[job.article_id] for job in jobs
                           if job.article_id in read.facts_by_article})
    fresh = {name: pl.concat(read.annotations[name]) if read.annotations[name] else pl.DataFrame(schema=schema)
             for name, schema in ANNOTATION_SCHEMAS.items()}
    frames = {name: pl.concat([reused_frames.get(name, pl.DataFrame(schema=schema)),
                               pl.DataFrame([r for v in cached.values() if v is not None for r in v[name]],
                                            schema=schema),
                               fresh[name]])
              for name, schema in ANNOTATION_SCHEMAS.items()}
    return StageResult(frames, keys, tuple(missing["article_id"].to_list()), read.timings())


# Facts read alongside the annotations in this process (by facts cache path), taken by the next
# `extract_articles`; a run whose steps are separate processes finds them in the cache instead. Each
# annotate call replaces them; a path names its article, text, date and code versions, so an entry can
# only ever be taken by the extraction it was read for.
PREPARED_FACTS: dict[str, dict] = {}


def extract_articles(articles: pl.DataFrame, annotations: dict[str, pl.DataFrame],
                     cache_dir: Path, previous: StageResult | None = None) -> StageResult:
    """Per-article meetings, agreements, persons and agencies: from the previous result, the facts read
    with the annotations, the cache or the extraction rules. `annotations` holds the frames of
    `annotate_articles` (sentences, mentions, tokens, notes); an article they could not read keeps its
    failure note as its only row."""
    readable = readable_articles(articles)
    keys = facts_keys(readable)
    reused_frames, reused = reusable(previous, keys)
    remaining = readable.filter(~pl.col("article_id").is_in(reused))
    unread = failure_notes(annotations)
    values: dict[str, dict] = {}
    computed: list[str] = []
    timings: dict[str, float] = {}
    for article_id in remaining["article_id"].to_list():
        if article_id in unread:
            values[article_id] = {"article_notes": unread[article_id]}
            computed.append(article_id)
            continue
        path = cache_dir / "facts" / f"{keys[article_id]}.json"
        prepared = PREPARED_FACTS.pop(str(path), None)
        values[article_id] = prepared if prepared is not None else read_cache(path, tuple(ROW_SCHEMAS))
        if prepared is not None:
            computed.append(article_id)
    todo = remaining.filter(pl.col("article_id").is_in([a for a, v in values.items() if v is None]))
    if todo.height:
        rows = annotation_rows(annotations, todo["article_id"])
        # The jobs carry their annotations: their NLP cache paths are never written.
        jobs = article_jobs(todo, cache_dir, annotation_keys(todo), rows)
        read = workers.read_articles(jobs, cache_dir)
        values.update(read.facts_by_article)
        computed += todo["article_id"].to_list()
        timings = read.timings()
    frames = {name: with_reused(reused_frames, name,
                                pl.DataFrame([r for v in values.values() for r in v.get(name, [])], schema=schema))
              for name, schema in ROW_SCHEMAS.items()}
    return StageResult(frames, keys, tuple(computed), timings)


def annotation_rows(annotations: dict[str, pl.DataFrame], article_ids: pl.Series) -> dict[str, dict]:
    """The annotation frames' rows of the given articles, by article: {article_id: {frame: [row dicts]}}."""
    out: dict[str, dict] = {article_id: {name: [] for name in ANNOTATION_SCHEMAS} for article_id in article_ids}
    for name, schema in ANNOTATION_SCHEMAS.items():
        frame = annotations.get(name, pl.DataFrame(schema=schema))
        for row in frame.filter(pl.col("article_id").is_in(article_ids.implode())).iter_rows(named=True):
            out[row["article_id"]][name].append(row)
    return out


def extract_one(article: dict, annotations: dict[str, pl.DataFrame | None]) -> dict:
    """The extraction rows of one article from its annotation frames (any of them None when empty)."""
    rows = {name: frame.to_dicts() if frame is not None else [] for name, frame in annotations.items()}
    return extract_from_rows(article, rows)


def extract_from_rows(article: dict, annotations: dict[str, list[dict]]) -> dict:
    """The extraction rows of one article (article_id, text, language, published_date[_precision]) from its
    annotation rows (`sentences`, `mentions`, `tokens` as lists of dicts): plain Python, no polars."""
    sentences = sorted(annotations.get("sentences") or [], key=lambda r: r["sentence_index"])
    sentence_list = [Sentence(r["sentence_index"], r["start_char"], r["end_char"], r["text"]) for r in sentences]
    mention_list = list(annotations.get("mentions") or [])
    token_list = sorted(annotations.get("tokens") or [], key=lambda r: (r["sentence_index"], r["token_index"]))
    published = dates.PublishedDate(article["published_date"], article["published_date_precision"] or "unknown")
    facts = extract.extract_article(article["text"], article["language"], published, sentence_list, mention_list,
                                    token_list)
    rows = extract.facts_to_rows(article["article_id"], facts)
    # The annotations' warnings (read in parts) go with the facts: the warehouse is built from the facts.
    rows["article_notes"] = [dict(row) for row in annotations.get("article_notes") or [] if row["kind"] == "warning"]
    rows["article_notes"] += [{"article_id": article["article_id"], "kind": "warning", "note": note}
                              for note in facts.entities.notes]
    return rows


def articles_with_notes(articles: pl.DataFrame, notes: list[dict]) -> pl.DataFrame:
    """The articles (`schema.ARTICLES` columns) with what happened while reading them (`article_notes` rows):
    an article that could not be read is `rejected` with the failure as its reason; warnings are added to
    its status reason."""
    failures: dict[str, str] = {}
    reasons: dict[str, list[str]] = {}
    for row in notes:
        if row["kind"] == "failure":
            failures.setdefault(row["article_id"], row["note"])
        elif row["note"] not in reasons.setdefault(row["article_id"], []):
            reasons[row["article_id"]].append(row["note"])
    if not failures and not reasons:
        return articles
    status, reason = [], []
    for article_id, old_status, old_reason in articles.select("article_id", "status", "status_reason").iter_rows():
        status.append("rejected" if article_id in failures else old_status)
        parts = [failures.get(article_id), old_reason, *reasons.get(article_id, [])]
        reason.append("; ".join(part for part in parts if part) or None)
    return articles.with_columns(pl.Series("status", status, pl.String), pl.Series("status_reason", reason, pl.String))
