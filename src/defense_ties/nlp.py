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
from collections.abc import Callable, Mapping
from typing import Any

import numpy
import spacy
from spacy.attrs import FLAG19, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

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


_EVENTFUL = _SPACE | _ENDER | _CLOSER | _OPENER


def _eventful(text: str) -> bool:
    """The lexeme flag the sentence component reads: a space, an ender, a closer or an opener (a
    token the rule must look at; any other token is a word, and a word after a word can start a
    sentence only by the length cut)."""
    return bool(_flags(text) & _EVENTFUL)


def _eventful_flag(vocab: Vocab) -> int:
    """The flag id of ``_eventful`` in ``vocab`` (added the first time: spaCy then computes it once
    per lexeme, as it does ``is_punct``, and ``Doc.to_array`` reads it for every token in C)."""
    getters: dict[int, Any] = vocab.lex_attr_getters  # type: ignore[attr-defined]
    for flag_id, getter in getters.items():
        if getter is _eventful:
            return int(flag_id)
    free = next(bit for bit in range(FLAG19, 64) if bit not in getters)  # the bits spaCy leaves to users
    return int(vocab.add_flag(_eventful, free))


@Language.component("defense_ties_sentences")
def sentence_bounds(doc: Doc) -> Doc:
    """Set the sentence starts of ``doc`` (see the module docstring for the rule).

    Linear in the length of the ``Doc``, and in Python only over the eventful tokens (spaces,
    enders, closers, openers: a lexeme flag read with ``to_array``) and the token after each; between
    them every token is a word after a word, where only the length cut can start a sentence (after a
    word, ``ended`` and ``newline`` are both false). The flags of a token text are computed once per
    process, and the starts are written in one ``from_array`` call. (Setting
    ``Token.is_sent_start`` token by token re-checks the whole ``Doc`` each time: quadratic.)
    """
    n = len(doc)
    if n == 0:
        return doc
    if len(_FLAGS) > 500_000:  # bound the cache on endless streams of new token texts
        _FLAGS.clear()
    rows = doc.to_array([ORTH, _eventful_flag(doc.vocab)])
    todo: list[int] = []  # the eventful tokens and the token after each, in order, from 1
    for e in numpy.flatnonzero(rows[:, 1]).tolist():
        if not todo or todo[-1] != e:
            todo.append(e)
        todo.append(e + 1)
    if todo and todo[-1] >= n:
        todo.pop()
    if todo and todo[0] == 0:
        del todo[0]
    orths = rows[todo, 0].tolist() if todo else []
    strings = doc.vocab.strings
    starts = [-1] * n
    starts[0] = 1
    ended = False  # a sentence ender has been seen and not yet followed by a word
    newline = False
    last = 0  # the current sentence's first token
    prev = 0  # the last token read
    cut = MAX_SENT_TOKENS
    for i, o in zip(todo, orths, strict=True):
        j = max(prev + 1, last + cut)  # the words between: the length cut alone
        while j < i:
            starts[j] = 1
            last = j
            j += cut
        prev = i
        f = _FLAGS.get(o)
        if f is None:
            f = _FLAGS[o] = _flags(strings[o])
        if f & _SPACE:
            if f & _NEWLINE:
                newline = True
            continue
        # a straight quote glued to the ender before it ('agree."') closes the sentence, never opens the next
        glued_closer = ended and f & _CLOSER and f & _OPENER and not doc[i - 1].whitespace_
        start = newline or (ended and bool(f & _STARTER) and not glued_closer) or i - last >= cut
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
    j = max(prev + 1, last + cut)
    while j < n:
        starts[j] = 1
        last = j
        j += cut
    column: Any = numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1)
    doc.from_array([SENT_START], column)
    return doc


class CachingTokenizer:
    """spaCy's English tokenizer, giving the same tokens, with its chunk cache working.

    spaCy's ``Tokenizer`` caches the tokens of each whitespace-delimited chunk, but stops saving to
    the cache for the rest of a text once any special case has matched in it (the flag that guards
    the cache is set per text, not per chunk). Every article has special cases early ("\\n" is one,
    so are "U.S." and "Gen."), so nearly every chunk was split by the prefix, suffix and infix
    expressions again, every time it was seen: on the seeds 3 ms an article instead of 0.2 ms.

    The special cases that keep their text whole (one token, the whole string: "Gen.", "U.S.",
    "\\n", "—"; not contractions such as "don't", nor those that start with a prefix and go on,
    such as "'s") are taken out of the special-case table and given the same effect by other means:

    - ``token_match`` keeps such a string whole wherever the affix loop reaches it (the special
      case lookup did);
    - ``suffix_search`` finds no suffix on such a string (so "(Gen." splits into "(" "Gen.", as
      the special-case check after a prefix did);
    - after tokenizing, the token runs that spell such a string with no space inside ("U.S" "."
      after an infix split, as in "Korea/U.S.") are merged, as spaCy's special-case pass does,
      choosing overlapping runs the way it does (longest first, then the later start).

    The special cases that split their text ("don't" → "do" "n't", "we've", "10am") are kept whole
    the same way, and each chunk (the text between two spaces) holding one is then tokenized again
    by spaCy's own tokenizer with every special case (``reference``, built on first need): its
    tokens replace the chunk's. Contractions are rare, so the cache stays on for the rest.

    ``tests/test_tokenizer.py`` checks that the tokens are the same as spaCy's on the corpora and on
    generated text.
    """

    def __init__(
        self,
        vocab: Vocab,
        rules: Mapping[str, list[dict[int, str]]],
        *,
        prefix_search: Callable[[str], Any] | None,
        suffix_search: Callable[[str], Any],
        infix_finditer: Callable[[str], Any] | None,
        token_match: Callable[[str], Any] | None = None,
        url_match: Callable[[str], Any] | None = None,
    ) -> None:
        """The arguments of spaCy's ``Tokenizer`` (``rules``: every special case)."""
        whole: set[str] = set()
        splits: set[str] = set()
        kept: dict[str, Any] = {}
        for text, tokens in rules.items():
            prefix = prefix_search(text) if prefix_search else None
            if prefix is not None and prefix.end() != len(text):
                kept[text] = tokens  # "'s": starts with a prefix and goes on
            elif len(tokens) == 1 and tokens[0].get(ORTH) == text:
                whole.add(text)
            elif "".join(str(t.get(ORTH, "")) for t in tokens) == text:
                splits.add(text)
            else:
                kept[text] = tokens
        self.whole = frozenset(whole)
        self.splits = frozenset(splits)
        self._reference_args: dict[str, Any] = {
            "rules": dict(rules),
            "prefix_search": prefix_search,
            "suffix_search": suffix_search,
            "infix_finditer": infix_finditer,
            "token_match": token_match,
            "url_match": url_match,
        }
        self._reference: Tokenizer | None = None
        # how spaCy spells each of them without special cases: the runs its special-case pass merges
        plain = Tokenizer(
            vocab,
            rules={},
            prefix_search=prefix_search,
            suffix_search=suffix_search,
            infix_finditer=infix_finditer,
            token_match=token_match,
            url_match=url_match,
        )
        self.runs = PhraseMatcher(vocab)
        self._split_runs: set[int] = set()  # the keys of the runs that merge into a splitting special case
        for text in sorted(whole | splits):
            pattern = plain(text)
            if len(pattern) > 1:
                self.runs.add(text, [pattern])
                if text in splits:
                    self._split_runs.add(vocab.strings[text])
        # a token that is a splitting special case, found by the same matcher run
        self._split_key = vocab.strings.add("defense_ties.split")
        for text in sorted(splits):
            self.runs.add("defense_ties.split", [Doc(vocab, words=[text])])
        own_match = token_match
        suffix = suffix_search
        whole_set = self._kept_whole = self.whole | self.splits

        def whole_or_own_match(text: str) -> Any:
            return text in whole_set or (own_match is not None and own_match(text))

        def no_suffix_on_whole(text: str) -> Any:
            return None if text in whole_set else suffix(text)

        self.inner = Tokenizer(
            vocab,
            rules=kept,
            prefix_search=prefix_search,
            suffix_search=no_suffix_on_whole,
            infix_finditer=infix_finditer,
            token_match=whole_or_own_match,
            url_match=url_match,
        )

    def __call__(self, text: str) -> Doc:
        doc: Doc = self.inner(text)
        matches = self.runs(doc)
        if not matches:
            return doc
        key = self._split_key
        runs = [m for m in matches if m[0] != key]
        found = [s for k, s, _ in matches if k == key]
        if runs:
            self._merge(doc, runs)
            if found or not self._split_runs.isdisjoint(k for k, _, _ in runs):  # indexes moved with the merges
                splits = self.splits
                found = [t.i for t in doc if t.text in splits]
        if found:
            return self._split(doc, sorted(found), text)
        return doc

    @property
    def reference(self) -> Tokenizer:
        """spaCy's tokenizer with every special case (slow on long texts, exact on a chunk)."""
        if self._reference is None:
            self._reference = Tokenizer(self.inner.vocab, **self._reference_args)
        return self._reference

    def _split(self, doc: Doc, found: list[int], text: str) -> Doc:
        """The ``Doc`` with each chunk holding a token in ``splits`` tokenized by spaCy's tokenizer
        (``reference``).

        Usually spaCy's tokens of such a chunk only cut some of ours in pieces ("don't" into "do",
        "n't"): those few tokens are split in place. Otherwise (spaCy's tokens cross ours), or when
        there are many (each split in place moves the rest of the ``Doc``: quadratic), the ``Doc`` is
        built anew from words and spaces, in one pass."""
        n = len(doc)
        rows = doc.to_array([ORTH, SPACY, IS_SPACE]).tolist()
        strings = doc.vocab.strings
        chunks: list[tuple[int, int, list[str]]] = []  # (first token, last token, spaCy's words)
        prev = 0  # the first token not in a chunk yet
        for i in found:
            if i < prev:
                continue  # in the chunk just redone
            a = i  # the chunk: the tokens around i with no space between them
            while a > 0 and not rows[a - 1][1] and not rows[a - 1][2]:
                a -= 1
            b = i
            while b + 1 < n and not rows[b][1] and not rows[b + 1][2]:
                b += 1
            start, end = doc[a].idx, doc[b].idx + len(doc[b])
            chunks.append((a, b, [t.text for t in self.reference(text[start:end])]))
            prev = b + 1
        pieces = _refinement([strings[o] for o, _, _ in rows], chunks)
        if pieces is not None and len(pieces) <= _MAX_IN_PLACE:
            with doc.retokenize() as retokenizer:
                for i, parts in pieces:
                    token = doc[i]
                    retokenizer.split(token, parts, heads=[(token, 0)] * len(parts))
            return doc
        words: list[str] = []
        spaces: list[bool] = []
        prev = 0
        for a, b, again in chunks:
            words.extend(strings[o] for o, _, _ in rows[prev:a])
            spaces.extend(bool(sp) for _, sp, _ in rows[prev:a])
            words.extend(again)
            spaces.extend(False for _ in again)
            spaces[-1] = bool(rows[b][1])
            prev = b + 1
        words.extend(strings[o] for o, _, _ in rows[prev:])
        spaces.extend(bool(sp) for _, sp, _ in rows[prev:])
        return Doc(doc.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def _merge(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        # spaCy's choice among overlapping runs: longest first, then the later start; a run is
        # taken when neither its first nor its last token is taken yet
        seen: set[int] = set()
        chosen = []
        for _, start, end in sorted(matches, key=lambda m: (m[2] - m[1], m[1]), reverse=True):
            if start not in seen and end - 1 not in seen:
                chosen.append((start, end))
            seen.update(range(start, end))
        whole = self._kept_whole
        with doc.retokenize() as retokenizer:
            for start, end in chosen:
                span = doc[start:end]
                if span.text in whole:  # no space inside
                    retokenizer.merge(span)


_MAX_IN_PLACE = 16
"""At most this many tokens of one ``Doc`` are split in place (beyond, the ``Doc`` is rebuilt)."""


def _refinement(words: list[str], chunks: list[tuple[int, int, list[str]]]) -> list[tuple[int, list[str]]] | None:
    """The tokens to cut, with their pieces, when spaCy's words of every chunk only cut our tokens
    ``words[first..last]`` in pieces; None when some of spaCy's words cross our token bounds."""
    out: list[tuple[int, list[str]]] = []
    for a, b, again in chunks:
        j = 0
        for i in range(a, b + 1):
            word = words[i]
            parts: list[str] = []
            size = 0
            while size < len(word) and j < len(again):
                parts.append(again[j])
                size += len(again[j])
                j += 1
            if "".join(parts) != word:
                return None
            if len(parts) > 1:
                out.append((i, parts))
        if j != len(again):
            return None
    return out


def create_tokenizer() -> Callable[[Language], CachingTokenizer]:
    """spaCy's English tokenizer (what ``spacy.language.create_tokenizer`` builds from the language
    defaults) with the abbreviations of ``lexicons/abbreviations.json`` as special cases, as a
    ``CachingTokenizer``. Registered, so that ``spacy.blank`` builds this one only (building spaCy's
    and then replacing it loaded its thousand special cases twice: 0.2 s of the cold start)."""

    def factory(nlp: Language) -> CachingTokenizer:
        d = nlp.Defaults
        abbreviations = {abbr: [{ORTH: abbr}] for abbr in load_lexicon("abbreviations")["abbreviations"]}
        return CachingTokenizer(
            nlp.vocab,
            {**d.tokenizer_exceptions, **abbreviations},
            prefix_search=spacy.util.compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=spacy.util.compile_suffix_regex(d.suffixes).search if d.suffixes else _no_affix,
            infix_finditer=spacy.util.compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match,
            url_match=d.url_match,
        )

    return factory


def _no_affix(text: str) -> None:
    return None


registry.tokenizers.register("defense_ties.tokenizer.v1", func=create_tokenizer)


def build_nlp() -> Language:
    """Build the pipeline (prefer ``get_nlp()``, which builds it once)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "defense_ties.tokenizer.v1"}}})
    # spaCy refuses texts over 1,000,000 characters to protect the memory of parsers and NER; this
    # pipeline only tokenizes (about 0.3 KB a token), so a 5 MB article is fine.
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("defense_ties_sentences")
    return nlp


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    return build_nlp()
