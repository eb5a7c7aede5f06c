"""The sentence component's fast path (a word after a word is skipped) sets exactly the starts of
the plain rule it replaced, on generated texts full of enders, quotes, brackets and line breaks,
also with a short length cut so that cuts fall everywhere."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from defense_ties import nlp as nlp_module
from defense_ties.nlp import get_nlp


def plain_starts(doc: Doc, cut: int) -> list[int]:
    """The rule as first written: every token read, one state machine step each."""
    n = len(doc)
    starts = [-1] * n
    if n == 0:
        return starts
    starts[0] = 1
    ended = newline = False
    last = 0
    for i in range(1, n):
        text = doc[i].text
        f = nlp_module._flags(text)
        if f & nlp_module._SPACE:
            if f & nlp_module._NEWLINE:
                newline = True
            continue
        glued = ended and f & nlp_module._CLOSER and f & nlp_module._OPENER and not doc[i - 1].whitespace_
        start = newline or (ended and bool(f & nlp_module._STARTER) and not glued) or i - last >= cut
        if start:
            starts[i] = 1
            last = i
        newline = False
        if f & nlp_module._ENDER:
            ended = True
        elif not (f & nlp_module._CLOSER and ended):
            ended = False
        if start and f & nlp_module._OPENER:
            ended = False
    return starts


WORDS = st.sampled_from(
    ["Kim", "met", "the", "U.S.", "Adm.", ".", "!", "?", '"', "'", "\u201c", "\u201d", "(", ")", "[", "]", "2023", "he", "He"]
)
SEPS = st.sampled_from([" ", " ", "", "\n", "\n\n", "  ", "\t"])


def starts_of(doc: Doc) -> list[int]:
    return [1 if s == 1 else -1 for s in doc.to_array(SENT_START).tolist()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, SEPS), max_size=60), st.sampled_from([3, 7, 400]))
def test_fast_path_sets_the_plain_rules_starts(parts: list[tuple[str, str]], cut: int) -> None:
    text = "".join(w + s for w, s in parts)
    old = nlp_module.MAX_SENT_TOKENS
    nlp_module.MAX_SENT_TOKENS = cut
    try:
        doc = get_nlp()(text)
    finally:
        nlp_module.MAX_SENT_TOKENS = old
    assert starts_of(doc) == plain_starts(doc, cut), repr(text)


@pytest.mark.parametrize("cut", [5, 400])
def test_fast_path_on_the_seeds(seeds: dict[str, str], cut: int) -> None:
    old = nlp_module.MAX_SENT_TOKENS
    nlp_module.MAX_SENT_TOKENS = cut
    try:
        for text in seeds.values():
            doc = get_nlp()(text)
            assert starts_of(doc) == plain_starts(doc, cut)
    finally:
        nlp_module.MAX_SENT_TOKENS = old


def test_the_eventful_flag_is_a_lexeme_flag_set_once_per_vocab() -> None:
    import spacy

    vocab = get_nlp().vocab
    flag = nlp_module._eventful_flag(vocab)
    assert flag >= 19 and nlp_module._eventful_flag(vocab) == flag  # a user bit, registered once
    assert list(vocab.lex_attr_getters.values()).count(nlp_module._eventful) == 1
    doc = get_nlp()("He said: \u201cWe met (in Seoul).\u201d\n\nThen   they left! Kim's team? Yes.")
    assert [bool(t.check_flag(flag)) for t in doc] == [nlp_module._eventful(t.text) for t in doc]
    # another pipeline's vocab gets its own flag, and the component works there too
    other = spacy.blank("en")
    other.add_pipe("defense_ties_sentences")
    assert [s.text for s in other("One. Two.").sents] == ["One.", "Two."]
    assert nlp_module._eventful in other.vocab.lex_attr_getters.values()
