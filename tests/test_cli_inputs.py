"""Bad inputs at the command line: each one a clear message naming it, the right exit code
(0 all extracted, 1 some input failed, 2 bad usage), and the good inputs' output still complete.

Every test mixes the bad input with good ones and checks that the good ones come out exactly as
they do alone (byte-identical records), so a failure never truncates or alters the rest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from defense_ties.cli import _published_arg
from defense_ties.inputs import Item, decode, iter_inputs
from defense_ties.progress import Progress

from .conftest import ROOT

GOOD_A = "Defense Minister Lee Jong-sup met Gen. Mark Milley in Seoul on Tuesday.\n"
GOOD_B = "NATO Secretary General Jens Stoltenberg said on Friday the allies would sign an agreement next month.\n"


def cli(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "defense_ties", *args], input=stdin, capture_output=True, cwd=cwd, timeout=300
    )


@pytest.fixture()
def good(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "good_a.txt", tmp_path / "good_b.txt"
    a.write_text(GOOD_A, encoding="utf-8")
    b.write_text(GOOD_B, encoding="utf-8")
    return a, b


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The JSONL line of each good article extracted on its own (the reference)."""
    d = tmp_path_factory.mktemp("alone")
    (d / "good_a.txt").write_text(GOOD_A, encoding="utf-8")
    (d / "good_b.txt").write_text(GOOD_B, encoding="utf-8")
    r = cli("extract", "--jsonl", "--published", "2024-01-09", str(d / "good_a.txt"), str(d / "good_b.txt"))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    return {orjson.loads(ln)["article"]["id"]: ln for ln in lines}


def run_with_good(bad: str, good: tuple[Path, Path], *extra: str) -> subprocess.CompletedProcess[bytes]:
    """Extract good_a, the bad input, good_b (in that order) as JSONL."""
    return cli("extract", "--jsonl", "--published", "2024-01-09", *extra, str(good[0]), bad, str(good[1]))


def assert_good_complete(r: subprocess.CompletedProcess[bytes], alone: dict[str, bytes]) -> None:
    lines = r.stdout.splitlines()
    assert lines == [alone["good_a"], alone["good_b"]], r.stderr.decode()


def one_error_line(r: subprocess.CompletedProcess[bytes]) -> str:
    errs = [ln for ln in r.stderr.decode().splitlines() if ln.strip()]
    assert len(errs) == 1, errs
    assert errs[0].startswith("defense_ties: ")
    assert "Traceback" not in r.stderr.decode()
    return errs[0]


BAD_FILES = [
    ("empty.txt", b"", "empty input"),
    ("blank.txt", b"  \n\t\n", "empty input"),
    ("bom_only.txt", b"\xef\xbb\xbf\n", "empty input"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    ("utf16.txt", "They met.".encode("utf-16"), "binary data"),
    ("latin1.txt", "Le ministre a rencontré l'amiral.".encode("latin-1"), "not UTF-8: byte 0xe9 at offset 22"),
]


def test_unreadable_files_fail_alone(tmp_path: Path, good: tuple[Path, Path], alone: dict[str, bytes]) -> None:
    bad = []
    for name, data, _ in BAD_FILES:
        (tmp_path / name).write_bytes(data)
        bad.append(str(tmp_path / name))
    # the bad files sit between the two good ones, one failure must not stop the rest
    r = cli("extract", "--jsonl", "--published", "2024-01-09", str(good[0]), *bad, str(good[1]))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "Traceback" not in err
    errs = err.splitlines()
    assert len(errs) == len(BAD_FILES)
    for line, (name, _, reason) in zip(errs, BAD_FILES, strict=True):
        assert line.startswith(f"defense_ties: {tmp_path / name}: {reason}"), line
    assert_good_complete(r, alone)


def test_missing_path(tmp_path: Path, good: tuple[Path, Path], alone: dict[str, bytes]) -> None:
    missing = tmp_path / "nowhere" / "article.txt"
    r = run_with_good(str(missing), good)
    assert r.returncode == 1
    msg = one_error_line(r)
    assert f"{missing}: no such file or folder" in msg
    assert_good_complete(r, alone)


def test_empty_directory(tmp_path: Path, good: tuple[Path, Path], alone: dict[str, bytes]) -> None:
    folder = tmp_path / "empty_folder"
    folder.mkdir()
    (folder / "notes.md").write_text("not an article")
    r = run_with_good(str(folder), good)
    assert r.returncode == 1
    assert f"{folder}: folder holds no .txt or .jsonl articles" in one_error_line(r)
    assert_good_complete(r, alone)


def test_directory_of_articles_in_name_order(tmp_path: Path, alone: dict[str, bytes]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good_b.txt").write_text(GOOD_B, encoding="utf-8")
    (folder / "good_a.txt").write_text(GOOD_A, encoding="utf-8")
    (folder / "sub").mkdir()  # sub-folders are not descended into
    (folder / "sub" / "x.txt").write_text(GOOD_A, encoding="utf-8")
    r = cli("extract", "--jsonl", "--published", "2024-01-09", str(folder))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [alone["good_a"], alone["good_b"]]


def test_device_is_refused(good: tuple[Path, Path], alone: dict[str, bytes]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    r = run_with_good("/dev/zero", good)  # reading it would never end
    assert r.returncode == 1
    assert "/dev/zero: not a regular file" in one_error_line(r)
    assert_good_complete(r, alone)


BAD_SIDECARS = [
    ("bad1", b"{not json", "invalid JSON"),
    ("bad2", b"[1, 2]", "expected a JSON object, got list"),
    ("bad3", b'{"published": 20240109}', "field 'published' must be a string"),
    ("bad4", b'{"published": "2023-02-30"}', "field 'published': not a publication date: '2023-02-30'"),
    ("bad5", b'{"source": "Yonhap", "date": "soon"}', "not a publication date: 'soon'"),
]


def test_malformed_sidecars_fail_their_article(tmp_path: Path) -> None:
    (tmp_path / "good_a.txt").write_text(GOOD_A, encoding="utf-8")
    (tmp_path / "good_z.txt").write_text(GOOD_B, encoding="utf-8")
    (tmp_path / "good_z.meta.json").write_bytes(b'{"published": "2024-02-29", "outlet": "Yonhap", "extra": 1}')
    for stem, sidecar, _ in BAD_SIDECARS:
        (tmp_path / f"{stem}.txt").write_text(GOOD_A, encoding="utf-8")
        (tmp_path / f"{stem}.meta.json").write_bytes(sidecar)
    r = cli("extract", "--jsonl", str(tmp_path))
    assert r.returncode == 1
    errs = r.stderr.decode().splitlines()
    assert len(errs) == len(BAD_SIDECARS), errs
    for line, (stem, _, reason) in zip(errs, BAD_SIDECARS, strict=True):
        assert line.startswith(f"defense_ties: {tmp_path / stem}.txt: ") and f"{stem}.meta.json" in line and reason in line
    out = [orjson.loads(ln)["article"] for ln in r.stdout.splitlines()]
    assert [a["id"] for a in out] == ["good_a", "good_z"]
    assert out[1]["published"] == "2024-02-29" and out[1]["source"] == "Yonhap"


def test_impossible_published_is_usage_error(good: tuple[Path, Path]) -> None:
    r = cli("extract", str(good[0]), "--published", "2023-02-30")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "not a publication date: '2023-02-30'" in err and "--published" in err
    assert r.stdout == b""


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13", "2023-02-29", "yesterday", "20230101x", "2023-00-10"])
def test_impossible_published_values_refused(value: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=f"not a publication date: {value!r}"):
        _published_arg(value)


def test_leap_day_is_a_real_date(good: tuple[Path, Path]) -> None:
    r = cli("extract", str(good[0]), "--published", "2024-02-29")
    assert r.returncode == 0, r.stderr
    assert orjson.loads(r.stdout)["article"]["published"] == "2024-02-29"


def test_bad_jsonl_lines_each_named(tmp_path: Path, alone: dict[str, bytes]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        orjson.dumps({"id": "good_a", "text": GOOD_A}),
        b"this is not json",
        b"[1, 2, 3]",
        b'{"id": "no_text"}',
        b'{"id": "bad_date", "text": "They met.", "published": "2023-02-30"}',
        b'{"id": "num", "text": 42}',
        b'{"id": "blank", "text": "   "}',
        b'{"id": "latin", "text": "caf\xe9"}',
        b"",
        orjson.dumps({"id": "good_b", "text": GOOD_B}),
    ]
    corpus.write_bytes(b"\n".join(lines) + b"\n")
    r = cli("extract", "--jsonl", str(corpus), "--published", "2024-01-09")
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "Traceback" not in err
    for n, reason in [
        (2, "invalid JSON"),
        (3, "expected a JSON object"),
        (4, "field text: Field required"),
        (6, "field text:"),
        (7, "empty 'text'"),
        (8, "not UTF-8: byte 0xe9"),
    ]:
        assert f"{corpus}:{n}: {reason}" in err, err
    assert f"{corpus}:9" not in err  # a blank line is skipped, not an error
    out = r.stdout.splitlines()
    assert [orjson.loads(ln)["article"]["id"] for ln in out] == ["good_a", "bad_date", "good_b"]  # date overridden
    assert [out[0], out[2]] == [alone["good_a"], alone["good_b"]]
    # --published overrides each record's date, so line 5 is fine here; without it, it is named
    r2 = cli("extract", "--jsonl", str(corpus))
    assert f"{corpus}:5: not a publication date: '2023-02-30'" in r2.stderr.decode()


def test_empty_stdin(good: tuple[Path, Path], alone: dict[str, bytes]) -> None:
    r = cli("extract", "--jsonl", "--published", "2024-01-09", str(good[0]), "-", str(good[1]), stdin=b"")
    assert r.returncode == 1
    assert "<stdin>: empty input" in one_error_line(r)
    assert_good_complete(r, alone)


@pytest.mark.parametrize("where", ["missing_dir/out.json", "."])
def test_bad_output_path_is_usage_error_before_work(tmp_path: Path, good: tuple[Path, Path], where: str) -> None:
    r = cli("extract", str(good[0]), "-o", str(tmp_path / where))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "Traceback" not in err and f"-o {tmp_path / where}" in err
    assert not (tmp_path / "missing_dir").exists()


def test_jobs_keep_order_and_failures(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(9):
        (folder / f"a{i:02d}.txt").write_text(f"Gen. Park Ji-hoon {i} met Adm. Rob Bauer on Monday.\n", encoding="utf-8")
    (folder / "a04.txt").write_bytes(b"")
    serial = cli("extract", "--jsonl", str(folder))
    parallel = cli("extract", "--jsonl", "--jobs", "3", str(folder))
    assert serial.returncode == parallel.returncode == 1
    assert parallel.stdout == serial.stdout
    ids = [orjson.loads(ln)["article"]["id"] for ln in parallel.stdout.splitlines()]
    assert ids == [f"a{i:02d}" for i in range(9) if i != 4]
    assert "a04.txt: empty input" in parallel.stderr.decode()


def test_no_progress_when_piped(good: tuple[Path, Path]) -> None:
    r = cli("extract", "--jsonl", str(good[0]), str(good[1]))
    assert r.returncode == 0
    assert r.stderr == b""  # no progress line, no control characters in a log


# --- the pieces, in-process -------------------------------------------------------------------


def test_decode_policy() -> None:
    assert decode("\ufeffThey met.".encode()) == "They met."
    assert decode("Seoul\u2019s envoy".encode()) == "Seoul\u2019s envoy"
    with pytest.raises(ValueError, match="offset 5"):
        decode(b"Seoul\xff")
    with pytest.raises(ValueError, match="binary"):
        decode(b"a\x00b")


def test_iter_inputs_names_every_failure(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("They met.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xc3\x28")
    got_items = list(iter_inputs([str(tmp_path / "bad.txt"), str(tmp_path / "none.txt"), str(tmp_path / "ok.txt")]))
    got = [str(x) for x in got_items]
    assert got[0].startswith(f"{tmp_path / 'bad.txt'}: not UTF-8")
    assert got[1] == f"{tmp_path / 'none.txt'}: no such file or folder"
    assert isinstance(got_items[2], Item) and got_items[2].label == str(tmp_path / "ok.txt")
    assert got_items[2].article.id == "ok" and got_items[2].article.text == "They met."


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.out: list[str] = []

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> int:
        self.out.append(s)
        return len(s)

    def flush(self) -> None:
        pass


def test_progress_draws_on_terminal_only() -> None:
    term = _Tty(True)
    with Progress(term, interval=0.0) as p:  # type: ignore[arg-type]
        p.update(3)
        p.update(0, failed=1)
    text = "".join(term.out)
    assert "\r" in text and text.endswith("\n")
    assert "3 articles, 1 failed" in text
    pipe = _Tty(False)
    with Progress(pipe, interval=0.0) as p:  # type: ignore[arg-type]
        p.update(5)
    assert pipe.out == []
    assert p.done == 5


# --- cold start: spaCy's CLI package is not imported unless used ------------------------------------


def test_spacy_cli_deferred_but_usable() -> None:
    code = (
        "import sys, defense_ties\n"
        "from defense_ties import extract\n"
        "assert defense_ties._spacy_import.DEFERRED\n"
        "extract('Adm. Kim met NATO officials in Seoul on Monday.', published='2024-01-09')\n"
        "assert 'spacy.cli.download' not in sys.modules and 'typer' not in sys.modules, 'spacy.cli loaded'\n"
        "import spacy, spacy.cli\n"
        "from spacy.cli import info\n"
        "assert callable(info) and 'pipelines' in spacy.info()\n"
        "assert callable(spacy.cli.download) and 'typer' in sys.modules\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == b"ok", r.stderr.decode()[-2000:]
    eager = subprocess.run(
        [sys.executable, "-c", "import sys, defense_ties; print(defense_ties._spacy_import.DEFERRED, 'typer' in sys.modules)"],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "DEFENSE_TIES_EAGER_SPACY": "1"},
    )
    assert eager.stdout.split() == [b"False", b"True"], eager.stderr.decode()[-2000:]
