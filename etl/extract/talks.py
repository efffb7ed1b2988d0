"""Bilateral talks and visits of one article, read from its frames sentence by sentence.

Each talk frame gives one bilateral meeting per counterpart it names. The story is followed as it is
told: a frame without a subject of its own ("he", "il", a participle) belongs to the side the story
follows; a frame that announces meetings without naming their counterparts ("held a series of
bilateral meetings", "s'est entretenu avec plusieurs homologues") opens an *announcement*, which the
counterparts listed in the next sentences fill, one meeting each ("In Asia, the talks involved the
police chiefs of A, B and C", "Parmi eux, ..."), until the story moves on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.entities import ArticleEntities, Entity, Sentence, is_title_word
from etl.extract import triggers
from etl.extract import grammar
from etl.extract.frames import QUANTIFIERS, Frame, bilateral, noun_frames, verb_frames
from etl.extract.grammar import Parse, dep, lemma, own_span, word
from etl.extract.model import Meeting
from etl.extract.people import role_gap
from etl.extract.sides import (SIDE_KINDS, continued_list, entities_in, group_units, is_location, pronoun_head, relative_antecedent,
                               with_person_agencies)
from etl.extract.triggers import fold

# Where the phrase after a meeting verb stops naming its counterparts: a purpose, a topic, a relative clause,
# another clause (function words of both languages).
CLAUSE_END = re.compile(
    r"\b(?:to|in order to|for|about|on|regarding|concerning|where|which|who|during|before|after|while|when|"
    r"pour|afin|sur|concernant|où|qui|que|lors|pendant|avant|après|alors|dont)\b|[;:()]", re.I)


LEADING_DAY = re.compile(r"\s*,?\s*(?:on\s+|ce\s+|le\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|"
                         r"mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b[^,;]{0,20}?(?=\s+[A-Za-zÀ-ÿ])", re.I)


# A sentence opening on a grouping before its list: "In Asia, ...", "En Afrique, ...", "As for Europe, ...".
GROUPING_LEAD = re.compile(
    r"^\s*(?:in|from|for|as for|regarding|concerning|among|on the|en|pour|côté|du côté|s['’]agissant|au|aux|dans|"
    r"concernant|quant|parmi|with|avec)\b[^,;:]{1,50}[,:]", re.I)
# Prepositions that place a country rather than make it a side ("the ambassador to X", "based in X").
LOCATIVE = {"to", "in", "at", "a", "en", "au", "aux", "dans", "aupres", "near", "pres"}
FACILITY = re.compile(
    r"\b(?:cent(?:er|re)|headquarters|siège|exhibition|exposition|academy|académie|school|école|museum|musée|"
    r"facility|facilities|base|port|airport|aéroport|laborator(?:y|ies)|laboratoire|command|commandement|"
    r"unit|unité|station|complex|complexe|institute|institut|college|collège|stand|pavilion|pavillon|post|poste|"
    r"checkpoint|room|salle|prison|camp|site|office|bureau|premises|locaux|plant|usine)\b",
    re.I,
)


# How many paragraphs after the last one that filled it an announcement still takes listed counterparts.
ANNOUNCEMENT_REACH = 3


@dataclass
class Announcement:
    """Meetings announced without their counterparts, waiting for the sentences that list them."""

    side: list[Entity]
    sentence: int
    paragraph: int
    status: str


@dataclass
class Story:
    """What the reader knows while reading an article from top to bottom."""

    ents: ArticleEntities
    person_agency: dict[str, str]
    protagonist: str | None
    paragraph_of: dict[int, int]
    focus: list[Entity] | None = None  # the side the story follows
    announcement: Announcement | None = None

    def protagonist_side(self, sentence: int, at: int) -> list[Entity]:
        if self.focus:
            return self.focus
        if not self.protagonist:
            return []
        return self.with_agency([Entity("person", self.protagonist, self.protagonist, at, at, sentence)])

    def with_agency(self, side: list[Entity]) -> list[Entity]:
        return with_person_agencies(side, self.person_agency)


def side_entities(story: Story, parse: Parse, spans: list[list], frame: Frame) -> list[Entity]:
    """The entities of the acting side of a frame; a pronoun or a missing subject is the side the story follows."""
    side: list[Entity] = []
    titled_without_name = False
    for tokens in spans:
        pronoun = pronoun_head(tokens)
        if pronoun is not None:
            antecedent = relative_antecedent(pronoun)
            if antecedent is not None:
                side += entities_in(parse, own_span(antecedent), story.ents)
            else:
                side += story.protagonist_side(parse.sentence, frame.start)
            continue
        found = [e for e in entities_in(parse, tokens, story.ents) if not placed_country(parse, e, tokens)]
        found += apposed_person(story, parse, tokens, found)
        side += found
        # "The delegation", "la délégation haïtienne": the side the story follows, named by its body.
        titled_without_name |= titled(tokens) or (definite_body(tokens) and all(
            e.kind == "country" and e.attrs.get("demonym") for e in found))
    if side and not any(e.kind == "person" for e in side):
        # "Colonel X, Chief of Staff of Y, received ...": the name before the title the parser took as subject.
        sentence = story.ents.sentence(parse.sentence)
        before = [p for p in story.ents.in_sentence(parse.sentence, ("person",)) if p.end <= min(e.start for e in side)]
        if before and role_gap(sentence, before[-1], min(side, key=lambda e: e.start)):
            side = [before[-1]] + side
    if titled_without_name and not any(e.kind == "person" for e in side) and story.protagonist:
        # "the minister", "the Director-General of X": the person the story follows, named by title.
        side += story.protagonist_side(parse.sentence, frame.start)
    if not side and not frame.reciprocal and not spans:
        side = surface_subject(story, parse, frame) or story.protagonist_side(parse.sentence, frame.start)
    if side and not any(e.kind == "person" for e in side):
        # "The delegation of X, led by Y, ...": the person of the sentence who heads the side's body.
        bodies = {e.key for e in side if e.kind == "agency"}
        side += [p for p in story.ents.in_sentence(parse.sentence, ("person",))
                 if story.person_agency.get(p.key) in bodies and p.start < frame.start][:1]
    return story.with_agency(dedupe(side))


def placed_country(parse: Parse, entity: Entity, tokens: list) -> bool:
    """A country that places a person rather than being their side ("ambassador to X", "based in X"),
    when the phrase names another side too."""
    if entity.kind != "country":
        return False
    token = parse.token_at(entity.start)
    if token is None:
        return False
    head = token.head
    introducer = word(head) if dep(token) == "pobj" else " ".join(word(c) for c in token.children if dep(c) == "case")
    others = [t for t in tokens if t.i != token.i and t.pos_ == "PROPN"]
    return bool(set(introducer.split()) & LOCATIVE) and bool(others)


def counterpart_units(story: Story, parse: Parse, spans: list[list]) -> tuple[list[list[Entity]], bool]:
    """The counterparts a frame names, one list of entities each, and whether it named someone without a
    name ("his counterparts", "several delegations")."""
    units: list[list[Entity]] = []
    unnamed = False
    sentence = story.ents.sentence(parse.sentence)
    spans = list(spans)
    if spans:
        # A list the parser cut short ("between Belgian, Dutch, Luxembourg and German investigators").
        end = max(parse.char_span(span)[1] for span in spans)
        named = {(e.start, e.end) for span in spans for e in entities_in(parse, span, story.ents)}
        rest = [e for e in continued_list(story.ents, sentence, end) if (e.start, e.end) not in named]
        if rest:
            spans.append([parse.token_at(e.start) for e in rest if parse.token_at(e.start) is not None])
    for tokens in spans:
        pronoun = pronoun_head(tokens)
        if pronoun is not None:
            antecedent = relative_antecedent(pronoun)
            if antecedent is None and word(pronoun) not in ("they", "them", "ils", "eux"):
                followed = story.protagonist_side(parse.sentence, parse.starts[pronoun.i])
                if followed:
                    units.append(list(followed))
            continue
        found = [e for e in entities_in(parse, tokens, story.ents) if not placed_country(parse, e, tokens)]
        found += apposed_person(story, parse, tokens, found)
        if found and all(e.kind == "country" and e.attrs.get("demonym") for e in found) and counted_plural(tokens):
            unnamed = True  # "the heads of the two main French agencies": announced, to be named next
            continue
        if not found and names_officials(tokens):
            # "his colleagues in X", "officials based in Y": officials of the country they are in.
            places = entities_in(parse, tokens, story.ents, ("country", "city"))
            found = [place_country(p) for p in places if place_country(p) is not None][:1]
        if not found:
            unnamed = unnamed or names_officials(tokens)
            continue
        grouped = distributed_country(group_units(found, sentence))
        if units and titled(tokens) and not any(e.kind == "person" for e in found) and \
                any(e.kind == "person" for e in units[-1]) and not any(e.kind == "person" for e in grouped[0]):
            # "Mrs X, Ambassador of Y": the title phrase, parsed apart, is the named person's.
            units[-1] = units[-1] + grouped[0]
            grouped = grouped[1:]
        units += grouped
    return units, unnamed


def distributed_country(units: list[list[Entity]]) -> list[list[Entity]]:
    """"Senior Kenyan officials such as X and Y": the one country named before a list of officials is each
    official's, not a side of its own."""
    if len(units) < 2 or units[0][0].kind != "country" or not units[0][0].attrs.get("demonym"):
        return units
    country, rest = units[0][0], units[1:]
    if any(e.kind == "country" for unit in rest for e in unit):
        return units
    if len(units[0]) == 1:
        return [unit + [country] for unit in rest]
    return [units[0]] + [unit + [country] for unit in rest]


def respectively(named: list[Entity]) -> list[list[Entity]]:
    """"The chiefs of A and B, X and Y": two lists of one length, the names paired with the bodies in order."""
    persons = [e for e in named if e.kind == "person"]
    others = [e for e in named if e.kind != "person"]
    if len(persons) >= 2 and len(persons) == len(others) and max(e.start for e in others) < min(p.start for p in persons):
        return [[other, person] for other, person in zip(others, persons)]
    return []


def definite_body(tokens: list) -> bool:
    """"The delegation", "la délégation", "its team": a body the story has introduced, named again."""
    bodies = triggers.lemmas("nouns.csv", "body")
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    return any(lemma(h) in bodies and any(word(c) in DEFINITE_WORDS for c in h.children) for h in heads)


DEFINITE_WORDS = {"the", "this", "that", "its", "his", "her", "their", "le", "la", "l'", "les", "cette", "ce", "sa", "son",
                  "ses", "leur", "leurs"}


def surface_subject(story: Story, parse: Parse, frame: Frame) -> list[Entity]:
    """The person written right before a verb whose subject the parser missed ("..., X, a rencontré Y")."""
    sentence = story.ents.sentence(parse.sentence)
    before = [p for p in story.ents.in_sentence(parse.sentence, ("person",)) if p.end <= frame.start]
    if before and re.fullmatch(r"[\s,]*(?:(?:a|has|have|had|also|aussi|ont|était|was|then|puis|ensuite|également)[\s,]+)*",
                                sentence.text[before[-1].end - sentence.start:frame.start - sentence.start]):
        return story.with_agency([before[-1]])
    return []


def counted_plural(tokens: list) -> bool:
    """A plural phrase with a number or quantifier ("the two main agencies", "plusieurs délégations")."""
    return any(("Number=Plur" in str(t.morph) or word(t).endswith("s")) and
               any(c.like_num or word(c) in QUANTIFIERS for c in t.children) for t in tokens if t.pos_ == "NOUN")


def titled(tokens: list) -> bool:
    """True when a phrase's head is a title or an official ("the minister", "the Director-General of X")."""
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    officials = triggers.lemmas("nouns.csv", "official")
    return any(lemma(h) in officials or lemma(h).split("-")[0] in officials or word(h) in officials for h in heads)


def purpose_infinitive(verb) -> bool:
    """"... to discuss cooperation between A and B", "pour discuter de ...": an infinitive that says what a
    meeting was for."""
    return "VerbForm=Inf" in str(verb.morph) and dep(verb) in ("advcl", "xcomp", "acl") and verb.head != verb


def topic_of(verb) -> bool:
    """True when a verb of talking has its topic as object ("discussed cooperation between A and B",
    "ont discuté des projets"): the names after it are the topic's, not counterparts."""
    return any(dep(c) in ("dobj", "obj") and c.pos_ in ("NOUN", "PROPN")
               or dep(c) == "obl:arg" and grammar.preposition(c) in ("de", "du", "des", "d'")
               for c in verb.children)


def surface_counterparts(story: Story, sentence: Sentence, frame: Frame, side: list[Entity]) -> list[list[Entity]]:
    """The counterparts written after a verb whose object the parser missed: the first name (with its title
    and body) and the names listed with it, up to the end of the clause."""
    start = frame.parse.starts[frame.trigger.i] + len(frame.trigger.text)
    rest = sentence.text[start - sentence.start:]
    when = LEADING_DAY.match(rest)  # "received on Thursday the head of ...": the day is no clause end
    if when:
        start, rest = start + when.end(), rest[when.end():]
    end = CLAUSE_END.search(rest)
    end = start + (end.start() if end else len(rest))
    own = {(e.kind, e.key) for e in side}
    found = [e for e in story.ents.in_sentence(sentence.index, SIDE_KINDS) if start <= e.start < end
             and (e.kind, e.key) not in own and not is_location(e, story.ents, sentence)
             and not re.search(r"(?:\bà|\ben|\bau|\bin|\bat)\s*$", sentence.text[:e.start - sentence.start])]
    units = group_units(found, sentence)
    listed = units[:1]
    for previous, unit in zip(units, units[1:]):
        between = sentence.text[previous[-1].end - sentence.start:unit[0].start - sentence.start]
        if not re.fullmatch(r"\s*(?:,|and|et|as well as|ainsi que)?\s*(?:,|and|et)?\s*(?:the|le|la|les|l['’])?\s*", between):
            break
        listed.append(unit)
    return listed


def apposed_person(story: Story, parse: Parse, tokens: list, found: list[Entity]) -> list[Entity]:
    """"His counterpart from X, NAME, ...": a name right after an official's phrase, between commas, is that
    official (the parser often hangs it elsewhere)."""
    if any(e.kind == "person" for e in found) or not titled(tokens):
        return []
    sentence = story.ents.sentence(parse.sentence)
    end = parse.char_span(tokens)[1]
    for person in story.ents.in_sentence(parse.sentence, ("person",)):
        between = sentence.text[end - sentence.start:person.start - sentence.start]
        words = between.replace(",", " ").replace(")", " ").split()
        if person.start >= end and between.strip().startswith((",", ")")) and all(
                w.lower() in ("the", "le", "la", "l'", "l’") or is_title_word(w) for w in words):
            return [person]
    return []


def place_country(place: Entity) -> Entity | None:
    """The country a place entity stands for: itself, or a city's country."""
    if place.kind == "country":
        return place
    country = place.attrs.get("country")
    return Entity("country", country, place.text, place.start, place.end, place.sentence) if country else None


def names_officials(tokens: list) -> bool:
    """True when a phrase names officials or bodies without naming which ("his counterparts", "plusieurs délégations")."""
    officials = triggers.lemmas("nouns.csv", "official") | triggers.lemmas("nouns.csv", "body")
    return any(lemma(t) in officials for t in tokens if t.pos_ in ("NOUN", "PROPN"))


def dedupe(entities: list[Entity]) -> list[Entity]:
    seen, out = set(), []
    for entity in entities:
        if (entity.kind, entity.key) not in seen:
            seen.add((entity.kind, entity.key))
            out.append(entity)
    return out


def add_talk(talks: list[Meeting], kind: str, side: list[Entity], unit: list[Entity], sentence: Sentence,
             hosting: bool, status: str, anchor: int | None = None) -> None:
    """Append one bilateral meeting or visit with its two sides."""
    meeting = Meeting(f"t{len(talks) + 1}", kind, "", [sentence.index])
    if anchor is not None:
        meeting.anchors.add(anchor)
    meeting.status = status
    for entity in side:
        meeting.add(entity, "host" if hosting else "participant")
    for entity in unit:
        meeting.add(entity, "counterpart" if kind == "bilateral" else "participant")
    others = {(e.kind, e.key) for e in unit if e.kind != "person"} or {(e.kind, e.key) for e in unit}
    meeting.counterpart = tuple(sorted(others))
    lead = next((e.key for e in side if e.kind == "person"), None) or next((e.text for e in side), "")
    other = next((e.key for e in unit if e.kind == "person"), None) or next((e.text for e in unit), "")
    other = re.sub(r"^(?:du|de la|de l['’]|des|de|d['’]|le|la|les|l['’]|the)\s*", "", other)
    meeting.name = (f"{lead} – {other}" if kind == "bilateral" else f"{lead} visit to {other or 'a facility'}").strip(" –")
    talks.append(meeting)


def meetings_with(talks: list[Meeting], story: Story, side: list[Entity], units: list[list[Entity]],
                  sentence: Sentence, kind: str, hosting: bool, status: str, anchor: int | None = None) -> int:
    """One meeting per counterpart that is not the acting side itself; how many were added."""
    own = {(e.kind, e.key) for e in side}
    # "The A Police delegation was received by the delegations of A and B": A's body does not meet A.
    own |= {("country", e.attrs["country"]) for e in side if e.kind == "agency" and e.attrs.get("country")}
    added = 0
    for unit in units:
        unit = story.with_agency(unit)
        if {(e.kind, e.key) for e in unit} <= own:
            continue
        add_talk(talks, kind, side, unit, sentence, hosting, status, anchor)
        added += 1
    return added


def status_of(frame: Frame) -> str:
    return "planned" if frame.future else "held"


# List markers that are also relative words ("dont", "comme", "like"): they list only when a name or a
# noun phrase follows ("dont le Togo", "dont Europol", "comme la Gambie"), not a verb or a pronoun
# ("dont jouissent les services", "comme il l'a dit").
RELATIVE_MARKERS = {"dont", "comme", "like"}
LISTED_AFTER = re.compile(r"\s*(?:[A-ZÀ-Þ]|\d|(?:le|la|les|l|un|une|des|du|the|a|an|ceux|celles|celui|celle|trois|"
                          r"deux|two|three|several|plusieurs)\b)")


def listed_units(story: Story, sentence: Sentence, after: int = 0) -> list[list[Entity]]:
    """The counterparts a sentence lists for an open announcement: it opens on a grouping ("In Africa,") or
    holds a list marker ("including", "notamment"), and names sides other than the announcing one."""
    own = {(e.kind, e.key) for e in story.announcement.side} if story.announcement else set()
    found = [e for e in story.ents.in_sentence(sentence.index, ("person", "agency", "country"))
             if (e.kind, e.key) not in own and not is_location(e, story.ents, sentence) and e.start >= after]
    if not found:
        return []
    if GROUPING_LEAD.match(sentence.text) and not after:
        return group_units(found, sentence)
    # A list marker right before the names it lists ("including X", "notamment le Y", "dont ceux avec Z"),
    # not a relative pronoun that happens to be spelt alike: the names after the first such marker.
    text = fold(sentence.text)
    markers = triggers.lemmas("markers.csv", "list")
    starts = sorted(m.end() for marker in markers for m in re.finditer(r"(?<!\w)" + re.escape(marker) + r"(?!\w)", text)
                    if sentence.start + m.start() >= after
                    and not (marker in RELATIVE_MARKERS and not LISTED_AFTER.match(sentence.text, m.end())))
    for start in starts:
        listed = [e for e in found if e.start - sentence.start >= start]
        if listed and listed[0].start - sentence.start - start <= 60:
            return group_units(listed, sentence)
    return []


def read_talks(story: Story, frames_by_sentence: dict[int, list[Frame]], parses: dict[int, Parse],
               event_sentences: set[int]) -> list[Meeting]:
    """Bilateral meetings and visits of an article, sentence by sentence."""
    talks: list[Meeting] = []
    for sentence in story.ents.sentences:
        frames = frames_by_sentence.get(sentence.index, [])
        parse = parses.get(sentence.index)
        paragraph = story.paragraph_of.get(sentence.index, 0)
        if story.announcement is not None and (
                paragraph - story.announcement.paragraph > ANNOUNCEMENT_REACH
                or (sentence.index in event_sentences and sentence.index != story.announcement.sentence)):
            story.announcement = None
        talked = False
        for frame in frames:
            if frame.kind in ("talk", "host", "call", "involve") and not frame.negated:
                talked |= read_talk_frame(talks, story, frame, parse, sentence, paragraph)
        if not talked and story.announcement is not None and sentence.index != story.announcement.sentence:
            units = listed_units(story, sentence)
            if meetings_with(talks, story, story.announcement.side, units, sentence, "bilateral", False,
                             story.announcement.status):
                story.announcement.paragraph = paragraph
        for frame in frames:
            if frame.kind == "visit" and not frame.negated:
                read_visit(talks, story, frame, parse, sentence)
    # A trip whose talks the article reports one by one is not a meeting of its own: its talks are.
    held_talks = {t.status for t in talks if t.meeting_type == "bilateral"}
    talks = [t for t in talks if not (t.trip and t.status in held_talks)]
    return merge_article_talks(talks)


def read_talk_frame(talks: list[Meeting], story: Story, frame: Frame, parse: Parse, sentence: Sentence,
                    paragraph: int) -> bool:
    """The meetings of one talk, reception, call or listing frame; True when it told of talks."""
    if frame.kind == "involve":
        if story.announcement is None:
            return False
        side = story.announcement.side
        story.announcement.paragraph = paragraph
    elif not frame.agents and surface_subject(story, parse, frame):
        side = surface_subject(story, parse, frame)
    elif not frame.agents and story.announcement is not None:
        side = story.announcement.side
        story.announcement.paragraph = paragraph
    else:
        side = side_entities(story, parse, frame.agents, frame)
        named = {e.key for span in frame.others for e in entities_in(parse, span, story.ents) if e.kind == "person"}
        if story.protagonist in named and not any(e.key == story.protagonist for span in frame.agents
                                                  for e in entities_in(parse, span, story.ents)):
            # "X was received by the minister": the person the story follows is the other side here.
            side = [e for e in side if e.key != story.protagonist
                    and not (e.kind == "agency" and story.person_agency.get(story.protagonist) == e.key)]
    explicit = bool(frame.agents) and not all(pronoun_head(span) is not None for span in frame.agents)
    if frame.kind == "call":
        places = [span for span in frame.others if is_place(parse, span, story.ents)]
        for span in places:
            add_trip(talks, story, side, parse, span, sentence, status_of(frame))
        frame.others = [span for span in frame.others if span not in places]
    units, unnamed = counterpart_units(story, parse, frame.others)
    if story.protagonist and any(e.key == story.protagonist for unit in units for e in unit) and not any(
            e.key == story.protagonist for span in frame.agents for e in entities_in(parse, span, story.ents)):
        # "He was received by the minister": the person the story follows is the other side, not this one.
        side = [e for e in side if e.key != story.protagonist
                and not (e.kind == "agency" and story.person_agency.get(story.protagonist) == e.key)]
    if not units and not unnamed and not frame.others and frame.kind in ("talk", "host") and frame.noun is None \
            and not purpose_infinitive(frame.trigger) and not (frame.kind == "talk" and topic_of(frame.trigger)):
        # The parser found no object: read the names that follow the verb, as a list (not after "to
        # discuss", whose names are the topic's).
        units = surface_counterparts(story, sentence, frame, side)
    if frame.kind in ("host", "call") and not units and not unnamed:
        return False
    if not units and not unnamed and frame.kind == "talk" and not frame.reciprocal \
            and (verb_frames(frame.trigger) & {"meet", "talk"} or frame.noun is not None):
        # "Police chiefs from A, B and C met in X", "X and Y held talks": the sides named together in the
        # subject met each other.
        named = [e for span in frame.agents for e in entities_in(parse, span, story.ents)
                 if not is_location(e, story.ents, sentence)]
        if not any(e.kind == "person" for e in named) or len([e for e in named if e.kind == "person"]) < 2:
            named = [e for e in named if e.kind != "person"]
        together = respectively(named) or group_units(named, sentence)
        if len({frozenset(e.key for e in unit) for unit in together}) < len(together):
            together = []
        if len(together) >= 3:
            add_gathering(talks, story, [], together, sentence, frame)
            return True
        if len(together) == 2:
            meetings_with(talks, story, together[0], together[1:], sentence, "bilateral", False, status_of(frame))
            return True
    if not units:
        if (unnamed or frame.plural) and side:
            story.announcement = Announcement(side, sentence.index, paragraph, status_of(frame))
            # "... held twelve bilateral meetings, notably with A and B": the list may follow in the sentence.
            units = listed_units(story, sentence, after=frame.start)
            meetings_with(talks, story, side, units, sentence, "bilateral", False, status_of(frame))
        return True
    if frame.noun is not None and "event" in noun_frames(frame.noun) and not frame.plural \
            and not bilateral(frame.noun) and len(units) >= 3 and frame.kind == "talk":
        # "held a coordination meeting with experts from A, B and C": one meeting of several delegations.
        add_gathering(talks, story, side, units, sentence, frame)
        return True
    hosting = frame.kind == "host"
    agent_units = [] if any(e.kind == "person" for e in side) else group_units(side, sentence)
    group: list[Entity] = []  # the country of officials named as a group ("several Malian officials")
    if hosting and grammar.is_passive(frame.trigger) and len(units) == 1:
        # "X was received by several officials, notably A and B": one reception by each of them.
        listed, unnamed_hosts = counterpart_units(story, parse, frame.agents)
        if len(listed) <= 1 and unnamed_hosts:
            # "received by several officials, notably the minister, X, and the police chief, Y": the list
            # the parser hung elsewhere in the sentence.
            end = max(frame.parse.char_span(span)[1] for span in frame.agents)
            found = listed_units(story, sentence, after=end)
            if len(found) > 1:
                listed = found
                group = [e for span in frame.agents for e in entities_in(parse, span, story.ents) if e.kind == "country"]
        if len(listed) > 1:
            agent_units = listed
    if len(agent_units) > 1 and len(units) == 1:
        # "She was received by the delegations of A and B": one meeting with each of the acting sides.
        for agent_unit in agent_units:
            added = meetings_with(talks, story, story.with_agency(units[0]), [agent_unit], sentence, "bilateral",
                                  False, status_of(frame))
            if hosting and added:
                for key in [(e.kind, e.key) for e in agent_unit + group]:
                    talks[-1].participants[key] = "host"
        return True
    anchor = frame.parse.starts[frame.noun.i] if frame.noun is not None else None
    meetings_with(talks, story, side, units, sentence, "bilateral", hosting, status_of(frame), anchor)
    if explicit and any(e.kind == "person" for e in side):
        story.focus = side
    return True


def add_gathering(talks: list[Meeting], story: Story, side: list[Entity], units: list[list[Entity]],
                  sentence: Sentence, frame: Frame) -> None:
    """A meeting of several delegations, named by a common noun and held by the acting side."""
    noun = frame.noun or next((t for t in frame.parse.tokens if "event" in noun_frames(t)), None)
    if noun is not None:
        span = [t for t in own_span(noun) if noun.i - 4 <= t.i and (t.i <= noun.i or t.head == noun and dep(t) in (
            "amod", "compound", "nmod") and word(t) not in WITH_WORDS)]
        name = re.sub(r"^(?:an?|the|une?|la|le|l['’]|des|les)\s+", "", " ".join(t.text for t in span[:10]), flags=re.I)
    else:
        name = "meeting of " + ", ".join(unit[0].text for unit in units)[:100]
    meeting = Meeting(f"t{len(talks) + 1}", "multilateral", name, [sentence.index], None, "meeting")
    meeting.status = status_of(frame)
    if noun is not None:
        meeting.anchors.add(frame.parse.starts[noun.i])
    agencies = [e for e in side if e.kind == "agency"]
    meeting.organizer = agencies[0].key if agencies else None
    for entity in side:
        meeting.add(entity, "organizer" if entity.kind == "agency" and entity.key == meeting.organizer else "participant")
    for unit in units:
        for entity in story.with_agency(unit):
            meeting.add(entity)
    talks.append(meeting)


WITH_WORDS = {"with", "avec", "between", "entre"}


def read_visit(talks: list[Meeting], story: Story, frame: Frame, parse: Parse, sentence: Sentence) -> None:
    """A visit to a facility is a visit; to a person or body, talks with them; to a country or city, a trip."""
    side = side_entities(story, parse, frame.agents, frame)
    targets = [own_span(t) for t in frame.themes]
    for tokens in frame.others:  # "the visit of X": X's own visit when X is a person or body, else a place
        visitors = [e for e in entities_in(parse, tokens, story.ents) if e.kind in ("person", "agency")]
        if visitors and not FACILITY.search(" ".join(t.text for t in tokens)):
            side = story.with_agency(dedupe(visitors + [e for e in side if not frame.agents]))
        else:
            targets.append(tokens)
    for tokens in targets:
        text = " ".join(t.text for t in tokens)
        found = [e for e in entities_in(parse, tokens, story.ents) if not placed_country(parse, e, tokens)]
        persons = [e for e in found if e.kind == "person"]
        if is_place(parse, tokens, story.ents):
            add_trip(talks, story, side, parse, tokens, sentence, status_of(frame))
        elif FACILITY.search(text) and not persons:
            agencies = [e for e in found if e.kind == "agency"][:1]
            add_talk(talks, "visit", side, agencies, sentence, False, status_of(frame))
        elif persons or any(e.kind == "agency" for e in found):
            units = group_units(found, story.ents.sentence(parse.sentence))
            meetings_with(talks, story, side, units, sentence, "bilateral", False, status_of(frame))


def is_place(parse: Parse, tokens: list, ents: ArticleEntities) -> bool:
    """True when a phrase is a country or city itself ("to France", "à Paris"), not an official of one."""
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    places = entities_in(parse, tokens, ents, ("country", "city"))
    return bool(places) and all(any(parse.token_at(p.start) is not None and p.start <= parse.starts[h.i] < p.end
                                    for p in places) for h in heads)


def add_trip(talks: list[Meeting], story: Story, side: list[Entity], parse: Parse, tokens: list,
             sentence: Sentence, status: str) -> None:
    """A delegation's trip to a country or city: a visit with the country it went to."""
    places = entities_in(parse, tokens, story.ents, ("country", "city"))
    countries = [e for e in places if e.kind == "country"]
    if not countries:
        countries = [Entity("country", c.attrs["country"], c.text, c.start, c.end, c.sentence)
                     for c in places if c.kind == "city" and c.attrs.get("country")]
    own = {(e.kind, e.key) for e in side}
    if side and any(e.kind in ("person", "agency") for e in side) and not {(c.kind, c.key) for c in countries[:1]} <= own:
        add_talk(talks, "visit", side, countries[:1], sentence, False, status)
        talks[-1].name = talks[-1].name.replace(" visit to ", " trip to ")
        talks[-1].trip = True


def merge_article_talks(talks: list[Meeting]) -> list[Meeting]:
    """Talks of one article with the same counterpart are one meeting, told twice."""
    merged: list[Meeting] = []
    for meeting in talks:
        same = next((m for m in merged if m.meeting_type == meeting.meeting_type and m.status == meeting.status
                     and shares_counterpart(m, meeting)), None)
        if same is None:
            merged.append(meeting)
            continue
        same.sentences += [s for s in meeting.sentences if s not in same.sentences]
        same.anchors |= meeting.anchors
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
