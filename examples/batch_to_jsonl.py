"""A folder of articles to JSONL: one Extraction a line, streamed, in file-name order.

    python examples/batch_to_jsonl.py seeds/ out.jsonl
    python examples/batch_to_jsonl.py corpus/ out.jsonl --jobs 2 --lexicon my_terms.json

Each ``NAME.txt`` may have a sidecar ``NAME.meta.json`` (``published``, ``source``, ``headline``,
``url``, ``byline``). The output file is written to a temporary file and renamed when complete, so
a crash never leaves half a file. Prints one line to stderr at the end: how many were written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from defense_ties import extract_many
from defense_ties.export import dump_jsonl_line

SIDECAR_KEYS = ("published", "source", "headline", "url", "byline")


def articles(folder: Path) -> Iterator[dict[str, Any]]:
    """``{id, text, published, ...}`` for each ``*.txt`` in ``folder``, sorted by name."""
    for path in sorted(folder.glob("*.txt")):
        item: dict[str, Any] = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
        side = path.with_name(path.stem + ".meta.json")
        if side.is_file():
            meta = orjson.loads(side.read_bytes())
            item.update({k: meta[k] for k in SIDECAR_KEYS if isinstance(meta.get(k), str)})
        yield item


def main(argv: Sequence[str] | None = None) -> int:
    """Extract every article of a folder into a JSONL file."""
    parser = argparse.ArgumentParser(description="Extract a folder of articles into a JSONL file.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--lexicon", action="append", default=[], help="user lexicon file (repeatable)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: not a folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{args.output.name}.", dir=args.output.parent)
    count = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for ex in extract_many(articles(args.folder), n_process=args.jobs, lexicons=args.lexicon or None):
                out.write(dump_jsonl_line(ex))
                count += 1
        os.replace(tmp, args.output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"wrote {count} extractions to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
