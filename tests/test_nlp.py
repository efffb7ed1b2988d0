"""Tests of the spaCy pass (etl.nlp): story paragraphs, sentences and gazetteer mentions."""
from __future__ import annotations

import polars as pl
import pytest

from etl import nlp

ARTICLE_SCHEMA = {"article_id": pl.String, "text": pl.String, "language": pl.String}
PROSE_EN = "Police chiefs from six countries met in Lyon on Tuesday to discuss cross-border drug trafficking."
PROSE_FR = "Les chefs de police de six pays se sont réunis mardi à Lyon pour parler du trafic de drogue."


def annotate_one(text: str, language: str, article_id: str = "article-1") -> dict[str, pl.DataFrame]:
    """Sentences, mentions and tokens of a single article, through the real spaCy pipelines."""
    frame = pl.DataFrame({"article_id": [article_id], "text": [text], "language": [language]}, schema=ARTICLE_SCHEMA)
    return nlp.annotate(frame)


def gazetteer_mentions(text: str, language: str) -> list[tuple[str, str, str]]:
    """(label, text, kb_id) of the gazetteer's mentions in one article."""
    mentions = annotate_one(text, language)["mentions"]
    return [(m["label"], m["text"], m["kb_id"]) for m in mentions.iter_rows(named=True)
            if m["label"] in ("COUNTRY", "DEMONYM", "AGENCY")]


# --- story_paragraphs -------------------------------------------------------------------

def test_story_paragraphs_keeps_prose_with_its_line_index_and_offset():
    text = "Home\nWorld\n" + PROSE_EN
    paragraphs = nlp.story_paragraphs(text)
    assert [(p.index, p.text) for p in paragraphs] == [(2, PROSE_EN)]
    assert text[paragraphs[0].start:paragraphs[0].start + len(PROSE_EN)] == PROSE_EN


def test_story_paragraphs_drops_a_menu_and_headline_list():
    menu = "\n".join([
        "Home", "Politics", "Security", "Sport",
        "Interior minister tours new border post in Oujda",
        "Kenya Police Service signs agreement with Interpol",
        "Gendarmerie chief meets Senegalese counterpart in Dakar",
    ])
    assert nlp.story_paragraphs(menu + "\n" + PROSE_EN) == [nlp.Paragraph(7, len(menu) + 1, PROSE_EN)]


@pytest.mark.parametrize("line", [
    "Read also: Inspector General meets the Ghana Police Service chief in Accra to discuss border crime.",
    "Read more: Ten officers were decorated at the national police academy in Kaduna last week.",
    "Lire aussi : Le ministre de l'Intérieur reçoit son homologue malien à Bamako pour parler de sécurité.",
    "À lire : La gendarmerie nationale lance une vaste opération contre le trafic de carburant au nord.",
])
def test_story_paragraphs_drops_read_also_lines(line):
    assert nlp.story_paragraphs(line) == []


@pytest.mark.parametrize("line", [
    "• Police chief meets Interpol president in Lyon to discuss the coming general assembly.",
    "- Le directeur de la police reçoit une délégation espagnole au siège de la Sûreté nationale.",
    "* Ghana and Togo agree to share information on stolen vehicles at the border posts.",
])
def test_story_paragraphs_drops_short_bullet_lines(line):
    assert nlp.story_paragraphs(line) == []


@pytest.mark.parametrize("line", ["12 March 2024", "Tuesday, 12 March 2024 - 10:42", "12/03/2024", "mardi 12 mars 2024"])
def test_story_paragraphs_drops_date_only_lines(line):
    assert nlp.story_paragraphs(line) == []


@pytest.mark.parametrize("text", [PROSE_EN, PROSE_FR])
def test_story_line_is_prose_in_both_languages(text):
    assert nlp.is_story_line(text)


def test_a_long_line_without_final_punctuation_is_still_prose():
    line = ("The delegation led by the Inspector General of Police visited the regional command centre in Kisumu "
            "where officers presented the new radio network linking every county headquarters and border post")
    assert nlp.is_story_line(line)


# --- annotate ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "fr"])
def test_annotate_of_an_empty_article_gives_no_sentences_and_no_mentions(language):
    annotated = annotate_one("", language)
    sentences, mentions, tokens = annotated["sentences"], annotated["mentions"], annotated["tokens"]
    assert sentences.is_empty() and mentions.is_empty() and tokens.is_empty()
    assert sentences.schema == pl.Schema(nlp.SENTENCE_SCHEMA)
    assert mentions.schema == pl.Schema(nlp.MENTION_SCHEMA)
    assert tokens.schema == pl.Schema(nlp.TOKEN_SCHEMA)


def test_annotate_of_no_articles_gives_empty_frames_with_their_schemas():
    annotated = nlp.annotate(pl.DataFrame(schema=ARTICLE_SCHEMA))
    assert set(annotated) == {"sentences", "mentions", "tokens", "article_notes"}
    assert annotated["article_notes"].schema == pl.Schema(nlp.NOTE_SCHEMA) and annotated["article_notes"].is_empty()
    sentences, mentions, tokens = annotated["sentences"], annotated["mentions"], annotated["tokens"]
    assert sentences.schema == pl.Schema(nlp.SENTENCE_SCHEMA)
    assert mentions.schema == pl.Schema(nlp.MENTION_SCHEMA)
    assert tokens.schema == pl.Schema(nlp.TOKEN_SCHEMA)
    assert sentences.is_empty() and mentions.is_empty() and tokens.is_empty()


def test_annotate_reads_only_story_paragraphs():
    text = "Home\nRead also: Police chief meets Interpol president in Lyon to discuss security.\n" + PROSE_EN
    sentences = annotate_one(text, "en")["sentences"]
    assert sentences["text"].to_list() == [PROSE_EN]


def test_annotate_numbers_sentences_across_paragraphs_of_one_article():
    second = "The talks were chaired by the French National Police and ended with a joint statement."
    sentences = annotate_one(PROSE_EN + "\n" + second, "en")["sentences"]
    assert sentences["sentence_index"].to_list() == [0, 1]
    assert sentences["paragraph_index"].to_list() == [0, 1]


def test_annotate_numbers_sentences_per_article():
    frame = pl.DataFrame({"article_id": ["a", "b"], "text": [PROSE_EN, PROSE_EN], "language": ["en", "en"]},
                         schema=ARTICLE_SCHEMA)
    sentences = nlp.annotate(frame)["sentences"]
    assert sorted(sentences.select("article_id", "sentence_index").rows()) == [("a", 0), ("b", 0)]


def test_annotate_gives_offsets_in_the_article_text():
    text = "Menu\n" + PROSE_EN + "\n" + "Officers from the Czech Republic joined the operation coordinated by Interpol."
    annotated = annotate_one(text, "en")
    sentences, mentions = annotated["sentences"], annotated["mentions"]
    for row in sentences.iter_rows(named=True):
        assert text[row["start_char"]:row["end_char"]] == row["text"]
    for row in mentions.iter_rows(named=True):
        assert text[row["start_char"]:row["end_char"]] == row["text"]


def test_annotate_routes_each_article_to_its_language_pipeline():
    frame = pl.DataFrame({"article_id": ["en-1", "fr-1"], "text": [PROSE_EN, PROSE_FR], "language": ["en", "fr"]},
                         schema=ARTICLE_SCHEMA)
    sentences = nlp.annotate(frame)["sentences"]
    assert dict(sentences.select("article_id", "text").rows()) == {"en-1": PROSE_EN, "fr-1": PROSE_FR}


# --- gazetteer --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language", "label", "surface_end", "kb_id"), [
    ("Officers from the Czech Republic joined the operation in Ostrava last week.", "en", "COUNTRY", "Czech Republic", "CZ"),
    ("Le ministre a signé un accord avec la Mauritanie lors de sa visite à Nouakchott.", "fr", "COUNTRY", "Mauritanie", "MR"),
    ("A Moroccan delegation attended the training course at the academy in Kenitra on Friday.", "en", "DEMONYM", "Moroccan", "MA"),
    ("Une délégation marocaine a participé à la formation organisée à Kénitra vendredi dernier.", "fr", "DEMONYM", "marocaine", "MA"),
    ("The operation was coordinated by Interpol from its headquarters in Lyon last month.", "en", "AGENCY", "Interpol", "INTERPOL"),
    ("L'opération a été coordonnée par Europol depuis son siège de La Haye le mois dernier.", "fr", "AGENCY", "Europol", "Europol"),
])
def test_gazetteer_finds_countries_demonyms_and_international_bodies(text, language, label, surface_end, kb_id):
    found = gazetteer_mentions(text, language)
    assert any(lbl == label and surface.endswith(surface_end) and kb == kb_id for lbl, surface, kb in found), found


def test_gazetteer_does_not_read_french_un_as_the_un():
    text = "Un responsable a rencontré un officier de liaison et un expert lors de la visite à Dakar."
    assert not [m for m in gazetteer_mentions(text, "fr") if m[0] == "AGENCY"]


def test_gazetteer_reads_the_all_caps_un_as_the_united_nations():
    text = "The UN sent a team of experts to support the national police in Bangui last month."
    assert ("AGENCY", "UN", "United Nations") in gazetteer_mentions(text, "en")


@pytest.mark.parametrize(("surface", "pattern"), [
    ("UN", [{"ORTH": "UN"}]),
    ("ICPO", [{"ORTH": "ICPO"}]),
    ("Interpol", "Interpol"),
    ("INTERPOL", "INTERPOL"),
])
def test_only_short_all_caps_forms_match_case_sensitively(surface, pattern):
    assert nlp.phrase_or_token_pattern("AGENCY", surface, "INTERPOL") == {"label": "AGENCY", "pattern": pattern,
                                                                         "id": "INTERPOL"}
