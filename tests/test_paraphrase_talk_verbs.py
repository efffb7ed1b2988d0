"""Paraphrases of bilateral talks where words stand between the meeting verb and the counterpart, or other verbs of exchange or courtesy are used."""
from __future__ import annotations

from functools import lru_cache

import pytest

from tests.reading import read

PUBLISHED = "2024-05-10"  # a Friday: Monday is 2024-05-06, Tuesday 05-07, Wednesday 05-08, Thursday 05-09


@lru_cache(maxsize=None)
def reading_of(text: str, language: str):
    return read(text, language, PUBLISHED)


# Each case: language, text, the reporting side's country, the counterparts' countries (one entry per talk),
# surnames of the persons named on either side, whether the number of talks is exact ("three rounds of talks"
# or "twice" leave it to the reader whether that is one meeting or several) and the day of the talks if given.
TALKS = [
    pytest.param(
        "en",
        "The Inspector-General of the Uganda Police Force, Moses Okello, met his Kenyan counterpart on Monday in "
        "Kampala to discuss cooperation between Tanzania and Rwanda.",
        "UG", ["KE"], {"Okello"}, True, "2024-05-06",
        id="en-met-to-discuss-cooperation-between",
    ),
    pytest.param(
        "fr",
        "Le directeur général de la Police nationale ivoirienne, Yao Kouassi, a reçu lundi son homologue ghanéen "
        "pour discuter de la coopération entre le Togo et le Bénin.",
        "CI", ["GH"], {"Kouassi"}, True, "2024-05-06",
        id="fr-a-recu-pour-discuter-de-la-cooperation-entre",
    ),
    pytest.param(
        "en",
        "On Wednesday in Nairobi, the Inspector General of the Kenya National Police Service, Peter Kiprono, held "
        "three rounds of talks with a visiting delegation of the Ethiopian Federal Police led by Commissioner Dawit "
        "Bekele.",
        "KE", ["ET"], {"Kiprono", "Bekele"}, False, "2024-05-08",
        id="en-held-three-rounds-of-talks-with",
    ),
    pytest.param(
        "en",
        "The Chief of the Burkina Faso National Police, Issouf Ouédraogo, on Tuesday exchanged views with a "
        "delegation from the French National Police led by Julien Fabre.",
        "BF", ["FR"], {"Ouédraogo", "Fabre"}, True, "2024-05-07",
        id="en-exchanged-views-with",
    ),
    pytest.param(
        "en",
        "A delegation of the Royal Malaysia Police led by Deputy Inspector-General Azlan Hashim paid a courtesy call "
        "on the Chief of the Indonesian National Police, General Budi Santoso, at his office in Jakarta on Monday.",
        "MY", ["ID"], {"Hashim", "Santoso"}, True, "2024-05-06",
        id="en-paid-a-courtesy-call-on",
    ),
    pytest.param(
        "en",
        "While in Abuja, Tanzania's Inspector General of Police, Hamisi Mrisho, also called on the Inspector-General "
        "of the Nigeria Police Force, Ibrahim Danjuma.",
        "TZ", ["NG"], {"Mrisho", "Danjuma"}, True, None,
        id="en-also-called-on",
    ),
    pytest.param(
        "en",
        "The head of the Spanish Guardia Civil, Javier Morales, on Thursday briefly but cordially met with "
        "Portugal's National Director of the Public Security Police, Nuno Sequeira, in Badajoz.",
        "ES", ["PT"], {"Morales", "Sequeira"}, True, "2024-05-09",
        id="en-adverbs-before-met-with",
    ),
    pytest.param(
        "en",
        "Rwanda's Inspector General of Police, Jean-Bosco Mugabo, and his Ugandan counterpart, Joseph Okello, met "
        "in Kampala on Monday to review cross-border crime.",
        "RW", ["UG"], {"Mugabo", "Okello"}, True, "2024-05-06",
        id="en-x-and-his-counterpart-y-met",
    ),
    pytest.param(
        "en",
        "Egypt's Interior Minister, Tarek Mansour, has twice this week sat down with Jordan's Director of Public "
        "Security, Omar Haddad, to discuss border security.",
        "EG", ["JO"], {"Mansour", "Haddad"}, False, None,
        id="en-twice-sat-down-with",
    ),
    pytest.param(
        "en",
        "The talks that the Chief of the Italian State Police, Luca Bellini, held in Rome on Tuesday with a "
        "delegation of the Romanian Police focused on human trafficking.",
        "IT", ["RO"], {"Bellini"}, True, "2024-05-07",
        id="en-relative-clause-talks-that-x-held-with",
    ),
    pytest.param(
        "en",
        "A delegation of the Belgian Federal Police, headed by Commissioner General Marc Peeters, was received on "
        "Monday in Dakar by the Senegalese Minister of the Interior, Ousmane Faye.",
        "BE", ["SN"], {"Peeters", "Faye"}, True, "2024-05-06",
        id="en-passive-was-received-by",
    ),
    pytest.param(
        "en",
        "Ghana's Interior Minister, Yaw Boakye, engaged on Thursday in wide-ranging and frank discussions with the "
        "visiting Inspector General of the Gambia Police Force, Lamin Jallow.",
        "GH", ["GM"], {"Boakye", "Jallow"}, True, "2024-05-09",
        id="en-engaged-in-wide-ranging-discussions-with",
    ),
    pytest.param(
        "fr",
        "Le Directeur général de la Police nationale du Bénin, Armand Houngbo, s'est aussi longuement entretenu "
        "avec le chef de la police togolaise, Koffi Agbeko, lundi à Lomé.",
        "BJ", ["TG"], {"Houngbo", "Agbeko"}, True, "2024-05-06",
        id="fr-s-est-aussi-longuement-entretenu-avec",
    ),
    pytest.param(
        "fr",
        "Mercredi, la ministre française de l'Intérieur, Hélène Marchand, a échangé pendant plus d'une heure avec "
        "le ministre tunisien de l'Intérieur, Sami Trabelsi.",
        "FR", ["TN"], {"Marchand", "Trabelsi"}, True, "2024-05-08",
        id="fr-a-echange-pendant-une-heure-avec",
    ),
    pytest.param(
        "fr",
        "Le Commandant de la Gendarmerie nationale du Sénégal, le général Mamadou Ndiaye, a rendu visite jeudi à "
        "Paris à son homologue français, le général Alain Roussel, directeur général de la Gendarmerie nationale.",
        "SN", ["FR"], {"Ndiaye", "Roussel"}, True, "2024-05-09",
        id="fr-a-rendu-visite-a-son-homologue",
    ),
    pytest.param(
        "fr",
        "Le ministre malien de la Sécurité, Boubacar Traoré, a reçu en audience ce mardi une délégation de la "
        "Police nationale du Niger conduite par le commissaire Abdou Maïga.",
        "ML", ["NE"], {"Traoré", "Maïga"}, True, "2024-05-07",
        id="fr-a-recu-en-audience",
    ),
    pytest.param(
        "fr",
        "La délégation de la Police nationale ivoirienne, conduite par le directeur général Yao Kouassi, a eu deux "
        "séances de travail avec les responsables de la Police fédérale belge, à Bruxelles.",
        "CI", ["BE"], {"Kouassi"}, False, None,
        id="fr-a-eu-deux-seances-de-travail-avec",
    ),
    pytest.param(
        "fr",
        "Les chefs des polices du Cameroun et du Gabon, Martin Mbarga et Serge Ndong, se sont rencontrés à "
        "Libreville pour faire le point sur la sécurité dans le golfe de Guinée.",
        "CM", ["GA"], {"Mbarga", "Ndong"}, True, None,
        id="fr-x-et-y-se-sont-rencontres",
    ),
    pytest.param(
        "fr",
        "Le directeur général de la Sûreté nationale algérienne, Rachid Belkacem, a été reçu lundi à Rome par le "
        "chef de la Police d'État italienne, Luca Bellini.",
        "DZ", ["IT"], {"Belkacem", "Bellini"}, True, "2024-05-06",
        id="fr-passif-a-ete-recu-par",
    ),
    pytest.param(
        "fr",
        "Arrivé mardi à Madrid, le Commandant de la Gendarmerie royale du Maroc, Karim Bennani, s'est d'abord "
        "entretenu avec le directeur général de la Garde civile, Javier Morales. Il a ensuite été reçu, en "
        "tête-à-tête, par le ministre espagnol de l'Intérieur.",
        "MA", ["ES", "ES"], {"Bennani", "Morales"}, True, None,
        id="fr-d-abord-entretenu-puis-il-a-ete-recu",
    ),
    pytest.param(
        "fr",
        "Le ministre togolais de la Sécurité, Koffi Agbeko, a tenu mercredi à Lomé une séance de travail avec une "
        "mission de la Police fédérale allemande.",
        "TG", ["DE"], {"Agbeko"}, True, "2024-05-08",
        id="fr-a-tenu-une-seance-de-travail-avec",
    ),
]


@pytest.mark.parametrize("language, text, home, counterparts, persons, exact, day", TALKS)
def test_talks_with_a_counterpart_are_bilateral_meetings(language, text, home, counterparts, persons, exact, day):
    reading = reading_of(text, language)
    bilaterals = reading.bilaterals()
    if exact:
        assert len(bilaterals) == len(counterparts), [(m.name, m.countries) for m in bilaterals]
    else:
        assert bilaterals, "no bilateral meeting read"
    for m in bilaterals:
        assert m.status == "held", m.name
        assert {home} | set(counterparts) == m.countries, (m.name, m.countries)
    for counterpart in set(counterparts):
        found = reading.with_country(counterpart)
        if exact:
            assert len(found) == counterparts.count(counterpart)
        else:
            assert found


@pytest.mark.parametrize("language, text, home, counterparts, persons, exact, day", TALKS)
def test_named_persons_of_both_sides_take_part(language, text, home, counterparts, persons, exact, day):
    reading = reading_of(text, language)
    for surname in persons:
        assert reading.with_person(surname), f"{surname} is not a participant of a bilateral meeting"


@pytest.mark.parametrize(
    "language, text, home, counterparts, persons, exact, day",
    [case for case in TALKS if case.values[-1] is not None],
)
def test_talks_carry_their_day(language, text, home, counterparts, persons, exact, day):
    reading = reading_of(text, language)
    assert reading.bilaterals()
    for m in reading.bilaterals():
        assert m.start_date == day, m.name


NOT_TALKS = [
    pytest.param(
        "en",
        "The memorandum covers training and the exchange of intelligence, among others, the police spokesperson, "
        "Commissioner Peter Mwale, said.",
        id="en-exchange-among-others",
    ),
    pytest.param(
        "fr",
        "L'accord porte sur la formation et l'échange de renseignements, entre autres, a précisé le porte-parole "
        "de la police, le commissaire Paul Diouf.",
        id="fr-echange-entre-autres",
    ),
    pytest.param(
        "en",
        "Speaking to reporters after a passing-out parade in Accra, the Inspector-General of the Ghana Police "
        "Service, Kofi Asante, discussed the rise in cybercrime.",
        id="en-discussed-with-reporters",
    ),
    pytest.param(
        "en",
        "The Nigeria Police Force on Tuesday received forty patrol vehicles donated by the Government of Japan.",
        id="en-received-a-donation",
    ),
    pytest.param(
        "en",
        "Kenya's Interior Minister, Grace Wanjiru, met the press on Monday to present the annual crime report.",
        id="en-met-the-press",
    ),
    pytest.param(
        "fr",
        "Le chef de la police togolaise, Koffi Agbeko, a échangé avec la presse à l'issue de la cérémonie de remise "
        "de diplômes.",
        id="fr-a-echange-avec-la-presse",
    ),
    pytest.param(
        "fr",
        "Le ministre sénégalais de l'Intérieur, Ousmane Faye, a reçu lundi le rapport annuel de la Gendarmerie "
        "nationale sénégalaise sur la sécurité routière.",
        id="fr-a-recu-un-rapport",
    ),
    pytest.param(
        "fr",
        "Le directeur général de la Police nationale du Bénin, Armand Houngbo, a salué la qualité de la coopération "
        "avec la France dans la lutte contre la cybercriminalité.",
        id="fr-a-salue-la-cooperation-avec",
    ),
]


@pytest.mark.parametrize("language, text", NOT_TALKS)
def test_exchanges_without_a_counterpart_are_not_meetings(language, text):
    reading = reading_of(text, language)
    assert reading.bilaterals() == [], [(m.name, m.countries) for m in reading.bilaterals()]
