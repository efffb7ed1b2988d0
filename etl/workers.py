"""Whole articles read in worker processes: both spaCy passes and extraction, returning rows.

spaCy's own `n_process` sends every Doc back to the parent as a pickle and its children load the
models again for each pass; on two cores that was slower than one process. Here each worker reads
whole articles (the entity pass, the parse of candidate sentences, then the extraction rules), writes
both per-article cache entries itself, and returns only rows: annotation tuples and fact rows.

Small inputs stay in this process, where the models stay loaded between calls: a worker loads its
models as this process would, so workers pay once each has a chunk to read.

One article's failure stays that article's: an article spaCy cannot read, or whose extraction fails,
gets a `failure` note (`nlp.NOTE_SCHEMA`) instead of rows and no cache entry (a later run reads it
again), and the others are read as usual. While annotating, an article whose extraction fails keeps
its annotations (they are cached first) and gets no facts here: `pipeline.extract_articles` extracts
it again and records its failure there, in the extraction stage it belongs to.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.terminal import printable
from etl import nlp, reference
from etl.progress import progress

log = logging.getLogger(__name__)

# Articles per task sent to a worker: small enough to balance two workers, large enough for spaCy's batches.
CHUNK_ARTICLES = 12
# Fewer articles than this are read in this process. Starting a worker costs about what loading the
# models here costs (2 s for English, 6 s for French), so workers pay from a few chunks each.
PARALLEL_MIN_ARTICLES = 24
MAX_PROCESSES = 4


@dataclass(frozen=True)
class Job:
    """One article to read, its two cache entries, and its annotations when they are already known (then
    only extraction runs)."""

    article_id: str
    text: str
    language: str
    published_date: object
    published_date_precision: str
    nlp_path: Path
    facts_path: Path
    annotations: dict[str, list[dict]] | None = None


@dataclass
class Read:
    """What reading a set of articles gave: annotation frames (`nlp.ANNOTATION_SCHEMAS`, one per task) of
    the articles spaCy read, each article's fact rows (by article id), and where the
    time went (seconds summed over processes)."""

    annotations: dict[str, list[pl.DataFrame]] = field(
        default_factory=lambda: {name: [] for name in nlp.ANNOTATION_SCHEMAS})
    facts_by_article: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(
        default_factory=lambda: {"load_models": 0.0, "nlp": 0.0, "extract": 0.0, "cache_writes": 0.0})
    processes: int = 1
    wall_seconds: float = 0.0

    def timings(self) -> dict[str, float]:
        """Seconds by kind of work (summed over processes), the wall time and the processes, for metadata."""
        if not self.wall_seconds:
            return {}
        return {**{f"{name}_seconds": round(value, 3) for name, value in self.seconds.items()},
                "wall_seconds": round(self.wall_seconds, 3), "processes": self.processes}

    def add(self, other: Read) -> None:
        for name, parts in other.annotations.items():
            self.annotations[name] += parts
        self.facts_by_article.update(other.facts_by_article)
        for name, value in other.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + value


def process_limit() -> int:
    """Processes a run may use to read articles: `SECMEET_PROCESSES` when set to a whole number (1 on a
    cluster worker, where the cluster already spreads the shards over the cores), else the cores."""
    value = os.environ.get("SECMEET_PROCESSES", "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    return min(os.cpu_count() or 1, MAX_PROCESSES)


def processes_for(articles: int) -> int:
    """Worker processes for this many articles: none (this process) for small inputs, else one per core
    with at least one chunk each."""
    if articles < PARALLEL_MIN_ARTICLES:
        return 1
    return max(1, min(process_limit(), articles // CHUNK_ARTICLES))


def chunks(jobs: list[Job], size: int = CHUNK_ARTICLES) -> list[list[Job]]:
    """Jobs in tasks of `size`, one language per task (a worker then needs only that language's models
    for it), in the order spaCy reads them in one process: by language, then as given."""
    by_language = sorted(jobs, key=lambda job: job.language)
    out: list[list[Job]] = []
    for job in by_language:
        if not out or len(out[-1]) >= size or out[-1][0].language != job.language:
            out.append([])
        out[-1].append(job)
    return out


def read_articles(jobs: list[Job], cache_dir: Path, processes: int | None = None) -> Read:
    """Annotations and facts of every job, each written to its cache entries; in worker processes when
    there are enough articles (or `processes` says how many; 1 is this process)."""
    result = Read()
    if not jobs:
        return result
    started = time.perf_counter()
    processes = processes_for(len(jobs)) if processes is None else processes
    tasks = chunks(jobs)
    result.processes = min(processes, len(tasks))
    label = "spaCy and extraction" if any(job.annotations is None for job in jobs) else "extraction"
    with progress(len(jobs), f"{label}: articles") as advance:
        if result.processes <= 1:
            for task in tasks:
                result.add(read_chunk(task, cache_dir))
                advance(len(task))
            result.wall_seconds = time.perf_counter() - started
            return result
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(result.processes, mp_context=context) as pool:
            with main_module_hidden():  # the workers start at the first submit
                futures = [pool.submit(read_chunk, task, cache_dir) for task in tasks]
            try:
                for future, task in zip(futures, tasks):
                    result.add(future.result())
                    advance(len(task))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)  # tasks not started are dropped, not run
                raise
    result.wall_seconds = time.perf_counter() - started
    return result


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """While workers start, the program's main module (the `secmeet` command, Dagster's run worker) is not
    named to them: a spawned process imports it first otherwise (1.5 s of Dagster imports each), and the
    work they run lives in this module."""
    main = sys.modules.get("__main__")
    saved = {name: main.__dict__[name] for name in ("__file__", "__spec__") if main is not None and name in main.__dict__}
    try:
        for name in saved:
            if name == "__spec__":
                main.__spec__ = None
            else:
                del main.__file__
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


_CITY_INDEX_LOADED: set[Path] = set()

# How an article that could not be read is reported (its `status_reason`), by the stage that failed.
NLP_FAILED = "could not be read by the language models"
EXTRACT_FAILED = "could not be read by the extraction rules"


def failure_note(article_id: str, what_failed: str, error: BaseException) -> dict:
    """The note (`nlp.NOTE_SCHEMA`) of an article whose reading raised `error`: the kind of error, not its
    message, which may quote the text at length (the traceback goes to the log, for whoever fixes it)."""
    log.warning("article %s %s: %s", printable(article_id), what_failed, type(error).__name__)
    log.debug("the error reading article %s", printable(article_id), exc_info=error)
    return {"article_id": article_id, "kind": "failure", "note": f"{what_failed}: {type(error).__name__}"}


def annotate_each_alone_on_error(articles: list[tuple[str, str, str]]) -> tuple[dict[str, list[tuple]], set[str]]:
    """`nlp.annotate_rows` of the articles, and the ids of those it could not read: when the batch fails,
    each article is read alone, so one article's error costs only that article (its failure note is
    among the rows)."""
    try:
        return nlp.annotate_rows(articles), set()
    except Exception:
        pass
    rows: dict[str, list[tuple]] = {name: [] for name in nlp.ANNOTATION_SCHEMAS}
    failed: set[str] = set()
    for article in articles:
        try:
            one = nlp.annotate_rows([article])
        except Exception as error:
            failed.add(article[0])
            rows["article_notes"].append(tuple(failure_note(article[0], NLP_FAILED, error).values()))
            continue
        for name, values in one.items():
            rows[name] += values
    return rows, failed


def read_chunk(jobs: Iterable[Job], cache_dir: Path) -> Read:
    """Read a few articles in this process (a worker's task): spaCy for those without annotations (their
    NLP cache entries written at once), then extraction (its cache entries written). An article spaCy
    cannot read gets a failure note among the annotations; an extraction error gives a failure note as the
    article's facts when the annotations were given (extraction alone), and otherwise leaves that article
    without facts for the extraction stage to retry."""
    from etl import pipeline  # pipeline builds the jobs; imported here to keep the import graph one-way

    jobs = list(jobs)
    out = Read()
    to_annotate = [(job.article_id, job.text, job.language) for job in jobs if job.annotations is None]
    started = time.perf_counter()
    for language in sorted({language for _, _, language in to_annotate} & set(nlp.MODELS)):
        nlp.load_pipeline(language)  # cached for the process: only a worker's first task of a language pays
    out.seconds["load_models"] = time.perf_counter() - started
    started = time.perf_counter()
    annotated: dict[str, dict[str, list[dict]]] = {}
    failed: set[str] = set()
    if to_annotate:
        rows, failed = annotate_each_alone_on_error(to_annotate)
        # Columnar frames travel back: a tenth of the memory of the tuples in the process that collects them.
        frames = nlp.annotation_frames(rows)
        out.annotations = {name: [frame] for name, frame in frames.items()}
        annotated = pipeline.annotation_rows(frames, pl.Series([article_id for article_id, _, _ in to_annotate]))
    out.seconds["nlp"] = time.perf_counter() - started
    started = time.perf_counter()
    for job in jobs:
        if job.annotations is None and job.article_id not in failed:
            pipeline.write_cache(job.nlp_path, annotated[job.article_id])
    out.seconds["cache_writes"] += time.perf_counter() - started
    if cache_dir not in _CITY_INDEX_LOADED:
        reference.use_stored_city_index(cache_dir / "reference")
        _CITY_INDEX_LOADED.add(cache_dir)
    for job in jobs:
        if job.article_id in failed:
            continue  # nothing to extract from: its failure note travels with the annotations
        annotations = job.annotations if job.annotations is not None else annotated[job.article_id]
        started = time.perf_counter()
        article = {"article_id": job.article_id, "text": job.text, "language": job.language,
                   "published_date": job.published_date, "published_date_precision": job.published_date_precision}
        try:
            value = pipeline.extract_from_rows(article, annotations)
        except Exception as error:
            if job.annotations is not None:  # extraction alone: the failure is this article's facts, not cached
                note = failure_note(job.article_id, EXTRACT_FAILED, error)
                out.facts_by_article[job.article_id] = {"article_notes": [note]}
            continue  # while annotating: the extraction stage extracts it again and records the failure
        extracted = time.perf_counter()
        pipeline.write_cache(job.facts_path, value)
        out.seconds["extract"] += extracted - started
        out.seconds["cache_writes"] += time.perf_counter() - extracted
        out.facts_by_article[job.article_id] = value
    return out

