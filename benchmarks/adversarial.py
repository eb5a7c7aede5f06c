"""Adversarial inputs: does extraction time grow linearly with the input?

Each case is extracted at 1x and at 10x its size; the ratio of the times should be about 10
(linear). A ratio well above that (flagged ``SUPERLINEAR`` above 15) points at a rule that
backtracks or a loop that rescans the text; the stage columns say where (normalise, spaCy
tokenizer + sentences, or which extractor).

Cases (1x size; 10x is ten times more): "Adm. " repeated, capitalised words, unmatched quotation
marks, "last last last", parentheses, a line of one endless word, and a long article made of the
seeds (1x = 0.5 MB, 10x = 5 MB). Not a timed test: a report to read.

Usage::

    .venv/bin/python benchmarks/adversarial.py                  # 1x = 10,000 repetitions, 10x = 100,000
    .venv/bin/python benchmarks/adversarial.py --only adm last  # some cases
    .venv/bin/python benchmarks/adversarial.py --scale 0.1      # quicker, smaller
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_seeds, stage_times

CAPS = ["Kim", "Lee", "Park", "Defense", "Minister", "General", "NATO", "Seoul", "Brussels", "Jong-sup", "Allied", "Command"]


def _article(n_chars: int) -> str:
    from defense_ties.normalize import build_view

    # the seeds' cleaned views: their "Related Articles" markers would cut the rest of the article
    seeds = [build_view(s["text"]).text for s in load_seeds()]
    out: list[str] = []
    size = 0
    i = 0
    while size < n_chars:
        t = seeds[i % len(seeds)]
        out.append(t)
        size += len(t) + 2
        i += 1
    return "\n\n".join(out)[:n_chars]


#: name -> (what it is, builder of the text for ``reps`` repetitions)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "adm": ('"Adm. " repeated', lambda n: "Adm. " * n),
    "caps": ("capitalised words", lambda n: " ".join(CAPS[i % len(CAPS)] for i in range(n))),
    "quotes": ("unmatched opening quotes", lambda n: "\u201cHe said the talks " * n),
    "straight_quotes": ('unmatched straight quotes', lambda n: '"said ' * n),
    "last": ('"last last last"', lambda n: "last " * n),
    "parens": ("unclosed parentheses", lambda n: "(the Ministry of " * n),
    "word": ("one endless word", lambda n: "a" * (n * 5)),
    "dates": ("dates and numbers", lambda n: " ".join(f"on Feb. {1 + i % 28}, {2000 + i % 30} and" for i in range(n // 4))),
    "article": ("a long article from the seeds (chars/20)", lambda n: _article(n * 50)),
}


def measure(text: str) -> tuple[float, dict[str, float]]:
    """CPU seconds to extract ``text`` (one run) and the CPU seconds per stage."""
    stages, total = stage_times([{"text": text, "published": "2024-01-09"}])
    return total, stages


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=10_000, help="repetitions at 1x (default 10,000; 10x is ten times more)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size by this (default 1)")
    ap.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    args = ap.parse_args(argv)

    from defense_ties import extract

    extract("Warm up: Adm. Kim met NATO on Monday.", published="2024-01-09")
    reps = max(1, int(args.reps * args.scale))
    print(f"1x = {reps:,} repetitions, 10x = {reps * 10:,}; CPU seconds of one extraction; ratio = t(10x) / t(1x), linear is ~10")
    print(f"{'case':44}{'chars 10x':>12}{'t 1x':>9}{'t 10x':>9}{'ratio':>7}  slowest stage at 10x (ratio)")
    worst = 0.0
    for name in args.only or list(CASES):
        label, build = CASES[name]
        small, big = build(reps), build(reps * 10)
        t1, s1 = measure(small)
        t10, s10 = measure(big)
        ratio = t10 / t1 if t1 > 0 else float("inf")
        worst = max(worst, ratio)
        top = max(s10, key=lambda k: s10[k])
        top_ratio = s10[top] / s1[top] if s1.get(top) else float("inf")
        flag = "  SUPERLINEAR" if ratio > 15 else ""
        print(f"{label:44}{len(big):12,}{t1:9.3f}{t10:9.3f}{ratio:7.1f}  {top} {s10[top]:.2f}s ({top_ratio:.1f}){flag}")
        if ratio > 15:
            for k in sorted(s10, key=lambda k: -s10[k]):
                r = s10[k] / s1[k] if s1.get(k) else float("inf")
                print(f"    {k:32}{s1.get(k, 0):8.3f}{s10[k]:9.3f}{r:7.1f}")
        sys.stdout.flush()
    print(f"worst ratio: {worst:.1f} ({'linear' if worst <= 15 else 'SUPERLINEAR: see the stage lines above'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
