"""Multilateral meetings of one article: named events, numbered sessions and meetings held by an organiser.

An event is named by an event noun of the lexicon ("conference", "assembly", "réunion", "sommet"...):
with an ordinal ("the 8th ... meeting", "la 20e session"), with a capitalised name ("the General
Assembly of ..."), or, where the grammar says it was held, with a common noun ("a coordination
meeting was chaired by ...", "une réunion élargie s'est tenue ..."). Later mentions by a common noun
("the meeting", "cette rencontre") add their sentences to the article's main event.
"""
from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

from etl.entities import ArticleEntities, Entity, Sentence
from etl.extract import grammar, triggers
from etl.extract.frames import Frame, noun_frames, verb_frames
from etl.extract.grammar import Parse, dep, lemma, own_span, word
from etl.extract.model import Meeting
from etl.extract.sides import entities_in, is_location

DIGIT_ORDINAL = r"\d{1,3}(?:st|nd|rd|th|e|è|ème|eme|er|ère|re)"
# Ordinal words have a shape ("thirty-second", "vingtième", "first"); text2num says which number they are.
WORD_ORDINAL = r"(?:[a-zà-ÿ]+-)*(?:[a-zà-ÿ]+(?:ième|ieme|th)|first|second|third|premier|première|premiere|seconde?)"
ORDINAL = r"(?P<ordinal>" + DIGIT_ORDINAL + r"|" + WORD_ORDINAL + r")"
ATTACHED_ORGANIZER = re.compile(
    r"\s*(?:of|de|du|des|d['’]|organi[sz]ed by|organisée? par|held by|hosted by)\s*(?:the\s+|la\s+|l['’])?", re.I)
LED_DELEGATION = re.compile(r"\b(?:led|headed|leading|heading|a dirigé|conduite? par|présidée? par|dirigée? par)\b", re.I)
TITLE_OF = re.compile(r"\b(?:president|chair(?:man|woman|person)?|secretary|head|director|président|présidente|"
                      r"secrétaire|directeur|chef)\b[\w\s-]{0,20}\s(?:of|de|du|de la|de l['’])\s*(?:the\s+)?$", re.I)


def event_nouns() -> list[str]:
    """Event nouns of both languages, longest first (for regular expressions)."""
    words = {e for e in triggers.lemmas("nouns.csv", "event")}
    plurals = {w + "s" for w in words if not w.endswith("s")}
    return sorted(words | plurals | {"general assembly", "assemblee generale", "annual general meeting"},
                  key=len, reverse=True)


def capitalised_pattern(folded: str) -> str:
    """A regular expression for an event noun written as a name: capital initial ("Conference", "Assemblée
    générale", "General Assembly")."""
    words = folded.split()
    first = accent_insensitive(words[0])
    first = first[0].upper() + first[1:] if first[0].isalpha() else "[" + first[1:first.index("]")].upper() + "]" + \
        first[first.index("]") + 1:]
    rest = [("[" + w[0].upper() + w[0] + "]" + accent_insensitive(w[1:])) if w[0].isalpha() and w[0] not in "eaiouc"
            else accent_insensitive(w) for w in words[1:]]
    return r"\s+".join([first, *rest])


def accent_insensitive(folded: str) -> str:
    """A regular expression for a folded word that also matches it with French accents."""
    letters = {"e": "[eéèêë]", "a": "[aàâä]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]"}
    return "".join(letters.get(ch, re.escape(ch)) for ch in folded)


@lru_cache(maxsize=None)
def patterns() -> dict[str, re.Pattern]:
    """Regular expressions of event anchors, built from the lexicon's event nouns."""
    nouns = "|".join(accent_insensitive(n) for n in event_nouns())
    noun = r"(?P<noun>" + nouns + r")"
    capitalised = "|".join(capitalised_pattern(n) for n in event_nouns()
                           if noun_class(n) in ("assembly", "conference", "summit") or n == "forum")
    generic = "|".join(accent_insensitive(n) for n in event_nouns() + ["event", "gathering", "evenement", "rencontre"])
    return {
        # An ordinal, up to eight words, then an event noun: "8th ... meeting", "46e Congrès".
        "ordinal": re.compile(r"\b" + ORDINAL + r"\s+(?P<middle>(?:[\w'’()-]+\s+){0,8}?)" + noun + r"\b", re.I),
        # A capitalised name ending in an event noun: "The General Assembly of ...", "... Leaders Conference".
        "named": re.compile(r"\b(?:[A-Z][\w'’-]*\s+(?:(?:[A-Z][\w'’-]*|of|and|for|the|de|des|du)\s+){0,7}?)?"
                            r"(?P<noun>" + capitalised + r")\b"),
        "generic": re.compile(r"\b(?:the|this|that|la|cette|ce|le|l['’])\s+(?:[\w-]+\s+){0,3}?(?:" + generic + r")\b", re.I),
        "future": re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in sorted(triggers.lemmas("markers.csv", "future"),
                                                                               key=len, reverse=True)) + r")(?!\w)"),
    }


def ordinal_value(text: str, language: str = "en") -> int | None:
    """The number of an ordinal written in digits ("8th", "20e") or words ("thirty-second", "vingtième")."""
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())
    converted = alpha2digit(text.lower(), "fr" if language == "fr" else "en", threshold=0)
    number = re.match(r"(\d+)(?:st|nd|rd|th|e|er|ère|re|ème|eme|è)$", converted.strip())
    return int(number.group(1)) if number else None


DEFINITE = {"the", "this", "that", "these", "those", "le", "la", "l'", "les", "cet", "ce", "cette", "ces"}


def noun_class(noun: str) -> str:
    """Event nouns of both languages folded to one class, so "réunion" and "meeting" compare equal."""
    for part in triggers.fold(noun).split():
        for cls, words in (("assembly", ("assembl",)), ("conference", ("confer", "congr", "conclave", "colloq")),
                           ("summit", ("summit", "sommet"))):
            if any(part.startswith(w) for w in words):
                return cls
    return "meeting"


def is_future_text(text: str) -> bool:
    """A sentence that speaks of a coming event, for sentences the parser did not read."""
    return bool(patterns()["future"].search(triggers.fold(text)))


def event_status(parse: Parse | None, sentence: Sentence, noun_start: int) -> str:
    """"planned" when the grammar (or, unparsed, a marker) puts the event in the future, else "held"."""
    if parse is None:
        return "planned" if is_future_text(sentence.text) else "held"
    # "the 9th Congress, to be held in X next year": a future marker right around the event's name.
    around = sentence.text[max(0, noun_start - sentence.start - 30):noun_start - sentence.start + 100]
    marked = is_future_text(re.split(r"[;.]\s", around)[0])
    noun = parse.token_at(noun_start)
    if noun is None:
        return "planned" if marked or is_future_text(sentence.text) else "held"
    head = noun
    while dep(head) in ("compound", "amod", "nmod", "flat", "flat:name", "nummod") and head.head.i != head.i:
        head = head.head
    if any(word(c) in ("next", "upcoming", "forthcoming", "future", "prochain", "prochaine", "coming")
           for c in head.children):
        return "planned"
    clauses = [c for c in head.children if dep(c) in ("acl", "relcl", "acl:relcl") and c.pos_ in ("VERB", "AUX")]
    if clauses:
        return "planned" if grammar.is_future(clauses[0]) else "held"
    verb = grammar.governing_verb(head)
    if verb is not None and grammar.is_future(verb):
        return "planned"
    if verb is not None and "Tense=Past" in str(verb.morph) and dep(verb) != "amod":
        return "held"  # "signed on the sidelines of the 9th Summit": what was done there is done
    return "planned" if marked else "held"


def event_anchors(text: str, language: str) -> list[tuple[re.Match, int | None]]:
    """Event names in a sentence, with their ordinal when one is written."""
    anchors = []
    for match in patterns()["ordinal"].finditer(text):
        value = ordinal_value(match.group("ordinal"), language)
        if value is not None and value < 1000:
            anchors.append((match, value))
    for match in patterns()["named"].finditer(text):
        # "the 12th session of the Regional Congress": the named event completes the numbered one.
        if not any(m.start() <= match.start("noun") < m.end() + 12 for m, _ in anchors):
            anchors.append((match, None))
    # "the President of the ... General Assembly" names an office, not an event that took place.
    return [(m, o) for m, o in anchors if not is_office_title(text, m)]


def is_office_title(text: str, match: re.Match) -> bool:
    """True when an event name is the body of someone's title ("President of the ... General Assembly")."""
    before = text[max(0, match.start() - 40):match.start()]
    inside = text[match.start():match.start("noun")]
    return bool(TITLE_OF.search(before) or re.search(TITLE_OF.pattern[:-1] + r"\b", inside, re.I))


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
    rest = re.sub(r"^\s*\([^()]{0,60}\)", "", text[match.end():])  # "3rd Summit (1-2 May) of ...": skip the aside
    tail = re.match(r"[^,;.()]*?(?=,|;|\.|\(|\b(?:which|qui|held|tenue?|on|in|à|a|a été|est|was|is|has|have|were|"
                    r"ont|sont|opened|took|s['’]est|will|would|could|should|shall|may|might|must|had|to be|se tiendra|sera|"
                    r"serait|aura|aurait|devrait|pourrait)\b|$)", rest)
    name = (match.group() + " " + (" ".join(tail.group().split()[:14]) if tail else "")).strip()
    name = re.sub(r"\s+(?:opened|was|is|a|est)$", "", name)
    name = re.sub(r"^(?:the|la|le|l['’])\s+", "", re.sub(r"\s+", " ", name), flags=re.I)
    return name[:160]


def organizer_in(ents: ArticleEntities, sentence: Sentence, start: int, end: int) -> str | None:
    """The agency named inside an event's name or in the complement that follows it ("of Interpol")."""
    for agency in ents.in_sentence(sentence.index, ("agency",)):
        if start <= agency.start < end:
            return agency.key
        link = sentence.text[end - sentence.start:agency.start - sentence.start] if agency.start >= end else None
        if link is not None and ATTACHED_ORGANIZER.fullmatch(link):
            return agency.key
    return None


def find_events(ents: ArticleEntities, language: str, parses: dict[int, Parse],
                frames: dict[int, list[Frame]], person_agency: dict[str, str]) -> tuple[list[Meeting], set[int]]:
    """Multilateral events named in the article, and the sentences that refer to one by a common noun."""
    events: list[Meeting] = []
    generic: set[int] = set()
    for sentence in ents.sentences:
        found = False
        parse = parses.get(sentence.index)
        for match, ordinal in event_anchors(sentence.text, language):
            found = True
            event = matching_event(events, ordinal, match.group("noun"))
            if event is None:
                event = Meeting(f"m{len(events) + 1}", "multilateral", event_name(sentence.text, match), [], ordinal,
                                noun_class(match.group("noun")))
                event.status = event_status(parse, sentence, sentence.start + match.start("noun"))
                events.append(event)
            if sentence.index not in event.sentences:
                event.sentences.append(sentence.index)
            event.anchors.add(sentence.start + match.start("noun"))
            pair = named_pair(ents, sentence, event_name(sentence.text, match))
            if pair and event.meeting_type == "multilateral":
                event.meeting_type = "bilateral"
                for country in pair:
                    event.add(country)
            if event.organizer is None:
                event.organizer = organizer_in(ents, sentence, sentence.start + match.start(), sentence.start + match.end())
        for frame in frames.get(sentence.index, []):
            if frame.kind == "event" and not frame.negated and events and refers_back(frame):
                attend(events[-1], frame, ents, person_agency)  # "The meeting brought together A, B and C"
            elif frame.kind == "event" and not found and not frame.negated:
                event = held_event(frame, ents, person_agency, len(events) + 1)
                if event is not None:
                    events.append(event)
                    found = True
        if not found and patterns()["generic"].search(sentence.text):
            generic.add(sentence.index)
    return events, generic


def named_pair(ents: ArticleEntities, sentence: Sentence, name: str) -> list[Entity]:
    """The two countries an event's name pairs ("the 5th A-B joint commission", "réunion A/B"): such a
    meeting is between two sides, a bilateral one."""
    countries = [e for e in ents.in_sentence(sentence.index, ("country",)) if e.text in name]
    for first in countries:
        for second in countries:
            if first.key != second.key and re.search(re.escape(first.text) + r"\s*[-–—/]\s*" + re.escape(second.text), name):
                return [first, second]
    return []


def merge_event_talks(events: list[Meeting], talks: list[Meeting]) -> list[Meeting]:
    """Talks read from an event's own noun ("the 8th meeting between A and B") are that event, between two
    sides: the event becomes bilateral and takes the talks' sides. Returns the talks left."""
    left = []
    for talk in talks:
        event = next((e for e in events if e.anchors & talk.anchors), None)
        if event is None:
            left.append(talk)
            continue
        event.meeting_type = talk.meeting_type  # "their tripartite meeting": the talks' own kind
        for key, role in talk.participants.items():
            if key not in event.participants or event.participants[key] == "participant":
                event.participants[key] = role
        event.counterpart = talk.counterpart
        event.sentences += [s for s in talk.sentences if s not in event.sentences]
    return left


INITIATIVE = {"initiative", "auspices", "egide", "invitation", "patronage", "chairmanship", "presidence", "presidency"}


def initiative_of(frame: Frame) -> list[list]:
    """"At the initiative of X", "sous l'égide de Y", "under the chairmanship of Z": who organised a meeting."""
    out = []
    for token in frame.trigger.subtree:
        if lemma(token) in INITIATIVE and token.pos_ == "NOUN":
            out += [own_span(c) for c in grammar.complements(token, {"of", "de", "du", "des", "d'"})]
    return out


def refers_back(frame: Frame) -> bool:
    """A frame about the meeting told before: "the meeting", "cette rencontre", "elle" as its subject or theme."""
    noun = frame.themes[0]
    if noun == frame.trigger:  # a gathering named by its verb: its subject tells whether it refers back
        return any(t.pos_ == "PRON" or noun_frames(t) & {"event", "talk"} for span in frame.agents for t in span
                   if t.head not in span or t.head == t)
    determiners = [word(c) for c in noun.children if dep(c) == "det"]
    return any(d in DEFINITE for d in determiners) and not any(
        dep(c) in ("amod", "compound", "nummod") and not c.like_num for c in noun.children)


def attend(event: Meeting, frame: Frame, ents: ArticleEntities, person_agency: dict[str, str]) -> None:
    """Add who attended, chaired or was brought together to an event told before."""
    noun = frame.themes[0]
    chairs = [own_span(c) for c in noun.children if dep(c) in ("acl", "amod") and grammar.passive_agents(c)
              for a in grammar.passive_agents(c) for c in [a]] if noun != frame.trigger else []
    for tokens in frame.others + chairs:
        for entity in entities_in(frame.parse, tokens, ents):
            if not is_location(entity, ents, ents.sentence(frame.sentence)):
                event.add(entity)
                if entity.kind == "person" and entity.key in person_agency:
                    event.add(Entity("agency", person_agency[entity.key], "", 0, 0, frame.sentence))
    if frame.sentence not in event.sentences:
        event.sentences.append(frame.sentence)


def held_event(frame: Frame, ents: ArticleEntities, person_agency: dict[str, str], number: int) -> Meeting | None:
    """A meeting named by a common noun that the grammar says was held or attended, with its organiser."""
    noun = frame.themes[0]
    light = "light" in verb_frames(frame.trigger) and not verb_frames(frame.trigger) & {"convene"}
    if grammar.complements(noun, grammar.WITH | grammar.BETWEEN) or any(
            word(c).startswith("bilat") for c in noun.children) or \
            light and grammar.complements(frame.trigger, grammar.WITH | grammar.BETWEEN):
        return None  # "a meeting with X", "between A and B", "bilateral meetings", "held ... with": talks
    modifiers = [c for c in noun.children if dep(c) in ("amod", "compound", "nmod", "prep", "nummod", "acl")
                 and c.pos_ != "PUNCT"]
    determiners = [word(c) for c in noun.children if dep(c) == "det"]
    gathered = noun == frame.trigger
    if not gathered and (not modifiers or any(d in DEFINITE for d in determiners)
                         and not any(dep(c) in ("amod", "compound") for c in modifiers)):
        return None  # "the meeting", "cette réunion": the article's event told again, not a new one
    span = [t for t in own_span(noun) if t.i >= noun.i - 4][:14] if noun != frame.trigger else []
    name = " ".join(t.text for t in span).strip(" ,") or "meeting convened by " + " ".join(
        t.text for s in frame.agents for t in s)[:80]
    name = re.sub(r"^(?:an?|the|une?|la|le|l['’]|des|les)\s+", "", name, flags=re.I)
    event = Meeting(f"m{number}", "multilateral", name, [frame.sentence], None, noun_class(lemma(noun)))
    event.status = "planned" if frame.future else "held"
    event.anchors.add(frame.parse.starts[noun.i])
    pair = named_pair(ents, ents.sentence(frame.sentence), name)
    if pair:
        event.meeting_type = "bilateral"
        for country in pair:
            event.add(country)
    organisers = frame.agents + [own_span(a) for c in noun.children if dep(c) in ("acl", "amod")
                                 for a in grammar.passive_agents(c)] + initiative_of(frame)
    for tokens in organisers:
        for entity in entities_in(frame.parse, tokens, ents):
            if entity.kind == "agency" and event.organizer is None:
                event.organizer = entity.key
            elif entity.kind == "person" and entity.key in person_agency and event.organizer is None:
                event.organizer = person_agency[entity.key]
            event.add(entity, "organizer" if entity.kind == "agency" else "participant")
    # Who attended: named as attendees, or "with X" on the verb that convened it ("organised ... with Y").
    attendees = frame.others + [own_span(c) for c in grammar.complements(frame.trigger, grammar.WITH)]
    for tokens in attendees:
        for entity in entities_in(frame.parse, tokens, ents):
            event.add(entity)
    return event


def fill_main_event(main: Meeting, ents: ArticleEntities, claimed: set[int], events: list[Meeting],
                    generic: set[int], person_agency: dict[str, str]) -> None:
    """The main event's participants from the story sentences not told of other meetings."""
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
            if is_location(entity, ents, sentence):
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
