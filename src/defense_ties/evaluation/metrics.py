"""Counts, precision / recall / F1 and field accuracy, per article and micro-averaged over articles.

- ``precision = matched / predicted``, ``recall = matched / gold``, ``F1`` their harmonic mean
  (a matched record counts 1 whatever its fields);
- ``credit`` P/R/F1: the same with each match counting its credit in [0, 1] instead of 1 (partial
  credit, see ``matching``);
- field accuracy: among matched pairs where gold or prediction has a value, the share that agree.

Totals are micro-averages: counts are summed over articles, then the ratios computed once. With
nothing to find and nothing found, precision, recall and F1 are 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .matching import FIELDS, RECORD_TYPES, TypeResult


def ratio(num: float, den: float, empty: float = 1.0) -> float:
    """``num / den``, or ``empty`` when ``den`` is 0."""
    return num / den if den else empty


def f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Counts:
    """Summed counts of one record type."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    credit: float = 0.0
    fields: dict[str, list[int]] = field(default_factory=dict)

    def add(self, res: TypeResult, rtype: str) -> None:
        """Add one article's matching result."""
        self.gold += res.n_gold
        self.pred += res.n_pred
        self.matched += len(res.pairs)
        self.credit += sum(p.credit for p in res.pairs)
        for name in FIELDS[rtype]:
            slot = self.fields.setdefault(name, [0, 0])
            for pair in res.pairs:
                if name in pair.fields:
                    slot[1] += 1
                    slot[0] += int(pair.fields[name])

    def scores(self) -> dict[str, Any]:
        """Counts and rounded ratios, as written into the JSON report."""
        empty = 1.0 if self.gold == 0 and self.pred == 0 else 0.0
        p = ratio(self.matched, self.pred, empty)
        r = ratio(self.matched, self.gold, empty)
        cp = ratio(self.credit, self.pred, empty)
        cr = ratio(self.credit, self.gold, empty)
        return {
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1(p, r) if self.gold or self.pred else 1.0, 4),
            "credit": round(self.credit, 4),
            "credit_precision": round(cp, 4),
            "credit_recall": round(cr, 4),
            "credit_f1": round(f1(cp, cr) if self.gold or self.pred else 1.0, 4),
            "fields": {
                name: {"correct": c, "n": n, "accuracy": round(c / n, 4) if n else None} for name, (c, n) in self.fields.items()
            },
        }


@dataclass
class ArticleResult:
    """One article's matching results, with the labels of missed and spurious records."""

    name: str
    results: dict[str, TypeResult]
    warnings: list[str] = field(default_factory=list)


def summarise(articles: list[ArticleResult]) -> dict[str, Any]:
    """The JSON-ready report: micro-averaged totals, per-article scores, misses and warnings."""
    totals = {t: Counts() for t in RECORD_TYPES}
    per_article: dict[str, Any] = {}
    for art in articles:
        row: dict[str, Any] = {}
        for t in RECORD_TYPES:
            res = art.results[t]
            totals[t].add(res, t)
            c = Counts()
            c.add(res, t)
            row[t] = c.scores()
            row[t]["missing"] = res.missing
            row[t]["spurious"] = res.spurious
            row[t]["field_errors"] = [
                {"gold": pr.gold_label, "pred": pr.pred_label, "field": f, "expected": pr.detail[f][0], "got": pr.detail[f][1]}
                for pr in res.pairs
                for f, ok in pr.fields.items()
                if not ok and f in pr.detail
            ]
        per_article[art.name] = {"scores": row, "warnings": art.warnings}
    return {
        "articles": len(articles),
        "totals": {t: totals[t].scores() for t in RECORD_TYPES},
        "per_article": per_article,
    }
