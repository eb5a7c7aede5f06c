"""One-to-one matching of gold and predicted records, per record type.

Every pair of a gold and a predicted record of the same type gets a score; pairs below the type's
threshold are not candidates. Matching is greedy and deterministic: candidate pairs are taken in
order of decreasing score (ties: lower gold index, then lower predicted index), each record at most
once. Every matched pair also gets a ``credit`` in [0, 1] (how right it is, beyond being matched) and
a verdict per field. The rules are written down in ``docs/annotation.md`` ("How evaluate matches
records"); the constants below are the numbers it quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .gold import EAgreement, EDate, EMeeting, EParticipant, EStatement, EvalDoc, Offsets
from .text import (
    NAME_ACRONYM,
    NAME_PARTIAL,
    content_words,
    dice,
    jaccard,
    name_score,
    norm_value,
    overlap_coefficient,
    words,
)

G = TypeVar("G")
P = TypeVar("P")

#: Record types in report order.
RECORD_TYPES = ("participants", "meetings", "agreements", "statements", "dates")
#: Fields whose accuracy is reported among matched records, per type.
FIELDS: dict[str, tuple[str, ...]] = {
    "participants": ("kind", "rank", "title", "organization", "affiliation"),
    "meetings": ("kind", "status", "participants", "date", "location"),
    "agreements": ("name", "acronym", "status", "parties", "date"),
    "statements": ("kind", "verb", "speaker"),
    "dates": ("span", "value", "mod"),
}

#: Participants: a pair is a candidate when ``name_score`` reaches this (surname alone is enough).
PARTICIPANT_MIN = NAME_PARTIAL
#: Meetings: score = 0.5 × participant Jaccard + 0.25 × same date + 0.25 × evidence overlap.
MEETING_WEIGHTS = (0.5, 0.25, 0.25)
MEETING_MIN = 0.5
#: Agreements: score = 0.6 × text similarity + 0.2 × evidence overlap + 0.2 × parties Jaccard.
AGREEMENT_WEIGHTS = (0.6, 0.2, 0.2)
AGREEMENT_MIN = 0.4
#: ... and the text similarity or an evidence overlap must be at least there.
AGREEMENT_TEXT_MIN = 0.3
#: Statements: a candidate when the overlap coefficient of the two texts' words reaches this.
STATEMENT_TEXT_MIN = 0.5
#: Statements: score = 0.6 × text overlap coefficient + 0.4 × same speaker.
STATEMENT_WEIGHTS = (0.6, 0.4)


@dataclass
class Pair:
    """A matched gold and predicted record: indices, matching score, credit, field verdicts."""

    gold: int
    pred: int
    score: float
    credit: float
    fields: dict[str, bool] = field(default_factory=dict)
    detail: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    gold_label: str = ""
    pred_label: str = ""


@dataclass
class TypeResult:
    """The outcome of matching one record type in one article."""

    n_gold: int
    n_pred: int
    pairs: list[Pair]
    missing: list[str]
    spurious: list[str]


def greedy(gold: Sequence[G], pred: Sequence[P], score: Callable[[G, P], float | None]) -> list[tuple[int, int, float]]:
    """One-to-one pairs ``(gold index, pred index, score)``: best score first, ties by indices."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s is not None:
                cands.append((-round(s, 9), i, j))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for neg, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j, -neg))
    return sorted(out, key=lambda t: t[0])


def overlaps(a: Sequence[Offsets], b: Sequence[Offsets]) -> bool:
    """Whether any span of ``a`` shares a character with any span of ``b``."""
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def same(a: Any, b: Any) -> bool:
    """Field equality after ``norm_value`` (case, accents, spelling, a leading "the"); None = None."""
    return norm_value(a) == norm_value(b)


def same_org(a: str | None, b: str | None) -> bool:
    """Organisations agree when equal after normalisation or when one is the other's acronym
    ("NATO" ~ "North Atlantic Treaty Organization")."""
    return same(a, b) or name_score(a, b) >= NAME_ACRONYM


def same_place(a: str | None, b: str | None) -> bool:
    """Locations agree when equal after normalisation or when one's words are a run of the other's
    ("central Seoul" ~ "Seoul")."""
    if a is None or b is None:
        return a is b
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return wa == wb
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def same_names(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard of two name lists where names are the same when ``name_score`` ≥ ``PARTICIPANT_MIN``."""
    if not a and not b:
        return 1.0
    b_left = list(b)
    hits = 0
    for x in a:
        best = max(b_left, key=lambda y: name_score(x, y), default=None)
        if best is not None and name_score(x, best) >= PARTICIPANT_MIN:
            hits += 1
            b_left.remove(best)
    union = len(a) + len(b) - hits
    return hits / union if union else 1.0


def _cut(text: str | None, n: int = 60) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def describe(rec: Any) -> str:
    """A one-line description of a record for reports: its label and what it is."""
    if isinstance(rec, EParticipant):
        return rec.name if rec.label == rec.name else f"{rec.label} {rec.name}"
    if isinstance(rec, EMeeting):
        who = ", ".join(rec.participants) or "no named participants"
        return f"{rec.label} ({rec.kind} {rec.status}; {who}; {rec.date or 'no date'})"
    if isinstance(rec, EAgreement):
        return f"{rec.label} ({rec.status}; {_cut(rec.name or rec.description)})"
    if isinstance(rec, EStatement):
        return f"{rec.label} ({rec.speaker or 'unknown speaker'}, {rec.kind}: {_cut(rec.text)!r})"
    if isinstance(rec, EDate):
        where = f"@{rec.start}" if rec.start is not None else ""
        return f"{rec.text!r}{where} ({rec.value})"
    return str(getattr(rec, "label", rec))


def _result(gold: Sequence[Any], pred: Sequence[Any], pairs: list[Pair]) -> TypeResult:
    for pr in pairs:
        pr.gold_label, pr.pred_label = describe(gold[pr.gold]), describe(pred[pr.pred])
    mg = {p.gold for p in pairs}
    mp = {p.pred for p in pairs}
    return TypeResult(
        len(gold),
        len(pred),
        pairs,
        [describe(g) for i, g in enumerate(gold) if i not in mg],
        [describe(p) for j, p in enumerate(pred) if j not in mp],
    )


def _fields(pair: Pair, checks: dict[str, tuple[Any, Any, bool]]) -> Pair:
    """Record field verdicts; a field counts only when gold or prediction has a value."""
    for name, (g, p, ok) in checks.items():
        if g in (None, [], "") and p in (None, [], ""):
            continue
        pair.fields[name] = ok
        pair.detail[name] = (g, p)
    return pair


def match_participants(gold: list[EParticipant], pred: list[EParticipant]) -> TypeResult:
    """Participants by name (``name_score``); credit is the name score (1.0 exact, 0.9 acronym, 0.8 surname)."""

    def score(g: EParticipant, p: EParticipant) -> float | None:
        s = name_score(g.name, p.name)
        return s if s >= PARTICIPANT_MIN else None

    pairs = []
    for i, j, s in greedy(gold, pred, score):
        g, p = gold[i], pred[j]
        checks = {f: (getattr(g, f), getattr(p, f), same(getattr(g, f), getattr(p, f))) for f in FIELDS["participants"]}
        checks["organization"] = (g.organization, p.organization, same_org(g.organization, p.organization))
        pairs.append(_fields(Pair(i, j, s, s), checks))
    return _result(gold, pred, pairs)


def name_map(gold: list[EParticipant], pred: list[EParticipant], result: TypeResult) -> dict[str, str]:
    """Predicted participant name → gold name: its match, else the best-scoring gold name, else itself.

    Used to compare meeting participants and statement speakers: a duplicate predicted participant
    ("Kim" beside "Kim Myung-soo") still refers to the gold person it names.
    """
    out: dict[str, str] = {}
    for pr in result.pairs:
        out.setdefault(pred[pr.pred].name, gold[pr.gold].name)
    for p in pred:
        if p.name in out:
            continue
        best = max(gold, key=lambda g: name_score(p.name, g.name), default=None)
        out[p.name] = best.name if best is not None and name_score(p.name, best.name) >= PARTICIPANT_MIN else p.name
    return out


def match_meetings(gold: list[EMeeting], pred: list[EMeeting], names: dict[str, str]) -> TypeResult:
    """Meetings by participants + date (+ evidence overlap); credit = (participant Jaccard + same date) / 2."""
    wj, wd, we = MEETING_WEIGHTS

    def parts(m: EMeeting) -> list[str]:
        return [names.get(n, n) for n in m.participants]

    def score(g: EMeeting, p: EMeeting) -> float | None:
        s = wj * same_names(g.participants, parts(p)) + wd * (g.date == p.date) + we * overlaps(g.evidence, p.evidence)
        return s if s >= MEETING_MIN else None

    pairs = []
    for i, j, s in greedy(gold, pred, score):
        g, p = gold[i], pred[j]
        jac = same_names(g.participants, parts(p))
        date_ok = g.date == p.date
        checks = {
            "kind": (g.kind, p.kind, g.kind == p.kind),
            "status": (g.status, p.status, g.status == p.status),
            "participants": (g.participants, parts(p), jac == 1.0),
            "date": (g.date, p.date, date_ok),
            "location": (g.location, p.location, same_place(g.location, p.location)),
        }
        pairs.append(_fields(Pair(i, j, s, (jac + date_ok) / 2), checks))
    return _result(gold, pred, pairs)


def agreement_text_sim(g: EAgreement, p: EAgreement) -> float:
    """1.0 for the same name or acronym; else the best overlap coefficient of content words among
    name and description on either side."""
    for a, b in ((g.name, p.name), (g.acronym, p.acronym)):
        if a and b and norm_value(a) == norm_value(b):
            return 1.0
    if g.acronym and p.name and norm_value(g.acronym) in (norm_value(w) for w in ([*p.name.split(), p.acronym or ""])):
        return 1.0
    texts_g = [t for t in (g.name, g.description) if t]
    texts_p = [t for t in (p.name, p.description) if t]
    return max((overlap_coefficient(content_words(a), content_words(b)) for a in texts_g for b in texts_p), default=0.0)


def match_agreements(gold: list[EAgreement], pred: list[EAgreement]) -> TypeResult:
    """Agreements by name/description overlap, evidence overlap and parties; credit = mean of text
    similarity, same status and parties Jaccard."""
    wt, we, wp = AGREEMENT_WEIGHTS

    def score(g: EAgreement, p: EAgreement) -> float | None:
        sim = agreement_text_sim(g, p)
        ev = overlaps(g.evidence, p.evidence)
        if sim < AGREEMENT_TEXT_MIN and not ev:
            return None
        s = wt * sim + we * ev + wp * jaccard(g.parties, p.parties)
        return s if s >= AGREEMENT_MIN else None

    pairs = []
    for i, j, s in greedy(gold, pred, score):
        g, p = gold[i], pred[j]
        sim = agreement_text_sim(g, p)
        pj = jaccard(g.parties, p.parties)
        checks = {
            "name": (g.name, p.name, same(g.name, p.name)),
            "acronym": (g.acronym, p.acronym, same(g.acronym, p.acronym)),
            "status": (g.status, p.status, g.status == p.status),
            "parties": (sorted(g.parties), sorted(p.parties), set(g.parties) == set(p.parties)),
            "date": (g.date, p.date, g.date == p.date),
        }
        pairs.append(_fields(Pair(i, j, s, (sim + (g.status == p.status) + pj) / 3), checks))
    return _result(gold, pred, pairs)


def _speaker_ok(g: str | None, p: str | None) -> bool:
    if g is None or p is None:
        return g is p
    return name_score(g, p) >= PARTICIPANT_MIN


def match_statements(gold: list[EStatement], pred: list[EStatement], names: dict[str, str]) -> TypeResult:
    """Statements by text overlap, speaker breaking ties; credit = (word Dice of texts + same speaker) / 2."""
    wt, ws = STATEMENT_WEIGHTS

    def spk(p: EStatement) -> str | None:
        return names.get(p.speaker, p.speaker) if p.speaker else None

    def score(g: EStatement, p: EStatement) -> float | None:
        ov = overlap_coefficient(words(g.text), words(p.text))
        if ov < STATEMENT_TEXT_MIN:
            return None
        return wt * ov + ws * _speaker_ok(g.speaker, spk(p))

    pairs = []
    for i, j, s in greedy(gold, pred, score):
        g, p = gold[i], pred[j]
        ok = _speaker_ok(g.speaker, spk(p))
        checks = {
            "kind": (g.kind, p.kind, g.kind == p.kind),
            "verb": (g.verb, p.verb, same(g.verb, p.verb)),
            "speaker": (g.speaker, spk(p), ok),
        }
        pairs.append(_fields(Pair(i, j, s, (dice(words(g.text), words(p.text)) + ok) / 2), checks))
    return _result(gold, pred, pairs)


def _date_overlap(g: EDate, p: EDate) -> float:
    if g.start is None or g.end is None or p.start is None or p.end is None:
        return 1.0 if words(g.text) == words(p.text) else 0.0
    inter = min(g.end, p.end) - max(g.start, p.start)
    if inter <= 0:
        return 0.0
    return inter / (max(g.end, p.end) - min(g.start, p.start))


def match_dates(gold: list[EDate], pred: list[EDate]) -> TypeResult:
    """Dates by span: a candidate when the spans share a character; score = character Jaccard.
    Credit = (character Jaccard + same value) / 2. Without offsets, the same words count as a span match."""

    def score(g: EDate, p: EDate) -> float | None:
        s = _date_overlap(g, p)
        return s if s > 0 else None

    pairs = []
    for i, j, s in greedy(gold, pred, score):
        g, p = gold[i], pred[j]
        checks = {
            "span": ((g.start, g.end, g.text), (p.start, p.end, p.text), s == 1.0),
            "value": (g.value, p.value, g.value == p.value),
            "mod": (g.mod, p.mod, g.mod == p.mod),
        }
        pair = _fields(Pair(i, j, s, (s + (g.value == p.value)) / 2), checks)
        pair.fields["span"] = s == 1.0  # always counted
        pairs.append(pair)
    return _result(gold, pred, pairs)


def match_doc(gold: EvalDoc, pred: EvalDoc) -> dict[str, TypeResult]:
    """Match every record type of one article; participants first (their names map the others)."""
    parts = match_participants(gold.participants, pred.participants)
    names = name_map(gold.participants, pred.participants, parts)
    return {
        "participants": parts,
        "meetings": match_meetings(gold.meetings, pred.meetings, names),
        "agreements": match_agreements(gold.agreements, pred.agreements),
        "statements": match_statements(gold.statements, pred.statements, names),
        "dates": match_dates(gold.dates, pred.dates),
    }
