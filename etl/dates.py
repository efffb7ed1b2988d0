"""Dates of events read from one sentence, resolved against the article's publication date."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, NamedTuple


@dataclass(frozen=True)
class PublishedDate:
    """When an article was published, as precisely as the source says."""

    value: dt.date | None  # first day of the period when only month/year known
    precision: str  # "day" | "month" | "year" | "unknown"


@dataclass(frozen=True)
class DateSpan:
    """One date expression found in a sentence, with the dates it stands for."""

    start: dt.date | None
    end: dt.date | None
    precision: str  # "day" | "month" | "year" | "no_year" | "unknown"
    text: str
    start_char: int
    end_char: int
    month: int | None = None  # kept for no_year spans so a later stage can fill in the year
    day_start: int | None = None
    day_end: int | None = None


UNKNOWN_PUBLISHED = PublishedDate(None, "unknown")
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "no_year": 3, "unknown": 4}
# News reports the recent past far more than the future, so a date more than about two
# months after publication is only chosen when no year puts it closer in the past.
_FUTURE_DAYS = 62

_PUBLISHED_RX = re.compile(
    r"\s*([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2})(?:[T ][0-9:.+\-Z]*)?)?)?\s*"
)


def parse_published_date(text: str | None) -> PublishedDate:
    """Read "YYYY", "YYYY-MM" or "YYYY-MM-DD[Thh:mm...]"; anything else is unknown."""
    if not isinstance(text, str):
        return UNKNOWN_PUBLISHED
    match = _PUBLISHED_RX.fullmatch(text)
    if match is None:
        return UNKNOWN_PUBLISHED
    year, month, day = match.groups()
    value = _safe_date(int(year), int(month or 1), int(day or 1))
    if value is None:
        return UNKNOWN_PUBLISHED
    precision = "day" if day else "month" if month else "year"
    return PublishedDate(value, precision)


# --- vocabulary -------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
    "vendredi": 4, "samedi": 5, "dimanche": 6,
}
_RELATIVE_DAYS = {
    "the day before yesterday": -2, "avant-hier": -2, "yesterday": -1, "hier": -1,
    "today": 0, "aujourd'hui": 0, "tomorrow": 1, "demain": 1,
    "the day after tomorrow": 2, "après-demain": 2,
}

# --- regex fragments (the whole pattern is case-insensitive except where (?-i:) says) ----

# "March", "May" and the English abbreviations are also ordinary words ("may", "mar"),
# so they only count when capitalised; French month names are written in lower case.
_MONTH = (
    r"(?:(?-i:March|May|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
    r"|january|february|april|june|july|august|september|october|november|december"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre"
    r"|novembre|d[ée]cembre|(?:janv|f[ée]vr|avr|juil|d[ée]c)\.)(?!\w)"
)
_EN_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_FR_WD = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_WD = rf"(?:{_EN_WD}|{_FR_WD})"
_WD_PREFIX = rf"(?:{_WD},?\s+(?:the\s+)?)?"
_DAY_NUM = r"3[01]|[12][0-9]|0?[1-9]"
_SUFFIX = r"(?:st|nd|rd|th|er)?(?!\w)"
_DAY_LIST = rf"(?:\s*,\s*(?:{_DAY_NUM}){_SUFFIX})*"
_YEAR = r"1[89][0-9]{2}|20[0-9]{2}"
_YEAR_ONLY = r"19[5-9][0-9]|20[0-9]{2}|2100"
_YEAR_END = r"(?![0-9]|[-/.,][0-9])"
_CONN = (
    r"(?:\s*[-–—]\s*|\s+(?:and|to|through|until|till|et|au|à|jusqu['’]au)\s+"
    r"(?:the\s+|le\s+)?)"
)
# A day never directly follows other digits, a slash or a hyphen ("loi 09-08", "1-09-15").
_LEAD = r"(?<![\w/.-])"


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile one date pattern."""
    return re.compile(pattern, re.IGNORECASE)


_DAY_MONTH_RANGE_RX = _rx(
    rf"{_LEAD}{_WD_PREFIX}(?P<d1>{_DAY_NUM}){_SUFFIX}{_DAY_LIST}"
    rf"(?:\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}){_YEAR_END})?)?"
    rf"{_CONN}{_WD_PREFIX}(?P<d2>{_DAY_NUM}){_SUFFIX}\s+(?:of\s+)?(?P<m2>{_MONTH})"
    rf"(?:,?\s+(?P<y2>{_YEAR}){_YEAR_END})?"
)
_DAY_MONTH_RX = _rx(
    rf"{_LEAD}{_WD_PREFIX}(?P<d1>{_DAY_NUM}){_SUFFIX}\s+(?:of\s+)?(?P<m1>{_MONTH})"
    rf"(?:,?\s+(?P<y1>{_YEAR}){_YEAR_END})?"
)
_MONTH_DAY_RANGE_RX = _rx(
    rf"(?<!\w){_WD_PREFIX}(?P<m1>{_MONTH})\s+(?P<d1>{_DAY_NUM}){_SUFFIX}{_DAY_LIST}"
    rf"(?:,?\s+(?P<y1>{_YEAR}){_YEAR_END})?{_CONN}{_WD_PREFIX}"
    rf"(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY_NUM}){_SUFFIX}"
    rf"(?:,?\s+(?P<y2>{_YEAR}){_YEAR_END})?"
)
_MONTH_DAY_RX = _rx(
    rf"(?<!\w){_WD_PREFIX}(?P<m1>{_MONTH})\s+(?P<d1>{_DAY_NUM}){_SUFFIX}"
    rf"(?:,?\s+(?P<y1>{_YEAR}){_YEAR_END})?"
)
_SLASH_RX = _rx(
    rf"(?<![\w/.-])(?P<d1>{_DAY_NUM})/(?P<m1>0?[1-9]|1[0-2])/(?P<y1>{_YEAR})(?![\w/])"
)
_ISO_RX = _rx(
    rf"(?<![\w/.-])(?P<y1>{_YEAR})-(?P<m1>0[1-9]|1[0-2])-(?P<d1>0[1-9]|[12][0-9]|3[01])"
    r"(?![\w-])"
)
_MONTH_YEAR_RX = _rx(
    r"(?<!\w)(?:(?:in|en|during|au cours du mois de|au mois de)\s+)?"
    rf"(?P<m1>{_MONTH})(?:\s+(?:of|de))?,?\s+(?P<y1>{_YEAR}){_YEAR_END}"
)
_MONTH_ONLY_RX = _rx(
    r"(?<!\w)(?:(?:in|en|during|au cours du mois de|au mois de)\s+|au mois d['’])"
    rf"(?P<m1>{_MONTH})"
)
_YEAR_ONLY_RX = _rx(
    r"(?<!\w)(?P<prep>in|en|during|au cours de|for|of)\s+(?:l['’]année\s+)?"
    rf"(?P<y1>{_YEAR_ONLY})(?:\s*(?:[-–]|to|and|à|et)\s*(?P<y2>{_YEAR_ONLY}))?"
    rf"(?!\w){_YEAR_END}"
)
# "for"/"of" + number is often a count ("for 2000 officers"), not a year: refuse it when a
# lower-case word follows, unless that word is one that commonly follows a year.
_COUNT_NOUN_RX = re.compile(
    r"\s+(?!(?:and|or|to|et|à|was|were|is|are|will|would|has|have|had|in|at|on|as|by"
    r"|with|from|the|a|an|when|which|that)\b)[^\W\d_]"
)
_WEEKDAY_RX = _rx(
    r"(?<!\w)(?:(?P<pre>this coming|next|last|this|coming|ce|cette|on)\s+)?"
    rf"(?P<wd>{_WD})(?:\s+(?P<post>prochain|dernier|passé))?(?!\w)"
)
# "mardi 12" is common French for a date this month; English needs an ordinal to be sure.
_FR_WEEKDAY_DAY_RX = _rx(
    rf"(?<!\w)(?:(?:ce|cette)\s+)?(?P<wd>{_FR_WD})\s+(?P<d1>{_DAY_NUM})(?:er)?(?!\w)"
)
_EN_WEEKDAY_DAY_RX = _rx(
    rf"(?<!\w)(?:on\s+)?(?P<wd>{_EN_WD}),?\s+(?:the\s+)?(?P<d1>{_DAY_NUM})"
    r"(?:st|nd|rd|th)(?!\w)"
)
_RELATIVE_RX = _rx(
    r"(?<!\w)(?P<rel>the day before yesterday|the day after tomorrow|avant-hier"
    r"|après-demain|yesterday|today|tomorrow|aujourd['’]hui|hier|demain)(?!\w)"
)


# --- small date helpers -----------------------------------------------------------------

def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not make one."""
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _shift(day: dt.date, days: int) -> dt.date | None:
    """The date `days` after `day`, or None past the calendar's ends."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _month_number(text: str) -> int | None:
    """Month number of an English or French month name or abbreviation."""
    return _MONTHS.get(text.casefold().rstrip("."))


def _month_value(text: str | None) -> int | None:
    """Month number of a month name or of the digits of a numeric date."""
    if not text:
        return None
    return int(text) if text.isdigit() else _month_number(text)


def _reference(published: PublishedDate) -> dt.date | None:
    """The day a publication date stands for when choosing a year (mid-month if month only)."""
    if published.value is None:
        return None
    if published.precision == "day":
        return published.value
    if published.precision == "month":
        return published.value.replace(day=15)
    return None


def _closest(candidates: list[dt.date], ref: dt.date) -> dt.date | None:
    """The candidate nearest `ref`, avoiding dates far in the future."""
    def score(day: dt.date) -> tuple[bool, int]:
        gap = (day - ref).days
        return gap > _FUTURE_DAYS, abs(gap)
    return min(candidates, key=score, default=None)


def _infer_year(month: int, day: int, published: PublishedDate) -> int | None:
    """Year of a day/month without a year, from the publication date."""
    if published.precision == "year" and published.value is not None:
        return published.value.year
    ref = _reference(published)
    if ref is None:
        return None
    # Several past years so that 29 February still finds a leap year.
    years = range(ref.year - 4, ref.year + 2)
    found = _closest([d for y in years if (d := _safe_date(y, month, day))], ref)
    return found.year if found else None


# --- span builders ----------------------------------------------------------------------

class _Parts(NamedTuple):
    """Numbers read from an explicit day/month expression."""

    day1: int
    month1: int
    day2: int
    month2: int
    year1: int | None
    year2: int | None


def _parts(match: re.Match[str]) -> _Parts | None:
    """Day, month and year numbers of a match, or None when a month name is unknown."""
    groups = match.groupdict()
    first, second = _month_value(groups.get("m1")), _month_value(groups.get("m2"))
    # "3 et 4 septembre" names the month once, for both days.
    month1, month2 = first or second, second or first
    if month1 is None or month2 is None:
        return None
    day1 = int(groups["d1"])
    day2 = int(groups["d2"]) if groups.get("d2") else day1
    years = [int(groups[k]) if groups.get(k) else None for k in ("y1", "y2")]
    return _Parts(day1, month1, day2, month2, years[0], years[1])


def _years(parts: _Parts, published: PublishedDate) -> tuple[int, int] | None:
    """Start and end years: explicit years win, else inferred from the publication date."""
    wraps = int((parts.month2, parts.day2) < (parts.month1, parts.day1))
    if parts.year2 is not None:
        return parts.year1 or parts.year2 - wraps, parts.year2
    start = parts.year1 or _infer_year(parts.month1, parts.day1, published)
    return None if start is None else (start, start + wraps)


def _span(match: re.Match[str], start: dt.date | None, end: dt.date | None,
          precision: str, **extra: int | None) -> DateSpan:
    """A DateSpan covering the whole match."""
    return DateSpan(start, end, precision, match.group(0), match.start(), match.end(), **extra)


def _day_month_span(match: re.Match[str], published: PublishedDate) -> DateSpan | None:
    """Span of an explicit day or day range with a month name or numbers."""
    parts = _parts(match)
    if parts is None or (parts.month1 == parts.month2 and parts.day2 < parts.day1):
        return None
    years = _years(parts, published)
    if years is None:
        # 2000 is a leap year, so only truly impossible days are refused.
        if None in (_safe_date(2000, parts.month1, parts.day1),
                    _safe_date(2000, parts.month2, parts.day2)):
            return None
        return _span(match, None, None, "no_year", month=parts.month1,
                     day_start=parts.day1, day_end=parts.day2)
    start = _safe_date(years[0], parts.month1, parts.day1)
    end = _safe_date(years[1], parts.month2, parts.day2)
    if start is None or end is None or start > end:
        return None
    return _span(match, start, end, "day")


def _month_span(match: re.Match[str], published: PublishedDate) -> DateSpan | None:
    """Span of a whole month, with its year given or inferred."""
    month = _month_number(match.group("m1"))
    if month is None:
        return None
    year = int(match.group("y1")) if match.groupdict().get("y1") else None
    year = year or _infer_year(month, 1, published)
    if year is None:
        return _span(match, None, None, "no_year", month=month)
    last = calendar.monthrange(year, month)[1]
    return _span(match, dt.date(year, month, 1), dt.date(year, month, last), "month")


def _year_span(match: re.Match[str], published: PublishedDate) -> DateSpan | None:
    """Span of a year or a range of years after a preposition."""
    if match.group("prep").casefold() in ("for", "of") and _COUNT_NOUN_RX.match(
            match.string, match.end()):
        return None
    first = int(match.group("y1"))
    last = int(match.group("y2") or first)
    if last < first:
        return None
    return _span(match, dt.date(first, 1, 1), dt.date(last, 12, 31), "year")


def _weekday_span(match: re.Match[str], published: PublishedDate) -> DateSpan | None:
    """Span of a bare weekday, the latest such day on or before publication by default."""
    weekday = _WEEKDAYS.get(match.group("wd").casefold())
    if weekday is None:
        return None
    if published.precision != "day" or published.value is None:
        return _span(match, None, None, "unknown")
    modifier = (match.group("pre") or match.group("post") or "").casefold()
    back = (published.value.weekday() - weekday) % 7
    if modifier in ("next", "coming", "this coming", "prochain"):
        offset = (weekday - published.value.weekday()) % 7 or 7
    elif modifier in ("last", "dernier", "passé"):
        offset = -(back or 7)
    else:
        offset = -back
    day = _shift(published.value, offset)
    return _span(match, day, day, "day") if day else None


def _weekday_day_span(match: re.Match[str], published: PublishedDate) -> DateSpan | None:
    """Span of "mardi 12": the 12th near publication, preferring one that is a Tuesday."""
    weekday = _WEEKDAYS.get(match.group("wd").casefold())
    day_num = int(match.group("d1"))
    ref = _reference(published)
    if weekday is None or ref is None:
        return _span(match, None, None, "unknown", day_start=day_num, day_end=day_num)
    months = [(ref.year * 12 + ref.month - 1 + k) for k in (-1, 0, 1)]
    dates = [d for n in months if (d := _safe_date(n // 12, n % 12 + 1, day_num))]
    matching = [d for d in dates if d.weekday() == weekday]
    day = _closest(matching or dates, ref)
    return _span(match, day, day, "day") if day else None


def _relative_span(match: re.Match[str], published: PublishedDate) -> DateSpan | None:
    """Span of today/yesterday/tomorrow and their French forms."""
    word = match.group("rel").casefold().replace("’", "'")
    offset = _RELATIVE_DAYS.get(word)
    if offset is None:
        return None
    if published.precision != "day" or published.value is None:
        return _span(match, None, None, "unknown")
    day = _shift(published.value, offset)
    return _span(match, day, day, "day") if day else None


_Builder = Callable[[re.Match[str], PublishedDate], "DateSpan | None"]
# Earlier entries win ties between equally long overlapping matches.
_PATTERNS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_DAY_MONTH_RANGE_RX, _day_month_span),
    (_MONTH_DAY_RANGE_RX, _day_month_span),
    (_DAY_MONTH_RX, _day_month_span),
    (_MONTH_DAY_RX, _day_month_span),
    (_ISO_RX, _day_month_span),
    (_SLASH_RX, _day_month_span),
    (_MONTH_YEAR_RX, _month_span),
    (_MONTH_ONLY_RX, _month_span),
    (_YEAR_ONLY_RX, _year_span),
    (_FR_WEEKDAY_DAY_RX, _weekday_day_span),
    (_EN_WEEKDAY_DAY_RX, _weekday_day_span),
    (_WEEKDAY_RX, _weekday_span),
    (_RELATIVE_RX, _relative_span),
)


def _non_overlapping(candidates: list[tuple[int, DateSpan]]) -> list[DateSpan]:
    """Keep the longest matches that do not overlap, in sentence order."""
    chosen: list[DateSpan] = []
    by_length = sorted(candidates, key=lambda c: (
        c[1].start_char - c[1].end_char, c[0], c[1].start_char))
    for _, span in by_length:
        if all(span.end_char <= s.start_char or span.start_char >= s.end_char for s in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start_char)


def find_date_spans(sentence: str, language: str, published: PublishedDate) -> list[DateSpan]:
    """Every date expression in the sentence, in order, non-overlapping (longest wins)."""
    # `language` is accepted for callers, but both languages' words are always read
    # because machine translation leaves French month names in English text and back.
    if not sentence:
        return []
    published = published or UNKNOWN_PUBLISHED
    candidates: list[tuple[int, DateSpan]] = []
    for priority, (pattern, build) in enumerate(_PATTERNS):
        for match in pattern.finditer(sentence):
            span = build(match, published)
            if span is not None:
                candidates.append((priority, span))
    return _non_overlapping(candidates)


def story_reference(sentences: list[str], language: str, published: PublishedDate) -> PublishedDate:
    """The date that places an article's days without a year: its publication date when it gives the day or
    month, else the first full date the article writes ("Tuesday 30 August 2022 ... on Thursday 1 September"
    in an undated article is 1 September 2022)."""
    if published is not None and published.precision in ("day", "month"):
        return published
    for sentence in sentences:
        for span in find_date_spans(sentence, language, published or UNKNOWN_PUBLISHED):
            if span.precision == "day" and span.start is not None and re.search(r"\d{4}", span.text):
                return PublishedDate(span.start, "day")
    return published or UNKNOWN_PUBLISHED


def combine_spans(spans: list[DateSpan]) -> DateSpan | None:
    """The span to date one event by: the most precise, then the earliest."""
    def key(span: DateSpan) -> tuple[int, dt.date, int]:
        return (_PRECISION_RANK.get(span.precision, len(_PRECISION_RANK)),
                span.start or dt.date.max, span.start_char)
    return min(spans, key=key, default=None)
