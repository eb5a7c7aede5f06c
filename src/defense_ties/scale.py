"""Past one machine: extract a sharded JSONL corpus with Dask bag and write JSONL shards.

One machine streams any corpus with ``python -m defense_ties extract --jsonl --jobs N``. When the
corpus is larger than one machine can process in the time you have (or lives in object storage),
``extract_corpus`` maps the same extraction over the shards of a JSONL corpus with Dask bag, on
the local scheduler or on a ``dask.distributed`` cluster, and writes one JSONL shard of extractions
per input partition (``part-00000.jsonl`` …, in input order) beside an ``errors`` shard naming
each record that could not be read (``part-00000.errors.jsonl``, written only when there are any).

Each output line is byte-identical to what ``python -m defense_ties extract --jsonl`` writes for the
same record, so shards can be concatenated, compared, or re-run one by one.

Needs the optional extra: ``pip install 'defense_ties[dask]'`` (and ``dask[distributed]`` for a
cluster). From the command line::

    python -m defense_ties.scale 'corpus/*.jsonl' out/ --blocksize 64MiB --scheduler processes
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import orjson


@dataclass(frozen=True)
class ShardReport:
    """What one partition produced: its output shard, how many articles, how many failures."""

    partition: int
    path: str
    articles: int
    failures: int
    errors_path: str | None


def _require_dask() -> Any:
    try:
        import dask.bag
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("defense_ties.scale needs Dask: pip install 'defense_ties[dask]'") from e
    return dask.bag


def _extract_partition(
    lines: Iterable[Any],
    partition: int,
    output_dir: str,
    published: str | None,
    disable: tuple[str, ...],
    overlays: tuple[Mapping[str, Any], ...],
    split: bool,
) -> ShardReport:
    """Extract the records of one partition and write its shard(s); runs on a worker."""
    import fsspec

    from .export import dump_jsonl_line
    from .inputs import InputError, Item, _from_jsonl
    from .lexicons import lexicons_for
    from .pipeline import extract_many

    errors: list[bytes] = []

    def items() -> Iterator[Any]:
        # read_text(include_path=True) gives (line, path); number the lines within the partition
        for path, group in _by_path(lines):
            label = f"{path}#part{partition}" if split else path  # line numbers: within the block when split
            for it in _from_jsonl((ln.encode("utf-8", "surrogateescape") for ln in group), label, published):
                if isinstance(it, InputError):
                    errors.append(orjson.dumps({"input": it.label, "error": it.reason}, option=orjson.OPT_APPEND_NEWLINE))
                elif isinstance(it, Item):
                    yield it.article

    name = f"part-{partition:05d}"
    out_path = posixpath.join(output_dir, f"{name}.jsonl")
    err_path = posixpath.join(output_dir, f"{name}.errors.jsonl")
    fs, _, _ = fsspec.get_fs_token_paths(out_path)
    tmp = out_path + ".tmp"
    n = 0
    with fs.open(tmp, "wb") as fh:
        for ex in extract_many(items(), disable=disable, lexicons=lexicons_for(overlays)):
            fh.write(dump_jsonl_line(ex))
            n += 1
    fs.mv(tmp, out_path)
    if errors:
        with fs.open(err_path, "wb") as fh:
            fh.writelines(errors)
    elif fs.exists(err_path):  # a re-run that now reads every record
        fs.rm(err_path)
    return ShardReport(partition, out_path, n, len(errors), err_path if errors else None)


def _by_path(lines: Iterable[Any]) -> Iterator[tuple[str, list[str]]]:
    """Group consecutive ``(line, path)`` pairs (or bare lines) by path."""
    current: str | None = None
    group: list[str] = []
    for rec in lines:
        line, path = rec if isinstance(rec, tuple) else (rec, "<input>")
        if path != current and group:
            yield current or "<input>", group
            group = []
        current = path
        group.append(line)
    if group:
        yield current or "<input>", group


def extract_corpus(
    inputs: str | Sequence[str],
    output_dir: str,
    *,
    published: str | None = None,
    disable: Iterable[str] = (),
    lexicons: Any = None,
    blocksize: int | str | None = None,
    scheduler: str | None = None,
    num_workers: int | None = None,
) -> list[ShardReport]:
    """Extract every ``{id, text, published, ...}`` record of a JSONL corpus into JSONL shards.

    ``inputs``: a path, a glob (``"corpus/*.jsonl"``) or a list of them; any fsspec URL works
    (``s3://bucket/corpus/*.jsonl`` with ``s3fs`` installed). ``output_dir`` receives
    ``part-NNNNN.jsonl`` (and ``part-NNNNN.errors.jsonl`` where records failed), one per partition:
    one per input file, or per ``blocksize`` bytes of it (``"64MiB"``). ``scheduler``: ``None``
    uses a ``dask.distributed`` client if one is active, else Dask's default; ``"processes"``,
    ``"threads"`` or ``"synchronous"`` pick a local one. ``published``, ``disable`` and ``lexicons``
    are as for ``extract``. Returns one ``ShardReport`` per partition, in input order.
    """
    bag_mod = _require_dask()
    import fsspec
    from dask.base import compute
    from dask.delayed import delayed

    from .lexicons import resolve_lexicons
    from .registry import REGISTRY

    off = tuple(disable)
    unknown = REGISTRY.unknown(off)
    if unknown:
        raise ValueError(f"unknown extractor(s) to disable: {', '.join(unknown)}")
    if published is not None:
        from .context import parse_published

        parse_published(published)  # refuse a bad date before any work
    overlays = tuple(resolve_lexicons(lexicons).overlays)
    fs, _, _ = fsspec.get_fs_token_paths(output_dir)
    fs.makedirs(output_dir, exist_ok=True)

    # undecodable bytes are carried through (surrogateescape) so the line is reported, not the job killed
    bag = bag_mod.read_text(inputs, blocksize=blocksize, include_path=True, errors="surrogateescape")
    tasks = [
        delayed(_extract_partition)(part, i, output_dir, published, off, overlays, blocksize is not None)
        for i, part in enumerate(bag.to_delayed())
    ]
    kwargs: dict[str, Any] = {}
    if scheduler is not None:
        kwargs["scheduler"] = scheduler
    if num_workers is not None:
        kwargs["num_workers"] = num_workers
    run_all: Any = compute  # untyped in Dask
    reports: tuple[ShardReport, ...] = run_all(*tasks, **kwargs)
    return list(reports)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m defense_ties.scale INPUT... OUTPUT_DIR``: extract a JSONL corpus into shards with Dask."""
    ap = argparse.ArgumentParser(prog="python -m defense_ties.scale", description=main.__doc__)
    ap.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL files or globs (any fsspec URL)")
    ap.add_argument("output_dir", metavar="OUTPUT_DIR", help="folder for part-NNNNN.jsonl shards")
    ap.add_argument("--published", metavar="DATE", help="publication date for every record")
    ap.add_argument("--disable", action="append", default=[], metavar="NAME", help="skip the extractor NAME")
    ap.add_argument("--lexicon", action="append", default=[], metavar="FILE", help="user lexicon file (repeatable)")
    ap.add_argument("--blocksize", default=None, help='split input files into partitions of this size, e.g. "64MiB"')
    ap.add_argument("--scheduler", default=None, help="processes, threads, synchronous, or a distributed address")
    ap.add_argument("--workers", type=int, default=None, help="local workers (default: one per core)")
    args = ap.parse_args(argv)
    scheduler = args.scheduler
    if scheduler and "://" in scheduler:
        from dask.distributed import Client

        Client(scheduler)
        scheduler = None
    try:
        reports = extract_corpus(
            args.inputs,
            args.output_dir,
            published=args.published,
            disable=args.disable,
            lexicons=args.lexicon or None,
            blocksize=args.blocksize,
            scheduler=scheduler,
            num_workers=args.workers,
        )
    except (ValueError, OSError) as e:
        print(f"defense_ties.scale: {e}", file=sys.stderr)
        return 2
    for r in reports:
        print(orjson.dumps(asdict(r)).decode())
    failures = sum(r.failures for r in reports)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
