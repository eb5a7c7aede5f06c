"""Library use on one article: extract, walk the records, check the offsets, print a summary.

    python examples/extract_one.py                                   # the first seed article
    python examples/extract_one.py article.txt --published 2024-01-09
    python examples/extract_one.py article.txt --json                # the full Extraction as JSON

The publication date comes from ``--published``, else from the sidecar ``NAME.meta.json`` beside
the article, else from a publication line in the text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from defense_ties import Extraction, extract
from defense_ties.export import dump_json

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> tuple[str, dict[str, str]]:
    """The article text and its sidecar metadata (empty when there is no sidecar)."""
    text = path.read_text(encoding="utf-8")
    side = path.with_name(path.stem + ".meta.json")
    meta = orjson.loads(side.read_bytes()) if side.is_file() else {}
    return text, {k: v for k, v in meta.items() if isinstance(v, str)}


def summary(ex: Extraction, text: str) -> list[str]:
    """Readable lines about one extraction (and a check that every offset indexes ``text``)."""
    names = {p.id: p.name for p in ex.participants}
    lines = [
        f"article {ex.article.id}  published {ex.article.published} ({ex.article.published_from})",
        f"{len(ex.participants)} participants, {len(ex.meetings)} meetings, {len(ex.agreements)} agreements, "
        f"{len(ex.statements)} statements, {len(ex.dates)} dates",
    ]
    for p in ex.participants:
        lines.append(f"  {p.id} {p.name} | {p.rank or '-'} | {p.title or '-'} | {p.affiliation or '-'}")
    for m in ex.meetings:
        who = ", ".join(names.get(i, i) for i in m.participants)
        when = m.date.value if m.date else None
        lines.append(f"  {m.id} {m.kind} {m.status} {when} at {m.location or '-'}: {who} [CAMEO {m.cameo}]")
    for a in ex.agreements:
        lines.append(f"  {a.id} {a.status}: {a.name or a.description} {a.parties}")
    for d in ex.dates:
        lines.append(f"  date {d.text!r} -> {d.value} ({d.status})")
    spans = ex.spans()
    bad = [s for s in spans if text[s.start : s.end] != s.text]
    lines.append(f"offsets: {len(spans) - len(bad)}/{len(spans)} spans index the original text")
    for diag in ex.diagnostics:
        lines.append(f"diagnostic [{diag.level}] {diag.extractor}: {diag.message}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Extract one article and print a summary (or the JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description="Extract one article with defense_ties.")
    parser.add_argument("path", nargs="?", type=Path, default=sorted((ROOT / "seeds").glob("*.txt"))[0])
    parser.add_argument("--published", help="publication date, e.g. 2024-01-09 (default: the sidecar's)")
    parser.add_argument("--json", action="store_true", help="print the whole Extraction as JSON")
    args = parser.parse_args(argv)
    text, meta = load(args.path)
    ex = extract(
        text,
        published=args.published or meta.get("published"),
        article_id=args.path.stem,
        source=meta.get("source"),
        headline=meta.get("headline"),
        url=meta.get("url"),
        byline=meta.get("byline"),
    )
    if args.json:
        sys.stdout.buffer.write(dump_json(ex))
    else:
        print("\n".join(summary(ex, text)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
