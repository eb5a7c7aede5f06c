"""Lexicons: built-in loading, overlay merging, validation of user files, reuse per lexicon set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import BaseModel

from defense_ties import REGISTRY, ArticleContext, LexiconError, Lexicons, Registry, extract, extract_many, resolve_lexicons
from defense_ties.cli import main
from defense_ties.lexicons import (
    DEFAULT_LEXICONS,
    builtin_lexicon_names,
    load_lexicon,
    load_user_lexicon,
    merge,
    validate_overlay,
)
from defense_ties.pipeline import ArticleInput, run


class Seen(BaseModel):
    line: str


#: Synthetic built-ins: the validator must work from the SHAPE of whatever the built-in files hold.
BUILTINS: dict[str, Any] = {
    "ranks": {
        "_doc": "documentation",
        "ranks": {"Gen.": "General", "Adm.": "Admiral", "Col.": "Colonel"},
        "prefixes": ["Vice", "Rear"],
        "former": {"words": ["former"], "max_gap": 2},
    },
    "countries": {
        "countries": [
            {"name": "South Korea", "code": "KOR", "aliases": ["ROK"], "demonym": None},
            {"name": "Japan", "code": "JPN", "aliases": [], "demonym": "Japanese"},
        ]
    },
    "topics": {"cyber": ["cyber"], "space": ["space"], "cbrn": ["CBRN"]},
}


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ({"ranks": {"prefixes": ["Lt.", "Maj.", "Brig.", 12]}}, "my_terms.json: ranks.prefixes[3]: expected a string, got 12"),
        ({"ranks": {"ranks": {"Cdre.": 5}}}, 'my_terms.json: ranks.ranks["Cdre."]: expected a string, got 5'),
        (
            {"ranks": {"bogus": []}},
            "my_terms.json: ranks.bogus: unknown key 'bogus' (known keys: former, prefixes, ranks)",
        ),
        (
            {"rank": {}},
            "my_terms.json: unknown lexicon 'rank' (did you mean 'ranks'?); built-in lexicons: countries, ranks, topics",
        ),
        (
            {"countries": {"countries": [{"name": "Ukraine", "code": "UKR", "aliases": "UA"}]}},
            'my_terms.json: countries.countries[0].aliases: expected a list, got "UA"',
        ),
        (
            {"countries": {"countries": [{"name": "Ukraine", "iso": "UKR"}]}},
            "my_terms.json: countries.countries[0].iso: unknown key 'iso' (known keys: aliases, code, demonym, name)",
        ),
        ({"countries": {"countries": {"name": "Ukraine"}}}, "my_terms.json: countries.countries: expected a list, got {"),
        ({"topics": {"new_topic": "drones"}}, 'my_terms.json: topics.new_topic: expected a list, got "drones"'),
        ({"topics": {"cyber": ["  "]}}, 'my_terms.json: topics.cyber[0]: expected a non-empty string, got "  "'),
        ({"topics": {"": ["x"]}}, 'my_terms.json: topics[""]: empty key'),
        ({"ranks": {"former": {"max_gap": 2.5}}}, "my_terms.json: ranks.former.max_gap: expected an integer, got 2.5"),
        ({"ranks": {"former": {"max_gap": True}}}, "my_terms.json: ranks.former.max_gap: expected an integer, got true"),
        ([{"ranks": {}}], "my_terms.json: expected a JSON object keyed by lexicon name, got [{"),
    ],
)
def test_validation_errors_name_file_and_entry(user: Any, message: str) -> None:
    with pytest.raises(LexiconError) as err:
        validate_overlay(user, "my_terms.json", builtins=BUILTINS)
    assert str(err.value).startswith(message)


def test_valid_overlay_is_accepted_and_cleaned() -> None:
    user = {
        "_doc": "my terms",
        "ranks": {"ranks": {"Cdre.": "Commodore"}, "prefixes": ["Lt."]},
        "countries": {"countries": [{"_note": "x", "name": "Ukraine", "code": "UKR", "aliases": ["UA"], "demonym": None}]},
        "topics": {"drones": ["drone", "UAV"]},
    }
    out = validate_overlay(user, "my_terms.json", builtins=BUILTINS)
    assert out == {
        "ranks": {"ranks": {"Cdre.": "Commodore"}, "prefixes": ["Lt."]},
        "countries": {"countries": [{"name": "Ukraine", "code": "UKR", "aliases": ["UA"], "demonym": None}]},
        "topics": {"drones": ["drone", "UAV"]},
    }


@pytest.mark.parametrize("name", builtin_lexicon_names())
def test_every_builtin_lexicon_validates_as_a_user_file(name: str) -> None:
    """The shape rules accept real data: a built-in file given back as an overlay is valid."""
    data = load_lexicon(name)
    cleaned = validate_overlay({name: data}, f"{name}.json", builtins={name: data})
    assert isinstance(cleaned[name], type(data))
    if isinstance(data, dict):
        assert set(cleaned[name]) == {k for k in data if not k.startswith("_")}


def test_real_builtins_reject_wrong_types() -> None:
    # chrome.json exists since the foundation: {"lines": [str], "cut_markers": [str]}
    with pytest.raises(LexiconError, match=r"^x\.json: chrome\.lines\[1\]: expected a string, got \{\"a\":1\}$"):
        validate_overlay({"chrome": {"lines": ["ok", {"a": 1}]}}, "x.json")
    with pytest.raises(LexiconError, match="unknown lexicon 'chrom'"):
        validate_overlay({"chrom": {}}, "x.json")


def test_process_wide_lexicon_is_refused_not_ignored() -> None:
    with pytest.raises(LexiconError, match="'abbreviations' cannot be extended by a user file: it is read by the tokenizer"):
        validate_overlay({"abbreviations": {"abbreviations": ["Cdre."]}}, "x.json")


class ViewProbe:
    name = "view_probe"
    requires = ()
    record_model = Seen

    def __call__(self, doc: Any, ctx: ArticleContext) -> list[Seen]:
        return [Seen(line=line) for line in doc.text.splitlines() if line.strip()]


def test_user_chrome_lines_are_removed_from_the_view() -> None:
    reg = Registry()
    reg.register(ViewProbe())
    text = "First line.\nMy Site Footer\nLast line."
    plain = run(ArticleInput(text=text), registry=reg)
    assert [r["line"] for r in plain.extras["view_probe"]] == ["First line.", "My Site Footer", "Last line."]
    mine = run(ArticleInput(text=text), registry=reg, lexicons={"chrome": {"lines": ["my site footer"]}})
    assert [r["line"] for r in mine.extras["view_probe"]] == ["First line.", "Last line."]


def test_merge_rules() -> None:
    base = {"a": [1, 2], "b": {"x": 1, "y": [{"k": 1}]}, "c": "old"}
    over = {"a": [2, 3], "b": {"y": [{"k": 1}, {"k": 2}], "z": 5}, "c": "new"}
    assert merge(base, over) == {"a": [1, 2, 3], "b": {"x": 1, "y": [{"k": 1}, {"k": 2}], "z": 5}, "c": "new"}
    assert base == {"a": [1, 2], "b": {"x": 1, "y": [{"k": 1}]}, "c": "old"}


def test_lexicons_overlay_does_not_touch_builtin_data() -> None:
    before = list(load_lexicon("chrome")["lines"])
    lex = Lexicons(overlays=[{"chrome": {"lines": ["My Site Footer"]}}])
    assert lex.get("chrome")["lines"] == [*before, "My Site Footer"]
    assert load_lexicon("chrome")["lines"] == before
    assert DEFAULT_LEXICONS.get("chrome")["lines"] == before


def test_unknown_builtin_is_an_error() -> None:
    with pytest.raises(LexiconError, match="no built-in lexicon named 'nope'"):
        load_lexicon("nope")


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(LexiconError, match=r"missing\.json: cannot read lexicon file"):
        load_user_lexicon(missing)
    bad = tmp_path / "bad.json"
    bad.write_text('{"chrome": {"lines": ["a",]}}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.json: invalid JSON"):
        load_user_lexicon(bad)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"chrome": {"lines": [3]}}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"wrong\.json: chrome\.lines\[0\]: expected a string, got 3"):
        resolve_lexicons([str(wrong)])


def test_one_instance_per_lexicon_set(tmp_path: Path) -> None:
    f = tmp_path / "terms.json"
    f.write_text(orjson.dumps({"chrome": {"lines": ["Footer A"]}}).decode(), encoding="utf-8")
    a = resolve_lexicons(f)
    assert resolve_lexicons([str(f)]) is a
    assert resolve_lexicons({"chrome": {"lines": ["Footer A"], "_doc": "same content"}}) is a
    assert resolve_lexicons({"chrome": {"lines": ["Footer B"]}}) is not a
    assert resolve_lexicons(None) is DEFAULT_LEXICONS and resolve_lexicons([]) is DEFAULT_LEXICONS
    assert resolve_lexicons(a) is a
    with pytest.raises(LexiconError, match=r"lexicons\[0\]: expected a path to a JSON file or a mapping, got int"):
        resolve_lexicons([3])  # type: ignore[list-item]


BUILDS: list[int] = []


class ChromeProbe:
    """Reports the chrome lines a user added (the ones containing 'probe'), via a compiled cache."""

    name = "chrome_probe"
    requires = ()
    record_model = Seen

    def __call__(self, doc: Any, ctx: ArticleContext) -> list[Seen]:
        def build(lex: Lexicons) -> list[str]:
            BUILDS.append(1)
            return [x for x in lex.get("chrome")["lines"] if "probe" in x.lower()]

        return [Seen(line=x) for x in ctx.lexicons.compiled("test.chrome_probe", build)]


@pytest.fixture
def probe() -> Iterator[None]:
    REGISTRY.register(ChromeProbe())
    BUILDS.clear()
    yield
    REGISTRY.unregister("chrome_probe")


def test_extract_uses_user_lexicons_and_reuses_compiled(probe: None, tmp_path: Path) -> None:
    assert extract("Text.").extras["chrome_probe"] == []
    f = tmp_path / "mine.json"
    f.write_text('{"chrome": {"lines": ["Probe Footer One"]}}', encoding="utf-8")
    BUILDS.clear()
    ex = extract("Text.", lexicons=[f, {"chrome": {"lines": ["probe two"]}}])
    assert ex.extras["chrome_probe"] == [{"line": "Probe Footer One"}, {"line": "probe two"}]
    out = list(extract_many(["One.", "Two.", {"text": "Three."}], lexicons=f))
    assert [e.extras["chrome_probe"] for e in out] == [[{"line": "Probe Footer One"}]] * 3
    assert len(BUILDS) == 2  # one build per distinct lexicon set, not per article


def test_extract_many_processes_use_user_lexicons(probe: None) -> None:
    out = list(extract_many([f"Article {i}." for i in range(4)], n_process=2, lexicons={"chrome": {"lines": ["probe mp"]}}))
    assert [e.extras["chrome_probe"] for e in out] == [[{"line": "probe mp"}]] * 4


def test_cli_lexicon_flag(probe: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Some article.", encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text('{"chrome": {"lines": ["probe cli"]}}', encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"chrome": {"lines": ["x", 12]}}', encoding="utf-8")
    assert main(["extract", str(art), "--lexicon", str(good)]) == 0
    assert orjson.loads(capsys.readouterr().out)["extras"]["chrome_probe"] == [{"line": "probe cli"}]
    assert main(["extract", str(art), "--lexicon", str(good), "--lexicon", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{bad}: chrome.lines[1]: expected a string, got 12" in captured.err


def test_changed_file_is_read_again(tmp_path: Path) -> None:
    f = tmp_path / "terms.json"
    f.write_text('{"chrome": {"lines": ["Footer One"]}}', encoding="utf-8")
    first = resolve_lexicons(f)
    assert resolve_lexicons(f) is first
    f.write_text('{"chrome": {"lines": ["Footer Number Two"]}}', encoding="utf-8")
    second = resolve_lexicons(f)
    assert second is not first and "Footer Number Two" in second.get("chrome")["lines"]
    f.write_text('{"chrome": {"lines": [2]}}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"terms\.json: chrome\.lines\[0\]"):
        resolve_lexicons(f)
