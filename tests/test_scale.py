"""Scaling out: ``scale.extract_corpus`` maps the extraction over a sharded JSONL corpus with Dask
bag (on the local scheduler here) and writes JSONL shards identical to the CLI's ``--jsonl`` output.
Also: ``extract_many`` with processes keeps order and does not read its whole input ahead."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from defense_ties import extract_many
from defense_ties.export import dump_jsonl_line

from .conftest import seed_paths

pytest.importorskip("dask.bag")

from defense_ties.scale import extract_corpus, main


def seed_records() -> list[dict[str, Any]]:
    out = []
    for p in seed_paths():
        meta = orjson.loads(p.with_name(p.stem + ".meta.json").read_bytes())
        out.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": meta.get("published"), "extra": 1})
    return out


def expected_lines(records: list[dict[str, Any]]) -> list[bytes]:
    return [dump_jsonl_line(ex) for ex in extract_many(records)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[dict[str, Any]]]]:
    """Three shards of seed records (with variants), the second one with broken lines."""
    d = tmp_path_factory.mktemp("corpus")
    recs = seed_records()
    variants = [{**r, "id": r["id"] + "_v", "text": r["text"].replace("\n", "\n\n"), "published": None} for r in recs]
    shards = [recs[:2], recs[2:] + variants[:1], variants[1:]]
    for i, shard in enumerate(shards):
        lines = [orjson.dumps(r) for r in shard]
        if i == 1:
            lines.insert(1, b"{broken json")
            lines.insert(3, b'{"id": "latin", "text": "caf\xe9"}')
        (d / f"shard-{i}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return d, shards


def test_shards_match_cli_output(corpus: tuple[Path, list[list[dict[str, Any]]]], tmp_path: Path) -> None:
    src, shards = corpus
    out = tmp_path / "out"
    reports = extract_corpus(str(src / "*.jsonl"), str(out), scheduler="synchronous")
    assert [r.partition for r in reports] == [0, 1, 2]
    assert [r.articles for r in reports] == [len(s) for s in shards]
    assert [r.failures for r in reports] == [0, 2, 0]
    for r, shard in zip(reports, shards, strict=True):
        assert Path(r.path).name == f"part-{r.partition:05d}.jsonl"
        assert Path(r.path).read_bytes().splitlines(keepends=True) == expected_lines(shard)
    errs = [orjson.loads(ln) for ln in (out / "part-00001.errors.jsonl").read_bytes().splitlines()]
    assert [e["input"] for e in errs] == [f"{src / 'shard-1.jsonl'}:2", f"{src / 'shard-1.jsonl'}:4"]
    assert "invalid JSON" in errs[0]["error"] and "not UTF-8" in errs[1]["error"]
    assert sorted(p.name for p in out.iterdir()) == [
        "part-00000.jsonl",
        "part-00001.errors.jsonl",
        "part-00001.jsonl",
        "part-00002.jsonl",
    ]


def test_blocksize_splits_and_keeps_order(tmp_path: Path) -> None:
    recs = [{**r, "id": f"{r['id']}_{k}"} for k in range(3) for r in seed_records()]
    src = tmp_path / "one.jsonl"
    src.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in recs))
    out = tmp_path / "out"
    reports = extract_corpus(str(src), str(out), blocksize=src.stat().st_size // 4, scheduler="synchronous")
    assert len(reports) >= 3
    joined = b"".join(Path(r.path).read_bytes() for r in reports)
    assert joined.splitlines(keepends=True) == expected_lines(recs)


def test_local_processes_and_published_override(corpus: tuple[Path, list[list[dict[str, Any]]]], tmp_path: Path) -> None:
    src, shards = corpus
    out = tmp_path / "out"
    reports = extract_corpus(
        [str(src / "shard-0.jsonl"), str(src / "shard-2.jsonl")],
        str(out),
        published="2024-02-29",
        disable=["statements"],
        scheduler="processes",
        num_workers=2,
    )
    assert [r.articles for r in reports] == [len(shards[0]), len(shards[2])]
    for r, shard in zip(reports, (shards[0], shards[2]), strict=True):
        lines = [orjson.loads(ln) for ln in Path(r.path).read_bytes().splitlines()]
        assert [x["article"]["id"] for x in lines] == [s["id"] for s in shard]
        assert {x["article"]["published"] for x in lines} == {"2024-02-29"}
        assert all(x["statements"] == [] for x in lines)


def test_bad_arguments_refused_before_work(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a publication date"):
        extract_corpus(str(tmp_path / "*.jsonl"), str(tmp_path / "out"), published="2023-02-30")
    with pytest.raises(ValueError, match="no_such_extractor"):
        extract_corpus(str(tmp_path / "*.jsonl"), str(tmp_path / "out"), disable=["no_such_extractor"])
    assert not (tmp_path / "out").exists()


Corpus = tuple[Path, list[list[dict[str, Any]]]]


def test_command_line(corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, _ = corpus
    code = main([str(src / "shard-1.jsonl"), str(tmp_path / "o"), "--scheduler", "synchronous"])
    assert code == 1  # two records could not be read
    rep = orjson.loads(capsys.readouterr().out.splitlines()[0])
    assert rep["articles"] == 4 and rep["failures"] == 2
    assert main([str(src / "shard-0.jsonl"), str(tmp_path / "o2"), "--scheduler", "synchronous"]) == 0


# --- extract_many with processes: order kept, bounded read-ahead -----------------------------------


def test_extract_many_processes_order_and_bounded_prefetch() -> None:
    texts = [f"Gen. Park {i} met Adm. Rob Bauer in Seoul on Monday." for i in range(40)]
    consumed = 0
    lock = threading.Lock()

    def source() -> Iterator[dict[str, Any]]:
        nonlocal consumed
        for i, t in enumerate(texts):
            with lock:
                consumed += 1
            yield {"id": f"a{i}", "text": t, "published": "2024-01-09"}

    stream = extract_many(source(), n_process=2, chunksize=2, prefetch=2)
    first = list(itertools.islice(stream, 2))
    # window: n_process * prefetch = 4 batches of 2, plus the batch being filled
    assert consumed <= 2 * 2 * 2 + 2, consumed
    rest = list(stream)
    assert [ex.article.id for ex in first + rest] == [f"a{i}" for i in range(40)]
    again = ({"id": f"a{i}", "text": t, "published": "2024-01-09"} for i, t in enumerate(texts))
    serial = [dump_jsonl_line(ex) for ex in extract_many(again)]
    assert [dump_jsonl_line(ex) for ex in first + rest] == serial
