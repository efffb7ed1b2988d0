"""Patterns of the entity layer, English and French: the words that make an organisation a police,
security or interior body, titles and honorifics of officials, and where names sit beside their roles.

General rules of how news text names bodies and people, not answers for any corpus. (The words that
report meetings, visits and signings are in `etl/extract/lexicon/*.csv`.)
"""
from __future__ import annotations

import re

# Words that make an organisation name a police, security, intelligence or interior body.
AGENCY_KEYWORDS = re.compile(
    r"\b(?:police|policing|gendarmerie|security|sécurité|securite|sûreté|surete|intelligence|renseignements?|"
    r"interior|intérieur|interieur|surveillance|customs|douanes?|guard|garde|investigation|law enforcement|"
    r"counter[- ]terrorism|antiterroris\w*|criminal|criminelle|crime|drugs?|border|frontières?|homeland|"
    r"directorate|direction générale|home affairs|home ministry|ministry of home|public safety|justice)\b",
    re.I,
)
NOT_AGENCY = re.compile(
    r"\b(?:conference|congress|congrès|assembly|assemblée|meeting|réunion|summit|sommet|forum|session|"
    r"day|week|year|award|prize|film|video|platform|plateforme|strategy|stratégie|network|réseau|peace|paix|affairs|"
    r"chiefs|officers|officials|leaders|heads|responsables|chefs|agents|forces de l'ordre)\b|\d",
    re.I,
)
# National agency names spaCy may miss: "General Directorate of National Security", "Direction générale de la ...".
AGENCY_PATTERN = re.compile(
    r"\b(?:(?:[A-Z][\w'’-]+|of|for|the)\s+){0,4}?(?:General\s+)?(?:Directorate|Direction)(?:[- ]General|\s+[Gg]énérale)?"
    r"(?:\s+(?:of|for|de|du|des|de la|de l['’])\s*(?:the\s+)?(?:[\w'’-]+)(?:\s+(?:[A-ZÉ][\w'’-]+|and|et|of|de|du|de la|des|nationale?|territoire|intérieure|extérieure|sécurité|sûreté|police|surveillance)){0,6})"
    r"|\b(?:[A-Z][\w'’-]+\s+){0,3}(?:National|Federal|State|Royal)\s+Police(?:\s+(?:Service|Force|Commission|Department))?\b"
    r"|\b(?:[A-Z][\w'’-]+\s+){0,2}Police\s+(?:Service|Force|Department)\b"
    r"|\b(?:police|gendarmerie|sûreté|garde)\s+(?:nationale|royale|fédérale)(?:\s+(?:[a-zé]+aise?s?|[a-zé]+aines?|[a-zé]+iennes?))?\b"
    r"|\bMinistry of (?:the )?(?:Interior|Home Affairs|Internal Affairs|Public Security|Internal Security)\b"
    r"|\b[Mm]inist[èe]re\s+(?:[a-zéèï]+(?:ais|aise|ain|aine|ien|ienne|ois|oise|an|ane|ite|in|ine)s?\s+)?"
    r"(?:de l['’]Intérieur|de la Sécurité(?:\s+[Pp]ublique|\s+[Ii]ntérieure)?|de l['’]Administration territoriale)\b",
)
# Words that are never part of a person's bare name.
TITLE_WORDS = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "m.", "mm.", "mme", "mme.", "mlle", "dr", "dr.", "prof", "prof.", "sir",
    "h.h.", "hh", "h.e.", "he", "sheikh", "cheikh", "shaikh", "lt.", "lt", "lieutenant", "general", "général",
    "gen.", "major-general", "major", "brigadier", "colonel", "col.", "commander", "commissioner", "cp", "igp",
    "ig", "inspector", "ambassador", "ambassadeur", "president", "président", "director", "directeur", "directrice",
    "minister", "ministre", "secretary", "secrétaire", "deputy", "chief", "head", "chef", "patron", "king", "roi",
    "prince", "his", "her", "highness", "excellency", "the", "le", "la", "les", "monsieur", "madame", "general-",
    "director-general", "secretary-general", "under-secretary", "superintendent", "captain", "capitaine",
    "sous", "under", "assistant", "adjoint", "adjointe", "vice", "commandant", "commandante", "préfet", "prefect",
    "madame", "monsieur", "mgr", "lieutenant-colonel", "colonel-major", "divisionnaire", "principal",
}
NAME_STOPWORDS = {
    "interpol", "europol", "afripol", "police", "national", "security", "sécurité", "sûreté", "general", "directorate",
    "direction", "ministry", "council", "union", "organization", "organisation", "office", "agency", "university",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "kingdom", "royaume", "state", "states",
    "republic", "république", "cup", "games", "jeux", "world", "olympic", "olympics", "earthquake", "news",
    "press", "agence", "statement", "communiqué", "centre", "center", "airport", "hotel", "palace", "force",
    "forces", "army", "armée", "guard", "garde", "service", "services", "committee", "comité", "commission", "council",
    "conseil", "standby", "region", "regional", "régional", "group", "groupe", "bureau", "unit", "unité", "brigade",
}
TITLE_BEFORE = re.compile(
    r"(?P<title>(?:(?:H\.H\.|H\.E\.|Mr\.?|Mrs\.?|Ms\.?|M\.|Mme|Dr\.?|Lt\.|Sheikh|Ambassador|Ambassadeur|IGP|CP|IG|"
    r"Commissioner|General|Major-General|Lieutenant General|Director General|Director-General|Directeur général|"
    r"Secretary General|Secretary-General|Secrétaire général|President|Président|Minister|Ministre|Inspector General)"
    r"\s*)+)$"
)
ROLE_APPOSITION = re.compile(
    r"^\s*,?\s*(?:the\s+|le\s+|la\s+|l['’])?(?:newly appointed\s+|nouveau\s+|nouvelle\s+)?"
    r"(?P<role>(?:Deputy\s+|Acting\s+)?(?:Director[- ]General|Director|Secretary[- ]General|President|Head|Chief|"
    r"Commissioner|Minister|Inspector[- ]General|Under-Secretary|spokesperson|Executive Director|Commander|"
    r"directeur général|directeur|directrice|secrétaire général|président|chef|patron|ministre|commissaire))",
    re.I,
)

# French words of agency names, in English, so that names in both languages share one key.
AGENCY_WORD_TRANSLATIONS = {
    "sûreté": "security", "surete": "security", "sécurité": "security", "securite": "security",
    "nationale": "national", "national": "national", "police": "police", "gendarmerie": "gendarmerie",
    "surveillance": "surveillance", "territoire": "territorial", "territoriale": "territorial",
    "intérieure": "internal", "interieure": "internal", "intérieur": "interior", "interieur": "interior",
    "extérieure": "external", "exterieure": "external", "renseignement": "intelligence",
    "renseignements": "intelligence", "douane": "customs", "douanes": "customs", "fédérale": "federal",
    "royale": "royal", "garde": "guard", "ministère": "ministry", "judiciaire": "judicial",
    "civile": "civil", "protection": "protection", "frontières": "border", "frontière": "border",
}
AGENCY_KEY_STOPWORDS = {
    "the", "of", "for", "and", "de", "la", "le", "les", "du", "des", "l", "et", "d", "general", "générale",
    "generale", "directorate", "direction", "directorate-general", "department", "service", "services",
    "office",
}

ROLES = (
    r"(?i:(?:Deputy\s+|Acting\s+|Executive\s+)?(?:Director[- ]General|Director|Secretary[- ]General|President|Head|Chief|"
    r"Commissioner|Minister|Inspector[- ]General|Under-Secretary|spokesperson|Commander|Chairman|"
    r"directeur général|directrice générale|directeur|directrice|secrétaire général|président|présidente|chef|"
    r"patron|ministre|commissaire|prefect|préfet|préfète|governor|gouverneur|consul|ambassador|ambassadeur|"
    r"ambassadrice|adviser|advisor|conseiller|conseillère|coordinator|coordinateur|coordinatrice|chief of staff|"
    r"chef d['’]état-major|porte-parole|commandant|inspecteur général|inspectrice générale|superintendent|"
    r"counterpart|homologue)s?)"
)
# "the President of Europol, Anna Berg": a role and its body right before a name.
ROLE_BEFORE = re.compile(
    r"(?:the\s+|le\s+|la\s+|l['’])?(?:newly appointed\s+|nouveau\s+|nouvelle\s+)?" + ROLES +
    r"(?:\s+[a-zà-ÿ]+){0,2}(?:\s+(?:of|for|at|de|du|des|de la|de l['’]|d['’])\s*[^,;.]{1,90})?,?\s*(?:M\.|Mr\.?|Mme|Dr\.?)?\s*$",
    re.I,
)
# "in Tunis", "à Rabat": a capitalised place after a locative preposition, which spaCy's small models
# sometimes tag as a person or a language.
PLACE_AFTER_PREPOSITION = re.compile(r"\b(?:in|at|à|au|near|près de)\s+(?P<place>[A-ZÀ-Þ][\w'’-]+(?:[ -][A-ZÀ-Þ][\w'’-]+){0,2})")
# "Samuel Okafor, the newly appointed Director of ...": a capitalised name followed by its role.
NAME_WITH_ROLE = re.compile(
    r"\b(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.-]+|bin|ben|Al|al|el|de)){1,4})"
    r"(?=\s*,\s*(?:the\s+|le\s+|la\s+|l['’]|son\s+|his\s+|her\s+)?(?:newly appointed\s+|nouveau\s+|nouvelle\s+)?" + ROLES + r"\b)"
)
# "the Director General of the Ghana Police Service, Kofi Mensah": a name right after its role.
ROLE_THEN_NAME = re.compile(
    ROLES + r"(?:\s+(?:of|for|at|de|du|des|de la|de l['’]|d['’])\s*[^,;.]{1,90})?,\s*(?:M\.|Mr\.?|Mme|Dr\.?)?\s*"
    r"(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.-]+|bin|ben|Al|al|el|de)){1,4})(?=\s*(?:,|\.|;|\(|$|\s(?:who|qui|and|et)\b))"
)
NAME_WORDS = r"(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.-]+|bin|ben|Al|al|el|de|da)){1,3})"
# "General Budi Santoso", "commissaire Abdou Maïga", "Mr. A B": a name right after a title or honorific.
TITLE_THEN_NAME = re.compile(
    r"\b(?:Mr\.?|Mrs\.?|Ms\.?|M\.|Mme|Dr\.?|Madame|Monsieur|(?i:general|général|colonel|commissioner|commissaire|"
    r"inspector[- ]general|inspecteur général|minister|ministre|ambassador|ambassadeur|ambassadrice|director|directeur|"
    r"directrice|president|président|présidente|chief|chef|commander|commandant|secretary|secrétaire|captain|"
    r"capitaine|lieutenant|major|brigadier|superintendent|prefect|préfet|governor|gouverneur))\s+" + NAME_WORDS
    + r"(?=\s*(?:,|\.|;|\(|\)|$|\s(?:who|qui|and|et|of|de|from|du|in|à|at|on|le|the|was|a|has|said|led)\b))"
)
# "led by X", "conduite par X": the person at the head of a delegation.
LED_BY_NAME = re.compile(r"\b(?:led|headed|chaired|accompanied|conduite?s?|dirigée?s?|présidée?s?|accompagnée?s?)"
                         r"\s+(?:by|par)\s+(?:the\s+|le\s+|la\s+)?" + NAME_WORDS)
# "directrice générale de la police des frontières et de la garde côtière": the body a role heads.
AGENCY_WORD = (
    r"(?:[A-ZÀ-Þ][\w'’-]*|sécurité|sûreté|nationale?|surveillance|territoire|police|intérieure?|extérieure|"
    r"renseignements?|douanes?|gendarmerie|judiciaire|générale?|criminelle|publique)"
)
AGENCY_CONNECTOR = r"(?:and|et|of|de|du|des|de la|de l['’]|d['’]|for|la|l['’])"
ROLE_OF_AGENCY = re.compile(
    r"\b" + ROLES + r"\s+(?:of|for|at|de|du|des|de la|de l['’]|d['’])\s*(?:the\s+)?"
    r"(?P<agency>" + AGENCY_WORD + r"(?:\s+(?:" + AGENCY_CONNECTOR + r"\s*){0,2}" + AGENCY_WORD + r"){0,8})",
)
# Words that may stand between a person and the agency they serve ("X, the Director of Y").
ROLE_GAP_WORDS = {
    "the", "of", "for", "at", "de", "du", "des", "la", "le", "l", "d", "newly", "appointed", "nouveau", "nouvelle",
    "new", "his", "her", "son", "sa", "general", "général", "générale", "deputy", "acting", "executive",
    "director", "directeur", "directrice", "secretary", "secrétaire", "president", "président", "head", "chief",
    "chef", "commissioner", "commissaire", "minister", "ministre", "inspector", "patron", "spokesperson",
    "department", "département", "division", "unit", "mr", "m", "mme", "dr", "igp", "ig", "cp",
    "director-general", "secretary-general", "inspector-general", "commander", "chairman", "representing",
    "représentant", "counterpart", "homologue", "en", "in", "visiting", "their", "police", "security", "national",
    "force", "forces", "service", "services", "interior", "intérieur", "sécurité", "nationale", "s", "top", "senior",
    "adjoint", "adjointe", "au", "aux", "assistant", "conseiller", "advisor", "adviser", "attaché", "chargé",
    "porte-parole", "chairman", "chairperson", "vice", "vice-president", "deputy-director",
    # "ad interim", "a.i.", "par intérim", "p.i.": an acting holder's title
    "a", "i", "p", "ad", "interim", "intérim", "par", "ai",
}
