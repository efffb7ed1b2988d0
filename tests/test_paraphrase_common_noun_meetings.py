"""Paraphrases of multilateral meetings named only by a common noun (no ordinal, no capitals) and held by an organiser."""
from __future__ import annotations

from functools import lru_cache

import pytest

from tests.reading import read

PUBLISHED = "2024-05-10"  # a Friday: Tuesday is 2024-05-07, Wednesday 05-08, Thursday 05-09


@lru_cache(maxsize=None)
def reading_of(text: str, language: str):
    return read(text, language, PUBLISHED)


def only(items: list, what: str = "item"):
    assert len(items) == 1, f"expected exactly one {what}, got {len(items)}: {items}"
    return items[0]


def organised_by(reading, meeting, organiser: str) -> bool:
    """True when the agency that organised (or hosted) the meeting matches `organiser`: "country:XX" for a
    national agency of that country, else a fragment of its name, acronym or surface form (case-insensitive)."""
    rows = {row["key"]: row for row in reading.rows["agencies"]}
    organisers = [key for (kind, key), role in meeting.roles.items()
                  if kind == "agency" and role in ("organizer", "host")]
    if meeting.organizer:
        organisers.append(meeting.organizer)

    def matches(key: str) -> bool:
        row = rows.get(key, {})
        if organiser.startswith("country:"):
            return row.get("country_iso2") == organiser.split(":", 1)[1]
        forms = [key, row.get("acronym") or "", *row.get("surfaces", [])]
        return any(organiser.lower() in form.lower() for form in forms)

    return any(matches(key) for key in organisers)


# Each case: language, text, the organising agency (a fragment of its name, or "country:XX" for a national
# body), the countries the meeting represents (at least), its city and its first day where the text gives them.
COMMON_NOUN_MEETINGS = [
    pytest.param(
        "en",
        "AFRIPOL held a coordination meeting on cybercrime in Algiers on Tuesday with police experts from Algeria, "
        "Tunisia, Mauritania and Libya.",
        "AFRIPOL", {"DZ", "TN", "MR", "LY"}, "Algiers", "2024-05-07",
        id="en-held-a-coordination-meeting-on",
    ),
    pytest.param(
        "en",
        "The Ministry of the Interior of Niger convened an enlarged meeting in Niamey on Thursday, attended by the "
        "security services of Mali, Burkina Faso and Chad, to assess the situation along the borders.",
        "country:NE", {"NE", "ML", "BF", "TD"}, "Niamey", "2024-05-09",
        id="en-convened-an-enlarged-meeting",
    ),
    pytest.param(
        "en",
        "A technical meeting of experts was organised by EAPCCO in Arusha from 2 to 4 May. Experts from Kenya, "
        "Uganda, Tanzania and Rwanda reviewed a regional database of stolen vehicles.",
        "EAPCCO", {"KE", "UG", "TZ", "RW"}, "Arusha", "2024-05-02",
        id="en-passive-technical-meeting-of-experts",
    ),
    pytest.param(
        "en",
        "The United Nations Office on Drugs and Crime hosted a three-day regional workshop on maritime crime in "
        "Mombasa for coast guard and police officers from Kenya, Somalia, Tanzania and Mozambique.",
        "UNODC", {"KE", "SO", "TZ", "MZ"}, "Mombasa", None,
        id="en-hosted-a-regional-workshop",
    ),
    pytest.param(
        "en",
        "Europol hosted an operational meeting in The Hague on Wednesday, bringing together investigators from "
        "Spain, France, Italy and the Netherlands who work on migrant smuggling.",
        "Europol", {"ES", "FR", "IT", "NL"}, "The Hague", "2024-05-08",
        id="en-hosted-an-operational-meeting-bringing-together",
    ),
    pytest.param(
        "en",
        "An extraordinary meeting of the heads of criminal investigation departments of the region was convened by "
        "SARPCCO in Gaborone on Tuesday. Officers from Botswana, Zambia, Zimbabwe and Namibia attended it.",
        "SARPCCO", {"BW", "ZM", "ZW", "NA"}, "Gaborone", "2024-05-07",
        id="en-extraordinary-meeting-convened-by-then-pronoun",
    ),
    pytest.param(
        "fr",
        "La Police nationale du Togo a organisé mardi à Lomé une réunion de coordination sur la sécurité des "
        "frontières, avec des responsables de la police du Ghana, du Bénin et du Burkina Faso.",
        "country:TG", {"TG", "GH", "BJ", "BF"}, "Lomé", "2024-05-07",
        id="fr-a-organise-une-reunion-de-coordination",
    ),
    pytest.param(
        "fr",
        "Une réunion élargie des services de sécurité du Sénégal, de la Mauritanie et du Mali s'est tenue jeudi à "
        "Saint-Louis, à l'initiative du ministère sénégalais de l'Intérieur.",
        "country:SN", {"SN", "MR", "ML"}, "Saint-Louis", "2024-05-09",
        id="fr-reunion-elargie-a-l-initiative-de",
    ),
    pytest.param(
        "fr",
        "Une réunion technique d'experts, organisée par INTERPOL, s'est tenue du 6 au 8 mai à Abidjan. Elle a réuni "
        "des spécialistes de la criminalité environnementale de Côte d'Ivoire, du Ghana, du Libéria et de la "
        "Sierra Leone.",
        "INTERPOL", {"CI", "GH", "LR", "SL"}, "Abidjan", "2024-05-06",
        id="fr-reunion-technique-organisee-par-puis-elle",
    ),
    pytest.param(
        "fr",
        "AFRIPOL a abrité hier à Alger un atelier régional sur la lutte contre le terrorisme, en présence de "
        "délégations de l'Égypte, de la Libye, du Tchad et du Soudan.",
        "AFRIPOL", {"EG", "LY", "TD", "SD"}, "Algiers", "2024-05-09",
        id="fr-a-abrite-un-atelier-regional",
    ),
    pytest.param(
        "fr",
        "La Police fédérale belge a accueilli mercredi à Bruxelles une rencontre opérationnelle entre enquêteurs "
        "belges, néerlandais, luxembourgeois et allemands, consacrée au trafic de cocaïne.",
        "country:BE", {"BE", "NL", "LU", "DE"}, "Brussels", "2024-05-08",
        id="fr-a-accueilli-une-rencontre-operationnelle",
    ),
    pytest.param(
        "fr",
        "Le ministère de l'Intérieur du Tchad a réuni lundi à N'Djamena, en session extraordinaire, les chefs des "
        "services de renseignement du Cameroun, du Niger et du Nigeria.",
        "country:TD", {"TD", "CM", "NE", "NG"}, "N'Djamena", "2024-05-06",
        id="fr-a-reuni-en-session-extraordinaire",
    ),
]


@pytest.mark.parametrize("language, text, organiser, countries, city, day", COMMON_NOUN_MEETINGS)
def test_common_noun_meeting_is_one_held_multilateral(language, text, organiser, countries, city, day):
    reading = reading_of(text, language)
    meeting = only(reading.multilaterals(), "multilateral meeting")
    assert meeting.status == "held"
    assert countries <= meeting.countries
    assert reading.bilaterals() == []


@pytest.mark.parametrize("language, text, organiser, countries, city, day", COMMON_NOUN_MEETINGS)
def test_common_noun_meeting_has_its_organiser(language, text, organiser, countries, city, day):
    reading = reading_of(text, language)
    meeting = only(reading.multilaterals(), "multilateral meeting")
    assert organised_by(reading, meeting, organiser), meeting.roles


@pytest.mark.parametrize("language, text, organiser, countries, city, day", COMMON_NOUN_MEETINGS)
def test_common_noun_meeting_has_its_place_and_day(language, text, organiser, countries, city, day):
    reading = reading_of(text, language)
    meeting = only(reading.multilaterals(), "multilateral meeting")
    assert meeting.city == city
    if day is not None:
        assert meeting.start_date == day


NO_MEETING_HELD = [
    pytest.param(
        "en",
        "Officials stressed the importance of holding regular coordination meetings between the police forces of "
        "Ghana and Togo.",
        id="en-importance-of-regular-coordination-meetings",
    ),
    pytest.param(
        "en",
        "The Sahel interior ministers called for a technical meeting of experts on the financing of terrorism, "
        "without setting a date.",
        id="en-called-for-a-technical-meeting",
    ),
    pytest.param(
        "fr",
        "Les participants ont appelé à la tenue d'une réunion technique d'experts sur la question des armes légères.",
        id="fr-appele-a-la-tenue-d-une-reunion",
    ),
    pytest.param(
        "fr",
        "Selon le ministre, des réunions de coordination régulières entre les polices du Mali et du Niger "
        "permettraient de mieux sécuriser la frontière.",
        id="fr-reunions-regulieres-permettraient",
    ),
    pytest.param(
        "en",
        "Regular meetings between the border police of Benin and Nigeria would help curb smuggling, the minister "
        "said.",
        id="en-regular-meetings-would-help",
    ),
    pytest.param(
        "fr",
        "Le ministre estime qu'une rencontre entre les chefs de police du Bénin et du Nigeria faciliterait les "
        "échanges.",
        id="fr-une-rencontre-faciliterait",
    ),
]


@pytest.mark.parametrize("language, text", NO_MEETING_HELD)
def test_meetings_merely_wished_for_are_not_held(language, text):
    reading = reading_of(text, language)
    assert [m for m in reading.meetings if m.status == "held"] == []


BACK_REFERENCES = [
    pytest.param(
        "en",
        "The 19th Conference of Southern African Police Chiefs opened in Lusaka on Monday. The meeting, chaired by "
        "the Inspector-General of the Zambia Police Service, Mwila Banda, brought together delegations from "
        "Malawi, Zimbabwe and Botswana. The three-day gathering ends on Wednesday.",
        {"ZM", "MW", "ZW", "BW"},
        id="en-the-meeting-and-the-gathering-refer-back",
    ),
    pytest.param(
        "en",
        "Police chiefs from Ghana, Togo and Benin met in Lomé on Tuesday for a coordination meeting organised by "
        "the West African Police Chiefs Committee. The meeting reviewed joint operations against cattle rustling.",
        {"GH", "TG", "BJ"},
        id="en-coordination-meeting-then-the-meeting",
    ),
    pytest.param(
        "fr",
        "La 9e réunion des chefs de police d'Afrique de l'Ouest s'est ouverte lundi à Dakar. Cette rencontre, "
        "présidée par le ministre sénégalais de l'Intérieur, réunit des délégations de la Guinée, du Mali et de la "
        "Gambie. Les travaux de la réunion se poursuivent jusqu'à mercredi.",
        {"SN", "GN", "ML", "GM"},
        id="fr-cette-rencontre-et-la-reunion-renvoient",
    ),
    pytest.param(
        "fr",
        "Une réunion de coordination des polices du Bénin, du Niger et du Nigeria s'est tenue mercredi à Cotonou. "
        "Au terme de cette réunion, les participants ont adopté une feuille de route commune.",
        {"BJ", "NE", "NG"},
        id="fr-reunion-de-coordination-puis-cette-reunion",
    ),
]


@pytest.mark.parametrize("language, text, countries", BACK_REFERENCES)
def test_a_later_common_noun_is_the_same_meeting(language, text, countries):
    reading = reading_of(text, language)
    meeting = only(reading.multilaterals(), "multilateral meeting")
    assert meeting.status == "held"
    assert countries <= meeting.countries
    assert reading.bilaterals() == []
