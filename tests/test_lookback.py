"""The look-back bounds that keep linking linear on very long inputs (issue 8: a 5 MB article).

``meetings.LOOKBACK_SENTS`` and ``agreements.LOOKBACK_SENTS``: a mention or an anaphor is linked only
to events / records mentioned within that many sentences before it. No real article reaches the
bound, so nothing changes on them; on a long text of repeated articles, each copy (far enough from
the previous one) yields the same records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from defense_ties import extract
from defense_ties.extractors import agreements, meetings
from defense_ties.normalize import build_view

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
FILLER = "The weather was mild."


def test_bounds_are_far_beyond_real_articles() -> None:
    for mod in (meetings, agreements):
        assert mod.LOOKBACK_SENTS >= 100  # real news articles have fewer than 100 sentences


@pytest.mark.parametrize("path", SEEDS[:3], ids=lambda p: p.stem)
def test_real_articles_do_not_reach_the_bound(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    bounded = extract(text, published="2024-01-09").model_dump_json()
    monkeypatch.setattr(meetings, "LOOKBACK_SENTS", 10**9)
    monkeypatch.setattr(agreements, "LOOKBACK_SENTS", 10**9)
    assert extract(text, published="2024-01-09").model_dump_json() == bounded


def test_meeting_reference_beyond_the_bound_is_not_linked(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "South Korean Defense Minister Shin Won-sik met U.S. Defense Secretary Lloyd Austin in Seoul on Monday. "
        + f"{FILLER} " * 5
        + "The talks focused on North Korea's missile launches."
    )
    linked = extract(text, published="2024-01-09").meetings
    assert [len(m.evidence) for m in linked] == [2]
    monkeypatch.setattr(meetings, "LOOKBACK_SENTS", 2)
    assert [len(m.evidence) for m in extract(text, published="2024-01-09").meetings] == [1]


def test_agreement_reference_beyond_the_bound_is_not_linked(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "South Korea and Japan signed a defense cooperation agreement on Monday. "
        + f"{FILLER} " * 5
        + "The agreement comes as tensions rise in the region."
    )
    assert [len(a.evidence) for a in extract(text, published="2024-01-09").agreements] == [2]
    monkeypatch.setattr(agreements, "LOOKBACK_SENTS", 2)
    assert [len(a.evidence) for a in extract(text, published="2024-01-09").agreements] == [1]


def _shifted(rec: dict[str, Any], off: int) -> dict[str, Any]:
    """A record without ids and with its evidence offsets relative to its copy (a date may come
    from an article-wide rule, e.g. the main meeting: its offsets are dropped)."""
    out = {k: v for k, v in rec.items() if k not in ("id", "evidence", "date")}
    out["evidence"] = [{**e, "start": e["start"] - off, "end": e["end"] - off} for e in rec["evidence"]]
    if rec.get("date"):
        out["date"] = {k: v for k, v in rec["date"].items() if k not in ("start", "end")}
    return out


@pytest.mark.parametrize("path", SEEDS[:2], ids=lambda p: p.stem)
def test_copies_beyond_the_bound_give_the_same_records(path: Path) -> None:
    article = build_view(path.read_text(encoding="utf-8")).text
    gap = "\n\n" + " ".join([FILLER] * (max(meetings.LOOKBACK_SENTS, agreements.LOOKBACK_SENTS) + 10)) + "\n\n"
    out = extract(gap.join([article] * 3), published="2024-01-09").model_dump(mode="json")
    step = len(article) + len(gap)
    for kind in ("meetings", "agreements"):
        copies = [
            [_shifted(r, c * step) for r in out[kind] if c * step <= r["evidence"][0]["start"] < c * step + len(article)]
            for c in range(3)
        ]
        assert copies[1], kind
        # the first copy holds the headline / lede rules; the later ones link only within themselves
        assert copies[1] == copies[2], kind
