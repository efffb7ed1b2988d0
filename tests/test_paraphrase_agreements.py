"""Paraphrases of signed agreements under other names (arrangements, letters or declarations of intent, charters) or signed by "both sides"."""
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


def party_agency(reading, agreement, fragment: str) -> bool:
    """True when an agency party's name, acronym or surface form contains `fragment` (case-insensitive)."""
    fragment = fragment.lower()
    forms = {row["key"]: [row["key"], row.get("acronym") or "", *row.get("surfaces", [])] for row in reading.rows["agencies"]}
    return any(kind == "agency" and any(fragment in form.lower() for form in forms.get(key, [key]))
               for kind, key in agreement.parties)


# Each case: language, text, the agreement type where the contract fixes it (None where the lead should decide how
# an "arrangement", "charter" or "plan" is typed), the countries of its parties (at least), an international
# body among its parties (or None), and the meeting it was signed at: the bilateral talks where the text says
# so, else the multilateral meeting on whose sidelines it was signed.
SIGNED = [
    pytest.param(
        "en",
        "On Wednesday in Lisbon, the Portuguese Minister of Internal Administration, Rui Tavares, received his "
        "Cape Verdean counterpart, Paulo Lopes. At the end of the talks, the two ministers signed an administrative "
        "arrangement on police training.",
        None, {"PT", "CV"}, None, "bilateral",
        id="en-two-ministers-signed-administrative-arrangement",
    ),
    pytest.param(
        "en",
        "Europol and the Brazilian Federal Police signed a working arrangement on Thursday on the sidelines of the "
        "INTERPOL Americas Regional Conference in Brasília.",
        None, {"BR"}, "Europol", "multilateral",
        id="en-working-arrangement-on-the-sidelines",
    ),
    pytest.param(
        "en",
        "Ghana's Inspector-General of Police, Kofi Asante, and the Inspector-General of the Royal Malaysia Police, "
        "Azlan Hashim, held talks in Accra on Monday, after which both sides signed a letter of intent on training "
        "exchanges.",
        "declaration", {"GH", "MY"}, None, "bilateral",
        id="en-both-sides-signed-letter-of-intent",
    ),
    pytest.param(
        "en",
        "At the close of their meeting in Berlin on Wednesday, the President of Germany's Federal Criminal Police "
        "Office, Stefan Hartmann, and the Commander-in-Chief of the Polish Police, Tomasz Kowalczyk, signed a joint "
        "declaration of intent to fight car theft.",
        "declaration", {"DE", "PL"}, None, "bilateral",
        id="en-joint-declaration-of-intent-at-close-of-meeting",
    ),
    pytest.param(
        "en",
        "The police chiefs of five Sahel countries signed a charter on cross-border hot pursuit at the close of "
        "their 14th conference in Nouakchott on Tuesday. Mauritania, Mali, Niger, Chad and Burkina Faso were "
        "represented.",
        None, {"MR", "ML", "NE", "TD", "BF"}, None, "multilateral",
        id="en-charter-signed-at-close-of-conference",
    ),
    pytest.param(
        "en",
        "Kenya and Uganda on Friday signed a memorandum of understanding on cross-border policing. The MoU was "
        "signed by both sides at the end of talks in Nairobi between the Inspector General of the Kenya National "
        "Police Service, Peter Kiprono, and Uganda's Inspector General of Police, Joseph Okello.",
        "mou", {"KE", "UG"}, None, "bilateral",
        id="en-mou-signed-by-both-sides-passive",
    ),
    pytest.param(
        "en",
        "The Commander of the Senegalese National Gendarmerie, Mamadou Ndiaye, held talks in Dakar on Tuesday with "
        "the Director General of the French National Gendarmerie, Alain Roussel. Both sides signed a joint action "
        "plan for 2024-2026.",
        None, {"SN", "FR"}, None, "bilateral",
        id="en-both-sides-signed-joint-action-plan",
    ),
    pytest.param(
        "en",
        "Jordan's Director of Public Security, Omar Haddad, hosted his Iraqi counterpart in Amman on Monday; the two "
        "officials then signed a protocol on border security.",
        "protocol", {"JO", "IQ"}, None, "bilateral",
        id="en-two-officials-then-signed-protocol",
    ),
    pytest.param(
        "fr",
        "Le ministre tunisien de l'Intérieur, Sami Trabelsi, a reçu lundi à Tunis son homologue italien. À l'issue "
        "de l'entretien, les deux parties ont signé un protocole de coopération policière.",
        "protocol", {"TN", "IT"}, None, "bilateral",
        id="fr-les-deux-parties-ont-signe-un-protocole",
    ),
    pytest.param(
        "fr",
        "Au terme d'une séance de travail mercredi à Bruxelles entre leurs directeurs généraux, la Police nationale "
        "française et la Police fédérale belge ont signé un arrangement administratif relatif aux patrouilles "
        "mixtes.",
        None, {"FR", "BE"}, None, "bilateral",
        id="fr-arrangement-administratif-apres-seance-de-travail",
    ),
    pytest.param(
        "fr",
        "En marge de la 27e Conférence régionale africaine d'INTERPOL à Kigali, la Police nationale du Niger et la "
        "Police républicaine du Bénin ont signé une lettre d'intention sur l'échange de renseignements.",
        "declaration", {"NE", "BJ"}, None, "multilateral",
        id="fr-lettre-d-intention-en-marge-de-la-conference",
    ),
    pytest.param(
        "fr",
        "Les ministres de l'Intérieur du Sénégal, de la Gambie et de la Guinée-Bissau ont signé jeudi à Banjul, à "
        "l'issue de leur réunion tripartite, une charte de bon voisinage sécuritaire.",
        None, {"SN", "GM", "GW"}, None, "multilateral",
        id="fr-charte-a-l-issue-de-la-reunion-tripartite",
    ),
    pytest.param(
        "fr",
        "Reçu mardi à Rabat par son homologue marocain, le ministre portugais de l'Administration interne, Rui "
        "Tavares, a eu avec lui un long entretien. Les deux ministres ont ensuite signé une déclaration d'intention "
        "sur la protection civile.",
        "declaration", {"PT", "MA"}, None, "bilateral",
        id="fr-les-deux-ministres-declaration-d-intention",
    ),
    pytest.param(
        "fr",
        "AFRIPOL et la Police nationale du Cameroun ont signé mardi à Alger un arrangement de travail, au terme "
        "d'une rencontre entre le directeur exécutif d'AFRIPOL et le délégué général à la Sûreté nationale du "
        "Cameroun.",
        None, {"CM"}, "AFRIPOL", "bilateral",
        id="fr-arrangement-de-travail-avec-un-organisme",
    ),
    pytest.param(
        "fr",
        "Un mémorandum d'entente sur la formation a été signé par les deux parties à l'issue des entretiens, "
        "jeudi à Yaoundé, entre le chef de la Police nationale du Gabon, Serge Ndong, et son homologue "
        "camerounais.",
        "mou", {"GA", "CM"}, None, "bilateral",
        id="fr-memorandum-signe-par-les-deux-parties",
    ),
    pytest.param(
        "en",
        "Ghana and Togo want closer border security. In a memorandum of understanding signed by the heads of police "
        "of the two countries, patrols will share radio frequencies. The news came at the close of the 12th West African Police "
        "Chiefs seminar in Accra.",
        "mou", {"GH", "TG"}, None, "multilateral",
        id="en-the-two-countries-named-before",
    ),
    pytest.param(
        "fr",
        "Le Sénégal et la Gambie renforcent leur coopération policière. Dans un mémorandum d'entente signé par les "
        "patrons de la police des deux pays en marge du 9e Sommet de la CEDEAO, les agents seront formés "
        "ensemble.",
        "mou", {"SN", "GM"}, None, "multilateral",
        id="fr-les-deux-pays-nommes-avant",
    ),
]


@pytest.mark.parametrize("language, text, agreement_type, countries, body, signed_at", SIGNED)
def test_signed_document_is_one_agreement_between_the_sides(language, text, agreement_type, countries, body, signed_at):
    reading = reading_of(text, language)
    agreement = only(reading.agreements, "agreement")
    assert countries <= agreement.countries, agreement.parties
    if body is not None:
        assert party_agency(reading, agreement, body), agreement.parties


@pytest.mark.parametrize(
    "language, text, agreement_type, countries, body, signed_at",
    [case for case in SIGNED if case.values[2] is not None],
)
def test_signed_document_has_its_type(language, text, agreement_type, countries, body, signed_at):
    reading = reading_of(text, language)
    agreement = only(reading.agreements, "agreement")
    assert agreement.agreement_type == agreement_type


@pytest.mark.parametrize("language, text, agreement_type, countries, body, signed_at", SIGNED)
def test_signed_document_belongs_to_the_meeting_it_was_signed_at(language, text, agreement_type, countries, body,
                                                                    signed_at):
    reading = reading_of(text, language)
    agreement = only(reading.agreements, "agreement")
    meeting = only(reading.of_type(signed_at), f"{signed_at} meeting")
    signed_at_meeting = reading.meeting(agreement.meeting)
    # Two named parties signing on the sidelines of a conference is itself their encounter: the agreement may
    # belong to that signing (a bilateral meeting whose parent is the conference) or to the conference.
    assert agreement.meeting == meeting.local_id or (
        signed_at == "multilateral" and signed_at_meeting is not None and signed_at_meeting.parent == meeting.local_id)
    if signed_at == "bilateral":
        assert countries <= meeting.countries


NOT_SIGNED = [
    pytest.param(
        "en",
        "Ghana's Inspector-General of Police, Kofi Asante, held talks with his Togolese counterpart in Lomé on "
        "Tuesday. The two sides reached an agreement to step up joint patrols along the border.",
        id="en-reached-an-agreement",
    ),
    pytest.param(
        "en",
        "Egypt's Interior Minister, Tarek Mansour, and his Sudanese counterpart agreed in principle on a memorandum "
        "of understanding during their meeting in Cairo, which officials said still needs legal review.",
        id="en-agreed-in-principle-on-an-mou",
    ),
    pytest.param(
        "en",
        "The Director of Europol met the head of the Moldovan General Police Inspectorate in The Hague on Monday. "
        "Both sides discussed the draft of a working arrangement.",
        id="en-discussed-a-draft-arrangement",
    ),
    pytest.param(
        "fr",
        "Le chef de la police togolaise, Koffi Agbeko, a reçu mardi son homologue béninois. Les deux parties se sont "
        "mises d'accord sur la nécessité de renforcer l'échange d'informations.",
        id="fr-se-sont-mises-d-accord",
    ),
    pytest.param(
        "fr",
        "Lors de leur entretien jeudi à Niamey, les ministres nigérien et malien de la Sécurité ont trouvé un "
        "accord de principe sur la création d'une unité mixte.",
        id="fr-accord-de-principe-trouve",
    ),
    pytest.param(
        "fr",
        "Le ministre ivoirien de l'Intérieur, Yao Kouassi, s'est entretenu avec son homologue burkinabè à "
        "Ouagadougou. Les deux ministres ont convenu d'élaborer une charte de coopération transfrontalière.",
        id="fr-ont-convenu-d-elaborer-une-charte",
    ),
]


@pytest.mark.parametrize("language, text", NOT_SIGNED)
def test_agreement_reached_but_not_signed_is_not_an_agreement(language, text):
    reading = reading_of(text, language)
    assert reading.agreements == [], [(a.agreement_type, a.title) for a in reading.agreements]
