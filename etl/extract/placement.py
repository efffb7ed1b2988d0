"""Where and when the meetings of one article took place.

A multilateral event takes the city and dates of the sentences about it; talks take those of their own
sentence, else of the event they were held beside, else the place of the trip the article reports or
the city it is filed from.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter

from text_to_num import alpha2digit

from etl import dates
from etl.entities import ArticleEntities, Entity
from etl.extract.frames import Frame
from etl.extract.grammar import own_span
from etl.extract.model import Meeting
from etl.extract.sides import entities_in

# "a two-day meeting", "pendant trois jours", "deux jours durant": how long an event lasted.
DURATION = re.compile(r"\b(?P<n>\d+|[a-zà-ÿ]+)[- ](?:day|days|jours?)\b", re.I)


def place_event(event: Meeting, ents: ArticleEntities, spans: dict, language: str) -> None:
    """City, country and dates of a multilateral event from the sentences about it."""
    cities = [e for s in event.sentences for e in ents.in_sentence(s, ("city",))]
    if cities:
        best = Counter(c.key for c in cities).most_common(1)[0][0]
        city = next(c for c in cities if c.key == best)
        event.city, event.city_surface, event.country = city.key, city.text, city.attrs.get("country")
    # The sentences that name the event date it first; those that only refer back ("the meeting") after.
    named = {ents.sentence_of(anchor) for anchor in event.anchors} - {None}
    ordered = sorted(event.sentences, key=lambda s: s not in named)
    candidates = []
    for group in ([s for s in ordered if s in named], [s for s in ordered if s not in named]):
        candidates = [span for s in group for span in spans.get(s, []) if span.precision != "unknown"
                      and (event.status == "held" or re.search(r"\d", span.text))]
        if candidates:
            break
    event.span = dates.combine_spans(candidates)
    if event.span is not None and event.span.start and event.span.start == event.span.end:
        event.span = stretch_by_duration(event.span, [ents.sentence(s).text for s in event.sentences], language)


def duration_days(text: str, language: str) -> int | None:
    """The number of days a sentence says something lasted, or None."""
    for match in DURATION.finditer(text):
        raw = match.group("n")
        value = raw if raw.isdigit() else alpha2digit(raw.lower(), "fr" if language == "fr" else "en", threshold=0)
        if value.isdigit() and 1 < int(value) <= 14:
            return int(value)
    return None


def stretch_by_duration(span: dates.DateSpan, texts: list[str], language: str) -> dates.DateSpan:
    """A "two-day" event that opened on one known day ends on the next."""
    for text in texts:
        days = duration_days(text, language)
        if days:
            end = span.start + datetime.timedelta(days=days - 1)
            return dates.DateSpan(span.start, end, span.precision, span.text, span.start_char, span.end_char)
    return span


def place_meeting(meeting: Meeting, main: Meeting | None, ents: ArticleEntities, spans: dict,
                  destinations: list[Entity]) -> None:
    """City, country and date of talks: their own sentence, else the event they were held beside, else the
    place the article's trip went to or the city it is filed from."""
    if main is not None and main.status == "held" and main.meeting_type == "multilateral" and meeting.status == "held":
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
        # The article's trip, when it tells of one (of several trips, none is sure to be the talks' own).
        countries = {d.key if d.kind == "country" else d.attrs.get("country") for d in destinations}
        place = story_place(ents, destinations[0] if len(countries) == 1 else None)
        if place is not None and place.kind == "city":
            meeting.city, meeting.city_surface, meeting.country = place.key, place.text, place.attrs.get("country")
        elif place is not None:
            meeting.country = place.key
    if meeting.span is None and meeting.parent is None:
        story = [span for s in ents.sentences for span in spans.get(s.index, []) if span.precision == "day"]
        meeting.span = story[0] if story else None


def story_place(ents: ArticleEntities, destination: Entity | None) -> Entity | None:
    """Where an article's story happens, for talks that do not say: the city of the trip it reports (or,
    for a trip to a country, that country's city the article names most), else the city it is filed
    from, else the city its story names most, else the country of the trip."""
    cities = [e for e in ents.entities if e.kind == "city" and not re.search(
        r"\b(?:from|de|depuis)\s*$", ents.sentence(e.sentence).text[:e.start - ents.sentence(e.sentence).start])]
    if destination is not None and destination.kind == "city":
        return destination
    if destination is not None:
        inside = [c for c in cities if c.attrs.get("country") == destination.key]
        return most_named(inside) or destination
    return dateline_city(ents) or most_named(cities)


def most_named(cities: list[Entity]) -> Entity | None:
    """The city named most often (the first named on a tie)."""
    if not cities:
        return None
    counts = Counter(c.key for c in cities)
    best = max(counts.values())
    return next(c for c in cities if counts[c.key] == best)


def trip_destinations(ents: ArticleEntities, frames: dict[int, list[Frame]]) -> list[Entity]:
    """Where the reported (not planned) trips of an article went: the city or country each visit frame names."""
    found = []
    for sentence in ents.sentences:
        for frame in frames.get(sentence.index, []):
            if frame.kind != "visit" or frame.future or frame.negated:
                continue
            for target in frame.themes:
                places = entities_in(frame.parse, own_span(target), ents, ("city", "country"))
                found += places[:1]
    return found


def dateline_city(ents: ArticleEntities) -> Entity | None:
    """The city an article is filed from ("CITY – ...", "CITY, (Agency) ...")."""
    cities = [e for e in ents.entities if e.kind == "city"]
    first = ents.sentences[0] if ents.sentences else None
    if first is not None:
        for city in cities:
            if city.sentence == first.index and re.match(r"\s*(?:\([^)]*\)\s*)?[,–—-]", first.text[city.end - first.start:]):
                return city
    return None
