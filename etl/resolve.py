"""Resolution across articles: one agency, person, meeting and agreement however many articles tell of it.

Agencies merge on a language-neutral key of their name's content words (French words translated,
demonyms taken out as the agency's country), or on a shared acronym. Persons merge on phonetic and
edit-distance similarity of their names, blocked by phonetic keys so that the work stays near-linear,
when their agencies do not contradict each other. Meetings merge on ordinal, organiser, place and
dates (multilateral) or on their sides and parent meeting (bilateral, visits).
"""
from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from functools import lru_cache, partial
from itertools import combinations

import jellyfish

from etl import ids, lexicon, reference
from etl.ids import stable_id
from etl.nlp import agency_lexicon

AGENCY_HEAD = re.compile(
    r"\b(?:directorate|direction|police|ministry|ministère|service|agency|gendarmerie|office|bureau|department|force|"
    r"guard|commission|council|customs|union|organization|organisation|university|mechanism|federation)\b",
    re.I,
)
TRANSLATIONS = {reference.fold(k): v for k, v in lexicon.AGENCY_WORD_TRANSLATIONS.items()}
KEY_STOPWORDS = {reference.fold(w) for w in lexicon.AGENCY_KEY_STOPWORDS}


class UnionFind:
    """Disjoint sets over hashable items, for clustering mentions."""

    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)

    def groups(self) -> list[list]:
        members = defaultdict(list)
        for item in self.parent:
            members[self.find(item)].append(item)
        return [sorted(group) for _, group in sorted(members.items())]


# ---------------------------------------------------------------- agencies

@lru_cache(maxsize=1 << 16)
def agency_key(name: str) -> tuple[str, str | None]:
    """A language-neutral key of an agency name's content words, and the country its name carries
    (cached: a corpus names the same few hundred agencies thousands of times)."""
    folded = reference.fold(re.sub(r"\([^)]*\)", " ", name))
    country = None
    words_of_name = re.findall(r"[a-z'-]{4,}", folded)
    for phrase in [*words_of_name, *(" ".join(pair) for pair in zip(words_of_name, words_of_name[1:]))]:
        country = country or reference.find_country(phrase)
    # "National Security and Territorial Surveillance": a dual-hatted head's first body.
    first = re.split(r"\s+(?:and|et)\s+(?:(?:de la|de l'|du|des|de|the)\s+)?", folded)[0]
    words = []
    for word in re.findall(r"[a-z0-9]+", first):
        if len(word) > 3 and reference.find_country(word):
            continue
        word = TRANSLATIONS.get(word, word)
        if word not in KEY_STOPWORDS:
            words.append(word)
    return " ".join(sorted(set(words))) or folded, country


def resolve_agencies(agency_rows: list[dict], article_country: dict[str, str | None], language: dict[str, str],
                     named_countries: dict[str, set[str]] | None = None) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """Canonical agencies and the map (article_id, name as read) -> agency_id."""
    lexicon_by_name = {a["name"]: a for a in agency_lexicon()}
    lexicon_by_acronym = {a["acronym"]: a["name"] for a in agency_lexicon() if a.get("acronym")}
    groups: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for row in agency_rows:
        groups[agency_identity(row, lexicon_by_name, lexicon_by_acronym)].append(row)
    groups = attach_unplaced_groups(place_by_article(groups, article_country, named_countries or {}))
    agencies, mapping = [], {}
    for (key, country), rows in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        agency = canonical_agency(key, country, rows, lexicon_by_name, article_country, language)
        agencies.append(agency)
        for row in rows:
            mapping[(row["article_id"], row["key"])] = agency["agency_id"]
    return agencies, mapping


def agency_identity(row: dict, lexicon_by_name: dict, lexicon_by_acronym: dict) -> tuple[str, str | None]:
    """What makes two agency mentions the same agency."""
    if row["international"] and row["key"] in lexicon_by_name:
        return "intl:" + row["key"], None
    if row.get("acronym") in lexicon_by_acronym:
        return "intl:" + lexicon_by_acronym[row["acronym"]], None
    if re.fullmatch(r"[A-Z0-9-]{2,}", row["key"]):
        return "acronym:" + row["key"].split("-")[0], None
    key, country = agency_key(row["key"])
    return key, row.get("country_iso2") or country


GENERIC_AGENCY_WORDS = {"national", "police", "security", "public", "safety", "ministry", "interior", "federal",
                        "gendarmerie", "royal", "state", "force", "forces", "guard", "border", "customs", "intelligence",
                        "internal", "external", "judicial", "criminal", "investigation", "home", "affairs", "justice"}


def is_generic(key: str) -> bool:
    """A key that any country's body may have ("national police", "ministry interior"): no proper name in it."""
    words = key.split()
    return len(words) <= 2 or all(word in GENERIC_AGENCY_WORDS for word in words)


def place_by_article(groups: dict, article_country: dict[str, str | None], named_countries: dict[str, set[str]]) -> dict:
    """A national body named without its country takes one: a name placed in other articles, and in only one
    country, is that body where the article names that country too (or the name is specific enough); else
    ("the national police" in a story about another country) it is the body of the country the article is
    about."""
    placed_by_key, placed_by_acronym = defaultdict(set), defaultdict(set)
    for (key, country), rows in groups.items():
        if country is not None:
            placed_by_key[key].add(country)
            placed_by_acronym.update({row["acronym"]: placed_by_acronym[row["acronym"]] | {country}
                                      for row in rows if row.get("acronym")})
    out: dict = defaultdict(list)
    for (key, country), rows in groups.items():
        if country is not None or key.startswith(("intl:", "acronym:")):
            out[(key, country)].extend(rows)
            continue
        placed = next(iter(placed_by_key[key])) if len(placed_by_key[key]) == 1 else None
        by_article = defaultdict(list)
        for row in rows:
            by_article[row["article_id"]].append(row)
        for article_id, article_rows in by_article.items():
            by_acronym = set().union(*(placed_by_acronym.get(r.get("acronym") or "", set()) for r in article_rows))
            if len(by_acronym) == 1:
                target = next(iter(by_acronym))  # its acronym names one placed body
            elif placed and (not is_generic(key) or placed in named_countries.get(article_id, ())):
                target = placed
            else:
                target = article_country.get(article_id)
            out[(key, target)].extend(article_rows)
    return out


def attach_unplaced_groups(groups: dict) -> dict:
    """Mentions whose country is unknown join the one placed agency with their key; bare acronyms their owner."""
    placed_by_key = defaultdict(set)
    for key, country in groups:
        if country is not None:
            placed_by_key[key].add(country)
    merged: dict = defaultdict(list)
    for (key, country), rows in groups.items():
        if country is None and len(placed_by_key[key]) == 1:
            country = next(iter(placed_by_key[key]))
        merged[(key, country)].extend(rows)
    acronym_owner = {}
    for identity, rows in sorted(merged.items(), key=lambda item: (-len(item[1]), str(item[0]))):
        for row in rows:
            if row.get("acronym") and not identity[0].startswith("acronym:"):
                acronym_owner.setdefault(row["acronym"], identity)
    final: dict = defaultdict(list)
    for (key, country), rows in merged.items():
        target = acronym_owner.get(key[8:], (key, country)) if key.startswith("acronym:") else (key, country)
        final[target].extend(rows)
    return final


def canonical_agency(key: str, country: str | None, rows: list[dict], lexicon_by_name: dict,
                     article_country: dict[str, str | None], language: dict[str, str]) -> dict:
    """One agency row: canonical English name, acronym, every alias, type and country."""
    surfaces = Counter(s for row in rows for s in row["surfaces"])
    aliases = sorted(surfaces)
    if key.startswith("intl:"):
        entry = lexicon_by_name[key[5:]]
        return {"agency_id": stable_id("ag", key), "name": entry["name"], "acronym": entry.get("acronym"),
                "aliases": aliases, "agency_type": "international", "country_iso2": None}
    english = Counter(s for row in rows if language.get(row["article_id"]) == "en" for s in row["surfaces"])
    pool = english or surfaces
    headed = [s for s in pool if AGENCY_HEAD.search(s) and not re.fullmatch(r"[A-Z0-9-]+", s)] or list(pool)
    name = max(headed, key=lambda s: (pool[s], -len(s), s))
    acronyms = Counter(row["acronym"] for row in rows if row.get("acronym"))
    acronym = acronyms.most_common(1)[0][0] if acronyms else (key[8:] if key.startswith("acronym:") else None)
    identity_country = country
    if country is None:
        votes = Counter(article_country.get(row["article_id"]) for row in rows)
        votes.pop(None, None)
        country = votes.most_common(1)[0][0] if votes else None
    return {"agency_id": stable_id("ag", key, identity_country), "name": name, "acronym": acronym, "aliases": aliases,
            "agency_type": "national", "country_iso2": country}


# ---------------------------------------------------------------- persons

def name_keys(name: str) -> list[str]:
    """Blocking keys of a folded name: the sound of its last word with its first initial, and the
    sounds of its first two words. Spellings of one person share one of them ("Leila Kassim" and
    "Layla Gassim" share L+KSM; "Omar bin Saleh" and "Omar bin Saleh Al Amri" share OMR+BN), while a
    common first name alone ("Mohamed") never makes a block."""
    words = reference.fold(name).replace("-", " ").split()
    sounds = [jellyfish.metaphone(word) or word for word in words]
    return [f"last:{words[0][:1]}:{sounds[-1]}", f"first:{sounds[0]}:{sounds[1] if len(sounds) > 1 else ''}"]


def same_name_word(a: str, b: str) -> bool:
    """Two spellings of one name word: one letter apart, or alike in sound and two letters apart
    ("Benjelloun"/"Benjeloun", "Kassim"/"Gassim", "Leila"/"Layla"), but not "Abdelkader"/"Abdelkarim"."""
    if a == b:
        return True
    distance = jellyfish.levenshtein_distance(a, b)
    if distance <= 1 and min(len(a), len(b)) >= 4:
        return True
    return distance <= 2 and jellyfish.metaphone(a) == jellyfish.metaphone(b)


def same_person_name(a: str, b: str) -> bool:
    """Names of one person across spellings: every word matches, or one name is the other with words left out."""
    wa, wb = reference.fold(a).replace("-", " ").split(), reference.fold(b).replace("-", " ").split()
    if wa == wb:
        return True
    if min(len(wa), len(wb)) >= 2 and (set(wa) <= set(wb) or set(wb) <= set(wa)):
        return True
    return len(wa) == len(wb) and all(same_name_word(x, y) for x, y in zip(wa, wb))


def resolve_persons(person_rows: list[dict], agency_map: dict, agencies: dict[str, dict],
                    language: dict[str, str]) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """Canonical persons and the map (article_id, name as read) -> person_id.

    Mentions of one spelling (up to accents) are one person at once; distinct spellings are then
    compared within phonetic blocks, so the work grows with the number of spellings, not mentions."""
    rows = {(row["article_id"], row["name"]): row for row in person_rows}
    items = sorted(rows)
    agency_of = {item: agency_map.get((item[0], rows[item]["agency"])) for item in items}
    sets = UnionFind(items)
    spellings: dict[str, list] = defaultdict(list)
    for item in items:
        spellings[reference.fold(item[1])].append(item)
    for group in spellings.values():
        for item in group[1:]:
            sets.union(group[0], item)
    spelling_agencies = {name: {agency_of[i] for i in group} - {None} for name, group in spellings.items()}
    blocks = defaultdict(list)
    for name in spellings:
        for key in name_keys(name):
            blocks[key].append(name)
    for block in blocks.values():
        for a, b in combinations(block, 2):
            first_a, first_b = spellings[a][0], spellings[b][0]
            if sets.find(first_a) == sets.find(first_b):
                continue
            agencies_a, agencies_b = spelling_agencies[a], spelling_agencies[b]
            compatible = not agencies_a or not agencies_b or bool(agencies_a & agencies_b)
            if compatible and same_person_name(a, b):
                sets.union(first_a, first_b)
    persons, mapping = [], {}
    for group in sets.groups():
        person = canonical_person(group, rows, agency_of, agencies, language)
        persons.append(person)
        for item in group:
            mapping[item] = person["person_id"]
    return persons, mapping


def canonical_person(group: list, rows: dict, agency_of: dict, agencies: dict[str, dict], language: dict) -> dict:
    """One person row: the most used full name, every alias, title, agency and country."""
    names = Counter()
    for item in group:
        names[item[1]] += 1 + (language.get(item[0]) == "en") * 0.5
    full_name = max(names, key=lambda n: (names[n], len(n), n))
    aliases = sorted({alias for item in group for alias in rows[item]["aliases"]})
    titles = Counter(rows[item]["title"] for item in group if rows[item]["title"])
    agency_votes = Counter(agency_of[item] for item in group if agency_of[item])
    agency_id = agency_votes.most_common(1)[0][0] if agency_votes else None
    agency = agencies.get(agency_id) if agency_id else None
    country = agency["country_iso2"] if agency and agency["agency_type"] == "national" else None
    if agency is None:
        # No agency known: a demonym in the person's role ("his Malawian counterpart") says their country.
        country = vote([rows[item].get("country_iso2") for item in group])
    return {"person_id": stable_id("p", *group[0]), "full_name": full_name, "aliases": aliases,
            "title": titles.most_common(1)[0][0] if titles else None, "agency_id": agency_id,
            "country_iso2": country, "mention_count": sum(rows[item]["mentions"] for item in group)}


# ---------------------------------------------------------------- meetings

def resolved_participants(participant_rows: list[dict], person_map: dict, agency_map: dict) -> dict:
    """(article_id, local_id) -> {(kind, id): role}, with persons and agencies resolved to their ids."""
    out: dict[tuple[str, str], dict] = defaultdict(dict)
    for row in participant_rows:
        article = row["article_id"]
        if row["kind"] == "person":
            ident = person_map.get((article, row["key"]))
        elif row["kind"] == "agency":
            ident = agency_map.get((article, row["key"]))
        else:
            ident = row["key"]
        if ident:
            roles = out[(article, row["local_id"])]
            if roles.get((row["kind"], ident), "participant") == "participant":
                roles[(row["kind"], ident)] = row["role"]
    return out


def meeting_year(meeting: dict, published: dict) -> int | None:
    if meeting["start_date"]:
        return int(meeting["start_date"][:4])
    value = published.get(meeting["article_id"])
    return value.year if value else None


EVENT_NAME_FILLERS = {"the", "of", "for", "and", "on", "in", "at", "de", "du", "des", "la", "le", "les", "et", "sur",
                      "d", "l", "th", "st", "nd", "rd", "e", "eme", "er", "session", "meeting", "reunion", "conference",
                      "ordinary", "ordinaire", "annual", "annuelle", "held", "tenue"}


@lru_cache(maxsize=1 << 14)
def name_words(name: str | None) -> frozenset[str]:
    """The content words of an event's name (numbers, fillers and event nouns left out)."""
    words = re.findall(r"[a-z]{3,}", reference.fold(name or ""))
    return frozenset(w for w in words if w not in EVENT_NAME_FILLERS)


def events_compatible(a: dict, b: dict, published: dict) -> bool:
    """Two multilateral mentions of one event: ordinal and organiser agree, and so do place and year."""
    if a["ordinal"] is not None and b["ordinal"] is not None and a["ordinal"] != b["ordinal"]:
        return False
    if a["organizer_id"] and b["organizer_id"] and a["organizer_id"] != b["organizer_id"]:
        return False
    year_a, year_b = meeting_year(a, published), meeting_year(b, published)
    if a["start_date"] and b["start_date"] and abs(year_a - year_b) > 0:
        return False
    same_place = a["city"] is not None and a["city"] == b["city"]
    if a["ordinal"] is not None and a["ordinal"] == b["ordinal"]:
        # The same number is not enough: two bodies each hold an 8th meeting. The same organiser or city, or
        # names that share their content words, make it the same one.
        same_organizer = bool(a["organizer_id"] and a["organizer_id"] == b["organizer_id"])
        same_days = bool(a["start_date"] and b["start_date"]) and abs(
            (datetime.date.fromisoformat(a["start_date"]) - datetime.date.fromisoformat(b["start_date"])).days) <= 7
        return same_organizer or same_place or same_days or len(name_words(a["name"]) & name_words(b["name"])) >= 2
    return a["noun"] == b["noun"] and same_place and (year_a is None or year_b is None or year_a == year_b) and \
        bool(a["organizer_id"] and a["organizer_id"] == b["organizer_id"])


def cluster_events(events: list[dict], published: dict) -> UnionFind:
    """Multilateral mentions clustered; blocked by ordinal, then by organiser for unnumbered ones."""
    sets = UnionFind([m["uid"] for m in events])
    blocks = defaultdict(list)
    for m in events:
        if m["ordinal"] is not None:
            blocks[("ordinal", m["ordinal"])].append(m)
        if m["organizer_id"]:
            # Unnumbered mentions merge only with the same organiser, noun and city: block on those.
            blocks[("organizer", m["organizer_id"], m["noun"], m["city"])].append(m)
    for block in blocks.values():
        for a, b in combinations(block, 2):
            if a["article_id"] != b["article_id"] and events_compatible(a, b, published):
                sets.union(a["uid"], b["uid"])
    return sets


def talk_sides(meeting: dict) -> tuple[set, set, set]:
    """Persons of a bilateral meeting or visit, its counterpart persons, and its counterpart bodies.

    Bodies are the counterpart agencies, or its countries when no agency is named, so that talks
    with two French services are not one meeting because both are French. Computed once per talk:
    clustering asks for it once per candidate pair.
    """
    if "_sides" not in meeting:
        meeting["_sides"] = compute_talk_sides(meeting)
    return meeting["_sides"]


def compute_talk_sides(meeting: dict) -> tuple[set, set, set]:
    roles = meeting["participants"]
    persons = {ident for (kind, ident) in roles if kind == "person"}
    counterpart = {(kind, ident) for (kind, ident), role in roles.items() if role == "counterpart"}
    if not counterpart:
        counterpart = {(kind, ident) for (kind, ident) in roles if kind != "person"}
    counterpart_persons = {ident for kind, ident in counterpart if kind == "person"}
    agencies = {c for c in counterpart if c[0] == "agency"}
    bodies = agencies or {c for c in counterpart if c[0] == "country"}
    return persons, counterpart_persons, bodies


def talks_compatible(a: dict, b: dict, published: dict) -> bool:
    """Two reports of one bilateral meeting or visit: same parent, same sides, dates that agree."""
    if a["meeting_type"] != b["meeting_type"] or a["parent_cluster"] != b["parent_cluster"]:
        return False
    persons_a, counter_persons_a, bodies_a = talk_sides(a)
    persons_b, counter_persons_b, bodies_b = talk_sides(b)
    if counter_persons_a and counter_persons_b:
        if not counter_persons_a & counter_persons_b:
            return False
    elif not bodies_a & bodies_b:
        return False
    if persons_a and persons_b and not persons_a & persons_b:
        return False
    if a["start_date"] and b["start_date"]:
        gap_days = abs((datetime.date.fromisoformat(a["start_date"]) - datetime.date.fromisoformat(b["start_date"])).days)
        return gap_days <= 3
    pa, pb = published.get(a["article_id"]), published.get(b["article_id"])
    return a["parent_cluster"] is not None or pa is None or pb is None or abs((pa - pb).days) <= 60


def evidence_words(meeting: dict) -> set[str]:
    """The longer words of a talk's evidence, computed once per talk."""
    if "_words" not in meeting:
        meeting["_words"] = set(re.findall(r"\w{4,}", (meeting["evidence"] or "").lower()))
    return meeting["_words"]


def pair_strength(a: dict, b: dict) -> float:
    """How strongly two compatible reports look like one meeting: shared sides, dates, and wording."""
    persons_a, counter_persons_a, bodies_a = talk_sides(a)
    persons_b, counter_persons_b, bodies_b = talk_sides(b)
    words_a, words_b = evidence_words(a), evidence_words(b)
    wording = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0
    return (2 * len(counter_persons_a & counter_persons_b) + len(bodies_a & bodies_b) + len(persons_a & persons_b)
            + (a["start_date"] is not None and a["start_date"] == b["start_date"]) + wording)


def time_buckets(meeting: dict, published: dict) -> tuple:
    """Blocking by time: talks only merge within days (dated) or two months (by publication), so a
    report sits in its quarter and the next; a report with neither date has no bucket (empty)."""
    day = datetime.date.fromisoformat(meeting["start_date"]) if meeting["start_date"] else published.get(meeting["article_id"])
    if day is None:
        return ()
    quarter = day.year * 4 + (day.month - 1) // 3
    return (quarter, quarter + 1)


def candidate_talk_pairs(talks: list[dict], published: dict):
    """Pairs of talks worth comparing: same parent and counterpart, close in time; a report with no
    date at all is compared with every report of its counterpart."""
    by_key, blocks = defaultdict(list), defaultdict(list)
    for m in talks:
        _, counter_persons, bodies = talk_sides(m)
        for key in counter_persons | {str(c) for c in bodies}:
            by_key[(m["parent_cluster"], key)].append(m)
            for bucket in time_buckets(m, published):
                blocks[(m["parent_cluster"], key, bucket)].append(m)
    for block in blocks.values():
        yield from combinations(block, 2)
    for members in by_key.values():
        for undated in (m for m in members if not time_buckets(m, published)):
            yield from ((undated, other) for other in members if other is not undated)


def cluster_talks(talks: list[dict], published: dict) -> UnionFind:
    """Bilateral meetings and visits clustered, strongest pairs first, never joining reports whose dates
    or countries conflict, so an undated report cannot chain two different meetings together."""
    sets = UnionFind([m["uid"] for m in talks])
    pairs = {}
    for a, b in candidate_talk_pairs(talks, published):
        key = (a["uid"], b["uid"]) if a["uid"] < b["uid"] else (b["uid"], a["uid"])
        if key not in pairs and talks_compatible(a, b, published):
            pairs[key] = pair_strength(a, b)
    facts = {m["uid"]: ({m["start_date"]} - {None}, {m["country_iso2"]} - {None}) for m in talks}
    for (uid_a, uid_b), _ in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        root_a, root_b = sets.find(uid_a), sets.find(uid_b)
        if root_a == root_b:
            continue
        days = facts[root_a][0] | facts[root_b][0]
        countries = facts[root_a][1] | facts[root_b][1]
        if len(countries) > 1 or (days and (datetime.date.fromisoformat(max(days)) - datetime.date.fromisoformat(min(days))).days > 3):
            continue
        sets.union(root_a, root_b)
        facts[sets.find(uid_a)] = (days, countries)
    return sets


def vote(values: list, prefer=None):
    """The value most members give (None ignored); ties go to `prefer` order, then the smallest."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return max(sorted(counts, key=str), key=lambda v: (counts[v], prefer(v) if prefer else 0))


def merge_meeting(uid_group: list, members: dict, language: dict, cluster_of: dict) -> dict:
    """One meeting row from the article mentions that report it."""
    rows = [members[uid] for uid in uid_group]
    english = [r for r in rows if language.get(r["article_id"]) == "en"] or rows
    meeting_type = vote([r["meeting_type"] for r in rows])
    city = vote([r["city"] for r in rows])
    surfaces = [r["city_surface"] for r in english if r["city"] == city and r["city_surface"]]
    city_name = vote(surfaces) or city
    dated = [r for r in rows if r["date_precision"] in ("day", "month", "year")]
    precision_rank = {"day": 3, "month": 2, "year": 1}
    best = max((precision_rank[r["date_precision"]] for r in dated), default=0)
    dates_pick = vote([(r["start_date"], r["end_date"], r["date_precision"]) for r in dated
                       if precision_rank[r["date_precision"]] == best])
    no_year = any(r["date_precision"] == "no_year" for r in rows)
    named = [r["name"] for r in english if r["name"]] or [r["name"] for r in rows if r["name"]]
    parent = vote([cluster_of.get((r["article_id"], r["parent"])) for r in rows if r["parent"]])
    return {
        "meeting_type": meeting_type,
        "meeting_name": max(named, key=lambda n: (bool(re.search(r"\d", n)), -abs(len(n) - 60), n)) if named else None,
        "parent_meeting_id": parent,
        "ordinal": vote([r["ordinal"] for r in rows]),
        "organizer_agency_id": vote([r["organizer_id"] for r in rows]),
        "city": city_name,
        "country_iso2": vote([r["country_iso2"] for r in rows]),
        "start_date": dates_pick[0] if dates_pick else None,
        "end_date": dates_pick[1] if dates_pick else None,
        "date_precision": dates_pick[2] if dates_pick else ("no_year" if no_year else "unknown"),
        "status": "held" if any(r["status"] == "held" for r in rows) else "planned",
        "source_count": len({r["article_id"] for r in rows}),
    }


def field_values(subject_kind: str, subject_id: str, rows: list[dict], chosen: dict, fields: dict) -> list[dict]:
    """Each distinct value the sources gave for some fields of a fact, with the articles behind it."""
    out = []
    for field, source in fields.items():
        by_value: dict[str, set] = defaultdict(set)
        for row in rows:
            value = source(row)
            if value is not None:
                by_value[str(value)].add(row["article_id"])
        if len(by_value) > 1:
            for value, articles in sorted(by_value.items()):
                out.append({"subject_kind": subject_kind, "subject_id": subject_id, "field": field, "value": value,
                            "is_chosen": value == str(chosen.get(field)), "article_ids": sorted(articles)})
    return out


def resolve_meetings(meeting_rows: list[dict], participants: dict, agency_map: dict, language: dict,
                     published: dict, final_ids=None) -> tuple[list[dict], list[dict], list[dict], list[dict], dict]:
    """Merged meetings, their attendees, sources, disagreeing values, and (article_id, local_id) -> meeting_id.

    `final_ids` (an `etl.ids.IdRegistry.settle`) maps each cluster's hash id to the id it is published under."""
    members = {}
    for row in meeting_rows:
        uid = (row["article_id"], row["local_id"])
        members[uid] = {**row, "uid": uid, "participants": participants.get(uid, {}),
                        "organizer_id": agency_map.get((row["article_id"], row["organizer"])) if row["organizer"] else None}
    events = [m for m in members.values() if m["meeting_type"] == "multilateral"]
    cluster_of: dict = {}
    for group in cluster_events(events, published).groups():
        for uid in group:
            cluster_of[uid] = stable_id("mtg", *group[0])
    talks = [m for m in members.values() if m["meeting_type"] != "multilateral"]
    for m in talks:
        m["parent_cluster"] = cluster_of.get((m["article_id"], m["parent"])) if m["parent"] else None
    for group in cluster_talks(talks, published).groups():
        for uid in group:
            cluster_of[uid] = stable_id("mtg", *group[0])
    if final_ids is not None:
        # Renamed after clustering, which compares ids only for equality, and before merging, whose votes on
        # parent meetings must see the published ids.
        final = final_ids(cluster_of)
        cluster_of = {uid: final[meeting_id] for uid, meeting_id in cluster_of.items()}
    groups = defaultdict(list)
    for uid, meeting_id in cluster_of.items():
        groups[meeting_id].append(uid)
    meetings, attendees, sources, values = [], [], [], []
    for meeting_id, uids in sorted(groups.items()):
        uids.sort()
        merged = {"meeting_id": meeting_id, **merge_meeting(uids, members, language, cluster_of)}
        meetings.append(merged)
        roles: dict = {}
        for uid in uids:
            for key, role in members[uid]["participants"].items():
                if roles.get(key, "participant") == "participant":
                    roles[key] = role
        if merged["organizer_agency_id"]:
            roles[("agency", merged["organizer_agency_id"])] = "organizer"
        attendees += [{"meeting_id": meeting_id, "participant_kind": kind, "participant_id": ident, "role": role}
                      for (kind, ident), role in sorted(roles.items())]
        evidence = defaultdict(list)
        for uid in uids:
            evidence[uid[0]].append(members[uid]["evidence"])
        sources += [{"meeting_id": meeting_id, "article_id": article, "evidence": " ".join(dict.fromkeys(texts))}
                    for article, texts in sorted(evidence.items())]
        as_precise = [members[u] for u in uids if members[u]["date_precision"] == merged["date_precision"]]
        values += field_values("meeting", meeting_id, as_precise, merged, {
            "start_date": lambda r: r["start_date"], "end_date": lambda r: r["end_date"]})
        values += field_values("meeting", meeting_id, [members[u] for u in uids], merged, {
            "city": lambda r: r["city_surface"] or r["city"], "ordinal": lambda r: r["ordinal"]})
    inherit_place(meetings)
    return meetings, attendees, sources, values, cluster_of


def inherit_place(meetings: list[dict]) -> None:
    """Talks on the sidelines of a meeting that no report places were held where it was: the parent's city
    (one article names the city, another the sideline talks)."""
    by_id = {m["meeting_id"]: m for m in meetings}
    for meeting in meetings:
        parent = by_id.get(meeting["parent_meeting_id"]) if meeting["parent_meeting_id"] else None
        if parent is not None and not meeting["city"] and parent["city"] \
                and meeting["country_iso2"] in (None, parent["country_iso2"]):
            meeting["city"], meeting["country_iso2"] = parent["city"], parent["country_iso2"]


def inherit_dates(meetings: list[dict], agreements: list[dict]) -> None:
    """Sideline facts with no date of their own carry their parent's: a meeting on the sidelines of a dated
    meeting takes its first and last days, an agreement signed at a dated meeting its first day, both with
    date_precision 'within_parent'. A fact's own date, even a partial one, always wins."""
    by_id = {m["meeting_id"]: m for m in meetings}

    def dated_range(meeting_id: str | None, seen: frozenset = frozenset()) -> tuple | None:
        meeting = by_id.get(meeting_id) if meeting_id else None
        if meeting is None or meeting_id in seen:
            return None
        if meeting["start_date"]:
            return meeting["start_date"], meeting["end_date"] or meeting["start_date"]
        if meeting["date_precision"] == "unknown":
            return dated_range(meeting["parent_meeting_id"], seen | {meeting_id})
        return None

    for meeting in meetings:
        if meeting["date_precision"] == "unknown" and (span := dated_range(meeting["parent_meeting_id"])):
            meeting["start_date"], meeting["end_date"] = span
            meeting["date_precision"] = "within_parent"
    for agreement in agreements:
        if agreement["date_precision"] == "unknown" and (span := dated_range(agreement["meeting_id"])):
            agreement["signed_date"], agreement["date_precision"] = span[0], "within_parent"


# ---------------------------------------------------------------- agreements

def resolve_agreements(agreement_rows: list[dict], party_rows: list[dict], agency_map: dict, cluster_of: dict,
                       final_ids=None):
    """Merged agreements with their parties and sources: same type, meeting and parties are one agreement.

    `final_ids` (an `etl.ids.IdRegistry.settle`) maps each agreement's hash id to the id it is published under."""
    parties = defaultdict(set)
    for row in party_rows:
        ident = agency_map.get((row["article_id"], row["key"])) if row["kind"] == "agency" else row["key"]
        if ident:
            parties[(row["article_id"], row["local_id"])].add((row["kind"], ident))
    keyed = defaultdict(list)
    copies: Counter = Counter()
    for row in sorted(agreement_rows, key=lambda r: (r["article_id"], r["local_id"])):
        uid = (row["article_id"], row["local_id"])
        meeting = cluster_of.get((row["article_id"], row["meeting"])) if row["meeting"] else None
        key = (row["agreement_type"], meeting, tuple(sorted(parties[uid])))
        # Two agreements of one article are two agreements ("signed two memoranda"): the n-th of an article
        # merges with the n-th of another. One known by neither meeting nor party stays its article's own.
        copies[(key, row["article_id"])] += 1
        rank = copies[(key, row["article_id"])]
        alone = row["article_id"] if meeting is None and not parties[uid] else None
        keyed[(*key, rank, alone)].append({**row, "uid": uid, "meeting_id": meeting})
    for rows in keyed.values():
        rows.sort(key=lambda r: r["uid"])
    hashed = {row["uid"]: stable_id("agr", *rows[0]["uid"]) for rows in keyed.values() for row in rows}
    final = final_ids(hashed) if final_ids is not None else {h: h for h in hashed.values()}
    agreements, agreement_parties, sources = [], [], []
    for (kind, meeting, party_key, _, _), rows in sorted(keyed.items(), key=lambda item: str(item[0])):
        agreement_id = final[hashed[rows[0]["uid"]]]
        dated = [r for r in rows if r["start_date"]]
        agreements.append({"agreement_id": agreement_id, "agreement_type": kind, "title": rows[0]["title"],
                           "meeting_id": meeting, "signed_date": dated[0]["start_date"] if dated else None,
                           "date_precision": dated[0]["date_precision"] if dated else "unknown",
                           "source_count": len({r["article_id"] for r in rows})})
        agreement_parties += [{"agreement_id": agreement_id, "party_kind": k, "party_id": i} for k, i in party_key]
        sources += [{"agreement_id": agreement_id, "article_id": r["article_id"], "evidence": r["evidence"]} for r in rows]
    return agreements, agreement_parties, sources


# ---------------------------------------------------------------- tables

def build_core_tables(articles, rows: dict[str, list[dict]], previous_ids: ids.PreviousIds | None = None) -> dict:
    """Every core table of the warehouse from the ingested articles and the per-article extraction rows, with
    the ids `previous_ids` (the registry of the published warehouse, `etl.ids.read_previous_ids`) published."""
    import polars as pl

    from etl.pipeline import articles_with_notes
    from etl.schema import CORE_TABLES, conform

    language = dict(zip(articles["article_id"].to_list(), articles["language"].to_list()))
    published = {a: d for a, d in zip(articles["article_id"].to_list(), articles["published_date"].to_list()) if d}
    article_country = main_country_of_articles(rows["article_countries"])
    named_countries = defaultdict(set)
    for row in rows["article_countries"]:
        named_countries[row["article_id"]].add(row["iso2"])
    registry = ids.IdRegistry(previous_ids)
    agencies, agency_map = resolve_agencies(rows["agencies"], article_country, language, named_countries)
    agencies, agency_map = with_published_ids(registry, "agency", "agency_id", agencies, agency_map)
    agency_by_id = {a["agency_id"]: a for a in agencies}
    persons, person_map = resolve_persons(rows["persons"], agency_map, agency_by_id, language)
    persons, person_map = with_published_ids(registry, "person", "person_id", persons, person_map)
    participants = resolved_participants(rows["participants"], person_map, agency_map)
    meetings, attendees, meeting_sources, values, cluster_of = resolve_meetings(
        rows["meetings"], participants, agency_map, language, published, partial(registry.settle, "meeting"))
    agreements, parties, agreement_sources = resolve_agreements(
        rows["agreements"], rows["agreement_parties"], agency_map, cluster_of, partial(registry.settle, "agreement"))
    inherit_dates(meetings, agreements)
    values += person_name_values(rows["persons"], person_map, persons)
    values += claim_values(rows["claims"], cluster_of)
    tables = {
        # An article NLP or extraction could not read is `rejected`, with the reason (`article_notes`).
        "dim_articles": articles_with_notes(articles, rows.get("article_notes", [])),
        "dim_countries": reference.countries(),
        "dim_agencies": pl.DataFrame(agencies, schema=CORE_TABLES["dim_agencies"]),
        "dim_people": pl.DataFrame(persons, schema=CORE_TABLES["dim_people"]),
        "fct_meetings": frame_with_dates(meetings, CORE_TABLES["fct_meetings"], ("start_date", "end_date")),
        "fct_meeting_attendees": pl.DataFrame(attendees, schema=CORE_TABLES["fct_meeting_attendees"]),
        "fct_meeting_sources": pl.DataFrame(meeting_sources, schema=CORE_TABLES["fct_meeting_sources"]),
        "fct_agreements": frame_with_dates(agreements, CORE_TABLES["fct_agreements"], ("signed_date",)),
        "fct_agreement_parties": pl.DataFrame(parties, schema=CORE_TABLES["fct_agreement_parties"]),
        "fct_agreement_sources": pl.DataFrame(agreement_sources, schema=CORE_TABLES["fct_agreement_sources"]),
        "fct_fact_values": pl.DataFrame(values, schema=CORE_TABLES["fct_fact_values"]),
        "fct_article_facts": article_facts(meeting_sources, agreement_sources),
        **registry.tables(),
    }
    tables["dim_dates"] = date_dimension(tables)
    return {name: conform(frame, CORE_TABLES[name]) for name, frame in tables.items()}


def with_published_ids(registry: ids.IdRegistry, kind: str, id_column: str, entities: list[dict],
                       mention_map: dict) -> tuple[list[dict], dict]:
    """Agencies or persons and their (article_id, name as read) map under the ids the registry settles on."""
    final = registry.settle(kind, mention_map, [entity[id_column] for entity in entities])
    return ([{**entity, id_column: final[entity[id_column]]} for entity in entities],
            {mention: final[hashed] for mention, hashed in mention_map.items()})


def frame_with_dates(rows: list[dict], schema: dict, date_columns: tuple[str, ...]):
    import polars as pl

    fixed = [{**row, **{c: datetime.date.fromisoformat(row[c]) if row.get(c) else None for c in date_columns}} for row in rows]
    return pl.DataFrame(fixed, schema=schema)


def main_country_of_articles(rows: list[dict]) -> dict[str, str]:
    """Each article's most named country: the home of the national bodies it names without a country."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row["article_id"]][row["iso2"]] += row["mentions"]
    return {article: max(sorted(c), key=lambda iso: c[iso]) for article, c in counts.items() if c}


def person_name_values(person_rows: list[dict], person_map: dict, persons: list[dict]) -> list[dict]:
    """Spellings of one person's name that different articles gave."""
    by_person = defaultdict(lambda: defaultdict(set))
    for row in person_rows:
        person_id = person_map.get((row["article_id"], row["name"]))
        if person_id:
            by_person[person_id][row["name"]].add(row["article_id"])
    chosen = {p["person_id"]: p["full_name"] for p in persons}
    out = []
    for person_id, names in sorted(by_person.items()):
        if len(names) > 1:
            out += [{"subject_kind": "person", "subject_id": person_id, "field": "full_name", "value": name,
                     "is_chosen": name == chosen[person_id], "article_ids": sorted(articles)}
                    for name, articles in sorted(names.items())]
    return out


def claim_values(claim_rows: list[dict], cluster_of: dict) -> list[dict]:
    """A count an article claims ("12 bilateral meetings") beside the count it actually lists."""
    out = []
    for row in claim_rows:
        meeting_id = cluster_of.get((row["article_id"], row["meeting"])) if row["meeting"] else None
        if meeting_id is None:
            continue
        for value, chosen in ((row["claimed"], False), (row["listed"], True)):
            out.append({"subject_kind": "meeting", "subject_id": meeting_id, "field": "claimed_count",
                        "value": f"{value} {row['what']}", "is_chosen": chosen, "article_ids": [row["article_id"]]})
    return out


def article_facts(meeting_sources: list[dict], agreement_sources: list[dict]):
    import polars as pl

    from etl.schema import CORE_TABLES

    meetings = Counter(row["article_id"] for row in meeting_sources)
    agreements = Counter(row["article_id"] for row in agreement_sources)
    rows = [{"article_id": a, "meetings": meetings.get(a, 0), "agreements": agreements.get(a, 0)}
            for a in sorted(set(meetings) | set(agreements))]
    return pl.DataFrame(rows, schema=CORE_TABLES["fct_article_facts"])


def date_dimension(tables: dict):
    """One row per day from the earliest to the latest date any fact or article carries."""
    import polars as pl

    from etl.schema import CORE_TABLES

    days = []
    for name, column in (("fct_meetings", "start_date"), ("fct_meetings", "end_date"),
                         ("fct_agreements", "signed_date"), ("dim_articles", "published_date")):
        days += [d for d in tables[name][column].to_list() if d is not None]
    if not days:
        return pl.DataFrame(schema=CORE_TABLES["dim_dates"])
    span = pl.date_range(min(days), max(days), "1d", eager=True).alias("date_day")
    return pl.DataFrame({"date_day": span}).with_columns(
        pl.col("date_day").dt.year().cast(pl.Int32).alias("year"),
        pl.col("date_day").dt.quarter().cast(pl.Int32).alias("quarter"),
        pl.col("date_day").dt.month().cast(pl.Int32).alias("month"),
        pl.col("date_day").dt.strftime("%B").alias("month_name"),
        pl.col("date_day").dt.day().cast(pl.Int32).alias("day_of_month"),
        pl.col("date_day").dt.strftime("%A").alias("day_of_week"),
        pl.col("date_day").dt.week().cast(pl.Int32).alias("iso_week"),
    )
