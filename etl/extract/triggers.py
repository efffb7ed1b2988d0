"""The trigger lexicons: words that report meetings, visits and signings, English and French side by side.

The words live in data files beside this module (`lexicon/*.csv`), one row per frame with its English
and French lemmas: a frame says what a word reports and which of its arguments are the sides (a
`meet` verb takes its counterpart as object, a `talk` verb only through "with"/"avec", a `host`
verb's object is the visitor). Each entry is a general word of the domain. Irregular forms a
lemma needs for the cheap sentence prefilter are written after it in parentheses.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicon"
LANGUAGES = ("en", "fr")
ENTRY = re.compile(r"^\s*(?P<lemma>[^()]+?)\s*(?:\((?P<forms>[^)]*)\))?\s*$")


@dataclass(frozen=True)
class Entry:
    """One lexicon word: its lemma, the frame it belongs to and the surface forms the prefilter looks for."""

    frame: str
    language: str
    lemma: str
    forms: tuple[str, ...]


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents, so that machine-translated text without diacritics still matches."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


def read_lexicon(name: str) -> list[Entry]:
    """Every entry of one lexicon file (`frame,en,fr` columns, `|`-separated entries)."""
    entries = []
    with open(LEXICON_DIR / name, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            frame = next(iter(row.values()))
            for language in LANGUAGES:
                for cell in filter(None, (row.get(language) or "").split("|")):
                    match = ENTRY.match(cell)
                    forms = tuple((match.group("forms") or "").split())
                    entries.append(Entry(frame, language, match.group("lemma").strip(), forms))
    return entries


@lru_cache(maxsize=None)
def lemmas(name: str, frame: str, language: str | None = None) -> frozenset[str]:
    """Folded lemmas of one frame of a lexicon, in one language or both."""
    return frozenset(fold(e.lemma) for e in read_lexicon(name)
                     if e.frame == frame and (language is None or e.language == language))


@lru_cache(maxsize=None)
def frames_of(name: str, language: str) -> dict[str, frozenset[str]]:
    """lemma -> the frames it belongs to, for one lexicon and language."""
    out: dict[str, set[str]] = {}
    for entry in read_lexicon(name):
        if entry.language == language:
            out.setdefault(fold(entry.lemma), set()).add(entry.frame)
    return {lemma: frozenset(frames) for lemma, frames in out.items()}


@lru_cache(maxsize=None)
def particle_verbs(language: str) -> frozenset[str]:
    """Verbs that have an entry with a particle in the verb lexicon ("call" for "call on")."""
    return frozenset(lemma.split()[0] for lemma in frames_of("verbs.csv", language) if " " in lemma)


def stem(lemma: str, language: str) -> str:
    """The invariable start of a word's inflected forms ("receive" -> "receiv", "rencontrer" -> "rencontr")."""
    word = fold(lemma)
    if language == "fr":
        word = re.sub(r"(?:oir|er|ir|re)$", "", word) if len(word) > 5 else word
    else:
        word = re.sub(r"e$", "", word) if len(word) > 4 else word
    return word


# Frames whose words make a sentence worth parsing: what reports talks, visits, signings and events.
# Light verbs ("hold", "avoir") are left out: they report a meeting only beside a meeting noun, which is
# itself in the prefilter.
PREFILTER_VERB_FRAMES = ("meet", "talk", "host", "call", "sign", "visit", "convene", "gather", "travel")
PREFILTER_NOUN_FRAMES = ("talk", "visit")


# Suffixes that make another word of a verb's stem: an agent or institution ("inspector", "organisation",
# "organisateur"), an adjective ("significant", "signal"). Inflections and the act itself ("signing",
# "signature", "rencontre") stay.
NOT_DERIVED = r"(?!ation|ateur|atrice|ator|or\b|ors\b|ificat|ifica|al\b|als\b|aux\b|ale\b|ales\b|eur)"
# A travel verb tells of a trip only with its destination ("headed to", "arrived in", "s'est rendu à"): alone,
# "head", "go" or "land" are too common a word to make a sentence worth parsing.
WORD_END = r"(?![a-z])"
DESTINATION = r"\w*\s+(?:to|for|in|at|a|en|au|aux|dans)\b"


@lru_cache(maxsize=None)
def prefilter(language: str) -> re.Pattern:
    """A cheap test of whether a sentence may report a meeting, visit or signing (and so is parsed).

    A stem of four letters or more matches any inflection ("rencontr" in "rencontrera"); a shorter stem or
    an irregular form only the whole word ("met", not "metre"; "go", not "government")."""
    alternatives = set()
    for name, frames in (("verbs.csv", PREFILTER_VERB_FRAMES), ("nouns.csv", PREFILTER_NOUN_FRAMES)):
        for entry in read_lexicon(name):
            if entry.language != language or entry.frame not in frames:
                continue
            base = re.escape(stem(entry.lemma.split()[0], language))
            forms = [re.escape(fold(form)) for form in entry.forms]
            if entry.frame == "travel":
                alternatives.update(word + DESTINATION for word in [base, *forms])
                continue
            alternatives.add(base + (NOT_DERIVED + r"\w*" if len(base) >= 4 else WORD_END))
            alternatives.update(form + WORD_END for form in forms)
    return re.compile(r"(?<![a-z])(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")", re.I)


@lru_cache(maxsize=1 << 14)
def verb_of_form(form: str, language: str) -> str:
    """The lexicon verb an inflected form belongs to ("signe" -> "signer", "met" -> "meet"), or ""."""
    form = fold(form)
    best = ""
    for entry in read_lexicon("verbs.csv"):
        if entry.language != language:
            continue
        lemma_ = fold(entry.lemma.split()[0])
        if form in (fold(f) for f in entry.forms) or (len(stem(lemma_, language)) >= 4 and form.startswith(stem(lemma_, language))):
            best = max(best, lemma_, key=len)
    return best


def worth_parsing(sentence: str, language: str) -> bool:
    """True when a sentence holds a word of a meeting, visit, signing or agreement frame."""
    return language in LANGUAGES and bool(prefilter(language).search(fold(sentence)))
