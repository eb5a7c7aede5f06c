"""``nlp.CachingTokenizer`` gives exactly spaCy's tokens (English tokenizer + our abbreviations as
special cases), on real articles and on generated text built to hit the affix and special-case
corners: abbreviations glued to brackets, quotes, dashes and slashes, contractions, emoticons."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer

from defense_ties.lexicons import load_lexicon
from defense_ties.nlp import CachingTokenizer, build_nlp, get_nlp
from defense_ties.normalize import build_view

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def reference() -> Tokenizer:
    """What the pipeline used before: spaCy's tokenizer with the abbreviations as special cases."""
    tokenizer: Tokenizer = spacy.blank("en").tokenizer
    for abbr in load_lexicon("abbreviations")["abbreviations"]:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    return tokenizer


def tokens(tokenizer: object, text: str) -> list[tuple[str, int, str, str, bool, bool]]:
    return [(t.text, t.idx, t.whitespace_, t.lower_, t.is_alpha, t.is_space) for t in tokenizer(text)]  # type: ignore[operator]


def assert_same(text: str) -> None:
    assert tokens(get_nlp().tokenizer, text) == tokens(reference(), text), repr(text)


def test_pipeline_uses_the_caching_tokenizer() -> None:
    tokenizer = get_nlp().tokenizer
    assert isinstance(tokenizer, CachingTokenizer)
    assert "U.S." in tokenizer.whole and "Gen." in tokenizer.whole and "\n" in tokenizer.whole
    assert "don't" in tokenizer.splits and "we've" in tokenizer.splits  # kept whole, then split by chunk
    assert "'s" in tokenizer.inner.rules  # starts with a prefix and goes on: stays a spaCy special case
    assert "U.S." not in tokenizer.inner.rules and "don't" not in tokenizer.inner.rules


def test_same_tokens_on_the_articles_in_the_repository() -> None:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "golden" / "extra").glob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert_same(text)
        assert_same(build_view(text).text)
        assert_same(text)  # again, now from the cache


CORNERS = [
    "(Gen.", "Gen.)", "(U.S.)", "Korea/U.S.", "x-Gen.", "U.S.-led", "Lt.Gen.", "Maj.Gen.Kim", "Gen.-", "Gen.,",
    "\"Adm.", "Adm.\"", "'s", "Korea's", "don't", "It's", "we've", "(don't)", "'em", ":)", "(:", "—", "——", "—,",
    "x—", "a.m.", "p.m.", "10a.m.", "5pm", "Feb.", "Feb.14", "No.1", "etc.)", "vs.", "''", "'", "\"", "“", "”",
    "Dr.Kim", "U.S..", "U.S.A.", "e.g.", "i.e.,", "St.", "’s", "Mr", ".", ",", "-", "/", "(", ")", "[", "]",
    "don't-care", "x/we've", "(can't)", "Can't.", "cannot", "gonna", "10am", "3pm.", "o'clock", "ain't", "y'all",
    "don’t", "We’ve", "It’s", "Let's", "'ve", "n't", "isn't,", "I'm", "you're", "they'd", "won't", "shan't",
]
PIECES = st.one_of(
    st.sampled_from(CORNERS),
    st.sampled_from(["Kim", "Seoul", "NATO", "met", "the", "2023", "14", "ROK-U.S.", "co-operation"]),
    st.text(alphabet="aZ.,'’\"()-—/:;!?0 ", min_size=1, max_size=4),
)
SEPARATORS = st.sampled_from(["", "", " ", "  ", "\n", "\n\n", "\t", " \n"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PIECES, SEPARATORS), min_size=1, max_size=30))
def test_same_tokens_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + sep for piece, sep in parts)
    assert_same(text)
    assert_same(text)  # a second time: chunks now come from the cache


def test_a_fresh_pipeline_builds_the_same_tokenizer() -> None:
    fresh = build_nlp().tokenizer
    text = "Gen. Kim met U.S. Adm. Lee (Ret.) in Seoul — \"It's done,\" he said.\n"
    assert tokens(fresh, text) == tokens(reference(), text)


@pytest.mark.parametrize(
    "text",
    [
        "\u2026it sa\r\nid.\n\nCavoli",  # a chunk whose spaCy tokens cross the kept-whole ones ("id." + ".")
        "We've met. We've agreed. Don't-care x/we've (can't) 10am 3pm. " * 40,  # many: the Doc is rebuilt
        "\"We don't know,\" he said. It's the U.S. Gen. Kim who can't (won't) say.",  # a few: split in place
        "they'd\n\nI'm don't.\"can't\"",
    ],
)
def test_chunks_with_splitting_special_cases(text: str) -> None:
    assert_same(text)
    assert_same(build_view(text).text)


def test_a_few_splits_are_made_in_place_and_many_rebuild_the_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy.tokens

    built: list[int] = []
    original_doc = spacy.tokens.Doc

    class CountingDoc(original_doc):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)

    import defense_ties.nlp as nlp_module

    monkeypatch.setattr(nlp_module, "Doc", CountingDoc)
    tokenizer = get_nlp().tokenizer
    few = "He said we don't know. Isn't it? " + "Kim met Lee. " * 50
    assert [t.text for t in tokenizer(few)][3:5] == ["do", "n't"]
    assert not built
    many = "we don't " * (nlp_module._MAX_IN_PLACE + 1)
    assert len(tokenizer(many)) == 3 * (nlp_module._MAX_IN_PLACE + 1)
    assert built
