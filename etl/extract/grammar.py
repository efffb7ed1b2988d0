"""The dependency parses of an article's sentences, and the few questions extraction asks of them.

`etl.nlp` stores the tokens of every parsed sentence (lemma, part of speech, morphology, dependency and
head); here each sentence becomes a spaCy `Doc` again, so that rules walk its tree with spaCy's own
API. The questions are grammatical, not lexical: the subject of a verb (through coordination, passive
voice and participial clauses), its objects, the objects of a given preposition, a phrase's span
without its relative or purpose clauses, whether a verb is negated or speaks of the future. English
pipelines label dependencies in the ClearNLP scheme (`dobj`, `pobj`, `agent`), French ones in Universal
Dependencies (`obj`, `obl`, `case`); both are handled.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache

from etl.extract import triggers
from etl.extract.triggers import fold

SUBJECTS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj", "expl:subj"}
PASSIVE_SUBJECTS = {"nsubjpass", "nsubj:pass"}
OBJECTS = {"dobj", "obj", "attr"}
# Clauses hanging from a phrase that say something else about it: they are not part of what it names.
CLAUSES = {"relcl", "acl:relcl", "advcl", "acl", "xcomp", "ccomp", "parataxis", "dep"}
# Prepositions that introduce the other side of talks or of a signing.
WITH = {"with", "avec", "alongside", "aupres"}
BETWEEN = {"between", "among", "amongst", "entre"}
NEGATIONS = {"not", "n't", "never", "no", "pas", "jamais", "ni", "point"}
FUTURE_AUXILIARIES = {"will", "shall", "'ll", "wo"}
# Verbs whose complement is not yet done ("plans to sign", "is expected to meet", "prévoit de signer"):
# the lexicon's `intent` frame.
INTENT_VERBS = triggers.lemmas("verbs.csv", "intent")


@dataclass
class Parse:
    """One parsed sentence: its spaCy Doc and where its tokens sit in the article."""

    sentence: int
    doc: object  # spacy.tokens.Doc
    starts: list[int]  # article offset of each token
    language: str

    @cached_property
    def tokens(self) -> list:
        """The Doc's tokens, made once: frame readers walk them many times (a Doc makes new Token objects
        on every walk)."""
        return list(self.doc)

    def token_at(self, char: int):
        """The token covering an article offset, or None."""
        index = bisect.bisect_right(self.starts, char) - 1
        if index >= 0 and char < self.starts[index] + len(self.doc[index].text):
            return self.doc[index]
        return None

    def char_span(self, tokens) -> tuple[int, int]:
        """Article offsets from the first to the last of some tokens."""
        indexes = [t.i for t in tokens]
        first, last = min(indexes), max(indexes)
        return self.starts[first], self.starts[last] + len(self.doc[last].text)



@lru_cache(maxsize=None)
def vocabulary(language: str):
    """A blank pipeline's vocabulary to rebuild Docs with (no model needed)."""
    import spacy

    return spacy.blank(language).vocab


def rebuild(sentence: int, rows: list[dict], language: str) -> Parse:
    """A sentence's Doc from its stored token rows (sorted by token index)."""
    from spacy.tokens import Doc

    doc = Doc(
        vocabulary(language),
        words=[r["text"] for r in rows],
        spaces=[bool(r["whitespace"]) for r in rows],
        lemmas=[r["lemma"] or r["text"] for r in rows],
        pos=[r["pos"] or "X" for r in rows],
        tags=[r["tag"] or "" for r in rows],
        morphs=[r["morph"] or "" for r in rows],
        deps=[r["dep"] or "dep" for r in rows],
        heads=[int(r["head"]) for r in rows],
    )
    return Parse(sentence, doc, [int(r["start_char"]) for r in rows], language)


def parses_of(token_rows: list[dict], language: str) -> dict[int, Parse]:
    """Every parsed sentence of an article, by sentence index."""
    by_sentence: dict[int, list[dict]] = {}
    for row in token_rows:
        by_sentence.setdefault(row["sentence_index"], []).append(row)
    return {index: rebuild(index, rows, language) for index, rows in sorted(by_sentence.items())}


def lemma(token) -> str:
    """A token's folded lemma (lower case, no accents)."""
    return fold(token.lemma_ or token.text)


def word(token) -> str:
    return fold(token.text)


def dep(token) -> str:
    return token.dep_.lower()


def conjuncts(token) -> list:
    """A phrase and the phrases coordinated with it, in order ("A, B and C")."""
    return sorted({token, *token.conjuncts}, key=lambda t: t.i)


def own_span(token) -> list:
    """The tokens of a phrase without its coordinated siblings and without clauses about it."""
    out, stack = [], [token]
    while stack:
        current = stack.pop()
        out.append(current)
        for child in current.children:
            if dep(child) in ("conj", "cc") and current is token:
                continue
            if dep(child) in CLAUSES and not introduces_list(child) and not names_by_agent(child) or \
                    dep(child) == "punct" and child.i > token.i and current is token:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def names_by_agent(clause) -> bool:
    """"The delegation, led by X", "accompagné de Y": a participle that names who a phrase is made of."""
    if dep(clause) not in ("acl", "amod") or "VerbForm=Part" not in str(clause.morph) and clause.tag_ != "VBN":
        return False
    return any(dep(c) in ("agent", "obl:agent") or (dep(c).startswith("obl") and preposition(c) in ("par", "de"))
               for c in clause.children)


def introduces_list(clause) -> bool:
    """"..., dont celles du Tchad", "..., including X": a clause that lists members of the phrase it hangs from."""
    first = min(clause.subtree, key=lambda t: t.i)
    return word(first) in LIST_INTRODUCERS | {"such", "among", "parmi", "like", "comme"}


def subjects(verb) -> list:
    """The subject phrases of a verb: its own, else those of the verb it is coordinated with or depends on."""
    current = verb
    for _ in range(4):
        own = [c for c in current.children if dep(c) in SUBJECTS]
        if own:
            return own
        if dep(current) == "conj" or dep(current) in ("xcomp", "advcl", "acl", "ccomp") and current.head.i != current.i:
            current = current.head
            continue
        break
    return []


def is_passive(verb) -> bool:
    return any(dep(c) in PASSIVE_SUBJECTS or dep(c) in ("auxpass", "aux:pass") for c in verb.children) \
        or "Voice=Pass" in str(verb.morph)


def objects(verb) -> list:
    """Direct objects of a verb."""
    return [c for c in verb.children if dep(c) in OBJECTS]


def preposition(token) -> str:
    """The folded preposition that introduces a phrase ("with X" -> "with", "avec X" -> "avec"), or ""."""
    if token.head.i != token.i and dep(token.head) in ("prep", "agent", "dative") and token.head.pos_ == "ADP":
        return word(token.head)
    cases = [c for c in token.children if dep(c) in ("case", "fixed") or (c.pos_ == "ADP" and c.i < token.i)]
    return " ".join(word(c) for c in sorted(cases, key=lambda t: t.i)) if cases else ""


# Words that introduce a list before its preposition: "including with X", "notamment avec X".
LIST_INTRODUCERS = {"including", "notably", "especially", "particularly", "namely", "mainly", "notamment",
                    "particulierement", "surtout", "principalement", "dont", "also", "aussi", "egalement"}


def complements(head, prepositions: set[str]) -> list:
    """Phrases attached to `head` through one of some prepositions ("talks with X", "entretien avec X"),
    also behind a list word ("including with X", "notamment avec X")."""
    out = []
    children = list(head.children)
    children += [g for c in head.children if word(c) in LIST_INTRODUCERS for g in c.children]
    for child in children:
        if dep(child) in ("prep", "agent", "dative") and word(child) in prepositions:
            # "with A, and with B": the second preposition is coordinated with the first.
            for preposition_token in [child, *[c for c in child.conjuncts if c.pos_ == "ADP"]]:
                out += [c for c in preposition_token.children if dep(c) in ("pobj", "pcomp", "obj")]
        elif dep(child) in ("obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj") \
                and set(preposition(child).split()) & prepositions:
            out.append(child)
    return [c for c in out if lemma(c) not in OTHERS]


# "among others", "entre autres": a listing idiom, not a side.
OTHERS = {"other", "others", "autre", "autres"}


def passive_agents(verb) -> list:
    """The "by X" / "par X" phrase of a passive verb."""
    out = []
    for child in verb.children:
        if dep(child) == "agent":
            out += [c for c in child.children if dep(c) == "pobj"]
        elif dep(child) == "obl:agent" or (dep(child).startswith("obl") and preposition(child) == "par"):
            out.append(child)
    return out


def is_negated(verb) -> bool:
    return any(dep(c) in ("neg",) or word(c) in NEGATIONS and dep(c) == "advmod" for c in verb.children)


# French future stems that are not the infinitive (less its final "e"): by the infinitive's ending.
FRENCH_FUTURE_STEMS = (("prevoir", "prevoir"), ("pourvoir", "pourvoir"), ("enir", "iendr"), ("ouvoir", "ourr"),
                       ("ouloir", "oudr"), ("evoir", "evr"), ("avoir", "aur"), ("voir", "verr"), ("aloir", "audr"), ("alloir", "audr"), ("envoyer", "enverr"), ("etre", "ser"),
                       ("aller", "ir"), ("faire", "fer"), ("courir", "courr"), ("mourir", "mourr"))
FRENCH_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont", "ais", "ait", "ions", "iez", "aient")


def french_future_stem(infinitive: str) -> str:
    """The stem French future and conditional endings attach to ("rencontrer-", "permettr-", "tiendr-")."""
    for ending, stem in FRENCH_FUTURE_STEMS:
        if infinitive.endswith(ending):
            return infinitive[: len(infinitive) - len(ending)] + stem
    return infinitive[:-1] if infinitive.endswith("re") else infinitive


def french_future_form(form: str, infinitive: str) -> bool:
    """True when a French verb form is a future or conditional of its infinitive ("signera", "permettraient",
    "s'entretiendra"), whatever tense the tagger gave it; an imperfect ("signait") or a simple past
    ("signa") is not."""
    if not infinitive.endswith(("er", "ir", "re")):
        return False
    stem = french_future_stem(infinitive)
    return form.startswith(stem) and form[len(stem):] in FRENCH_FUTURE_ENDINGS


def is_future(verb) -> bool:
    """True when a verb speaks of what is not yet done: future tense or auxiliary, an infinitive after a verb
    of intent ("plans to sign", "prévoit de signer"), "is to be held"."""
    morph = str(verb.morph)
    if "Tense=Fut" in morph or "Mood=Cnd" in morph:
        return True
    if verb.lang_ == "fr" and french_future_form(word(verb), lemma(verb)):
        return True  # a French future or conditional the tagger did not analyse, or took for an imperfect
    auxiliaries = [c for c in verb.children if dep(c).startswith("aux")]
    if any(word(a) in FUTURE_AUXILIARIES or "Tense=Fut" in str(a.morph) or "Mood=Cnd" in str(a.morph)
           or lemma(a) == "aller" for a in auxiliaries):
        return True
    if any(word(a) == "would" for a in auxiliaries):
        return True  # reported future or wish: "said the forum would take place in May", "talks would help"
    # "is to be held", "are to meet": a "to" infinitive governed by "be"; "a bid to host", "the meeting,
    # to be held in May": an infinitive that completes a noun tells of what is not done yet.
    infinitive = any(word(a) in ("to", "a", "de", "d'") for a in verb.children if dep(a) in ("aux", "mark"))
    passive = any(dep(a) in ("auxpass", "aux:pass") for a in verb.children)
    if infinitive and (dep(verb) in ("xcomp", "ccomp", "advcl") and lemma(verb.head) in ("be", "etre") and passive
                       or dep(verb) in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN")):
        return True
    if lemma(verb) in INTENT_VERBS and (is_passive(verb) or "VerbForm=Part" in morph and dep(verb) == "ROOT"):
        return True  # "is planned", "est prévue", "is scheduled"
    # "the importance of holding", "the need to meet", "la nécessité de tenir": what is wished for.
    for ancestor in list(verb.ancestors)[:3]:
        if ancestor.pos_ == "NOUN" and lemma(ancestor) in triggers.lemmas("nouns.csv", "intent"):
            return True
        if ancestor.pos_ in ("VERB", "AUX"):
            break
    head = verb.head
    if dep(verb) in ("xcomp", "ccomp", "acl", "advcl", "obj") and head.i != verb.i:
        if lemma(head) in INTENT_VERBS or word(head) in ("due", "set", "scheduled", "expected", "prevu", "prevue"):
            return True
        if verb.pos_ == "VERB" and "VerbForm=Inf" in morph and is_future(head):
            return True
    if dep(verb) == "conj" and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        return is_future(head) and not any(dep(c).startswith("aux") and "Tense=Past" in str(c.morph) for c in verb.children)
    return False


def governing_verb(token):
    """The verb a noun phrase depends on (through prepositions and nouns), or None."""
    current = token
    for _ in range(6):
        if current.head == current:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None
