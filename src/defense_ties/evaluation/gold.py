"""Gold and predictions in one comparable shape (``EvalDoc``), read from either gold form.

Two forms are read:

- the full ``Extraction`` (our goldens and every prediction): offsets are given, participants are
  referred to by id;
- the light hand form of ``shared/dev/README.md``: names instead of ids, exact ``evidence``/``text``
  strings (with an optional 0-based ``occurrence``) instead of offsets, dates as TIMEX3 strings.
  Strings are located in the article text to get offsets; a string that cannot be found is kept
  without offsets and reported as a warning.

In an ``EvalDoc`` every reference to a participant is a NAME (ids are resolved), every evidence is a
list of ``(start, end)`` offsets, and dates are plain values, so both forms compare the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..models import Extraction, TimeExpression
from .text import name_score

Offsets = tuple[int, int]


@dataclass
class EParticipant:
    """A participant as compared."""

    label: str
    name: str
    kind: str | None = None
    rank: str | None = None
    title: str | None = None
    organization: str | None = None
    affiliation: str | None = None


@dataclass
class EMeeting:
    """A meeting as compared (participants by name)."""

    label: str
    kind: str | None
    status: str | None
    participants: list[str]
    date: str | None
    location: str | None
    evidence: list[Offsets]


@dataclass
class EAgreement:
    """An agreement as compared."""

    label: str
    name: str | None
    acronym: str | None
    description: str | None
    status: str | None
    parties: list[str]
    date: str | None
    evidence: list[Offsets]


@dataclass
class EStatement:
    """A statement as compared (speaker by name)."""

    label: str
    speaker: str | None
    kind: str | None
    verb: str | None
    text: str
    evidence: list[Offsets]


@dataclass
class EDate:
    """A date expression as compared; ``start``/``end`` are None when the text could not be located."""

    label: str
    text: str
    start: int | None
    end: int | None
    value: str | None
    mod: str | None


@dataclass
class EvalDoc:
    """One article's records in comparable form, and the warnings met reading them."""

    name: str
    participants: list[EParticipant] = field(default_factory=list)
    meetings: list[EMeeting] = field(default_factory=list)
    agreements: list[EAgreement] = field(default_factory=list)
    statements: list[EStatement] = field(default_factory=list)
    dates: list[EDate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class GoldFormatError(ValueError):
    """A gold or prediction file that is neither an ``Extraction`` nor the light form."""


def detect_form(data: Any) -> str | None:
    """``"full"`` for an ``Extraction``, ``"light"`` for the hand form, None for anything else."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("article"), dict) and "schema_version" in data:
        return "full"
    if any(k in data for k in ("participants", "meetings", "agreements", "statements", "dates")) and not isinstance(
        data.get("article"), dict
    ):
        return "light"
    return None


def _date_value(t: TimeExpression | None) -> str | None:
    return t.value if t is not None else None


def from_extraction(ex: Extraction, name: str | None = None) -> EvalDoc:
    """An ``Extraction`` (gold or prediction) in comparable form."""
    names = {p.id: p.name for p in ex.participants}

    def who(pid: str | None) -> str | None:
        return None if pid is None else names.get(pid, pid)

    doc = EvalDoc(name=name or ex.article.id)
    doc.participants = [
        EParticipant(p.id, p.name, p.kind, p.rank, p.title, p.organization, p.affiliation) for p in ex.participants
    ]
    doc.meetings = [
        EMeeting(
            m.id,
            m.kind,
            m.status,
            [n for n in (who(p) for p in m.participants) if n],
            _date_value(m.date),
            m.location,
            [(s.start, s.end) for s in m.evidence],
        )
        for m in ex.meetings
    ]
    doc.agreements = [
        EAgreement(
            a.id,
            a.name,
            a.acronym,
            a.description,
            a.status,
            list(a.parties),
            _date_value(a.date),
            [(s.start, s.end) for s in a.evidence],
        )
        for a in ex.agreements
    ]
    doc.statements = [
        EStatement(s.id, who(s.speaker), s.kind, s.verb, s.text, [(s.evidence.start, s.evidence.end)]) for s in ex.statements
    ]
    doc.dates = [EDate(f"{d.text}@{d.start}", d.text, d.start, d.end, d.value, d.mod) for d in ex.dates]
    return doc


class _Locator:
    """Finds exact strings in the article text (the ``occurrence``-th one), collecting warnings."""

    def __init__(self, text: str | None, warnings: list[str]) -> None:
        self.text = text
        self.warnings = warnings

    def find(self, s: Any, occurrence: Any = 0, where: str = "") -> Offsets | None:
        if not isinstance(s, str) or not s or self.text is None:
            return None
        k = occurrence if isinstance(occurrence, int) and occurrence >= 0 else 0
        pos = -1
        for _ in range(k + 1):
            pos = self.text.find(s, pos + 1)
            if pos < 0:
                self.warnings.append(f"{where}: {s[:60]!r} (occurrence {k}) not found in the article text")
                return None
        return (pos, pos + len(s))

    def many(self, items: Any, where: str) -> list[Offsets]:
        if items is None:
            return []
        if not isinstance(items, list):
            items = [items]
        out: list[Offsets] = []
        for it in items:
            got = self.find(it.get("text"), it.get("occurrence", 0), where) if isinstance(it, dict) else self.find(it, 0, where)
            if got is not None:
                out.append(got)
        return out


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) and v.strip() else None


def _strs(v: Any) -> list[str]:
    return [x for x in v if isinstance(x, str) and x.strip()] if isinstance(v, list) else []


def from_light(data: dict[str, Any], text: str | None, name: str) -> EvalDoc:
    """The light hand form in comparable form; strings are located in ``text`` when it is given.

    Participant names used by meetings and statements are mapped to the fullest matching name of the
    participants list (so "Yoon" in a meeting refers to "Yoon Suk Yeol" listed once).
    """
    doc = EvalDoc(name=name)
    loc = _Locator(text, doc.warnings)
    if text is None:
        doc.warnings.append("article text not found: evidence and dates are compared without offsets")
    for i, p in enumerate(data.get("participants") or []):
        if not isinstance(p, dict) or not _str(p.get("name")):
            doc.warnings.append(f"participants[{i}]: no name, skipped")
            continue
        doc.participants.append(
            EParticipant(
                p["name"],
                p["name"],
                _str(p.get("kind")) or "person",
                _str(p.get("rank")),
                _str(p.get("title")),
                _str(p.get("organization")),
                _str(p.get("affiliation")),
            )
        )
    listed = [p.name for p in doc.participants]

    def canon(n: str | None) -> str | None:
        if n is None or n in listed:
            return n
        best = max(listed, key=lambda x: (name_score(n, x), -listed.index(x)), default=None)
        return best if best is not None and name_score(n, best) > 0 else n

    for i, m in enumerate(data.get("meetings") or []):
        if not isinstance(m, dict):
            continue
        doc.meetings.append(
            EMeeting(
                f"meetings[{i}]",
                _str(m.get("kind")),
                _str(m.get("status")),
                [c for c in (canon(n) for n in _strs(m.get("participants"))) if c],
                _str(m.get("date")),
                _str(m.get("location")),
                loc.many(m.get("evidence"), f"meetings[{i}].evidence"),
            )
        )
    for i, a in enumerate(data.get("agreements") or []):
        if not isinstance(a, dict):
            continue
        doc.agreements.append(
            EAgreement(
                f"agreements[{i}]",
                _str(a.get("name")),
                _str(a.get("acronym")),
                _str(a.get("description")),
                _str(a.get("status")),
                _strs(a.get("parties")),
                _str(a.get("date")),
                loc.many(a.get("evidence"), f"agreements[{i}].evidence"),
            )
        )
    for i, s in enumerate(data.get("statements") or []):
        if not isinstance(s, dict) or not _str(s.get("text")):
            continue
        ev = loc.find(s.get("evidence"), s.get("occurrence", 0), f"statements[{i}].evidence")
        doc.statements.append(
            EStatement(
                f"statements[{i}]",
                canon(_str(s.get("speaker"))),
                _str(s.get("kind")),
                _str(s.get("verb")),
                s["text"],
                [ev] if ev else [],
            )
        )
    for i, d in enumerate(data.get("dates") or []):
        if not isinstance(d, dict) or not _str(d.get("text")):
            continue
        span = loc.find(d["text"], d.get("occurrence", 0), f"dates[{i}]")
        doc.dates.append(
            EDate(
                f"{d['text']}#{d.get('occurrence', 0)}",
                d["text"],
                span[0] if span else None,
                span[1] if span else None,
                _str(d.get("value")),
                _str(d.get("mod")),
            )
        )
    doc.dates.sort(key=lambda d: d.start if d.start is not None else -1)
    return doc


def load_json(path: Path) -> Any:
    """Parse a JSON file; raise ``GoldFormatError`` naming the file when it is not JSON."""
    try:
        return orjson.loads(path.read_bytes())
    except (orjson.JSONDecodeError, OSError) as e:
        raise GoldFormatError(f"{path}: cannot read JSON ({e})") from None


def to_evaldoc(data: Any, name: str, text: str | None = None) -> EvalDoc:
    """Parsed JSON of either form as an ``EvalDoc``; raise ``GoldFormatError`` for anything else."""
    form = detect_form(data)
    if form == "full":
        try:
            return from_extraction(Extraction.model_validate(data), name)
        except ValueError as e:
            raise GoldFormatError(f"{name}: not a valid Extraction: {e}") from None
    if form == "light":
        return from_light(data, text, name)
    raise GoldFormatError(f"{name}: neither an Extraction nor the light gold form")


#: Suffixes of gold files, longest first; the article name is the file name without it.
GOLD_SUFFIXES = (".gold.json", ".json")


def article_name(path: Path) -> str:
    """``X`` for ``X.gold.json`` or ``X.json``."""
    for suf in GOLD_SUFFIXES:
        if path.name.endswith(suf):
            return path.name[: -len(suf)]
    return path.stem


def gold_files(gold_dir: Path) -> list[tuple[str, Path, Any]]:
    """``(name, path, data)`` of every gold file in ``gold_dir`` (not recursive), sorted by name.

    JSON files that are neither form (``pending.json``, ``*.meta.json``) are skipped.
    """
    out = []
    for p in sorted(gold_dir.glob("*.json")):
        if p.name.endswith(".meta.json"):
            continue
        try:
            data = load_json(p)
        except GoldFormatError:
            continue
        if detect_form(data) is None:
            continue
        out.append((article_name(p), p, data))
    return out
