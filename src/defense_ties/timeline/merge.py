"""Merging the records of many ``Extraction``s into one timeline (the rules are in the package docstring)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..models import Agreement, Article, Extraction, Meeting, Participant, ParticipantKind, TimeExpression
from ..textfold import fold
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
from .names import content_words, initials, is_acronym, name_parts, name_words, partial_name, place_key, same_name
from .places import places_compatible

#: Two dates of what otherwise looks like one event, this many days apart or fewer, are a conflict
#: (kept, flagged); farther apart they are two events (a recurring meeting).
CONFLICT_WINDOW_DAYS = 7
#: Days added on both sides of an ``APPROX`` day date.
APPROX_DAYS = 3
#: Two unnamed agreements merge when their descriptions share this share of words (Jaccard).
DESCRIPTION_OVERLAP = 0.5

#: Meeting kinds that may describe one event: talks during a visit; a phone or a video call; a
#: summit that is a multilateral meeting.
KIND_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"talks", "visit"}),
    frozenset({"phone_call", "video_call"}),
    frozenset({"multilateral_meeting", "summit"}),
)
_GRANULARITY = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 4, "year": 5, "decade": 6, "century": 7}
_DATE_STATUS = {"absolute": 0, "resolved": 1, "ambiguous": 2, "unanchored": 3}
_MEETING_STATUS = {"held": 0, "planned": 1, "proposed": 2}
_AGREEMENT_STATUS = {"signed": 0, "agreed": 1, "committed": 2, "proposed": 3, "under_discussion": 4}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")

Window = tuple[dt.date, dt.date]
Relation = Literal["overlap", "unknown", "near", "far"]


def kinds_compatible(a: str, b: str) -> bool:
    """True when meeting kinds ``a`` and ``b`` can describe the same event."""
    return a == b or any(a in g and b in g for g in KIND_GROUPS)


def date_window(t: TimeExpression | None) -> Window | None:
    """The days a date may fall on, for comparison: its range, widened to the whole month or year
    for ``early``/``mid``/``late``/``around`` (START, MID, END, APPROX), ±3 days for an approximate
    day; ``None`` when unknown or open-ended (BEFORE, AFTER, ON_OR_AFTER)."""
    if t is None or t.range is None:
        return None
    if t.mod in ("BEFORE", "AFTER", "ON_OR_AFTER"):
        return None
    start, end = t.range.start, t.range.end
    if t.mod in ("START", "MID", "END", "APPROX") and t.value:
        if m := _MONTH.match(t.value):
            y, mo = int(m.group(1)), int(m.group(2))
            if 1 <= mo <= 12:
                nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
                return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        elif m := _YEAR.match(t.value):
            y = int(m.group(1))
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        elif t.mod == "APPROX" and t.granularity == "day":
            pad = dt.timedelta(days=APPROX_DAYS)
            return start - pad, end + pad
    return start, end


def relation(a: Window | None, b: Window | None) -> Relation:
    """How two date windows relate: ``overlap``, ``unknown`` (one missing), ``near`` (apart by at
    most ``CONFLICT_WINDOW_DAYS``: a conflict) or ``far`` (two different events)."""
    if a is None or b is None:
        return "unknown"
    if a[0] <= b[1] and b[0] <= a[1]:
        return "overlap"
    gap = max((a[0] - b[1]).days, (b[0] - a[1]).days)
    return "near" if gap <= CONFLICT_WINDOW_DAYS else "far"


def _affiliation_ok(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _published_key(article: Article) -> str:
    return (article.published or "9999")[:10]


# ---------------------------------------------------------------------------------------- people


@dataclass(eq=False)
class _Person:
    idx: int
    kind: ParticipantKind
    names: list[str]
    affiliation: str | None
    words: set[str]
    acronyms: set[str]
    items: list[tuple[int, Participant, str]] = field(default_factory=list)


def _title_words(p: Participant) -> frozenset[str]:
    return content_words(" ".join(x for x in (p.title, p.organization) if x))


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    """One word set strictly inside the other, the smaller of at least two words
    ("Defense Ministry" / "Ministry of National Defense"; not "NATO" / "NATO Military Committee")."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= 2 and small < large


def _org_acronyms(name: str) -> set[str]:
    out = {name.upper()} if is_acronym(name) else set()
    init = initials(name)
    if init:
        out.add(init)
    return out


def _exact_keys(name: str) -> set[str]:
    """Keys equal for two names exactly when ``same_name`` holds."""
    words, parts = name_words(name), name_parts(name)
    if not words:
        return set()
    return {"w:" + " ".join(sorted(words)), "p:" + " ".join(sorted(parts)), "j:" + "".join(sorted(words))}


def _subsets(words: frozenset[str]) -> list[frozenset[str]]:
    ws = sorted(words)[:6]
    return [frozenset(c) for r in range(1, len(ws)) for c in itertools.combinations(ws, r)]


class _People:
    def __init__(self) -> None:
        self.people: list[_Person] = []
        self.index: dict[str, list[_Person]] = {}  # exact name keys, name words, acronyms → people (blocking)

    @staticmethod
    def _keys(kind: str, name: str) -> set[str]:
        if kind == "organization":
            key = " ".join(sorted(content_words(name)))
            words = {"ow:" + w for w in content_words(name)}
            return ({"o:" + key} if key else set()) | {"a:" + a for a in _org_acronyms(name)} | words
        return _exact_keys(name) | {"x:" + w for w in name_words(name) | name_parts(name)}

    def _lookup(self, keys: Iterable[str]) -> list[_Person]:
        found = {id(q): q for k in keys for q in self.index.get(k, [])}
        return sorted(found.values(), key=lambda q: q.idx)

    def _partial_pool(self, name: str) -> list[_Person]:
        pool: dict[int, _Person] = {}
        for words in (name_words(name), name_parts(name)):
            buckets = [self.index.get("x:" + w, []) for w in words]
            if buckets and all(buckets):  # people whose names hold all these words
                smallest = min(buckets, key=len)
                others = [{id(q) for q in b} for b in buckets if b is not smallest]
                pool.update((id(q), q) for q in smallest if all(id(q) in o for o in others))
            for sub in _subsets(words):  # people known by part of this name
                for q in self.index.get("w:" + " ".join(sorted(sub)), []) + self.index.get("p:" + " ".join(sorted(sub)), []):
                    pool[id(q)] = q
        return sorted(pool.values(), key=lambda q: q.idx)

    def resolve(self, ai: int, p: Participant) -> _Person:
        tw = _title_words(p)
        found: _Person | None = None
        match = "timeline.new"
        if p.kind == "organization":
            near = self._lookup(self._keys(p.kind, p.name))
            acr = _org_acronyms(p.name)
            key = " ".join(sorted(content_words(p.name)))
            for q in near:
                if q.kind != "organization" or not _affiliation_ok(q.affiliation, p.affiliation):
                    continue
                if key and any(" ".join(sorted(content_words(n))) == key for n in q.names):
                    found, match = q, "organization.same_name"
                    break
                if acr & q.acronyms and (is_acronym(p.name) or any(is_acronym(n) for n in q.names)):
                    found, match = q, "organization.acronym"
                    break
            if found is None and p.affiliation:
                words = content_words(p.name)
                partial = [
                    q
                    for q in near
                    if q.kind == "organization"
                    and q.affiliation == p.affiliation
                    and any(_nested(words, content_words(n)) for n in q.names)
                ]
                if len(partial) == 1:
                    found, match = partial[0], "organization.partial_name"
        else:
            candidates = [
                q
                for q in self._lookup(_exact_keys(p.name))
                if q.kind == "person"
                and _affiliation_ok(q.affiliation, p.affiliation)
                and any(same_name(p.name, n) for n in q.names)
            ]
            if candidates:
                found, match = candidates[0], "person.same_name"
            else:
                partial = [
                    q
                    for q in self._partial_pool(p.name)
                    if q.kind == "person"
                    and _affiliation_ok(q.affiliation, p.affiliation)
                    and any(partial_name(p.name, n) or partial_name(n, p.name) for n in q.names)
                    and all(same_name(p.name, n) or partial_name(p.name, n) or partial_name(n, p.name) for n in q.names)
                    and (not tw or not q.words or bool(tw & q.words))
                ]
                if len(partial) == 1:
                    found, match = partial[0], "person.partial_name+compatible_title"
        if found is None:
            found = _Person(len(self.people), p.kind, [], p.affiliation, set(), set())
            self.people.append(found)
        if p.name not in found.names:
            found.names.append(p.name)
            for k in self._keys(p.kind, p.name):
                bucket = self.index.setdefault(k, [])
                if found not in bucket:
                    bucket.append(found)
        found.affiliation = found.affiliation or p.affiliation
        found.words |= tw
        if p.kind == "organization":
            found.acronyms |= _org_acronyms(p.name)
        found.items.append((ai, p, match))
        return found


# ------------------------------------------------------------------------------------ events


@dataclass
class _Item:
    ai: int
    ex: Extraction
    record: Meeting | Agreement
    match: str

    @property
    def article(self) -> Article:
        return self.ex.article


@dataclass(eq=False)
class _Event:
    n: int = 0
    items: list[_Item] = field(default_factory=list)
    actors: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    windows: list[Window] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    places: list[str] = field(default_factory=list)
    undated_held_pub: dt.date | None = None  # earliest publication of an undated "held" report

    def add(self, item: _Item, actors: set[int], ids: Iterable[str] = (), parties: Iterable[str] = ()) -> None:
        self.items.append(item)
        self.actors |= actors
        self.articles.add(item.ai)
        w = date_window(item.record.date)
        if w is not None:
            self.windows.append(w)
        if isinstance(item.record, Meeting):
            pub = _pub_date(item.article)
            if w is None and item.record.status == "held" and pub is not None:
                self.undated_held_pub = min(pub, self.undated_held_pub or pub)
            self.kinds.add(item.record.kind)
            if item.record.location:
                self.places.append(item.record.location)
        else:
            self.ids |= set(ids)
            self.parties |= set(parties)
            self.words |= content_words(item.record.description)


def _best_relation(w: Window | None, windows: Sequence[Window]) -> Relation:
    if w is None or not windows:
        return "unknown"
    rels = {relation(w, x) for x in windows}
    if "overlap" in rels:
        return "overlap"
    return "near" if "near" in rels else "far"


_REL_RANK = {"overlap": 3, "unknown": 2, "near": 1, "far": 0}


def _fine(w: Window | None) -> bool:
    return w is not None and (w[1] - w[0]).days <= 31


def _months(w: Window | None) -> list[tuple[int, int]]:
    if w is None:
        return []
    out = [(w[0].year, w[0].month)]
    if (w[1].year, w[1].month) != out[0]:
        out.append((w[1].year, w[1].month))
    return out


def _meeting_match(ev: _Event, ai: int, m: Meeting, actors: set[int], pub: dt.date | None) -> tuple[tuple[int, ...], str] | None:
    if ai in ev.articles:
        return None
    unattributed = not actors or not ev.actors
    if unattributed and (not m.location or not ev.places):
        return None
    if not all(kinds_compatible(m.kind, k) for k in ev.kinds):
        return None
    w = date_window(m.date)
    rel = _best_relation(w, ev.windows)
    places_ok = all(places_compatible(m.location, x) for x in ev.places)
    if unattributed:
        # a record naming nobody: same place, dates overlapping at month precision or finer
        if rel != "overlap" or not _fine(w) or not any(_fine(x) for x in ev.windows) or not places_ok:
            return None
        return (0,), "meeting.unattributed+same_place+compatible_date"
    shared = actors & ev.actors
    if not shared:
        return None
    if actors == ev.actors:
        how = "same_participants"
    elif actors <= ev.actors or ev.actors <= actors:
        how = "subset_participants"
    elif len(shared) >= 2:
        how = "two_shared_participants"
    else:
        return None
    if rel == "far" or (rel != "overlap" and not places_ok):
        return None  # different places merge only when the dates agree (then flagged as a place conflict)
    distance = 0
    if rel == "unknown" and len(shared) < 2 and actors != ev.actors:
        return None  # without a date, one shared person is not enough
    if rel == "unknown" and w is not None and ev.undated_held_pub is not None and ev.undated_held_pub < w[0]:
        return None  # an undated report of a held meeting, published before this date: another meeting
    if rel == "unknown" and ev.windows and pub is not None:
        if m.status == "held" and min(x[0] for x in ev.windows) > pub:
            return None  # reported held before the event took place: another meeting
        distance = min(abs((x[0] - pub).days) for x in ev.windows)
    score = (_REL_RANK[rel], int(actors == ev.actors), int(m.kind in ev.kinds), len(shared), -distance)
    date_how = {"overlap": "compatible_date", "unknown": "undated", "near": "conflicting_date"}[rel]
    return score, f"meeting.{how}+{date_how}"


def _parties_of(ex: Extraction, a: Agreement) -> set[str]:
    """The agreement's parties; when the article lists none, the affiliations of its signatories, else
    of the people and bodies named inside its evidence."""
    if a.parties:
        return set(a.parties)
    by_id = {p.id: p for p in ex.participants}
    out = {by_id[i].affiliation for i in a.signatories if i in by_id and by_id[i].affiliation}
    if not out:
        for p in ex.participants:
            if p.affiliation and any(ev.start <= m.start and m.end <= ev.end for m in p.mentions for ev in a.evidence):
                out.add(p.affiliation)
    return {x for x in out if x}


def _agreement_ids(a: Agreement) -> set[str]:
    out: set[str] = set()
    if a.acronym:
        out.add("acr:" + fold(a.acronym).replace(".", ""))
    if a.name:
        out.add("name:" + " ".join(sorted(content_words(a.name))))
        init = initials(a.name)
        if init:
            out.add("acr:" + init.lower())
    return out


def _agreement_match(ev: _Event, ai: int, a: Agreement, ids: set[str], parties: set[str]) -> tuple[tuple[int, ...], str] | None:
    if ai in ev.articles:
        return None
    if parties and ev.parties and not (parties <= ev.parties or ev.parties <= parties):
        return None  # one instrument has one set of parties: {KOR, NATO} / {NATO} fit, {GBR, JPN} / {PHL, JPN} do not
    if ids:
        if ids & ev.ids:
            how = "agreement.same_acronym" if any(i.startswith("acr:") for i in ids & ev.ids) else "agreement.same_name"
            return (2, len(ids & ev.ids)), how
        return None
    if ev.ids or not parties or parties != ev.parties:
        return None
    words = content_words(a.description)
    if not words or not ev.words:
        return None
    jac = len(words & ev.words) / len(words | ev.words)
    if jac < DESCRIPTION_OVERLAP:
        return None
    rel = _best_relation(date_window(a.date), ev.windows)
    if rel not in ("overlap", "unknown"):
        return None
    return (1, int(jac * 100)), "agreement.same_parties+similar_description"


# ------------------------------------------------------------------------------- consolidation


def _source(item: _Item) -> SourceRef:
    r = item.record
    art = item.article
    return SourceRef(
        article=art.id,
        record=r.id,
        published=art.published,
        outlet=art.source,
        url=art.url,
        kind=r.kind if isinstance(r, Meeting) else None,
        status=r.status,
        date=r.date,
        location=r.location if isinstance(r, Meeting) else None,
        evidence=list(r.evidence),
        rule=r.rule,
        match=item.match,
    )


def _event_date(item: _Item) -> EventDate | None:
    t = item.record.date
    if t is None or t.value is None:
        return None
    return EventDate(
        value=t.value,
        granularity=t.granularity,
        mod=t.mod,
        range=t.range,
        text=t.text,
        article=item.article.id,
        record=item.record.id,
    )


def _date_key(item: _Item, agree: dict[str | None, int]) -> tuple[int, int, int, int, int]:
    t = item.record.date
    assert t is not None
    return (
        int(t.range is None),
        _GRANULARITY.get(t.granularity or "", 9),
        _DATE_STATUS.get(t.status, 9),
        -agree.get(t.value, 0),
        item.ai,
    )


def _choose_date(items: Sequence[_Item]) -> _Item | None:
    dated = [i for i in items if i.record.date is not None and i.record.date.value is not None]
    if not dated:
        return None
    agree: dict[str | None, int] = {}
    for i in dated:
        assert i.record.date is not None
        agree[i.record.date.value] = agree.get(i.record.date.value, 0) + 1
    return min(dated, key=lambda i: _date_key(i, agree))


def _label(item: _Item) -> str:
    return f"{item.article.id}:{item.record.id}"


def _date_conflict(chosen: _Item, items: Sequence[_Item]) -> Conflict | None:
    cw = date_window(chosen.record.date)
    if cw is None:
        return None
    off = [i for i in items if relation(date_window(i.record.date), cw) in ("near", "far")]
    if not off:
        return None
    values: dict[str | None, list[str]] = {}
    assert chosen.record.date is not None
    same = [i for i in items if i.record.date is not None and i.record.date.value == chosen.record.date.value]
    values[chosen.record.date.value] = [_label(i) for i in same]
    for i in off:
        assert i.record.date is not None
        values.setdefault(i.record.date.value, []).append(_label(i))
    shown = chosen.record.date.value
    others = ", ".join(f"{v} ({', '.join(s)})" for v, s in values.items() if v != shown)
    return Conflict(
        field="date",
        values=[ConflictValue(value=v, sources=s) for v, s in values.items()],
        message=f"sources disagree on the date: {shown} ({_label(chosen)}, shown) vs {others}",
    )


def _location_conflict(items: Sequence[_Item]) -> Conflict | None:
    groups: list[tuple[str, list[str]]] = []
    for i in items:
        loc = i.record.location if isinstance(i.record, Meeting) else None
        if not place_key(loc) or loc is None:
            continue
        for place, labels in groups:
            if places_compatible(place, loc):
                labels.append(_label(i))
                break
        else:
            groups.append((loc, [_label(i)]))
    if len(groups) < 2:
        return None
    return Conflict(
        field="location",
        values=[ConflictValue(value=v, sources=s) for v, s in groups],
        message="sources disagree on the place: " + " vs ".join(f"{v} ({', '.join(s)})" for v, s in groups),
    )


def _key(items: Sequence[_Item]) -> str:
    labels = sorted(f"{i.article.id}:{i.article.text_sha256[:16]}:{i.record.id}" for i in items)
    return hashlib.sha256("\n".join(labels).encode()).hexdigest()[:16]


def _sort_key(entry: MeetingEvent | AgreementEvent, first: int) -> tuple[dt.date, dt.date, int, int]:
    r = entry.date.range if entry.date is not None else None
    if r is None:
        return dt.date.max, dt.date.max, int(entry.type == "agreement"), first
    return r.start, r.end, int(entry.type == "agreement"), first


def _ordered(extractions: Iterable[Extraction]) -> list[Extraction]:
    seen: set[tuple[str, str]] = set()
    unique: list[tuple[int, Extraction]] = []
    for n, ex in enumerate(extractions):
        k = (ex.article.id, ex.article.text_sha256)
        if k in seen:
            continue
        seen.add(k)
        unique.append((n, ex))
    unique.sort(key=lambda t: (_published_key(t[1].article), t[1].article.id, t[1].article.text_sha256, t[0]))
    return [ex for _, ex in unique]


def _pub_date(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat((article.published or "")[:10])
    except ValueError:
        return None


def build_timeline(extractions: Iterable[Extraction]) -> Timeline:
    """Merge the records of many extractions into one timeline (rules: ``defense_ties.timeline``).

    The result does not depend on the order of ``extractions``: articles are processed by
    publication date, then id; an article given twice (same id and text) counts once.
    """
    exs = _ordered(extractions)
    people = _People()
    pmap: dict[tuple[int, str], _Person] = {}
    for ai, ex in enumerate(exs):
        for p in ex.participants:
            pmap[(ai, p.id)] = people.resolve(ai, p)

    def actors_of(ai: int, ids: Sequence[str]) -> set[int]:
        found = [pmap[(ai, i)] for i in ids if (ai, i) in pmap]
        persons = {q.idx for q in found if q.kind == "person"}
        return persons or {q.idx for q in found}

    meetings: list[_Event] = []
    agreements: list[_Event] = []
    by_actor: dict[int, list[_Event]] = {}  # blocking: only events sharing a person are compared,
    by_month: dict[tuple[int, int], list[_Event]] = {}  # or, for records naming nobody, the same month
    by_id: dict[str, list[_Event]] = {}
    by_parties: dict[frozenset[str], list[_Event]] = {}

    def pick(events: Iterable[_Event]) -> list[_Event]:
        return sorted({id(e): e for e in events}.values(), key=lambda e: e.n)

    def same_month(w: Window | None) -> list[_Event]:
        return [e for k in _months(w) for e in by_month.get(k, [])] if _fine(w) else []

    for ai, ex in enumerate(exs):
        pub = _pub_date(ex.article)
        for m in ex.meetings:
            actors = actors_of(ai, m.participants)
            w = date_window(m.date)
            best: tuple[tuple[int, ...], str, _Event] | None = None
            unattributed: list[_Event] = []
            if actors:
                pool = pick([e for who in actors for e in by_actor.get(who, [])] + [e for e in same_month(w) if not e.actors])
            else:
                pool = pick(same_month(w))
            for ev in pool:
                got = _meeting_match(ev, ai, m, actors, pub)
                if got is not None and got[0] == (0,):
                    unattributed.append(ev)
                elif got is not None and (best is None or got[0] > best[0]):
                    best = (got[0], got[1], ev)
            if best is None and len(unattributed) == 1:  # only when exactly one event fits
                best = ((0,), "meeting.unattributed+same_place+compatible_date", unattributed[0])
            if best is None:
                ev, how = _Event(n=len(meetings)), "timeline.new"
                meetings.append(ev)
            else:
                ev, how = best[2], best[1]
            ev.add(_Item(ai, ex, m, how), actors)
            for who in actors:
                if ev not in by_actor.setdefault(who, []):
                    by_actor[who].append(ev)
            if _fine(w):
                for k in _months(w):
                    if ev not in by_month.setdefault(k, []):
                        by_month[k].append(ev)
        for a in ex.agreements:
            ids = _agreement_ids(a)
            signers = actors_of(ai, a.signatories)
            best = None
            parties = _parties_of(ex, a)
            pool = pick([e for i in ids for e in by_id.get(i, [])]) if ids else by_parties.get(frozenset(parties), [])
            for ev in pool:
                got = _agreement_match(ev, ai, a, ids, parties)
                if got is not None and (best is None or got[0] > best[0]):
                    best = (got[0], got[1], ev)
            if best is None:
                ev, how = _Event(n=len(agreements)), "timeline.new"
                agreements.append(ev)
            else:
                ev, how = best[2], best[1]
            ev.add(_Item(ai, ex, a, how), signers, ids, parties)
            for i in ids:
                if ev not in by_id.setdefault(i, []):
                    by_id[i].append(ev)
            if not ev.ids and ev not in by_parties.setdefault(frozenset(ev.parties), []):
                by_parties[frozenset(ev.parties)].append(ev)

    pid = {q.idx: f"P{q.idx + 1}" for q in people.people}
    entries: list[tuple[MeetingEvent | AgreementEvent, int]] = []
    for ev in meetings:
        entries.append((_meeting_event(ev, pmap, pid), min(i.ai for i in ev.items)))
    for ev in agreements:
        entries.append((_agreement_event(ev, pmap, pid), min(i.ai for i in ev.items)))
    entries.sort(key=lambda t: _sort_key(*t))
    counters = {"meeting": 0, "agreement": 0}
    out: list[MeetingEvent | AgreementEvent] = []
    for entry, _ in entries:
        counters[entry.type] += 1
        entry.id = f"{'E' if entry.type == 'meeting' else 'A'}{counters[entry.type]}"
        out.append(entry)
    return Timeline(articles=[ex.article for ex in exs], people=[_person(q, exs, pid) for q in people.people], entries=out)


def _ids(
    ev: _Event, attr: Literal["participants", "signatories"], pmap: dict[tuple[int, str], _Person], pid: dict[int, str]
) -> list[str]:
    out: list[str] = []
    for i in ev.items:
        for rid in getattr(i.record, attr):
            q = pmap.get((i.ai, rid))
            if q is not None and pid[q.idx] not in out:
                out.append(pid[q.idx])
    return out


def _topics(ev: _Event) -> list[str]:
    return sorted({t for i in ev.items for t in i.record.topics})


def _meeting_event(ev: _Event, pmap: dict[tuple[int, str], _Person], pid: dict[int, str]) -> MeetingEvent:
    items = ev.items
    meets = [i.record for i in items if isinstance(i.record, Meeting)]
    counts: dict[str, int] = {}
    for m in meets:
        counts[m.kind] = counts.get(m.kind, 0) + 1
    kind_rec = meets[max(range(len(meets)), key=lambda n: (counts[meets[n].kind], -n))]
    status = min((m.status for m in meets), key=lambda s: _MEETING_STATUS.get(s, 9))
    chosen = _choose_date(items)
    conflicts = [c for c in (_date_conflict(chosen, items) if chosen else None, _location_conflict(items)) if c is not None]
    location = next((i.record.location for i in items if isinstance(i.record, Meeting) and i.record.location), None)
    return MeetingEvent(
        id="",
        key=_key(items),
        kind=kind_rec.kind,
        status=status,
        date=_event_date(chosen) if chosen else None,
        participants=_ids(ev, "participants", pmap, pid),
        location=location,
        topics=_topics(ev),
        cameo=kind_rec.cameo,
        sources=[_source(i) for i in items],
        conflicts=conflicts,
    )


def _agreement_event(ev: _Event, pmap: dict[tuple[int, str], _Person], pid: dict[int, str]) -> AgreementEvent:
    items = ev.items
    recs = [i.record for i in items if isinstance(i.record, Agreement)]
    status_rec = min(recs, key=lambda r: _AGREEMENT_STATUS.get(r.status, 9))
    dated = [i for i in items if i.record.date is not None and i.record.date.value is not None]
    chosen: _Item | None = None
    if dated:
        top = min(_AGREEMENT_STATUS.get(i.record.status, 9) for i in dated)
        chosen = _choose_date([i for i in dated if _AGREEMENT_STATUS.get(i.record.status, 9) == top])
    conflict = None
    if chosen is not None:
        conflict = _date_conflict(chosen, [i for i in dated if i.record.status == chosen.record.status])
    names = [r.name for r in recs if r.name]
    parties: list[str] = []
    for r in recs:
        parties.extend(p for p in r.parties if p not in parties)
    parties = parties or sorted(ev.parties)  # none stated: those read from signatories / evidence
    return AgreementEvent(
        id="",
        key=_key(items),
        name=max(names, key=len) if names else None,
        acronym=next((r.acronym for r in recs if r.acronym), None),
        description=next((r.description for r in recs if r.description), None),
        status=status_rec.status,
        date=_event_date(chosen) if chosen else None,
        parties=parties,
        signatories=_ids(ev, "signatories", pmap, pid),
        topics=_topics(ev),
        cameo=status_rec.cameo,
        sources=[_source(i) for i in items],
        conflicts=[conflict] if conflict else [],
    )


def _person(q: _Person, exs: Sequence[Extraction], pid: dict[int, str]) -> Person:
    titles: list[TitleAt] = []
    rank = title = None
    for ai, p, _ in q.items:
        art = exs[ai].article
        if p.title or p.rank or p.organization:
            titles.append(
                TitleAt(
                    title=p.title, rank=p.rank, organization=p.organization, former=p.former, as_of=art.published, article=art.id
                )
            )
        rank = p.rank or rank
        if p.title and not p.former:
            title = p.title
    name = max(q.names, key=lambda n: (len(name_words(n)), len(n)))
    return Person(
        id=pid[q.idx],
        kind=q.kind,
        name=name,
        names=list(q.names),
        rank=rank,
        title=title,
        affiliation=q.affiliation,
        titles=titles,
        sources=[
            PersonSource(article=exs[ai].article.id, record=p.id, name=p.name, match=m, mentions=list(p.mentions))
            for ai, p, m in q.items
        ],
    )


__all__ = ["CONFLICT_WINDOW_DAYS", "build_timeline", "date_window", "kinds_compatible", "relation"]
