"""Meetings, participants and agreements of one article, read by rules over its entities.

The rules follow the contract's "How articles are read": a multilateral event is named with an
event noun (often with an ordinal); talks are reported by a meeting verb whose counterparts follow
it, one bilateral meeting per counterpart of an enumeration; a visit goes to a facility; an
agreement is signed. Everything else in a story sentence about the main event is a participant of it.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from etl import dates, lexicon
from etl.entities import ArticleEntities, Entity, Sentence, build_entities

# Bump when the extraction output changes, so cached per-article results are recomputed.
EXTRACT_VERSION = "extract-1"
LOCATION_BEFORE = re.compile(r"(?:\bin|\bà|\ben|\bau|\bto|\bvers|\bville|\bcity|\bcapital|\bcapitale|,)\s*(?:the\s+)?$", re.I)
ATTACHED_ORGANIZER = re.compile(
    r"\s*(?:of|de|du|des|d['’]|organi[sz]ed by|organisée? par|held by|hosted by)\s*(?:the\s+|la\s+|l['’])?", re.I)
LED_DELEGATION = re.compile(r"\b(?:led|headed|leading|heading|a dirigé|conduite? par|présidée? par|dirigée? par)\b", re.I)


@dataclass
class Meeting:
    local_id: str
    meeting_type: str
    name: str
    sentences: list[int]
    ordinal: int | None = None
    noun: str = ""
    organizer: str | None = None
    status: str = "held"
    parent: str | None = None
    city: str | None = None
    city_surface: str | None = None
    country: str | None = None
    span: dates.DateSpan | None = None
    participants: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> role
    counterpart: tuple = ()

    def add(self, entity: Entity, role: str = "participant") -> None:
        key = (entity.kind, entity.key)
        if key not in self.participants or self.participants[key] == "participant":
            self.participants[key] = role


@dataclass
class Agreement:
    local_id: str
    agreement_type: str
    title: str
    sentence: int
    parties: list[tuple[str, str]]
    sentences: list[int] = field(default_factory=list)
    meeting: str | None = None
    span: dates.DateSpan | None = None


@dataclass
class ArticleFacts:
    """What one article says: its meetings, agreements, persons, agencies and claimed counts."""

    meetings: list[Meeting]
    agreements: list[Agreement]
    entities: ArticleEntities
    person_agency: dict[str, str]
    person_country: dict[str, str]
    claims: list[dict]
    sentence_text: dict[int, str]


def extract_article(text: str, language: str, published: dates.PublishedDate,
                    sentences: list[Sentence], mentions: list[dict]) -> ArticleFacts:
    """All facts of one article from its sentences and mentions."""
    ents = build_entities(text, sentences, mentions)
    person_agency = assign_person_agencies(ents)
    protagonist = main_person(ents)
    spans = {s.index: dates.find_date_spans(s.text, language, published) for s in sentences}
    events, generic = find_events(ents)
    main = next((m for m in events if m.status == "held"), None)
    talks = find_talks(ents, protagonist, person_agency)
    agreements = find_agreements(ents, protagonist, person_agency, spans)
    link_agreements(agreements, talks, ents)
    claimed = {s for m in talks for s in m.sentences} | {a.sentence for a in agreements}
    if main is not None:
        fill_main_event(main, ents, claimed, events, generic, person_agency, spans)
    for event in events:
        if event is not main:
            place_event(event, ents, spans)
            if event.organizer:
                event.participants[("agency", event.organizer)] = "organizer"
    for meeting in talks:
        place_meeting(meeting, main, ents, spans)
    claims = find_claims(ents, talks, agreements, main)
    meetings = events + talks
    return ArticleFacts(meetings, agreements, ents, person_agency, person_countries(ents), claims,
                        {s.index: s.text for s in sentences})


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
        near = [a for a in ents.in_sentence(person.sentence, ("agency",)) if role_gap(sentence, person, a)]
        if near:
            # An apposition after the name ("X, Director of Y") binds tighter than a body named before it.
            closest = min(near, key=lambda a: (a.start < person.start, abs(gap(person, a))))
            votes.setdefault(person.key, Counter())[closest.key] += 1
    agencies = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    # The article's main person, titled as the head of a body but never placed beside one, heads its
    # most named national body ("Director General Kofi Mensah" in a story about his directorate).
    protagonist = main_person(ents)
    held_by_others = {agency for name, agency in agencies.items() if name != protagonist}
    national = Counter(e.key for e in ents.entities if e.kind == "agency" and not e.attrs.get("international")
                       and e.key not in held_by_others)
    title = (ents.persons.get(protagonist) or {}).get("title") or ""
    if protagonist and protagonist not in agencies and national and re.search(lexicon.ROLES, title):
        agencies[protagonist] = national.most_common(1)[0][0]
    return agencies


def person_countries(ents: ArticleEntities) -> dict[str, str]:
    """A person's country from a demonym in their role ("his Malawian counterpart, Rodney Jose")."""
    votes: dict[str, Counter] = {}
    for person in (e for e in ents.entities if e.kind == "person"):
        sentence = ents.sentence(person.sentence)
        for country in ents.in_sentence(person.sentence, ("country",)):
            if country.attrs.get("demonym") and country.end <= person.start and role_gap(sentence, person, country):
                votes.setdefault(person.key, Counter())[country.key] += 1
    return {name: counter.most_common(1)[0][0] for name, counter in votes.items()}


def role_gap(sentence: Sentence, person: Entity, agency: Entity) -> bool:
    """True when only title words stand between a person and an agency ("X, the Director of Y")."""
    first, second = (person, agency) if person.start < agency.start else (agency, person)
    between = sentence.text[first.end - sentence.start:second.start - sentence.start]
    if len(between) > 90:
        return False
    words = re.findall(r"[\w'’-]+", between)
    if all(w.lower().strip("'’") in lexicon.ROLE_GAP_WORDS or w[0].isupper() for w in words):
        return True
    # "X, le nouveau directeur du département de cybercriminalité à Interpol": a role apposition up to the agency.
    role = lexicon.ROLE_APPOSITION.match(between) if first is person else None
    return bool(role) and "," not in between[role.end():]


def gap(a: Entity, b: Entity) -> int:
    """Characters between two entities (negative when b is before a)."""
    return b.start - a.end if b.start >= a.end else -(a.start - b.end)


def find_events(ents: ArticleEntities) -> tuple[list[Meeting], set[int]]:
    """Multilateral events named in the article, and the sentences that refer to one by a common noun."""
    events: list[Meeting] = []
    generic: set[int] = set()
    for sentence in ents.sentences:
        found = False
        for match, ordinal in event_anchors(sentence.text):
            found = True
            event = matching_event(events, ordinal, match.group("noun"))
            if event is None:
                event = Meeting(f"m{len(events) + 1}", "multilateral", event_name(sentence.text, match), [], ordinal,
                                noun_class(match.group("noun")))
                event.status = "planned" if lexicon.FUTURE.search(sentence.text) else "held"
                events.append(event)
            if sentence.index not in event.sentences:
                event.sentences.append(sentence.index)
            if event.organizer is None:
                event.organizer = organizer_in(ents, sentence, match)
        if not found and lexicon.GENERIC_EVENT.search(sentence.text):
            generic.add(sentence.index)
    for event in events:
        event.name = re.sub(r"^(?:the|la|le|l['’])\s+", "", event.name, flags=re.I)
    return events, generic


TITLE_OF = re.compile(lexicon.ROLES + r"\s+(?:of|de|du|de la|de l['’])\s*(?:the\s+)?")


def event_anchors(text: str) -> list[tuple[re.Match, int | None]]:
    """Event names in a sentence, with their ordinal when one is written."""
    anchors = []
    for match in lexicon.ORDINAL_EVENT.finditer(text):
        anchors.append((match, ordinal_value(match.group("ordinal"))))
    for match in lexicon.NAMED_EVENT.finditer(text):
        # "93rd session of the General Assembly": the named event completes the numbered one.
        if not any(m.start() <= match.start("noun") < m.end() + 12 for m, _ in anchors):
            anchors.append((match, None))
    # "the President of the AFRIPOL General Assembly" names an office, not an event that took place.
    return [(m, o) for m, o in anchors if not is_office_title(text, m)]


def is_office_title(text: str, match: re.Match) -> bool:
    """True when an event name is the body of someone's title ("President of the ... General Assembly")."""
    before = text[max(0, match.start() - 40):match.start()]
    inside = text[match.start():match.start("noun")]
    return bool(TITLE_OF.search(inside) or re.search(TITLE_OF.pattern + r"$", before))


def ordinal_value(text: str) -> int | None:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else lexicon.WORD_ORDINALS.get(text.lower())


def noun_class(noun: str) -> str:
    """Event nouns of both languages folded to one class, so "réunion" and "meeting" compare equal."""
    noun = noun.lower()
    for cls, words in (("assembly", ("assembl",)), ("conference", ("confer", "congr", "conclave")),
                       ("summit", ("summit", "sommet")), ("meeting", ("meeting", "réunion"))):
        if any(noun.startswith(w) for w in words):
            return cls
    return "meeting"


def matching_event(events: list[Meeting], ordinal: int | None, noun: str) -> Meeting | None:
    """The event of this article an anchor refers to: the same ordinal, or any event when none is written."""
    if ordinal is not None:
        same = [e for e in events if e.ordinal == ordinal]
        if same:
            return same[0]
        unnumbered = [e for e in events if e.ordinal is None and e.noun == noun_class(noun)]
        if unnumbered:
            unnumbered[0].ordinal = ordinal
            return unnumbered[0]
        return None
    same_class = [e for e in events if e.noun == noun_class(noun)]
    return (same_class or events or [None])[0]


def event_name(text: str, match: re.Match) -> str:
    """A readable event name: the anchor and its complement up to the clause's end."""
    tail = re.match(r"[^,;.()]*?(?=,|;|\.|\(|\b(?:which|qui|held|tenue?|on|in|à|a|a été|est|was|is|has|have|were|"
                    r"ont|sont|opened|took|s['’]est|will|to be|se tiendra)\b|$)", text[match.end():])
    name = (match.group() + " " + (" ".join(tail.group().split()[:14]) if tail else "")).strip()
    name = re.sub(r"\s+(?:opened|was|is|a|est)$", "", name)
    return re.sub(r"\s+", " ", name)[:160]


def organizer_in(ents: ArticleEntities, sentence: Sentence, match: re.Match) -> str | None:
    """The agency named inside an event's name or in the complement that follows it ("of Interpol")."""
    start, end = sentence.start + match.start(), sentence.start + match.end()
    for agency in ents.in_sentence(sentence.index, ("agency",)):
        if start <= agency.start < end:
            return agency.key
        link = sentence.text[end - sentence.start:agency.start - sentence.start] if agency.start >= end else None
        if link is not None and ATTACHED_ORGANIZER.fullmatch(link):
            return agency.key
    return None


def counterpart_units(ents: ArticleEntities, sentence: Sentence, start: int, end: int) -> list[list[Entity]]:
    """Entities after a trigger grouped into counterparts: a person with their agency is one counterpart."""
    units: list[list[Entity]] = []
    for entity in ents.in_sentence(sentence.index, ("person", "agency", "country")):
        if not start <= entity.start < end:
            continue
        current = units[-1] if units else None
        between = ents_text_between(sentence, current[-1], entity) if current else ""
        same_kind = current is not None and any(e.kind == entity.kind for e in current)
        attaches = current is not None and not same_kind and len(between) <= 80 and not re.search(r"\band\b|\bet\b", between)
        if current is not None and entity.kind == "country" and re.fullmatch(r"\s*(?:of|de|du|d['’])\s*(?:the\s+)?", between):
            attaches = True
        if attaches:
            current.append(entity)
        elif current is not None and same_kind and entity.kind == "agency" and entity.key == current[-1].key:
            continue
        else:
            units.append([entity])
    return units


def ents_text_between(sentence: Sentence, a: Entity, b: Entity) -> str:
    return sentence.text[a.end - sentence.start:b.start - sentence.start]


def initiator_side(ents: ArticleEntities, sentence: Sentence, trigger_start: int, protagonist: str | None,
                   person_agency: dict[str, str]) -> list[Entity]:
    """The side whose activity is reported: who comes before the trigger, else the article's main person."""
    before = [e for e in ents.in_sentence(sentence.index, ("person", "agency", "country"))
              if e.end <= trigger_start and not (e.kind == "country" and not e.attrs.get("demonym"))]
    persons = [e for e in before if e.kind == "person"]
    side = persons[-1:] if persons else []
    if not side and protagonist:
        side = [Entity("person", protagonist, protagonist, trigger_start, trigger_start, sentence.index)]
    for person in side:
        agency = person_agency.get(person.key)
        if agency:
            side.append(Entity("agency", agency, agency, person.start, person.end, sentence.index))
    side += [e for e in before if e.kind in ("agency", "country") and e.key not in {s.key for s in side}][-2:]
    return side


def find_talks(ents: ArticleEntities, protagonist: str | None, person_agency: dict[str, str]) -> list[Meeting]:
    """Bilateral meetings (one per counterpart) and visits to facilities."""
    talks: list[Meeting] = []
    for sentence in ents.sentences:
        triggers = list(lexicon.BILATERAL_TRIGGERS.finditer(sentence.text))
        for number, trigger in enumerate(triggers):
            start = sentence.start + trigger.end()
            limit = sentence.start + (triggers[number + 1].start() if number + 1 < len(triggers) else len(sentence.text))
            end_match = lexicon.COUNTERPART_END.search(sentence.text, trigger.end())
            end = min(limit, sentence.start + end_match.start()) if end_match else limit
            side = initiator_side(ents, sentence, sentence.start + trigger.start(), protagonist, person_agency)
            for unit in counterpart_units(ents, sentence, start, end):
                if all(e.kind == "country" and e.attrs.get("demonym") for e in unit):
                    continue  # "agences de renseignement françaises": an adjective, not a counterpart
                if lexicon.AT_PREMISES.search(sentence.text[:unit[0].start - sentence.start]):
                    continue  # "received him at the headquarters of the DGSN": a place, not a side
                unit = with_person_agencies(unit, person_agency, sentence.index)
                if {(e.kind, e.key) for e in unit} <= {(e.kind, e.key) for e in side}:
                    continue
                add_talk(talks, "bilateral", side, unit, sentence, receives=is_hosting(trigger.group()))
        visit = lexicon.VISIT_TRIGGERS.search(sentence.text)
        if visit and lexicon.FACILITY.search(sentence.text[visit.end():visit.end() + 90]):
            side = initiator_side(ents, sentence, sentence.start + visit.start(), protagonist, person_agency)
            target = [e for e in ents.in_sentence(sentence.index, ("agency",))
                      if sentence.start + visit.end() <= e.start <= sentence.start + visit.end() + 120][:1]
            add_talk(talks, "visit", side, target, sentence, receives=False)
    return merge_article_talks(talks)


def with_person_agencies(unit: list[Entity], person_agency: dict[str, str], sentence: int) -> list[Entity]:
    extra = [Entity("agency", person_agency[e.key], person_agency[e.key], e.start, e.end, sentence)
             for e in unit if e.kind == "person" and e.key in person_agency]
    keys = {(e.kind, e.key) for e in unit}
    return unit + [e for e in extra if (e.kind, e.key) not in keys]


def is_hosting(trigger: str) -> bool:
    return bool(re.search(r"receiv|reçoi|reçu|welcom|accueilli|hosted", trigger, re.I))


def add_talk(talks: list[Meeting], kind: str, side: list[Entity], unit: list[Entity], sentence: Sentence,
             receives: bool) -> None:
    """Append one bilateral meeting or visit with its two sides."""
    meeting = Meeting(f"t{len(talks) + 1}", kind, "", [sentence.index])
    meeting.status = "planned" if lexicon.FUTURE.search(sentence.text) else "held"
    for entity in side:
        meeting.add(entity, "host" if receives else "participant")
    for entity in unit:
        meeting.add(entity, "counterpart" if kind == "bilateral" else "participant")
    meeting.counterpart = tuple(sorted({(e.kind, e.key) for e in unit if e.kind != "person"} or {(e.kind, e.key) for e in unit}))
    lead = next((e.key for e in side if e.kind == "person"), None) or next((e.key for e in side), "")
    other = next((e.key for e in unit if e.kind == "person"), None) or next((e.text for e in unit), "")
    other = re.sub(r"^(?:du|de la|de l['’]|des|de|d['’]|le|la|les|l['’]|the)\s*", "", other)
    meeting.name = (f"{lead} – {other}" if kind == "bilateral" else f"{lead} visit to {other or 'a facility'}").strip(" –")
    talks.append(meeting)


def merge_article_talks(talks: list[Meeting]) -> list[Meeting]:
    """Talks of one article with the same counterpart are one meeting, told twice."""
    merged: list[Meeting] = []
    for meeting in talks:
        same = next((m for m in merged if m.meeting_type == meeting.meeting_type and shares_counterpart(m, meeting)), None)
        if same is None:
            merged.append(meeting)
            continue
        same.sentences += [s for s in meeting.sentences if s not in same.sentences]
        for key, role in meeting.participants.items():
            same.participants.setdefault(key, role)
    for number, meeting in enumerate(merged, 1):
        meeting.local_id = f"t{number}"
    return merged


def shares_counterpart(a: Meeting, b: Meeting) -> bool:
    """Same counterpart: same persons on the other side, or the same agencies/countries when one names no person."""
    if not a.counterpart or not b.counterpart:
        return a.meeting_type == "visit" and a.counterpart == b.counterpart
    persons_a = {k for k, r in a.participants.items() if k[0] == "person" and r == "counterpart"}
    persons_b = {k for k, r in b.participants.items() if k[0] == "person" and r == "counterpart"}
    if persons_a and persons_b:
        return bool(persons_a & persons_b)
    return bool(set(a.counterpart) & set(b.counterpart))


def agreement_type(kind: str) -> str:
    kind = kind.lower()
    if re.search(r"memorand|\bmous?\b|protocoles? d|mémorandum", kind):
        return "mou"
    if kind.startswith("protoc"):
        return "protocol"
    if "déclaration" in kind or "declaration" in kind:
        return "declaration"
    return "agreement"


def find_agreements(ents: ArticleEntities, protagonist: str | None, person_agency: dict[str, str],
                    spans: dict) -> list[Agreement]:
    """Signed agreements: an agreement noun and a signing verb in one sentence; one per counterpart listed."""
    agreements: list[Agreement] = []
    for sentence in ents.sentences:
        noun = lexicon.AGREEMENT_NOUN.search(sentence.text)
        if not noun or not lexicon.SIGNED.search(sentence.text) or lexicon.NOT_SIGNED.search(sentence.text):
            continue
        kind = agreement_type(noun.group("kind"))
        parties = sentence_parties(ents, sentence, person_agency)
        with_match = re.search(r"\b(?:with|avec)\b", sentence.text)
        units = []
        if with_match:
            units = counterpart_units(ents, sentence, sentence.start + with_match.end(), sentence.end)
        if len(units) >= 2 or (units and not parties_before(ents, sentence, with_match)):
            # "two memoranda were signed; the first with A ..., and the second with B": one per counterpart,
            # the reporting side (the article's main person and agency) being the other party.
            own = own_parties(protagonist, person_agency)
            for unit in units:
                unit_parties = [(e.kind, e.key) for e in with_person_agencies(unit, person_agency, sentence.index)
                                if e.kind in ("agency", "country")]
                add_agreement(agreements, kind, noun, sentence, own + unit_parties, spans)
        elif parties:
            add_agreement(agreements, kind, noun, sentence, parties, spans)
        elif agreements and re.search(r"\b(?:the|this|l['’]|cet|ce|cette)\s*(?:\w+\s+)?" + re.escape(noun.group("kind")), sentence.text, re.I):
            # "The agreement was signed on March 26 between ...": more of the agreement already read.
            agreements[-1].sentences.append(sentence.index)
            agreements[-1].span = agreements[-1].span or dates.combine_spans(spans.get(sentence.index, []))
    return dedupe_agreements(agreements)


def parties_before(ents: ArticleEntities, sentence: Sentence, with_match: re.Match | None) -> bool:
    limit = sentence.start + (with_match.start() if with_match else len(sentence.text))
    return any(e.kind in ("agency", "person") and e.end <= limit for e in ents.in_sentence(sentence.index))


def own_parties(protagonist: str | None, person_agency: dict[str, str]) -> list[tuple[str, str]]:
    agency = person_agency.get(protagonist or "")
    return [("agency", agency)] if agency else []


def sentence_parties(ents: ArticleEntities, sentence: Sentence, person_agency: dict[str, str]) -> list[tuple[str, str]]:
    """Agencies of a signing sentence, named or through the persons who signed for them."""
    parties: list[tuple[str, str]] = []
    for entity in ents.in_sentence(sentence.index, ("agency", "person")):
        key = ("agency", entity.key) if entity.kind == "agency" else ("agency", person_agency.get(entity.key, ""))
        if key[1] and key not in parties:
            parties.append(key)
    return parties


def add_agreement(agreements: list[Agreement], kind: str, noun: re.Match, sentence: Sentence,
                  parties: list[tuple[str, str]], spans: dict) -> None:
    unique = list(dict.fromkeys(parties))
    if len({p for p in unique if p[0] == "agency"}) < 1:
        return
    span = dates.combine_spans(spans.get(sentence.index, []))
    title = noun.group("kind")[:1].upper() + noun.group("kind")[1:]
    agreements.append(Agreement(f"a{len(agreements) + 1}", kind, title, sentence.index, unique, [sentence.index], span=span))


def dedupe_agreements(agreements: list[Agreement]) -> list[Agreement]:
    """One agreement told in several sentences ("signed an MoU ... The agreement was signed on ...") is one."""
    kept: list[Agreement] = []
    for agreement in agreements:
        same = next((k for k in kept if set(k.parties) <= set(agreement.parties) or set(agreement.parties) <= set(k.parties)), None)
        if same is None:
            kept.append(agreement)
        else:
            same.parties = list(dict.fromkeys(same.parties + agreement.parties))
            same.sentences += [i for i in agreement.sentences if i not in same.sentences]
            same.span = same.span or agreement.span
    for number, agreement in enumerate(kept, 1):
        agreement.local_id = f"a{number}"
    return kept


def link_agreements(agreements: list[Agreement], talks: list[Meeting], ents: ArticleEntities) -> None:
    """Each agreement's meeting: the talks with its counterpart, else a signing meeting of its parties."""
    for agreement in agreements:
        parties = set(agreement.parties)
        match = next((t for t in talks if t.meeting_type == "bilateral" and parties & set(t.participants)
                      and set(t.counterpart) & parties), None)
        if match is None:
            match = Meeting(f"t{len(talks) + 1}", "bilateral", "", list(agreement.sentences))
            for number, (kind, key) in enumerate(agreement.parties):
                match.participants[(kind, key)] = "participant" if number == 0 else "counterpart"
            for person in (e for i in agreement.sentences for e in ents.in_sentence(i, ("person",))):
                match.add(person)
            match.counterpart = tuple(sorted(agreement.parties[1:] or agreement.parties))
            match.name = "Signing of " + agreement.title + " – " + " / ".join(k for _, k in agreement.parties)
            talks.append(match)
        agreement.meeting = match.local_id


def fill_main_event(main: Meeting, ents: ArticleEntities, claimed: set[int], events: list[Meeting],
                    generic: set[int], person_agency: dict[str, str], spans: dict) -> None:
    """The main event's participants, place and dates from the story sentences not told of other meetings."""
    other_anchor = {s for e in events if e is not main for s in e.sentences}
    lead = [s.index for s in ents.sentences[:2]]
    # When the event is the article's lead story, its story sentences tell of it; otherwise (a signing
    # "on the sidelines of" some conference) only the sentences that name it or say who took part do.
    is_lead = any(i in main.sentences or i in generic for i in lead)
    for sentence in ents.sentences:
        if sentence.index in claimed:
            continue
        about = sentence.index in main.sentences or sentence.index in generic
        if not is_lead and not about:
            continue
        in_other = sentence.index in other_anchor and sentence.index not in main.sentences
        for entity in ents.in_sentence(sentence.index, ("person", "agency", "country")):
            if in_other and entity.kind != "person":
                continue
            if entity.kind == "country" and is_location(entity, ents, sentence):
                continue
            role = "participant"
            if entity.kind == "person" and LED_DELEGATION.search(sentence.text):
                role = "head_of_delegation"
            main.add(entity, role)
            if entity.kind == "person" and entity.key in person_agency:
                main.add(Entity("agency", person_agency[entity.key], "", 0, 0, sentence.index))
        if (sentence.index in generic or sentence.index in main.sentences) and sentence.index not in main.sentences:
            main.sentences.append(sentence.index)
    if main.organizer:
        main.participants[("agency", main.organizer)] = "organizer"
    main.sentences.sort()
    place_event(main, ents, spans)


def is_location(entity: Entity, ents: ArticleEntities, sentence: Sentence) -> bool:
    """A country named as where something happens ("in Accra, Ghana", "la ville française") is no participant."""
    before = sentence.text[max(0, entity.start - sentence.start - 14):entity.start - sentence.start]
    after_city = any(e.kind == "city" and 0 <= entity.start - e.end <= 3 for e in ents.in_sentence(sentence.index))
    return after_city or bool(LOCATION_BEFORE.search(before) and not before.rstrip().endswith(","))


def place_event(event: Meeting, ents: ArticleEntities, spans: dict) -> None:
    """City, country and dates of a multilateral event from the sentences about it."""
    cities = [e for s in event.sentences for e in ents.in_sentence(s, ("city",))]
    if cities:
        best = Counter(c.key for c in cities).most_common(1)[0][0]
        city = next(c for c in cities if c.key == best)
        event.city, event.city_surface, event.country = city.key, city.text, city.attrs.get("country")
    candidates = [span for s in event.sentences for span in spans.get(s, []) if span.precision != "unknown"
                  and (event.status == "held" or re.search(r"\d", span.text))]
    event.span = dates.combine_spans(candidates)
    if event.span is not None and event.span.start and event.span.start == event.span.end:
        event.span = stretch_by_duration(event.span, [ents.sentence(s).text for s in event.sentences])


def stretch_by_duration(span: dates.DateSpan, texts: list[str]) -> dates.DateSpan:
    """A "two-day" event that opened on one known day ends on the next."""
    for text in texts:
        match = lexicon.DURATION.search(text)
        if match:
            days = lexicon.DURATION_WORDS[match.group("n").lower()]
            end = span.start + datetime.timedelta(days=days - 1)
            return dates.DateSpan(span.start, end, span.precision, span.text, span.start_char, span.end_char)
    return span


def place_meeting(meeting: Meeting, main: Meeting | None, ents: ArticleEntities, spans: dict) -> None:
    """City, country and date of talks: their own sentence, else the event they were held beside, else the article."""
    if main is not None and main.status == "held":
        meeting.parent = main.local_id
    own_cities = [e for s in meeting.sentences for e in ents.in_sentence(s, ("city",))]
    own_spans = [span for s in meeting.sentences for span in spans.get(s, []) if span.precision != "unknown"]
    meeting.span = dates.combine_spans(own_spans)
    if own_cities:
        city = own_cities[0]
        meeting.city, meeting.city_surface, meeting.country = city.key, city.text, city.attrs.get("country")
    elif meeting.parent and main is not None:
        meeting.city, meeting.city_surface, meeting.country = main.city, main.city_surface, main.country
    else:
        place = trip_destination(ents) or dateline_city(ents)
        if place is not None and place.kind == "city":
            meeting.city, meeting.city_surface, meeting.country = place.key, place.text, place.attrs.get("country")
        elif place is not None:
            meeting.country = place.key
    if meeting.span is None and meeting.parent is None:
        story = [span for s in ents.sentences for span in spans.get(s.index, []) if span.precision == "day"]
        meeting.span = story[0] if story else None


def trip_destination(ents: ArticleEntities) -> Entity | None:
    """Where a reported (not planned) trip went: "paid a working visit to France", "en visite à Rabat"."""
    for sentence in ents.sentences:
        visit = lexicon.VISIT_TRIGGERS.search(sentence.text)
        if not visit or lexicon.FUTURE.search(sentence.text):
            continue
        after = sentence.start + visit.end()
        places = [e for e in ents.in_sentence(sentence.index, ("city", "country")) if after <= e.start <= after + 30]
        if places:
            return places[0]
    return None


def dateline_city(ents: ArticleEntities) -> Entity | None:
    """The city an article is filed from ("Dakar – ...", "NAIROBI, (AFP) ...")."""
    cities = [e for e in ents.entities if e.kind == "city"]
    first = ents.sentences[0] if ents.sentences else None
    if first is not None:
        for city in cities:
            if city.sentence == first.index and re.match(r"\s*(?:\([^)]*\)\s*)?[,–—-]", first.text[city.end - first.start:]):
                return city
    return None


def find_claims(ents: ArticleEntities, talks: list[Meeting], agreements: list[Agreement], main: Meeting | None) -> list[dict]:
    """Numbers of meetings or agreements an article claims, beside how many it lists."""
    claims = []
    for sentence in ents.sentences:
        for match in lexicon.CLAIMED_COUNT.finditer(sentence.text):
            raw = match.group("count").lower()
            claimed = int(raw) if raw.isdigit() else lexicon.NUMBER_WORDS.get(raw)
            what = match.group("what").lower()
            is_agreement = bool(re.search(r"memorand|agreement|accord|mémorandum", what))
            listed = len(agreements) if is_agreement else sum(1 for t in talks if t.meeting_type == "bilateral")
            if claimed and claimed != listed:
                claims.append({"subject": "agreement" if is_agreement else "meeting", "meeting": main.local_id if main else None,
                               "claimed": claimed, "listed": listed, "sentence": sentence.index, "what": what})
    return claims


def facts_to_rows(article_id: str, facts: ArticleFacts) -> dict[str, list[dict]]:
    """One article's facts as plain rows (JSON-serialisable), the unit cached per article and resolved later."""
    def span_fields(span: dates.DateSpan | None) -> dict:
        if span is None:
            return {"start_date": None, "end_date": None, "date_precision": "unknown"}
        start = span.start.isoformat() if span.start else None
        end = span.end.isoformat() if span.end else None
        return {"start_date": start, "end_date": end, "date_precision": span.precision}

    def evidence(indexes: list[int]) -> str:
        return " ".join(facts.sentence_text[i] for i in sorted(set(indexes)) if i in facts.sentence_text)

    rows: dict[str, list[dict]] = {name: [] for name in ROW_TABLES}
    for m in facts.meetings:
        rows["meetings"].append({
            "article_id": article_id, "local_id": m.local_id, "meeting_type": m.meeting_type, "name": m.name,
            "ordinal": m.ordinal, "noun": m.noun, "organizer": m.organizer, "status": m.status, "parent": m.parent,
            "city": m.city, "city_surface": m.city_surface, "country_iso2": m.country, **span_fields(m.span),
            "evidence": evidence(m.sentences),
        })
        for (kind, key), role in sorted(m.participants.items()):
            rows["participants"].append({"article_id": article_id, "local_id": m.local_id, "kind": kind, "key": key, "role": role})
    for a in facts.agreements:
        rows["agreements"].append({
            "article_id": article_id, "local_id": a.local_id, "agreement_type": a.agreement_type, "title": a.title,
            "meeting": a.meeting, **span_fields(a.span), "evidence": evidence(a.sentences),
        })
        for kind, key in a.parties:
            rows["agreement_parties"].append({"article_id": article_id, "local_id": a.local_id, "kind": kind, "key": key})
    for name, record in sorted(facts.entities.persons.items()):
        rows["persons"].append({
            "article_id": article_id, "name": name, "aliases": sorted(record["aliases"] | {name}),
            "title": record.get("title") or None, "agency": facts.person_agency.get(name),
            "country_iso2": facts.person_country.get(name),
            "mentions": record.get("mentions", 0),
        })
    agencies: dict[str, dict] = {}
    for e in facts.entities.entities:
        if e.kind != "agency":
            continue
        row = agencies.setdefault(e.key, {"article_id": article_id, "key": e.key, "surfaces": set(), "acronym": None,
                                          "international": bool(e.attrs.get("international")), "country_iso2": None})
        row["surfaces"] |= {e.text, e.key}
        row["acronym"] = row["acronym"] or e.attrs.get("acronym")
        row["country_iso2"] = row["country_iso2"] or e.attrs.get("country")
    for acronym, name in facts.entities.acronyms.items():
        if name in agencies:
            agencies[name]["acronym"] = agencies[name]["acronym"] or acronym
            agencies[name]["surfaces"].add(acronym)
    for row in agencies.values():
        rows["agencies"].append({**row, "surfaces": sorted(row["surfaces"])})
    countries = Counter(e.key for e in facts.entities.entities if e.kind == "country")
    countries.update(e.attrs["country"] for e in facts.entities.entities if e.kind == "city" and e.attrs.get("country"))
    for iso2, count in sorted(countries.items()):
        rows["article_countries"].append({"article_id": article_id, "iso2": iso2, "mentions": count})
    for claim in facts.claims:
        rows["claims"].append({"article_id": article_id, "meeting": claim["meeting"], "subject": claim["subject"],
                               "what": claim["what"], "claimed": claim["claimed"], "listed": claim["listed"]})
    return rows


ROW_TABLES = ("meetings", "participants", "agreements", "agreement_parties", "persons", "agencies",
              "article_countries", "claims")
