"""Peak memory of the CLI streaming a large JSONL corpus: constant, whatever the corpus length.

Generates a JSONL corpus of ``--n`` articles (default 10,000) from the seeds in a temporary folder,
runs ``python -m defense_ties extract --jsonl CORPUS -o OUT`` in a child process and reports its
maximum resident set size (``wait4`` rusage of that child; ``resource.getrusage(RUSAGE_CHILDREN)``
is printed too), the wall time and the rate. A second, ten times smaller run shows that memory
does not grow with the number of articles. Target: < 250 MB for 10,000 articles.

Usage::

    .venv/bin/python benchmarks/memory.py                  # 10,000 articles (takes minutes)
    .venv/bin/python benchmarks/memory.py --n 2000 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import ROOT, load_seeds


def write_corpus(path: Path, n: int) -> int:
    """Write ``n`` JSONL records cycling over the seeds (ids and publication dates vary)."""
    seeds = load_seeds()
    size = 0
    with path.open("wb") as fh:
        for i in range(n):
            s = seeds[i % len(seeds)]
            rec = {"id": f"{s['id']}-{i}", "text": s["text"], "published": f"20{20 + i % 5}-0{1 + i % 9}-1{i % 10}"}
            line = orjson.dumps(rec) + b"\n"
            fh.write(line)
            size += len(line)
    return size


def run_cli(corpus: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """Run the CLI on ``corpus``; return (seconds, max RSS in KiB of that child, exit code)."""
    cmd = [sys.executable, "-m", "defense_ties", "extract", "--jsonl", str(corpus), "-o", str(out)]
    if jobs > 1:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"CLI failed ({proc.returncode}): {err[-1000:]}")
    return secs, usage.ru_maxrss, proc.returncode


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles in the big corpus (default 10,000)")
    ap.add_argument("--jobs", type=int, default=1, help="--jobs for the CLI (default 1)")
    ap.add_argument("--no-small", action="store_true", help="skip the ten times smaller comparison run")
    args = ap.parse_args(argv)

    sizes = [args.n] if args.no_small else [max(1, args.n // 10), args.n]
    note = " (max RSS: the largest one process, main or worker)" if args.jobs > 1 else ""
    print(f"python -m defense_ties extract --jsonl CORPUS -o OUT{' --jobs ' + str(args.jobs) if args.jobs > 1 else ''}{note}")
    print(f"{'articles':>9}{'corpus MB':>11}{'seconds':>9}{'articles/s':>12}{'max RSS MB':>12}")
    peak = 0.0
    with tempfile.TemporaryDirectory(prefix="dt-memory-") as d:
        for n in sizes:
            corpus = Path(d) / f"corpus-{n}.jsonl"
            mb = write_corpus(corpus, n) / 1e6
            out = Path(d) / f"out-{n}.jsonl"
            secs, rss_kib, _ = run_cli(corpus, out, args.jobs)
            lines = sum(1 for _ in out.open("rb"))
            if lines != n:
                raise SystemExit(f"expected {n} output lines, got {lines}")
            rss = rss_kib / 1024
            peak = max(peak, rss)
            print(f"{n:9,}{mb:11.1f}{secs:9.1f}{n / secs:12.1f}{rss:12.1f}")
            sys.stdout.flush()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"getrusage(RUSAGE_CHILDREN).ru_maxrss: {children:.1f} MB")
    print(f"peak {peak:.1f} MB for {args.n:,} articles (target < 250 MB: {'PASS' if peak < 250 else 'FAIL'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
