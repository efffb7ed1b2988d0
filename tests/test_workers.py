"""Tests of etl.workers (whole articles read in worker processes) and etl.regex_compile."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import polars as pl
import pytest

from etl import pipeline, regex_compile, workers
from etl.cache_files import write_atomically
from tests.test_pipeline import read, sorted_frame, write_articles

ENGLISH_TALKS = (
    "The chief of police of Norland, General Ada Vantor, held talks with her counterpart from Kenya in Nairobi "
    "on Tuesday.\nThe two officials signed a memorandum of understanding on training and the exchange of "
    "information.\n"
)
FRENCH_TALKS = (
    "Le commandant de la gendarmerie sénégalaise, Moussa Ndiaye, s'est entretenu mardi à Dakar avec son "
    "homologue du Mali.\nLes deux parties ont signé un protocole d'accord sur la formation des agents.\n"
)


def job(article_id: str, language: str, tmp_path: Path) -> workers.Job:
    return workers.Job(article_id, "text", language, None, "unknown", tmp_path / f"{article_id}.nlp.json",
                       tmp_path / f"{article_id}.facts.json")


def test_small_inputs_stay_in_this_process_and_large_ones_use_every_core(monkeypatch):
    monkeypatch.delenv("SECMEET_PROCESSES", raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    assert workers.processes_for(1) == 1
    assert workers.processes_for(workers.PARALLEL_MIN_ARTICLES - 1) == 1
    assert workers.processes_for(workers.PARALLEL_MIN_ARTICLES) == 2
    assert workers.processes_for(2000) == 2
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 64)
    assert workers.processes_for(2000) == workers.MAX_PROCESSES


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), ("0", 2), ("two", 2), ("", 2)])
def test_secmeet_processes_caps_the_processes_and_bad_values_are_ignored(monkeypatch, value, expected):
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setenv("SECMEET_PROCESSES", value)
    assert workers.processes_for(2000) == expected


def test_tasks_hold_one_language_each_in_the_order_one_process_reads_them(tmp_path):
    jobs = [job(f"a{i}", "fr" if i % 3 == 0 else "en", tmp_path) for i in range(10)]
    tasks = workers.chunks(jobs, size=3)
    assert all(len({j.language for j in task}) == 1 for task in tasks)
    assert all(len(task) <= 3 for task in tasks)
    flat = [j.article_id for task in tasks for j in task]
    english = [j.article_id for j in jobs if j.language == "en"]
    french = [j.article_id for j in jobs if j.language == "fr"]
    assert flat == english + french


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory) -> pl.DataFrame:
    return read(write_articles(tmp_path_factory.mktemp("articles"), english=ENGLISH_TALKS, french=FRENCH_TALKS))


def read_all(articles: pl.DataFrame, cache_dir: Path, processes: int) -> workers.Read:
    readable = pipeline.readable_articles(articles)
    jobs = pipeline.article_jobs(readable, cache_dir, pipeline.annotation_keys(readable))
    return workers.read_articles(jobs, cache_dir, processes=processes)


def test_worker_processes_give_the_rows_one_process_gives(two_languages, tmp_path):
    alone = read_all(two_languages, tmp_path / "one", processes=1)
    spread = read_all(two_languages, tmp_path / "two", processes=2)
    assert (alone.processes, spread.processes) == (1, 2)
    for name, parts in alone.annotations.items():
        rows = pl.concat(parts)
        assert rows.height or name == "article_notes", name  # notes only for articles not read as written
        assert pl.concat(spread.annotations[name]).equals(rows), name
    assert spread.facts_by_article == alone.facts_by_article
    meetings = {row["article_id"] for row in spread.facts_by_article["lyon_fr"]["meetings"]}
    assert meetings == {"lyon_fr"}
    # Each worker wrote both cache entries of its articles.
    assert len(list((tmp_path / "two" / "nlp").glob("*.json"))) == 2
    assert len(list((tmp_path / "two" / "facts").glob("*.json"))) == 2
    assert spread.timings()["processes"] == 2
    assert spread.seconds["nlp"] > 0 and spread.seconds["extract"] > 0


def test_facts_read_with_the_annotations_are_taken_by_extraction_without_reading_again(
        two_languages, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    annotated = pipeline.annotate_articles(two_languages, cache_dir)
    monkeypatch.setattr(pipeline.workers, "read_articles", lambda *a, **k: pytest.fail("extraction ran twice"))
    facts = pipeline.extract_articles(two_languages, annotated.frames, cache_dir)
    assert facts.computed == 2
    assert set(facts.frames["agreements"]["article_id"]) == {"lyon_en", "lyon_fr"}


def test_an_extraction_error_fails_extraction_not_annotation(two_languages, tmp_path, monkeypatch):
    """The failure is recorded in the extraction stage, for that article only (tests/test_faults_extraction.py)."""
    real = pipeline.extract_from_rows

    def failing(article, annotations):
        if article["article_id"] == "lyon_fr":
            raise ValueError("a broken rule")
        return real(article, annotations)

    monkeypatch.setattr(pipeline, "extract_from_rows", failing)
    cache_dir = tmp_path / "cache"
    annotated = pipeline.annotate_articles(two_languages, cache_dir)
    assert annotated.computed == 2
    assert len(list((cache_dir / "nlp").glob("*.json"))) == 2  # both articles' annotations are kept
    facts = pipeline.extract_articles(two_languages, annotated.frames, cache_dir)
    notes = facts.frames["article_notes"]
    assert notes.rows() == [("lyon_fr", "failure", "could not be read by the extraction rules: ValueError")]
    assert set(facts.frames["meetings"]["article_id"]) == {"lyon_en"}


def test_extraction_alone_runs_on_the_annotations_it_is_given(two_languages, tmp_path):
    cache_dir = tmp_path / "cache"
    annotated = pipeline.annotate_articles(two_languages, cache_dir)
    first = pipeline.extract_articles(two_languages, annotated.frames, cache_dir)
    for entry in (cache_dir / "facts").glob("*.json"):
        entry.unlink()
    again = pipeline.extract_articles(two_languages, annotated.frames, cache_dir)
    assert again.computed == 2
    for name in pipeline.ROW_SCHEMAS:
        assert sorted_frame(again.frames[name]).equals(sorted_frame(first.frames[name])), name


LETTERS = "[" + re.escape("".join(chr(c) for c in range(0x00C0, 0x0250) if chr(c).isalpha())) + "a-z]"
PATTERNS = [f"(?iu)^{LETTERS}+-{word}-{LETTERS}+$" for word in ("de", "en", "sur", "sous")] + [r"\d+[.,]\d+"]


def test_memoised_character_classes_compile_to_patterns_that_match_the_same(monkeypatch):
    calls = []
    original = regex_compile.compiler._optimize_charset
    monkeypatch.setattr(regex_compile.compiler, "_optimize_charset",
                        lambda *args: calls.append(1) or original(*args))
    re.purge()  # re's own cache of compiled patterns would hide the work
    plain = [re.compile(p) for p in PATTERNS]
    plain_calls = len(calls)
    calls.clear()
    re.purge()
    with regex_compile.memoised_charsets():
        memoised = [re.compile(p) for p in PATTERNS]
    assert len(calls) < plain_calls  # the repeated letter class was optimised once
    assert regex_compile.compiler._optimize_charset is not original  # the test's own wrapper is back
    assert all(a is not b for a, b in zip(plain, memoised))
    matched = set()
    for text in ("saut-de-ski", "Pont-sur-Évêché", "ÉTÉ-EN-Hiver", "3,14", "pont-sur", "x-de-", "ǅ-sous-ǈ"):
        hits = [bool(p.match(text)) for p in plain]
        assert hits == [bool(p.match(text)) for p in memoised], text
        matched |= {i for i, hit in enumerate(hits) if hit}
    assert matched == set(range(len(PATTERNS)))


def test_concurrent_writers_of_one_cache_entry_all_succeed_and_leave_no_temporary_file(tmp_path):
    target = tmp_path / "entry.json"
    errors = []

    def write(n: int) -> None:
        try:
            for _ in range(50):
                write_atomically(target, f'{{"writer": {n}}}'.encode())
        except OSError as error:  # pragma: no cover - the failure this test guards against
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text() in {f'{{"writer": {n}}}' for n in range(4)}
    assert [p.name for p in tmp_path.iterdir()] == ["entry.json"]
    assert target.stat().st_mode & 0o777 == write_atomically.__globals__["FILE_MODE"]
