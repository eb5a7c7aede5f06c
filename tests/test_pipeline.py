"""The pipeline: publication context, sentence bounds, extractor failures become diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from pydantic import BaseModel

from defense_ties import ArticleContext, Registry, extract, extract_many
from defense_ties.nlp import get_nlp
from defense_ties.pipeline import ArticleInput, run


@pytest.mark.parametrize(
    "text",
    [
        "NATO Military Committee Chair Adm. Rob Bauer met Gen. Won. He left.",
        "Staff Maj. Gen. Francesco Diella met Lt. Gen. Hwang in the U.S. capital. He left.",
        "The talks were held on Feb. 14, 2023, in Seoul. He left.",
        "Bauer said \u201cwe are working.\u201d He left.",
    ],
)
def test_sentences_respect_abbreviations(text: str) -> None:
    sents = [s.text for s in get_nlp()(text).sents]
    assert sents[-1] == "He left."
    assert len(sents) == 2


def test_line_breaks_end_sentences() -> None:
    sents = [s.text.strip() for s in get_nlp()("A headline without a stop\nBody sentence here.").sents]
    assert [s for s in sents if s] == ["A headline without a stop", "Body sentence here."]


def test_publication_from_text_line() -> None:
    ex = extract("Title\nBy Ji Da-gyumPublished : Feb. 14, 2023 - 18:22\nThey met on Monday.")
    assert ex.article.published == "2023-02-14T18:22:00"
    assert ex.article.published_from == "text"


def test_given_published_wins_and_is_recorded() -> None:
    ex = extract("Published : Feb. 14, 2023 - 18:22\nText.", published="2022-05")
    assert ex.article.published == "2022-05"
    assert ex.article.published_from == "given"


def test_no_publication_date() -> None:
    ex = extract("They met on Monday.")
    assert ex.article.published is None and ex.article.published_from is None
    assert ex.article.id == ex.article.text_sha256[:16]


def test_bad_published_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2023-02-30"):
        extract("x", published="2023-02-30")


class _Rec(BaseModel):
    n: int


class _Boom:
    name = "boom"
    requires: Sequence[str] = ()
    record_model = _Rec

    def __call__(self, doc: object, ctx: ArticleContext) -> list[_Rec]:
        raise RuntimeError("bad rule")


class _Count:
    name = "count"
    requires: Sequence[str] = ()
    record_model = _Rec

    def __call__(self, doc: object, ctx: ArticleContext) -> list[_Rec]:
        return [_Rec(n=len(ctx.original))]


def test_failing_extractor_becomes_diagnostic_others_kept() -> None:
    reg = Registry()
    reg.register(_Boom())
    reg.register(_Count())
    ex = run(ArticleInput(text="hello"), registry=reg)
    assert ex.extras == {"count": [{"n": 5}]}
    assert [(d.extractor, d.level) for d in ex.diagnostics] == [("boom", "error")]
    assert "bad rule" in ex.diagnostics[0].message


def test_extract_many_keeps_order_and_accepts_mappings() -> None:
    items = ["one", {"text": "two", "id": "b", "published": "2024-01-09"}, ArticleInput(text="three", id="c")]
    out = list(extract_many(items))
    assert [e.article.id for e in out][1:] == ["b", "c"]
    assert out[1].article.published == "2024-01-09"


def test_extract_many_processes_keep_order() -> None:
    items = [{"text": f"article {i}", "id": f"a{i}"} for i in range(6)]
    out = list(extract_many(items, n_process=2))
    assert [e.article.id for e in out] == [f"a{i}" for i in range(6)]


def test_same_input_same_bytes(seeds: dict[str, str]) -> None:
    from defense_ties.export import dump_json

    text = next(iter(seeds.values()))
    assert dump_json(extract(text, published="2022-04-11")) == dump_json(extract(text, published="2022-04-11"))


@pytest.mark.parametrize(
    "text",
    [
        'The minister said "we agree." He left.',
        "The admiral said 'we agree.' He left.",
        "Lt. Gen. (ret.) Park Min-ho spoke at the forum. He left.",
    ],
)
def test_straight_closing_quote_and_ret_stay_in_their_sentence(text: str) -> None:
    sents = [s.text for s in get_nlp()(text).sents]
    assert sents == [text[: text.index(" He left.")], "He left."]


class _GcProbe:
    name = "gc_probe"
    requires: Sequence[str] = ()
    record_model = _Rec

    def __call__(self, doc: object, ctx: ArticleContext) -> list[_Rec]:
        import gc

        return [_Rec(n=int(gc.isenabled()))]


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_is_held_off_during_an_article_and_restored_after(enabled: bool) -> None:
    import gc

    reg = Registry()
    reg.register(_GcProbe())
    reg.register(_Boom())  # a failing extractor must not leave the collector off either
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        ex = run(ArticleInput(text="hello"), registry=reg)
        assert ex.extras == {"gc_probe": [{"n": 0}]}
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_an_article_leaves_no_cyclic_garbage(seeds: dict[str, str]) -> None:
    """Reference counting frees everything an extraction allocates: no cycle waits for the
    collector (the Doc's caches are let go; no self-referring closures per call)."""
    import gc

    texts = [*seeds.values(), "", "Adm. \u201cunclosed", "last last last week " * 50]
    extract(texts[0], published="2023-02-14")  # build pipelines, lexicons, matchers first
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for text in texts:
            extract(text, published="2023-02-14")
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
