"""Who the people of an article are: the person it is about, and each person's agency and country."""
from __future__ import annotations

import re
from collections import Counter

from etl import lexicon
from etl.entities import ArticleEntities, Entity, Sentence


def main_person(ents: ArticleEntities) -> str | None:
    """The person the article is about: the most mentioned one, the first on a tie."""
    counts = Counter(e.key for e in ents.entities if e.kind == "person")
    if not counts:
        return None
    first = {e.key: e.start for e in reversed(ents.entities) if e.kind == "person"}
    return max(counts, key=lambda name: (counts[name], -first[name]))


def assign_person_agencies(ents: ArticleEntities) -> dict[str, str]:
    """Each person's agency: the agency most often named right beside them (title, apposition)."""
    votes: dict[str, Counter] = {}
    for person in (e for e in ents.entities if e.kind == "person"):
        sentence = ents.sentence(person.sentence)
        near = [a for a in ents.in_sentence(person.sentence, ("agency",)) if role_gap(sentence, person, a)
                and not titles_next_person(ents, sentence, person, a)]
        if near:
            # An apposition after the name ("X, Director of Y") binds tighter than a body named before it.
            closest = min(near, key=lambda a: (a.start < person.start, abs(gap(person, a))))
            votes.setdefault(person.key, Counter())[closest.key] += 1
    agencies = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    # The article's main person, titled as the head of a body but never placed beside one, heads its
    # most named national body.
    protagonist = main_person(ents)
    held_by_others = {agency for name, agency in agencies.items() if name != protagonist}
    home = person_countries(ents).get(protagonist or "")
    national = Counter(e.key for e in ents.entities if e.kind == "agency" and not e.attrs.get("international")
                       and e.key not in held_by_others and (home is None or e.attrs.get("country") in (home, None)))
    title = (ents.persons.get(protagonist) or {}).get("title") or ""
    if protagonist and protagonist not in agencies and national and re.search(lexicon.ROLES, title):
        agencies[protagonist] = national.most_common(1)[0][0]
    return agencies


def titles_next_person(ents: ArticleEntities, sentence: Sentence, person: Entity, agency: Entity) -> bool:
    """In "Title of A, NAME1, Title of B, NAME2", body B after NAME1 is NAME2's: it is followed by another name."""
    if agency.start < person.end:
        return False
    following = [p for p in ents.in_sentence(sentence.index, ("person",)) if p.start >= agency.end and p.key != person.key]
    return any(re.fullmatch(r"[\s,]*(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme|Dr\.?)?\s*",
                            sentence.text[agency.end - sentence.start:p.start - sentence.start]) for p in following[:1])


def person_countries(ents: ArticleEntities) -> dict[str, str]:
    """A person's country from a demonym or country in their role ("his Malawian counterpart, X",
    "the Interior Minister of Peru, X", "X, Ghana's police chief")."""
    votes: dict[str, Counter] = {}
    for person in (e for e in ents.entities if e.kind == "person"):
        sentence = ents.sentence(person.sentence)
        others = [p for p in ents.in_sentence(person.sentence, ("person",)) if p.key != person.key]
        countries = ents.in_sentence(person.sentence, ("country",))
        for country in countries:
            low, high = min(country.end, person.end), max(country.start, person.start)
            nearer = [c for c in countries if c.key != country.key and country.end <= c.start and c.end <= person.start]
            if any(low <= p.start and p.end <= high and not (shared_title(sentence, p, person, country) and not nearer)
                   for p in others):
                continue  # "A's X and B's Y", "A's minister X, Y said": another person stands between them
            # "the Minister of the Interior and Security of X, NAME": a title may hold "and".
            if role_gap(sentence, person, country, TITLE_JOINS | LEADS) and (
                    country.end <= person.start or country_in_role(sentence, person, country)):
                votes.setdefault(person.key, Counter())[country.key] += 1
    return {name: counter.most_common(1)[0][0] for name, counter in votes.items()}


def shared_title(sentence: Sentence, between: Entity, person: Entity, country: Entity) -> bool:
    """"The Kenyan Minister X and Inspector-General Y", "Kenyan President X, Prime Minister Y": officials
    listed after one country share it."""
    if country.start > person.start:
        return False
    gap_text = sentence.text[between.end - sentence.start:person.start - sentence.start]
    if re.search(r"['’]s\b|\b(?:of|de|du|d['’])\s*$", gap_text):
        return False
    # "..., and Inspector-General Y", "..., Prime Minister Y": a list of officials; not ", Y said".
    return bool(re.fullmatch(r"\s*,?\s*(?:and|et)\s+(?:(?:the|le|la|l['’])\s*)?(?:[A-ZÀ-Þ][\w.-]*\s+)*", gap_text)
                or re.fullmatch(r"\s*,\s*(?:(?:the|le|la|l['’])\s*)?(?:[A-ZÀ-Þ][\w.-]*\s+)+", gap_text))


TITLE_JOINS = frozenset({"and", "et"})
# "the A delegation led by NAME", "la délégation de A conduite par NAME": the leader is of that country.
# (Articles and "par" are title gap words already: `lexicon.ROLE_GAP_WORDS`.)
LEADS = frozenset({"delegation", "délégation", "team", "équipe", "led", "headed", "by", "conduite", "dirigée", "menée",
                   "emmenée", "conduit", "dirigé", "mené", "emmené", "une", "from"})


def country_in_role(sentence: Sentence, person: Entity, country: Entity) -> bool:
    """A country after a name, inside its role apposition ("X, the Police Chief of Peru")."""
    between = sentence.text[person.end - sentence.start:country.start - sentence.start]
    return bool(lexicon.ROLE_APPOSITION.match(between))


def role_gap(sentence: Sentence, person: Entity, other: Entity, extra_words: frozenset = frozenset()) -> bool:
    """True when only title words stand between a person and an agency or country ("X, the Director of Y")."""
    first, second = (person, other) if person.start < other.start else (other, person)
    between = sentence.text[first.end - sentence.start:second.start - sentence.start]
    if len(between) > 90:
        return False
    words = [w for w in re.findall(r"[\w'’-]+", between) if w.lower() not in ("'s", "’s")]
    if all(w.lower().strip("'’") in lexicon.ROLE_GAP_WORDS | extra_words or w[0].isupper() for w in words):
        return True
    # "X, the new director of the cybercrime department at Y": a role apposition up to the agency.
    role = lexicon.ROLE_APPOSITION.match(between) if first is person else None
    return bool(role) and "," not in between[role.end():]


def gap(a: Entity, b: Entity) -> int:
    """Characters between two entities (negative when b is before a)."""
    return b.start - a.end if b.start >= a.end else -(a.start - b.end)
