"""Tests of reading event dates from sentences (etl.dates)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import dates
from etl.dates import (
    DateSpan,
    PublishedDate,
    combine_spans,
    find_date_spans,
    parse_published_date,
)

D = dt.date
UNKNOWN = PublishedDate(None, "unknown")
YEAR_2024 = PublishedDate(D(2024, 1, 1), "year")
MONTH_2025_11 = PublishedDate(D(2025, 11, 1), "month")
DAY_2024_09_06 = PublishedDate(D(2024, 9, 6), "day")
TUESDAY_2023_12_12 = PublishedDate(D(2023, 12, 12), "day")
PUBLISHED_CHOICES = [
    UNKNOWN, YEAR_2024, MONTH_2025_11, DAY_2024_09_06,
    PublishedDate(D(1, 1, 1), "day"), PublishedDate(D(9999, 12, 31), "day"),
    PublishedDate(D(9999, 12, 1), "month"), PublishedDate(D(1, 1, 1), "year"),
]


def only_span(sentence: str, published: PublishedDate, language: str = "en") -> DateSpan:
    """The single span found in a sentence (fails the test if there is not exactly one)."""
    spans = find_date_spans(sentence, language, published)
    assert len(spans) == 1, spans
    return spans[0]


# --- parse_published_date -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("2024-09-03", PublishedDate(D(2024, 9, 3), "day")),
    ("2024-09-03T10:15:00Z", PublishedDate(D(2024, 9, 3), "day")),
    (" 2024-09-03 ", PublishedDate(D(2024, 9, 3), "day")),
    ("2024-09", PublishedDate(D(2024, 9, 1), "month")),
    ("2024", PublishedDate(D(2024, 1, 1), "year")),
])
def test_parse_published_date_reads_precision(text, expected):
    assert parse_published_date(text) == expected


@pytest.mark.parametrize("text", [None, "", "  ", "2024-13", "soon", "2024-02-30", "0000", "24-09-03"])
def test_parse_published_date_unknown_for_garbage(text):
    assert parse_published_date(text) == UNKNOWN


# --- explicit single days -------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "text", "day"), [
    ("The talks opened on September 3, 2024 in Lyon.", "en", "September 3, 2024", D(2024, 9, 3)),
    ("The talks opened on 3 September 2024 in Lyon.", "en", "3 September 2024", D(2024, 9, 3)),
    ("He arrived on Sept. 3, 2024.", "en", "Sept. 3, 2024", D(2024, 9, 3)),
    ("It ended on the 3rd of September 2024.", "en", "3rd of September 2024", D(2024, 9, 3)),
    ("Tuesday, December 12, 2023 saw the signing.", "en", "Tuesday, December 12, 2023", D(2023, 12, 12)),
    ("La réunion a eu lieu le 12 décembre 2023 à Rabat.", "fr", "12 décembre 2023", D(2023, 12, 12)),
    ("Signé le 1er juillet 2022.", "fr", "1er juillet 2022", D(2022, 7, 1)),
    ("Réunion le 26/03/2019 à Dakar.", "fr", "26/03/2019", D(2019, 3, 26)),
    ("Meeting held 2019-03-26 in Dakar.", "en", "2019-03-26", D(2019, 3, 26)),
    ("The meeting of 12 décembre 2023 was held.", "en", "12 décembre 2023", D(2023, 12, 12)),
    ("La réunion du 3 September 2024.", "fr", "3 September 2024", D(2024, 9, 3)),
])
def test_explicit_single_day(sentence, language, text, day):
    span = only_span(sentence, UNKNOWN, language)
    assert (span.text, span.start, span.end, span.precision) == (text, day, day, "day")
    assert sentence[span.start_char:span.end_char] == text


def test_weekday_before_explicit_date_is_one_span():
    span = only_span("La réunion s'est tenue mardi 12 décembre 2023.", UNKNOWN, "fr")
    assert (span.text, span.start) == ("mardi 12 décembre 2023", D(2023, 12, 12))


def test_explicit_year_wins_over_published_date():
    span = only_span("Signed on 3 September 2019.", DAY_2024_09_06)
    assert (span.start, span.precision) == (D(2019, 9, 3), "day")


# --- ranges ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "start", "end"), [
    ("held on September 3-4, 2024 in Lyon", "en", D(2024, 9, 3), D(2024, 9, 4)),
    ("held on 3-4 September 2024 in Lyon", "en", D(2024, 9, 3), D(2024, 9, 4)),
    ("held on 3–4 September 2024 in Lyon", "en", D(2024, 9, 3), D(2024, 9, 4)),
    ("held on September 3 and 4, 2024", "en", D(2024, 9, 3), D(2024, 9, 4)),
    ("held on 3, 4 and 5 September 2024", "en", D(2024, 9, 3), D(2024, 9, 5)),
    ("tenue les 3 et 4 septembre 2024", "fr", D(2024, 9, 3), D(2024, 9, 4)),
    ("tenue du 24 au 27 novembre 2025", "fr", D(2025, 11, 24), D(2025, 11, 27)),
    ("du 30 novembre au 2 décembre 2024 à Alger", "fr", D(2024, 11, 30), D(2024, 12, 2)),
    ("du lundi 24 au jeudi 27 novembre 2025", "fr", D(2025, 11, 24), D(2025, 11, 27)),
    ("le 1er et le 2 juillet 2022", "fr", D(2022, 7, 1), D(2022, 7, 2)),
    ("from November 30 to December 2, 2024", "en", D(2024, 11, 30), D(2024, 12, 2)),
    ("from December 30 to January 2, 2025", "en", D(2024, 12, 30), D(2025, 1, 2)),
    ("from 24th to 27th of November 2025", "en", D(2025, 11, 24), D(2025, 11, 27)),
])
def test_range_with_explicit_year(sentence, language, start, end):
    span = only_span(sentence, UNKNOWN, language)
    assert (span.start, span.end, span.precision) == (start, end, "day")


@pytest.mark.parametrize(("sentence", "language", "start", "end"), [
    ("from November 24 to 27", "en", D(2025, 11, 24), D(2025, 11, 27)),
    ("from 24 to 27 November", "en", D(2025, 11, 24), D(2025, 11, 27)),
    ("du 24 au 27 novembre", "fr", D(2025, 11, 24), D(2025, 11, 27)),
    ("between 11 and 12 October", "en", D(2025, 10, 11), D(2025, 10, 12)),
    ("la réunion (11 et 12 octobre) à Niamey", "fr", D(2025, 10, 11), D(2025, 10, 12)),
    ("June 26 to 28", "en", D(2025, 6, 26), D(2025, 6, 28)),
    ("from June 26 to 28", "en", D(2025, 6, 26), D(2025, 6, 28)),
    ("the talks on September 3 and 4", "en", D(2025, 9, 3), D(2025, 9, 4)),
    ("les 3 et 4 septembre", "fr", D(2025, 9, 3), D(2025, 9, 4)),
])
def test_range_year_inferred_from_month_precise_publication(sentence, language, start, end):
    span = only_span(sentence, MONTH_2025_11, language)
    assert (span.start, span.end, span.precision) == (start, end, "day")


def test_range_across_new_year_without_year():
    span = only_span("from December 30 to January 2", PublishedDate(D(2025, 1, 5), "day"))
    assert (span.start, span.end) == (D(2024, 12, 30), D(2025, 1, 2))


def test_backward_range_in_one_month_is_not_a_range():
    span = only_span("from September 30 to 2", UNKNOWN)
    assert (span.text, span.day_start, span.day_end) == ("September 30", 30, 30)


# --- year inference ---------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "published", "day"), [
    ("on December 28", PublishedDate(D(2024, 1, 2), "day"), D(2023, 12, 28)),
    ("on January 3", PublishedDate(D(2023, 12, 20), "day"), D(2024, 1, 3)),
    ("on September 3", DAY_2024_09_06, D(2024, 9, 3)),
    ("le 12 décembre", TUESDAY_2023_12_12, D(2023, 12, 12)),
    ("on Sept. 3", DAY_2024_09_06, D(2024, 9, 3)),
    # Four months ahead is less likely than eight months back.
    ("on March 10", PublishedDate(D(2024, 11, 10), "day"), D(2024, 3, 10)),
    ("on 12 décembre", YEAR_2024, D(2024, 12, 12)),
    ("on February 29", PublishedDate(D(2025, 3, 1), "day"), D(2024, 2, 29)),
])
def test_year_inferred_for_day_without_year(sentence, published, day):
    span = only_span(sentence, published)
    assert (span.start, span.end, span.precision) == (day, day, "day")


@pytest.mark.parametrize(("sentence", "language", "month", "day_start", "day_end"), [
    ("on September 3", "en", 9, 3, 3),
    ("le 1er juillet", "fr", 7, 1, 1),
    ("mardi 12 décembre", "fr", 12, 12, 12),
    ("June 26 to 28", "en", 6, 26, 28),
    ("les 3 et 4 septembre", "fr", 9, 3, 4),
    ("on February 29", "en", 2, 29, 29),
])
def test_no_year_when_publication_unknown(sentence, language, month, day_start, day_end):
    span = only_span(sentence, UNKNOWN, language)
    assert (span.start, span.end, span.precision) == (None, None, "no_year")
    assert (span.month, span.day_start, span.day_end) == (month, day_start, day_end)


# --- month and year precision -------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "start", "end"), [
    ("The plan was adopted in September 2024.", "en", D(2024, 9, 1), D(2024, 9, 30)),
    ("Le plan a été adopté en septembre 2024.", "fr", D(2024, 9, 1), D(2024, 9, 30)),
    ("Signed in February 2024.", "en", D(2024, 2, 1), D(2024, 2, 29)),
])
def test_month_precision(sentence, language, start, end):
    span = only_span(sentence, UNKNOWN, language)
    assert (span.start, span.end, span.precision) == (start, end, "month")


def test_month_without_year_is_inferred():
    span = only_span("It was launched in December.", PublishedDate(D(2024, 1, 2), "day"))
    assert (span.start, span.end, span.precision) == (D(2023, 12, 1), D(2023, 12, 31), "month")


def test_month_without_year_and_unknown_publication_is_no_year():
    span = only_span("Il a été lancé en mai.", UNKNOWN, "fr")
    assert (span.precision, span.month, span.day_start) == ("no_year", 5, None)


@pytest.mark.parametrize(("sentence", "language", "start", "end"), [
    ("Exercises will resume in 2025.", "en", D(2025, 1, 1), D(2025, 12, 31)),
    ("Les exercices reprendront en 2025.", "fr", D(2025, 1, 1), D(2025, 12, 31)),
    ("Cases doubled during 2023.", "en", D(2023, 1, 1), D(2023, 12, 31)),
    ("au cours de 2023, les saisies", "fr", D(2023, 1, 1), D(2023, 12, 31)),
    ("the budget for 2025 was cut", "en", D(2025, 1, 1), D(2025, 12, 31)),
    ("the plan for 2021-2025 was adopted", "en", D(2021, 1, 1), D(2025, 12, 31)),
])
def test_year_precision(sentence, language, start, end):
    span = only_span(sentence, UNKNOWN, language)
    assert (span.start, span.end, span.precision) == (start, end, "year")


# --- relative days ----------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "language", "published", "day"), [
    ("La réunion s'est tenue mardi.", "fr", TUESDAY_2023_12_12, D(2023, 12, 12)),
    ("La réunion s'est tenue ce mardi.", "fr", TUESDAY_2023_12_12, D(2023, 12, 12)),
    ("Ils se sont vus lundi.", "fr", PublishedDate(D(2023, 1, 9), "day"), D(2023, 1, 9)),
    ("They met on Wednesday.", "en", PublishedDate(D(2023, 12, 8), "day"), D(2023, 12, 6)),
    ("They met Wednesday.", "en", PublishedDate(D(2023, 12, 8), "day"), D(2023, 12, 6)),
    ("Réunion jeudi après-midi.", "fr", TUESDAY_2023_12_12, D(2023, 12, 7)),
    ("They will meet next Tuesday.", "en", TUESDAY_2023_12_12, D(2023, 12, 19)),
    ("Ils se verront mardi prochain.", "fr", TUESDAY_2023_12_12, D(2023, 12, 19)),
    ("Ils se verront vendredi prochain.", "fr", TUESDAY_2023_12_12, D(2023, 12, 15)),
    ("They met last Tuesday.", "en", TUESDAY_2023_12_12, D(2023, 12, 5)),
    ("The minister spoke today.", "en", TUESDAY_2023_12_12, D(2023, 12, 12)),
    ("Le ministre a parlé aujourd'hui.", "fr", TUESDAY_2023_12_12, D(2023, 12, 12)),
    ("The minister spoke yesterday.", "en", TUESDAY_2023_12_12, D(2023, 12, 11)),
    ("Le ministre a parlé hier.", "fr", TUESDAY_2023_12_12, D(2023, 12, 11)),
    ("The minister will speak tomorrow.", "en", TUESDAY_2023_12_12, D(2023, 12, 13)),
    ("Le ministre parlera demain.", "fr", TUESDAY_2023_12_12, D(2023, 12, 13)),
    ("Réunion ce jeudi 14 à Paris.", "fr", PublishedDate(D(2023, 12, 20), "day"), D(2023, 12, 14)),
    ("They met on Tuesday the 12th.", "en", PublishedDate(D(2023, 12, 20), "day"), D(2023, 12, 12)),
])
def test_relative_day_resolved_against_day_precise_publication(sentence, language, published, day):
    span = only_span(sentence, published, language)
    assert (span.start, span.end, span.precision) == (day, day, "day")


@pytest.mark.parametrize("published", [UNKNOWN, YEAR_2024, MONTH_2025_11])
@pytest.mark.parametrize(("sentence", "language", "text"), [
    ("They met on Wednesday.", "en", "on Wednesday"),
    ("Réunion ce mardi à Rabat.", "fr", "ce mardi"),
    ("The minister spoke yesterday.", "en", "yesterday"),
    ("Le ministre parlera demain.", "fr", "demain"),
])
def test_relative_day_unknown_without_day_precise_publication(sentence, language, text, published):
    span = only_span(sentence, published, language)
    assert (span.text, span.start, span.end, span.precision) == (text, None, None, "unknown")


def test_weekday_day_uses_month_of_month_precise_publication():
    span = only_span("Réunion mardi 12 à Paris.", PublishedDate(D(2023, 12, 1), "month"), "fr")
    assert (span.start, span.precision) == (D(2023, 12, 12), "day")


# --- several spans and languages --------------------------------------------------------------

def test_spans_are_returned_in_sentence_order():
    sentence = "After talks on 3 September 2024, a follow-up was held in 2025 and yesterday."
    texts = [s.text for s in find_date_spans(sentence, "en", DAY_2024_09_06)]
    assert texts == ["3 September 2024", "in 2025", "yesterday"]


def test_french_month_in_english_text_and_back():
    english = only_span("The meeting took place on 12 décembre 2023.", UNKNOWN, "en")
    french = only_span("La réunion a eu lieu le 12 December 2023.", UNKNOWN, "fr")
    assert english.start == french.start == D(2023, 12, 12)


# --- things that are not dates ------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "They held 43 bilateral meetings.",
    "the 8th meeting of heads of police",
    "the 93rd session of the assembly",
    "ahead of the 2022 World Cup",
    "Under loi 09-08 on personal data.",
    "Decree 1-09-15 was published.",
    "The meeting on February 30 was cancelled.",
    "Officers may 3 times refuse.",
    "They march 3 km to Marseille.",
    "Funding for 2000 officers was approved.",
    "Il a reçu 12 décembres de prison.",
    "",
])
def test_non_dates_are_not_matched(sentence):
    assert find_date_spans(sentence, "en", DAY_2024_09_06) == []


# --- combine_spans ------------------------------------------------------------------------------

def _span(start, precision, start_char=0):
    return DateSpan(start, start, precision, "x", start_char, start_char + 1)


def test_combine_spans_prefers_precision():
    month = _span(D(2024, 9, 1), "month")
    day = _span(D(2024, 9, 20), "day", 5)
    assert combine_spans([month, _span(None, "unknown"), day]) == day


def test_combine_spans_then_prefers_earliest():
    early, late = _span(D(2024, 9, 3), "day", 10), _span(D(2024, 9, 4), "day", 0)
    assert combine_spans([late, early]) == early


def test_combine_spans_no_year_beats_unknown():
    no_year = DateSpan(None, None, "no_year", "x", 3, 4, month=9, day_start=3, day_end=3)
    assert combine_spans([_span(None, "unknown"), no_year]) == no_year


def test_combine_spans_empty_is_none():
    assert combine_spans([]) is None


# --- properties ---------------------------------------------------------------------------------

_DATEY_TEXT = st.lists(st.sampled_from([
    "3", "12", "1er", "3rd", "2024", "1999", "-", "/", " ", ",", "et", "and", "to", "au",
    "du", "in", "en", "September", "décembre", "Sept.", "mardi", "Tuesday", "next", "hier",
    "February", "29", "31", "30", "(", "12/03/2019", "2019-03-26", "x",
]), max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), _DATEY_TEXT), st.sampled_from(PUBLISHED_CHOICES),
       st.sampled_from(["en", "fr"]))
def test_find_date_spans_never_raises_and_spans_are_well_formed(sentence, published, language):
    spans = find_date_spans(sentence, language, published)
    for span in spans:
        assert 0 <= span.start_char < span.end_char <= len(sentence)
        assert sentence[span.start_char:span.end_char] == span.text
        if span.start is not None and span.end is not None:
            assert span.start <= span.end
    for before, after in zip(spans, spans[1:]):
        assert before.end_char <= after.start_char


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.text(), st.from_regex(r"[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?",
                                                     fullmatch=True)))
def test_parse_published_date_never_raises(text):
    published = parse_published_date(text)
    assert published.precision in {"day", "month", "year", "unknown"}
    assert (published.value is None) == (published.precision == "unknown")


@pytest.mark.parametrize(("sentences", "language", "expected"), [
    (["On Tuesday 30 August 2022 the delegation arrived.", "On Thursday 1 September, the chiefs met."], "en",
     dt.date(2022, 9, 1)),
    (["Le mardi 30 août 2022, la délégation est arrivée.", "Jeudi 1er septembre, les chefs se sont rencontrés."],
     "fr", dt.date(2022, 9, 1)),
])
def test_an_undated_article_places_days_by_its_own_full_date(sentences, language, expected):
    reference = dates.story_reference(sentences, language, dates.PublishedDate(None, "unknown"))
    spans = dates.find_date_spans(sentences[1], language, reference)
    assert [span.start for span in spans] == [expected]


def test_a_dated_article_keeps_its_publication_date_as_reference():
    published = dates.PublishedDate(dt.date(2024, 5, 10), "day")
    assert dates.story_reference(["On 3 March 2019 a pact was signed."], "en", published) is published
