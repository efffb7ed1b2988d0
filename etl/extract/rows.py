"""One article's facts as plain rows: the unit cached per article and resolved across articles later."""
from __future__ import annotations

from collections import Counter

from etl import dates, reference
from etl.extract.model import ArticleFacts

def lexicon_acronym(name: str) -> str | None:
    """The acronym of an international body of the gazetteer ("UNODC")."""
    from etl.nlp import agency_lexicon

    return next((a.get("acronym") for a in agency_lexicon() if a["name"] == name), None)


def with_sovereigns(participants: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Participants with the country each territory belongs to ("Réunion" takes part for France too)."""
    out = dict(participants)
    for (kind, key), role in participants.items():
        sovereign = reference.sovereign_country(key) if kind == "country" else None
        if sovereign:
            out.setdefault(("country", sovereign), role)
    return out


ROW_TABLES = ("meetings", "participants", "agreements", "agreement_parties", "persons", "agencies",
              "article_countries", "claims")


def facts_to_rows(article_id: str, facts: ArticleFacts) -> dict[str, list[dict]]:
    """One article's facts as plain rows (JSON-serialisable), the unit cached per article and resolved later."""
    def span_fields(span: dates.DateSpan | None) -> dict:
        if span is None:
            return {"start_date": None, "end_date": None, "date_precision": "unknown"}
        start = span.start.isoformat() if span.start else None
        end = span.end.isoformat() if span.end else None
        return {"start_date": start, "end_date": end, "date_precision": span.precision}

    def evidence(indexes: list[int]) -> str:
        return " ".join(facts.sentence_text[i] for i in sorted(set(indexes)) if i in facts.sentence_text)

    rows: dict[str, list[dict]] = {name: [] for name in ROW_TABLES}
    for m in facts.meetings:
        rows["meetings"].append({
            "article_id": article_id, "local_id": m.local_id, "meeting_type": m.meeting_type, "name": m.name,
            "ordinal": m.ordinal, "noun": m.noun, "organizer": m.organizer, "status": m.status, "parent": m.parent,
            "city": m.city, "city_surface": m.city_surface, "country_iso2": m.country, **span_fields(m.span),
            "evidence": evidence(m.sentences),
        })
        for (kind, key), role in sorted(with_sovereigns(m.participants).items()):
            rows["participants"].append({"article_id": article_id, "local_id": m.local_id, "kind": kind, "key": key, "role": role})
    for a in facts.agreements:
        rows["agreements"].append({
            "article_id": article_id, "local_id": a.local_id, "agreement_type": a.agreement_type, "title": a.title,
            "meeting": a.meeting, **span_fields(a.span), "evidence": evidence(a.sentences),
        })
        for kind, key in with_sovereigns({p: "" for p in a.parties}):
            rows["agreement_parties"].append({"article_id": article_id, "local_id": a.local_id, "kind": kind, "key": key})
    # People of an article that reports no meeting and no agreement (a list of headlines, an unrelated story)
    # are not people of this warehouse's stories.
    people = facts.entities.persons.items() if facts.meetings or facts.agreements else []
    for name, record in sorted(people):
        rows["persons"].append({
            "article_id": article_id, "name": name, "aliases": sorted(record["aliases"] | {name}),
            "title": record.get("title") or None, "agency": facts.person_agency.get(name),
            "country_iso2": facts.person_country.get(name),
            "mentions": record.get("mentions", 0),
        })
    agencies: dict[str, dict] = {}
    for e in facts.entities.entities:
        if e.kind != "agency":
            continue
        row = agencies.setdefault(e.key, {"article_id": article_id, "key": e.key, "surfaces": set(), "acronym": None,
                                          "international": bool(e.attrs.get("international")), "country_iso2": None})
        row["surfaces"] |= {e.text, e.key}
        row["acronym"] = row["acronym"] or e.attrs.get("acronym") or (lexicon_acronym(e.key) if e.attrs.get("international") else None)
        row["country_iso2"] = row["country_iso2"] or e.attrs.get("country")
    for acronym, name in facts.entities.acronyms.items():
        if name in agencies:
            agencies[name]["acronym"] = agencies[name]["acronym"] or acronym
            agencies[name]["surfaces"].add(acronym)
    for row in agencies.values():
        rows["agencies"].append({**row, "surfaces": sorted(row["surfaces"])})
    countries = Counter(e.key for e in facts.entities.entities if e.kind == "country")
    countries.update(e.attrs["country"] for e in facts.entities.entities if e.kind == "city" and e.attrs.get("country"))
    for iso2, count in sorted(countries.items()):
        rows["article_countries"].append({"article_id": article_id, "iso2": iso2, "mentions": count})
    for claim in facts.claims:
        rows["claims"].append({"article_id": article_id, "meeting": claim["meeting"], "subject": claim["subject"],
                               "what": claim["what"], "claimed": claim["claimed"], "listed": claim["listed"]})
    return rows


