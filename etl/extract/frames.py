"""Frames read from the grammar of a sentence: who met whom, who received whom, who visited what, who
signed what, which meeting was held.

A frame is a trigger word of the lexicon (`etl.extract.triggers`) with the phrases that fill its roles,
found through the dependency parse rather than by position: the subject (through coordination, passive
voice and participial clauses), the object, the "with"/"avec" and "between"/"entre" complements. So
"met", "has met with", "held three rounds of talks with", "s'est aussi longuement entretenu avec", "was
received by" are one rule each, not one phrase each.

Roles, per frame kind:
* `talk`: `agents` (the side whose activity is reported) and `others` (its counterparts);
* `involve`: meetings announced before involved `others` ("the talks involved A, B and C");
* `call`: `agents` called on, or paid a visit to, `others` (an official: talks; a country: a trip);
* `host`: `agents` received `others`;
* `visit`: `agents` visited `themes` (a place, a body, a person);
* `sign`: `agents` signed `themes` (agreement nouns) with `others`;
* `event`: `themes` is a meeting noun that was held, `agents` its organisers, `others` who attended.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.extract import grammar, triggers
from etl.extract.grammar import Parse, conjuncts, dep, lemma, own_span, word


@dataclass
class Frame:
    """One trigger and the phrases (token lists) that fill its roles."""

    kind: str  # talk | host | call | involve | visit | sign | event
    parse: Parse
    trigger: object  # the trigger token
    agents: list[list] = field(default_factory=list)
    others: list[list] = field(default_factory=list)
    themes: list = field(default_factory=list)  # head tokens: agreement nouns, visited places, event nouns
    future: bool = False
    negated: bool = False
    reciprocal: bool = False  # "the two ministers met", "both sides signed": the sides are the context's
    noun: object | None = None  # the meeting noun of nominal talks ("held talks with")
    plural: bool = False  # "bilateral meetings", "a series of talks": several meetings announced at once

    @property
    def sentence(self) -> int:
        return self.parse.sentence

    @property
    def start(self) -> int:
        return self.parse.starts[self.trigger.i]


def verb_frames(token) -> frozenset[str]:
    """The verb frames a token's lemma belongs to (with its particle: "bring together", "call on").

    Frame readers ask this of every token several times: the answer is kept with the parse (its Doc)."""
    known = token.doc.user_data.setdefault("verb_frames", {})
    found = known.get(token.i)
    if found is None:
        found = known[token.i] = read_verb_frames(token)
    return found


def read_verb_frames(token) -> frozenset[str]:
    language = "fr" if token.lang_ == "fr" else "en"
    table = triggers.frames_of("verbs.csv", language)
    found = set(table.get(lemma(token), ()))
    if not found and token.pos_ in ("NOUN", "X", "PROPN"):
        # A verb the tagger took for a noun ("signe" in "X signe l'accord"): its inflected form tells.
        verb = triggers.verb_of_form(word(token), token.lang_)
        if verb in table and any(dep(c) in grammar.SUBJECTS for c in token.children):
            found = set(table[verb])
    if lemma(token) in triggers.particle_verbs(language):
        for child in token.children:
            if dep(child) in ("prt", "compound:prt") or (dep(child) == "advmod" and child.i == token.i + 1):
                found |= table.get(lemma(token) + " " + word(child), set())
    if lemma(token) == "entretenir" and not any(word(c) in ("s'", "se", "s’") for c in token.children):
        found.discard("talk")  # "entretenir des relations" maintains ties; "s'entretenir avec" talks
    return frozenset(found)


def noun_frames(token) -> frozenset[str]:
    table = triggers.frames_of("nouns.csv", "fr" if token.lang_ == "fr" else "en")
    return table.get(lemma(token), frozenset())


def verbal(token) -> bool:
    """A verb, or a participle the tagger took for an adjective ("s'est entretenue", "a été reçue")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    if token.pos_ == "ADJ" and ("VerbForm=Part" in str(token.morph) or any(dep(c).startswith("aux") for c in token.children)):
        return True
    # A word the tagger left unknown but the parser made a predicate (it has a subject or an auxiliary).
    if token.pos_ in ("X", "ADJ", "NOUN", "PROPN") and verb_frames(token) and any(
            dep(c) in grammar.SUBJECTS or dep(c).startswith(("aux", "expl")) for c in token.children):
        return True
    return token.pos_ == "NOUN" and dep(token) == "ROOT" and bool(verb_frames(token))


def is_noun(token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "VERB" and dep(token) in ("dobj", "obj", "pobj", "nsubj"))


def spans(heads, trigger=None) -> list[list]:
    """Each phrase and each phrase coordinated with it, as its own token list (never the trigger's clause)."""
    out = []
    for head in heads:
        for conjunct in conjuncts(head):
            if conjunct.pos_ in ("VERB", "AUX") and conjunct != head:
                continue  # a coordinated clause, not a coordinated name
            span = own_span(conjunct)
            if span not in out:
                out.append(span)
    return out


def side_of(verb) -> tuple[list, list]:
    """The acting side of a verb (its subjects, or its "by" agent when passive) and its passive subjects."""
    subjects = grammar.subjects(verb)
    if grammar.is_passive(verb):
        return grammar.passive_agents(verb), subjects
    return subjects, []


def is_reciprocal(heads) -> bool:
    """"The two ministers", "both sides", "les deux parties", "the chiefs of both forces", "they":
    the sides of the meeting in context."""
    sides = triggers.lemmas("nouns.csv", "side") | triggers.lemmas("nouns.csv", "official") | triggers.lemmas("nouns.csv", "body")
    for head in heads:
        if head.pos_ == "PRON" and word(head) in ("they", "ils", "elles", "both", "tous"):
            return True
        for token in own_span(head):
            numbers = [c for c in token.children if word(c) in ("two", "both", "deux", "2")]
            if numbers and (lemma(token) in sides or word(token) in ("countries", "nations", "pays")):
                return True
    return False


def with_others(token) -> list:
    """Counterpart phrases of talks: "with X" / "avec X" on the trigger, its object or the noun of talks, or
    hung by the parser on the place or day after the verb ("à Accra avec Y")."""
    found = grammar.complements(token, grammar.WITH)
    for child in token.children:
        if (dep(child).startswith("obl") or dep(child) == "npadvmod") and child.pos_ in ("PROPN", "NOUN") \
                and (calendar_word(child) or child.pos_ == "PROPN"):
            found += grammar.complements(child, grammar.WITH)
    for child in token.children:
        if dep(child) in ("dobj", "obj", "nsubj:pass", "nsubjpass") and is_noun(child):
            found += grammar.complements(child, grammar.WITH)
            for inner in grammar.complements(child, {"of", "de", "d'"}):
                found += grammar.complements(inner, grammar.WITH)
    return found


def group_origin(verb, others: list) -> list:
    """"received a delegation from A": where a group comes from, when the parser hung "from A" on the verb."""
    groups = triggers.lemmas("nouns.csv", "group")
    if not any(lemma(o) in groups for o in others):
        return []
    return grammar.complements(verb, {"from"})


def between(token) -> list:
    """The phrases of "between A and B" / "entre A et B" on a trigger or its object."""
    found = grammar.complements(token, grammar.BETWEEN)
    for child in token.children:
        # "held a meeting between A and B"; but "discussed cooperation between A and B" names a topic.
        if dep(child) in ("dobj", "obj") and is_noun(child) and noun_frames(child) & {"talk", "event"}:
            found += grammar.complements(child, grammar.BETWEEN)
    return found


def meeting_noun(verb):
    """The meeting noun a light verb takes ("held talks", "held three rounds of talks", "a eu un entretien")."""
    candidates = grammar.objects(verb) + [c for c in verb.children if dep(c) in grammar.PASSIVE_SUBJECTS]
    # "the talks that X held with Y": the relative pronoun stands for the noun the clause hangs from.
    if dep(verb) in ("relcl", "acl:relcl") and any(c.pos_ == "PRON" for c in candidates):
        candidates.append(verb.head)
    # "trente et un entretiens": a number in words may be parsed as the head, the noun as its conjunct.
    candidates += [c for head in candidates if head.like_num for c in head.conjuncts]
    for noun in candidates:
        if "talk" in noun_frames(noun):
            return noun, noun
        for inner in grammar.complements(noun, {"of", "de", "d'"}):
            if "talk" in noun_frames(inner):
                return inner, noun
    return None, None


def plural_meetings(noun) -> bool:
    """"Bilateral meetings", "a series of talks", "several meetings", "une série d'entretiens": many at once."""
    if noun is None:
        return False
    quantified = any(dep(c) in ("nummod", "amod", "det") and word(c) in QUANTIFIERS for c in noun.children)
    series = lemma(noun) in SERIES or any(lemma(a) in SERIES for a in noun.ancestors if a.pos_ == "NOUN")
    numeral = any(dep(c) == "nummod" and word(c) not in ("one", "un", "une", "1") for c in noun.children)
    numeral |= noun.head.i != noun.i and noun.head.like_num and dep(noun) == "conj"  # "trente et un entretiens"
    # Plural by its ending, where the tagger erred ("un entretiens" after "trente et"): "entretiens", "meetings".
    surface = word(noun) != lemma(noun) and word(noun).endswith(("s", "x")) and lemma(noun) not in ("talk", "discussion")
    morph_plural = "Number=Plur" in str(noun.morph) and lemma(noun) not in ("talk", "discussion", "echange")
    return quantified or series or numeral or morph_plural or surface


SERIES = {"series", "round", "serie", "number", "nombre", "multitude", "host", "flurry", "string", "cycle"}
QUANTIFIERS = {"several", "many", "numerous", "various", "multiple", "some", "plusieurs", "nombreux", "nombreuses",
               "divers", "diverses", "differents", "differentes", "series", "serie", "quelques"}


def talk_frames(parse: Parse) -> list[Frame]:
    """Talks and receptions in a sentence: verb triggers, light verbs with a meeting noun, nominal talks."""
    frames: list[Frame] = []
    taken_nouns = set()
    for token in parse.tokens:
        if not verbal(token):
            continue
        kinds = verb_frames(token)
        if not kinds & {"meet", "talk", "host", "light", "call"}:
            continue
        agents, passive_subjects = side_of(token)
        others: list = []
        kind = "talk"
        noun = outer = None
        if "host" in kinds and not "meet" in kinds:
            kind = "host"
            others = passive_subjects if grammar.is_passive(token) else grammar.objects(token)
            others = [o for o in others if not calendar_word(o)]  # "a reçu mardi ...": a day, not a visitor
            # "hosted the conference" convenes an event (read as such), it receives no visitor.
            if others and all(noun_frames(o) & {"event", "talk"} for o in others):
                continue
            others = others + with_others(token) + group_origin(token, others)
        elif "meet" in kinds:
            others = (passive_subjects if grammar.is_passive(token) else grammar.objects(token)) + with_others(token)
            others = [o for o in others if not calendar_word(o)]
            others += group_origin(token, others)
        elif "talk" in kinds:
            others = with_others(token)
        elif "light" in kinds:
            noun, outer = meeting_noun(token)
            if noun is None and with_others(token):
                # "The talks that X held with Y": a meeting noun the parser did not tie to its light verb.
                noun = outer = next((t for t in parse.tokens if t.i < token.i and "talk" in noun_frames(t) and is_noun(t)
                                     and t.i not in taken_nouns), None)
            if noun is None:
                continue
            taken_nouns.add(noun.i)
            if outer != noun:
                taken_nouns.add(outer.i)
            others = with_others(token) + grammar.complements(noun, grammar.WITH)
        elif "call" in kinds:
            others = call_targets(token)
            if not others:
                continue
            kind = "call"
        # "met A, as well as B": a noun coordinated with the verb itself is one more counterpart (a common
        # misparse of "as well as" and of lists after a comma).
        if kind in ("talk", "host") and others:
            others += [c for c in token.children if dep(c) == "conj" and c.pos_ in ("NOUN", "PROPN")]
        pair = between(token) + (grammar.complements(noun, grammar.BETWEEN) if noun is not None else [])
        frame = Frame(kind, parse, token, spans(agents), spans(others), future=grammar.is_future(token),
                      negated=grammar.is_negated(token), reciprocal=is_reciprocal(agents), noun=noun,
                      plural=plural_meetings(noun) or (outer != noun and plural_meetings(outer)))
        split_pairs(frame, pair)
        if not frame.others and len(frame.agents) > 1 and kind == "talk" and not passive_subjects:
            # "The two chiefs and their deputies met": coordinated subjects meet each other.
            frame.agents, frame.others = frame.agents[:1], frame.agents[1:]
        frames.append(frame)
    for token in parse.tokens:
        if token.i in taken_nouns or "talk" not in noun_frames(token) or not is_noun(token):
            continue
        others = grammar.complements(token, grammar.WITH)
        pair = grammar.complements(token, grammar.BETWEEN)
        theirs = any(word(p) in ("their", "leur", "leurs") for p in possessors(token))
        if theirs and not others and not pair:
            # "After their talks, the two ministers ...": talks among those the clause is about.
            verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX") and grammar.subjects(a)), None)
            if verb is not None:  # talks referred to as theirs are talks that took place
                frames.append(Frame("talk", parse, token, spans(grammar.subjects(verb)), [], noun=token))
            continue
        if not pair:  # "a meeting of the joint commission between A and B"
            pair = [p for inner in grammar.complements(token, {"of", "de", "du", "des", "d'"})
                    for p in grammar.complements(inner, grammar.BETWEEN)]
        if not others and not pair and not (plural_meetings(token) and bilateral(token)):
            continue  # "the meeting", "during the talks": told of before; "bilateral talks": announced
        verb = grammar.governing_verb(token)
        agents = possessors(token) or (side_of(verb)[0] if verb is not None else [])
        agents = [a for a in agents if token not in a.subtree]  # "bilateral talks took place": no one's side
        frame = Frame("talk", parse, token, spans(agents), spans(others), noun=token, plural=plural_meetings(token),
                      future=grammar.is_future(verb) if verb is not None else False,
                      negated=grammar.is_negated(verb) if verb is not None else False, reciprocal=is_reciprocal(agents))
        split_pairs(frame, pair)
        frames.append(frame)
    return frames


def bilateral(noun) -> bool:
    """"Bilateral meetings", "entretiens bilatéraux": talks said to be between two sides each."""
    return any(word(c).startswith(("bilat", "one-on-one", "tete")) for c in noun.children)


def split_pairs(frame: Frame, pair: list) -> None:
    """"Between A and B": A joins the acting side when it has none, the others are counterparts."""
    pair_spans = spans(pair)
    if not pair_spans:
        return
    if not frame.agents or frame.reciprocal:
        frame.agents, frame.reciprocal = pair_spans[:1], False
        frame.others += pair_spans[1:]
    else:
        frame.others += [s for s in pair_spans if s not in frame.agents]


def possessors(noun) -> list:
    """"His meeting with X": the possessor of a meeting noun."""
    return [c for c in noun.children if dep(c) in ("poss", "nmod:poss") or (dep(c) == "det" and "Poss=Yes" in str(c.morph))]


def call_targets(verb) -> list:
    """"Called on X", "paid a courtesy call on X", "paid a visit to X", "a rendu visite à X"."""
    targets = [t for t in grammar.complements(verb, {"on", "upon", "a"}) if not calendar_word(t)]
    nouns = [c for c in verb.children if dep(c) in ("dobj", "obj", "obl", "obl:mod", "xcomp", "nmod") and noun_frames(c) & {"call"}]
    for noun in nouns:
        targets += grammar.complements(noun, {"on", "upon", "to", "a"}) + grammar.complements(verb, {"to"})
    if lemma(verb) in ("pay", "rendre") and not nouns:
        return []
    return [t for t in targets if not calendar_word(t)]


TO = {"to", "a", "au", "aux", "in", "en", "at", "dans"}
OF = {"of", "de", "du", "des", "d'"}


def calendar_word(token) -> bool:
    """"On Monday", "le 12 mai": a time, not a place or a person."""
    return word(token) in CALENDAR or token.like_num


CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi",
            "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "january", "february", "march", "april", "may",
            "june", "july", "august", "september", "october", "november", "december", "janvier", "fevrier", "mars",
            "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "today",
            "yesterday", "tomorrow", "week", "month", "year", "semaine", "mois", "annee", "jour", "day"}


def travel_targets(token) -> list:
    """Where a verb of travel goes: "arrived in X", "travelled to Y", "s'est rendu à Z" (not "rendre visite")."""
    kinds = verb_frames(token)
    if "travel" not in kinds:
        return []
    if lemma(token) == "rendre" and not any(word(c) in ("s'", "se") for c in token.children):
        return []  # "rendre visite", "rendre hommage": no journey
    return [t for t in grammar.complements(token, TO) if not calendar_word(t)]


def visit_frames(parse: Parse) -> list[Frame]:
    """Visits: "visited the centre", "toured X", "a visit to X", "une visite au siège de X", and journeys
    ("arrived in X", "s'est rendu à Y"). A "visit of X" (`others`) is X's visit or a visit of place X: which
    one, the entities say."""
    frames = []
    for token in parse.tokens:
        targets = [t for t in travel_targets(token) if t.pos_ == "PROPN"] if verbal(token) else []
        if targets:
            agents, _ = side_of(token)
            frames.append(Frame("visit", parse, token, spans(agents), themes=targets,
                                future=grammar.is_future(token), negated=grammar.is_negated(token)))
            continue
        if token.pos_ in ("VERB",) and "visit" in verb_frames(token):
            agents, _ = side_of(token)
            targets = grammar.objects(token) + grammar.complements(token, TO)
            frames.append(Frame("visit", parse, token, spans(agents), themes=targets,
                                future=grammar.is_future(token), negated=grammar.is_negated(token)))
        elif is_noun(token) and "visit" in noun_frames(token):
            verb = grammar.governing_verb(token)
            if verb is not None and "call" in verb_frames(verb) and token.head == verb:
                continue  # "paid a visit to X", "a rendu visite à X": read with the calls
            targets = grammar.complements(token, TO)
            of = grammar.complements(token, OF)
            if not targets and not of:
                continue
            agents = possessors(token) or (side_of(verb)[0] if verb is not None else [])
            if token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN") and dep(token) in ("nmod", "prep", "acl", "appos") \
                    and not noun_frames(token.head) & {"visit", "talk", "event"}:
                agents = [token.head]  # "X, on a visit to Y", "la délégation en visite à Y": the phrase visits
            elif dep(token.head) == "prep" and token.head.head.pos_ in ("NOUN", "PROPN") \
                    and not noun_frames(token.head.head) & {"visit", "talk", "event"}:
                agents = [token.head.head]
            frames.append(Frame("visit", parse, token, spans(agents), spans(of), themes=targets,
                                future=grammar.is_future(verb) if verb is not None else False,
                                negated=grammar.is_negated(verb) if verb is not None else False))
    return frames


def agreement_type_of(noun) -> str | None:
    """The agreement type a noun names ("memorandum" -> mou, "protocole d'accord" -> mou), or None."""
    language = "fr" if noun.lang_ == "fr" else "en"
    table = triggers.frames_of("agreements.csv", language)
    head = lemma(noun)
    complement = [lemma(c) for c in noun.children if dep(c) in ("prep", "nmod") or dep(c).startswith("nmod")]
    complement += [lemma(g) for c in noun.children if dep(c) == "prep" for g in c.children if dep(g) == "pobj"]
    for extra in complement:
        found = table.get(f"{head} d'{extra}") or table.get(f"{head} de {extra}") or table.get(f"{head} of {extra}")
        if found:
            return sorted(found)[0]
    found = table.get(head) or (table.get(head[:-1]) if head.endswith("s") else None)
    return sorted(found)[0] if found else None


def named_head(noun):
    """The head noun of a name whose last word is a complement ("understanding" in "memorandum of
    understanding"): the noun the name is of, when it is an agreement word and the complement is not."""
    current = noun
    for _ in range(3):
        if agreement_type_of(current) or dep(current) not in ("pobj", "nmod"):
            break
        current = current.head.head if current.head.pos_ == "ADP" else current.head
    return current if agreement_type_of(current) else noun


def nested_in(token, themes: list) -> bool:
    """True when a noun is part of another theme's name ("d'entente" in "mémorandum d'entente", "(MoU)"),
    not coordinated with it ("the Charter and the Memorandum")."""
    child = token
    for ancestor in token.ancestors:
        if dep(child) == "conj":
            return False
        if ancestor in themes:
            return True
        child = ancestor
    return False


def sign_frames(parse: Parse) -> list[Frame]:
    """Signings: "signed a memorandum", "a protocol was signed", "witnessed the signing of two arrangements"."""
    frames = []
    for token in parse.tokens:
        if token.pos_ in ("VERB", "AUX") and "sign" in verb_frames(token):
            agents, passive_subjects = side_of(token)
            themes = passive_subjects if grammar.is_passive(token) else grammar.objects(token)
            if dep(token) in ("acl", "amod") and token.head.i != token.i:
                # "an MoU signed by the two chiefs": the participle's noun is what was signed ("a memorandum of
                # understanding signed by": the name's head noun).
                themes, agents = [named_head(token.head)], grammar.passive_agents(token)
            verb = token
        elif is_noun(token) and "signing" in noun_frames(token):
            themes = grammar.complements(token, {"of", "de", "du", "des", "d'"})
            verb = grammar.governing_verb(token)
            agents = possessors(token) or (side_of(verb)[0] if verb is not None else [])
        else:
            continue
        themes = [t for head in themes for t in conjuncts(head) if agreement_type_of(t)]
        # "Twelve accords were signed, among them a memorandum between A and B": the listed one is read (the
        # tally itself lists nothing to read, see `agreements.count_of`).
        themes += [t for clause in parse.tokens if grammar.introduces_list(clause) and dep(clause) != "ROOT"
                   and any(clause.i > head.i for head in themes)
                   for t in clause.subtree if t.pos_ in ("NOUN", "PROPN") and agreement_type_of(t) and t not in themes]
        if not themes and token.pos_ in ("VERB", "AUX") \
                and not [o for o in grammar.objects(token) if not calendar_word(o)] \
                and not any(dep(c) in grammar.PASSIVE_SUBJECTS for c in token.children):
            # The parser did not attach what was signed to the verb: an agreement noun in its clause.
            themes = [t for t in token.subtree if t.pos_ in ("NOUN", "PROPN") and agreement_type_of(t)
                      and not any(dep(a) in ("relcl", "acl:relcl", "advcl") for a in t.ancestors if a in token.subtree
                                  and a != token)][:3]
        if not themes:
            continue
        # "Memorandum (MoU)", "mémorandum d'entente": one agreement named by nested nouns.
        themes = [t for t in themes if not nested_in(t, themes)]
        others = grammar.complements(token, grammar.WITH) + [o for t in themes for o in grammar.complements(t, grammar.WITH)]
        pair = grammar.complements(token, grammar.BETWEEN) + [p for t in themes for p in grammar.complements(t, grammar.BETWEEN)]
        if not others:
            # "signed an accord beefing up cooperation with X": the other side, said deeper in the phrase.
            others = [o for t in themes for inner in t.subtree if inner != t
                      for o in grammar.complements(inner, grammar.WITH)][:1]
        if not pair:
            pair = [p for t in themes for inner in t.subtree if inner != t
                    for p in grammar.complements(inner, grammar.BETWEEN)][:1]
        frame = Frame("sign", parse, token, spans(agents), spans(others), themes=themes,
                      future=grammar.is_future(verb) if verb is not None else False,
                      negated=grammar.is_negated(verb) if verb is not None else False,
                      reciprocal=is_reciprocal(agents))
        split_pairs(frame, pair)
        frames.append(frame)
    return frames


def possessed_events(parse: Parse) -> list[Frame]:
    """"At the end of their tripartite meeting", "à l'issue de leur réunion": a meeting of the clause's
    subject, held (its attendees are the subject)."""
    frames = []
    for token in parse.tokens:
        if not is_noun(token) or "event" not in noun_frames(token) or not possessors(token):
            continue
        if not any(word(p) in ("their", "leur", "leurs") for p in possessors(token)):
            continue
        verb = grammar.governing_verb(token)
        if verb is None or not grammar.subjects(verb):
            continue
        frames.append(Frame("event", parse, verb, [], spans(grammar.subjects(verb)), themes=[token],
                            future=grammar.is_future(verb), negated=grammar.is_negated(verb)))
    return frames


def event_frames(parse: Parse) -> list[Frame]:
    """Meetings named by a common noun and said to be held: "chaired a coordination meeting", "a technical
    meeting of experts took place", "une réunion élargie s'est tenue", with who organised and attended."""
    frames = []
    for token in parse.tokens:
        if not is_noun(token) or "event" not in noun_frames(token):
            continue
        verb = token.head if token.head.i != token.i else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        kinds = verb_frames(verb)
        role = dep(token)
        organisers: list = []
        if role in ("dobj", "obj") and kinds & {"light", "convene"}:
            organisers = side_of(verb)[0]
        elif role in grammar.PASSIVE_SUBJECTS and kinds & {"light", "convene", "happen"}:
            organisers = grammar.passive_agents(verb)
        elif role in ("nsubj",) and kinds & {"happen", "involve"}:
            organisers = []
        elif kinds & {"attend"} and (role in ("dobj", "obj") or dep(token).startswith("obl") or role == "pobj"):
            organisers = []
        else:
            continue
        attendees = []
        if kinds & {"attend"}:
            attendees = side_of(verb)[0]
        if kinds & {"involve"} and role == "nsubj":
            attendees = grammar.objects(verb)
        frames.append(Frame("event", parse, verb, spans(organisers), spans(attendees), themes=[token],
                            future=grammar.is_future(verb), negated=grammar.is_negated(verb)))
    return frames


def gather_frames(parse: Parse) -> list[Frame]:
    """"X convened the heads of A, B and C", "X a réuni les chefs des services de A et B": a meeting its
    convener holds with those it brought together (the event noun, when written, names it: "en session")."""
    frames = []
    for token in parse.tokens:
        if not verbal(token) or "gather" not in verb_frames(token) or grammar.is_passive(token):
            continue
        objects = [o for o in grammar.objects(token) if not noun_frames(o) & {"event", "talk"} and not calendar_word(o)]
        objects += [c for c in token.children if dep(c) == "conj" and c.pos_ in ("NOUN", "PROPN")]
        subjects = grammar.subjects(token)
        if not objects or not subjects:
            continue
        if any(noun_frames(s) & {"event", "talk"} or s.pos_ == "PRON" for s in subjects):
            # "The meeting brought together X", "which gathered Y", "elle a réuni Z": attendees of the event
            # told before.
            frames.append(Frame("event", parse, token, spans(subjects), spans(objects), themes=[token]))
            continue
        named = [c for c in token.subtree if "event" in noun_frames(c) and c not in objects]
        frames.append(Frame("event", parse, token, spans(subjects), spans(objects), themes=named[:1] or [token],
                            future=grammar.is_future(token), negated=grammar.is_negated(token)))
    return frames


def involve_frames(parse: Parse) -> list[Frame]:
    """"The talks involved A, B and C", "les entretiens ont concerné ...": counterparts listed for meetings
    announced before (the discourse reader decides whose)."""
    frames = []
    for token in parse.tokens:
        if token.pos_ not in ("VERB", "AUX") or "involve" not in verb_frames(token):
            continue
        subjects = grammar.subjects(token)
        if not any("talk" in noun_frames(s) and not any(dep(c) in ("amod", "nummod") and c.like_num is False and
                                                        c.text[:1].isdigit() for c in s.children) for s in subjects):
            continue
        frames.append(Frame("involve", parse, token, [], spans(grammar.objects(token)), noun=subjects[0],
                            plural=True, future=grammar.is_future(token)))
    return frames


def read_frames(parse: Parse) -> list[Frame]:
    """Every frame of one parsed sentence, in the order of their triggers."""
    frames = talk_frames(parse) + involve_frames(parse) + visit_frames(parse) + sign_frames(parse) + event_frames(parse)
    frames += gather_frames(parse) + possessed_events(parse)
    return sorted(frames, key=lambda f: (f.trigger.i, f.kind))
