"""Faults while reading articles (issue 14, NLP and extraction): one article's error is that article's
recorded failure, a paragraph too long for spaCy is read in parts, and a sentence that lists thousands of
names is read in bounded time, with a note. Every text here is invented for these tests."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import polars as pl
import pycountry
import pytest
import spacy

from etl import entities, ingest, nlp, pipeline, workers
from etl.entities import Sentence

ALPHA = ("The chief of police of Norland, General Ada Vantor, held talks with her counterpart from Kenya in Nairobi "
         "on Tuesday.\n")
BRAVO = ("Commissioner Bram Meruk, the head of the Osterland border guard, held talks with his counterpart from Ghana "
         "in Accra on Monday.\n")
CHARLIE = ("General Cyra Tallis, the head of the Westmark coast guard, held talks with her counterpart from Peru in "
           "Lima on Friday.\n")
FRENCH = ("Le général Ivo Drebin, chef de la police de Norland, s'est entretenu mardi à Dakar avec son homologue "
          "du Mali.\n")
NLP_FAILED = "could not be read by the language models: RuntimeError"
EXTRACT_FAILED = "could not be read by the extraction rules: RuntimeError"


def write_folder(folder: Path, **texts: str) -> Path:
    """Articles named after their keyword arguments, with a manifest that dates them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    rows = "".join(f"{name},,,,2024-09-05,\n" for name in texts)
    (folder / "manifest.csv").write_text("article_id,url,title,outlet,published_date,language\n" + rows,
                                         encoding="utf-8")
    return folder


@pytest.fixture()
def three(tmp_path) -> pl.DataFrame:
    return ingest.read_articles(write_folder(tmp_path / "articles", alpha=ALPHA, bravo=BRAVO, charlie=CHARLIE)).articles


@pytest.fixture()
def cache_dir(tmp_path) -> Path:
    return tmp_path / "warehouse" / ".cache"


def fail_nlp_of(monkeypatch, article_id: str) -> None:
    """spaCy's output of one article raises (as a bug in reading it would)."""
    real = nlp.collect_doc

    def collect(doc, this_id, *args):
        if this_id == article_id:
            raise RuntimeError("injected")
        return real(doc, this_id, *args)

    monkeypatch.setattr(nlp, "collect_doc", collect)


def fail_extraction_of(monkeypatch, article_id: str) -> None:
    """Extraction of one article raises."""
    real = pipeline.extract_from_rows

    def extract(article, annotations):
        if article["article_id"] == article_id:
            raise RuntimeError("injected")
        return real(article, annotations)

    monkeypatch.setattr(pipeline, "extract_from_rows", extract)


def notes_of(result: pipeline.StageResult) -> list[tuple]:
    return sorted(result.frames["article_notes"].rows())


# ---------------------------------------------------------------- one article's failure, in this process

def test_an_nlp_error_in_one_article_is_its_failure_and_the_others_are_read(three, cache_dir, monkeypatch):
    fail_nlp_of(monkeypatch, "bravo")
    annotated = pipeline.annotate_articles(three, cache_dir)
    assert notes_of(annotated) == [("bravo", "failure", NLP_FAILED)]
    assert set(annotated.frames["sentences"]["article_id"]) == {"alpha", "charlie"}
    assert len(list((cache_dir / "nlp").glob("*.json"))) == 2  # the failure is not cached
    facts = pipeline.extract_articles(three, annotated.frames, cache_dir)
    assert notes_of(facts) == [("bravo", "failure", NLP_FAILED)]
    assert set(facts.frames["meetings"]["article_id"]) == {"alpha", "charlie"}
    assert set(facts.articles) == {"alpha", "bravo", "charlie"}


def test_an_extraction_error_in_one_article_is_its_failure_and_the_others_are_read(three, cache_dir, monkeypatch):
    fail_extraction_of(monkeypatch, "bravo")
    annotated = pipeline.annotate_articles(three, cache_dir)
    facts = pipeline.extract_articles(three, annotated.frames, cache_dir)
    assert notes_of(facts) == [("bravo", "failure", EXTRACT_FAILED)]
    assert set(facts.frames["meetings"]["article_id"]) == {"alpha", "charlie"}
    assert len(list((cache_dir / "facts").glob("*.json"))) == 2  # the failure is not cached
    assert len(list((cache_dir / "nlp").glob("*.json"))) == 3  # its annotations are


def test_a_failed_article_is_read_again_once_the_bug_is_fixed(three, cache_dir, monkeypatch):
    with monkeypatch.context() as patch:
        fail_nlp_of(patch, "bravo")
        first_annotated = pipeline.annotate_articles(three, cache_dir)
        first_facts = pipeline.extract_articles(three, first_annotated.frames, cache_dir)
    # Fixed: neither the cache nor the previous results hold the failure as a success.
    annotated = pipeline.annotate_articles(three, cache_dir, previous=first_annotated)
    assert annotated.computed_ids == ("bravo",)
    facts = pipeline.extract_articles(three, annotated.frames, cache_dir, previous=first_facts)
    assert facts.computed_ids == ("bravo",)
    assert notes_of(facts) == []
    assert set(facts.frames["meetings"]["article_id"]) == {"alpha", "bravo", "charlie"}


def test_an_extraction_failure_is_not_reused_from_the_previous_result(three, cache_dir, monkeypatch):
    with monkeypatch.context() as patch:
        fail_extraction_of(patch, "charlie")
        annotated = pipeline.annotate_articles(three, cache_dir)
        first = pipeline.extract_articles(three, annotated.frames, cache_dir)
    assert notes_of(first) == [("charlie", "failure", EXTRACT_FAILED)]
    again = pipeline.extract_articles(three, annotated.frames, cache_dir, previous=first)
    assert again.computed_ids == ("charlie",)
    assert set(again.frames["meetings"]["article_id"]) == {"alpha", "bravo", "charlie"}


# ---------------------------------------------------------------- in worker processes

class UnreadableText(str):
    """An article text whose reading raises in whichever process reads it (a monkeypatch would not reach a
    spawned worker; the text travels to it by pickle)."""

    def split(self, *args, **kwargs):
        raise RuntimeError("injected")


def test_one_article_that_fails_in_a_worker_process_fails_alone(tmp_path):
    articles = ingest.read_articles(write_folder(tmp_path / "articles", alpha=ALPHA, bravo=BRAVO,
                                                 lyon=FRENCH)).articles
    readable = pipeline.readable_articles(articles)
    jobs = pipeline.article_jobs(readable, tmp_path / "cache", pipeline.annotation_keys(readable))
    jobs = [dataclasses.replace(job, text=UnreadableText(job.text)) if job.article_id == "bravo" else job
            for job in jobs]
    read = workers.read_articles(jobs, tmp_path / "cache", processes=2)  # English and French: two tasks
    assert read.processes == 2
    notes = pl.concat(read.annotations["article_notes"])
    assert notes.rows() == [("bravo", "failure", NLP_FAILED)]
    assert set(pl.concat(read.annotations["sentences"])["article_id"]) == {"alpha", "lyon"}
    assert set(read.facts_by_article) == {"alpha", "lyon"}
    assert len(list((tmp_path / "cache" / "nlp").glob("*.json"))) == 2


def test_an_extraction_error_in_a_worker_process_is_that_articles_failure(tmp_path):
    articles = ingest.read_articles(write_folder(tmp_path / "articles", alpha=ALPHA, bravo=BRAVO,
                                                 lyon=FRENCH)).articles
    cache_dir = tmp_path / "cache"
    annotated = pipeline.annotate_articles(articles, cache_dir)
    readable = pipeline.readable_articles(articles)
    rows = pipeline.annotation_rows(annotated.frames, readable["article_id"])
    rows["bravo"]["sentences"] = [{"sentence_index": 0}]  # damaged annotations: extraction raises KeyError
    jobs = pipeline.article_jobs(readable, tmp_path / "other_cache", pipeline.annotation_keys(readable), rows)
    read = workers.read_articles(jobs, tmp_path / "other_cache", processes=2)
    assert read.processes == 2
    assert read.facts_by_article["bravo"] == {"article_notes": [
        {"article_id": "bravo", "kind": "failure", "note": "could not be read by the extraction rules: KeyError"}]}
    assert {row["article_id"] for row in read.facts_by_article["lyon"]["meetings"]} == {"lyon"}
    assert len(list((tmp_path / "other_cache" / "facts").glob("*.json"))) == 2


# ---------------------------------------------------------------- the article rows

LOADED = {"article_id": "a", "status": "loaded", "status_reason": None}
REPAIRED = {"article_id": "a", "status": "repaired", "status_reason": "HTML reduced to text"}


@pytest.mark.parametrize(("article", "notes", "expected"), [
    (LOADED, [], ("loaded", None)),
    (LOADED, [("failure", NLP_FAILED)], ("rejected", NLP_FAILED)),
    (LOADED, [("warning", "read in parts"), ("warning", "read in parts")], ("loaded", "read in parts")),
    (REPAIRED, [("warning", "read in parts")], ("repaired", "HTML reduced to text; read in parts")),
    (REPAIRED, [("failure", EXTRACT_FAILED)], ("rejected", EXTRACT_FAILED + "; HTML reduced to text")),
])
def test_articles_with_notes_mark_the_failed_and_tell_the_warnings(article, notes, expected):
    articles = pl.DataFrame([article, {"article_id": "b", "status": "loaded", "status_reason": None}])
    rows = [{"article_id": "a", "kind": kind, "note": note} for kind, note in notes]
    marked = pipeline.articles_with_notes(articles, rows)
    assert marked.row(0)[1:] == expected
    assert marked.row(1) == ("b", "loaded", None)


def test_a_failed_article_is_rejected_in_reporting_articles_and_the_run_succeeds(tmp_path, monkeypatch):
    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource

    for name in ("ARTICLES_DIR", "WAREHOUSE_PATH", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)
    fail_extraction_of(monkeypatch, "bravo")
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    resource = WarehouseResource(articles_dir=str(write_folder(tmp_path / "articles", alpha=ALPHA, bravo=BRAVO)),
                                 warehouse_path=str(warehouse))
    assert materialize_everything(resource).success
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute("select article_id, status, status_reason, meetings from reporting.articles "
                                  "order by article_id").fetchall()
    assert rows == [("alpha", "loaded", None, 1), ("bravo", "rejected", EXTRACT_FAILED, 0)]


# ---------------------------------------------------------------- long paragraphs are read in parts

PLAIN = "The weather office of Kenya published its weekly bulletin on rain, wind and the rivers. "


def long_paragraph(size: int) -> str:
    return (PLAIN * (size // len(PLAIN) + 1)).rstrip()


def test_a_paragraph_of_a_megabyte_is_cut_at_sentence_ends_into_parts_that_fit():
    paragraph = nlp.Paragraph(3, 40, long_paragraph(1_100_000))
    parts = nlp.paragraph_parts(paragraph)
    assert len(parts) == 12
    assert all(len(part.text) <= nlp.MAX_PART_CHARS for part in parts)
    assert "".join(part.text for part in parts) == paragraph.text
    assert all(part.start - 40 == paragraph.text.index(part.text, part.start - 40) for part in parts)
    assert all(part.text.endswith(". ") for part in parts[:-1])
    assert {part.index for part in parts} == {3}


@pytest.mark.parametrize(("text", "lengths"), [
    ("x" * 250, [100, 100, 50]),  # no space: cut anywhere
    ("word " * 50, [100, 100, 50]),  # no sentence end: cut after a space
    ("A short paragraph.", [18]),
    ("", [0]),
])
def test_a_paragraph_without_sentence_ends_is_cut_after_spaces_or_anywhere(text, lengths):
    parts = nlp.paragraph_parts(nlp.Paragraph(0, 0, text), limit=100)
    assert [len(part.text) for part in parts] == lengths
    assert "".join(part.text for part in parts) == text


@pytest.fixture()
def blank_english(monkeypatch):
    """A tokenizer, the sentencizer and a one-country gazetteer in place of the English models: the
    same limits as spaCy's own (a million characters), read in seconds."""
    model = spacy.blank("en")
    model.add_pipe("sentencizer")
    ruler = model.add_pipe("span_ruler", name="gazetteer", config={"spans_key": "gazetteer"})
    ruler.add_patterns([{"label": "COUNTRY", "pattern": "Kenya", "id": "KE"}])
    monkeypatch.setattr(nlp, "load_pipeline", lambda language: model)
    return model


def test_an_article_that_is_one_paragraph_of_1_1_megabytes_is_read_in_parts(blank_english):
    text = "Nairobi weekly\n" + long_paragraph(1_100_000) + "\n"
    with pytest.raises(ValueError, match="E088"):
        blank_english(text)  # what reading it whole gives
    rows = nlp.annotate_rows([("big", text, "en")])
    assert rows["article_notes"] == [("big", "warning", "read in parts: 1 paragraph(s) longer than 100,000 "
                                      "characters, more than the language models read at once")]
    sentences = rows["sentences"]
    assert len(sentences) == text.count(". ") + 1
    assert [row[1] for row in sentences] == list(range(len(sentences)))
    assert all(text[start:end] == sentence for _, _, _, start, end, sentence in sentences)
    assert len(rows["mentions"]) == len(sentences)
    assert all(text[start:end] == "Kenya" for _, _, _, _, start, end, _ in rows["mentions"])


def test_reading_in_parts_at_sentence_ends_gives_the_sentences_and_places_of_reading_whole(monkeypatch):
    text = ALPHA.strip() + " " + BRAVO.strip() + " " + CHARLIE
    whole = nlp.annotate_rows([("abc", text, "en")])
    monkeypatch.setattr(nlp, "MAX_PART_CHARS", 150)
    parts = nlp.annotate_rows([("abc", text, "en")])
    assert [note[1] for note in parts["article_notes"]] == ["warning"] and whole["article_notes"] == []
    assert parts["sentences"] == whole["sentences"]
    gazetteer = [row for row in whole["mentions"] if row[2] == "COUNTRY"]
    assert [row for row in parts["mentions"] if row[2] == "COUNTRY"] == gazetteer
    assert {row[3] for row in gazetteer} == {"Kenya", "Ghana", "Peru"}
    assert all(text[row[4]:row[5]] == row[3] for row in parts["mentions"])


def test_an_empty_article_gives_no_rows_and_no_notes():
    rows = nlp.annotate_rows([("empty", "", "en")])
    assert all(values == [] for values in rows.values())


# ---------------------------------------------------------------- a sentence that lists thousands of names

def mention(sentence: int, start: int, text: str = "Kenya", label: str = "COUNTRY", kb_id: str = "KE") -> dict:
    return {"sentence_index": sentence, "label": label, "text": text, "start_char": start,
            "end_char": start + len(text), "kb_id": kb_id}


def test_a_sentence_with_more_mentions_than_the_limit_is_read_up_to_it_with_a_note():
    crowded = [mention(1, 1000 + 7 * i) for i in range(12)][::-1]
    mentions = [mention(0, 0), *crowded, mention(2, 2000)]
    kept, notes = entities.within_mention_limit(mentions, limit=10)
    assert len(kept) == 12 and kept[0] is mentions[0] and kept[-1] is mentions[-1]
    assert sorted(m["start_char"] for m in kept if m["sentence_index"] == 1) == [1000 + 7 * i for i in range(10)]
    assert notes == ["1 sentence(s) hold more than 10 names (up to 12): only the first 10 of each were read"]


def test_a_sentence_at_the_limit_is_read_whole_without_a_note():
    mentions = [mention(0, 7 * i) for i in range(10)]
    kept, notes = entities.within_mention_limit(mentions, limit=10)
    assert kept is mentions and notes == []


def test_entities_of_a_sentence_of_ten_thousand_countries_are_bounded_and_quick():
    text = ", ".join(["Kenya"] * 10_000) + "."
    mentions = [mention(0, 7 * i) for i in range(10_000)]
    found = entities.build_entities(text, [Sentence(0, 0, len(text), text)], mentions)
    assert len([e for e in found.entities if e.kind == "country"]) == entities.MAX_MENTIONS_PER_SENTENCE
    assert found.notes == ["1 sentence(s) hold more than 500 names (up to 10,000): only the first 500 of each were read"]


def country_list(count: int) -> str:
    """'Delegations from A, B, ... and Z attended the meeting in Vienna.', cycling over pycountry's names."""
    names = [country.name for country in pycountry.countries if "," not in country.name]
    listed = [names[i % len(names)] for i in range(count)]
    return f"Delegations from {', '.join(listed[:-1])} and {listed[-1]} attended the meeting in Vienna.\n"


def test_a_sentence_of_ten_thousand_country_names_is_read_through_the_pipeline_with_its_cap_recorded(tmp_path):
    # How long it takes (150 s before the cap and the indexes, about 3 s after) is measured by
    # scripts/fault_injection.py, not asserted here.
    articles = ingest.read_articles(write_folder(tmp_path / "articles", roll=country_list(10_000))).articles
    annotated = pipeline.annotate_articles(articles, tmp_path / "cache")
    facts = pipeline.extract_articles(articles, annotated.frames, tmp_path / "cache")
    assert facts.frames["article_countries"].height > 200
    notes = facts.frames["article_notes"]["note"].to_list()
    assert any("only the first 500 of each were read" in note for note in notes)
    assert set(facts.frames["article_notes"]["kind"]) == {"warning"}
