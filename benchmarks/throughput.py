"""Throughput of the full extraction against its floor and against what users do today.

One run prints everything:

- full extraction (``extract`` on every seed, repeated ``--repeat`` times): articles/s, tokens/s;
- the floor: spaCy's blank English tokenizer + sentencizer on the same texts (no spaCy-based
  extractor can be faster); target: full extraction at >= 50 % of its rate;
- ``dateparser.search_dates`` over the same texts (what users do today); target: >= 50x faster;
- where the time goes: normalise, spaCy (our tokenizer + sentence component), each extractor;
- CLI cold start on one article (``python -m defense_ties extract seeds/003_....txt``); target < 1.5 s.

Usage::

    .venv/bin/python benchmarks/throughput.py            # all figures
    .venv/bin/python benchmarks/throughput.py --repeat 40 --profile 25   # + the top of cProfile

Figures are wall-clock on whatever machine runs it; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def load_seeds() -> list[dict[str, Any]]:
    """The seed articles as ``{id, text, published}`` records (published from the sidecars)."""
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        meta_path = p.with_name(p.stem + ".meta.json")
        meta = orjson.loads(meta_path.read_bytes()) if meta_path.exists() else {}
        out.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": meta.get("published")})
    return out


def best_of(fn: Callable[[], object], runs: int) -> float:
    """The fastest of ``runs`` timings of ``fn()`` in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


class Timed:
    """An extractor wrapper adding its wall time to ``totals[name]``."""

    def __init__(self, inner: Any, totals: dict[str, float]) -> None:
        self.inner = inner
        self.name = inner.name
        self.requires = tuple(inner.requires)
        self.record_model = inner.record_model
        self.totals = totals

    def __call__(self, doc: Any, ctx: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return list(self.inner(doc, ctx))
        finally:
            self.totals[self.name] += time.perf_counter() - t0


def stage_times(items: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Seconds spent per stage over ``items``: normalise, spacy, each extractor, the rest."""
    from defense_ties import REGISTRY, Registry
    from defense_ties.nlp import get_nlp
    from defense_ties.normalize import build_view
    from defense_ties.pipeline import ArticleInput, run

    totals: dict[str, float] = defaultdict(float)
    reg = Registry()
    for ext in REGISTRY.ordered():
        reg.register(Timed(ext, totals))
    nlp = get_nlp()
    t_all = time.perf_counter()
    for it in items:
        t0 = time.perf_counter()
        view = build_view(it["text"])
        t1 = time.perf_counter()
        nlp(view.text)
        t2 = time.perf_counter()
        totals["normalise"] += t1 - t0
        totals["spacy (tokens+sentences)"] += t2 - t1
        run(ArticleInput.model_validate(it), registry=reg)
    total = time.perf_counter() - t_all
    # run() normalised and tokenised again: count those once, the remainder is assembly/validation
    counted = sum(totals.values())
    totals["assembly, validation"] = max(0.0, total - counted - totals["normalise"] - totals["spacy (tokens+sentences)"])
    return dict(totals)


def cold_start(path: Path, runs: int) -> list[float]:
    """Wall seconds of ``python -m defense_ties extract PATH`` in fresh processes."""
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "defense_ties", "extract", str(path)], capture_output=True, cwd=ROOT)
        out.append(time.perf_counter() - t0)
        if r.returncode != 0:
            raise SystemExit(f"cold start run failed: {r.stderr.decode()[-500:]}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="times each seed is extracted (default 20)")
    ap.add_argument("--runs", type=int, default=3, help="timing runs, the best is kept (default 3)")
    ap.add_argument("--dateparser-repeat", type=int, default=1, help="passes of search_dates over the seeds (default 1)")
    ap.add_argument("--cold-runs", type=int, default=3, help="CLI cold-start runs (default 3)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also print the top N functions of cProfile")
    args = ap.parse_args(argv)

    import spacy

    from defense_ties import extract

    seeds = load_seeds()
    items = seeds * args.repeat
    texts = [it["text"] for it in items]
    n = len(items)

    floor_nlp = spacy.blank("en")
    floor_nlp.add_pipe("sentencizer")
    n_tokens = sum(len(floor_nlp(t)) for t in seeds_texts(seeds)) * args.repeat
    n_chars = sum(map(len, texts))

    for it in seeds:  # warm up: build pipelines, compile matchers, load lexicons
        extract(it["text"], published=it["published"])

    t_floor = best_of(lambda: [floor_nlp(t) for t in texts], args.runs)
    t_full = best_of(lambda: [extract(it["text"], published=it["published"]) for it in items], args.runs)

    import dateparser.search

    dp_texts = seeds_texts(seeds) * args.dateparser_repeat
    dateparser.search.search_dates(dp_texts[0], languages=["en"])  # warm up its caches too
    t0 = time.perf_counter()
    found = 0
    for t in dp_texts:
        found += len(dateparser.search.search_dates(t, languages=["en"]) or [])
    t_dp = (time.perf_counter() - t0) * (n / len(dp_texts))  # scaled to the same number of articles

    print(f"corpus: {len(seeds)} seeds x {args.repeat} = {n} articles, {n_chars:,} chars, {n_tokens:,} tokens", end="")
    print(f" (best of {args.runs} runs)")
    print(f"{'':38}{'seconds':>9}{'articles/s':>12}{'tokens/s':>12}")

    def row(label: str, secs: float) -> None:
        print(f"{label:38}{secs:9.3f}{n / secs:12.1f}{n_tokens / secs:12,.0f}")

    row("spaCy blank en tokenizer + sentencizer", t_floor)
    row("defense_ties full extraction", t_full)
    row(f"dateparser.search_dates ({found} hits)", t_dp)
    ratio_floor = t_floor / t_full
    ratio_dp = t_dp / t_full
    verdict = "PASS" if ratio_floor >= 0.5 else "FAIL"
    print(f"full extraction / tokenizer-only rate: {ratio_floor:6.1%}   (target >= 50%: {verdict})")
    print(f"speed-up over search_dates:            {ratio_dp:6.1f}x  (target >= 50x: {'PASS' if ratio_dp >= 50 else 'FAIL'})")

    print("\nwhere the time goes (one pass over the corpus):")
    stages = stage_times(items)
    total = sum(stages.values())
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:34}{secs:8.3f} s {secs / total:6.1%}  {secs / n * 1000:7.2f} ms/article")

    if args.cold_runs:
        target = next(SEEDS.glob("003_*.txt"))
        cs = cold_start(target, args.cold_runs)
        best, med = min(cs), statistics.median(cs)
        print(
            f"\nCLI cold start, python -m defense_ties extract {target.relative_to(ROOT)}: "
            f"best {best:.2f} s, median {med:.2f} s over {len(cs)} runs (target < 1.5 s: {'PASS' if med < 1.5 else 'FAIL'})"
        )

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for it in items:
            extract(it["text"], published=it["published"])
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(args.profile)
        print("\ncProfile, by own time:\n" + buf.getvalue())
    return 0


def seeds_texts(seeds: Sequence[dict[str, Any]]) -> list[str]:
    return [it["text"] for it in seeds]


if __name__ == "__main__":
    raise SystemExit(main())
