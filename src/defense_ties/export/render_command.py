"""``python -m defense_ties render ARTICLE [-o page.html]``: the provenance page of one article.

ARTICLE is a ``.txt`` file (its ``.meta.json`` sidecar is read) or ``-`` for standard input. The
article is extracted, unless ``--extraction FILE`` gives a saved extraction of that same text
(checked by its SHA-256). Exit codes: 0 written; 1 the input could not be read; 2 bad usage.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError


def cmd_render(args: argparse.Namespace) -> int:
    """Run ``render``: read the article, extract (or load) its records, write the page."""
    from ..cli import EXIT_FAILED, EXIT_OK, atomic_output
    from ..inputs import InputError, iter_inputs
    from ..models import Extraction
    from ..pipeline import run
    from .html import render_article

    items = list(iter_inputs([args.article], published=args.published))
    if len(items) != 1:
        print(f"defense_ties: {args.article}: expected one article, found {len(items)}", file=sys.stderr)
        return EXIT_FAILED
    item = items[0]
    if isinstance(item, InputError):
        print(f"defense_ties: {item}", file=sys.stderr)
        return EXIT_FAILED
    text = item.article.text
    if args.extraction:
        try:
            ex = Extraction.model_validate(orjson.loads(Path(args.extraction).read_bytes()))
        except (OSError, orjson.JSONDecodeError, ValidationError) as e:
            print(f"defense_ties: {args.extraction}: not a readable extraction: {e}", file=sys.stderr)
            return EXIT_FAILED
        sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if ex.article.text_sha256 != sha:
            print(f"defense_ties: {args.extraction}: extraction is of another text (SHA-256 differs)", file=sys.stderr)
            return EXIT_FAILED
    else:
        ex = run(item.article)
    with atomic_output(args.output) as out:
        out.write(render_article(text, ex).encode("utf-8"))
    return EXIT_OK


def add_parser(subparsers: Any) -> None:
    """Add the ``render`` sub-command."""
    from ..cli import _published_arg

    p = subparsers.add_parser(
        "render",
        help="write the provenance page of one article: its text with every extracted span highlighted",
        description="Write one self-contained HTML page: the article with every extracted span highlighted, records beside it.",
    )
    p.add_argument("article", metavar="ARTICLE", help="article .txt file (sidecar .meta.json read), or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT", help="write the page to OUT atomically (default: stdout)")
    p.add_argument("--published", type=_published_arg, metavar="DATE", help="publication date of the article")
    p.add_argument("--extraction", metavar="FILE", help="use this saved extraction (JSON of the same text) instead of extracting")
    p.set_defaults(func=cmd_render)
