"""What extraction reads from one article: its meetings, agreements and the entities behind them."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl import dates
from etl.entities import ArticleEntities, Entity


@dataclass
class Meeting:
    """One meeting as one article tells it (merged across articles later, in `etl.resolve`)."""

    local_id: str
    meeting_type: str  # multilateral | bilateral | visit
    name: str
    sentences: list[int]
    ordinal: int | None = None
    noun: str = ""  # the event noun's class (assembly, conference, summit, meeting), for merging
    organizer: str | None = None
    status: str = "held"
    parent: str | None = None
    city: str | None = None
    city_surface: str | None = None
    country: str | None = None
    span: dates.DateSpan | None = None
    participants: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> role
    counterpart: tuple = ()  # the (kind, key) of the other side of bilateral talks or the visited body
    anchors: set[int] = field(default_factory=set)  # article offsets of the words that name it (for merging)
    trip: bool = False  # a journey to a country or city, told as a whole

    def add(self, entity: Entity, role: str = "participant") -> None:
        """Add a participant; a specific role (host, organizer...) is never downgraded to participant."""
        key = (entity.kind, entity.key)
        if key not in self.participants or self.participants[key] == "participant":
            self.participants[key] = role

    def sides(self) -> set[tuple[str, str]]:
        return set(self.participants)


@dataclass
class Agreement:
    """One signed agreement as one article tells it."""

    local_id: str
    agreement_type: str  # mou | agreement | protocol | declaration
    title: str
    sentence: int
    parties: list[tuple[str, str]]
    sentences: list[int] = field(default_factory=list)
    meeting: str | None = None
    span: dates.DateSpan | None = None
    definite: bool = False  # named with a definite article ("the MoU"): maybe told before
    signatories: list[str] = field(default_factory=list)  # persons who signed (bare names)
    counterparts: list[tuple[str, str]] = field(default_factory=list)  # parties named as the other side
    reciprocal: bool = False  # signed by "both sides": its parties are its meeting's sides


@dataclass
class ArticleFacts:
    """What one article says: its meetings, agreements, persons, agencies and claimed counts."""

    meetings: list[Meeting]
    agreements: list[Agreement]
    entities: ArticleEntities
    person_agency: dict[str, str]
    person_country: dict[str, str]
    claims: list[dict]
    sentence_text: dict[int, str]
