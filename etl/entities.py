"""Entities of one article: countries, agencies, persons and cities, placed in its sentences.

Built from the spaCy mentions of `etl.nlp` plus regular patterns for agency names that the small
models miss. Persons are cleaned to bare names (titles go apart), and short forms ("Mensah",
"M. Diallo") are attached to the full name they abbreviate in the same article.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from etl import lexicon, reference


@dataclass
class Entity:
    """One mention of a country, agency, person or city in an article."""

    kind: str  # country | agency | person | city
    key: str  # iso2 | agency name as written | person bare name | city English name
    text: str
    start: int
    end: int
    sentence: int
    attrs: dict = field(default_factory=dict)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class ArticleEntities:
    """Everything extraction needs to know of one article's entities."""

    sentences: list[Sentence]
    entities: list[Entity]
    persons: dict[str, dict]  # bare full name -> {"title", "mentions", "agency_votes", "aliases"}
    acronyms: dict[str, str]  # acronym -> agency name it stands for
    notes: list[str] = field(default_factory=list)  # what was not read as written (a list cut short)

    def __post_init__(self) -> None:
        self._by_sentence: dict[int, list[Entity]] = defaultdict(list)
        for entity in self.entities:
            self._by_sentence[entity.sentence].append(entity)
        self._sentence = {sentence.index: sentence for sentence in self.sentences}

    def in_sentence(self, index: int, kinds: tuple[str, ...] | None = None) -> list[Entity]:
        """Entities of one sentence, in order, optionally of some kinds."""
        return [e for e in self._by_sentence.get(index, ()) if kinds is None or e.kind in kinds]

    def sentence(self, index: int) -> Sentence:
        return self._sentence[index]

    def sentence_of(self, char: int) -> int | None:
        """The index of the sentence an article offset lies in, or None."""
        return next((s.index for s in self.sentences if s.start <= char < s.end), None)


COUNTRY_AFTER = re.compile(r"\s*(?:of|in|du|de|au|en|d['’])\s*(?:the\s+|la\s+|l['’])?"
                           r"(?:(?:Republic|Kingdom|State|Federation|République|Royaume|État|Etat)\s+(?:of|de|du|d['’])\s*(?:the\s+|la\s+|l['’])?)?", re.I)
NEXT_CAPITALISED = re.compile(r"^[ -]+(?:Ocean|Sea|Gulf|Peninsula|League|Spring|World|Cup|Games|Union|Council|Airlines?|Airways)\b")
ACRONYM_AFTER = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z0-9-]{1,11})\)")
ACRONYM_BEFORE = re.compile(r"\b(?P<acronym>[A-Z][A-Z0-9-]{1,11})\s*\((?P<name>[^()]{6,120})\)")
UPPER_TOKEN = re.compile(r"\b[A-Z][A-Z0-9]{1,7}(?:-[A-Z][A-Z0-9]{1,7})?\b")
NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|bin|ben|ibn|al|el|de|da|van|von|le|la|du|abu|bint)$")


# Mentions read in one sentence. A sentence that names every country of the world twice over (gazetteer
# and model) has about 400; one with more is a list, not a story, and reading every pair of its names would
# take minutes. Its first ones are read and a note says so.
MAX_MENTIONS_PER_SENTENCE = 500


def build_entities(text: str, sentences: list[Sentence], mentions: list[dict]) -> ArticleEntities:
    """All entities of an article from its sentences and spaCy/gazetteer mentions."""
    # Every overlap decision is local to a sentence, so entities are placed sentence by sentence:
    # the work stays linear in the article's length however long it is.
    mentions, notes = within_mention_limit(mentions)
    by_sentence: dict[int, list[dict]] = defaultdict(list)
    for m in mentions:
        m["after"] = text[m["end_char"]:m["end_char"] + 20]
        by_sentence[m["sentence_index"]].append(m)
    local: dict[int, list[Entity]] = {}
    for sentence in sentences:
        found = agency_entities(text, [sentence], by_sentence[sentence.index])
        found += country_entities(by_sentence[sentence.index], found)
        found += city_entities(by_sentence[sentence.index] + place_mentions([sentence]), found)
        local[sentence.index] = found
    acronyms = find_acronyms(text, [e for found in local.values() for e in found])
    for sentence in sentences:
        local[sentence.index] += acronym_entities([sentence], acronyms, local[sentence.index])
    persons, person_entities = person_entities_of(text, sentences, mentions, local)
    entities = [e for found in local.values() for e in found] + person_entities
    entities.sort(key=lambda e: (e.start, -e.end))
    short_forms = agency_short_forms(entities)
    for entity in entities:
        if entity.kind == "agency" and entity.key in short_forms:
            entity.key = short_forms[entity.key]
    acronyms = {acronym: short_forms.get(name, name) for acronym, name in acronyms.items()}
    return ArticleEntities(sentences, entities, persons, acronyms, notes)


def within_mention_limit(mentions: list[dict], limit: int = MAX_MENTIONS_PER_SENTENCE) -> tuple[list[dict], list[str]]:
    """The mentions to read: all of them, or for a sentence with more than `limit`, its first `limit`; and a
    note when a sentence was cut short."""
    counts = Counter(m["sentence_index"] for m in mentions)
    over = {index for index, count in counts.items() if count > limit}
    if not over:
        return mentions, []
    crowded: dict[int, list[dict]] = defaultdict(list)
    for m in mentions:
        if m["sentence_index"] in over:
            crowded[m["sentence_index"]].append(m)
    kept = {id(m) for here in crowded.values()
            for m in sorted(here, key=lambda m: (m["start_char"], -m["end_char"]))[:limit]}
    note = (f"{len(over)} sentence(s) hold more than {limit:,} names (up to {max(counts.values()):,}): only the "
            f"first {limit:,} of each were read")
    return [m for m in mentions if m["sentence_index"] not in over or id(m) in kept], [note]


NAME_FILLERS = {"the", "of", "for", "and", "de", "la", "le", "les", "du", "des", "l", "d", "et"}


def agency_short_forms(entities: list[Entity]) -> dict[str, str]:
    """Within one article, a national body named by part of its name ("the National Police" beside "the
    French National Police") is that body, when only one longer name contains it."""
    names = {e.key for e in entities if e.kind == "agency" and not e.attrs.get("international")}
    words = {name: set(re.findall(r"\w+", reference.fold(name))) - NAME_FILLERS for name in names}
    country = {}
    for entity in entities:
        if entity.kind == "agency" and entity.attrs.get("country"):
            country.setdefault(entity.key, entity.attrs["country"])
    mapping = {}
    for short in names:
        if len(words[short]) < 2:
            continue
        longer = [name for name in names if name != short and words[short] < words[name]
                  and country.get(short) in (None, country.get(name))]
        if len(longer) == 1:
            mapping[short] = longer[0]
    for short in list(mapping):
        seen = {short}
        while mapping[short] in mapping and mapping[short] not in seen:
            seen.add(mapping[short])
            mapping[short] = mapping[mapping[short]]
    return mapping


def overlaps(a_start: int, a_end: int, entities: list[Entity], kinds: tuple[str, ...] | None = None) -> bool:
    return any(e.start < a_end and a_start < e.end and (kinds is None or e.kind in kinds) for e in entities)


def clean_agency_name(name: str) -> str:
    """An agency name without leading articles, trailing punctuation or a dangling parenthesis."""
    name = re.sub(r"\s+", " ", name).strip(" ,.;:“”\"«»")
    name = re.sub(r"^(?:the|The|la|La|le|Le|les|Les|l['’]|L['’]|de la|du|des)\s*", "", name)
    name = re.sub(r"\s*\([^)]*$", "", name)
    name = re.sub(r"['’]s$", "", name)
    # "General of the Algerian General Directorate ...": the end of a title ("Director General of the").
    name = re.sub(r"^(?:(?:Director|General|Secretary|Deputy|Head|Chief|Inspector)[- ]?)+\s*(?:of|for)\s+(?:the\s+)?", "", name)
    # "Minister of the Interior", "Ministre de la Sécurité": a minister's title names the ministry.
    name = re.sub(r"^Minister\b", "Ministry", name)
    name = re.sub(r"^Ministre\b", "Ministère", name)
    return name.strip()


# A person's title that ends a name ("Public Security Adviser", "Commander of Border Forces"): not a body.
TITLE_NAME = re.compile(
    r"(?:^(?:commander|commandant|director|directeur|directrice|head|chief|chef|advis[eo]r|conseill[eè]re?|"
    r"spokes(?:person|man)|porte-parole|officer|officier|secretary|secrétaire|president|président|inspector|"
    r"inspecteur|commissioner|commissaire|ambassador|ambassadeur|deputy|adjoint|ministers|ministres)\b"
    r"|\b(?:advis[eo]r|adviser|conseiller|spokes(?:person|man)|officer|chief|minister|ministre|director|directeur|"
    r"commander|attaché)$)", re.I)
# A body whose name starts with its kind may hold "chiefs" ("Committee of Police Chiefs"): it is no group of people.
BODY_START = re.compile(r"^(?:committee|comité|council|conseil|organi[sz]ation|association|union|commission|bureau|office|ministry|minist[eè]re|department|d[ée]partement)\b", re.I)


LIST_AND = re.compile(r"\s+(?:and|et)\s+")
OF_WORD = re.compile(r"\s(?:of|for|de|du|des|d['’])\s", re.I)


def listed_names(text: str) -> list[tuple[int, str]]:
    """The names of a list of bodies with their offsets: split on commas, and on a last "and" when both
    sides name a body on their own ("Border Police and Coast Guard", not "Ministry of Justice and Security")."""
    parts, offset = [], 0
    for part in text.split(", "):
        parts.append((offset, part))
        offset += len(part) + 2
    last_offset, last = parts[-1]
    match = LIST_AND.search(last)
    if match and not OF_WORD.search(last[:match.start()]):
        first, second = last[:match.start()], last[match.end():]
        if all(lexicon.AGENCY_KEYWORDS.search(p) and len(p.split()) >= 2 for p in (first, second)):
            parts[-1:] = [(last_offset, first), (last_offset + match.end(), second)]
    return parts


def agency_entities(text: str, sentences: list[Sentence], mentions: list[dict]) -> list[Entity]:
    """Agencies from the gazetteer, from spaCy ORG spans with agency words, and from name patterns."""
    found: list[Entity] = []
    for m in sorted(mentions, key=lambda m: (m["start_char"], -m["end_char"])):
        if m["label"] == "AGENCY" and not overlaps(m["start_char"], m["end_char"], found):
            found.append(Entity("agency", m["kb_id"], m["text"], m["start_char"], m["end_char"], m["sentence_index"],
                                {"international": True}))
    candidates = []
    for m in mentions:
        if m["label"] == "ORG":
            # "the Border Police, Customs and Coast Guard": a list is several bodies.
            for offset, part in listed_names(m["text"]):
                candidates.append((m["start_char"] + offset, m["start_char"] + offset + len(part), m["sentence_index"]))
    people = [(m["start_char"], m["end_char"]) for m in mentions if m["label"] in ("PERSON", "PER")]
    for sentence in sentences:
        for match in lexicon.AGENCY_PATTERN.finditer(sentence.text):
            candidates.append((sentence.start + match.start(), sentence.start + match.end(), sentence.index))
        for match in lexicon.ROLE_OF_AGENCY.finditer(sentence.text):
            candidates.append((sentence.start + match.start("agency"), sentence.start + match.end("agency"), sentence.index))
    generic: list[tuple[int, int]] = []
    for start, end, sentence_index in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        name = clean_agency_name(text[start:end])
        if not name or not lexicon.AGENCY_KEYWORDS.search(name) or TITLE_NAME.search(name):
            continue
        if lexicon.NOT_AGENCY.search(name) and not BODY_START.search(name):
            continue
        if len({m["kb_id"] for m in mentions if m["label"] in ("COUNTRY", "DEMONYM")
                and start <= m["start_char"] and m["end_char"] <= end}) > 1:
            continue  # "the interior ministries of A and B": the bodies of two countries, not one body
        if any(p_start < end and start < p_end for p_start, p_end in people):
            continue
        if common_noun_of_country(text, start, end, mentions) or any(s <= start and end <= e for s, e in generic) \
                or unplaced_common_noun(text, start, end, mentions):
            generic.append((start, end))
            continue  # "the police of A", "la police de A": that country's police, read as the country
        # A longer body name wins over a known body inside it ("European Union Police Training Agency").
        inner = [a for a in found if start <= a.start and a.end <= end and (a.end - a.start) < (end - start)
                 and lexicon.AGENCY_KEYWORDS.search(text[start:a.start] + text[a.end:end])]
        if inner and not overlaps(start, end, [a for a in found if a not in inner]):
            found = [a for a in found if a not in inner]
        if len(name.split()) < 2 or overlaps(start, end, found):
            continue
        offset = text.find(name, start, end + 1)
        attrs = {"international": False}
        place = COUNTRY_AFTER.match(text, offset + len(name))
        if place:
            attrs["country_after"] = (place.end(), text[place.end():place.end() + 40])
        city_country = city_in_name(name)
        if city_country:
            attrs["country"] = city_country  # "the Abu Dhabi Police": the body of that city's country
        found.append(Entity("agency", name, name, offset, offset + len(name), sentence_index, attrs))
    return found


NAME_LINKS = {"of", "the", "for", "and", "de", "du", "des", "la", "le", "les", "l", "d", "et"}


def unplaced_common_noun(text: str, start: int, end: int, mentions: list[dict]) -> bool:
    """True for a body named only by common nouns, without a country ("the national police", "la police
    judiciaire"): which country's body it is, the name does not say."""
    name = text[start:end]
    content = [w for w in re.findall(r"[\w-]+", name) if w.lower() not in NAME_LINKS]
    if re.search(r"[A-ZÀ-Þ]", name) or len(content) >= 4 or ACRONYM_AFTER.match(text[end:]):
        return False  # a full name in lower case ("la direction générale de la sûreté nationale (DGSN)")
    after = COUNTRY_AFTER.match(text, end)
    reach = after.end() if after and after.end() > end else end
    return not any(m["label"] in ("COUNTRY", "DEMONYM") and start <= m["start_char"] <= reach and m["end_char"] >= start
                   for m in mentions)


def common_noun_of_country(text: str, start: int, end: int, mentions: list[dict]) -> bool:
    """True when a body is named only by a common noun and a country ("the police of A", "la police de A"):
    no proper name of its own, so the phrase stands for the country."""
    if not text[start:end].strip()[:1].islower():
        return False
    countries = [(m["start_char"], m["end_char"]) for m in mentions
                 if m["label"] == "COUNTRY" and start <= m["start_char"] and m["end_char"] <= end]
    if not countries:
        return False
    rest = text[start:end]
    for c_start, c_end in sorted(countries, reverse=True):
        rest = rest[:c_start - start] + rest[c_end - start:]
    return not re.search(r"\b[A-ZÀ-Þ]", rest)


GEO_FEATURE = re.compile(r"^(?:the\s+)?(?:gulf|golfe|sea|mer|ocean|océan|lake|lac|bay|baie|horn|corne|strait|détroit|"
                         r"canal|channel|coast|côte|basin|bassin|river|fleuve|mount|mont|desert|désert)\b", re.I)


def spelled_demonyms(mentions: list[dict]) -> list[dict]:
    """Nationality words the model found that the gazetteer does not list in that spelling, as DEMONYM
    mentions ("Cape Verdean"): matched by similarity to the listed demonyms."""
    listed = [(m["start_char"], m["end_char"]) for m in mentions if m["label"] in ("COUNTRY", "DEMONYM")]
    out = []
    for m in mentions:
        if m["label"] != "NORP" or len(m["text"].split()) > 3 or any(s < m["end_char"] and m["start_char"] < e for s, e in listed):
            continue
        iso2 = reference.find_demonym(m["text"])
        if iso2:
            out.append({**m, "label": "DEMONYM", "kb_id": iso2})
    return out


def city_in_name(name: str) -> str | None:
    """The country of a large city named inside a body's name ("Abu Dhabi Police", "Police de Dakar")."""
    words = re.findall(r"[A-ZÀ-Þ][\w'’-]+", name)
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            city = reference.find_city(" ".join(words[start:start + size]))
            if city is not None and city.population >= 300_000 and not lexicon.AGENCY_KEYWORDS.search(city.name):
                return city.country_iso2
    return None


def country_entities(mentions: list[dict], agencies: list[Entity]) -> list[Entity]:
    """Countries and demonyms; a demonym inside an agency name becomes that agency's country instead."""
    found: list[Entity] = []
    reach = 0  # the end of the found entity that ends last: a mention that starts after it overlaps none
    mentions = mentions + spelled_demonyms(mentions)
    # The mentions a country can lie within, chosen once (not for every country of a long list).
    persons = [o for o in mentions if o["label"] in ("PERSON", "PER")]
    seas = [o for o in mentions if o["label"] in ("LOC", "GPE") and GEO_FEATURE.match(o["text"])]
    names = [o for o in mentions if o["label"] == "ORG" and not lexicon.AGENCY_KEYWORDS.search(o["text"])]
    for m in sorted(mentions, key=lambda m: (m["start_char"], -m["end_char"])):
        if m["label"] not in ("COUNTRY", "DEMONYM") or (
                m["start_char"] < reach and overlaps(m["start_char"], m["end_char"], found)):
            continue
        if m["label"] == "COUNTRY" and not any(re.sub(r"^[a-z]['’]", "", word)[:1].isupper() for word in m["text"].split()):
            continue
        if m["label"] == "COUNTRY" and inside_name(m, persons):
            continue  # "Ms Rosa Iceland Rodriguez": a given name that is also a country's
        if m["label"] == "DEMONYM" and NEXT_CAPITALISED.match(m.get("after", "")):
            continue  # "the Indian Ocean", "Arab League": a demonym that is part of a proper name
        if any(o["start_char"] < m["start_char"] and m["end_char"] <= o["end_char"] for o in seas):
            continue  # "the Gulf of Guinea", "golfe de Guinée": a sea, not the country
        if any(o["start_char"] <= m["start_char"] and m["end_char"] <= o["end_char"]
               and (o["end_char"] - o["start_char"]) > (m["end_char"] - m["start_char"]) + 3 for o in names):
            continue
        inside = [a for a in agencies if a.start < m["end_char"] and m["start_char"] < a.end]
        if inside:
            inside[0].attrs.setdefault("country", m["kb_id"])  # "the Gambia Police Force": its country
            continue
        for agency in agencies:
            after = agency.attrs.get("country_after")
            if after and after[0] == m["start_char"] and not agency.attrs.get("country"):
                agency.attrs["country"] = m["kb_id"]
        found.append(Entity("country", m["kb_id"], m["text"], m["start_char"], m["end_char"], m["sentence_index"],
                            {"demonym": m["label"] == "DEMONYM"}))
        reach = max(reach, m["end_char"])
    return found


def inside_name(country: dict, mentions: list[dict]) -> bool:
    """A country name within a person's name, between two capitalised name words."""
    for m in mentions:
        if m["label"] in ("PERSON", "PER") and m["start_char"] < country["start_char"] and country["end_char"] < m["end_char"]:
            before = m["text"][:country["start_char"] - m["start_char"]].split()
            after = m["text"][country["end_char"] - m["start_char"]:].split()
            if before and after and before[-1][:1].isupper() and after[0][:1].isupper():
                return True
    return False


def place_mentions(sentences: list[Sentence]) -> list[dict]:
    """Capitalised names after a locative preposition, as extra candidates for the city gazetteer."""
    found = []
    for sentence in sentences:
        for match in lexicon.PLACE_AFTER_PREPOSITION.finditer(sentence.text):
            start = sentence.start + match.start("place")
            words = match.group("place").split()
            # "In X Ana Silva met ...": the longest leading words that name a place, tried first.
            for size in range(len(words), 0, -1):
                place = " ".join(words[:size])
                found.append({"label": "PLACE", "text": place, "start_char": start, "end_char": start + len(place),
                              "sentence_index": sentence.index})
    return found


def city_entities(mentions: list[dict], taken: list[Entity]) -> list[Entity]:
    """Cities: place-like spans that the gazetteer knows as a city and not as a country."""
    found: list[Entity] = []
    for m in mentions:
        if m["label"] not in ("GPE", "LOC", "ORG", "FAC", "MISC", "PLACE") or overlaps(m["start_char"], m["end_char"], taken + found):
            continue
        surface = re.sub(r"^(?:the|la|le|l['’])\s*", "", m["text"], flags=re.I).strip()
        if lexicon.AGENCY_KEYWORDS.fullmatch(surface):
            continue  # a town that shares its name with a word of the domain ("Police")
        city = reference.find_city(surface)
        if city is None or reference.find_country(surface):
            continue
        # Alternate names of small towns are often words or regions ("Africa" is an old name of Mahdia).
        if reference.fold(surface) != reference.fold(city.name) and city.population < 100_000:
            continue
        surface = surface.title() if surface.isupper() else surface
        found.append(Entity("city", city.name, surface, m["start_char"], m["end_char"], m["sentence_index"],
                            {"country": city.country_iso2, "geonameid": city.geonameid}))
    return found


def find_acronyms(text: str, agencies: list[Entity]) -> dict[str, str]:
    """Acronyms an article defines for its agencies: "Name (ACR)" or "ACR (Name)"."""
    acronyms: dict[str, str] = {}
    for agency in agencies:
        if agency.kind != "agency":
            continue
        match = ACRONYM_AFTER.match(text[agency.end:agency.end + 16])
        if match:
            acronyms.setdefault(match.group("acronym"), agency.key)
            agency.attrs["acronym"] = match.group("acronym")
    for match in ACRONYM_BEFORE.finditer(text):
        name = clean_agency_name(match.group("name"))
        if lexicon.AGENCY_KEYWORDS.search(name) and initials_fit(match.group("acronym"), name):
            acronyms.setdefault(match.group("acronym"), name)
    return acronyms


def initials_fit(acronym: str, name: str) -> bool:
    """True when the acronym's letters appear, in order, among the initials of the name's words."""
    initials = "".join(word[0].upper() for word in re.findall(r"[\w]+", name))
    position = 0
    for letter in acronym.replace("-", ""):
        position = initials.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def acronym_entities(sentences: list[Sentence], acronyms: dict[str, str], taken: list[Entity]) -> list[Entity]:
    """Agency mentions by a bare acronym ("DGSN", "DGSN-DGST"), for acronyms the article defines or uses alone."""
    found = []
    for sentence in sentences:
        for match in UPPER_TOKEN.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if overlaps(start, end, taken + found):
                continue
            token = match.group()
            parts = token.split("-")
            if token in acronyms or all(p in acronyms for p in parts):
                name = acronyms.get(token) or acronyms[parts[0]]
                found.append(Entity("agency", name, token, start, end, sentence.index, {"international": False, "acronym": parts[0]}))
            elif len(token) >= 4 and token.startswith("DG"):
                # "DG..." is how French-speaking services abbreviate a Direction générale.
                found.append(Entity("agency", token, token, start, end, sentence.index, {"international": False, "acronym": parts[0]}))
    return found


def bare_name(surface: str) -> tuple[str, str]:
    """A person's bare name and the title words that preceded it ("M. Kofi Mensah" -> name, "M.")."""
    surface = re.sub(r"^(M|Mr|Mme|Dr|Mrs)\.(?=[A-ZÀ-Þ])", r"\1. ", surface.strip())
    surface = re.sub(r"['’]s$", "", surface).strip(" ,.;:()\"“”")
    tokens = surface.split()
    inner = [i for i, t in enumerate(tokens[1:-1], 1) if t.lower() in lexicon.TITLE_WORDS and t[:1].isupper()]
    if inner:
        tokens = tokens[inner[-1]:]  # "Rabat Mme Awa Diallo": the name starts at the honorific
    title = []
    while tokens and is_title_word(tokens[0]):
        title.append(tokens.pop(0))
    while tokens and is_title_word(tokens[-1]):
        tokens.pop()
    name = " ".join(tokens)
    return name, " ".join(title)


def is_title_word(token: str) -> bool:
    """A title, rank or honorific, hyphenated ones included ("Inspector-General", "Major-General")."""
    raw = token.lower().rstrip(",")
    word = raw.rstrip(".")
    return raw in lexicon.TITLE_WORDS or word in lexicon.TITLE_WORDS or \
        all(part in lexicon.TITLE_WORDS for part in word.split("-") if part)


def without_leading_place(name: str, before: str) -> str:
    """A name without a place the model read into it ("In X Ana Silva met" -> "Ana Silva"): a country, or a
    city after a locative preposition."""
    tokens = name.split()
    located = bool(re.search(r"\b(?:in|at|from|à|au|en|de)\s*$", before, re.I))
    while len(tokens) > 2 and (reference.find_country(tokens[0]) or located and reference.find_city(tokens[0])):
        tokens = tokens[1:]
    return " ".join(tokens)


def looks_like_name(name: str) -> bool:
    """True for two to six capitalised name words none of which is a place, agency or calendar word."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 6 or not all(NAME_TOKEN.match(t) for t in tokens):
        return False
    if not tokens[0][0].isupper() or not tokens[-1][0].isupper():
        return False
    if any(t.lower().strip(".") in lexicon.NAME_STOPWORDS for t in tokens):
        return False
    if reference.find_country(name) or reference.find_city(name, allow_country_names=True):
        return False
    return not any(reference.find_country(t) for t in tokens if len(t) > 3)


def display_name(name: str) -> str:
    """A name with all-caps surnames in title case ("Anne MARTIN" -> "Anne Martin")."""
    return " ".join(t.capitalize() if t.isupper() and len(t) > 2 else t for t in name.split())


CONNECTORS = frozenset({"of", "for", "and", "the", "de", "du", "des", "la", "le", "les", "et", "pour", "d", "l"})


def named_by_initials(text: str, start: int, end: int) -> bool:
    """True when a name is followed by an acronym in brackets made of its capitalised words' initials, counting
    the capitalised words just before it ("the Coast Watch Unit (CWU)", "Garde Côtière Nationale (GCN)"): a
    body's name, since police news rarely gives people acronyms (a head of state known by initials is the
    exception it accepts). Three letters at least, so that a person's party or office in brackets
    ("X Y (AB)") is not mistaken for one."""
    match = ACRONYM_AFTER.match(text[end:end + 16])
    if match is None:
        return False
    acronym = "".join(c for c in match.group("acronym") if c.isupper())
    if len(acronym) < 3:
        return False
    words = re.findall(r"[\w-]+", text[max(0, start - 80):end])  # "d'Ivoire": "d", then "Ivoire"
    initials = ""
    for word in reversed(words):
        if word.lower() in CONNECTORS:
            continue
        if not word[:1].isupper():
            break
        initials = word[0] + initials
        if len(initials) == len(acronym):
            break
    return initials.upper() == acronym


def person_entities_of(text: str, sentences: list[Sentence], mentions: list[dict], taken: dict[int, list[Entity]]):
    """Persons of an article: full names from spaCy, their titles, and every later short mention.

    `taken` holds the other entities of each sentence, which a person's name may not overlap."""
    persons: dict[str, dict] = {}
    candidates = [dict(m) for m in mentions if m["label"] in ("PERSON", "PER")]
    for sentence in sentences:
        for match in [*lexicon.NAME_WITH_ROLE.finditer(sentence.text), *lexicon.ROLE_THEN_NAME.finditer(sentence.text),
                      *lexicon.TITLE_THEN_NAME.finditer(sentence.text), *lexicon.LED_BY_NAME.finditer(sentence.text)]:
            start = sentence.start + match.start("name")
            candidates.append({"text": match.group("name"), "start_char": start, "end_char": start + len(match.group("name")),
                               "sentence_index": sentence.index, "introduced": True})
    candidates = [m for m in candidates
                  if not overlaps(m["start_char"], m["end_char"], taken.get(m["sentence_index"], []), ("agency", "country"))
                  and not named_by_initials(text, m["start_char"], m["end_char"])]
    # The candidates by where they end: the names just before one are found without reading them all.
    ends = sorted((c["end_char"], c["start_char"]) for c in candidates)
    for m in candidates:
        name, title = bare_name(m["text"])
        name = without_leading_place(name, text[max(0, m["start_char"] - 8):m["start_char"]])
        offset = text.find(name, m["start_char"]) if name else -1
        # A title is read back to the previous name at most ("minister A, B praised": B is no minister).
        near = ends[bisect.bisect_right(ends, (offset - 60, math.inf)):
                    bisect.bisect_right(ends, (m["start_char"], math.inf))]
        previous = max((end for end, start in near if start < m["start_char"]), default=0)
        before = text[max(0, offset - 60, previous):offset]
        title_match = lexicon.TITLE_BEFORE.search(before.rstrip())
        title = title or (title_match.group("title").strip() if title_match else "") or title_word_before(before)
        if not looks_like_name(name) and not (title and looks_like_surname(name)):
            continue
        apposition = lexicon.ROLE_APPOSITION.match(text[offset + len(name):offset + len(name) + 80])
        record = persons.setdefault(display_name(name), {"title": "", "aliases": set(), "introduced": False})
        record["aliases"].add(name)
        record["title"] = record["title"] or title or (apposition.group("role") if apposition else "")
        role_before = lexicon.ROLE_BEFORE.search(before)
        if role_before and not record["title"]:
            record["title"] = re.search(lexicon.ROLES, role_before.group()).group().strip()
        possessive = re.search(r"['’]s?\s*$", before) and reference.find_country(re.sub(r"['’]s?\s*$", "", before).split(" ")[-1])
        # "the Ghanaian X", "le Togolais X": a nationality right before a name introduces a person.
        possessive = possessive or bool(re.search(r"\b(?:the|le|la|l['’])\s+[A-ZÀ-Þ][\w-]+\s*$", before)
                                        and reference.find_country(before.split()[-1]))
        record["introduced"] |= bool(title or apposition or role_before or possessive or m.get("introduced"))
    introduce_coordinated(text, persons, candidates)
    merge_name_variants(persons)
    return persons, person_mentions(sentences, persons, taken)


def looks_like_surname(name: str) -> bool:
    """One capitalised name word that is no place, body or calendar word (a titled surname: "Chief X")."""
    return bool(re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ'’-]{2,}", name or "")) and name.lower() not in lexicon.NAME_STOPWORDS \
        and not re.search(r"(?:ariat|tion|ment|ité|ance|ence|ship|ure|ism|isme|ate|ry)$", name) \
        and not reference.find_country(name) and not reference.find_city(name) and not lexicon.AGENCY_KEYWORDS.search(name)


def introduce_coordinated(text: str, persons: dict[str, dict], candidates: list[dict]) -> None:
    """"The chiefs of A and B, X and Y, met": a name joined by "and" to an introduced name is introduced too."""
    spans = sorted((m["start_char"], m["end_char"], display_name(bare_name(m["text"])[0])) for m in candidates)
    for (_, end, first), (start, _, second) in zip(spans, spans[1:]):
        if first in persons and second in persons and re.fullmatch(r"\s*(?:and|et|&)\s*", text[end:start]):
            introduced = persons[first]["introduced"] or persons[second]["introduced"]
            persons[first]["introduced"] = persons[second]["introduced"] = introduced


def title_word_before(before: str) -> str:
    """A rank or title written right before a name, in any case ("le général X", "commissioner X")."""
    words = before.rstrip().split()[-2:]
    titled = [w for w in words if w.lower().strip(",") in lexicon.TITLE_WORDS and w.lower() not in ("the", "le", "la", "les", "his", "her")]
    return " ".join(titled) if titled and words and words[-1].lower().strip(",") in lexicon.TITLE_WORDS else ""


def merge_name_variants(persons: dict[str, dict]) -> None:
    """Within one article, a name that is the tail of a longer one is that person ("Ben Ali Haddad" in "Omar Ben Ali Haddad")."""
    for short in sorted(persons, key=len):
        for longer in sorted(persons, key=len, reverse=True):
            if longer != short and longer.lower().endswith(" " + short.lower()) and short in persons:
                persons[longer]["aliases"] |= persons.pop(short)["aliases"]
                break


def person_mentions(sentences: list[Sentence], persons: dict[str, dict], taken: dict[int, list[Entity]]) -> list[Entity]:
    """Every mention of each person: the full name, any alias, or the surname alone."""
    forms: dict[str, str] = {}
    for name, record in persons.items():
        for alias in record["aliases"] | {name}:
            forms[alias] = name
            forms.setdefault(alias.split()[-1], name)
            forms.setdefault(alias.split()[-1].upper(), name)
    # Family names written first ("Chen" for "Chen Liwei"): a first word that is no other person's.
    firsts = Counter(alias.split()[0] for name, record in persons.items() for alias in {name} if len(alias.split()) > 1)
    for name in persons:
        first = name.split()[0]
        if len(name.split()) > 1 and firsts[first] == 1 and first.lower() not in lexicon.TITLE_WORDS and len(first) > 2:
            forms.setdefault(first, name)
    if not forms:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
    found: list[Entity] = []
    for sentence in sentences:
        here: list[Entity] = []
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if overlaps(start, end, taken.get(sentence.index, []) + here):
                continue
            here.append(Entity("person", forms[match.group()], match.group(), start, end, sentence.index))
        found += here
    counts = Counter(e.key for e in found)
    for name, record in persons.items():
        record["mentions"] = counts.get(name, 0)
        record["aliases"] |= {bare_name(e.text)[0] for e in found if e.key == name and bare_name(e.text)[0]}
    # A name seen once, with no title or role beside it, is more often a place or a thing than a person.
    keep = {name for name, record in persons.items() if record["introduced"] or record["mentions"] >= 2}
    for name in [n for n in persons if n not in keep]:
        persons.pop(name)
    return [e for e in found if e.key in keep]
