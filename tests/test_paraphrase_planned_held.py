"""Paraphrases of meetings and agreements announced for the future (planned, not signed) versus reported as done (held, signed)."""
from __future__ import annotations

from functools import lru_cache

import pytest

from tests.reading import read

PUBLISHED = "2024-05-10"  # a Friday: Monday is 2024-05-06, Thursday 05-09, "jeudi prochain" 05-16


@lru_cache(maxsize=None)
def reading_of(text: str, language: str):
    return read(text, language, PUBLISHED)


def only(items: list, what: str = "item"):
    assert len(items) == 1, f"expected exactly one {what}, got {len(items)}: {items}"
    return items[0]


# Each case: language, text, the meeting's type, its status, the countries it represents (at least), its city,
# and its first day where the text fixes it.
ONE_MEETING = [
    pytest.param(
        "en",
        "Ghana's Inspector-General of Police, Kofi Asante, will travel to Abuja next week for talks with his "
        "Nigerian counterpart, Ibrahim Danjuma.",
        "bilateral", "planned", {"GH", "NG"}, "Abuja", None,
        id="en-will-travel-for-talks",
    ),
    pytest.param(
        "en",
        "The 32nd Annual General Meeting of the West African Police Chiefs Committee will be held in Banjul in "
        "November, the organisers announced on Thursday.",
        "multilateral", "planned", set(), "Banjul", None,
        id="en-will-be-held-organisers-announced",
    ),
    pytest.param(
        "en",
        "The 14th Conference of Police Chiefs of the Sahel ended in Niamey on Thursday after three days of "
        "discussions.",
        "multilateral", "held", set(), "Niamey", None,
        id="en-ended-on-thursday",
    ),
    pytest.param(
        "en",
        "The Commissioner General of the Belgian Federal Police, Marc Peeters, held talks in Brussels on Monday with "
        "the Inspector General of the Romanian Police, Andrei Popescu.",
        "bilateral", "held", {"BE", "RO"}, "Brussels", "2024-05-06",
        id="en-held-talks-on-monday",
    ),
    pytest.param(
        "en",
        "Kenya's Cabinet Secretary for the Interior, Grace Wanjiru, is scheduled to meet the Tanzanian Minister for "
        "Home Affairs in Dodoma on 14 June.",
        "bilateral", "planned", {"KE", "TZ"}, "Dodoma", "2024-06-14",
        id="en-is-scheduled-to-meet",
    ),
    pytest.param(
        "en",
        "The Chief of the Burkina Faso National Police, Issouf Ouédraogo, announced on Tuesday that the 3rd Sahel "
        "Police Cooperation Forum would take place in Ouagadougou in December.",
        "multilateral", "planned", set(), "Ouagadougou", None,
        id="en-reported-speech-would-take-place",
    ),
    pytest.param(
        "en",
        "A meeting of the heads of the police forces of Uganda, Kenya, Tanzania and South Sudan took place last "
        "week in Entebbe.",
        "multilateral", "held", {"UG", "KE", "TZ", "SS"}, "Entebbe", None,
        id="en-took-place-last-week",
    ),
    pytest.param(
        "en",
        "Preparations are under way in Kigali for the upcoming INTERPOL African Regional Conference, which the "
        "Rwanda National Police will host in September.",
        "multilateral", "planned", set(), "Kigali", None,
        id="en-upcoming-conference-will-host",
    ),
    pytest.param(
        "fr",
        "La 10e réunion des chefs de police de l'Afrique de l'Ouest se tiendra à Abidjan en octobre prochain.",
        "multilateral", "planned", set(), "Abidjan", None,
        id="fr-se-tiendra-en-octobre-prochain",
    ),
    pytest.param(
        "fr",
        "La 9e réunion des chefs de police de l'Afrique centrale s'est tenue hier à Libreville.",
        "multilateral", "held", set(), "Libreville", "2024-05-09",
        id="fr-s-est-tenue-hier",
    ),
    pytest.param(
        "fr",
        "Le ministre ivoirien de l'Intérieur, Yao Kouassi, s'entretiendra jeudi prochain à Accra avec son homologue "
        "ghanéen.",
        "bilateral", "planned", {"CI", "GH"}, "Accra", "2024-05-16",
        id="fr-s-entretiendra-jeudi-prochain",
    ),
    pytest.param(
        "fr",
        "La 27e Conférence régionale africaine d'INTERPOL a pris fin jeudi à Kigali.",
        "multilateral", "held", set(), "Kigali", None,
        id="fr-a-pris-fin-jeudi",
    ),
    pytest.param(
        "fr",
        "Le chef de la Police nationale du Togo, Koffi Agbeko, devrait se rendre le mois prochain à Cotonou pour des "
        "entretiens avec le directeur général de la Police républicaine du Bénin.",
        "bilateral", "planned", {"TG", "BJ"}, "Cotonou", None,
        id="fr-devrait-se-rendre-pour-des-entretiens",
    ),
    pytest.param(
        "fr",
        "Le directeur général de la Sûreté nationale du Niger, Abdou Maïga, a été reçu lundi à N'Djamena par le "
        "ministre tchadien de la Sécurité publique.",
        "bilateral", "held", {"NE", "TD"}, "N'Djamena", "2024-05-06",
        id="fr-a-ete-recu-lundi",
    ),
    pytest.param(
        "fr",
        "Une réunion de la commission mixte de sécurité entre le Mali et le Niger est prévue en juillet à Niamey.",
        "bilateral", "planned", {"ML", "NE"}, "Niamey", None,
        id="fr-est-prevue-en-juillet",
    ),
]


@pytest.mark.parametrize("language, text, meeting_type, status, countries, city, day", ONE_MEETING)
def test_meeting_status_follows_the_tense(language, text, meeting_type, status, countries, city, day):
    reading = reading_of(text, language)
    meeting = only(reading.meetings, "meeting")
    assert meeting.meeting_type == meeting_type
    assert meeting.status == status


@pytest.mark.parametrize("language, text, meeting_type, status, countries, city, day", ONE_MEETING)
def test_planned_or_held_meeting_has_its_sides_place_and_day(language, text, meeting_type, status, countries, city,
                                                             day):
    reading = reading_of(text, language)
    meeting = only(reading.meetings, "meeting")
    assert countries <= meeting.countries
    assert meeting.city == city
    if day is not None:
        assert meeting.start_date == day


# Each case: language, text, the type of the meeting reported as held, its city, and the city of a meeting
# announced for the future (which, if read, is planned), whether that announced meeting must be read (an
# ordinal names it) and its ordinal.
HELD_THEN_ANNOUNCED = [
    pytest.param(
        "en",
        "After their talks in Lisbon on Tuesday, the Portuguese and Spanish interior ministers agreed to meet again "
        "in Madrid in September.",
        "bilateral", "Lisbon", "Madrid", None,
        id="en-talks-held-agreed-to-meet-again",
    ),
    pytest.param(
        "en",
        "The 10th Meeting of Central African Police Chiefs was held in Libreville from 6 to 8 May. The 11th meeting "
        "will be held in Yaoundé in 2025.",
        "multilateral", "Libreville", "Yaoundé", 11,
        id="en-was-held-then-next-will-be-held",
    ),
    pytest.param(
        "fr",
        "La 10e réunion des chefs de police d'Afrique centrale s'est tenue du 6 au 8 mai à Libreville. La 11e "
        "édition se tiendra à Yaoundé en 2025.",
        "multilateral", "Libreville", "Yaoundé", 11,
        id="fr-s-est-tenue-puis-se-tiendra",
    ),
    pytest.param(
        "fr",
        "Après leur entretien de lundi à Tunis, les ministres tunisien et algérien de l'Intérieur sont convenus de "
        "se retrouver à Alger à l'automne.",
        "bilateral", "Tunis", "Algiers", None,
        id="fr-entretien-tenu-convenus-de-se-retrouver",
    ),
]


@pytest.mark.parametrize("language, text, meeting_type, held_city, planned_city, planned_ordinal", HELD_THEN_ANNOUNCED)
def test_held_meeting_and_announced_meeting_keep_their_status(language, text, meeting_type, held_city, planned_city,
                                                                planned_ordinal):
    reading = reading_of(text, language)
    held = only([m for m in reading.meetings if m.status == "held"], "held meeting")
    assert held.meeting_type == meeting_type
    assert held.city == held_city
    announced = [m for m in reading.meetings if m.city == planned_city]
    assert all(m.status == "planned" for m in announced), [(m.name, m.status) for m in announced]
    if planned_ordinal is not None:
        assert only(announced, "announced meeting").ordinal == planned_ordinal


# Each case: language, text, and the agreement type if one was signed (None when it is only announced,
# expected or under negotiation, which is not an agreement). Every text also reports talks that were held.
AGREEMENTS = [
    pytest.param(
        "en",
        "The Indonesian National Police chief, Budi Santoso, met the Inspector-General of the Royal Malaysia "
        "Police, Azlan Hashim, in Kuala Lumpur on Wednesday. A memorandum of understanding on training is expected "
        "to be signed later this year.",
        None,
        id="en-expected-to-be-signed",
    ),
    pytest.param(
        "en",
        "Egypt's Interior Minister, Tarek Mansour, held talks in Cairo on Monday with Jordan's Director of Public "
        "Security, Omar Haddad. The two sides are negotiating a cooperation agreement on extradition.",
        None,
        id="en-are-negotiating",
    ),
    pytest.param(
        "en",
        "Togo's Minister of Security, Koffi Agbeko, received his Ghanaian counterpart in Lomé on Tuesday. A protocol "
        "on joint patrols will be signed when he visits Accra next month.",
        None,
        id="en-will-be-signed-when",
    ),
    pytest.param(
        "en",
        "The Inspector General of the Uganda Police Force, Joseph Okello, held talks with the Commissioner General "
        "of the Rwanda National Police, Jean-Bosco Mugabo, in Kigali on Thursday. At the end of the talks, the two "
        "chiefs signed a memorandum of understanding on training.",
        "mou",
        id="en-signed-at-the-end-of-talks",
    ),
    pytest.param(
        "en",
        "A cooperation agreement between the Gambia Police Force and the Sierra Leone Police was signed on Monday "
        "in Banjul, following talks between their heads.",
        "agreement",
        id="en-passive-was-signed-following-talks",
    ),
    pytest.param(
        "fr",
        "Les ministres de l'Intérieur de la Tunisie et de l'Algérie se sont entretenus mardi à Alger. Un accord de "
        "coopération sécuritaire sera signé lors de la prochaine visite du ministre algérien à Tunis.",
        None,
        id="fr-sera-signe-lors-de-la-prochaine-visite",
    ),
    pytest.param(
        "fr",
        "Le chef de la Police nationale du Cameroun, Martin Mbarga, a reçu jeudi à Yaoundé son homologue gabonais. "
        "Un mémorandum d'entente entre les deux polices est en cours de négociation.",
        None,
        id="fr-en-cours-de-negociation",
    ),
    pytest.param(
        "fr",
        "Le directeur général de la Police nationale du Burkina Faso, Issouf Ouédraogo, s'est entretenu lundi à "
        "Niamey avec son homologue nigérien. Les deux parties devraient signer un protocole de coopération d'ici la "
        "fin de l'année.",
        None,
        id="fr-devraient-signer",
    ),
    pytest.param(
        "fr",
        "Le ministre sénégalais de l'Intérieur, Ousmane Faye, s'est entretenu mercredi à Dakar avec son homologue "
        "mauritanien. Les deux parties ont signé, à l'issue des entretiens, un mémorandum d'entente sur la sécurité "
        "des frontières.",
        "mou",
        id="fr-ont-signe-a-l-issue-des-entretiens",
    ),
    pytest.param(
        "fr",
        "Un protocole de coopération entre la Gendarmerie nationale ivoirienne et la Gendarmerie nationale "
        "française a été signé hier à Abidjan, au terme d'une séance de travail entre leurs commandants.",
        "protocol",
        id="fr-a-ete-signe-hier",
    ),
]


@pytest.mark.parametrize("language, text, agreement_type", AGREEMENTS)
def test_only_signed_agreements_are_agreements(language, text, agreement_type):
    reading = reading_of(text, language)
    if agreement_type is None:
        assert reading.agreements == [], [(a.agreement_type, a.title) for a in reading.agreements]
    else:
        assert only(reading.agreements, "agreement").agreement_type == agreement_type


@pytest.mark.parametrize("language, text, agreement_type", AGREEMENTS)
def test_talks_reported_beside_an_agreement_are_held(language, text, agreement_type):
    reading = reading_of(text, language)
    talks = only(reading.bilaterals("held"), "held bilateral meeting")
    if agreement_type is not None:
        assert only(reading.agreements, "agreement").meeting == talks.local_id
