"""The one spaCy pipeline: blank English, lexicon-driven tokenizer special cases, sentence bounds.

``get_nlp()`` builds it once per process. No model is downloaded: the tokenizer is spaCy's English
one, extended with the abbreviations of ``lexicons/abbreviations.json``; sentences come from the
``defense_ties_sentences`` component registered below, which splits after ``.``, ``!`` or ``?``
(and a closing quote after them) before a capitalised word, a digit or an opening quote, and at
every line break, but never after an abbreviation ("Adm.", "Maj. Gen.", "U.S.", "Feb. 14"); a run-on
"sentence" is cut every ``MAX_SENT_TOKENS`` tokens.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .lexicons import load_lexicon

_ENDERS = {".", "!", "?"}
_CLOSERS = {"\u201d", '"', "\u2019", "'", ")", "]"}
_OPENERS = {"\u201c", '"', "\u2018", "'", "(", "["}


#: A sentence is cut after this many tokens: no real sentence is that long, and every rule that
#: looks across a sentence then costs a bounded time, however the text runs on (no enders, no breaks).
MAX_SENT_TOKENS = 400

#: The longest text the pipeline accepts, in characters (spaCy's default limit is 1,000,000).
MAX_CHARS = 100_000_000

_SPACE, _NEWLINE, _ENDER, _CLOSER, _OPENER, _STARTER = 1, 2, 4, 8, 16, 32
#: Flags of each token text seen (by ORTH id), so each distinct text is classified once per process.
_FLAGS: dict[int, int] = {}


def _flags(text: str) -> int:
    """The sentence-boundary flags of a token text."""
    f = 0
    if text.isspace():
        f |= _SPACE | (_NEWLINE if "\n" in text else 0)
    if text in _ENDERS:
        f |= _ENDER
    if text in _CLOSERS:
        f |= _CLOSER
    if text in _OPENERS:
        f |= _OPENER
    first = text[:1]
    if first.isupper() or first.isdigit() or first in _OPENERS:
        f |= _STARTER
    return f


@Language.component("defense_ties_sentences")
def sentence_bounds(doc: Doc) -> Doc:
    """Set the sentence starts of ``doc`` (see the module docstring for the rule).

    Linear in the length of the ``Doc``: the rule reads one flag word per token (computed once per
    distinct token text) and the starts are written in one ``from_array`` call. (Setting
    ``Token.is_sent_start`` token by token re-checks the whole ``Doc`` each time: quadratic.)
    """
    n = len(doc)
    if n == 0:
        return doc
    if len(_FLAGS) > 500_000:  # bound the cache on endless streams of new token texts
        _FLAGS.clear()
    strings = doc.vocab.strings
    orths = doc.to_array(ORTH).tolist()
    flags = []
    for o in orths:
        f = _FLAGS.get(o)
        if f is None:
            f = _FLAGS[o] = _flags(strings[o])
        flags.append(f)
    starts = [-1] * n
    starts[0] = 1
    ended = False  # a sentence ender has been seen and not yet followed by a word
    newline = False
    last = 0  # the current sentence's first token
    for i in range(1, n):
        f = flags[i]
        if f & _SPACE:
            if f & _NEWLINE:
                newline = True
            continue
        # a straight quote glued to the ender before it ('agree."') closes the sentence, never opens the next
        glued_closer = ended and f & _CLOSER and f & _OPENER and not doc[i - 1].whitespace_
        start = newline or (ended and bool(f & _STARTER) and not glued_closer) or i - last >= MAX_SENT_TOKENS
        if start:
            starts[i] = 1
            last = i
        newline = False
        if f & _ENDER:
            ended = True
        elif not (f & _CLOSER and ended):
            ended = False
        if start and f & _OPENER:
            ended = False
    column: Any = numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1)
    doc.from_array([SENT_START], column)
    return doc


def build_nlp() -> Language:
    """Build the pipeline (prefer ``get_nlp()``, which builds it once)."""
    nlp = spacy.blank("en")
    # spaCy refuses texts over 1,000,000 characters to protect the memory of parsers and NER; this
    # pipeline only tokenizes (about 0.3 KB a token), so a 5 MB article is fine.
    nlp.max_length = MAX_CHARS
    tokenizer: Tokenizer = nlp.tokenizer
    for abbr in load_lexicon("abbreviations")["abbreviations"]:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    nlp.add_pipe("defense_ties_sentences")
    return nlp


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    return build_nlp()
