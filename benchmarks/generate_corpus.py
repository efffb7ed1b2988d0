"""A synthetic corpus of English and French news articles about police and security meetings.

Written for this project's benchmarks: every person, quote and story here is invented (names are
drawn from lists of common first names and surnames), while countries, cities and international
bodies are real so that the pipeline's gazetteers recognise them. Output is repeatable for a given
seed, and a corpus can be extended with `append` without touching the files already written.

    python benchmarks/generate_corpus.py FOLDER N [--seed S] [--start-index K]

The corpus is a folder of `<article_id>.txt` files and a `manifest.csv`
(article_id,url,title,outlet,published_date,language). About 60% of the articles are English and
40% French; a story (a multilateral meeting with its sideline talks, a bilateral visit, a signed
memorandum) is reported by one to five articles in either language, with spelling variants of
the people's names, so that resolution has merging to do.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_FIELDS = ("article_id", "url", "title", "outlet", "published_date", "language")
FIRST_YEAR, LAST_YEAR = 2018, 2025
PERSON_POOL = 600  # people of the fictional world; a few are in the news far more than the others

# ------------------------------------------------------------------------------ reference lists

# iso2, English name, English demonym, French name with article, French demonym (feminine),
# French "in" form, capital (English), capital (French)
COUNTRIES = [
    ("MA", "Morocco", "Moroccan", "le Maroc", "marocaine", "au Maroc", "Rabat", "Rabat"),
    ("DZ", "Algeria", "Algerian", "l'Algérie", "algérienne", "en Algérie", "Algiers", "Alger"),
    ("TN", "Tunisia", "Tunisian", "la Tunisie", "tunisienne", "en Tunisie", "Tunis", "Tunis"),
    ("EG", "Egypt", "Egyptian", "l'Égypte", "égyptienne", "en Égypte", "Cairo", "Le Caire"),
    ("SN", "Senegal", "Senegalese", "le Sénégal", "sénégalaise", "au Sénégal", "Dakar", "Dakar"),
    ("CI", "Côte d'Ivoire", "Ivorian", "la Côte d'Ivoire", "ivoirienne", "en Côte d'Ivoire", "Abidjan", "Abidjan"),
    ("GH", "Ghana", "Ghanaian", "le Ghana", "ghanéenne", "au Ghana", "Accra", "Accra"),
    ("TG", "Togo", "Togolese", "le Togo", "togolaise", "au Togo", "Lomé", "Lomé"),
    ("BJ", "Benin", "Beninese", "le Bénin", "béninoise", "au Bénin", "Cotonou", "Cotonou"),
    ("NG", "Nigeria", "Nigerian", "le Nigeria", "nigériane", "au Nigeria", "Abuja", "Abuja"),
    ("ML", "Mali", "Malian", "le Mali", "malienne", "au Mali", "Bamako", "Bamako"),
    ("BF", "Burkina Faso", "Burkinabe", "le Burkina Faso", "burkinabè", "au Burkina Faso", "Ouagadougou", "Ouagadougou"),
    ("NE", "Niger", "Nigerien", "le Niger", "nigérienne", "au Niger", "Niamey", "Niamey"),
    ("MR", "Mauritania", "Mauritanian", "la Mauritanie", "mauritanienne", "en Mauritanie", "Nouakchott", "Nouakchott"),
    ("CM", "Cameroon", "Cameroonian", "le Cameroun", "camerounaise", "au Cameroun", "Yaoundé", "Yaoundé"),
    ("GA", "Gabon", "Gabonese", "le Gabon", "gabonaise", "au Gabon", "Libreville", "Libreville"),
    ("KE", "Kenya", "Kenyan", "le Kenya", "kényane", "au Kenya", "Nairobi", "Nairobi"),
    ("RW", "Rwanda", "Rwandan", "le Rwanda", "rwandaise", "au Rwanda", "Kigali", "Kigali"),
    ("ZA", "South Africa", "South African", "l'Afrique du Sud", "sud-africaine", "en Afrique du Sud", "Pretoria", "Pretoria"),
    ("FR", "France", "French", "la France", "française", "en France", "Paris", "Paris"),
    ("BE", "Belgium", "Belgian", "la Belgique", "belge", "en Belgique", "Brussels", "Bruxelles"),
    ("ES", "Spain", "Spanish", "l'Espagne", "espagnole", "en Espagne", "Madrid", "Madrid"),
    ("IT", "Italy", "Italian", "l'Italie", "italienne", "en Italie", "Rome", "Rome"),
    ("DE", "Germany", "German", "l'Allemagne", "allemande", "en Allemagne", "Berlin", "Berlin"),
    ("PT", "Portugal", "Portuguese", "le Portugal", "portugaise", "au Portugal", "Lisbon", "Lisbonne"),
    ("NL", "Netherlands", "Dutch", "les Pays-Bas", "néerlandaise", "aux Pays-Bas", "The Hague", "La Haye"),
    ("PL", "Poland", "Polish", "la Pologne", "polonaise", "en Pologne", "Warsaw", "Varsovie"),
    ("SE", "Sweden", "Swedish", "la Suède", "suédoise", "en Suède", "Stockholm", "Stockholm"),
    ("NO", "Norway", "Norwegian", "la Norvège", "norvégienne", "en Norvège", "Oslo", "Oslo"),
    ("CH", "Switzerland", "Swiss", "la Suisse", "suisse", "en Suisse", "Bern", "Berne"),
    ("GB", "United Kingdom", "British", "le Royaume-Uni", "britannique", "au Royaume-Uni", "London", "Londres"),
    ("TR", "Turkey", "Turkish", "la Turquie", "turque", "en Turquie", "Ankara", "Ankara"),
    ("SA", "Saudi Arabia", "Saudi", "l'Arabie saoudite", "saoudienne", "en Arabie saoudite", "Riyadh", "Riyad"),
    ("AE", "United Arab Emirates", "Emirati", "les Émirats arabes unis", "émiratie", "aux Émirats arabes unis", "Abu Dhabi", "Abou Dhabi"),
    ("QA", "Qatar", "Qatari", "le Qatar", "qatarie", "au Qatar", "Doha", "Doha"),
    ("BH", "Bahrain", "Bahraini", "le Bahreïn", "bahreïnie", "à Bahreïn", "Manama", "Manama"),
    ("KW", "Kuwait", "Kuwaiti", "le Koweït", "koweïtienne", "au Koweït", "Kuwait City", "Koweït"),
    ("JO", "Jordan", "Jordanian", "la Jordanie", "jordanienne", "en Jordanie", "Amman", "Amman"),
    ("IN", "India", "Indian", "l'Inde", "indienne", "en Inde", "New Delhi", "New Delhi"),
    ("CN", "China", "Chinese", "la Chine", "chinoise", "en Chine", "Beijing", "Pékin"),
    ("BR", "Brazil", "Brazilian", "le Brésil", "brésilienne", "au Brésil", "Brasília", "Brasilia"),
    ("AR", "Argentina", "Argentine", "l'Argentine", "argentine", "en Argentine", "Buenos Aires", "Buenos Aires"),
    ("CA", "Canada", "Canadian", "le Canada", "canadienne", "au Canada", "Ottawa", "Ottawa"),
    ("US", "United States", "American", "les États-Unis", "américaine", "aux États-Unis", "Washington", "Washington"),
]
COUNTRY = {row[0]: row for row in COUNTRIES}
# Host cities of multilateral meetings beyond the capitals: (city EN, city FR, iso2).
EVENT_CITIES = [
    ("Lyon", "Lyon", "FR"), ("Marrakech", "Marrakech", "MA"), ("Tangier", "Tanger", "MA"), ("Vienna", "Vienne", "AT"),
    ("The Hague", "La Haye", "NL"), ("Abu Dhabi", "Abou Dhabi", "AE"), ("Algiers", "Alger", "DZ"),
    ("Dakar", "Dakar", "SN"), ("Kigali", "Kigali", "RW"), ("Istanbul", "Istanbul", "TR"), ("Santiago", "Santiago", "CL"),
    ("New Delhi", "New Delhi", "IN"), ("Vienna", "Vienne", "AT"), ("Glasgow", "Glasgow", "GB"), ("Doha", "Doha", "QA"),
    ("Tunis", "Tunis", "TN"), ("Abuja", "Abuja", "NG"), ("Riyadh", "Riyad", "SA"), ("Cairo", "Le Caire", "EG"),
]

# National agencies: (English template, French template, English title, French title).
AGENCY_KINDS = [
    ("{dem} National Police", "Police nationale {dem_fr}", "Director General", "directeur général"),
    ("General Directorate of National Security", "Direction générale de la sûreté nationale", "Director General",
     "directeur général"),
    ("{dem} National Gendarmerie", "Gendarmerie nationale {dem_fr}", "Commander", "commandant"),
    ("{dem} Police Service", "Service de police {dem_fr}", "Inspector General of Police", "inspecteur général de la police"),
    ("Ministry of Interior of {country}", "ministère de l'Intérieur {de_country}", "Secretary General",
     "secrétaire général"),
    ("General Directorate of Customs", "Direction générale des douanes", "Director General", "directeur général"),
    ("National Intelligence Agency of {country}", "Agence nationale de renseignement {de_country}", "Director",
     "directeur"),
]
# International bodies the pipeline's lexicon knows: (English, French, titles EN, titles FR).
INTERNATIONAL = [
    ("INTERPOL", "Interpol", ["Secretary General", "Executive Director of Police Services", "Director of Cybercrime"],
     ["secrétaire général", "directeur exécutif des services de police", "directeur de la cybercriminalité"]),
    ("Europol", "Europol", ["Executive Director", "Deputy Executive Director"], ["directrice exécutive", "directeur exécutif adjoint"]),
    ("AFRIPOL", "AFRIPOL", ["Director", "Head of the Liaison Office"], ["directeur", "chef du bureau de liaison"]),
    ("UNODC", "ONUDC", ["Regional Representative", "Executive Director"], ["représentant régional", "directeur exécutif"]),
    ("Gulf Cooperation Council", "Conseil de coopération du Golfe", ["Secretary General"], ["secrétaire général"]),
    ("Council of Arab Interior Ministers", "Conseil des ministres arabes de l'Intérieur", ["Secretary General"],
     ["secrétaire général"]),
]
# Multilateral series: (English name, French name, organiser index in INTERNATIONAL or None,
# ordinal of the 2018 edition, region countries).
SERIES = [
    ("INTERPOL General Assembly", "Assemblée générale d'Interpol", 0, 87, None),
    ("African Regional Conference of INTERPOL", "Conférence régionale africaine d'Interpol", 0, 24,
     ["SN", "CI", "GH", "TG", "BJ", "NG", "ML", "BF", "NE", "CM", "GA", "KE", "RW", "ZA", "MA", "DZ", "TN", "EG", "MR"]),
    ("Arab Police and Security Leaders Conference", "Conférence des chefs de police et de sécurité arabes", 5, 42,
     ["MA", "DZ", "TN", "EG", "MR", "SA", "AE", "QA", "BH", "KW", "JO"]),
    ("AFRIPOL General Assembly", "Assemblée générale d'AFRIPOL", 2, 2,
     ["SN", "CI", "GH", "TG", "BJ", "NG", "ML", "BF", "NE", "CM", "GA", "KE", "RW", "ZA", "MA", "DZ", "TN", "EG"]),
    ("European Police Chiefs Convention", "Convention des chefs de police européens", 1, 8,
     ["FR", "BE", "ES", "IT", "DE", "PT", "NL", "PL", "SE", "NO", "CH", "GB", "MA", "TR"]),
    ("INTERPOL meeting of heads of police of the MENA region", "réunion Interpol des chefs de police de la région MENA",
     0, 3, ["MA", "DZ", "TN", "EG", "MR", "SA", "AE", "QA", "BH", "KW", "JO"]),
    ("meeting of the heads of police of the GCC countries", "réunion des chefs de police des pays du Golfe", 4, 37,
     ["SA", "AE", "QA", "BH", "KW"]),
    ("UNODC regional conference on drug trafficking", "conférence régionale de l'ONUDC sur le trafic de drogue", 3, 11,
     ["SN", "CI", "GH", "TG", "BJ", "NG", "ML", "BF", "NE", "MR", "MA"]),
]
FIRST_NAMES = [
    "Abdelkader", "Mohamed", "Ahmed", "Youssef", "Karim", "Fatou", "Aminata", "Moussa", "Ibrahima", "Ousmane",
    "Jean-Pierre", "Pierre", "Marie", "Claire", "Thomas", "Lukas", "Anna", "Stefan", "Carlos", "Elena", "Marco",
    "Giulia", "Andrzej", "Olena", "Kwame", "Ama", "Chinedu", "Ngozi", "Tariq", "Khalid", "Salem", "Faisal",
    "Rashid", "Nadia", "Leila", "Samuel", "David", "Grace", "Joseph", "Emmanuel", "Daniel", "Sophie", "Isabelle",
    "François", "Henrik", "Lars", "Ingrid", "Jürgen", "Wei", "Hiroshi", "Rajesh", "Priya", "Alejandro", "Lucía",
    "Adama", "Boubacar", "Souleymane", "Hamid", "Rachid", "Noureddine", "Abdellah", "Mustapha", "Hassan", "Saïd",
    "Oumar", "Mamadou", "Philippe", "Nicolas", "Matteo", "Johanna",
]
SURNAMES = [
    "Benali", "El Idrissi", "Tazi", "Diallo", "Traoré", "Ndiaye", "Diop", "Keita", "Ouédraogo", "Mensah", "Owusu",
    "Okafor", "Adeyemi", "Kamara", "Koroma", "Nkurunziza", "Mwangi", "Otieno", "Banda", "Phiri", "Moyo", "Dubois",
    "Martin", "Lefebvre", "Moreau", "Girard", "Schmidt", "Müller", "Weber", "Kowalski", "Nowak", "García",
    "Fernández", "Rossi", "Bianchi", "Novak", "Horvat", "Petrov", "Ivanova", "Al Mansouri", "Al Hashimi",
    "Al Nuaimi", "Al Otaibi", "Haddad", "Khoury", "Mansour", "Saleh", "Rahman", "Chowdhury", "Singh", "Sharma",
    "Tanaka", "Chen", "Silva", "Santos", "Pereira", "Jensen", "Larsen", "Andersson", "Lindqvist", "Okonkwo",
    "Bello", "Abubakar", "Sow", "Fall", "Cissé", "Touré", "Coulibaly", "Kaboré", "Zongo", "Belhadj", "Bouazizi",
    "Mebarki", "Cherif", "Bennani", "Lahlou", "Ouattara", "Sissoko", "Hammadi", "Benmoussa", "Zerhouni", "Achour",
]
# Spelling variants news sites produce (transliteration, doubled letters, accents, hyphens).
VARIANT_RULES = [
    ("Mohamed", "Mohammed"), ("Mohamed", "Mohammad"), ("Youssef", "Yousef"), ("Abdellah", "Abdallah"),
    ("Mustapha", "Mustafa"), ("Saïd", "Said"), ("Oumar", "Omar"), ("Noureddine", "Nourdine"), ("Rachid", "Rashid"),
    ("ll", "l"), ("mm", "m"), ("ss", "s"), ("dd", "d"), ("ou", "u"), ("é", "e"), ("è", "e"), ("ï", "i"),
    ("ü", "ue"), ("El ", "El-"), ("Al ", "Al-"), ("ck", "k"), ("ph", "f"), ("Kh", "Kh"), ("ch", "sh"),
]
FACILITIES = [
    ("the Command and Coordination Centre of INTERPOL", "le Centre de commandement et de coordination d'Interpol"),
    ("the National Cybercrime Centre", "le Centre national de lutte contre la cybercriminalité"),
    ("the forensic science laboratory of the {agency}", "le laboratoire de police scientifique de la {agency_fr}"),
    ("the Police Academy in {city}", "l'École de police de {city_fr}"),
    ("the headquarters of the {agency}", "le siège de la {agency_fr}"),
    ("the Regional Counter-Terrorism Training Centre", "le Centre régional de formation à la lutte antiterroriste"),
    ("the International Police Exhibition", "le Salon international de la police"),
]
TOPICS_EN = [
    "terrorism", "cybercrime", "drug trafficking", "human trafficking", "irregular migration", "money laundering",
    "organised crime", "violent extremism", "online fraud", "wildlife trafficking", "counterfeit medicines",
    "the smuggling of migrants", "arms trafficking",
]
TOPICS_FR = [
    "le terrorisme", "la cybercriminalité", "le trafic de drogue", "la traite des êtres humains",
    "la migration irrégulière", "le blanchiment d'argent", "le crime organisé", "l'extrémisme violent",
    "la fraude en ligne", "le trafic d'espèces sauvages", "les médicaments contrefaits",
    "le trafic de migrants", "le trafic d'armes",
]
FILLER_EN = [
    "The talks focused on {t1} and {t2}, two areas in which both sides have already carried out joint operations.",
    "Participants reviewed the latest trends in {t1} and stressed the need for faster exchange of information between police services.",
    "According to a statement released after the meeting, the discussions took place in a cordial atmosphere.",
    "The officials underlined the importance of sharing expertise and best practices in the fight against {t1}.",
    "Several working sessions were devoted to {t1}, {t2} and {t3}.",
    "The delegations presented the results of recent operations against networks involved in {t1}.",
    "Experts warned that criminal groups are increasingly using encrypted platforms and cryptocurrencies.",
    "The meeting also examined ways of strengthening the capacities of specialised units through training programmes.",
    "Speakers noted that no country can face these transnational threats alone.",
    "A joint working group will follow up on the recommendations adopted during the discussions.",
    "Officials described the cooperation between the two services as exemplary and expressed the wish to extend it.",
    "The programme included presentations on forensic science, criminal databases and the protection of critical infrastructure.",
    "Observers say such meetings have become an important channel for police diplomacy in the region.",
    "The security situation in the Sahel and the risks posed by returning foreign fighters were also on the agenda.",
    "The participants agreed to intensify the exchange of liaison officers and to organise joint training courses.",
    "Discussions also covered the protection of children online and the fight against {t2}.",
    "The organisers said the number of delegations taking part reflected growing interest in regional cooperation.",
    "In his speech, the head of the delegation recalled the results achieved in dismantling networks linked to {t1}.",
    "Both sides welcomed the progress made since their previous meeting and agreed to meet again next year.",
    "The closing session adopted a set of recommendations on {t1} and {t2}.",
    "Delegates visited an exhibition of equipment used by specialised police units.",
    "Representatives of several international organisations attended the opening session as observers.",
]
FILLER_FR = [
    "Les entretiens ont porté sur {t1} et {t2}, deux domaines dans lesquels les deux parties ont déjà mené des opérations conjointes.",
    "Les participants ont passé en revue les dernières tendances en matière de {t1_bare} et souligné la nécessité d'un échange d'informations plus rapide.",
    "Selon un communiqué publié à l'issue de la rencontre, les discussions se sont déroulées dans une atmosphère cordiale.",
    "Les responsables ont souligné l'importance du partage d'expertise et des bonnes pratiques dans la lutte contre {t1}.",
    "Plusieurs séances de travail ont été consacrées à {t1}, {t2} et {t3}.",
    "Les délégations ont présenté les résultats d'opérations récentes contre des réseaux impliqués dans {t1}.",
    "Des experts ont averti que les groupes criminels utilisent de plus en plus des plateformes chiffrées et des cryptomonnaies.",
    "La réunion a également examiné les moyens de renforcer les capacités des unités spécialisées par des programmes de formation.",
    "Les intervenants ont relevé qu'aucun pays ne peut faire face seul à ces menaces transnationales.",
    "Un groupe de travail conjoint assurera le suivi des recommandations adoptées au cours des discussions.",
    "Les responsables ont qualifié la coopération entre les deux services d'exemplaire et exprimé le souhait de l'élargir.",
    "Le programme comprenait des exposés sur la police scientifique, les bases de données criminelles et la protection des infrastructures critiques.",
    "Selon des observateurs, ces rencontres sont devenues un canal important de la diplomatie policière dans la région.",
    "La situation sécuritaire au Sahel et les risques liés au retour des combattants étrangers figuraient également à l'ordre du jour.",
    "Les participants sont convenus d'intensifier l'échange d'officiers de liaison et d'organiser des formations conjointes.",
    "Les discussions ont aussi porté sur la protection des enfants en ligne et la lutte contre {t2}.",
    "Les organisateurs ont indiqué que le nombre de délégations présentes témoignait d'un intérêt croissant pour la coopération régionale.",
    "Dans son allocution, le chef de la délégation a rappelé les résultats obtenus dans le démantèlement de réseaux liés à {t1}.",
    "Les deux parties se sont félicitées des progrès réalisés depuis leur précédente rencontre.",
    "La séance de clôture a adopté une série de recommandations sur {t1} et {t2}.",
    "Les délégués ont visité une exposition d'équipements utilisés par les unités spécialisées de la police.",
    "Des représentants de plusieurs organisations internationales ont assisté à la séance d'ouverture en qualité d'observateurs.",
]
OUTLETS_EN = ["Security Wire", "Continental Post", "Maghreb Daily Report", "Gulf Security Review", "West Africa Monitor",
              "Police Diplomacy Digest", "The Regional Observer"]
OUTLETS_FR = ["Le Courrier sécuritaire", "L'Observateur régional", "Dépêche Maghreb", "Sahel Infos", "Le Quotidien du Sud",
              "La Gazette policière"]
HEADLINES_EN = ["Fuel prices rise again", "National team qualifies for the final", "Parliament adopts the finance bill",
                "Heavy rains expected this weekend", "New airport terminal opens", "Central bank keeps rates unchanged",
                "Festival draws record crowds", "Exports grow in the first quarter"]
HEADLINES_FR = ["Les prix du carburant repartent à la hausse", "L'équipe nationale qualifiée pour la finale",
                "Le Parlement adopte la loi de finances", "Fortes pluies attendues ce week-end",
                "Un nouveau terminal inauguré à l'aéroport", "La banque centrale maintient ses taux",
                "Le festival attire un public record", "Les exportations progressent au premier trimestre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WORD_ORDINALS_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
                    8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth"}
WORD_ORDINALS_FR = {1: "première", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième", 6: "sixième",
                    7: "septième", 8: "huitième", 9: "neuvième", 10: "dixième", 11: "onzième", 12: "douzième"}


# ------------------------------------------------------------------------------ the fictional world

@dataclass
class Person:
    first: str
    last: str
    variants: list[str]
    country: str | None  # None: official of an international body
    agency: int  # index in AGENCY_KINDS, or in INTERNATIONAL when country is None
    title_index: int = 0

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Story:
    kind: str  # multilateral | bilateral | mou
    start: dt.date
    end: dt.date
    protagonist: Person
    counterparts: list[Person] = field(default_factory=list)
    series: int | None = None
    ordinal: int | None = None
    city: tuple[str, str, str] | None = None
    delegations: list[str] = field(default_factory=list)
    enumeration: list[str] = field(default_factory=list)
    facility: int | None = None
    mou: bool = False
    topics: list[int] = field(default_factory=list)


def name_variants(first: str, last: str, rng: random.Random) -> list[str]:
    """Up to two other spellings of a name, by the rules news sites follow."""
    name = f"{first} {last}"
    found = []
    for old, new in VARIANT_RULES:
        if old in name and old != new:
            found.append(name.replace(old, new, 1))
    rng.shuffle(found)
    return list(dict.fromkeys(found))[:2]


def build_people(seed: int) -> list[Person]:
    rng = random.Random(f"{seed}-people")
    people, seen = [], set()
    isos = [row[0] for row in COUNTRIES]
    while len(people) < PERSON_POOL:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        if rng.random() < 0.08:
            body = rng.randrange(len(INTERNATIONAL))
            people.append(Person(first, last, name_variants(first, last, rng), None, body,
                                 rng.randrange(len(INTERNATIONAL[body][2]))))
        else:
            people.append(Person(first, last, name_variants(first, last, rng), rng.choice(isos),
                                 rng.randrange(len(AGENCY_KINDS))))
    return people


def pick_person(people: list[Person], rng: random.Random, exclude: set[int], country: str | None = "any",
                national: bool = False) -> Person:
    """A person of the pool, the first few far more often (Zipf-like), optionally of a given country."""
    for _ in range(2000):
        index = min(int(rng.paretovariate(0.9)) - 1, len(people) - 1)
        if rng.random() < 0.5:
            index = rng.randrange(len(people))
        person = people[index]
        if index in exclude or (national and person.country is None):
            continue
        if country != "any" and person.country != country:
            continue
        exclude.add(index)
        return person
    candidates = [p for i, p in enumerate(people) if i not in exclude and (country == "any" or p.country == country)]
    return candidates[0] if candidates else people[0]


def random_day(rng: random.Random, year: int) -> dt.date:
    # Not after mid-December, so the articles that report it are still published within LAST_YEAR.
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(345))


def build_story(index: int, seed: int, people: list[Person]) -> Story:
    rng = random.Random(f"{seed}-story-{index}")
    kind = rng.choices(["multilateral", "bilateral", "mou"], weights=[5, 4, 1])[0]
    used: set[int] = set()
    if kind == "multilateral":
        series = rng.randrange(len(SERIES))
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        # One edition per series and year: every story about it agrees on place, date and ordinal.
        edition = random.Random(f"{seed}-edition-{series}-{year}")
        region = SERIES[series][4] or [row[0] for row in COUNTRIES]
        city = edition.choice(EVENT_CITIES)
        start = random_day(edition, year)
        end = start + dt.timedelta(days=edition.choice([0, 1, 1, 2, 3]))
        protagonist = pick_person(people, rng, used, national=True)
        counterparts = [pick_person(people, rng, used) for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4]))]
        delegations = rng.sample(region, k=min(len(region), rng.randint(3, 6)))
        enumeration = rng.sample(region, k=min(len(region), rng.randint(3, 5))) if rng.random() < 0.5 else []
        enumeration = [c for c in enumeration if c != protagonist.country]
        return Story("multilateral", start, end, protagonist, counterparts, series, SERIES[series][3] + year - FIRST_YEAR,
                     city, delegations, enumeration, rng.randrange(len(FACILITIES)) if rng.random() < 0.4 else None,
                     rng.random() < 0.4, rng.sample(range(len(TOPICS_EN)), 3))
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    start = random_day(rng, year)
    end = start + dt.timedelta(days=rng.choice([0, 0, 1, 2]))
    host = pick_person(people, rng, used, national=True)
    guest = pick_person(people, rng, used)
    host_city = COUNTRY[host.country]
    return Story(kind, start, end, host, [guest], city=(host_city[6], host_city[7], host.country),
                 facility=rng.randrange(len(FACILITIES)) if rng.random() < 0.3 else None,
                 mou=kind == "mou" or rng.random() < 0.35, topics=rng.sample(range(len(TOPICS_EN)), 3))


def story_plan(seed: int, n_articles: int) -> list[int]:
    """The story each article reports: story s is told by 1-5 consecutive-in-plan articles.

    The plan for the first k articles does not depend on how many come after, so `append` extends it.
    """
    rng = random.Random(f"{seed}-plan")
    plan, story = [], 0
    while len(plan) < n_articles:
        plan += [story] * rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
        story += 1
    # Shuffle within windows so that the articles of a story are not always neighbours.
    window = 40
    for start in range(0, len(plan), window):
        chunk = plan[start:start + window]
        random.Random(f"{seed}-plan-{start}").shuffle(chunk)
        plan[start:start + window] = chunk
    return plan


# ------------------------------------------------------------------------------ writing

def ordinal_en(n: int, rng: random.Random) -> str:
    if n in WORD_ORDINALS_EN and rng.random() < 0.4:
        return WORD_ORDINALS_EN[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_fr(n: int, rng: random.Random) -> str:
    if n in WORD_ORDINALS_FR and rng.random() < 0.4:
        return WORD_ORDINALS_FR[n]
    if n == 1:
        return "1re"
    return f"{n}{rng.choice(['e', 'e', 'ème'])}"


def de(name_fr: str) -> str:
    """French "of": le Maroc -> du Maroc, la France -> de la France, l'Inde -> de l'Inde, les X -> des X."""
    if name_fr.startswith("le "):
        return "du " + name_fr[3:]
    if name_fr.startswith("les "):
        return "des " + name_fr[4:]
    return "de " + name_fr


def bare_fr(name_fr: str) -> str:
    return re.sub(r"^(?:le |la |les |l')", "", name_fr)


def date_en(start: dt.date, end: dt.date, published: dt.date | None, rng: random.Random) -> str:
    year = f" {start.year}" if rng.random() < 0.35 else ""
    month = MONTHS_EN[start.month - 1]
    if start == end:
        if published and 0 < (published - start).days < 6 and rng.random() < 0.5:
            return f"on {WEEKDAYS_EN[start.weekday()]}"
        return rng.choice([f"on {start.day} {month}{year}", f"on {month} {start.day}{year and ','}{year}"])
    if start.month != end.month:
        return f"from {start.day} {month} to {end.day} {MONTHS_EN[end.month - 1]}{year}"
    if (end - start).days == 1 and rng.random() < 0.5:
        return f"on {month} {start.day} and {end.day}{year and ','}{year}"
    return rng.choice([f"from {start.day} to {end.day} {month}{year}", f"from {month} {start.day} to {end.day}{year and ','}{year}"])


def date_fr(start: dt.date, end: dt.date, published: dt.date | None, rng: random.Random) -> str:
    year = f" {start.year}" if rng.random() < 0.35 else ""
    month = MONTHS_FR[start.month - 1]
    day = "1er" if start.day == 1 else str(start.day)
    if start == end:
        if published and 0 < (published - start).days < 6 and rng.random() < 0.5:
            return f"ce {WEEKDAYS_FR[start.weekday()]}" if rng.random() < 0.5 else f"{WEEKDAYS_FR[start.weekday()]} dernier"
        return f"le {day} {month}{year}"
    if start.month != end.month:
        return f"du {day} {month} au {end.day} {MONTHS_FR[end.month - 1]}{year}"
    if (end - start).days == 1:
        return f"les {day} et {end.day} {month}{year}"
    return f"du {day} au {end.day} {month}{year}"


def join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def join_fr(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


class Writer:
    """Writes one article about a story in one language."""

    def __init__(self, story: Story, language: str, published: dt.date | None, rng: random.Random):
        self.story, self.language, self.published, self.rng = story, language, published, rng
        self.introduced: set[str] = set()
        self.spelling: dict[str, str] = {}

    # ---- names
    def spelled(self, person: Person) -> str:
        """The spelling of a person this article uses (a variant in about one article in four)."""
        if person.name not in self.spelling:
            options = person.variants if person.variants and self.rng.random() < 0.25 else [person.name]
            self.spelling[person.name] = self.rng.choice(options)
        return self.spelling[person.name]

    def surname(self, person: Person) -> str:
        full = self.spelled(person)
        words = full.split()
        return " ".join(words[1:]) if len(words) > 1 else full

    def agency(self, person: Person) -> str:
        if person.country is None:
            return INTERNATIONAL[person.agency][0 if self.language == "en" else 1]
        en, fr, *_ = AGENCY_KINDS[person.agency]
        iso, name, dem, name_fr, dem_fr, *_ = COUNTRY[person.country]
        template = en if self.language == "en" else fr
        return template.format(dem=dem, dem_fr=dem_fr, country=name, de_country=de(name_fr))

    def title(self, person: Person) -> str:
        if person.country is None:
            return INTERNATIONAL[person.agency][2 if self.language == "en" else 3][person.title_index]
        return AGENCY_KINDS[person.agency][2 if self.language == "en" else 3]

    def with_article(self, agency: str) -> str:
        if self.language == "en":
            return agency if agency.isupper() or agency in ("Europol", "INTERPOL", "UNODC") else "the " + agency
        if agency in ("Interpol", "Europol", "AFRIPOL"):
            return agency
        if agency[0] in "AEIOUÉ" or agency == "ONUDC":
            return "l'" + agency
        if agency.startswith("ministère") or agency.startswith("Service"):
            return "le " + agency
        if agency.startswith("Conseil"):
            return "le " + agency
        return "la " + agency

    def of_agency(self, agency: str) -> str:
        if self.language == "en":
            return "of " + self.with_article(agency)
        phrase = self.with_article(agency)
        if phrase.startswith("le "):
            return "du " + phrase[3:]
        return "d'" + phrase if phrase[0] in "AEIOUÉ" else "de " + phrase


    def person_intro(self, person: Person) -> str:
        """Full introduction the first time, surname afterwards."""
        if person.name in self.introduced:
            if self.language == "en":
                return self.rng.choice([self.surname(person), f"Mr {self.surname(person)}", self.surname(person)])
            return self.rng.choice([self.surname(person), f"M. {self.surname(person)}"])
        self.introduced.add(person.name)
        name, title, agency = self.spelled(person), self.title(person), self.agency(person)
        if self.language == "en":
            return self.rng.choice([
                f"{name}, {title} {self.of_agency(agency)},",
                f"{title} {self.of_agency(agency)}, {name},",
                f"{title} {name}",
            ]).replace("of the INTERPOL", "of INTERPOL")
        return self.rng.choice([
            f"{name}, {title} {self.of_agency(agency)},",
            f"le {title} {self.of_agency(agency)}, {name},",
        ])

    def country(self, iso: str, form: str = "name") -> str:
        row = COUNTRY.get(iso)
        if row is None:
            return iso
        if self.language == "en":
            name = row[1]
            return ("the " + name) if name in ("United Kingdom", "United States", "Netherlands", "United Arab Emirates") else name
        return {"name": row[3], "de": de(row[3]), "bare": bare_fr(row[3])}[form]

    def when(self) -> str:
        s = self.story
        return (date_en if self.language == "en" else date_fr)(s.start, s.end, self.published, self.rng)

    def topics(self, template: str) -> str:
        topics = TOPICS_EN if self.language == "en" else TOPICS_FR
        t = [topics[i] for i in self.story.topics]
        return template.format(t1=t[0], t2=t[1], t3=t[2], t1_bare=bare_fr(t[0]) if self.language == "fr" else t[0])

    # ---- paragraphs
    def event_name(self) -> str:
        s = self.story
        en, fr, *_ = SERIES[s.series]
        if self.language == "en":
            return f"the {ordinal_en(s.ordinal, self.rng)} {en}" if self.rng.random() < 0.85 else f"the {en}"
        article = "la" if fr[0].islower() or fr.startswith(("Assemblée", "Conférence", "Convention")) else "le"
        return f"{article} {ordinal_fr(s.ordinal, self.rng)} {fr[0].lower() + fr[1:] if fr.startswith('réunion') else fr}"

    def multilateral(self) -> list[str]:
        s, en = self.story, self.language == "en"
        p = s.protagonist
        city = s.city[0] if en else s.city[1]
        lead_person = self.person_intro(p)
        event = self.event_name()
        delegations = [self.country(c) if en else self.country(c, "de") for c in s.delegations]
        if en:
            lead = self.rng.choice([
                f"{lead_person} led the {COUNTRY[p.country][2]} delegation to {event}, held in {city} {self.when()}.",
                f"{lead_person} took part in {event}, which took place in {city} {self.when()}.",
                f"{event[0].upper() + event[1:]} opened in {city} {self.when()} with the participation of {lead_person.rstrip(',')}.",
            ])
            others = f"The meeting brought together senior police and security officials from {join_en(delegations)}."
        else:
            lead = self.rng.choice([
                f"{lead_person} a conduit la délégation {COUNTRY[p.country][4]} à {event}, tenue à {city} {self.when()}.",
                f"{lead_person} a pris part à {event}, qui s'est tenue à {city} {self.when()}.",
            ])
            others = f"La réunion a rassemblé des hauts responsables de la police et de la sécurité {join_fr(delegations)}."
        paragraphs = [lead, others]
        bodies = [INTERNATIONAL[i][0 if en else 1] for i in self.rng.sample(range(len(INTERNATIONAL)), 2)]
        if self.rng.random() < 0.5:
            paragraphs.append(f"Representatives of {join_en([self.with_article(b) for b in bodies])} attended the opening session." if en else
                              f"Des représentants {join_fr([self.of_agency(b)[3:] if self.of_agency(b).startswith('de ') else self.of_agency(b)[2:] if self.of_agency(b).startswith('d') else b for b in bodies])} ont assisté à la séance d'ouverture.")
        for counterpart in s.counterparts:
            intro = self.person_intro(counterpart)
            if en:
                paragraphs.append(self.rng.choice([
                    f"On the sidelines of the meeting, {self.surname(p)} held talks with {intro.rstrip(',')}.",
                    f"On the margins of the conference, {self.surname(p)} met with {intro.rstrip(',')}, to discuss {self.topics('{t1}')}.",
                ]).replace(",,", ","))
            else:
                paragraphs.append(self.rng.choice([
                    f"En marge de la réunion, {self.surname(p)} s'est entretenu avec {intro.rstrip(',')}.",
                    f"En marge de la conférence, M. {self.surname(p)} a eu des entretiens avec {intro.rstrip(',')}, portant sur {self.topics('{t1}')}.",
                ]).replace(",,", ","))
        if s.enumeration:
            if en:
                paragraphs.append(f"He also met officials from {join_en([self.country(c) for c in s.enumeration])} "
                                  f"to discuss operational cooperation.")
            else:
                paragraphs.append(f"Il a également rencontré les directeurs de police {join_fr([self.country(c, 'de') for c in s.enumeration])}, "
                                  f"avec lesquels il a évoqué la coopération opérationnelle.")
        paragraphs += self.facility_and_mou()
        return paragraphs

    def bilateral(self) -> list[str]:
        s, en = self.story, self.language == "en"
        host, guest = s.protagonist, s.counterparts[0]
        city = s.city[0] if en else s.city[1]
        host_intro, guest_intro = self.person_intro(host), self.person_intro(guest)
        where = self.country(host.country)
        if en:
            lead = self.rng.choice([
                f"{host_intro} received {guest_intro.rstrip(',')} in {city} {self.when()}.",
                f"{host_intro} held talks with {guest_intro.rstrip(',')} {self.when()} in {city}.",
                f"{guest_intro} is on a working visit to {where} {self.when()}, where he held talks with {host_intro.rstrip(',')}.",
            ])
            follow = self.topics("The two officials discussed ways of strengthening cooperation in the fight against {t1} and {t2}.")
        else:
            lead = self.rng.choice([
                f"{host_intro} a reçu {guest_intro.rstrip(',')} à {city} {self.when()}.",
                f"{host_intro} s'est entretenu {self.when()} à {city} avec {guest_intro.rstrip(',')}.",
                f"{guest_intro} effectue une visite de travail {COUNTRY[host.country][5]} {self.when()}, au cours de laquelle il a été reçu par {host_intro.rstrip(',')}.",
            ])
            follow = self.topics("Les deux responsables ont examiné les moyens de renforcer la coopération dans la lutte contre {t1} et {t2}.")
        return [lead.replace(",,", ","), follow] + self.facility_and_mou()

    def statement_and_quote(self) -> list[str]:
        """Attribution of the report and a quote of the protagonist, as news agencies write them."""
        s, en = self.story, self.language == "en"
        p = s.protagonist
        agency = self.agency(p)
        t = [TOPICS_EN[i] if en else TOPICS_FR[i] for i in s.topics]
        out = []
        if self.rng.random() < 0.7:
            out.append(f"According to a statement from {self.with_article(agency)}, the discussions focused on {t[0]} and {t[1]}." if en else
                       f"Selon un communiqué {self.of_agency(agency).replace('de ', 'de ', 1)}, les discussions ont porté sur {t[0]} et {t[1]}.")
        if self.rng.random() < 0.6:
            out.append(f"\"Our services are determined to work hand in hand with our partners against {t[0]},\" {self.surname(p)} said." if en else
                       f"« Nos services sont déterminés à travailler main dans la main avec nos partenaires contre {t[0]} », a déclaré {self.surname(p)}.")
        return out

    def facility_and_mou(self) -> list[str]:
        s, en = self.story, self.language == "en"
        out = []
        visitor = s.protagonist if s.kind == "multilateral" else s.counterparts[0]
        if s.facility is not None:
            host = s.protagonist if s.kind != "multilateral" else (s.counterparts[0] if s.counterparts else s.protagonist)
            en_f, fr_f = FACILITIES[s.facility]
            agency = self.agency(host)
            facility = (en_f if en else fr_f).format(agency=agency, agency_fr=agency, city=s.city[0], city_fr=s.city[1])
            facility = facility.replace("la ministère", "du ministère").replace("the INTERPOL", "INTERPOL")
            out.append(f"{self.surname(visitor)} also conducted a field visit to {facility}." if en else
                       f"{self.surname(visitor)} a également effectué une visite de travail au {facility[3:] if facility.startswith('le ') else facility}.".replace("au l'", "à l'").replace("au la ", "à la "))
        if s.mou:
            other = s.counterparts[0] if s.counterparts else None
            if other is not None:
                a, b = self.agency(s.protagonist), self.agency(other)
                if en:
                    out.append(self.rng.choice([
                        f"A memorandum of understanding was signed between {self.with_article(a)} and {self.with_article(b)} on this occasion.",
                        f"{self.surname(s.protagonist)} and {self.surname(other)} signed a memorandum of understanding between "
                        f"{self.with_article(a)} and {self.with_article(b)} on cooperation against {TOPICS_EN[s.topics[0]]}.",
                        f"The two sides signed a memorandum of understanding on cooperation in the fight against {TOPICS_EN[s.topics[0]]}.",
                    ]))
                else:
                    out.append(self.rng.choice([
                        f"Un mémorandum d'entente a été signé à cette occasion entre {self.with_article(a)} et {self.with_article(b)}.",
                        f"{self.surname(s.protagonist)} et {self.surname(other)} ont signé un accord de coopération entre "
                        f"{self.with_article(a)} et {self.with_article(b)} dans la lutte contre {TOPICS_FR[s.topics[0]]}.",
                        f"Les deux parties ont signé un accord de coopération dans le domaine de la lutte contre {TOPICS_FR[s.topics[0]]}.",
                    ]))
        return out

    def noise_top(self) -> list[str]:
        if self.language == "en":
            return [self.rng.choice(["Home | Politics | Security | World | Economy | Sports",
                                     "Menu Search Subscribe Log in", "Breaking News", "Latest | Africa | Middle East | Europe"])]
        return [self.rng.choice(["Accueil | Politique | Sécurité | Monde | Économie | Sport",
                                 "Menu Rechercher S'abonner Connexion", "À la une", "Actualités | Afrique | Maghreb | International"])]

    def noise_bottom(self) -> list[str]:
        en = self.language == "en"
        heads = HEADLINES_EN if en else HEADLINES_FR
        out = []
        if self.rng.random() < 0.6:
            out.append(("Read also: " if en else "Lire aussi : ") + self.rng.choice(heads))
        if self.rng.random() < 0.3:
            # A related-story teaser with names in it: the pipeline must read nothing from it.
            iso = self.rng.choice(COUNTRIES)
            out.append(f"Read also: {iso[2]} police chief meets INTERPOL Secretary General in Lyon" if en else
                       f"Lire aussi : Le chef de la police {iso[4]} reçu par le secrétaire général d'Interpol")
        if self.rng.random() < 0.5:
            out.append("Most read" if en else "Les plus lus")
            out += [f"• {h}" for h in self.rng.sample(heads, 3)]
        if self.rng.random() < 0.5:
            out.append("Share this article: Facebook Twitter WhatsApp" if en else "Partager cet article : Facebook Twitter WhatsApp")
        return out

    def headline(self) -> str:
        s, en = self.story, self.language == "en"
        name = self.surname(s.protagonist)
        if s.kind == "multilateral":
            return (f"{name} takes part in {SERIES[s.series][0]} in {s.city[0]}" if en else
                    f"{name} prend part à la {SERIES[s.series][1]} à {s.city[1]}")
        return (f"{name} holds talks with {self.surname(s.counterparts[0])}" if en else
                f"{name} s'entretient avec {self.surname(s.counterparts[0])}")

    def write(self, target_words: int) -> tuple[str, str]:
        story_lines = self.multilateral() if self.story.kind == "multilateral" else self.bilateral()
        story_lines += self.statement_and_quote()
        fillers = list(FILLER_EN if self.language == "en" else FILLER_FR)
        self.rng.shuffle(fillers)
        words = sum(len(line.split()) for line in story_lines)
        # Story first, then background paragraphs of 1-3 sentences inserted after the lead.
        body = story_lines[:2]
        rest = story_lines[2:]
        extra = []
        while words < target_words and fillers:
            count = self.rng.randint(1, 3)
            paragraph = " ".join(self.topics(f) for f in fillers[:count])
            fillers = fillers[count:]
            extra.append(paragraph)
            words += len(paragraph.split())
        for line in rest:
            extra.insert(self.rng.randint(0, len(extra)), line)
        lines = []
        if self.rng.random() < 0.5:
            lines += self.noise_top()
        title = self.headline()
        if self.rng.random() < 0.4:
            lines.append(title)
        if self.rng.random() < 0.3:
            dateline = self.story.city[0] if self.language == "en" else self.story.city[1]
            body[0] = f"{dateline} – {body[0]}"
        lines += body + extra
        lines += self.noise_bottom()
        return "\n".join(lines) + "\n", title


# ------------------------------------------------------------------------------ corpus

def article_row(index: int, seed: int, plan: list[int], people: list[Person], stories: dict[int, Story]):
    rng = random.Random(f"{seed}-article-{index}")
    story_index = plan[index]
    if story_index not in stories:
        stories[story_index] = build_story(story_index, seed, people)
    story = stories[story_index]
    language = "en" if rng.random() < 0.6 else "fr"
    published = story.end + dt.timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 9]))
    text, title = Writer(story, language, published, rng).write(rng.randint(230, 410))
    article_id = f"syn_{index:06d}"
    outlet = rng.choice(OUTLETS_EN if language == "en" else OUTLETS_FR)
    roll = rng.random()
    date_text = "" if roll < 0.1 else (published.strftime("%Y-%m") if roll < 0.2 else published.isoformat())
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    row = {"article_id": article_id, "url": f"https://news.example.org/{published.year}/{slug}-{index}",
           "title": title if rng.random() < 0.7 else "", "outlet": outlet, "published_date": date_text,
           "language": language if rng.random() < 0.8 else ""}
    return article_id, text, row


def write_articles(folder: Path, start: int, count: int, seed: int) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    plan = story_plan(seed, start + count)
    people = build_people(seed)
    stories: dict[int, Story] = {}
    rows = []
    for index in range(start, start + count):
        article_id, text, row = article_row(index, seed, plan, people, stories)
        path = folder / f"{article_id}.txt"
        if path.exists():
            raise FileExistsError(f"{path} exists; use another start index")
        path.write_text(text, encoding="utf-8")
        rows.append(row)
    return rows


def generate(folder: Path, n_articles: int, seed: int = 7, start_index: int = 0) -> None:
    """Write articles start_index .. start_index + n_articles - 1 and a fresh manifest.csv of them."""
    folder = Path(folder)
    rows = write_articles(folder, start_index, n_articles, seed)
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def append(folder: Path, n_new: int, seed: int = 7) -> list[str]:
    """Add n_new articles after those already in the folder (same world, same story plan), appending
    their rows to manifest.csv; existing files are not touched. Returns the new article ids."""
    folder = Path(folder)
    manifest = folder / "manifest.csv"
    existing = list(folder.glob("syn_*.txt"))
    start = 1 + max((int(p.stem[4:]) for p in existing), default=-1)
    rows = write_articles(folder, start, n_new, seed)
    new_file = not manifest.exists()
    with open(manifest, "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS)
        if new_file:
            writer.writeheader()
        writer.writerows(rows)
    return [row["article_id"] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start-index", type=int, default=0)
    args = parser.parse_args()
    generate(args.folder, args.n, seed=args.seed, start_index=args.start_index)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    print(f"wrote {args.n} articles to {args.folder} ({words} words in folder, {words / max(1, len(texts)):.0f} per article)")


if __name__ == "__main__":
    main()
