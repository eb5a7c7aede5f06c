"""Temporal grounding on whole articles: the seeds, the dev articles, odd text, determinism, lexicons.

The phrase-level behaviour is tested by the table of ``test_temporal_table.py``; here the dates
extractor runs on whole texts. The dev articles (``../shared/dev``) and the MEANTIME benchmark
(``../shared/bench``) are read at run time only; their tests skip when the folders are absent.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from defense_ties import extract
from defense_ties.lexicons import Lexicons
from defense_ties.temporal import calendar as cal
from defense_ties.temporal import find_dates, resolve_phrase

from .conftest import ROOT, seed_paths

SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev" / "articles"
BENCH = SHARED / "bench" / "meantime_en.jsonl"


def _seed(stem_prefix: str) -> tuple[str, str]:
    path = next(p for p in seed_paths() if p.stem.startswith(stem_prefix))
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), meta["published"]


def _dates(stem_prefix: str, published: str | None = "meta") -> list[tuple[str, str | None, str | None, str]]:
    text, pub = _seed(stem_prefix)
    ex = extract(text, published=pub if published == "meta" else published)
    return [(d.text, d.value, d.mod, d.status) for d in ex.dates]


# --------------------------------------------------------------------------- the seeds


def test_seed_000_april_2022() -> None:
    assert _dates("000") == [
        ("Monday", "2022-04-11", None, "resolved"),
        ("May 2016", "2016-05", None, "absolute"),
        ("last November", "2021-11", None, "resolved"),
        ("2006", "2006", "ON_OR_AFTER", "absolute"),
        ("2006", "2006", None, "absolute"),
        ("June 2021", "2021-06", None, "absolute"),
        ("the same month", "2021-06", None, "resolved"),
        ("last December", "2021-12", None, "resolved"),
        ("April", "2022-04", None, "resolved"),
        ("Monday", "2022-04-11", None, "resolved"),
        ("March", "2022-03", None, "resolved"),
        ("Friday", "2022-04-08", None, "resolved"),
        ("Monday", "2022-04-11", None, "resolved"),
    ]


def test_seed_001_month_only_publication() -> None:
    assert _dates("001") == [
        ("recent years", "PAST_REF", None, "resolved"),
        ("early April 2022", "2022-04", "START", "absolute"),
        ("April 2022", "2022-04", None, "absolute"),
        ("July", "2021-07", None, "absolute"),
        ("November 2021", "2021-11", None, "absolute"),
        ("2005", "2005", None, "absolute"),
        ("November 2019", "2019-11", None, "absolute"),
        ("2010-13", "2010", None, "absolute"),
        ("2009-16", "2009", None, "absolute"),
    ]


def test_seed_002_publication_line_and_two_day_range() -> None:
    text, pub = _seed("002")
    ex = extract(text, published=pub)
    assert [(d.text, d.value, d.mod) for d in ex.dates] == [
        ("Monday", "2023-02-13", None),
        ("next year", "2024", None),
        ("November 2021", "2021-11", None),
        ("April 2022", "2022-04", None),
        ("late January", "2023-01", "END"),
        ("June 2022", "2022-06", None),
    ]
    monday = ex.dates[0]
    assert monday.range is not None and (monday.range.start, monday.range.end) == (
        dt.date(2023, 2, 13),
        dt.date(2023, 2, 14),
    )
    assert "Feb. 14, 2023" not in [d.text for d in ex.dates]  # the publication line is not annotated


def test_seed_003_next_wednesday_two_day_meeting() -> None:
    text, pub = _seed("003")
    ex = extract(text, published=pub)
    got = {d.text: d for d in ex.dates}
    assert [d.text for d in ex.dates] == ["Tuesday", "next week", "next Wednesday", "Recently", "last year"]
    assert got["Tuesday"].value == "2024-01-09"
    assert got["next week"].value == "2024-W03"
    wed = got["next Wednesday"]
    assert wed.value == "2024-01-17" and wed.range is not None
    assert (wed.range.start, wed.range.end) == (dt.date(2024, 1, 17), dt.date(2024, 1, 18))
    assert got["Recently"].value == "PAST_REF" and got["last year"].value == "2023"


def test_seed_004_same_day_is_the_event_in_focus() -> None:
    text, pub = _seed("004")
    ex = extract(text, published=pub)
    assert [(d.text, d.value, d.anchor) for d in ex.dates] == [
        ("Thursday", "2024-02-29", "2024-02-29"),
        ("July 2023", "2023-07", None),
        ("the same day", "2024-02-29", "2024-02-29"),
    ]


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_seed_dates_equal_the_goldens(path: Path) -> None:
    golden = ROOT / "tests" / "golden" / f"{path.stem}.json"
    if not golden.is_file():
        pytest.skip("no golden")
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    ex = extract(path.read_text(encoding="utf-8"), published=meta["published"])
    want = [{k: v for k, v in d.items() if k != "rule"} for d in json.loads(golden.read_text(encoding="utf-8"))["dates"]]
    got = [{k: v for k, v in d.model_dump(mode="json").items() if k != "rule"} for d in ex.dates]
    assert got == want


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_offsets_rules_and_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ex = extract(text, published="2024-01-09")
    starts = [d.start for d in ex.dates]
    assert starts == sorted(starts)
    for d in ex.dates:
        assert text[d.start : d.end] == d.text
        assert d.rule.startswith("temporal.")


def test_no_anchor_never_invents_a_date() -> None:
    text, _ = _seed("000")
    ex = extract(text)
    assert ex.dates
    for d in ex.dates:
        if d.status == "absolute":
            assert d.value and "X" not in d.value
        elif d.rule.startswith("temporal.anaphor"):
            assert d.status == "resolved" and d.anchor == "2021-06"  # "the same month" after "June 2021"
        else:
            assert d.status == "unanchored" and d.range is None and d.anchor is None
            assert d.value is not None and ("X" in d.value or d.value.endswith("_REF"))
    assert ("last November", "XXXX-11") in [(d.text, d.value) for d in ex.dates]
    assert ("Monday", "XXXX-WXX-1") in [(d.text, d.value) for d in ex.dates]


# --------------------------------------------------------------------------- odd text, determinism


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "2006",
        "the",
        "Monday",
        ")" * 50,
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32",
        "Feb. 30, 2023 and 31 April 2022 and 2019-13-45 and 2013-10 and 2099-1800",
        "\u200b\u00a0Mon\u00addays \U0001f600 \u2019\u201990s \u2013 mid\u2011April",
    ],
)
def test_odd_text_does_not_crash(text: str) -> None:
    for d in find_dates(text, "2024-01-09"):
        assert text[d.start : d.end] == d.text


def test_impossible_dates_are_not_invented() -> None:
    values = [d.value for d in find_dates("It happened on Feb. 30, 2023 and on 31 April 2022.", "2024-01-09")]
    assert "2023-02-30" not in values and "2022-04-31" not in values


def test_unicode_soup_and_huge_text() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ 0123456789,.-'\u2019\u2013()/:\n" + "MondayMarchlastnextyearweekago"
    soup = "".join(rng.choice(alphabet) for _ in range(20000))
    for d in find_dates(soup, "2022-05"):
        assert soup[d.start : d.end] == d.text
    text, pub = _seed("000")
    big = (text + "\n") * 40
    t0 = time.perf_counter()
    found = find_dates(big, pub)
    assert time.perf_counter() - t0 < 30
    assert len(found) == 40 * len(find_dates(text, pub))


def test_same_input_same_output() -> None:
    text, pub = _seed("002")
    a = [d.model_dump_json() for d in extract(text, published=pub).dates]
    b = [d.model_dump_json() for d in extract(text, published=pub).dates]
    assert a == b


# --------------------------------------------------------------------------- API and knowledge as data


def test_tense_cues_deep_in_a_long_article() -> None:
    filler = "The ministry released a statement about the drills near the border. " * 30
    text = filler + "The minister said he was looking forward to visiting Hiroshima for the summit in May."
    got = [(d.text, d.value) for d in find_dates(text, "2023-01-12")]
    assert got == [("May", "2023-05")]
    text = filler + "The chiefs said on Monday that they would meet again in Brussels on Friday."
    assert [(d.text, d.value) for d in find_dates(text, "2024-01-09")] == [("Monday", "2024-01-08"), ("Friday", "2024-01-12")]


def test_resolve_phrase_rejects_a_phrase_not_in_the_sentence() -> None:
    with pytest.raises(ValueError):
        resolve_phrase("Monday", "Nothing here.", "2024-01-09")


def test_resolve_phrase_accepts_dates_and_focus() -> None:
    got = resolve_phrase("the same day", "He met them the same day.", dt.date(2024, 3, 1), focus=dt.date(2024, 2, 27))
    assert got is not None and got.value == "2024-02-27" and got.anchor == "2024-02-27"


def test_lexicon_overlay_adds_knowledge_without_code() -> None:
    text = "The envoys will meet overmorrow and again on Weds in Seoul."
    assert [d.text for d in find_dates(text, "2024-01-09")] == []
    lex = Lexicons(overlays=[{"temporal": {"deictic_days": {"overmorrow": 2}, "weekdays": {"weds": 3}}}])
    got = [(d.text, d.value) for d in find_dates(text, "2024-01-09", lexicons=lex)]
    assert got == [("overmorrow", "2024-01-11"), ("Weds", "2024-01-10")]


def test_calendar_helpers() -> None:
    assert cal.week(dt.date(2021, 1, 3)).value == "2020-W53"
    assert cal.season(2023, "WI", {"SP": 3, "SU": 6, "FA": 9, "WI": 12}).end == dt.date(2024, 2, 29)
    assert cal.quarter(2023, 4).start == dt.date(2023, 10, 1)
    assert cal.xmerge("2022-04-25", "2022-05-30") == "2022-XX-XX"
    assert cal.xmerge("2022-W16", "2022-W21") == "2022-WXX"
    assert cal.xmerge("2022-05-02", "2022-05-30") == "2022-05-XX"
    assert cal.decade(199).end == dt.date(1999, 12, 31)


# --------------------------------------------------------------------------- real articles, read at run time


def _dev_articles() -> list[Path]:
    return sorted(DEV.glob("*.gold.json")) if DEV.is_dir() else []


@pytest.mark.skipif(not _dev_articles(), reason="../shared/dev is not available")
def test_dev_articles_dates_against_hand_gold() -> None:
    tp = fp = fn = right = 0
    for gold_path in _dev_articles():
        base = str(gold_path)[: -len(".gold.json")]
        text = Path(base + ".txt").read_text(encoding="utf-8")
        meta = json.loads(Path(base + ".meta.json").read_text(encoding="utf-8"))
        gold: list[dict[str, Any]] = json.loads(gold_path.read_text(encoding="utf-8"))["dates"]
        ours = extract(text, published=meta.get("published")).dates
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, d in enumerate(ours) if i not in used and d.text == g["text"]), None)
            if hit is None:
                fn += 1
                continue
            used.add(hit)
            tp += 1
            right += ours[hit].value == g["value"]
        fp += len(ours) - len(used)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert recall >= 0.95, (tp, fn)
    assert precision >= 0.85, (tp, fp)
    assert right / tp >= 0.98, (right, tp)


@pytest.mark.skipif(not BENCH.is_file(), reason="../shared/bench/meantime_en.jsonl is not available")
def test_meantime_value_accuracy() -> None:
    spec = importlib.util.spec_from_file_location("bench_temporal", ROOT / "benchmarks" / "temporal.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    golds, sents, dcts = bench.load(BENCH)
    preds, _ = bench.ours(sents, dcts)
    res = bench.score(golds, preds, lambda p, g: p.value)
    assert res["value_acc"] >= 0.85
    assert res["overlap"]["f1"] >= 0.85
