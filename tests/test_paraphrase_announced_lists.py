"""Paraphrases of bilateral meetings announced in one sentence and listed (by region, body or official) in the next."""
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


# Each case: the article, its language, the country of the side whose activity is reported, a surname of
# that side's named official (or None), and the counterparts listed: an ISO2 code, or "agency:<fragment>" for
# an international body. Every listed counterpart is one bilateral meeting on the sidelines of the conference.
ANNOUNCED_THEN_LISTED = [
    pytest.param(
        "en",
        "The Inspector-General of Police of Ghana, Kofi Asante, took part this week in the 31st Annual General "
        "Meeting of the West African Police Chiefs Committee in Abuja. On the margins of the meeting he held some "
        "thirty bilateral meetings with visiting delegations. In West Africa, the talks involved the police chiefs "
        "of Togo, Benin and Niger. In Europe, he met officials from Germany and Spain.",
        "GH", "Asante", ["TG", "BJ", "NE", "DE", "ES"],
        id="en-some-thirty-then-police-chiefs-by-region",
    ),
    pytest.param(
        "en",
        "Kenya's Inspector General of Police, Peter Kiprono, attended the 25th EAPCCO Annual General Meeting held "
        "in Kigali from 6 to 9 May. During the four days, he had a series of bilateral talks with his peers. From "
        "the region, he sat down with the Uganda Police Force, the Tanzania Police Force and the Rwanda National "
        "Police. He also held talks with INTERPOL.",
        "KE", "Kiprono", ["UG", "TZ", "RW", "agency:interpol"],
        id="en-series-of-talks-then-bodies",
    ),
    pytest.param(
        "en",
        "Malaysia's Inspector-General of Police, Azlan Hashim, led the Malaysian delegation to the 41st ASEANAPOL "
        "Conference in Hanoi. Numerous bilateral meetings were held on the sidelines of the conference. In Asia, "
        "Mr Hashim met the heads of the Indonesian National Police and the Philippine National Police, as well as "
        "the Commissioner of the Singapore Police Force. Outside the region, he was received by the Australian "
        "Federal Police.",
        "MY", "Hashim", ["ID", "PH", "SG", "AU"],
        id="en-passive-announcement-then-heads-of-bodies",
    ),
    pytest.param(
        "en",
        "Uganda's police chief, Joseph Okello, returned on Friday from the INTERPOL General Assembly in Vienna, "
        "where he held bilateral discussions with a number of delegations. Among them were Egypt, Jordan and Qatar. "
        "He also held talks with his counterparts from Canada and Brazil.",
        "UG", "Okello", ["EG", "JO", "QA", "CA", "BR"],
        id="en-among-them-countries-then-pronoun",
    ),
    pytest.param(
        "en",
        "Nigeria's Inspector-General of Police, Ibrahim Danjuma, had several bilateral engagements on the sidelines "
        "of the Africa Police Chiefs Summit in Algiers, including with the police chiefs of Algeria, Ghana and "
        "Senegal.",
        "NG", "Danjuma", ["DZ", "GH", "SN"],
        id="en-engagements-including-police-chiefs",
    ),
    pytest.param(
        "en",
        "The Belgian Federal Police were represented by Commissioner General Marc Peeters at the 20th European "
        "Police Congress in Berlin on Tuesday and Wednesday. Peeters used the congress for a round of bilateral "
        "talks. He met the President of the German Federal Criminal Police Office, Stefan Hartmann, the "
        "Commander-in-Chief of the Polish Police, Tomasz Kowalczyk, and a delegation from the Dutch National Police.",
        "BE", "Peeters", ["DE", "PL", "NL"],
        id="en-round-of-talks-then-officials-with-names",
    ),
    pytest.param(
        "fr",
        "En marge de la 8e Assemblée générale d'AFRIPOL à Alger, le Directeur général de la Police nationale du "
        "Cameroun, Martin Mbarga, a eu une série d'entretiens avec plusieurs de ses homologues. En Afrique, il "
        "s'est entretenu avec les patrons de la police du Togo, du Bénin et du Niger. En Europe, il a rencontré les "
        "délégations de la France et de la Belgique.",
        "CM", "Mbarga", ["TG", "BJ", "NE", "FR", "BE"],
        id="fr-serie-entretiens-puis-patrons-par-region",
    ),
    pytest.param(
        "fr",
        "Le Commandant de la Gendarmerie nationale du Sénégal, le général Mamadou Ndiaye, a pris part du 14 au 16 "
        "mai à Rome à la Conférence internationale des forces de police à statut militaire. Il a mis à profit cette "
        "rencontre pour multiplier les entretiens bilatéraux. Il a ainsi échangé avec ses homologues d'Italie, "
        "d'Espagne et du Portugal, puis avec le directeur de la Gendarmerie royale du Maroc.",
        "SN", "Ndiaye", ["IT", "ES", "PT", "MA"],
        id="fr-multiplier-entretiens-puis-homologues",
    ),
    pytest.param(
        "fr",
        "Le ministre ivoirien de l'Intérieur et de la Sécurité, Yao Kouassi, a tenu de nombreuses réunions "
        "bilatérales en marge du Sommet africain sur la sécurité à Addis-Abeba, notamment avec ses homologues du "
        "Ghana, du Libéria et de la Guinée.",
        "CI", "Kouassi", ["GH", "LR", "GN"],
        id="fr-nombreuses-reunions-notamment-homologues",
    ),
    pytest.param(
        "fr",
        "Le Directeur général de la Sûreté nationale du Niger, Abdou Maïga, a participé à la 27e Conférence "
        "régionale africaine d'INTERPOL, qui s'est achevée jeudi à Kigali. Au cours de cette conférence, il a eu "
        "une série d'entretiens avec plusieurs chefs de délégation. Côté africain, il a rencontré les chefs de la "
        "police du Tchad, du Mali et du Burkina Faso. En Asie, il s'est entretenu avec une délégation du ministère "
        "chinois de la Sécurité publique.",
        "NE", "Maïga", ["TD", "ML", "BF", "CN"],
        id="fr-chefs-de-delegation-puis-cote-africain-et-asie",
    ),
    pytest.param(
        "fr",
        "Au Sommet mondial de la police, tenu à Dubaï du 13 au 15 février, la délégation tunisienne conduite par "
        "Sami Trabelsi, directeur général de la Sûreté nationale, a enchaîné les rencontres bilatérales. Elle a été "
        "reçue par les délégations de l'Arabie saoudite et du Qatar, et s'est entretenue avec des responsables "
        "d'Europol.",
        "TN", "Trabelsi", ["SA", "QA", "agency:europol"],
        id="fr-delegation-enchaine-puis-passif-et-europol",
    ),
    pytest.param(
        "fr",
        "Plusieurs rencontres bilatérales ont ponctué la participation du chef de la Police nationale du Gabon, le "
        "général Serge Ndong, à la 12e réunion des chefs de police d'Afrique centrale à Brazzaville. Il a eu des "
        "entretiens avec sept délégations, dont celles du Tchad, du Cameroun et de la Guinée équatoriale.",
        "GA", "Ndong", ["TD", "CM", "GQ"],
        id="fr-rencontres-ponctuent-dont-celles",
    ),
]


@pytest.mark.parametrize("language, text, home, official, counterparts", ANNOUNCED_THEN_LISTED)
def test_each_listed_counterpart_is_one_bilateral_beside_the_conference(language, text, home, official, counterparts):
    reading = reading_of(text, language)
    conference = only(reading.multilaterals(), "multilateral meeting")
    bilaterals = reading.bilaterals()

    # The announcing sentence is not a meeting of its own: only the listed counterparts are.
    assert len(bilaterals) == len(counterparts), [(m.name, m.countries) for m in bilaterals]
    for m in bilaterals:
        assert m.parent == conference.local_id, m.name
        assert m.status == "held", m.name
        assert home in m.countries, m.name
        assert m.has_person(official), m.name
    for counterpart in counterparts:
        if counterpart.startswith("agency:"):
            fragment = counterpart.split(":", 1)[1]
            only([m for m in bilaterals if m.has_agency(fragment)], f"bilateral with {fragment}")
        else:
            only(reading.with_country(counterpart), f"bilateral with {counterpart}")


@pytest.mark.parametrize("language, text, home, official, counterparts", ANNOUNCED_THEN_LISTED)
def test_regions_are_not_counterparts(language, text, home, official, counterparts):
    """Every bilateral represents exactly the reporting side and one listed counterpart's country."""
    reading = reading_of(text, language)
    expected = {c for c in counterparts if not c.startswith("agency:")}
    for m in reading.bilaterals():
        others = m.countries - {home}
        assert len(others) <= 1 and others <= expected, (m.name, m.countries)


NO_LISTED_COUNTERPART = [
    pytest.param(
        "en",
        "The 14th Conference of Police Chiefs of the Sahel opened in Niamey on Monday with delegations from Mali, "
        "Chad, Burkina Faso and Mauritania. Several bilateral meetings are expected on the margins of the "
        "conference.",
        {"ML", "TD", "BF", "MR"},
        id="en-delegations-attend-bilaterals-unnamed",
    ),
    pytest.param(
        "en",
        "Some forty delegations attended the 9th Global Counter-Terrorism Forum in Abu Dhabi, among them Egypt, "
        "Kenya and Indonesia. Many bilateral meetings took place throughout the week.",
        {"EG", "KE", "ID"},
        id="en-among-them-attendees-not-counterparts",
    ),
    pytest.param(
        "fr",
        "Les délégations du Maroc, de l'Espagne et du Portugal ont pris part à la 6e Conférence euro-africaine sur "
        "la sécurité à Lisbonne. Des entretiens bilatéraux ont également eu lieu en marge des travaux.",
        {"MA", "ES", "PT"},
        id="fr-delegations-participent-entretiens-sans-interlocuteur",
    ),
    pytest.param(
        "fr",
        "La 12e réunion des chefs de police d'Afrique centrale, ouverte lundi à Brazzaville, réunit notamment le "
        "Gabon, le Cameroun et le Tchad. Plusieurs rencontres bilatérales sont prévues en marge de la réunion.",
        {"GA", "CM", "TD"},
        id="fr-reunit-notamment-pays-participants",
    ),
    pytest.param(
        "fr",
        "Le 7e Forum des chefs de police du Golfe de Guinée s'est tenu mardi à Lomé. Le directeur de la police "
        "togolaise, Kodjo Mensah, a visité le centre de formation, où il a échangé avec des responsables sur la "
        "formation. Selon le ministère, ces échanges illustrent le crédit dont bénéficient les services ivoiriens.",
        set(),
        id="fr-dont-relatif-pas-une-liste",
    ),
    pytest.param(
        "en",
        "The 7th Forum of Gulf of Guinea Police Chiefs was held in Lome on Tuesday. The Togolese police director, "
        "Kodjo Mensah, also visited the training centre, where he exchanged views with officials on training. "
        "The ministry said such contacts reflect the regard that Ivorian services, like those of Ghana, command.",
        set(),
        id="en-like-those-of-not-a-list",
    ),
]


@pytest.mark.parametrize("language, text, attendees", NO_LISTED_COUNTERPART)
def test_attending_delegations_are_participants_not_bilaterals(language, text, attendees):
    reading = reading_of(text, language)
    conference = only(reading.multilaterals(), "multilateral meeting")
    assert attendees <= conference.countries
    assert reading.bilaterals() == []
