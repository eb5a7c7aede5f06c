"""The records of the output contract (``shared/contract.md``, version 1).

This module is the only place record shapes live. Every model forbids unknown fields;
field docstrings become the descriptions of the generated JSON Schema (``schemas/``).
Records are plain data: extractors build them, the pipeline assembles them, ``export``
serialises them with orjson.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]
Mod = Literal["START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_AFTER"]
DateStatus = Literal["absolute", "resolved", "unanchored", "ambiguous"]
ParticipantKind = Literal["person", "organization"]
MeetingKind = Literal["talks", "visit", "phone_call", "video_call", "multilateral_meeting", "summit"]
MeetingStatus = Literal["held", "planned", "proposed"]
AgreementStatus = Literal["signed", "agreed", "committed", "proposed", "under_discussion"]
StatementKind = Literal["direct", "partial", "reported"]
PublishedFrom = Literal["given", "sidecar", "text"]
DiagnosticLevel = Literal["error", "warning", "info"]


class Record(BaseModel):
    """Base of every contract model: strict (unknown fields are an error), documented fields."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=False)


class Span(Record):
    """A piece of the original article text."""

    start: int = Field(ge=0)
    """Character offset of the first character in the ORIGINAL text (not a cleaned copy)."""
    end: int = Field(ge=0)
    """Character offset one past the last character (end exclusive)."""
    text: str
    """Exactly ``original[start:end]``."""


class DateRange(Record):
    """The inclusive calendar dates an expression covers."""

    start: _dt.date
    """First day covered (inclusive)."""
    end: _dt.date
    """Last day covered (inclusive)."""


class TimeExpression(Record):
    """A date expression found in the text and its TIMEX3-style resolution."""

    text: str
    """The expression as written (determiners and modifiers included, prepositions not)."""
    start: int = Field(ge=0)
    """Offset of the expression in the original text."""
    end: int = Field(ge=0)
    """End offset (exclusive) of the expression in the original text."""
    value: str | None
    """TIMEX3 value: ``2022-04-11``, ``2021-11``, ``2024``, ``2024-W03``, ``2023-Q1``, ``2023-SU``, ``199``
    (a decade), ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``; underspecified without an anchor
    (``XXXX-11``, ``XXXX-WXX-1``); null only when nothing can be said."""
    granularity: Granularity | None
    """Unit of the value; null for the reference values ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``."""
    mod: Mod | None = None
    """TIMEX3 modifier: START (early …), MID, END (late …), APPROX (around …), BEFORE, AFTER,
    ON_OR_AFTER (since …)."""
    range: DateRange | None = None
    """Inclusive calendar dates covered; null when unanchored or a reference value."""
    anchor: str | None = None
    """The date the value was resolved against (publication date, or another event's date for
    anaphora such as "the same day"); null for absolute dates."""
    status: DateStatus
    """``absolute`` (fully stated), ``resolved`` (relative, resolved against ``anchor``),
    ``unanchored`` (relative, no anchor known), ``ambiguous`` (anchor too coarse)."""
    rule: str
    """Id of the pattern or resolution rule that produced this expression."""


class Article(Record):
    """What is known about the article itself."""

    id: str
    """Article id: the file stem, the ``id`` given, or the first 16 hex digits of ``text_sha256``."""
    source: str | None = None
    """Outlet that published the article."""
    headline: str | None = None
    """Headline, when known."""
    byline: str | None = None
    """Author(s), when known."""
    url: str | None = None
    """Where the article was published."""
    published: str | None = None
    """Publication date as precise as known: ``2022-05``, ``2022-04-11`` or
    ``2023-02-14T18:22:00+09:00``; null if unknown."""
    published_from: PublishedFrom | None = None
    """Where ``published`` came from: ``given`` (argument or flag), ``sidecar`` (``.meta.json``),
    ``text`` (a publication line in the article), or null."""
    text_sha256: str
    """SHA-256 of the original text (UTF-8), hex."""


class Participant(Record):
    """A person or an organisation that acts in the article (meets, signs, speaks, reports)."""

    id: str
    """``P1``, ``P2``, … in order of first mention."""
    kind: ParticipantKind
    """``person`` or ``organization``."""
    name: str
    """Fullest name used in the article ("Rob Bauer", "Won In-choul", "Joint Chiefs of Staff")."""
    rank: str | None = None
    """Military rank in full form ("Admiral", "Major General"), else null."""
    title: str | None = None
    """Position held as of the article ("Chairman of the NATO Military Committee", "Defense Minister")."""
    former: bool = False
    """True when the article names the title as formerly held ("then-Chairman Petr Pavel")."""
    organization: str | None = None
    """Body the person serves in ("NATO Military Committee", "Ministry of National Defense")."""
    affiliation: str | None = None
    """Party acted for: ISO 3166-1 alpha-3 for states (``KOR``, ``USA``), acronym for bodies
    (``NATO``, ``UN``)."""
    mentions: list[Span] = Field(default_factory=list)
    """Every span that refers to it: full name, surname alone, title alone, rank + surname."""
    rule: str
    """Id of the rule that found the participant's first mention."""


class Meeting(Record):
    """Talks, a visit, a phone or video call, a multilateral meeting or a summit."""

    id: str
    """``M1``, ``M2``, … in order of first evidence."""
    kind: MeetingKind
    """``talks``, ``visit``, ``phone_call``, ``video_call``, ``multilateral_meeting``, ``summit``."""
    status: MeetingStatus
    """``held``, ``planned`` (scheduled, upcoming) or ``proposed``."""
    participants: list[str] = Field(default_factory=list)
    """Participant ids of those who took part (hosts and visitors)."""
    date: TimeExpression | None = None
    """When it took place or will take place, resolved; null if the text gives no date."""
    location: str | None = None
    """Place as written ("Seoul", "Brussels"); null if not stated."""
    topics: list[str] = Field(default_factory=list)
    """Topic ids from the topic vocabulary."""
    cameo: str
    """CAMEO event code: 040 consult, 041 discuss by telephone, 042 make a visit, 043 host a visit,
    044 meet at a third location, 046 engage in negotiation."""
    evidence: list[Span] = Field(default_factory=list)
    """The sentence spans the meeting was read from."""
    rule: str
    """Id of the rule that found the meeting."""


class Agreement(Record):
    """A signed instrument, an agreed measure, a commitment, a proposal or a framework under discussion."""

    id: str
    """``A1``, ``A2``, … in order of first evidence."""
    name: str | None = None
    """Name of the instrument ("Individually Tailored Partnership Program"); null for an unnamed measure."""
    acronym: str | None = None
    """Its acronym ("ITPP"), when the text gives one."""
    description: str | None = None
    """What was agreed, as a short phrase from the text."""
    status: AgreementStatus
    """``signed``, ``agreed``, ``committed``, ``proposed`` or ``under_discussion``."""
    parties: list[str] = Field(default_factory=list)
    """Party codes (``KOR``, ``NATO``)."""
    signatories: list[str] = Field(default_factory=list)
    """Participant ids of those who signed or agreed; may be empty."""
    date: TimeExpression | None = None
    """When it was signed or agreed; null if not given."""
    topics: list[str] = Field(default_factory=list)
    """Topic ids from the topic vocabulary."""
    cameo: str
    """CAMEO code: 057 sign formal agreement, 062 cooperate militarily (a signed military-cooperation
    instrument), 0312 express intent to cooperate militarily, 036 express intent to meet or negotiate."""
    evidence: list[Span] = Field(default_factory=list)
    """The sentence spans the agreement was read from."""
    rule: str
    """Id of the rule that found the agreement."""


class Statement(Record):
    """A direct quote, a partial quote inside reported speech, or reported speech."""

    id: str
    """``S1``, ``S2``, … in text order."""
    speaker: str | None = None
    """Participant id of who said it, or null when unknown."""
    speaker_text: str | None = None
    """The speaker as written at this statement ("Bauer", "South Korea's JCS")."""
    via: str | None = None
    """Participant id of the channel that reported it ("according to the JCS"), or null."""
    kind: StatementKind
    """``direct`` (whole sentence quoted), ``partial`` (quoted fragment in reported speech),
    ``reported`` (no quotation marks)."""
    text: str
    """The words quoted, without quotation marks; for ``reported``, the reported clause."""
    verb: str | None = None
    """The reporting verb as a lemma ("say", "propose", "emphasize")."""
    date: TimeExpression | None = None
    """When the statement was made, if the text dates it."""
    evidence: Span
    """The whole sentence."""
    rule: str
    """Id of the rule that found the statement."""


class Diagnostic(Record):
    """A problem met while extracting one article."""

    extractor: str
    """Name of the extractor (or stage: ``input``, ``sidecar``, ``context``) that met it."""
    level: DiagnosticLevel = "warning"
    """``error`` (records of that extractor are missing), ``warning``, or ``info``."""
    message: str
    """What happened, in words a user can act on."""


class Extraction(Record):
    """Everything extracted from one article."""

    schema_version: str = SCHEMA_VERSION
    """Version of this output contract."""
    article: Article
    """The article's metadata."""
    participants: list[Participant] = Field(default_factory=list)
    """People and organisations that act in the article, in order of first mention."""
    meetings: list[Meeting] = Field(default_factory=list)
    """Meetings, in order of first evidence."""
    agreements: list[Agreement] = Field(default_factory=list)
    """Agreements, in order of first evidence."""
    statements: list[Statement] = Field(default_factory=list)
    """Statements, in text order."""
    dates: list[TimeExpression] = Field(default_factory=list)
    """Every date expression found, in text order."""
    extras: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    """Records of extractors added by users, keyed by extractor name."""
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    """Problems met while extracting this article; empty when all went well."""

    def spans(self) -> list[Span]:
        """Every offset-bearing piece of this extraction, as ``Span``s (for offset checks)."""
        out: list[Span] = []

        def tex(t: TimeExpression | None) -> None:
            if t is not None:
                out.append(Span(start=t.start, end=t.end, text=t.text))

        for d in self.dates:
            tex(d)
        for p in self.participants:
            out.extend(p.mentions)
        for m in self.meetings:
            out.extend(m.evidence)
            tex(m.date)
        for a in self.agreements:
            out.extend(a.evidence)
            tex(a.date)
        for s in self.statements:
            out.append(s.evidence)
            tex(s.date)
        return out


#: The models whose JSON Schema is published under ``schemas/``, by file stem.
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "extraction": Extraction,
    "article": Article,
    "participant": Participant,
    "meeting": Meeting,
    "agreement": Agreement,
    "statement": Statement,
    "time_expression": TimeExpression,
    "span": Span,
}
