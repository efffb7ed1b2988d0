"""Paraphrases of counts of meetings or agreements claimed in words beyond ten ("twenty-seven", "vingt-sept"), beside those listed."""
from __future__ import annotations

from functools import lru_cache

import pytest

from tests.reading import read

PUBLISHED = "2024-05-10"


@lru_cache(maxsize=None)
def reading_of(text: str, language: str):
    return read(text, language, PUBLISHED)


def only(items: list, what: str = "item"):
    assert len(items) == 1, f"expected exactly one {what}, got {len(items)}: {items}"
    return items[0]


# Each case: language, text, what the claim is about ("meeting" or "agreement"), the number claimed, and the
# number the article lists (bilateral meetings on the conference's sidelines, or agreements signed).
CLAIMS = [
    pytest.param(
        "en",
        "Ghana's Inspector-General of Police, Kofi Asante, held twenty-seven bilateral meetings on the sidelines of "
        "the 31st Annual General Meeting of WAPCCO in Abuja, notably with the police chiefs of Togo, Benin and "
        "Niger.",
        "meeting", 27, 3,
        id="en-twenty-seven-bilateral-meetings-notably",
    ),
    pytest.param(
        "en",
        "In all, thirty-one bilateral talks were held by the Kenyan delegation during the INTERPOL General Assembly "
        "in Vienna. Among them, Inspector General Peter Kiprono met his counterparts from Austria and Ethiopia.",
        "meeting", 31, 2,
        id="en-thirty-one-bilateral-talks-passive",
    ),
    pytest.param(
        "en",
        "Over the three days of the 7th Arab Police Leaders Conference in Riyadh, the Egyptian delegation led by "
        "Interior Minister Tarek Mansour held a total of forty-three bilateral meetings. Mr Mansour met, among "
        "others, the interior ministers of Jordan, Bahrain and Oman.",
        "meeting", 43, 3,
        id="en-a-total-of-forty-three",
    ),
    pytest.param(
        "en",
        "The Rwanda National Police delegation held twelve bilateral meetings at the World Police Summit in Dubai, "
        "including with the United Arab Emirates and Singapore.",
        "meeting", 12, 2,
        id="en-twelve-including",
    ),
    pytest.param(
        "en",
        "On the margins of the 8th African Police Chiefs Conference in Algiers, the Nigerian delegation held twenty "
        "one bilateral meetings. The Inspector-General of Police, Ibrahim Danjuma, met the police chiefs of "
        "Cameroon and Chad.",
        "meeting", 21, 2,
        id="en-twenty-one-unhyphenated",
    ),
    pytest.param(
        "en",
        "Eleven memoranda of understanding were signed on the sidelines of the 8th African Police Chiefs Conference "
        "in Algiers. Among them, the Ghana Police Service and the Nigeria Police Force signed a memorandum of "
        "understanding on cybercrime.",
        "agreement", 11, 1,
        id="en-eleven-memoranda-signed",
    ),
    pytest.param(
        "fr",
        "En marge de la 8e Assemblée générale d'AFRIPOL à Alger, le Directeur général de la Police nationale du "
        "Cameroun, Martin Mbarga, a tenu vingt-sept réunions bilatérales, notamment avec les patrons de la police "
        "du Tchad, du Gabon et du Nigeria.",
        "meeting", 27, 3,
        id="fr-vingt-sept-reunions-bilaterales-notamment",
    ),
    pytest.param(
        "fr",
        "Au total, trente et un entretiens bilatéraux ont été menés par la délégation sénégalaise lors de la 27e "
        "Conférence régionale africaine d'INTERPOL à Kigali, dont ceux avec la France et l'Espagne.",
        "meeting", 31, 2,
        id="fr-trente-et-un-entretiens-dont",
    ),
    pytest.param(
        "fr",
        "La délégation marocaine a eu quarante-trois rencontres bilatérales en marge du Sommet mondial de la police "
        "à Dubaï, notamment avec les délégations de l'Italie, de la Belgique et des Pays-Bas.",
        "meeting", 43, 3,
        id="fr-quarante-trois-rencontres",
    ),
    pytest.param(
        "fr",
        "En marge de la 9e réunion des chefs de police d'Afrique de l'Ouest, à Dakar, la Police nationale "
        "ivoirienne a tenu vingt et une réunions bilatérales. Son directeur général, Yao Kouassi, s'est notamment "
        "entretenu avec ses homologues du Ghana et du Libéria.",
        "meeting", 21, 2,
        id="fr-vingt-et-une-reunions-feminin",
    ),
    pytest.param(
        "fr",
        "Le ministre tunisien de l'Intérieur, Sami Trabelsi, a eu quinze entretiens bilatéraux en marge de la 41e "
        "session du Conseil des ministres arabes de l'intérieur à Tunis, dont ceux avec ses homologues algérien et "
        "libyen.",
        "meeting", 15, 2,
        id="fr-quinze-entretiens-homologues",
    ),
    pytest.param(
        "fr",
        "Douze accords de coopération ont été signés en marge du 9e Sommet des chefs de police de la CEDEAO à "
        "Abuja, dont un mémorandum d'entente entre la Police nationale du Togo et la Police républicaine du Bénin.",
        "agreement", 12, 1,
        id="fr-douze-accords-dont-un-memorandum",
    ),
]


@pytest.mark.parametrize("language, text, subject, claimed, listed", CLAIMS)
def test_claimed_count_in_words_beside_the_listed_count(language, text, subject, claimed, listed):
    reading = reading_of(text, language)
    claim = only([c for c in reading.rows["claims"] if c["subject"] == subject], f"{subject} claim")
    assert claim["claimed"] == claimed
    assert claim["listed"] == listed


@pytest.mark.parametrize("language, text, subject, claimed, listed", CLAIMS)
def test_claim_belongs_to_the_conference(language, text, subject, claimed, listed):
    reading = reading_of(text, language)
    conference = only(reading.multilaterals(), "multilateral meeting")
    claim = only([c for c in reading.rows["claims"] if c["subject"] == subject], f"{subject} claim")
    assert claim["meeting"] == conference.local_id


@pytest.mark.parametrize("language, text, subject, claimed, listed", CLAIMS)
def test_only_the_listed_facts_are_rows(language, text, subject, claimed, listed):
    reading = reading_of(text, language)
    conference = only(reading.multilaterals(), "multilateral meeting")
    if subject == "meeting":
        assert len(reading.bilaterals()) == listed
        assert all(m.parent == conference.local_id for m in reading.bilaterals())
    else:
        assert len(reading.agreements) == listed


NO_CLAIM = [
    pytest.param(
        "en",
        "Delegations from twenty-seven countries attended the 14th Conference of Police Chiefs of the Sahel in "
        "Niamey.",
        id="en-twenty-seven-countries-not-meetings",
    ),
    pytest.param(
        "en",
        "Nigeria's Inspector-General of Police, Ibrahim Danjuma, held eleven bilateral meetings at the 8th African "
        "Police Chiefs Conference in Algiers: with Togo, Benin, Niger, Mali, Chad, Senegal, Guinea, Liberia, "
        "Gambia, Cape Verde and Mauritania.",
        id="en-eleven-claimed-eleven-listed",
    ),
    pytest.param(
        "en",
        "The 14th Conference of Police Chiefs of the Sahel in Niamey celebrated twenty-one years of cooperation "
        "between the police forces of the region.",
        id="en-twenty-one-years",
    ),
    pytest.param(
        "fr",
        "La 27e Conférence régionale africaine d'INTERPOL, à Kigali, a réuni quarante-trois délégations.",
        id="fr-quarante-trois-delegations",
    ),
    pytest.param(
        "fr",
        "La 9e réunion des chefs de police d'Afrique de l'Ouest s'est ouverte à Dakar, vingt-cinq ans après la "
        "première édition.",
        id="fr-vingt-cinq-ans",
    ),
    pytest.param(
        "fr",
        "En marge de la 8e Assemblée générale d'AFRIPOL à Alger, le chef de la police togolaise a eu douze "
        "entretiens bilatéraux, avec ses homologues du Bénin, du Niger, du Mali, du Tchad, du Sénégal, de la "
        "Guinée, du Libéria, de la Gambie, du Ghana, de la Mauritanie, du Cameroun et du Gabon.",
        id="fr-douze-annonces-douze-listes",
    ),
]


@pytest.mark.parametrize("language, text", NO_CLAIM)
def test_no_claim_when_nothing_is_counted_or_the_count_matches(language, text):
    reading = reading_of(text, language)
    assert reading.rows["claims"] == []
