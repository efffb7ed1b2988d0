"""What one article, written for a test, is read as: meetings with their participants, agreements with
their parties, in the terms of the contract ("How articles are read").

`read(text, language, published)` runs the real path (spaCy, gazetteer, extraction rules) through
`etl.extract.read_text` and wraps its rows so that tests can ask questions a reader would ask: which
bilateral meetings are there, which countries does a meeting represent, which persons took part.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl import extract


@dataclass
class Meeting:
    """One meeting read from the article."""

    local_id: str
    meeting_type: str  # multilateral | bilateral | visit
    status: str  # held | planned
    name: str
    ordinal: int | None
    parent: str | None  # local_id of the multilateral meeting it took place beside
    city: str | None
    country: str | None
    start_date: str | None
    end_date: str | None
    date_precision: str
    organizer: str | None
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> role
    countries: set[str] = field(default_factory=set)  # countries the meeting represents (as the scorer counts)

    @property
    def persons(self) -> set[str]:
        return {key for kind, key in self.roles if kind == "person"}

    @property
    def agencies(self) -> set[str]:
        return {key for kind, key in self.roles if kind == "agency"}

    def has_person(self, name: str) -> bool:
        """True when a participant person's bare name is `name` or ends with it (a surname)."""
        return any(p == name or p.endswith(" " + name) for p in self.persons)

    def has_agency(self, fragment: str) -> bool:
        """True when a participant agency's name contains `fragment` (case-insensitive)."""
        return any(fragment.lower() in a.lower() for a in self.agencies)


@dataclass
class Agreement:
    """One signed agreement read from the article."""

    local_id: str
    agreement_type: str  # mou | agreement | protocol | declaration
    title: str
    meeting: str | None  # local_id of the meeting it was signed at
    parties: set[tuple[str, str]]
    countries: set[str]  # countries of its parties (country parties and the countries of agency parties)

    def has_agency(self, fragment: str) -> bool:
        return any(kind == "agency" and fragment.lower() in key.lower() for kind, key in self.parties)


@dataclass
class Reading:
    """Everything read from one article."""

    rows: dict[str, list[dict]]
    meetings: list[Meeting]
    agreements: list[Agreement]

    def of_type(self, meeting_type: str, status: str | None = None) -> list[Meeting]:
        return [m for m in self.meetings if m.meeting_type == meeting_type and (status is None or m.status == status)]

    def bilaterals(self, status: str | None = None) -> list[Meeting]:
        return self.of_type("bilateral", status)

    def multilaterals(self, status: str | None = None) -> list[Meeting]:
        return self.of_type("multilateral", status)

    def visits(self, status: str | None = None) -> list[Meeting]:
        return self.of_type("visit", status)

    def meeting(self, local_id: str | None) -> Meeting | None:
        return next((m for m in self.meetings if m.local_id == local_id), None)

    def with_country(self, iso2: str, meeting_type: str | None = "bilateral") -> list[Meeting]:
        """Meetings (of a type) that represent a country."""
        return [m for m in self.meetings if iso2 in m.countries and (meeting_type is None or m.meeting_type == meeting_type)]

    def with_person(self, name: str, meeting_type: str | None = "bilateral") -> list[Meeting]:
        return [m for m in self.meetings if m.has_person(name) and (meeting_type is None or m.meeting_type == meeting_type)]

    @property
    def persons(self) -> set[str]:
        """Bare names of every person read in the article."""
        return {row["name"] for row in self.rows["persons"]}


def read(text: str, language: str = "en", published: str | None = "2024-05-10") -> Reading:
    """Read one article written for a test (published on `published`, "YYYY-MM-DD", or None)."""
    rows = extract.read_text(text, language, published)
    agency_country = {row["key"]: row["country_iso2"] for row in rows["agencies"] if not row["international"]}
    person_country = {}
    for row in rows["persons"]:
        person_country[row["name"]] = row["country_iso2"] or agency_country.get(row["agency"] or "")
    meetings = []
    for row in rows["meetings"]:
        roles = {(p["kind"], p["key"]): p["role"] for p in rows["participants"] if p["local_id"] == row["local_id"]}
        countries = {key for kind, key in roles if kind == "country"}
        countries |= {agency_country[key] for kind, key in roles if kind == "agency" and agency_country.get(key)}
        countries |= {person_country[key] for kind, key in roles if kind == "person" and person_country.get(key)}
        meetings.append(Meeting(
            row["local_id"], row["meeting_type"], row["status"], row["name"], row["ordinal"], row["parent"],
            row["city"], row["country_iso2"], row["start_date"], row["end_date"], row["date_precision"],
            row["organizer"], roles, countries))
    agreements = []
    for row in rows["agreements"]:
        parties = {(p["kind"], p["key"]) for p in rows["agreement_parties"] if p["local_id"] == row["local_id"]}
        countries = {key for kind, key in parties if kind == "country"}
        countries |= {agency_country[key] for kind, key in parties if kind == "agency" and agency_country.get(key)}
        agreements.append(Agreement(row["local_id"], row["agreement_type"], row["title"], row["meeting"], parties,
                                    countries))
    return Reading(rows, meetings, agreements)
