"""Records of the consolidated timeline: people, meeting events and agreements across articles.

These shapes are the output of ``build_timeline`` (serialised as JSON by ``timeline --format json``).
Ids here (``P1``, ``E1``, ``A1``) are timeline ids, numbered in timeline order; every source keeps
the article id and the article-level record id (``M2``, ``A1``, ``P3``) it came from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..models import (
    AgreementStatus,
    Article,
    DateRange,
    Granularity,
    MeetingKind,
    MeetingStatus,
    Mod,
    ParticipantKind,
    Record,
    Span,
    TimeExpression,
)

TIMELINE_SCHEMA_VERSION = "1"


class SourceRef(Record):
    """One article record that was merged into a timeline entry, and why it was merged."""

    article: str
    """Article id."""
    record: str
    """The record's id inside that article (``M1``, ``A2``, ``P3``)."""
    published: str | None = None
    """The article's publication date."""
    outlet: str | None = None
    """The article's source (outlet)."""
    url: str | None = None
    """The article's URL."""
    kind: str | None = None
    """The kind (meetings) reported by this source."""
    status: str | None = None
    """The status reported by this source."""
    date: TimeExpression | None = None
    """The date as this source gives it."""
    location: str | None = None
    """The place as this source writes it."""
    evidence: list[Span] = Field(default_factory=list)
    """The evidence spans in the source article."""
    rule: str
    """The extraction rule that produced the record in its article."""
    match: str
    """The merge rule that attached this record to the entry (``timeline.new`` for the first one)."""


class TitleAt(Record):
    """A title a person held, as one article states it."""

    title: str | None = None
    """Position as written in that article."""
    rank: str | None = None
    """Military rank in that article."""
    organization: str | None = None
    """Body served, in that article."""
    former: bool = False
    """True when the article names the title as formerly held."""
    as_of: str | None = None
    """Publication date of the article (when the title was reported held)."""
    article: str
    """Article id."""


class PersonSource(Record):
    """One article's participant record merged into a timeline person."""

    article: str
    """Article id."""
    record: str
    """Participant id in that article."""
    name: str
    """Name as the article gives it."""
    match: str
    """The merge rule that attached it (``timeline.new`` for the first one)."""
    mentions: list[Span] = Field(default_factory=list)
    """Mentions in that article."""


class Person(Record):
    """One person or organisation across articles."""

    id: str
    """``P1``, ``P2``, … (timeline ids, in order of first appearance)."""
    kind: ParticipantKind
    """``person`` or ``organization``."""
    name: str
    """Fullest name used by any article."""
    names: list[str] = Field(default_factory=list)
    """Every distinct name used, in order of appearance."""
    rank: str | None = None
    """Rank in the latest article that gives one."""
    title: str | None = None
    """Current title: that of the latest article that gives one (not a former one)."""
    affiliation: str | None = None
    """Party acted for (``KOR``, ``NATO``)."""
    titles: list[TitleAt] = Field(default_factory=list)
    """Titles over time, oldest article first."""
    sources: list[PersonSource] = Field(default_factory=list)
    """The participant records merged into this person."""


class EventDate(Record):
    """The consolidated date of an entry: the best date a source gives, and which source gave it."""

    value: str | None
    """TIMEX3 value."""
    granularity: Granularity | None
    """Unit of the value."""
    mod: Mod | None = None
    """TIMEX3 modifier."""
    range: DateRange | None = None
    """Inclusive days covered."""
    text: str
    """The expression as written in the source."""
    article: str
    """Article the date was taken from."""
    record: str
    """Record id in that article."""


class ConflictValue(Record):
    """One of the disagreeing values, with the sources that give it."""

    value: str | None
    """The value (a TIMEX3 value for dates, a place for locations)."""
    sources: list[str]
    """``article:record`` of every source giving it."""


class Conflict(Record):
    """Sources of one entry that disagree; all values are kept."""

    field: Literal["date", "location"]
    """Which field disagrees."""
    values: list[ConflictValue]
    """The disagreeing values (the chosen one first)."""
    message: str
    """What disagrees and which value the entry shows."""


class MeetingEvent(Record):
    """One meeting (talks, visit, call, …) as reported by one or more articles."""

    id: str
    """``E1``, ``E2``, … in timeline order."""
    type: Literal["meeting"] = "meeting"
    """Entry type."""
    key: str
    """Stable content key (hash of the merged sources): the same sources always give the same key."""
    kind: MeetingKind
    """Kind, from the source that gives the most specific one."""
    status: MeetingStatus
    """``held`` if any source reports it held, else ``planned``, else ``proposed``."""
    date: EventDate | None = None
    """Consolidated date (the most precise date a source gives); null when no source dates it."""
    participants: list[str] = Field(default_factory=list)
    """Timeline person ids."""
    location: str | None = None
    """Place, as the first source that names one writes it."""
    topics: list[str] = Field(default_factory=list)
    """Union of the sources' topics."""
    cameo: str
    """CAMEO code of the source the kind was taken from."""
    sources: list[SourceRef] = Field(default_factory=list)
    """Every merged article record, oldest article first."""
    conflicts: list[Conflict] = Field(default_factory=list)
    """Disagreements between sources (kept, never dropped)."""


class AgreementEvent(Record):
    """One agreement as reported by one or more articles."""

    id: str
    """``A1``, ``A2``, … in timeline order."""
    type: Literal["agreement"] = "agreement"
    """Entry type."""
    key: str
    """Stable content key (hash of the merged sources)."""
    name: str | None = None
    """Longest name any source gives."""
    acronym: str | None = None
    """Acronym any source gives."""
    description: str | None = None
    """Description of the first source that has one."""
    status: AgreementStatus
    """The most advanced status any source reports (signed > agreed > committed > proposed > under_discussion)."""
    date: EventDate | None = None
    """Signing (or agreeing) date, from the source that states it with the most advanced status."""
    parties: list[str] = Field(default_factory=list)
    """Union of the parties."""
    signatories: list[str] = Field(default_factory=list)
    """Timeline person ids."""
    topics: list[str] = Field(default_factory=list)
    """Union of the sources' topics."""
    cameo: str
    """CAMEO code of the source the status was taken from."""
    sources: list[SourceRef] = Field(default_factory=list)
    """Every merged article record, oldest article first."""
    conflicts: list[Conflict] = Field(default_factory=list)
    """Disagreements between sources (kept, never dropped)."""


Entry = MeetingEvent | AgreementEvent


class Timeline(Record):
    """The consolidated timeline of many articles."""

    schema_version: str = TIMELINE_SCHEMA_VERSION
    """Version of this timeline format."""
    articles: list[Article] = Field(default_factory=list)
    """The articles merged, in processing order (publication date, then id)."""
    people: list[Person] = Field(default_factory=list)
    """People and organisations across articles."""
    entries: list[MeetingEvent | AgreementEvent] = Field(default_factory=list)
    """Meetings and agreements in date order (undated ones last)."""

    def person(self, pid: str) -> Person | None:
        """The person with timeline id ``pid``."""
        for p in self.people:
            if p.id == pid:
                return p
        return None
