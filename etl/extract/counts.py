"""Counts an article claims ("held 43 bilateral meetings", "vingt-sept entretiens", "signed two accords"),
kept beside the number of meetings or agreements it actually lists, so that `reporting.discrepancies`
shows both. Numbers in words of any size are read with text2num.
"""
from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

from etl.entities import ArticleEntities
from etl.extract import triggers
from etl.extract.model import Agreement, Meeting


@lru_cache(maxsize=None)
def claim_pattern() -> re.Pattern:
    """A number, up to two words, then a plural meeting or agreement noun of the lexicon."""
    nouns = triggers.lemmas("nouns.csv", "talk") | {n for n in triggers.lemmas("agreements.csv", "mou")
                                                     | triggers.lemmas("agreements.csv", "agreement")
                                                     | triggers.lemmas("agreements.csv", "protocol") if " " not in n}
    stems = sorted({triggers.stem(n, "fr") for n in nouns} | {triggers.stem(n, "en") for n in nouns}, key=len, reverse=True)
    return re.compile(r"(?<![\d.,])(?P<count>\d{1,3})\s+(?P<what>(?:[\w'-]+\s+){0,2}?(?:" + "|".join(map(re.escape, stems))
                      + r")[\w'-]*(?:\s+bilat\w+)?)", re.I)


def is_plural(what: str) -> bool:
    """A counted noun phrase in the plural ("bilateral meetings", "réunions", "memoranda", "MoUs")."""
    return any(w.endswith(("s", "x")) or w in ("memoranda", "accords") for w in what.lower().split())


def is_agreement_word(what: str) -> bool:
    agreement_words = {n.split()[0] for kind in ("mou", "agreement", "protocol", "declaration")
                       for n in triggers.lemmas("agreements.csv", kind)}
    return any(triggers.fold(word).rstrip("sxa").startswith(a.rstrip("s")[:6]) for word in what.split() for a in agreement_words)


def find_claims(ents: ArticleEntities, language: str, talks: list[Meeting], agreements: list[Agreement],
                main: Meeting | None) -> list[dict]:
    """Numbers of meetings or agreements an article claims that differ from how many it lists."""
    claims = []
    listed_talks = sum(1 for t in talks if t.meeting_type == "bilateral" and t.status == "held")
    for sentence in ents.sentences:
        text = triggers.fold(alpha2digit(sentence.text, "fr" if language == "fr" else "en", threshold=2))
        for match in claim_pattern().finditer(text):
            claimed = int(match.group("count"))
            what = match.group("what").lower()
            if not is_plural(what):
                continue
            is_agreement = is_agreement_word(what)
            listed = len(agreements) if is_agreement else listed_talks
            if claimed >= 2 and claimed != listed:
                claims.append({"subject": "agreement" if is_agreement else "meeting",
                               "meeting": main.local_id if main else None, "claimed": claimed, "listed": listed,
                               "sentence": sentence.index, "what": what})
    return claims
