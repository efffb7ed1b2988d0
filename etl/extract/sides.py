"""The sides of a meeting or signing: the entities a phrase of the parse names, grouped into counterparts.

A phrase ("the police chiefs of Ghana, Togo and Benin", "Ms X, Director of the Y Police") names
entities; they are grouped into counterparts, one per side: a person with the agency or country of
their title is one counterpart, while coordinated names of one kind are one counterpart each.
"""
from __future__ import annotations

import re

from etl import lexicon
from etl.entities import ArticleEntities, Entity, Sentence
from etl.extract.grammar import Parse, dep, word

SIDE_KINDS = ("person", "agency", "country")
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "il", "elle", "lui", "le", "la", "l'", "who", "qui", "whom",
                     "son", "sa", "ses", "i", "we", "nous", "je"}
RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "qui", "lequel", "laquelle"}
COORDINATION = re.compile(r"\band\b|\bet\b|;", re.I)
LOCATION_BEFORE = re.compile(r"(?:\bin|\bà|\ben|\bau|\bto|\bvers|\bville|\bcity|\bcapital|\bcapitale)\s*(?:the\s+)?$", re.I)


def entities_in(parse: Parse, tokens: list, ents: ArticleEntities, kinds: tuple[str, ...] = SIDE_KINDS) -> list[Entity]:
    """The entities of a sentence whose first token lies in a phrase."""
    indexes = {t.i for t in tokens}
    found = []
    for entity in ents.in_sentence(parse.sentence, kinds):
        token = parse.token_at(entity.start)
        if token is not None and token.i in indexes:
            found.append(entity)
    return found


def pronoun_head(tokens: list):
    """The phrase's pronoun when the phrase is only a pronoun ("he", "him", "who", "il"), else None."""
    content = [t for t in tokens if t.pos_ not in ("PUNCT", "ADP", "DET", "CCONJ")]
    if len(content) == 1 and content[0].pos_ == "PRON" and word(content[0]) in PERSONAL_PRONOUNS | RELATIVE_PRONOUNS:
        return content[0]
    return None


def relative_antecedent(pronoun):
    """"The chief, who signed ...": the noun a relative pronoun stands for, else None."""
    if word(pronoun) not in RELATIVE_PRONOUNS:
        return None
    clause = pronoun.head
    if dep(clause) in ("relcl", "acl:relcl") and clause.head.i != clause.i:
        return clause.head
    return None


def group_units(entities: list[Entity], sentence: Sentence) -> list[list[Entity]]:
    """Entities grouped into counterparts: a person with their agency or country is one counterpart;
    names of one kind, or joined by "and"/"et", start a new one."""
    units: list[list[Entity]] = []
    ordered = sorted(entities, key=lambda e: e.start)
    for number, entity in enumerate(ordered):
        current = units[-1] if units else None
        following = ordered[number + 1] if number + 1 < len(ordered) else None
        if current is not None and any(e.kind == "person" for e in current) and entity.kind != "person" \
                and following is not None and following.kind == "person" and TITLED_NAME_GAP.fullmatch(
                    sentence.text[entity.end - sentence.start:following.start - sentence.start]):
            units.append([entity])  # "..., the Director of Y, Mr B": Y is B's body, not the previous name's
            continue
        between = sentence.text[current[-1].end - sentence.start:entity.start - sentence.start] if current else ""
        same_kind = current is not None and any(e.kind == entity.kind for e in current)
        if current is not None and entity.kind == "country" and any(
                e.attrs.get("country") not in (None, entity.key) for e in current if e.kind == "agency"):
            same_kind = True  # "the police of A, of B and of C": B is another side, not the police of A's country
        attaches = current is not None and not same_kind and len(between) <= 80 and not COORDINATION.search(between)
        if current is not None and same_kind and between.strip() in ("/", "-", "–"):
            attaches = True  # "France/Réunion": one side named twice
        if current is not None and entity.kind == "country" and re.fullmatch(r"\s*(?:of|de|du|d['’])\s*(?:the\s+)?", between):
            attaches = True  # "the police chief of Ghana"
        if attaches:
            current.append(entity)
        elif current is not None and same_kind and entity.kind == "agency" and entity.key == current[-1].key:
            continue
        else:
            units.append([entity])
    return units


def with_person_agencies(unit: list[Entity], person_agency: dict[str, str]) -> list[Entity]:
    """A counterpart with the agencies of its persons added."""
    keys = {(e.kind, e.key) for e in unit}
    extra = [Entity("agency", person_agency[e.key], person_agency[e.key], e.start, e.end, e.sentence)
             for e in unit if e.kind == "person" and e.key in person_agency]
    return unit + [e for e in extra if (e.kind, e.key) not in keys]


def is_location(entity: Entity, ents: ArticleEntities, sentence: Sentence) -> bool:
    """A country named as where something happens ("in Accra, Ghana", "la ville de X, au Y") is no side."""
    if entity.kind != "country":
        return False
    before = sentence.text[max(0, entity.start - sentence.start - 14):entity.start - sentence.start]
    after_city = any(e.kind == "city" and 0 <= entity.start - e.end <= 3 for e in ents.in_sentence(sentence.index))
    return after_city or bool(LOCATION_BEFORE.search(before))


TITLED_NAME_GAP = re.compile(r"\s*,\s*(?:(?:the|le|la|l['’]|Mr\.?|Mrs\.?|Ms\.?|M\.|Mme|Dr\.?|General|général|"
                             r"Colonel|colonel|Commissioner|commissaire)\s+)*")
LIST_WORDS = {"and", "et", "mr", "m", "as", "well", "ainsi", "que", "also", "plus", "à", "a"}


def continued_list(ents: ArticleEntities, sentence: Sentence, end: int, kinds: tuple[str, ...] = SIDE_KINDS) -> list[Entity]:
    """The names that continue a list after a phrase the parser cut short ("signed by the Secretary General
    of X, Mr A, and the Director of Y, Mr B, ..."): entities after `end` separated only by punctuation,
    "and"/"et" and words of a title."""
    found = []
    position = end
    for entity in ents.in_sentence(sentence.index, kinds):
        if entity.start < position:
            continue
        between = sentence.text[position - sentence.start:entity.start - sentence.start]
        words = re.findall(r"[\w'’.-]+", between)
        if len(between) > 80 or not all(w.lower().strip("'’.") in lexicon.ROLE_GAP_WORDS | LIST_WORDS
                                        or w[:1].isupper() for w in words):
            break
        found.append(entity)
        position = entity.end
    return found
