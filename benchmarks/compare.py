"""Speed of the working tree against a baseline revision, side by side, and whether the output changed.

A speed change is only worth keeping when it is measured against the code it replaces on the same
machine at the same time; this script does that for any git revision::

    .venv/bin/python benchmarks/compare.py                      # against HEAD (uncommitted changes)
    .venv/bin/python benchmarks/compare.py --baseline HEAD~3 --rounds 8

It checks out the baseline into a temporary git worktree, then runs ``--rounds`` rounds; in each
round one fresh process per tree (their order alternating) extracts the seeds ``--repeat`` times
plus the ``--other`` articles, results dropped as they come, and reports its CPU time per article:
end to end (``extract`` in a loop, garbage collection included) and per stage. Printed: the best
and the median of the rounds for each tree, and the ratio baseline / working tree (> 1: the working
tree is faster). CPU time of the process, so other load on a shared machine inflates it less than
wall time; trust the best of several rounds, not one.

Before timing, both trees extract the same articles to JSONL and the script says whether the bytes
are identical (a pure speed change must leave them so).

With ``--instructions`` (needs valgrind), each tree is run once under callgrind instead, and the
instructions executed per article are printed: a figure that repeats to ~0.2 % whatever the load of
the machine, for changes too small to see in timings (check the timing too: fewer instructions are
not always less time)::

    .venv/bin/python benchmarks/compare.py --baseline 3ef8905 --instructions --other ''
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OTHER = ROOT.parent / "shared" / "dev" / "articles"

CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])  # this benchmarks/ folder: load_seeds, load_dir, stage_times
import throughput as T
from defense_ties import extract

repeat, other = int(sys.argv[2]), sys.argv[3]
items = T.load_seeds() * repeat
if other and Path(other).is_dir():
    items += T.load_dir(Path(other))
for it in items[:10]:
    extract(it["text"], published=it["published"])
best = float("inf")
for _ in range(2):
    t = time.process_time()
    for it in items:
        extract(it["text"], published=it["published"])
    best = min(best, time.process_time() - t)
stages, _ = T.stage_times(items)
out = {"end to end": best}
out.update(stages)
print(json.dumps({k: v / len(items) * 1000 for k, v in out.items()}))
"""


INSTRUCTIONS_CHILD = r"""
import os, subprocess, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import throughput as T
from defense_ties import extract

repeat, other = int(sys.argv[2]), sys.argv[3]
items = T.load_seeds() * repeat
if other and Path(other).is_dir():
    items += T.load_dir(Path(other))
for it in items:  # warm up: pipelines, matchers, lexicons, caches
    extract(it["text"], published=it["published"])
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=True)
for it in items:
    extract(it["text"], published=it["published"])
subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=True)
print(len(items))
"""


def count_instructions(src: Path, repeat: int, other: str) -> float:
    """Instructions per article of ``extract`` over the articles, counted by valgrind's callgrind (the
    same figure on every run, whatever else the machine does; about 50x slower than a plain run)."""
    with tempfile.TemporaryDirectory(prefix="defense_ties_callgrind_") as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
        n = int(_child(cmd, INSTRUCTIONS_CHILD, src, repeat, other, "callgrind"))
        totals = next(line for line in out.read_text().splitlines() if line.startswith("totals:"))
        return int(totals.split()[1]) / n


def _child(prefix: list[str], code: str, src: Path, repeat: int, other: str, what: str) -> str:
    """The last line printed by ``code`` run in a fresh Python (after ``prefix``) on the tree ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    args = [*prefix, sys.executable, "-c", code, str(ROOT / "benchmarks"), str(repeat), other]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{what} run failed in {src}:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def run_child(src: Path, repeat: int, other: str) -> dict[str, float]:
    result: dict[str, float] = json.loads(_child([], CHILD, src, repeat, other, "timing"))
    return result


def outputs(src: Path, paths: list[str]) -> bytes:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.run(
        [sys.executable, "-m", "defense_ties", "extract", *paths, "--jsonl"],
        env=env,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    return proc.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", default="HEAD", help="git revision to compare against (default HEAD)")
    ap.add_argument("--rounds", type=int, default=6, help="alternating process rounds (default 6)")
    ap.add_argument("--repeat", type=int, default=4, help="times each seed is extracted a round (default 4)")
    ap.add_argument("--other", default=str(DEFAULT_OTHER), help="more articles (default ../shared/dev/articles; '' for none)")
    ap.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions per article with valgrind's callgrind instead of timing (one run per tree)",
    )
    args = ap.parse_args(argv)
    if args.instructions and not shutil.which("valgrind"):
        ap.error("--instructions needs valgrind (and its callgrind_control) on PATH")

    other = args.other if args.other and Path(args.other).is_dir() else ""
    rev = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=ROOT, capture_output=True, text=True, check=True)
    with tempfile.TemporaryDirectory(prefix="defense_ties_baseline_") as tmp:
        base = Path(tmp) / "tree"
        add = ["git", "worktree", "add", "--detach", str(base), args.baseline]
        subprocess.run(add, cwd=ROOT, capture_output=True, check=True)
        try:
            paths = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
            if other:
                paths += sorted(str(p) for p in Path(other).glob("*.txt"))
            same = outputs(base / "src", paths) == outputs(ROOT / "src", paths)
            verdict = "byte-identical" if same else "CHANGED"
            print(f"output on {len(paths)} articles: {verdict} (baseline {rev.stdout.strip()} vs working tree)")

            if args.instructions:
                trees = (("base", base / "src"), ("work", ROOT / "src"))
                counts = {name: count_instructions(src, args.repeat, other) for name, src in trees}
                b, w = counts["base"] / 1e6, counts["work"] / 1e6
                print(f"instructions per article (callgrind; seeds x {args.repeat}{' + ' + other if other else ''})")
                print(f"  baseline {b:8.2f} M   working tree {w:8.2f} M   ratio {b / w:.3f}")
                return 0
            res: dict[str, list[dict[str, float]]] = {"base": [], "work": []}
            for r in range(args.rounds):
                order = [("base", base / "src"), ("work", ROOT / "src")]
                for name, src in order if r % 2 == 0 else order[::-1]:
                    res[name].append(run_child(src, args.repeat, other))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True, check=False)

    print(f"CPU ms per article, {args.rounds} alternating rounds (seeds x {args.repeat}{' + ' + other if other else ''})")
    print(f"{'':30}{'baseline best':>14}{'working best':>14}{'ratio':>8}{'baseline med':>14}{'working med':>13}{'ratio':>8}")
    for key in res["base"][0]:
        b = [x[key] for x in res["base"]]
        w = [x[key] for x in res["work"]]
        rb = min(b) / min(w) if min(w) else float("nan")
        rm = statistics.median(b) / statistics.median(w) if statistics.median(w) else float("nan")
        print(f"{key:30}{min(b):14.3f}{min(w):14.3f}{rb:8.2f}{statistics.median(b):14.3f}{statistics.median(w):13.3f}{rm:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
