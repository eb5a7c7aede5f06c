"""``python -m defense_ties evaluate GOLD_DIR [PRED_DIR | --run ARTICLES_DIR]``: the sub-command.

Exit codes: 0 every gold article was evaluated; 1 some prediction was missing or failed (counted
as empty, reported on stderr); 2 bad usage (no gold files, neither or both of PRED_DIR and --run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

EPILOG = """\
examples:
  python -m defense_ties evaluate tests/golden --run seeds                 run the extractor on seeds/*.txt
  python -m defense_ties evaluate gold/ predictions/ --per-article        compare with saved extractions
  python -m defense_ties evaluate gold/ --run articles/ --errors          list what was missed or wrong
  python -m defense_ties evaluate gold/ --run articles/ --json report.json

Gold files are X.json (a full Extraction) or X.gold.json (the light hand form: names instead of
ids, exact evidence strings with an optional "occurrence"). How records are matched and scored is
written in docs/annotation.md, section "How evaluate matches records".
"""


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ..cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, atomic_output
    from .gold import gold_files
    from .report import render_errors, render_table
    from .runner import evaluate

    gold_dir = Path(args.gold_dir)
    if (args.pred_dir is None) == (args.run is None):
        print("defense_ties evaluate: give either PRED_DIR or --run ARTICLES_DIR (one of them)", file=sys.stderr)
        return EXIT_USAGE
    for d in (gold_dir, args.pred_dir, args.run):
        if d is not None and not Path(d).is_dir():
            print(f"defense_ties evaluate: {d}: not a folder", file=sys.stderr)
            return EXIT_USAGE
    if not gold_files(gold_dir):
        print(f"defense_ties evaluate: {gold_dir}: no gold files (X.json Extraction or X.gold.json light form)", file=sys.stderr)
        return EXIT_USAGE
    ev = evaluate(
        gold_dir,
        pred_dir=Path(args.pred_dir) if args.pred_dir else None,
        run_dir=Path(args.run) if args.run else None,
    )
    for p in ev.problems:
        print(f"defense_ties evaluate: {p}", file=sys.stderr)
    report: dict[str, Any] = {
        "gold": str(gold_dir),
        "predictions": str(args.pred_dir) if args.pred_dir else f"--run {args.run}",
        **ev.summary,
        "problems": ev.problems,
    }
    blob = orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    if args.json:
        with atomic_output(args.json) as out:
            out.write(blob)
    if args.format == "json":
        sys.stdout.buffer.write(blob)
    else:
        title = f"gold: {report['gold']}   predictions: {report['predictions']}"
        sys.stdout.write(render_table(ev.summary, per_article=args.per_article, title=title))
        if args.errors:
            sys.stdout.write(render_errors(ev.summary))
    sys.stdout.flush()
    return EXIT_FAILED if ev.problems else EXIT_OK


def add_parser(subparsers: Any) -> None:
    """Add the ``evaluate`` sub-command to ``python -m defense_ties``."""
    ev = subparsers.add_parser(
        "evaluate",
        help="precision, recall, F1 and field accuracy of extractions against gold files",
        description=(
            "Compare extractions with gold annotations: precision, recall and F1 per record type "
            "(one-to-one matching), partial credit, and the accuracy of each field among matched records."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold files (X.json or X.gold.json)")
    ev.add_argument("pred_dir", nargs="?", metavar="PRED_DIR", help="folder of extraction JSON files named like the gold")
    ev.add_argument(
        "--run", metavar="ARTICLES_DIR", help="extract ARTICLES_DIR/X.txt (with its sidecar) instead of reading PRED_DIR"
    )
    ev.add_argument("--per-article", action="store_true", help="also print one row of F1 per article")
    ev.add_argument("--errors", action="store_true", help="also list, per article, missed and spurious records and wrong fields")
    ev.add_argument("--format", choices=("table", "json"), default="table", help="what to print on stdout (default: table)")
    ev.add_argument("--json", metavar="OUT", help="also write the full JSON report to OUT")
    ev.set_defaults(func=_cmd_evaluate)
