"""``python -m defense_ties timeline PATH... [--format json|markdown|html|plover] [-o OUT]``.

PATH: article ``.txt`` files (with ``.meta.json`` sidecars), ``.jsonl`` of articles, folders of
them — extracted on the fly — or saved extractions: ``.json`` (one object or an array) and
``.jsonl`` whose lines are extractions. A folder holding ``.txt`` files is read as articles (its
``.txt`` and ``.jsonl``; other ``.json`` files such as annotations are left alone); a folder without
``.txt`` files is read as saved extractions (``.json`` and ``.jsonl``). Exit codes as for
``extract``: 0, 1 (some input failed; the timeline of the others is still written), 2 (bad usage).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from ..models import Extraction

EPILOG = """\
examples:
  python -m defense_ties timeline seeds/                          JSON timeline of the five seeds
  python -m defense_ties timeline seeds/ --format markdown
  python -m defense_ties timeline seeds/ --format html -o tl.html --pages pages/
  python -m defense_ties extract seeds/*.txt --jsonl -o ex.jsonl && python -m defense_ties timeline ex.jsonl --format plover
"""


@dataclass
class Loaded:
    """Extractions read or made from the inputs, the article texts known, and the failures."""

    extractions: list[Extraction] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    failures: int = 0


def _fail(loaded: Loaded, label: str, reason: str) -> None:
    loaded.failures += 1
    print(f"defense_ties: {label}: {reason}", file=sys.stderr, flush=True)


def _is_extraction(obj: Any) -> bool:
    return isinstance(obj, dict) and "article" in obj and "schema_version" in obj


def _read_extractions(path: Path, loaded: Loaded) -> None:
    try:
        data = path.read_bytes()
    except OSError as e:
        _fail(loaded, str(path), e.strerror or str(e))
        return
    if path.suffix == ".jsonl":
        rows: list[tuple[str, Any]] = []
        for n, line in enumerate(data.splitlines(), 1):
            if line.strip():
                try:
                    rows.append((f"{path}:{n}", orjson.loads(line)))
                except orjson.JSONDecodeError as e:
                    _fail(loaded, f"{path}:{n}", f"invalid JSON: {e}")
    else:
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as e:
            _fail(loaded, str(path), f"invalid JSON: {e}")
            return
        items = obj if isinstance(obj, list) else [obj]
        rows = [(f"{path}[{n}]" if isinstance(obj, list) else str(path), o) for n, o in enumerate(items)]
    for label, obj in rows:
        if not _is_extraction(obj):
            _fail(loaded, label, "not an extraction (expected an object with 'schema_version' and 'article')")
            continue
        try:
            loaded.extractions.append(Extraction.model_validate(obj))
        except ValidationError as e:
            err = e.errors()[0]
            _fail(loaded, label, f"invalid extraction: field {'.'.join(map(str, err['loc']))}: {err['msg']}")


def _jsonl_holds_extractions(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            for line in fh:
                if line.strip():
                    try:
                        return _is_extraction(orjson.loads(line))
                    except orjson.JSONDecodeError:
                        return False
    except OSError:
        return False
    return False


def _expand(paths: list[str]) -> Iterator[tuple[str, str]]:
    """(kind, path) with kind ``articles`` or ``extractions``; folders expanded in name order."""
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            # a folder of articles (any .txt): its .txt and .jsonl; else a folder of extractions: .json, .jsonl
            files = sorted(f for f in path.iterdir() if f.is_file() and not f.name.endswith(".meta.json"))
            wanted = (".txt", ".jsonl") if any(f.suffix == ".txt" for f in files) else (".json", ".jsonl")
            files = [f for f in files if f.suffix in wanted]
            if not files:
                yield "empty", p
            for f in files:
                yield from _expand([str(f)])
        elif path.suffix == ".json" or (path.suffix == ".jsonl" and _jsonl_holds_extractions(path)):
            yield "extractions", p
        else:
            yield "articles", p


def load(paths: list[str], *, published: str | None = None, jobs: int = 1) -> Loaded:
    """Read saved extractions and extract articles from ``paths`` (failures reported on stderr)."""
    from ..inputs import InputError, iter_inputs
    from ..pipeline import ArticleInput, extract_many

    loaded = Loaded()
    article_paths: list[str] = []
    for kind, p in _expand(paths):
        if kind == "empty":
            _fail(loaded, p, "folder holds no .txt, .jsonl or .json files")
        elif kind == "extractions":
            _read_extractions(Path(p), loaded)
        else:
            article_paths.append(p)
    if not article_paths:
        return loaded
    inputs: list[ArticleInput] = []
    for it in iter_inputs(article_paths, published=published):
        if isinstance(it, InputError):
            _fail(loaded, it.label, it.reason)
        else:
            inputs.append(it.article)
    for item, ex in zip(inputs, extract_many(inputs, n_process=jobs), strict=True):
        loaded.texts[ex.article.id] = item.text
        loaded.extractions.append(ex)
    return loaded


def write_pages(loaded: Loaded, pages_dir: Path, relative_to: Path) -> dict[str, str]:
    """Write one provenance page per article whose text is known; return article id → link."""
    from ..export.html import render_article

    pages_dir.mkdir(parents=True, exist_ok=True)
    links: dict[str, str] = {}
    for ex in loaded.extractions:
        text = loaded.texts.get(ex.article.id)
        if text is None:
            continue
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in ex.article.id).lstrip(".") or "article"
        target = pages_dir / f"{safe}.html"
        target.write_text(render_article(text, ex), encoding="utf-8")
        links[ex.article.id] = Path(os.path.relpath(target, relative_to)).as_posix()
    return links


def cmd_timeline(args: argparse.Namespace) -> int:
    """Run ``timeline``: load, merge, write in the chosen format."""
    from ..cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, atomic_output
    from . import build_timeline
    from .formats import to_json, to_markdown, to_plover

    if args.pages and args.format != "html":
        print("python -m defense_ties timeline: error: --pages needs --format html", file=sys.stderr)
        return EXIT_USAGE
    loaded = load(args.paths, published=args.published, jobs=args.jobs)
    tl = build_timeline(loaded.extractions)
    if args.format == "json":
        data = to_json(tl)
    elif args.format == "markdown":
        data = to_markdown(tl)
    elif args.format == "plover":
        data = to_plover(tl)
    else:
        from ..export.html import render_timeline

        links: dict[str, str] = {}
        if args.pages:
            out_dir = Path(args.output).resolve().parent if args.output and args.output != "-" else Path.cwd()
            links = write_pages(loaded, Path(args.pages), out_dir)
        data = render_timeline(tl, links).encode("utf-8")
    with atomic_output(args.output) as out:
        out.write(data)
    return EXIT_FAILED if loaded.failures else EXIT_OK


def add_parser(subparsers: Any) -> None:
    """Add the ``timeline`` sub-command."""
    from ..cli import _published_arg

    p = subparsers.add_parser(
        "timeline",
        help="merge many articles (or saved extractions) into one timeline of events",
        description="Merge the meetings, agreements and people of many articles into one timeline, in date order.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article .txt/.jsonl files or folders (extracted on the fly), or extraction .json/.jsonl files",
    )
    p.add_argument(
        "--format", choices=("json", "markdown", "html", "plover"), default="json", help="output format (default json)"
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT atomically instead of stdout")
    p.add_argument("--published", type=_published_arg, metavar="DATE", help="publication date for every article input")
    p.add_argument("--pages", metavar="DIR", help="with --format html: also write a provenance page per article into DIR, linked")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="extract with N processes (default 1)")
    p.set_defaults(func=cmd_timeline)
