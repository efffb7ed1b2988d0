"""Tests of etl.pipeline: the NLP and extraction stages and their per-article cache."""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl import ingest, pipeline

ENGLISH = (
    "Abdellatif Hammouchi, Director General of National Security of Morocco, took part in the 8th INTERPOL "
    "meeting of heads of police of the Middle East and North Africa region, held on September 3 and 4 in Lyon, "
    "France.\n"
    "On the sidelines of the meeting, Hammouchi held a bilateral meeting with Nile Cotton, the Director of "
    "Cybercrime at INTERPOL.\n"
)
FRENCH = (
    "Abdellatif Hammouchi, directeur général de la sûreté nationale, a dirigé la délégation du Maroc à la 8e "
    "réunion d'Interpol des chefs de police de la région Moyen-Orient et Afrique du Nord, tenue les 3 et 4 "
    "septembre à Lyon.\n"
    "En marge de la réunion, Hammouchi a tenu une réunion bilatérale avec Niall Gutton, directeur de la "
    "cybercriminalité à Interpol.\n"
)
MANIFEST = "article_id,url,title,outlet,published_date,language\nlyon_en,,,,2024-09-05,\nlyon_fr,,,,2024-09-05,\n"


def write_articles(folder: Path, english: str = ENGLISH, french: str = FRENCH) -> Path:
    """The two tiny articles (one English, one French) and their manifest in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lyon_en.txt").write_text(english, encoding="utf-8")
    (folder / "lyon_fr.txt").write_text(french, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


def read(folder: Path) -> pl.DataFrame:
    return ingest.read_articles(folder).articles


@pytest.fixture()
def articles(tmp_path) -> pl.DataFrame:
    return read(write_articles(tmp_path / "articles"))


@pytest.fixture()
def cache_dir(tmp_path) -> Path:
    return tmp_path / "warehouse" / ".cache"


def sorted_frame(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns[:4])


def test_the_two_articles_are_readable_in_their_languages(articles):
    readable = pipeline.readable_articles(articles)
    assert dict(zip(readable["article_id"], readable["language"])) == {"lyon_en": "en", "lyon_fr": "fr"}


def test_annotate_computes_then_reads_everything_from_the_cache(articles, cache_dir):
    first = pipeline.annotate_articles(articles, cache_dir)
    assert (first.from_cache, first.computed) == (0, 2)
    assert len(list((cache_dir / "nlp").glob("*.json"))) == 2
    second = pipeline.annotate_articles(articles, cache_dir)
    assert (second.from_cache, second.computed) == (2, 0)
    for name in pipeline.ANNOTATION_SCHEMAS:
        assert second.frames[name].schema == first.frames[name].schema
        assert sorted_frame(second.frames[name]).equals(sorted_frame(first.frames[name])), name


def test_annotate_finds_sentences_and_mentions_of_both_articles(articles, cache_dir):
    frames = pipeline.annotate_articles(articles, cache_dir).frames
    assert set(frames["sentences"]["article_id"]) == {"lyon_en", "lyon_fr"}
    mentions = frames["mentions"]
    # The models' labels differ (PERSON in English, PER in French; the small English model may call a
    # name ORG), so the test looks at what was found, not how it was labelled.
    assert {"Abdellatif Hammouchi", "Nile Cotton", "Niall Gutton"} <= set(mentions["text"])
    countries = mentions.filter(pl.col("label") == "COUNTRY")
    assert {"MA", "FR"} <= set(countries["kb_id"])
    assert set(mentions.filter(pl.col("label") == "AGENCY")["kb_id"]) == {"INTERPOL"}


def test_changing_one_article_recomputes_only_that_one(articles, cache_dir, tmp_path):
    pipeline.annotate_articles(articles, cache_dir)
    changed = read(write_articles(tmp_path / "changed", french=FRENCH.replace("Lyon", "Lyon, en France")))
    result = pipeline.annotate_articles(changed, cache_dir)
    assert (result.from_cache, result.computed) == (1, 1)
    french_sentences = result.frames["sentences"].filter(pl.col("article_id") == "lyon_fr")
    assert any("Lyon, en France" in text for text in french_sentences["text"])


def test_a_corrupt_cache_file_is_recomputed_not_fatal(articles, cache_dir):
    first = pipeline.annotate_articles(articles, cache_dir)
    victim = sorted((cache_dir / "nlp").glob("*.json"))[0]
    victim.write_text('{"sentences": [{"article_id": "lyon', encoding="utf-8")  # cut short
    result = pipeline.annotate_articles(articles, cache_dir)
    assert (result.from_cache, result.computed) == (1, 1)
    assert sorted_frame(result.frames["mentions"]).equals(sorted_frame(first.frames["mentions"]))
    assert pipeline.read_cache(victim, tuple(pipeline.ANNOTATION_SCHEMAS)) is not None  # rewritten


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"null"])
def test_an_unreadable_cache_file_of_any_kind_is_recomputed(articles, cache_dir, content):
    pipeline.annotate_articles(articles, cache_dir)
    victim = sorted((cache_dir / "nlp").glob("*.json"))[0]
    victim.write_bytes(content)
    result = pipeline.annotate_articles(articles, cache_dir)
    assert (result.from_cache, result.computed) == (1, 1)


@pytest.mark.parametrize("content", ["{}", "[]"])
def test_a_cache_file_that_is_json_but_not_a_record_is_recomputed(articles, cache_dir, content):
    pipeline.annotate_articles(articles, cache_dir)
    victim = sorted((cache_dir / "nlp").glob("*.json"))[0]
    victim.write_text(content, encoding="utf-8")
    result = pipeline.annotate_articles(articles, cache_dir)
    assert (result.from_cache, result.computed) == (1, 1)


def forbid(monkeypatch, module, name: str) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError(f"{name} must not run when the previous result is current")

    monkeypatch.setattr(module, name, refuse)


def test_annotate_takes_unchanged_articles_from_the_previous_result_without_cache_or_spacy(
        articles, cache_dir, monkeypatch, tmp_path):
    first = pipeline.annotate_articles(articles, cache_dir)
    forbid(monkeypatch, pipeline, "read_cache")
    forbid(monkeypatch, pipeline.workers, "read_articles")
    second = pipeline.annotate_articles(articles, tmp_path / "empty_cache", previous=first)
    assert (second.from_cache, second.computed) == (2, 0)
    assert second.articles == first.articles
    for name in pipeline.ANNOTATION_SCHEMAS:
        assert sorted_frame(second.frames[name]).equals(sorted_frame(first.frames[name])), name


def test_a_previous_result_under_another_key_is_not_reused(articles, cache_dir):
    first = pipeline.annotate_articles(articles, cache_dir)
    stale = pipeline.StageResult(first.frames, {a: "older code" for a in first.articles}, ())
    changed = read(write_articles(cache_dir.parent / "changed", french=FRENCH.replace("Lyon", "Lyon, en France")))
    result = pipeline.annotate_articles(changed, cache_dir, previous=stale)
    assert (result.from_cache, result.computed) == (1, 1)
    french = result.frames["sentences"].filter(pl.col("article_id") == "lyon_fr")
    assert any("Lyon, en France" in text for text in french["text"])
    assert result.frames["sentences"].height == first.frames["sentences"].height


def test_extract_takes_unchanged_articles_from_the_previous_result(articles, cache_dir, monkeypatch, tmp_path):
    first = extract(articles, cache_dir)
    forbid(monkeypatch, pipeline, "read_cache")
    forbid(monkeypatch, pipeline.workers, "read_articles")
    empty = {name: pl.DataFrame(schema=schema) for name, schema in pipeline.ANNOTATION_SCHEMAS.items()}
    second = pipeline.extract_articles(articles, empty, tmp_path / "empty_cache", previous=first)
    assert (second.from_cache, second.computed) == (2, 0)
    for name in pipeline.ROW_SCHEMAS:
        assert sorted_frame(second.frames[name]).equals(sorted_frame(first.frames[name])), name


def extract(articles: pl.DataFrame, cache_dir: Path) -> pipeline.StageResult:
    frames = pipeline.annotate_articles(articles, cache_dir).frames
    return pipeline.extract_articles(articles, frames, cache_dir)


def test_extract_reads_facts_back_from_the_cache(articles, cache_dir):
    first = extract(articles, cache_dir)
    assert (first.from_cache, first.computed) == (0, 2)
    second = extract(articles, cache_dir)
    assert (second.from_cache, second.computed) == (2, 0)
    for name, schema in pipeline.ROW_SCHEMAS.items():
        assert dict(second.frames[name].schema) == schema, name
        assert second.frames[name].equals(first.frames[name]), name


def test_extract_finds_the_meeting_in_both_articles(articles, cache_dir):
    meetings = extract(articles, cache_dir).frames["meetings"]
    events = meetings.filter(pl.col("meeting_type") == "multilateral")
    assert sorted(events["article_id"]) == ["lyon_en", "lyon_fr"]
    assert set(events["ordinal"]) == {8}
    assert set(events["city"]) == {"Lyon"}


def test_extraction_is_recomputed_when_the_publication_date_changes(articles, cache_dir):
    extract(articles, cache_dir)
    redated = articles.with_columns(
        pl.when(pl.col("article_id") == "lyon_en").then(pl.date(2023, 9, 5)).otherwise(pl.col("published_date"))
        .alias("published_date"))
    result = extract(redated, cache_dir)
    assert (result.from_cache, result.computed) == (1, 1)
    english = result.frames["meetings"].filter((pl.col("article_id") == "lyon_en") & (pl.col("ordinal") == 8))
    assert english["start_date"].to_list() == ["2023-09-03"]


def test_a_facts_cache_file_that_is_not_a_record_is_recomputed(articles, cache_dir):
    first = extract(articles, cache_dir)
    for victim in (cache_dir / "facts").glob("*.json"):
        victim.write_text("{}", encoding="utf-8")
    result = extract(articles, cache_dir)
    assert result.frames["meetings"].height == first.frames["meetings"].height


def test_refused_articles_are_not_annotated(tmp_path, cache_dir):
    folder = write_articles(tmp_path / "articles")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    articles = read(folder)
    assert articles.height == 3
    result = pipeline.annotate_articles(articles, cache_dir)
    assert result.computed == 2
    assert "empty" not in set(result.frames["sentences"]["article_id"])


def test_no_readable_article_gives_empty_frames_with_their_schemas(articles, cache_dir):
    none = articles.clear()
    annotations = pipeline.annotate_articles(none, cache_dir)
    assert (annotations.from_cache, annotations.computed) == (0, 0)
    facts = pipeline.extract_articles(none, annotations.frames, cache_dir)
    assert all(frame.height == 0 for frame in facts.frames.values())
    assert not cache_dir.exists() or not any(cache_dir.rglob("*.json"))
