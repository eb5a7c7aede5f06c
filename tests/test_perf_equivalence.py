"""The fast paths added for speed (issue 8) give exactly what the plain code they replace gives."""

from __future__ import annotations

import random

import pytest

from defense_ties.extractors.people import TokView, tok_view
from defense_ties.nlp import get_nlp
from defense_ties.normalize import _RE_APOS, _RE_BROKEN, _broken_words, _inner_apostrophes, build_view

_ALPHABET = ["a", "z", "b", "A", "Z", " ", "\t", "\r", "\n", "\n\n", "é", "1", ".", "-", "\u2019", "&amp;", "\u00a0"]


def _random_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_broken_words_equals_regex(seed: int) -> None:
    for text in _random_texts(400, seed):
        assert _broken_words(text) == [(m.start(), m.end()) for m in _RE_BROKEN.finditer(text)], repr(text)


def test_broken_words_cases() -> None:
    assert _broken_words("defen\nce") == [(5, 6)]
    assert _broken_words("defen \t\r\nce") == [(5, 9)]
    assert _broken_words("defen\r \nce") == []
    assert _broken_words("Defence\nMinister") == []
    assert _broken_words("\n\na\n") == []


def _plain_tok_view(doc: object) -> TokView:
    toks = list(doc)  # type: ignore[call-overload]
    return TokView(
        text=[t.text for t in toks],
        lower=[t.lower_ for t in toks],
        ws=[bool(t.whitespace_) for t in toks],
        space=[t.is_space for t in toks],
        punct=[t.is_punct for t in toks],
        alpha=[t.is_alpha for t in toks],
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "  ",
        "Gen. Kim Seung-kyum met Adm. Rob Bauer in Seoul on Feb. 14, 2023. \u201cWe agree,\u201d he said.\n\nÉté!",
        "NATO NATO nato Nato \u2014 (U.S.) 1,000 \U0001f600 \u00a0 ok",
    ],
)
def test_tok_view_equals_token_attributes(text: str) -> None:
    doc = get_nlp()(build_view(text).text)
    assert tok_view(doc) == _plain_tok_view(doc)


@pytest.mark.parametrize("seed", range(5))
def test_inner_apostrophes_equals_regex(seed: int) -> None:
    rnd = random.Random(seed)
    alphabet = ["a", "\u2019", "\u02bc", " ", "_", "1", "é", "\u0663", "-", "'", "\n"]
    for _ in range(400):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert _inner_apostrophes(text) == [m.start() for m in _RE_APOS.finditer(text)], repr(text)
