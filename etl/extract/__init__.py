"""Meetings, participants and agreements of one article, read from its grammar and its entities.

The rules follow the contract's "How articles are read". Each kind of rule has its module:

* `triggers` — the lexicons (`lexicon/*.csv`, English and French side by side) and the prefilter that
  chooses the sentences worth parsing;
* `grammar` — the parsed sentences and the questions rules ask of them (subject, object, "with");
* `frames` — trigger words with the phrases that fill their roles (who met, received, visited or
  signed whom or what);
* `sides` — the entities of a phrase grouped into counterparts;
* `events` — multilateral meetings (numbered, named, or held by an organiser);
* `talks` — bilateral talks and visits, one per counterpart, and the announcements that later
  sentences fill;
* `agreements` — signed agreements and their parties;
* `placement` — city, country and dates; `counts` — claimed numbers; `people` — each person's agency
  and country; `rows` — the facts as rows.
"""
from __future__ import annotations

import bisect

from etl import dates
from etl.entities import Sentence, build_entities
from etl.extract import grammar
from etl.extract.agreements import read_agreements
from etl.extract.counts import find_claims
from etl.extract.events import fill_main_event, find_events, merge_event_talks
from etl.extract.frames import read_frames
from etl.extract.model import Agreement, ArticleFacts, Meeting
from etl.extract.people import assign_person_agencies, main_person, person_countries
from etl.extract.placement import place_event, place_meeting, trip_destinations
from etl.extract.rows import ROW_TABLES, facts_to_rows
from etl.extract.talks import Story, read_talks

__all__ = ["ArticleFacts", "Agreement", "Meeting", "ROW_TABLES", "EXTRACT_VERSION", "extract_article",
           "facts_to_rows", "read_text"]

# Bump when the extraction output changes without a change of code or lexicon (the cache key also hashes
# this package's source and data files).
EXTRACT_VERSION = "extract-2"


def extract_article(text: str, language: str, published: dates.PublishedDate, sentences: list[Sentence],
                    mentions: list[dict], tokens: list[dict] | None = None) -> ArticleFacts:
    """All facts of one article from its sentences, mentions and parsed sentences' tokens."""
    ents = build_entities(text, sentences, mentions)
    person_agency = assign_person_agencies(ents)
    person_country = person_countries(ents)
    parses = grammar.parses_of(tokens or [], language)
    frames = {index: read_frames(parse) for index, parse in parses.items()}
    reference = dates.story_reference([s.text for s in sentences], language, published)
    spans = {s.index: dates.find_date_spans(s.text, language, reference) for s in sentences}
    paragraph_of = paragraphs(text, sentences)
    events, generic = find_events(ents, language, parses, frames, person_agency)
    main = next((m for m in events if m.status == "held"), None)
    story = Story(ents, person_agency, main_person(ents), paragraph_of)
    event_sentences = {s for e in events for s in e.sentences}
    talks = merge_event_talks(events, read_talks(story, frames, parses, event_sentences))
    gatherings = [t for t in talks if t.meeting_type == "multilateral"]
    talks = [t for t in talks if t.meeting_type != "multilateral"]
    for number, gathering in enumerate(gatherings, len(events) + 1):
        gathering.local_id = f"m{number}"
    events += gatherings
    main = main or next((m for m in gatherings if m.status == "held"), None)
    agreements = read_agreements(frames, ents, person_agency, person_country, talks, events, main, spans,
                                 paragraph_of, language, story.protagonist_side(0, 0))
    claimed = {s for m in talks for s in m.sentences} | {a.sentence for a in agreements}
    if main is not None:
        fill_main_event(main, ents, claimed, events, generic, person_agency)
    for agreement in agreements:
        meeting = next((m for m in events if m.local_id == agreement.meeting), None)
        if meeting is not None and not agreement.parties:
            # Signed at a meeting of several, by no one named: by the countries that met.
            agreement.parties = [(k, v) for (k, v) in meeting.participants if k == "country"]
    for event in events:
        place_event(event, ents, spans, language)
        if event.organizer:
            event.participants[("agency", event.organizer)] = "organizer"
    destinations = trip_destinations(ents, frames)
    for meeting in talks:
        place_meeting(meeting, main, ents, spans, destinations)
    hosts_of_trip(talks, destinations, ents, person_agency, person_country)
    claims = find_claims(ents, language, talks, agreements, main)
    return ArticleFacts(events + talks, agreements, ents, person_agency, person_country, claims,
                        {s.index: s.text for s in sentences})


def hosts_of_trip(talks: list[Meeting], destinations: list, ents, person_agency: dict[str, str],
                  person_country: dict[str, str]) -> None:
    """"During his visit to X, he met the Interior Minister": officials met on a trip to one country, and named
    with no country of their own, are that country's."""
    countries = {d.key if d.kind == "country" else d.attrs.get("country") for d in destinations} - {None}
    if len(countries) != 1:
        return
    host = next(iter(countries))
    agency_country = {e.key: e.attrs.get("country") for e in ents.entities if e.kind == "agency"}

    def country_of(kind: str, key: str) -> str | None:
        if kind == "country":
            return key
        if kind == "person":
            return person_country.get(key) or agency_country.get(person_agency.get(key, ""))
        return agency_country.get(key)

    for talk in talks:
        if talk.meeting_type != "bilateral" or talk.trip:
            continue
        sides = {key: country_of(*key) for key in talk.participants}
        counterpart = [key for key, role in talk.participants.items() if role == "counterpart"]
        own = {sides[key] for key, role in talk.participants.items() if role != "counterpart"} - {None}
        if counterpart and not any(sides[key] for key in counterpart) and host not in own:
            talk.participants[("country", host)] = "counterpart"


def paragraphs(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """Each sentence's paragraph number: paragraphs are the text's lines that hold story sentences, counted
    in order (blank lines and left-out lines do not count)."""
    line_starts, offset = [], 0
    for line in text.split("\n"):
        line_starts.append(offset)
        offset += len(line) + 1
    line_of = {s.index: bisect.bisect_right(line_starts, s.start) - 1 for s in sentences}
    numbers = {line: number for number, line in enumerate(sorted(set(line_of.values())))}
    return {index: numbers[line] for index, line in line_of.items()}


def read_text(text: str, language: str = "en", published: str | None = None,
              article_id: str = "article") -> dict[str, list[dict]]:
    """The rows one article yields, from its text alone (spaCy included): for tests and ad hoc reading."""
    import polars as pl

    from etl import nlp, pipeline

    frame = pl.DataFrame({"article_id": [article_id], "text": [text], "language": [language]})
    annotations = nlp.annotate(frame)
    value = dates.parse_published_date(published)
    article = {"article_id": article_id, "text": text, "language": language,
               "published_date": value.value, "published_date_precision": value.precision}
    return pipeline.extract_one(article, annotations)
