"""Score DATE expressions of a TimeML-derived JSONL file: defense_ties.temporal vs dateparser.

Usage::

    .venv/bin/python benchmarks/temporal.py [PATH] [--errors N]

``PATH`` defaults to ``../shared/bench/meantime_en.jsonl`` resolved against the repository root
(the file stays outside the repository). Each line is one gold TIMEX3 with its sentence, its
offsets in that sentence, ``type``, ``value`` and the document creation time ``dct``.

How it is scored (the same for both systems, in the same run):

- Sentences of one document are fed in their order, one per line, as one small article whose
  publication date is the document's ``dct`` (so anaphora can see earlier sentences).
  ``dateparser.search_dates`` is run on each sentence with ``RELATIVE_BASE`` = ``dct``.
- Gold: the ``DATE`` lines, except (reported) values no system of calendar dates can produce:
  ``XXXX-XX-XX`` (event names, vague "later"), durations mistyped as DATE (``P…``), fiscal
  periods (``FY…``), times of day (``…T…``), and documents without a ``dct`` (nothing to anchor
  relative dates on). Predictions overlapping an excluded gold line are not counted either way.
- Extraction P/R/F1 under two span policies: ``exact`` (same start and end) and ``overlap`` (any
  shared character; one-to-one). Predictions overlapping a gold TIME/DURATION/SET count as false
  positives (they are not DATEs).
- Value accuracy: on the gold DATEs found (overlap policy), the share whose value equals the gold
  value. dateparser returns a datetime without a granularity, so it is given the benefit of the
  doubt: its datetime is printed at the gold value's own granularity (year, month, day, ISO week or
  quarter) before comparing; reference values (``PRESENT_REF``…), seasons and decades it cannot
  express and counts wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "bench" / "meantime_en.jsonl"


@dataclass
class Gold:
    sent: tuple[str, int]
    start: int
    end: int
    text: str
    type: str
    value: str
    excluded: str | None


@dataclass
class Pred:
    sent: tuple[str, int]
    start: int
    end: int
    text: str
    value: str | None


def exclusion(row: dict[str, Any]) -> str | None:
    """Why a gold DATE line is not scored, or None."""
    v = str(row.get("value") or "")
    if not row.get("dct"):
        return "no dct"
    if v == "XXXX-XX-XX" or not v:
        return "XXXX-XX-XX"
    if v.startswith("P"):
        return "duration value"
    if v.startswith("FY"):
        return "fiscal year"
    if "T" in v and not v.endswith("_REF"):
        return "time of day"
    return None


def _iso_dct(value: str | None) -> str | None:
    """The DCT as ISO ``YYYY-MM-DD``; one MEANTIME file writes it day-first (``03-02-2009``)."""
    if value and len(value) == 10 and value[2] == "-" and value[5] == "-":
        return f"{value[6:]}-{value[3:5]}-{value[:2]}"
    return value


def load(path: Path) -> tuple[list[Gold], dict[str, dict[int, str]], dict[str, str | None]]:
    golds: list[Gold] = []
    sents: dict[str, dict[int, str]] = defaultdict(dict)
    dcts: dict[str, str | None] = {}
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        r = orjson.loads(line)
        key = (r["doc"], int(r["sent_idx"]))
        sents[r["doc"]][key[1]] = r["sentence"]
        dcts[r["doc"]] = _iso_dct(r.get("dct"))
        excl = exclusion(r) if r["type"] == "DATE" else None
        golds.append(Gold(key, r["start"], r["end"], r["text"], r["type"], str(r["value"]), excl))
    return golds, sents, dcts


def ours(sents: dict[str, dict[int, str]], dcts: dict[str, str | None]) -> tuple[list[Pred], float]:
    from defense_ties.temporal import find_dates

    preds: list[Pred] = []
    t0 = time.perf_counter()
    for doc, by_idx in sents.items():
        order = sorted(by_idx)
        text = "\n".join(by_idx[i].replace("\n", " ") for i in order)
        offsets = []
        pos = 0
        for i in order:
            offsets.append((pos, i))
            pos += len(by_idx[i]) + 1
        for d in find_dates(text, dcts[doc]):
            k = max(j for j in range(len(offsets)) if offsets[j][0] <= d.start)
            base, idx = offsets[k]
            preds.append(Pred((doc, idx), d.start - base, d.end - base, d.text, d.value))
    return preds, time.perf_counter() - t0


def _fmt_like(gold: str, when: dt.datetime) -> str:
    """``when`` printed at the granularity of the gold value (dateparser's benefit of the doubt)."""
    if len(gold) == 4 and gold.isdigit():
        return f"{when.year:04d}"
    if len(gold) == 7 and gold[4] == "-" and gold[5:].isdigit():
        return f"{when.year:04d}-{when.month:02d}"
    if len(gold) == 10 and gold[4] == "-" and gold[7] == "-":
        return when.date().isoformat()
    if "-W" in gold and len(gold) == 8:
        iy, iw, _ = when.isocalendar()
        return f"{iy:04d}-W{iw:02d}"
    if "-Q" in gold and len(gold) == 7:
        return f"{when.year:04d}-Q{(when.month - 1) // 3 + 1}"
    return when.date().isoformat()


def dateparser_preds(
    sents: dict[str, dict[int, str]], dcts: dict[str, str | None]
) -> tuple[list[tuple[Pred, dt.datetime]], float]:
    from dateparser.search import search_dates

    warnings.filterwarnings("ignore")
    out: list[tuple[Pred, dt.datetime]] = []
    t0 = time.perf_counter()
    for doc, by_idx in sents.items():
        dct = dcts[doc]
        settings: dict[str, Any] = {}
        if dct:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(dct[:10])
        for idx, sentence in by_idx.items():
            try:
                found = search_dates(sentence, languages=["en"], settings=settings) or []
            except Exception:
                found = []
            pos = 0
            for sub, when in found:
                at = sentence.find(sub, pos)
                if at < 0:
                    at = sentence.find(sub)
                if at < 0:
                    continue
                pos = at + len(sub)
                out.append((Pred((doc, idx), at, at + len(sub), sub, None), when))
    return out, time.perf_counter() - t0


def _hit(policy: str, g: Gold, p: Pred) -> bool:
    if policy == "exact":
        return g.start == p.start and g.end == p.end
    return g.start < p.end and p.start < g.end


def score(golds: list[Gold], preds: list[Pred], value_of: Any) -> dict[str, Any]:
    by_sent: dict[tuple[str, int], list[Gold]] = defaultdict(list)
    for g in golds:
        by_sent[g.sent].append(g)
    scored = [g for g in golds if g.type == "DATE" and g.excluded is None]
    res: dict[str, Any] = {"gold": len(scored)}
    for policy in ("exact", "overlap"):
        matched: dict[int, Pred] = {}
        fp = 0
        fps: list[Pred] = []
        for p in preds:
            cands = [g for g in by_sent.get(p.sent, []) if _hit(policy, g, p)]
            if any(g.excluded for g in cands) or (
                policy == "exact" and any(g.excluded and g.start < p.end and p.start < g.end for g in by_sent.get(p.sent, []))
            ):
                continue
            target = next((g for g in cands if g.type == "DATE" and g.excluded is None and id(g) not in matched), None)
            if target is None:
                fp += 1
                if policy == "overlap":
                    fps.append(p)
            else:
                matched[id(target)] = p
        tp = len(matched)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / len(scored) if scored else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        res[policy] = {"tp": tp, "fp": fp, "p": prec, "r": rec, "f1": f1}
        if policy == "exact":
            exact_right = sum(1 for g in scored if id(g) in matched and value_of(matched[id(g)], g) == g.value)
            res["exact_right_all"] = exact_right / len(scored) if scored else 0.0
        if policy == "overlap":
            right = [g for g in scored if id(g) in matched and value_of(matched[id(g)], g) == g.value]
            res["value_found"] = tp
            res["value_right"] = len(right)
            res["value_acc"] = len(right) / tp if tp else 0.0
            res["value_acc_all"] = len(right) / len(scored) if scored else 0.0
            res["wrong"] = [(g, matched[id(g)]) for g in scored if id(g) in matched and g not in right]
            res["missed"] = [g for g in scored if id(g) not in matched]
            res["false_positives"] = fps
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong values and misses of ours")
    args = ap.parse_args(argv)
    path = Path(args.path)
    if not path.is_absolute() and not path.exists():
        path = ROOT / path
    if not path.exists():
        print(f"benchmark file not found: {path}", file=sys.stderr)
        return 2
    golds, sents, dcts = load(path)
    ex: dict[str, int] = defaultdict(int)
    for g in golds:
        if g.type == "DATE" and g.excluded:
            ex[g.excluded] += 1
    n_date = sum(1 for g in golds if g.type == "DATE")
    print(
        f"{path.name}: {len(golds)} TIMEX3, {n_date} DATE; scored {n_date - sum(ex.values())}; excluded: "
        + ", ".join(f"{k} {v}" for k, v in sorted(ex.items()))
    )

    our_preds, t_ours = ours(sents, dcts)
    dp, t_dp = dateparser_preds(sents, dcts)
    dp_when = {id(p): w for p, w in dp}
    r_ours = score(golds, our_preds, lambda p, g: p.value)
    r_dp = score(golds, [p for p, _ in dp], lambda p, g: _fmt_like(g.value, dp_when[id(p)]))
    r_dps = score(golds, [p for p, _ in dp], lambda p, g: dp_when[id(p)].date().isoformat())

    rows = [
        ("DATE value accuracy (on gold found)", "value_acc"),
        ("DATE value right / all scored gold", "value_acc_all"),
        ("DATE exact span and value right / all gold", "exact_right_all"),
    ]
    print(f"\n{'metric':44} {'defense_ties':>14} {'dateparser':>12} {'dateparser':>12}")
    print(f"{'':44} {'':>14} {'as returned':>12} {'lenient':>12}")
    for label, key in rows:
        print(f"{label:44} {r_ours[key]:>14.3f} {r_dps[key]:>12.3f} {r_dp[key]:>12.3f}")
    print(
        f"{'  gold found (overlap) / values right':44} {r_ours['value_found']:>7}/{r_ours['value_right']:<6} "
        f"{r_dps['value_found']:>6}/{r_dps['value_right']:<5} {r_dp['value_found']:>6}/{r_dp['value_right']:<5}"
    )
    for policy in ("exact", "overlap"):
        for k in ("p", "r", "f1"):
            a, b = r_ours[policy][k], r_dp[policy][k]
            print(f"{'extraction ' + policy + ' ' + k.upper():44} {a:>14.3f} {b:>12.3f} {b:>12.3f}")
    print(f"{'seconds (all sentences)':44} {t_ours:>14.2f} {t_dp:>12.2f}")

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.1f}x" if b else "inf"

    print(
        f"\nvalue accuracy ratio ours/dateparser: {ratio(r_ours['value_acc'], r_dps['value_acc'])} (as returned), "
        f"{ratio(r_ours['value_acc'], r_dp['value_acc'])} (lenient); exact span and value right / all gold: "
        f"{ratio(r_ours['exact_right_all'], r_dps['exact_right_all'])} (as returned), "
        f"{ratio(r_ours['exact_right_all'], r_dp['exact_right_all'])} (lenient)"
    )
    print(
        "as returned: dateparser's datetime read as the day it names; lenient: printed at the gold value's "
        "granularity (a benefit of the doubt no real user gets, since dateparser gives no granularity)"
    )
    if args.errors:
        print("\nwrong values (ours):")
        for g, p in r_ours["wrong"][: args.errors]:
            print(f"  {dcts[g.sent[0]]} {g.text!r} gold={g.value} ours={p.value} ({p.text!r})")
        print("missed (ours):")
        for g in r_ours["missed"][: args.errors]:
            print(f"  {dcts[g.sent[0]]} {g.text!r} gold={g.value}")
        print("false positives (ours, overlap policy):")
        for p in r_ours["false_positives"][: args.errors]:
            others = [g for g in golds if g.sent == p.sent and _hit("overlap", g, p)]
            print(f"  {p.text!r} ours={p.value} overlaps={[(g.text, g.type) for g in others]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
