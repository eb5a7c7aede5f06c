"""The command line: output shapes, sidecars, exit codes, failures reported, atomic -o."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jsonschema
import orjson

from .conftest import ROOT, seed_paths


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "defense_ties", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=300)


def test_extract_seeds_array_validates_with_sidecars() -> None:
    r = cli("extract", *map(str, seed_paths()))
    assert r.returncode == 0, r.stderr
    data = orjson.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 5
    schema = orjson.loads((ROOT / "schemas" / "extraction.schema.json").read_bytes())
    for item in data:
        jsonschema.validate(item, schema)
        assert item["article"]["published_from"] == "sidecar"
    by_id = {d["article"]["id"]: d["article"] for d in data}
    assert by_id["001_db688bb18213d23c"]["published"] == "2022-05"
    assert by_id["001_db688bb18213d23c"]["byline"] == "Felix Kim"
    assert by_id["002_ec3424b8aa3e1e2b"]["published"] == "2023-02-14T18:22:00+09:00"


def test_one_input_is_one_object_and_stdin() -> None:
    r = cli("extract", "-", "--published", "2024-01-09", stdin=b"They met on Tuesday.")
    assert r.returncode == 0
    obj = orjson.loads(r.stdout)
    assert obj["article"]["published"] == "2024-01-09" and obj["article"]["published_from"] == "given"


def test_jsonl_one_object_per_line() -> None:
    r = cli("extract", "--jsonl", *map(str, seed_paths()[:2]))
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 0 and len(lines) == 2
    assert all(orjson.loads(ln)["schema_version"] == "1" for ln in lines)


def test_failed_input_reported_others_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00broken")
    r = cli("extract", str(seed_paths()[0]), str(tmp_path / "missing.txt"), str(bad))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "missing.txt: no such file" in err and "bad.txt" in err
    assert len(orjson.loads(r.stdout)) == 1


def test_bad_usage_exits_2() -> None:
    r = cli("extract", "x.txt", "--published", "yesterday-ish")
    assert r.returncode == 2 and b"not a publication date" in r.stderr
    assert cli("extract", "--no-such-flag", "x.txt").returncode == 2
    assert cli().returncode == 2


def test_output_file_atomic(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    r = cli("extract", str(seed_paths()[0]), "-o", str(out))
    assert r.returncode == 0 and orjson.loads(out.read_bytes())["article"]["id"] == seed_paths()[0].stem
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_malformed_sidecar_fails_that_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("They met on Monday.")
    (tmp_path / "a.meta.json").write_text("{not json")
    (tmp_path / "b.txt").write_text("They met on Monday.")
    r = cli("extract", str(tmp_path))
    assert r.returncode == 1 and b"a.meta.json" in r.stderr
    assert [d["article"]["id"] for d in orjson.loads(r.stdout)] == ["b"]


def test_help_explains_flags_with_example() -> None:
    r = cli("extract", "--help")
    out = r.stdout.decode()
    assert r.returncode == 0
    for flag in ("--published", "--jsonl", "--output", "examples:"):
        assert flag in out
