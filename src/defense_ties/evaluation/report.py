"""The evaluation report as a readable text table (the JSON form is ``metrics.summarise``'s dict)."""

from __future__ import annotations

from typing import Any

from .matching import FIELDS, RECORD_TYPES


def _f(x: float | None) -> str:
    return "   -" if x is None else f"{x:.3f}"


def render_table(summary: dict[str, Any], *, per_article: bool = False, title: str = "") -> str:
    """Totals per record type, field accuracy among matched records and, optionally, one row per article."""
    lines: list[str] = []
    if title:
        lines += [title, ""]
    lines.append(f"articles: {summary['articles']}   (micro-averaged over articles; credit = partial-credit F1)")
    lines.append("")
    head = f"{'record type':<14}{'gold':>6}{'pred':>6}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}{'credit':>9}"
    lines += [head, "-" * len(head)]
    totals = summary["totals"]
    for t in RECORD_TYPES:
        s = totals[t]
        lines.append(
            f"{t:<14}{s['gold']:>6}{s['pred']:>6}{s['matched']:>7}{_f(s['precision']):>8}{_f(s['recall']):>8}"
            f"{_f(s['f1']):>8}{_f(s['credit_f1']):>9}"
        )
    lines += ["", "field accuracy among matched records (n: pairs where gold or prediction has a value)", ""]
    fhead = f"{'field':<28}{'correct':>9}{'n':>6}{'accuracy':>10}"
    lines += [fhead, "-" * len(fhead)]
    for t in RECORD_TYPES:
        for name in FIELDS[t]:
            fs = totals[t]["fields"].get(name, {"correct": 0, "n": 0, "accuracy": None})
            lines.append(f"{t + '.' + name:<28}{fs['correct']:>9}{fs['n']:>6}{_f(fs['accuracy']):>10}")
    if per_article:
        lines += ["", "F1 per article (gold/pred counts in brackets)", ""]
        width = max([len("article"), *(len(n) for n in summary["per_article"])]) + 2
        ahead = f"{'article':<{width}}" + "".join(f"{t:>20}" for t in RECORD_TYPES)
        lines += [ahead, "-" * len(ahead)]
        for name, art in summary["per_article"].items():
            cells = []
            for t in RECORD_TYPES:
                s = art["scores"][t]
                cells.append(f"{_f(s['f1'])} ({s['gold']}/{s['pred']})".rjust(20))
            lines.append(f"{name:<{width}}" + "".join(cells))
    return "\n".join(lines) + "\n"


def render_errors(summary: dict[str, Any]) -> str:
    """Per article: the gold records missed, the predictions not in gold, and each wrong field."""
    lines: list[str] = ["", "errors per article (missed: in gold, not found; spurious: found, not in gold)"]
    for name, art in summary["per_article"].items():
        body: list[str] = []
        for t in RECORD_TYPES:
            s = art["scores"][t]
            body += [f"  {t}: missed {m}" for m in s["missing"]]
            body += [f"  {t}: spurious {m}" for m in s["spurious"]]
            body += [f"  {t}: {e['gold']}: {e['field']} expected {e['expected']!r}, got {e['got']!r}" for e in s["field_errors"]]
        body += [f"  warning: {w}" for w in art["warnings"]]
        if body:
            lines += ["", name, *body]
    return "\n".join(lines) + "\n"
