"""Hand-written trigger words and agency patterns, English and French.

These are general rules of how news text reports meetings, not answers for any corpus: verbs of
meeting and signing, event nouns, ordinals, titles of officials and the words that make an
organisation a police, security or interior body.
"""
from __future__ import annotations

import re

WORD_ORDINALS = {
    # English
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    # French
    "premier": 1, "première": 1, "deuxième": 2, "seconde": 2, "troisième": 3, "quatrième": 4,
    "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11,
    "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15, "seizième": 16, "dix-septième": 17,
    "dix-huitième": 18, "dix-neuvième": 19, "vingtième": 20,
}
ORDINAL = (
    r"(?P<ordinal>\d{1,3}(?:st|nd|rd|th|e|è|ème|eme|er|ère|re)"
    r"|" + "|".join(sorted(map(re.escape, WORD_ORDINALS), key=len, reverse=True)) + r")"
)
EVENT_NOUNS = (
    r"(?P<noun>annual general meeting|general assembly|assemblée générale|meetings?|conferences?|congress|summit|"
    r"assembly|session|forum|symposium|seminar|conclave|réunions?|conférences?|congrès|sommet|assemblée|"
    r"colloque|séminaire)"
)
# An ordinal, up to eight words, then an event noun: "8th INTERPOL meeting", "46è Congrès".
ORDINAL_EVENT = re.compile(r"\b" + ORDINAL + r"\s+(?P<middle>(?:[\w'’()-]+\s+){0,8}?)" + EVENT_NOUNS + r"\b", re.I)
# A named event without ordinal: "The General Assembly of Interpol", "Arab Police ... Leaders Conference".
NAMED_EVENT = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s+(?:(?:[A-Z][\w'’-]*|of|and|for|the|de|des|du)\s+){0,7}?)?"
    r"(?P<noun>General Assembly|Assemblée générale|Annual General Meeting|Conference|Summit|Congress|Congrès|Sommet|Forum)\b"
)
# A later mention of an article's event by a common noun: "the meeting", "cette réunion".
GENERIC_EVENT = re.compile(
    r"\b(?:the|this|that|la|cette|ce|le|l['’])\s+(?:[\w-]+\s+){0,3}?"
    r"(?:meeting|event|conference|conclave|assembly|congress|summit|forum|session|gathering|"
    r"réunion|événement|évènement|conférence|congrès|sommet|assemblée|rencontre)\b",
    re.I,
)
FUTURE = re.compile(
    r"\b(?:to be held|will be held|will host|to host|will take place|is scheduled|are scheduled|upcoming|next year|"
    r"se tiendra|se tiendront|aura lieu|accueillera|accueillir|prochaine?|fixer la date|devrait|devraient|"
    r"will meet|will visit|se rendra|candidature to host|candidacy to host|prepare|preparing|préparer|préparatifs|"
    r"reciprocal visit|visite similaire|in the near future|dans un avenir proche|prochainement)\b",
    re.I,
)
DURATION = re.compile(r"\b(?P<n>two|three|four|five|deux|trois|quatre|cinq|2|3|4|5)[- ](?:day|jours?)\b", re.I)
DURATION_WORDS = {"two": 2, "deux": 2, "2": 2, "three": 3, "trois": 3, "3": 3, "four": 4, "quatre": 4, "4": 4,
                  "five": 5, "cinq": 5, "5": 5}
# Verbs and phrases that report talks between two sides; the counterpart follows the match.
BILATERAL_TRIGGERS = re.compile(
    r"\b(?:"
    r"(?:held|holds|holding|hold|had|has had|conducted|chaired)\s+(?:an?\s+|his\s+|several\s+|a series of\s+)?"
    r"(?:(?:bilateral|working|intensive|separate|private|official)\s+)*"
    r"(?:talks|meetings?(?:\s+and\s+talks)?|discussions|consultations|sessions|working sessions)"
    r"[^.;]{0,40}?\bwith"
    r"|met(?:\s+with)?|meets(?:\s+with)?|meeting with|talks with|discussions with|discussed with|conferred with"
    r"|received|receives|welcomed|held talks"
    r"|engaged(?:,)?(?:[^.;]{0,60}?)\b(?:in\s+)?(?:discussions|talks)\b[^.;]{0,60}?\bwith"
    r"|(?:talks|meetings|discussions)\s+(?:involved|included)"
    r"|s['’]est\s+entretenue?\s+avec|s['’]entretient\s+avec|s['’]est\s+réunie?\s+avec"
    r"|a\s+(?:\w+\s+)?reçu|reçoit|a\s+(?:\w+\s+)?rencontré|rencontre(?=\s+(?:avec|son|sa|ses|le|la|les|M\.|Mme|[A-ZÉ]))"
    r"|a\s+(?:\w+\s+)?accueilli"
    r"|(?:a|ont)\s+(?:tenu|eu)\b[^.;]{0,60}?\b(?:réunions?|rencontres?|entretiens?|séances?)\b[^.;]{0,40}?\bavec"
    r"|(?:réunions?|rencontres?|entretiens?|séances de travail|discussions)\s+(?:bilatérales?\s+)?avec"
    r")\b",
    re.I,
)
VISIT_TRIGGERS = re.compile(
    r"\b(?:(?:field|working|official|inspection)\s+)?visit(?:ed)?\s+(?:to\s+)?|\btoured\s+|\bvisiting\s+"
    r"|\bvisite\s+(?:sur le terrain\s+|de travail\s+)?(?:au|à la|à l['’]|aux|du|de la)\s+|\ba visité\s+",
    re.I,
)
FACILITY = re.compile(
    r"\b(?:cent(?:er|re)|headquarters|siège|exhibition|exposition|academy|académie|school|école|museum|musée|"
    r"facility|facilities|base|port|airport|aéroport|laborator(?:y|ies)|laboratoire|command|commandement|"
    r"unit|unité|station|complex|complexe|institute|institut|college|collège|stand|pavilion|pavillon)\b",
    re.I,
)
# Where the counterparts of a trigger end: a purpose clause, a relative clause, another clause.
COUNTERPART_END = re.compile(
    r"(?:\bto (?:discuss|examine|explore|enhance|strengthen|review|address|improve|support|boost)\b|\bin order to\b"
    r"|\bpour\b|\bafin\b|\babout\b|\bà propos\b|\bregarding\b|\bconcerning\b|, where\b|\bwhere\b|\bduring which\b"
    r"|;|\bbefore\b|\bavant de\b|\bin the context\b|\bwho is\b|\bqui est\b|\bon ways\b|\bsur les\b)",
    re.I,
)

AGREEMENT_NOUN = re.compile(
    r"\b(?P<kind>memorand(?:um|ums|a) of understanding|mous?|protocole?s? d['’](?:accord|entente)|mémorandums? d['’](?:entente|accord)"
    r"|accords? de coopération|conventions? de coopération"
    r"|joint declarations?|déclarations? conjointes?|déclarations? communes?|protocols?|protocoles?"
    r"|(?:cooperation |information[- ]sharing |security |partnership |bilateral )?(?:agreements?|accords?|pacts?|conventions?)"
    r"|accords? de coopération)\b",
    re.I,
)
SIGNED = re.compile(r"\b(?:signed|signing|sign|signs|signé(?:e|s|es)?|signature|signer|ont signé|a signé|inked)\b", re.I)
NOT_SIGNED = re.compile(
    r"\b(?:will sign|to sign|plan to sign|to be signed|will be signed|would be signed|under negotiation|draft|"
    r"projet de|envisag\w+|va signer|vont signer|sera signée?s?|seront signée?s?|devrai(?:en)?t être signée?s?)\b",
    re.I,
)
CLAIMED_COUNT = re.compile(
    r"\b(?P<count>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+"
    r"(?P<what>bilateral meetings|bilateral talks|meetings|memorand(?:um|ums|a) of understanding|agreements|"
    r"réunions bilatérales|rencontres bilatérales|entretiens bilatéraux|accords|mémorandums)\b",
    re.I,
)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10}

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
    r"|\bMinistry of (?:the )?Interior\b|\bminist[èe]re de l['’]Intérieur\b",
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
}
NAME_STOPWORDS = {
    "interpol", "europol", "afripol", "police", "national", "security", "sécurité", "sûreté", "general", "directorate",
    "direction", "ministry", "council", "union", "organization", "organisation", "office", "agency", "university",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "kingdom", "royaume", "state", "states",
    "republic", "république", "cup", "games", "jeux", "world", "olympic", "olympics", "earthquake", "news",
    "press", "agence", "statement", "communiqué", "centre", "center", "airport", "hotel", "palace",
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
    "office", "pôle", "pole", "cluster",
}

ROLES = (
    r"(?i:(?:Deputy\s+|Acting\s+|Executive\s+)?(?:Director[- ]General|Director|Secretary[- ]General|President|Head|Chief|"
    r"Commissioner|Minister|Inspector[- ]General|Under-Secretary|spokesperson|Commander|Chairman|"
    r"directeur général|directrice générale|directeur|directrice|secrétaire général|président|présidente|chef|"
    r"patron|ministre|commissaire))"
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
# "at the headquarters of the DGSN": a body named as a place, not a counterpart.
AT_PREMISES = re.compile(r"(?:headquarters|premises|siège|locaux)\s+(?:of|de|du|des|de la|de l['’])\s*(?:the\s+)?$", re.I)
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
# "directeur général de la sécurité nationale et de la surveillance du territoire": the body a role heads.
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
}
