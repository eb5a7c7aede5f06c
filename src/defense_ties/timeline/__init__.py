"""One timeline across articles: the records of many ``Extraction``s merged into consolidated events.

``build_timeline(extractions) -> Timeline`` (see ``timeline.models``). The merge is deterministic and
does not depend on the order the extractions are given in: articles are processed by publication
date, then article id; each record is compared with the entries built so far and joins the best
compatible one, or starts a new entry. Every source keeps its article id, its record id, its
evidence spans and ``match``: the id of the merge rule that attached it.

Merge rules (``docs/timeline.md`` gives them with examples):

People (``person.*``, ``organization.*``)
  1. Same full name (accents and case ignored, words in any order, "In-choul" = "Inchoul") and
     compatible affiliations (equal, or one unknown) → one person (``person.same_name``); their
     titles are listed over time (a promotion or a new post does not split a person).
  2. A name that is part of another ("Bauer" / "Rob Bauer") → the same person only when exactly one
     known person fits (none of its names contradicting: a "Kim" already merged with "Kim
     Myung-soo" does not take "Kim Su-kwang"), affiliations are compatible and titles are compatible (their words —
     title and organisation — overlap, or one side has none) (``person.partial_name+compatible_title``).
  3. Organisations: same name, or an acronym equal to the initials of the other's name ("JCS" /
     "Joint Chiefs of Staff"), with compatible affiliations; or, with the same known affiliation,
     the words of one name inside the other's, the smaller of two words at least, when only one
     organisation fits ("Defense Ministry" / "Ministry of National Defense";
     ``organization.partial_name``; "NATO" / "NATO Military Committee" stay apart).
  4. People never merge across kinds, across different affiliations, nor ambiguously.

Meetings (``meeting.<participants>+<date>``)
  1. Never two records of the same article (its extractor already merged its mentions).
  2. Kinds compatible: equal, or in one group — {talks, visit}, {phone_call, video_call},
     {multilateral_meeting, summit}. A phone call is never the same event as a visit.
  3. Participants (people; organisations only when a record names no person): equal sets, one a
     subset of the other ("Bauer's trip" ⊂ "Bauer met Won"), or at least two people shared.
  4. Dates: the windows overlap (a month contains a day; "early/late/mid/around" widen to the whole
     month or year), or one side is undated — then the participant sets must be equal or share two
     people, a "held" report cannot be of an event dated after its publication, and the event
     nearest the publication wins. Windows at most ``CONFLICT_WINDOW_DAYS`` (7) days apart →
     merged AND flagged as a date conflict; farther apart → two events (a recurring meeting).
  5. Places (``timeline.places``: countries from the places/countries lexicons, else the words):
     places in different countries block the merge unless the dates overlap (then the place
     conflict is flagged); "Seoul" and "South Korea" are compatible.
  6. A record naming nobody joins only the single event of a compatible kind at a compatible
     place whose date overlaps its own at month precision or finer
     (``meeting.unattributed+same_place+compatible_date``); else it stays alone.
  7. Among several compatible events: overlapping date > undated > conflicting date, then equal
     participants, same kind, more shared people, then the earliest event.
  Consolidated values: kind by majority of sources (first source on a tie); status held > planned
  > proposed; the date is the most precise one (day > week > month > …, stated > resolved >
  ambiguous, then the value most sources give, then the oldest article); location from the first
  source naming one; topics the union. Sources giving a date outside the chosen one's window, and
  places that do not contain one another, are listed in ``conflicts`` — every value kept.

Agreements (``agreement.*``)
  1. Same acronym, same name, or an acronym equal to the initials of the other's name ("ITPP" /
     "Individually Tailored Partnership Program"), and parties that nest ({KOR, NATO} / {NATO} fit;
     {GBR, JPN} / {PHL, JPN} — two reciprocal access agreements — do not). A record without
     parties takes those of its signatories, else of the people named inside its evidence.
  2. Unnamed measures: same parties and descriptions sharing at least half their words, with
     compatible dates.
  The status shown is the most advanced (signed > agreed > committed > proposed > under_discussion);
  the date is taken from the source with the most advanced dated status — the signing date from
  the article that states it, not the date another article mentions the agreement. Sources of that
  same status giving other dates are a conflict.

Entries are sorted by date (start, then end; undated last), meetings before agreements on the same
day, and numbered ``E1…`` (meetings) and ``A1…`` (agreements); people ``P1…`` in order of first
appearance.
"""

from __future__ import annotations

from .merge import CONFLICT_WINDOW_DAYS, build_timeline, date_window, kinds_compatible, relation
from .models import (
    AgreementEvent,
    Conflict,
    ConflictValue,
    EventDate,
    MeetingEvent,
    Person,
    PersonSource,
    SourceRef,
    Timeline,
    TitleAt,
)

__all__ = [
    "CONFLICT_WINDOW_DAYS",
    "AgreementEvent",
    "Conflict",
    "ConflictValue",
    "EventDate",
    "MeetingEvent",
    "Person",
    "PersonSource",
    "SourceRef",
    "Timeline",
    "TitleAt",
    "build_timeline",
    "date_window",
    "kinds_compatible",
    "relation",
]
