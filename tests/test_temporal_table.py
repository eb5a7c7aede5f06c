"""Table-driven tests of temporal grounding: ``tests/data/temporal_cases.psv`` (see its header).

Each row resolves one bracketed phrase in its sentence against an anchor with
``defense_ties.temporal.resolve_phrase`` and checks the text (prepositions out, determiners and
modifiers in), the TIMEX3 value, the inclusive range, the status and the mod. ``NONE`` rows are
false-positive traps: nothing may be recognised there.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from defense_ties.temporal import resolve_phrase

CASES = Path(__file__).parent / "data" / "temporal_cases.psv"


@dataclass(frozen=True)
class Case:
    line: int
    anchor: str | None
    sentence: str
    phrase: str
    value: str
    range: str
    status: str
    mod: str | None


def load_cases() -> list[Case]:
    out: list[Case] = []
    for n, raw in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("|")]
        parts += [""] * (6 - len(parts))
        anchor, marked, value, rng, status, mod = parts[:6]
        i, j = marked.index("["), marked.index("]")
        sentence = marked[:i] + marked[i + 1 : j] + marked[j + 1 :]
        out.append(Case(n, None if anchor == "-" else anchor, sentence, marked[i + 1 : j], value, rng, status, mod or None))
    return out


def natural_range(value: str) -> tuple[dt.date, dt.date]:
    """The calendar range of a plain day, month or year value (written independently of the code)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        d = dt.date(*parts)
        return d, d
    if len(parts) == 2:
        y, m = parts
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


ALL = load_cases()


def test_table_is_large_and_covers_every_status() -> None:
    assert len(ALL) >= 200
    assert {c.status for c in ALL if c.value != "NONE"} == {"absolute", "resolved", "unanchored", "ambiguous"}
    assert sum(1 for c in ALL if c.value == "NONE") >= 25
    assert {c.mod for c in ALL} >= {None, "START", "MID", "END"}


@pytest.mark.parametrize("case", ALL, ids=[f"L{c.line}:{c.phrase}" for c in ALL])
def test_case(case: Case) -> None:
    got = resolve_phrase(case.phrase, case.sentence, case.anchor)
    if case.value == "NONE":
        assert got is None, f"false positive: {got}"
        return
    assert got is not None, "not recognised"
    assert got.text == case.phrase
    assert case.sentence[got.start : got.end] == got.text
    assert got.value == case.value
    assert got.status == case.status
    assert got.mod == case.mod
    assert got.rule.startswith("temporal.")
    if case.range == "-":
        assert got.range is None
    else:
        if case.range == ".":
            start, end = natural_range(case.value)
        else:
            a, b = case.range.split("..")
            start, end = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
        assert got.range is not None
        assert (got.range.start, got.range.end) == (start, end)
    if case.status == "absolute":
        assert got.anchor is None
    elif case.status == "unanchored":
        assert got.anchor is None and got.range is None
    else:
        assert got.anchor is not None
