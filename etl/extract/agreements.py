"""Signed agreements of one article, read from signing frames.

An agreement is an agreement noun of the lexicon ("memorandum", "arrangement", "letter of intent",
"charte", "déclaration d'intention"...) that a signing verb or noun governs ("signed a memorandum",
"a protocol was signed", "the signing of two arrangements"), not negated and not in the future ("will
sign", "prévoit de signer", "to be signed": not yet an agreement). A numeral counts agreements ("signed
two declarations"). Its parties are those the grammar names as signing (subjects, "with"/"between"
complements; persons sign for their agencies); "both sides", "the two ministers", "les deux parties",
or a signing without a named party, stand for the sides of the meeting it was signed at.
"""
from __future__ import annotations

from text_to_num import alpha2digit

from etl import dates
from etl.entities import ArticleEntities, Entity
from etl.extract.frames import Frame, agreement_type_of
from etl.extract.grammar import WITH, dep, own_span, word
from etl.extract.model import Agreement, Meeting
from etl.extract.sides import continued_list, entities_in, is_location, pronoun_head

MAX_COUNTED = 6  # "signed two declarations" counts; "signed 40 agreements" lists none of them to read
DEFINITE = {"the", "this", "that", "these", "those", "le", "la", "l'", "les", "cet", "ce", "cette", "ces", "ledit",
            "ladite"}


def count_of(noun, language: str) -> int:
    """How many agreements a noun phrase counts ("two memoranda" -> 2), 1 when it does not, 0 when it counts
    more than a story lists ("over 30 MoUs", "dozens of agreements"): a tally, not agreements to read."""
    for child in noun.children:
        if dep(child) == "nummod" or child.like_num and dep(child) in ("amod", "compound", "det") or \
                word(child) in ("dozens", "dizaines", "several", "plusieurs", "many", "numerous"):
            converted = alpha2digit(child.text.lower(), "fr" if language == "fr" else "en", threshold=0)
            if not converted.isdigit():
                return 0 if word(child) in ("dozens", "dizaines", "many", "numerous") else 1
            return int(converted) if int(converted) <= MAX_COUNTED else 0
    return 1


def party_keys(entities: list[Entity], person_agency: dict[str, str], person_country: dict[str, str]) -> list[tuple[str, str]]:
    """Agencies and countries that sign: named bodies and countries, and the agency (or country) of persons."""
    parties: list[tuple[str, str]] = []
    for entity in entities:
        if entity.kind in ("agency", "country"):
            key = (entity.kind, entity.key)
        elif entity.key in person_agency:
            key = ("agency", person_agency[entity.key])
        elif entity.key in person_country:
            key = ("country", person_country[entity.key])
        else:
            continue
        if key not in parties:
            parties.append(key)
    return parties


def meeting_parties(meeting: Meeting, person_agency: dict[str, str]) -> list[tuple[str, str]]:
    """The sides of a meeting as signing parties: its agencies and countries, and its persons' agencies."""
    parties: list[tuple[str, str]] = []
    for (kind, key), _ in sorted(meeting.participants.items(), key=lambda item: item[1] != "counterpart"):
        party = (kind, key) if kind in ("agency", "country") else ("agency", person_agency.get(key, ""))
        if party[1] and party not in parties:
            parties.append(party)
    return parties


def sentence_counterparts(frame: Frame, ents: ArticleEntities) -> list[list[Entity]]:
    """The "with X" phrases of a signing sentence, in order, wherever they hang ("two memoranda were
    signed: the first with X, the second with Y")."""
    out = []
    for token in frame.parse.tokens:
        if word(token) in WITH:
            objects = [c for c in token.children if dep(c) in ("pobj", "obj")] or \
                ([token.head] if dep(token) == "case" else [])
            for head in objects:
                found = entities_in(frame.parse, own_span(head), ents)
                if found:
                    out.append(found)
    return out


def frame_entities(frame: Frame, spans: list[list], ents: ArticleEntities) -> list[Entity]:
    """The entities named in some phrases of a frame (pronouns aside), without places ("in Lyon, France")."""
    found = [e for span in spans if pronoun_head(span) is None for e in entities_in(frame.parse, span, ents)]
    return [e for e in found if not is_location(e, ents, ents.sentence(frame.sentence))]


def read_agreements(frames: dict[int, list[Frame]], ents: ArticleEntities, person_agency: dict[str, str],
                    person_country: dict[str, str], talks: list[Meeting], events: list[Meeting],
                    main: Meeting | None, spans: dict, paragraph_of: dict[int, int], language: str,
                    own_side: list[Entity]) -> list[Agreement]:
    """Every signed agreement of an article, linked to the meeting it was signed at; a signing reported
    without talks of its own becomes a bilateral meeting of its parties (added to `talks`). `own_side` is
    the side the article follows, which signs where the text names only the other side."""
    agreements: list[Agreement] = []
    for sentence in ents.sentences:
        for frame in frames.get(sentence.index, []):
            if frame.kind != "sign" or frame.negated or frame.future:
                continue
            agents = frame_entities(frame, frame.agents, ents)
            others = frame_entities(frame, frame.others, ents)
            counts = [count_of(noun, language) for noun in frame.themes]
            split = sentence_counterparts(frame, ents) if sum(counts) > 1 else []
            if frame.agents and len(party_keys(agents + others, person_agency, person_country)) < 2:
                end = max(frame.parse.char_span(span)[1] for span in frame.agents)
                agents += [e for e in continued_list(ents, sentence, end) if e not in agents + others]
            if len(split) < sum(counts) and len(party_keys(agents + others, person_agency, person_country)) < 2:
                # The parse did not attach every signatory to the verb: read them from the whole signing clause.
                clause = [t for t in frame.trigger.subtree if dep(t) not in ("advcl", "relcl", "acl:relcl")]
                extra = [e for e in entities_in(frame.parse, clause, ents) if e not in agents + others
                         and not is_location(e, ents, sentence) and e.kind != "country"]
                agents += extra
            span = dates.combine_spans(spans.get(sentence.index, []))
            number = 0
            for noun, count in zip(frame.themes, counts):
                kind = agreement_type_of(noun)
                clauses = {t.i for c in noun.children if dep(c) in ("acl", "relcl", "acl:relcl") for t in c.subtree}
                title = " ".join(t.text for t in own_span(noun) if t.i >= noun.i and dep(t) != "punct"
                                 and t.i not in clauses)[:120]  # "an MoU signed by ...": the MoU
                definite = any(word(c) in DEFINITE for c in noun.children if dep(c) == "det")
                for _ in range(count):
                    named_others = split[number] if len(split) >= sum(counts) else others
                    number += 1
                    signers = agents or (own_side if named_others and not frame.reciprocal else [])
                    agreement = Agreement(f"a{len(agreements) + 1}", kind, title[:1].upper() + title[1:],
                                          sentence.index, party_keys(signers + named_others, person_agency, person_country),
                                          [sentence.index], None, span, definite)
                    agreement.signatories = [e.key for e in signers + named_others if e.kind == "person"]
                    agreement.counterparts = party_keys(named_others, person_agency, person_country)
                    agreement.reciprocal = frame.reciprocal
                    agreements.append(agreement)
    agreements = dedupe_agreements(agreements)
    for agreement in agreements:
        link_agreement(agreement, talks, events, main, paragraph_of, person_agency, ents)
        if agreement.reciprocal and len({k for kind, k in agreement.parties if kind == "country"}) < 2:
            agreement.parties += [p for p in pair_told_before(agreement, ents) if p not in agreement.parties]
    return agreements


def link_agreement(agreement: Agreement, talks: list[Meeting], events: list[Meeting], main: Meeting | None,
                   paragraph_of: dict[int, int], person_agency: dict[str, str], ents: ArticleEntities) -> None:
    """Link an agreement to the meeting it was signed at, and complete its parties from that meeting's sides."""
    meeting = signing_talks(agreement, talks, events, paragraph_of, ents)
    if meeting is None and len(agreement.parties) >= 2:
        meeting = Meeting(f"t{len(talks) + 1}", "bilateral", "", list(agreement.sentences))
        for number, (kind, key) in enumerate(agreement.parties):
            meeting.participants[(kind, key)] = "participant" if number == 0 else "counterpart"
        for name in agreement.signatories:
            meeting.participants.setdefault(("person", name), "participant")
        meeting.counterpart = tuple(sorted(agreement.parties[1:]))
        meeting.name = "Signing of " + agreement.title + " – " + " / ".join(key for _, key in agreement.parties)
        talks.append(meeting)
    if meeting is None:
        meeting = main or trip_before(agreement, talks, paragraph_of)
    if meeting is None:
        return
    agreement.meeting = meeting.local_id
    if meeting.meeting_type != "multilateral" and (agreement.reciprocal or not agreement.counterparts):
        agreement.parties += [p for p in meeting_parties(meeting, person_agency) if p not in agreement.parties]
    elif not agreement.parties:
        agreement.parties = [(k, v) for (k, v) in meeting.participants if k == "country"]


def pair_told_before(agreement: Agreement, ents: ArticleEntities, reach: int = 3) -> list[tuple[str, str]]:
    """"A and B have entered into a pact ... an MoU signed by the police chiefs of the two countries": the two
    countries of the latest sentence (up to `reach` before the signing) that names exactly two."""
    for index in range(agreement.sentence, max(-1, agreement.sentence - reach - 1), -1):
        countries = sorted({e.key for e in ents.in_sentence(index, ("country",))})
        if len(countries) == 2:
            return [("country", key) for key in countries]
    return []


def trip_before(agreement: Agreement, talks: list[Meeting], paragraph_of: dict[int, int]) -> Meeting | None:
    """The trip told just before a signing that names no meeting ("X went to Y ... two arrangements were signed")."""
    here = paragraph_of.get(agreement.sentence, 0)
    trips = [t for t in talks if t.meeting_type == "visit" and t.status == "held" and min(t.sentences) <= agreement.sentence
             and here - paragraph_of.get(min(t.sentences), 0) <= 3]
    return max(trips, key=lambda t: min(t.sentences)) if trips else None


def with_countries(parties, ents: ArticleEntities) -> set[tuple[str, str]]:
    """Parties and the countries of their agencies ("the Norwegian police" is also Norway)."""
    out = set(parties)
    for kind, key in parties:
        if kind == "agency":
            out |= {("country", e.attrs["country"]) for e in ents.entities
                    if e.kind == "agency" and e.key == key and e.attrs.get("country")}
    return out


def signing_talks(agreement: Agreement, talks: list[Meeting], events: list[Meeting], paragraph_of: dict[int, int],
                  ents: ArticleEntities) -> Meeting | None:
    """The talks an agreement was signed at: those with its counterpart, else those told in its sentence or
    just before it in the same paragraph."""
    held = [t for t in talks if t.status == "held" and t.meeting_type == "bilateral"]
    held += [e for e in events if e.status == "held" and e.meeting_type == "bilateral"]
    counterparts = with_countries(agreement.counterparts or agreement.parties, ents)
    with_counterpart = [t for t in held if counterparts & with_countries(t.counterpart, ents)]
    if with_counterpart:
        return min(with_counterpart, key=lambda t: abs(min(t.sentences) - agreement.sentence))
    if agreement.counterparts:
        return None  # signed with someone no talks of the article were held with
    # "signed at the end of their tripartite meeting": a meeting of exactly the signing sides.
    parties = {key for kind, key in with_countries(agreement.parties, ents) if kind == "country"}
    among = [e for e in events if e.status == "held" and agreement.sentence in e.sentences and len(parties) >= 2
             and {key for kind, key in with_countries(e.participants, ents) if kind == "country"} == parties]
    if among:
        return among[0]
    same = [t for t in held if agreement.sentence in t.sentences]
    if same:
        return same[0]
    here = paragraph_of.get(agreement.sentence, 0)
    # "The two sides signed": the talks told before, however far; a signing without parties: those nearby.
    reach = 10_000 if agreement.reciprocal else 3 if not agreement.parties else 1
    before = [t for t in held if min(t.sentences) < agreement.sentence
              and here - paragraph_of.get(min(t.sentences), 0) <= reach]
    return max(before, key=lambda t: min(t.sentences)) if before else None


def dedupe_agreements(agreements: list[Agreement]) -> list[Agreement]:
    """An agreement told again in a later sentence ("... signed an MoU. The agreement was signed on ...")
    is one: a later mention with a definite article joins the latest agreement of its type (or any type,
    when it uses the generic word "agreement")."""
    kept: list[Agreement] = []
    for agreement in agreements:
        same = None
        earlier = [k for k in kept if k.sentence < agreement.sentence
                   and (k.agreement_type == agreement.agreement_type or agreement.agreement_type == "agreement")]
        if agreement.definite:
            same = earlier[-1] if earlier else None
        elif agreement.agreement_type == "agreement" and earlier:
            # "... signed a memorandum. Minister X signed an agreement with Y": the generic word, later, for the
            # same signing when the parties agree.
            last = earlier[-1]
            if not last.parties or not agreement.parties or set(last.parties) & set(agreement.parties):
                same = last
        if same is None:
            kept.append(agreement)
            continue
        same.parties = list(dict.fromkeys(same.parties + agreement.parties))
        same.signatories = list(dict.fromkeys(same.signatories + agreement.signatories))
        same.counterparts = list(dict.fromkeys(same.counterparts + agreement.counterparts))
        same.sentences += [i for i in agreement.sentences if i not in same.sentences]
        same.span = same.span or agreement.span
    for number, agreement in enumerate(kept, 1):
        agreement.local_id = f"a{number}"
    return kept
