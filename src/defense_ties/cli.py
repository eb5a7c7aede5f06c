"""``python -m defense_ties``: argument parsing, file I/O and exit codes (no extraction logic here).

Exit codes: 0 every input extracted; 1 some input failed (the others are still written, each
failure reported on stderr with its input and reason); 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from .models import Extraction

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

EXTRACT_EPILOG = """\
examples:
  python -m defense_ties extract seeds/*.txt                  JSON array of five extractions
  python -m defense_ties extract article.txt --published 2024-01-09
  cat article.txt | python -m defense_ties extract - --published 2024-01-09
  python -m defense_ties extract corpus/ --jsonl -o out.jsonl  one object a line, written atomically

A sidecar NAME.meta.json beside NAME.txt supplies published, source, headline, url and byline.
Publication date, first found wins: --published, the sidecar, a publication line in the text
("Published : Feb. 14, 2023 - 18:22"); without one, relative dates stay unanchored.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _published_arg(value: str) -> str:
    from .context import parse_published

    try:
        parse_published(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return value


@contextmanager
def atomic_output(path: str | None) -> Iterator[BinaryIO]:
    """Standard output, or a temporary file beside ``path`` renamed onto it only on success."""
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_extract(args: argparse.Namespace) -> int:
    from .export import dump_json, dump_jsonl_line
    from .inputs import InputError, iter_inputs
    from .lexicons import LexiconError, resolve_lexicons
    from .pipeline import ArticleInput, extract_many
    from .registry import REGISTRY

    try:  # user lexicons and --disable names are checked before any work is done
        lexicons = resolve_lexicons(args.lexicon or None)
    except LexiconError as e:
        print(f"defense_ties: --lexicon {e}", file=sys.stderr)
        return EXIT_USAGE
    unknown = REGISTRY.unknown(args.disable)
    if unknown:
        known = ", ".join(REGISTRY.names())
        print(f"defense_ties: --disable: unknown extractor {', '.join(map(repr, unknown))} (known: {known})", file=sys.stderr)
        return EXIT_USAGE
    from .progress import Progress

    if args.output not in (None, "-"):  # refuse a bad -o before any work is done
        target = Path(args.output)
        problem = None
        if target.is_dir():
            problem = "is a folder: give a file name"
        elif not target.parent.is_dir():
            problem = f"folder {str(target.parent)!r} does not exist"
        if problem:
            print(f"defense_ties: -o {args.output}: {problem}", file=sys.stderr)
            return EXIT_USAGE

    failures = 0
    progress = Progress(sys.stderr)

    def articles() -> Iterator[ArticleInput]:
        nonlocal failures
        for it in iter_inputs(args.paths, published=args.published):
            if isinstance(it, InputError):
                failures += 1
                progress.clear()
                print(f"defense_ties: {it}", file=sys.stderr, flush=True)
                progress.update(0, failed=1)
            else:
                yield it.article

    def counted() -> Iterator[Extraction]:
        for ex in extract_many(articles(), n_process=args.jobs, disable=args.disable, lexicons=lexicons):
            progress.update()
            yield ex

    results = counted()
    with atomic_output(args.output) as out, progress:
        if args.jsonl:  # streaming: one input read, one line written, constant memory
            for ex in results:
                out.write(dump_jsonl_line(ex))
        else:
            done = list(results)
            single = len(args.paths) == 1 and Path(args.paths[0]).suffix != ".jsonl" and not Path(args.paths[0]).is_dir()
            if single and len(done) == 1:
                out.write(dump_json(done[0]))
            elif done or not single:
                out.write(dump_json(done))
    return EXIT_FAILED if failures else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for p in write_schemas(Path(args.output)):
        print(p)
    return EXIT_OK


def _cmd_extractors(args: argparse.Namespace) -> int:
    import warnings

    from .plugins import PluginWarning
    from .registry import REGISTRY

    rows = [("NAME", "SOURCE", "REQUIRES", "RECORDS")]
    with warnings.catch_warnings():  # broken plugins are reported once, below
        warnings.simplefilter("ignore", PluginWarning)
        extractors = REGISTRY.ordered()
    for ext in extractors:
        rows.append((ext.name, REGISTRY.source(ext.name) or "?", ", ".join(ext.requires) or "-", ext.record_model.__name__))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}")
    for problem in REGISTRY.problems:  # broken plugins: named, never fatal
        print(f"defense_ties: {problem}", file=sys.stderr)
    return EXIT_OK


Command = Callable[[argparse.Namespace], int]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``python -m defense_ties`` (``argv`` says which command will run)."""
    parser = _Parser(
        prog="python -m defense_ties",
        description="Extract meetings, agreements, participants, statements and dates from defense-diplomacy news.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    ex = sub.add_parser(
        "extract",
        help="extract records from articles and print JSON",
        description="Extract records from articles and print JSON (an object for one input, an array for several).",
        epilog=EXTRACT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article .txt file, .jsonl of {id, text, published, ...} records, folder of them, or - for stdin",
    )
    ex.add_argument(
        "--published",
        type=_published_arg,
        metavar="DATE",
        help="publication date for every input, e.g. 2024-01-09 or 2022-05 (overrides sidecars)",
    )
    ex.add_argument("--jsonl", action="store_true", help="write one compact JSON object per line, streaming")
    ex.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT atomically (no half-written file on failure) instead of stdout"
    )
    ex.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="NAME",
        help="skip the extractor NAME (repeatable), e.g. --disable statements",
    )
    ex.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE",
        help="merge the user lexicon FILE (JSON, see docs/extending.md) over the built-in lexicons (repeatable)",
    )
    ex.add_argument("--jobs", type=int, default=1, metavar="N", help="extract with N processes, output order kept (default 1)")
    ex.set_defaults(func=_cmd_extract)

    sc = sub.add_parser(
        "schema",
        help="write the JSON Schemas of the output models",
        description="Write schemas/*.schema.json generated from the models, e.g. python -m defense_ties schema -o schemas/",
    )
    sc.add_argument("-o", "--output", default="schemas", metavar="DIR", help="folder to write into (default: schemas)")
    sc.set_defaults(func=_cmd_schema)

    ls = sub.add_parser(
        "extractors",
        help="list the registered extractors in run order",
        description="List the registered extractors, in run order, with where each comes from (built-in, plugin "
        "distribution, user), what it requires and its record model; plugins that failed to load are named on stderr.",
    )
    ls.set_defaults(func=_cmd_extractors)

    import importlib

    wanted = _requested_command(argv)
    for name, (module, summary) in COMMAND_MODULES.items():
        if name == wanted:  # import only the command that runs: the others cost start-up time
            importlib.import_module(module).add_parser(sub)
        else:
            sub.add_parser(name, help=summary, add_help=False)
    return parser


#: Commands added by other modules: name → (module, one-line help). Each module defines
#: ``add_parser(subparsers)`` that adds the parser named ``name`` and sets ``func`` (a ``Command``)
#: with ``set_defaults``; it is imported only when its command runs. Add an entry to add a command.
COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "evaluate": ("defense_ties.evaluation.command", "score extractions against gold annotations (P/R/F1 per record type)"),
    "timeline": ("defense_ties.timeline.command", "merge the records of many articles into one timeline"),
    "render": ("defense_ties.export.render_command", "write a self-contained HTML page showing where each record came from"),
}


def _requested_command(argv: Sequence[str] | None) -> str | None:
    """The sub-command named on the command line (its first word that is not an option), if any."""
    args = sys.argv[1:] if argv is None else list(argv)
    return next((a for a in args if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be at least 1")
    try:
        func: Command = args.func
        return func(args)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
