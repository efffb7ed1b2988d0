"""No run of six consecutive words of a seeds/ article is copied into the extraction code or data under etl/."""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ETL_DIR = PROJECT_ROOT / "etl"
SEEDS_DIR = PROJECT_ROOT / "seeds"
AGENCIES = ETL_DIR / "reference_data" / "agencies.jsonl"

RUN_LENGTH = 6
CHECKED_SUFFIXES = {".py", ".csv", ".json", ".jsonl", ".txt", ".html", ".css"}
# Fields of agencies.jsonl that hold official names of international bodies (see allowed_runs).
NAME_FIELDS = ("name", "acronym", "aliases")

Run = tuple[str, ...]


def normal_words(text: str) -> list[str]:
    """The words of text, lower-cased with accents folded: "Sûreté Nationale" -> ["surete", "nationale"]."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", folded)


def runs_of(words: list[str]) -> Iterator[tuple[int, Run]]:
    """(index of the first word, run) for every run of RUN_LENGTH consecutive words."""
    for i in range(len(words) - RUN_LENGTH + 1):
        yield i, tuple(words[i:i + RUN_LENGTH])


def article_runs(texts: Iterable[str]) -> set[Run]:
    """Every run of RUN_LENGTH consecutive words of the articles."""
    return {run for text in texts for _, run in runs_of(normal_words(text))}


def text_units(text: str, suffix: str) -> Iterator[tuple[list[str], list[int]]]:
    """The stretches of a file inside which words are consecutive, as (words, line number of each word).

    Code, markup and plain text are one stretch: a sentence of a comment or a string may go on over the
    next line. A CSV cell or a JSON Lines string value is a stretch of its own, because neighbouring cells
    or values ("…criminelle", "INTERPOL General Secretariat") are separate names, not a sentence.
    """
    if suffix == ".csv":
        reader = csv.reader(text.splitlines())
        for row in reader:
            for cell in row:
                words = normal_words(cell)
                yield words, [reader.line_num] * len(words)
    elif suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                values = list(string_values(json.loads(line))) if line.strip() else []
            except json.JSONDecodeError:
                values = [line]
            for value in values:
                words = normal_words(value)
                yield words, [number] * len(words)
    else:
        words, lines = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            line_words = normal_words(line)
            words += line_words
            lines += [number] * len(line_words)
        yield words, lines


def string_values(value) -> Iterator[str]:
    """Every string inside a parsed JSON value (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from string_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from string_values(item)


def copied_runs(text: str, suffix: str, corpus: set[Run], allowed: set[Run] = frozenset()) -> list[tuple[int, Run]]:
    """(line, run) for every run of the file's text that is also a run of the corpus and is not allowed."""
    found = []
    for words, lines in text_units(text, suffix):
        for i, run in runs_of(words):
            if run in corpus and run not in allowed:
                found.append((lines[i], run))
    return found


def allowed_runs(agencies: Path = AGENCIES) -> set[Run]:
    """Runs lying wholly inside one official name of an international body listed in agencies.jsonl.

    Names of international organisations are allowed in the code: an article and the reference list both
    say "United Nations Office on Drugs and Crime" because that is the body's name, not because one was
    copied from the other. Only the name, acronym and aliases of each entry count, and only a run inside a
    single name: prose put in another field, or around a name in the code, is still reported.
    """
    if not agencies.exists():
        return set()
    names = []
    for line in agencies.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            names += [value for field in NAME_FIELDS for value in string_values(entry.get(field) or [])]
    return article_runs(names)


def checked_files(folder: Path = ETL_DIR) -> list[Path]:
    """The files of the folder, recursively, whose wording is checked."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in CHECKED_SUFFIXES)


def test_etl_holds_no_six_word_run_of_a_seed_article():
    articles = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    assert articles, f"no articles in {SEEDS_DIR}"
    corpus, allowed = article_runs(articles), allowed_runs()
    copied = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {' '.join(run)}"
        for path in checked_files()
        for line, run in copied_runs(path.read_text(encoding="utf-8", errors="replace"), path.suffix, corpus, allowed)
    ]
    assert not copied, "wording of seeds/ articles copied into etl/:\n" + "\n".join(copied)


def test_checker_finds_a_shared_run_despite_case_and_accents():
    article = "À l'aube, le héron cendré traversa l'étang gelé sans bruit, puis disparut."
    code = 'x = 1\n# exemple : "Le HERON cendre traversa\n# l\'etang" et rien d\'autre\n'
    found = copied_runs(code, ".py", article_runs([article]))
    assert found == [(2, ("le", "heron", "cendre", "traversa", "l", "etang"))]
