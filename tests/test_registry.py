"""The extractor registry: registration checks, run order, extras, failures as diagnostics."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson
import pytest
from pydantic import BaseModel

import defense_ties
from defense_ties import (
    REGISTRY,
    ArticleContext,
    BaseExtractor,
    ExtractorRegistrationError,
    Registry,
    Span,
    extract,
    register_extractor,
)
from defense_ties.export import dump_json
from defense_ties.pipeline import ArticleInput, run


class Word(BaseModel):
    word: str
    span: Span
    rule: str


class Count(BaseModel):
    n: int


class Capitals:
    """A protocol-only extractor (no base class): every capitalised token."""

    name = "capitals"
    requires: Sequence[str] = ()
    record_model = Word

    def __call__(self, doc: Any, ctx: ArticleContext) -> list[Word]:
        return [Word(word=t.text, span=ctx.span_of(t), rule="capitals.token") for t in doc if t.text[:1].isupper()]


class CountCapitals(BaseExtractor):
    """Reads the records of ``capitals``."""

    name = "count_capitals"
    requires = ("capitals",)
    record_model = Count

    def __call__(self, doc: Any, ctx: ArticleContext) -> list[Count]:
        return [Count(n=len(ctx.records("capitals")))]


class Boom(BaseExtractor):
    name = "boom"
    record_model = Count

    def __call__(self, doc: Any, ctx: ArticleContext) -> list[Count]:
        raise RuntimeError("bad rule")


def _ext(name: str, requires: Sequence[str] = (), model: type[BaseModel] = Count, result: Any = ()) -> Any:
    reqs = requires if isinstance(requires, str) else tuple(requires)
    cls = type(name.title(), (), {"name": name, "requires": reqs, "record_model": model})
    cls.__call__ = lambda self, doc, ctx: result  # type: ignore[attr-defined]
    return cls()


@pytest.fixture
def global_cleanup() -> Iterator[list[str]]:
    """Names registered into the process-wide REGISTRY by a test, removed afterwards."""
    names: list[str] = []
    yield names
    for n in reversed(names):
        if REGISTRY.get(n) is not None:
            REGISTRY.unregister(n)


def test_protocol_extractor_records_go_to_extras_and_json() -> None:
    reg = Registry()
    reg.register(Capitals())
    reg.register(CountCapitals())
    text = "Admiral Rob Bauer met Won In-choul in Seoul."
    ex = run(ArticleInput(text=text), registry=reg)
    words = [r["word"] for r in ex.extras["capitals"]]
    assert words == ["Admiral", "Rob", "Bauer", "Won", "In", "Seoul"]
    for r in ex.extras["capitals"]:
        assert text[r["span"]["start"] : r["span"]["end"]] == r["span"]["text"]
    assert ex.extras["count_capitals"] == [{"n": 6}]
    data = orjson.loads(dump_json(ex))
    assert data["extras"]["count_capitals"] == [{"n": 6}]
    assert data["extras"]["capitals"][0]["rule"] == "capitals.token"


def test_dependencies_run_first_whatever_the_registration_order() -> None:
    reg = Registry()
    reg.register(_ext("a"))
    reg.register(_ext("c", ["a"]))
    reg.register(_ext("b"))
    reg.register(_ext("d", ["b", "c"]))
    names = reg.names()
    for n, deps in {"c": ["a"], "d": ["b", "c"]}.items():
        assert all(names.index(d) < names.index(n) for d in deps)


def test_missing_dependency_is_refused_at_registration() -> None:
    reg = Registry()
    with pytest.raises(ExtractorRegistrationError, match=r"'needs_x' requires 'x', which is not registered"):
        reg.register(_ext("needs_x", ["x"]))
    assert reg.names() == []


def test_cycle_is_refused_and_registry_left_intact() -> None:
    reg = Registry()
    reg.register(_ext("a"))
    reg.register(_ext("b", ["a"]))
    with pytest.raises(ExtractorRegistrationError, match=r"cycle: a -> b -> a|cycle: b -> a -> b"):
        reg.register(_ext("a", ["b"]), replace=True)
    assert reg.names() == ["a", "b"]
    assert reg.get("a") is not None and list(reg.get("a").requires) == []  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (_ext("self_loop", ["self_loop"]), "requires itself"),
        (_ext("bad-name"), "must be a Python identifier"),
        (_ext("no_model", model=dict), "record_model must be a pydantic model"),  # type: ignore[arg-type]
        (_ext("req_str", "abc"), "requires must be a sequence"),
        (Capitals, "is not an Extractor instance"),
        (object(), "is not an Extractor"),
    ],
)
def test_bad_extractors_are_refused_with_a_clear_message(bad: Any, message: str) -> None:
    with pytest.raises(ExtractorRegistrationError, match=message):
        Registry().register(bad)


def test_duplicate_name_refused_replace_allowed() -> None:
    reg = Registry()
    reg.register(_ext("a"))
    with pytest.raises(ExtractorRegistrationError, match="already registered"):
        reg.register(_ext("a"))
    new = _ext("a", result=[Count(n=2)])
    reg.register(new, replace=True)
    assert reg.get("a") is new


def test_builtin_can_only_be_replaced_by_same_record_model() -> None:
    with pytest.raises(ExtractorRegistrationError, match="record_model must be TimeExpression"):
        REGISTRY.register(_ext("dates"), replace=True)
    assert REGISTRY.source("dates") == "built-in"


def test_disable_removes_dependents_too() -> None:
    reg = Registry()
    reg.register(Capitals())
    reg.register(CountCapitals())
    reg.register(_ext("other", result=[Count(n=1)]))
    ex = run(ArticleInput(text="Seoul"), registry=reg, disable=["capitals"])
    assert sorted(ex.extras) == ["other"]


def test_failure_is_a_diagnostic_dependents_still_run() -> None:
    reg = Registry()
    reg.register(Boom())
    reg.register(_ext("after", ["boom"], result=[Count(n=7)]))
    ex = run(ArticleInput(text="hello"), registry=reg)
    assert ex.extras == {"after": [{"n": 7}]}
    assert [(d.extractor, d.level) for d in ex.diagnostics] == [("boom", "error")]
    assert "RuntimeError: bad rule" in ex.diagnostics[0].message


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (None, "returned NoneType"),
        ("text", "returned str"),
        ([{"n": "many"}], "record 0 dropped: failed validation as Count (1 error(s)), at n: Input should be a valid integer"),
        ([{"n": 1}, {}], "record 1 dropped: failed validation as Count (1 error(s)), at n: Field required"),
        ([Word(word="x", span=Span(start=0, end=1, text="h"), rule="r")], "record 0 dropped: failed validation as Count"),
    ],
)
def test_bad_records_become_diagnostics(result: Any, message: str) -> None:
    reg = Registry()
    reg.register(_ext("bad", result=result))
    reg.register(_ext("good", result=[{"n": 3}]))
    ex = run(ArticleInput(text="hello"), registry=reg)
    assert ex.extras["good"] == [{"n": 3}]
    assert ex.extras.get("bad", []) == [r for r in (result or []) if isinstance(r, dict) and isinstance(r.get("n"), int)]
    assert len(ex.diagnostics) == 1 and ex.diagnostics[0].extractor == "bad"
    assert message in ex.diagnostics[0].message


def test_records_given_as_mappings_are_validated() -> None:
    reg = Registry()
    reg.register(_ext("maps", result=[{"n": 1}, {"n": "2"}]))
    ex = run(ArticleInput(text="hello"), registry=reg)
    assert ex.extras == {"maps": [{"n": 1}, {"n": 2}]}


def test_records_with_wrong_offsets_are_dropped_one_by_one() -> None:
    good = Word(word="hello", span=Span(start=0, end=5, text="hello"), rule="r")
    wrong_text = Word(word="x", span=Span(start=0, end=5, text="HELLO"), rule="r")
    out_of_range = Word(word="x", span=Span(start=3, end=99, text="lo"), rule="r")
    reg = Registry()
    reg.register(_ext("spans", model=Word, result=[wrong_text, good, out_of_range]))
    ex = run(ArticleInput(text="hello world"), registry=reg)
    assert [r["word"] for r in ex.extras["spans"]] == ["hello"]
    msgs = [d.message for d in ex.diagnostics]
    assert len(msgs) == 2 and msgs[0].startswith("record 0 dropped: span (0, 5, 'HELLO')")
    assert msgs[1].startswith("record 2 dropped")


def test_register_extractor_call_and_decorators(global_cleanup: list[str]) -> None:
    inst = _ext("reg_call", result=[Count(n=1)])
    assert register_extractor(inst) is inst
    global_cleanup.append("reg_call")

    @register_extractor
    class Deco(BaseExtractor):
        name = "reg_deco"
        requires = ("reg_call",)
        record_model = Count

        def __call__(self, doc: Any, ctx: ArticleContext) -> list[Count]:
            return [Count(n=ctx.records("reg_call")[0].n + 1)]

    global_cleanup.append("reg_deco")
    assert isinstance(Deco, type)

    @register_extractor(replace=True)
    class Deco2(Deco):
        def __call__(self, doc: Any, ctx: ArticleContext) -> list[Count]:
            return [Count(n=40 + ctx.records("reg_call")[0].n)]

    assert REGISTRY.source("reg_deco") == "user"
    ex = extract("Some text.")
    assert ex.extras["reg_call"] == [{"n": 1}] and ex.extras["reg_deco"] == [{"n": 41}]
    assert [d for d in ex.diagnostics if d.extractor.startswith("reg_")] == []
    ex2 = extract("Some text.", disable=["reg_call"])
    assert "reg_call" not in ex2.extras and "reg_deco" not in ex2.extras


def test_register_extractor_refuses_unknown_dependency_at_once() -> None:
    with pytest.raises(ExtractorRegistrationError, match="'ghost'"):
        register_extractor(_ext("needs_ghost", ["ghost"]))
    assert REGISTRY.get("needs_ghost") is None


def test_unknown_disable_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown extractor.*'statment'"):
        extract("x", disable=["statment"])
    with pytest.raises(ValueError, match="'nope'"):
        list(defense_ties.extract_many(["x"], disable=["nope"]))


def test_builtins_are_listed_with_their_source() -> None:
    names = REGISTRY.names()
    for n in ("dates", "participants", "statements", "meetings", "agreements"):
        assert n in names
        assert REGISTRY.source(n) == "built-in"
    assert names.index("dates") < names.index("meetings")


def test_cli_lists_extractors_with_sources(global_cleanup: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from defense_ties.cli import main

    register_extractor(_ext("listed_one", ["dates"]))
    global_cleanup.append("listed_one")
    assert main(["extractors"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["NAME", "SOURCE", "REQUIRES", "RECORDS"]
    rows = {line.split()[0]: line.split() for line in out[1:]}
    assert rows["dates"][1] == "built-in"
    assert rows["listed_one"][1:] == ["user", "dates", "Count"]
