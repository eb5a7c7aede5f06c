"""The one spaCy pipeline: blank English, lexicon-driven tokenizer special cases, sentence bounds.

``get_nlp()`` builds it once per process. No model is downloaded: the tokenizer is spaCy's English
one, extended with the abbreviations of ``lexicons/abbreviations.json``; sentences come from the
``defense_ties_sentences`` component registered below, which splits after ``.``, ``!`` or ``?``
(and a closing quote after them) before a capitalised word, a digit or an opening quote, and at
every line break, but never after an abbreviation ("Adm.", "Maj. Gen.", "U.S.", "Feb. 14").
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .lexicons import load_lexicon

_ENDERS = {".", "!", "?"}
_CLOSERS = {"\u201d", '"', "\u2019", "'", ")", "]"}
_OPENERS = {"\u201c", '"', "\u2018", "'", "(", "["}


@Language.component("defense_ties_sentences")
def sentence_bounds(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on every token of ``doc`` (see the module docstring for the rule)."""
    ended = False  # a sentence ender has been seen and not yet followed by a word
    newline = False
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
            continue
        if tok.is_space:
            tok.is_sent_start = False
            if "\n" in tok.text:
                newline = True
            continue
        t = tok.text
        start = newline or (ended and (t[:1].isupper() or t[:1].isdigit() or t in _OPENERS or t[:1] in _OPENERS))
        if not start and doc[i - 1].whitespace_ and "\n" in doc[i - 1].whitespace_:
            start = True
        tok.is_sent_start = start
        newline = False
        if t in _ENDERS:
            ended = True
        elif t in _CLOSERS and ended:
            pass
        else:
            ended = False
        if start and t in _OPENERS:
            ended = False
    return doc


def build_nlp() -> Language:
    """Build the pipeline (prefer ``get_nlp()``, which builds it once)."""
    nlp = spacy.blank("en")
    tokenizer: Tokenizer = nlp.tokenizer
    for abbr in load_lexicon("abbreviations")["abbreviations"]:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    nlp.add_pipe("defense_ties_sentences")
    return nlp


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    return build_nlp()
