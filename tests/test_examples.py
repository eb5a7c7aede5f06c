"""The runnable examples: each script is run as a user would, and its real output is checked.

(``examples/plugin_package`` is installed and exercised in ``test_plugins.py``.)
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest

from defense_ties import REGISTRY, ArticleContext, Registry, TimeExpression, extract
from defense_ties.extractors import ParticipantsExtractor
from defense_ties.pipeline import ArticleInput, run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT / "seeds"


def script(name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return res


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


# --- extract_one.py ---------------------------------------------------------------------------


def test_extract_one_summary_on_a_seed() -> None:
    path = seed("002")
    meta = orjson.loads(path.with_name(path.stem + ".meta.json").read_bytes())
    out = script("extract_one.py", str(path)).stdout.splitlines()
    assert out[0] == f"article {path.stem}  published {meta['published']} (given)"
    assert re.fullmatch(r"\d+ participants, \d+ meetings, \d+ agreements, \d+ statements, \d+ dates", out[1])
    m = next(
        re.fullmatch(r"offsets: (\d+)/(\d+) spans index the original text", line) for line in out if line.startswith("offsets")
    )
    assert m is not None and m[1] == m[2]


def test_extract_one_json_and_published_flag(tmp_path: Path) -> None:
    art = tmp_path / "note.txt"
    art.write_text("Defense Minister Shin Won-sik met NATO officials in Brussels on Thursday.", encoding="utf-8")
    data = orjson.loads(script("extract_one.py", str(art), "--published", "2024-02-29", "--json").stdout)
    assert data["article"]["id"] == "note" and data["article"]["published"] == "2024-02-29"
    assert data == orjson.loads(
        extract(art.read_text(encoding="utf-8"), published="2024-02-29", article_id="note").model_dump_json()
    )


# --- batch_to_jsonl.py ------------------------------------------------------------------------


def test_batch_to_jsonl_on_the_seeds(tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    res = script("batch_to_jsonl.py", str(SEEDS), str(out))
    lines = out.read_bytes().splitlines()
    paths = sorted(SEEDS.glob("*.txt"))
    assert res.stderr.strip() == f"wrote {len(paths)} extractions to {out}"
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths, strict=True):
        rec = orjson.loads(line)
        meta = orjson.loads(path.with_name(path.stem + ".meta.json").read_bytes())
        assert rec["article"]["id"] == path.stem
        assert rec["article"]["published"] == meta["published"]
        text = path.read_text(encoding="utf-8")
        for d in rec["dates"]:
            assert text[d["start"] : d["end"]] == d["text"]
    assert not list(tmp_path.glob(".seeds.jsonl.*"))  # no temporary file left


def test_batch_to_jsonl_jobs_and_lexicon(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Article number {i}.\nMy Site Footer", encoding="utf-8")
    lex = tmp_path / "terms.json"
    lex.write_text('{"chrome": {"lines": ["My Site Footer"]}}', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    script("batch_to_jsonl.py", str(folder), str(out), "--jobs", "2", "--lexicon", str(lex))
    assert [orjson.loads(x)["article"]["id"] for x in out.read_bytes().splitlines()] == ["a0", "a1", "a2"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"chrome": {"lines": [7]}}', encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(EXAMPLES / "batch_to_jsonl.py"), str(folder), str(tmp_path / "x.jsonl"), "--lexicon", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode != 0 and "chrome.lines[0]: expected a string, got 7" in res.stderr
    assert not (tmp_path / "x.jsonl").exists()


# --- material_support.py ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ms() -> ModuleType:
    spec = importlib.util.spec_from_file_location("material_support_example", EXAMPLES / "material_support.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def registered(ms: ModuleType) -> Iterator[None]:
    REGISTRY.register(ms.MaterialSupportExtractor())
    yield
    REGISTRY.unregister("material_support")


def _records(text: str) -> list[dict[str, Any]]:
    ex = extract(text, published="2024-03-15")
    assert [d for d in ex.diagnostics if d.extractor == "material_support"] == []
    recs: list[dict[str, Any]] = ex.extras["material_support"]
    for r in recs:
        for sp in [r["trigger"], r["evidence"], *r["items"], *(m["span"] for m in r["value"])]:
            assert text[sp["start"] : sp["end"]] == sp["text"]
        for party in (r["supplier"], r["recipient"]):
            if party:
                assert text[party["span"]["start"] : party["span"]["end"]] == party["text"]
    return recs


def _brief(r: dict[str, Any]) -> tuple[Any, ...]:
    return (
        r["status"],
        r["supplier"] and r["supplier"]["code"],
        r["recipient"] and r["recipient"]["code"],
        [i["text"] for i in r["items"]],
        [(m["text"], m["amount"], m["currency"]) for m in r["value"]],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Poland delivered 14 Leopard tanks and 200 million euros of ammunition to Ukraine last week.",
            ("delivered", "POL", "UKR", ["Leopard tanks", "ammunition"], [("200 million euros", 200000000, "EUR")]),
        ),
        (
            "Canada donated US$5 million in medical supplies to the Philippines.",
            ("delivered", "CAN", "PHL", ["medical supplies"], [("US$5 million", 5000000, "USD")]),
        ),
        (
            "Britain sold £2.5bn of arms to Saudi Arabia in 2019.",
            ("delivered", "GBR", "SAU", ["arms"], [("£2.5bn", 2500000000, "GBP")]),
        ),
        (
            "Kyiv asked Tokyo to provide air defense systems worth ¥3 billion.",
            ("requested", "JPN", "UKR", ["air defense systems"], [("¥3 billion", 3000000000, "JPY")]),
        ),
        (
            "The Japanese government refused to supply lethal weapons to Ukraine.",
            ("rejected", "JPN", "UKR", ["lethal weapons"], []),
        ),
        (
            "Germany's defense minister turned down Poland's request to send Patriot missiles.",
            ("rejected", "DEU", "POL", ["Patriot missiles"], []),
        ),
        (
            "Washington has accused Iran of shipping drones and artillery shells to Russia, calling it a threat.",
            ("alleged", "IRN", "RUS", ["drones", "artillery shells"], []),
        ),
        ("Beijing denies supplying weapons to Moscow.", ("alleged", "CHN", "RUS", ["weapons"], [])),
        (
            "Israel reportedly shipped 30,000 rounds of ammunition worth $12 million to Kyiv.",
            ("alleged", "ISR", "UKR", ["rounds", "ammunition"], [("$12 million", 12000000, "USD")]),
        ),
        (
            "Seoul will send 3 billion won of body armor and helmets to Kyiv.",
            ("pledged", "KOR", "UKR", ["body armor", "helmets"], [("3 billion won", 3000000000, "KRW")]),
        ),
        (
            "The first 18 Chunmoo rocket launchers will be delivered in 2023 to Poland.",
            ("pledged", None, "POL", ["Chunmoo rocket launchers"], []),
        ),
        (
            "Twenty South Korean K2 tanks were shipped to Poland last month.",
            ("delivered", "KOR", "POL", ["K2 tanks"], []),
        ),
        ("Leopard tanks were sent to Ukraine by Germany.", ("delivered", "DEU", "UKR", ["Leopard tanks"], [])),
        ("Hanwha said it was sending 24 K9 howitzers to Poland.", ("delivered", None, "POL", ["K9 howitzers"], [])),
        (
            "Poland's defense minister said the aircraft would be delivered next year.",
            ("pledged", None, None, ["aircraft"], []),
        ),
    ],
)
def test_material_support_variants(registered: None, text: str, expected: tuple[Any, ...]) -> None:
    recs = _records(text)
    assert [_brief(r) for r in recs] == [expected]
    assert recs[0]["id"] == "MS1" and recs[0]["rule"].startswith(f"material_support.{expected[0]}.")


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. did not deliver any tanks.",
        "The ministry said it provided support to the region.",
        "Seoul has constraints in providing lethal weapons to Ukraine.",
        "The arms transfer violates resolutions prohibiting weapons trade.",
        "He sent a message to the summit.",
        "The tanks were not delivered.",
        "",
        "$ $ 12 billion won won of of to to",
    ],
)
def test_material_support_no_false_records(registered: None, text: str) -> None:
    assert _records(text) == []


def test_date_is_linked_by_offsets_to_the_dates_extractor(ms: ModuleType) -> None:
    """With a stub ``dates`` extractor, the record takes the expression in its clause, by offsets."""

    class StubDates:
        name = "dates"
        requires = ()
        record_model = TimeExpression

        def __call__(self, doc: Any, ctx: ArticleContext) -> list[TimeExpression]:
            out = []
            for m in re.finditer(r"\b(?:March|Friday)\b", ctx.original):
                out.append(
                    TimeExpression(
                        text=m[0], start=m.start(), end=m.end(), value=m[0], granularity="day", status="absolute", rule="stub"
                    )
                )
            return out

    reg = Registry()
    reg.register(StubDates())
    reg.register(ParticipantsExtractor())
    reg.register(ms.MaterialSupportExtractor())
    text = "On Friday, officials met. Norway delivered 40 howitzers to Ukraine in March, during talks on Friday."
    ex = run(ArticleInput(text=text), registry=reg)
    (rec,) = ex.extras["material_support"]
    assert rec["date"]["text"] == "March" and text[rec["date"]["start"] : rec["date"]["end"]] == "March"
    assert rec["date"]["start"] == text.index("March")


def test_material_support_script_on_the_seeds() -> None:
    """The script on the seed articles (the three kinds of the issue: delivered, rejected, alleged)."""
    data = orjson.loads(script("material_support.py").stdout)
    by_article = {a["article"][:3]: a["records"] for a in data}
    assert all("errors" not in a for a in data)
    delivered, rejected = by_article["000"]
    assert _brief(delivered) == (
        "delivered",
        "KOR",
        None,
        ["nonlethal military supplies", "bulletproof helmets", "blankets", "medical items"],
        [("1 billion won", 1000000000, "KRW"), ("$811,000", 811000, "USD")],
    )
    assert _brief(rejected) == ("rejected", "KOR", "UKR", ["anti-aircraft weapons"], [])
    (alleged,) = by_article["004"]
    assert _brief(alleged) == ("alleged", "PRK", "RUS", ["munitions", "supplies"], [])
    if delivered["date"] is not None:  # linked to the dates extractor's record in the same sentence
        assert delivered["date"]["text"] in delivered["evidence"]["text"]


def test_material_support_script_on_a_file(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Officials met in Oslo. Norway shipped 20 howitzers to Ukraine.", encoding="utf-8")
    data = orjson.loads(script("material_support.py", str(art), "--published", "2023-06-01").stdout)
    assert [_brief(r) for r in data[0]["records"]] == [("delivered", "NOR", "UKR", ["howitzers"], [])]


# --- docs/extending.md and examples/my_terms.json --------------------------------------------

DOC = ROOT / "docs" / "extending.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_docs_lexicon_example_is_valid() -> None:
    from defense_ties.lexicons import validate_overlay

    (block,) = _blocks("json")
    data = orjson.loads(block)
    assert set(validate_overlay(data, "docs/extending.md")) == {k for k in data if not k.startswith("_")}


def test_docs_extractor_example_runs() -> None:
    block = next(b for b in _blocks("python") if "class Sanctions" in b)
    code = block.replace('ex.extras["sanctions"]', 'print(orjson.dumps(ex.extras["sanctions"]).decode())')
    res = subprocess.run([sys.executable, "-c", "import orjson\n" + code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    (rec,) = orjson.loads(res.stdout)
    assert rec["target"] == "Pyongyang" and rec["span"]["text"] == "sanctioned Pyongyang"


def test_my_terms_file_validates_and_changes_the_output() -> None:
    from defense_ties.lexicons import load_lexicon

    terms = EXAMPLES / "my_terms.json"
    text = "Commodore John Smith met Moldovan Defense Minister Anatolie Nosatii in Chisinau on Monday."
    plain = extract(text, published="2024-03-15")
    mine = extract(text, published="2024-03-15", lexicons=terms)
    assert "Commodore" in {p.rank for p in mine.participants}  # ranks overlay
    assert "MDA" in {p.affiliation for p in mine.participants}  # countries overlay
    # The built-in lexicons grow: the difference is only asserted for what they do not hold yet.
    if "Commodore" not in load_lexicon("ranks")["ranks"].values():
        assert "Commodore" not in {p.rank for p in plain.participants}
    if "MDA" not in load_lexicon("countries")["countries"]:
        assert "MDA" not in {p.affiliation for p in plain.participants}
