"""Shared helpers for people and bodies: lexicon tagging, name shapes, name keys and mention lookup.

This module is the one place that knows how a person's name looks and how two written forms of a
name relate. It is used by the ``participants`` and ``statements`` extractors and by any extractor
that needs to know who is mentioned where (meetings, agreements).

Stable public API (other extractors import these):

- ``name_parts(name)`` / ``name_key(name)``: the words of a name and an order-free key
  ("Kyung-Hyup Kim" and "Kim Kyung-hyup" have the same key; initials and "Jr." are dropped).
- ``same_person_name(a, b)``: True when one written name can refer to the other (equal keys, or one
  key contained in the other: "Bauer" ⊂ "Rob Bauer"); two different full names sharing a surname
  ("Kim Su-kwang", "Kim Myung-soo") never match each other.
- ``MentionIndex`` (``mention_index(ctx)``): the participants' mentions, searchable by original
  character range: ``in_range(start, end)`` gives the ids of participants mentioned inside, in text
  order; ``at(offset)`` the id mentioned at one offset.
- ``participants_in_tokens(doc, ctx, start, end)``: the same for a token range of the ``Doc``.
- ``tag_doc(doc, lexicons)``: the lexicon tags (rank, title, organisation, country, reporting verb,
  channel, region) of a ``Doc``, one ``Tag`` per matched phrase, longest match first, no overlaps;
  ``tag_index(doc, lexicons)`` the tag covering each token.

Per-``Doc`` views, each computed once and cached in ``doc.user_data`` (read-only for callers), so
that the extractors of one article share them: ``tok_view`` (token texts and flags as lists),
``token_starts`` (``Token.idx``), ``sentence_bounds`` (``doc.sents`` as ranges), ``quote_marks``;
``range_finder`` gives ``doc.char_span(..., alignment_mode="expand")``'s token range without
building a spaCy ``Span``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from spacy.matcher import PhraseMatcher

from ..textfold import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..context import ArticleContext
    from ..lexicons import Lexicons
    from ..models import Participant

#: Tag categories produced by ``tag_doc``.
RANK, TITLE, ORG, COUNTRY, VERB, CHANNEL, REGION = "RANK", "TITLE", "ORG", "COUNTRY", "VERB", "CHANNEL", "REGION"

#: Possessive tokens as the tokenizer yields them (straight or curly apostrophe).
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019", "'S"})
#: Hyphen-like tokens that glue name pieces ("In-choul").
HYPHENS = frozenset({"-", "\u2010", "\u2011"})


class Tag(NamedTuple):
    """One lexicon phrase found in the ``Doc``: tokens ``[start, end)``, category and value.

    ``value`` depends on the category: RANK → normalised rank; TITLE → role; ORG → index of the
    organisation entry; COUNTRY → alpha-3 code; VERB → lemma; CHANNEL/REGION → the phrase.
    ``extra`` carries the rest (``of_org`` for titles, ``demonym``/``city``/``name`` for countries,
    ``acronym`` for organisations). (A ``NamedTuple``: immutable like a frozen dataclass, and several
    times cheaper to build — an article has dozens.)
    """

    start: int
    end: int
    cat: str
    value: str
    extra: str = ""


@dataclass
class Tagger:
    """Compiled lexicon matchers (built once per ``Lexicons`` via ``compiled``)."""

    lower: PhraseMatcher
    orth: PhraseMatcher
    orgs: list[dict[str, Any]]
    not_names: frozenset[str]
    suffixes: frozenset[str]
    honorifics: frozenset[str]
    particles: frozenset[str]
    korean_surnames: frozenset[str]
    former: frozenset[str]
    rank_prefixes: frozenset[str]
    anonymous: frozenset[str]
    anaphors: dict[str, str]
    org_suffixes: frozenset[str]
    lowercase_title_words: frozenset[str]
    titles: list[dict[str, Any]] = field(default_factory=list)
    clause_verbs: frozenset[str] = field(default_factory=frozenset)
    unnamed_bodies: frozenset[str] = field(default_factory=frozenset)
    serves: dict[str, str] = field(default_factory=dict)
    """Title role -> the body its holder serves in (``serves_in`` of the titles lexicon)."""
    label_parts: dict[int, tuple[str, str, str, int]] = field(default_factory=dict, repr=False, compare=False)
    """``(category, value, extra, category priority)`` of each matcher label id (filled by ``tag_doc``)."""
    flag_memo: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """``word_flags`` per word text already seen."""

    def name_codes(self, texts: list[str]) -> list[int]:
        """Per token of ``texts``: 0 when not a name word (``is_name_text``), 2 when a name word that
        can open a name (not a suffix such as "Jr." nor an initial such as "K."), 1 for the other
        name words. (The bits 0-1 of ``word_flags``, which classifies each word once per process.)"""
        return [self._name_code(t) for t in texts]

    def _name_code(self, t: str) -> int:
        if not is_name_text(t, self):
            return 0
        if t in self.suffixes or (len(t) <= 2 and t.endswith(".")):
            return 1
        return 2

    def word_flags(self, doc: Doc) -> bytes:
        """Per token of ``doc``, in one byte: its ``name_codes`` code (bits 0-1: ``NAME_CODE``), 4
        when ``quote_marks`` reads it (``QUOTE_FLAG``), 8 when its lower-case form is an organisation
        anaphor (``ANAPHOR_FLAG``). Every flag is a function of the word's text (the lower-case form
        and ``is_space`` are the word's lexeme attributes): each word is classified once per process,
        a token costs one dict lookup, and ``bytes.translate`` / ``bytes.find`` pick one flag out at
        C speed — one pass over the tokens instead of one per question. Computed once per ``Doc``
        (cached in ``doc.user_data``)."""
        key = f"defense_ties.people.flags.{id(self)}"
        cached = doc.user_data.get(key)
        if cached is not None:
            return cast("bytes", cached)
        memo = self.flag_memo
        if len(memo) > 200_000:  # bound the cache on endless streams of new words
            memo.clear()
        tv = tok_view(doc)
        texts = tv.text
        try:
            # (bytes() refuses a None — a word not seen yet — with TypeError: no ``None in`` pass, no list)
            out = bytes(cast("Iterable[int]", map(memo.get, texts)))
        except TypeError:  # words not seen yet in this process
            flags = list(map(memo.get, texts))
            space, lower, anaphors = tv.space, tv.lower, self.anaphors
            for k, f in enumerate(flags):
                if f is None:
                    t = texts[k]
                    f = memo.get(t)
                    if f is None:
                        f = self._name_code(t)
                        if t in _QUOTE_MARKS or (space[k] and "\n" in t):
                            f |= QUOTE_FLAG
                        if lower[k] in anaphors:
                            f |= ANAPHOR_FLAG
                        memo[t] = f
                    flags[k] = f
            out = bytes(cast("list[int]", flags))
        doc.user_data[key] = out
        return out

    def title_entry(self, tag: Tag) -> dict[str, Any]:
        """The titles-lexicon entry of a TITLE tag."""
        return self.titles[int(tag.extra.rsplit("#", 1)[1])]

    def of_org(self, tag: Tag) -> bool:
        """Whether a TITLE tag is a head that takes the body it leads ("chairman of …")."""
        return tag.cat == TITLE and tag.extra.startswith("of_org")


#: ``Tagger.word_flags`` bits, and ``bytes.translate`` tables that keep one of them (as 0/1 for the
#: flags, as the 0/1/2 of ``name_codes`` for ``NAME_CODE``).
QUOTE_FLAG, ANAPHOR_FLAG = 4, 8
NAME_CODE = bytes(i & 3 for i in range(256))
QUOTE_ONLY = bytes(1 if i & QUOTE_FLAG else 0 for i in range(256))
ANAPHOR_ONLY = bytes(1 if i & ANAPHOR_FLAG else 0 for i in range(256))


def flagged(flags: bytes, table: bytes) -> list[int]:
    """The indexes of the tokens whose ``word_flags`` byte ``table`` maps to 1, ascending."""
    marked = flags.translate(table)
    out: list[int] = []
    k = marked.find(1)
    while k >= 0:
        out.append(k)
        k = marked.find(1, k + 1)
    return out


_tag_start = itemgetter(0)  # Tag.start
_PRIORITY = {ORG: 0, TITLE: 1, RANK: 2, COUNTRY: 3, REGION: 4, CHANNEL: 5, VERB: 6}


def _build_tagger(lex: Lexicons) -> Tagger:
    from ..nlp import get_nlp

    nlp = get_nlp()
    make = nlp.make_doc
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    orth = PhraseMatcher(nlp.vocab, attr="ORTH")

    ranks = lex.get("ranks")
    for form, full in ranks["ranks"].items():
        orth.add(f"{RANK}|{full}|", [make(form)])
    titles = lex.get("titles")
    for ti, entry in enumerate(titles["titles"]):
        flag = "of_org" if entry.get("of_org") else ""
        lower.add(f"{TITLE}|{entry['role']}|{flag}#{ti}", [make(f) for f in entry["forms"]])
    orgs_lex = lex.get("organizations")
    orgs: list[dict[str, Any]] = list(orgs_lex["organizations"])
    for i, entry in enumerate(orgs):
        if entry.get("forms"):
            lower.add(f"{ORG}|{i}|", [make(f) for f in entry["forms"]])
        if entry.get("acronyms"):
            orth.add(f"{ORG}|{i}|acronym", [make(f) for f in entry["acronyms"]])
    countries = lex.get("countries")
    for code, entry in countries["countries"].items():
        for kind in ("names", "demonyms", "cities"):
            forms = entry.get(kind) or []
            if forms:
                orth.add(f"{COUNTRY}|{code}|{kind}", [make(f) for f in forms])
    if countries.get("regions"):
        orth.add(f"{REGION}||", [make(f) for f in countries["regions"]])
    verbs = lex.get("reporting_verbs")
    for lemma, forms in verbs["verbs"].items():
        if forms:
            lower.add(f"{VERB}|{lemma}|", [make(f) for f in forms])
    lower.add(f"{CHANNEL}||", [make(f) for f in verbs.get("channels", [])])
    names = lex.get("names")
    return Tagger(
        lower=lower,
        orth=orth,
        orgs=orgs,
        not_names=frozenset(names.get("not_names", [])),
        suffixes=frozenset(names.get("suffixes", [])),
        honorifics=frozenset(names.get("honorifics", [])),
        particles=frozenset(names.get("particles", [])),
        korean_surnames=frozenset(names.get("korean_surnames", [])),
        former=frozenset(ranks.get("former", [])),
        rank_prefixes=frozenset(ranks.get("prefixes", [])),
        anonymous=frozenset(verbs.get("anonymous", [])),
        anaphors=dict(orgs_lex.get("anaphors", {})),
        org_suffixes=frozenset(orgs_lex.get("suffixes", [])),
        lowercase_title_words=frozenset(titles.get("lowercase_words", [])),
        titles=list(titles["titles"]),
        serves={str(e["role"]): str(e["serves_in"]) for e in titles["titles"] if e.get("serves_in")},
        clause_verbs=frozenset(verbs.get("clause_verbs", [])),
        unnamed_bodies=frozenset(verbs.get("unnamed_bodies", [])),
    )


def get_tagger(lex: Lexicons) -> Tagger:
    """The compiled tagger for this lexicon set (built once, cached in ``lex``)."""
    return lex.compiled("people.tagger", _build_tagger)


def tag_doc(doc: Doc, lex: Lexicons) -> list[Tag]:
    """Lexicon tags of ``doc`` in text order: the longest phrase wins; on equal length, ORG > TITLE >
    RANK > COUNTRY > REGION > CHANNEL > VERB. Acronyms and country names match case-sensitively.
    Computed once per ``Doc`` and lexicon set (cached in ``doc.user_data``)."""
    return list(_cached_tags(doc, lex))


def _cached_tags(doc: Doc, lex: Lexicons) -> tuple[Tag, ...]:
    """The tags of ``tag_doc`` as the tuple cached in ``doc.user_data`` (computed on the first call)."""
    key = f"defense_ties.people.tags.{id(lex)}"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = doc.user_data[key] = tuple(_tag_doc(doc, lex))
    return cast("tuple[Tag, ...]", cached)


def tag_index(doc: Doc, lex: Lexicons) -> list[Tag | None]:
    """The tag of ``tag_doc`` covering each token of ``doc`` (None for untagged tokens), computed once
    per ``Doc`` and lexicon set (cached in ``doc.user_data``; callers must not change the list)."""
    key = f"defense_ties.people.tag_at.{id(lex)}"
    cached = doc.user_data.get(key)
    if cached is not None:
        return cast("list[Tag | None]", cached)
    tag_at: list[Tag | None] = [None] * len(doc)
    for t in _cached_tags(doc, lex):  # (the cached tuple, not a copy)
        s, e = t.start, t.end
        if e - s == 1:
            tag_at[s] = t
        else:
            tag_at[s:e] = [t] * (e - s)
    doc.user_data[key] = tag_at
    return tag_at


def _tag_doc(doc: Doc, lex: Lexicons) -> list[Tag]:
    tg = get_tagger(lex)
    strings = doc.vocab.strings
    texts = tok_view(doc).text
    labels = tg.label_parts
    # The tags are chosen "longest first, then priority, then start, ties in match order", each
    # phrase kept unless a chosen one overlaps it. Phrases of several words are few: they are sorted
    # and chosen that way first. One-word phrases cannot overlap each other except at the same token,
    # so they need no sort: at each free token the first in (priority, match order) that passes the
    # word tests wins — the same choice as the full sort (tests/test_perf_equivalence.py).
    multi: list[tuple[int, int, int, int, int, tuple[str, str, str, int]]] = []
    single: list[tuple[int, int, tuple[str, str, str, int]]] = []  # (start, priority, label parts), match order
    for i, (mid, s, e) in enumerate([*tg.lower(doc), *tg.orth(doc)]):
        parts = labels.get(mid)
        if parts is None:
            cat, value, extra = strings[mid].split("|", 2)
            parts = labels[mid] = (cat, value, extra, _PRIORITY[cat])
        if e - s == 1:
            single.append((s, parts[3], parts))
        else:
            multi.append((s - e, parts[3], s, i, e, parts))
    taken = bytearray(len(doc))
    out: list[Tag] = []
    new_tag = tuple.__new__  # what Tag(s, e, cat, value, extra) does, without its Python-level __new__
    if multi:
        multi.sort()
        for _neg_len, _prio, s, _i, e, (cat, value, extra, _p) in multi:
            if 1 in taken[s:e]:
                continue
            if cat == VERB and texts[s][:1].isupper() and not doc[s].is_sent_start:
                continue  # "Vn Express", "Secretary of State": a capitalised word inside a sentence is a name
            taken[s:e] = b"\x01" * (e - s)
            out.append(new_tag(Tag, (s, e, cat, value, extra)))
    best: dict[int, tuple[int, tuple[str, str, str, int]]] = {}  # token -> (priority, label parts) chosen so far
    for s, prio, parts in single:
        if taken[s]:
            continue
        b = best.get(s)
        if b is not None and b[0] <= prio:
            continue  # an earlier match of the same or a higher priority holds the token
        cat = parts[0]
        if cat == TITLE and texts[s].isupper() and len(texts[s]) > 1:
            continue  # "HEAD", "CHIEF" in shouting headlines are not titles (Token.is_upper is str.isupper)
        if cat == VERB and texts[s][:1].isupper() and not doc[s].is_sent_start:
            continue  # "Vn Express", "Secretary of State": a capitalised word inside a sentence is a name
        best[s] = (prio, parts)
    for s, (_prio, (cat, value, extra, _p)) in best.items():
        out.append(new_tag(Tag, (s, s + 1, cat, value, extra)))
    # tags do not overlap: their starts differ, so this is text order (sorted on the start alone: the
    # same order as the tuples' own, with int comparisons)
    out.sort(key=_tag_start)
    return out


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

_RE_INITIAL = re.compile(r"^[A-Z]\.?$")
_RE_SPLIT = re.compile(r"\s+")
_NOISE = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"})


def name_parts(name: str) -> list[str]:
    """The words of a written name, folded (lower case, no diacritics), without initials, suffixes
    and courtesy titles. Hyphenated given names stay one word ("In-choul" → "in-choul").
    """
    out = []
    # str.split() splits on the white space of _RE_SPLIT (both use str.isspace) without empty ends;
    # an initial ("K", "K.") is at most two characters, so the regex runs on those alone
    for w in name.split():
        w = w.strip(",")
        if not w or (len(w) <= 2 and _RE_INITIAL.match(w)) or w.lower() in _NOISE:
            continue
        out.append(fold(w))
    return out


def name_key(name: str) -> frozenset[str]:
    """An order-free key of a name: "Kyung-Hyup Kim" and "Kim Kyung-hyup" give the same key.
    (A function of the text: computed once per name and process, the frozenset shared.)"""
    key = _NAME_KEYS.get(name)
    if key is None:
        if len(_NAME_KEYS) >= 100_000:  # bound the cache on endless streams of new names
            _NAME_KEYS.clear()
        key = _NAME_KEYS[name] = frozenset(name_parts(name))
    return key


_NAME_KEYS: dict[str, frozenset[str]] = {}


def same_person_name(a: str, b: str) -> bool:
    """True when the written names ``a`` and ``b`` can name the same person: equal keys, or one key
    contained in the other ("Bauer" in "Rob Bauer"). Two full names that only share a surname never do."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    return ka <= kb or kb <= ka


def surname_of(name: str, korean_surnames: Iterable[str] = ()) -> str:
    """The family name of a written name: the first word when it is a Korean surname followed by a
    given name ("Suh Wook", "Kim Myung-soo"), else the last word ("Rob Bauer", "Kyung-Hyup Kim")."""
    parts = [w for w in _RE_SPLIT.split(name.strip()) if w and not _RE_INITIAL.match(w) and w.lower() not in _NOISE]
    if not parts:
        return name
    ks = set(korean_surnames)
    if len(parts) >= 2 and parts[0] in ks and (("-" in parts[1]) or parts[-1] not in ks):
        return parts[0]
    return parts[-1]


def is_name_token(tok: Token, tg: Tagger) -> bool:
    """A token that may be part of a person's name: capitalised, with letters, not all capitals
    (unless one letter), not a known non-name word."""
    return is_name_text(tok.text, tg)


def is_name_text(t: str, tg: Tagger) -> bool:
    """``is_name_token`` on the token's text."""
    if not t or not t[0].isupper() or not any(c.isalpha() for c in t):
        return False
    if t in tg.not_names:
        return False
    if len(t) > 1 and t.isupper() and t not in tg.suffixes:
        return _RE_INITIAL.match(t) is not None
    return all(c.isalpha() or c in ".'\u2019" for c in t)


# ---------------------------------------------------------------------------------------------
# Mention lookup (for other extractors)
# ---------------------------------------------------------------------------------------------


@dataclass
class MentionIndex:
    """The participants' mentions sorted by start offset (original text)."""

    starts: list[int]
    items: list[tuple[int, int, str]]

    def in_range(self, start: int, end: int) -> list[str]:
        """Ids of participants with a mention inside ``[start, end)`` (original offsets), in text order,
        each once."""
        i = bisect.bisect_left(self.starts, start)
        out: list[str] = []
        while i < len(self.items) and self.items[i][0] < end:
            _s, e, pid = self.items[i]
            if e <= end and pid not in out:
                out.append(pid)
            i += 1
        return out

    def at(self, offset: int) -> str | None:
        """Id of the participant whose mention covers the original offset, if any."""
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0:
            s, e, pid = self.items[i]
            if s <= offset < e:
                return pid
            if e <= offset and i < len(self.items) and s < offset - 400:
                break
            i -= 1
        return None


def build_mention_index(participants: Sequence[Participant]) -> MentionIndex:
    """A ``MentionIndex`` over the mentions of ``participants``."""
    items = sorted((m.start, m.end, p.id) for p in participants for m in p.mentions)
    return MentionIndex([s for s, _, _ in items], items)


def mention_index(ctx: ArticleContext) -> MentionIndex:
    """The ``MentionIndex`` of the participants extracted for this article."""
    return build_mention_index(ctx.records("participants"))


def participants_in_tokens(doc: Doc, ctx: ArticleContext, start: int, end: int) -> list[str]:
    """Ids of participants mentioned in the ``Doc`` tokens ``[start, end)``, in text order."""
    if start >= end or start >= len(doc):
        return []
    span = ctx.span_of(doc[start : min(end, len(doc))])
    return mention_index(ctx).in_range(span.start, span.end)


_QUOTE_OPEN = frozenset({"\u201c", "\u00ab", "\u201e"})
_QUOTE_CLOSE = frozenset({"\u201d", "\u00bb"})
_QUOTE_MARKS = _QUOTE_OPEN | _QUOTE_CLOSE | {'"', "\u2018", "\u2019"}


def quote_marks(doc: Doc, tg: Tagger | None = None) -> list[int]:
    """Indexes of the tokens that are quotation marks or white space holding a line break, ascending:
    the only tokens that change the state of a quotation. Computed once per ``Doc`` (cached in
    ``doc.user_data``; callers must not change the list): read by ``quote_mask`` and the statements.
    With a ``Tagger``, read from its ``word_flags`` (the same tokens, without a pass of its own)."""
    cached = doc.user_data.get("defense_ties.people.quote_marks")
    if cached is not None:
        return cast("list[int]", cached)
    if tg is not None:
        found = flagged(tg.word_flags(doc), QUOTE_ONLY)
        doc.user_data["defense_ties.people.quote_marks"] = found
        return found
    tv = tok_view(doc)
    marks, space = _QUOTE_MARKS, tv.space
    out = [k for k, w in enumerate(tv.text) if w in marks or (space[k] and "\n" in w)]
    doc.user_data["defense_ties.people.quote_marks"] = out
    return out


def quote_mask(doc: Doc, tg: Tagger | None = None) -> bytearray:
    """1 for every token inside quotation marks (curly double or single pairs, or straight quotes
    paired in order), marks included; a quotation left open ends at a blank line (a single one at
    a line break). (``tg``: as for ``quote_marks``.)"""
    tv = tok_view(doc)
    mask = bytearray(len(doc))
    open_at: int | None = None
    straight: int | None = None
    single: int | None = None  # ‘…’; ’ closes only a pending ‘ (else it is an apostrophe)
    # only quote marks and line breaks change the state: visit those tokens alone
    for i in quote_marks(doc, tg):
        t = tv.text[i]
        if t in _QUOTE_OPEN:
            open_at = i
        elif t in _QUOTE_CLOSE and open_at is not None:
            mask[open_at : i + 1] = b"\x01" * (i + 1 - open_at)
            open_at = None
        elif t == '"':
            if straight is None:
                straight = i
            else:
                mask[straight : i + 1] = b"\x01" * (i + 1 - straight)
                straight = None
        elif t == "\u2018" and open_at is None:
            single = i
        elif t == "\u2019" and single is not None and i - single < 200:
            mask[single : i + 1] = b"\x01" * (i + 1 - single)
            single = None
        elif tv.space[i] and "\n" in t:
            single = None
            if "\n\n" in t:
                open_at = straight = None
    return mask


@dataclass(frozen=True)
class TokView:
    """Plain per-token attributes of a ``Doc`` as Python lists (reading them from spaCy ``Token``
    objects one by one is the slow part of token loops). Build it with ``tok_view(doc)``."""

    text: list[str]
    lower: list[str]
    ws: list[bool]
    space: list[bool]
    punct: list[bool]
    alpha: list[bool]


_LexRow = tuple[str, str, bool, bool, bool]
_LEX_ROWS: dict[int, _LexRow] = {}  # orth hash -> (text, lower, is_space, is_punct, is_alpha)
_LEX_ROWS_MAX = 200_000


def _lex_row(vocab: Any, orth: int) -> _LexRow:
    """The per-word attributes of ``orth`` (functions of the word's text alone: cached per process)."""
    row = _LEX_ROWS.get(orth)
    if row is None:
        if len(_LEX_ROWS) >= _LEX_ROWS_MAX:
            _LEX_ROWS.clear()
        lx = vocab[orth]
        row = _LEX_ROWS[orth] = (lx.orth_, lx.lower_, bool(lx.is_space), bool(lx.is_punct), bool(lx.is_alpha))
    return row


def tok_view(doc: Doc) -> TokView:
    """The ``TokView`` of ``doc``, computed once and cached in ``doc.user_data``.

    The attributes of each distinct orth are read once per process (``_lex_row``); a token costs one
    dict lookup, and the rows are split into columns with one ``zip``."""
    cached = doc.user_data.get("defense_ties.people.tokview")
    if isinstance(cached, TokView):
        return cached
    from spacy.attrs import ORTH, SPACY

    if len(doc) == 0:
        view = TokView(text=[], lower=[], ws=[], space=[], punct=[], alpha=[])
    else:
        arr = doc.to_array([ORTH, SPACY])
        orths = arr[:, 0].tolist()
        rows = list(map(_LEX_ROWS.get, orths))
        try:
            # (zip() refuses a None row — a word not seen yet — with TypeError: no ``None in rows`` pass)
            columns = zip(*rows, strict=True)
        except TypeError:  # words not seen yet in this process
            vocab = doc.vocab
            rows = [r if r is not None else _lex_row(vocab, h) for r, h in zip(rows, orths, strict=True)]
            columns = zip(*rows, strict=True)
        text, lower, space, punct, alpha = map(list, columns)
        view = TokView(
            text=text,
            lower=lower,
            ws=arr[:, 1].astype(bool).tolist(),
            space=space,
            punct=punct,
            alpha=alpha,
        )
    doc.user_data["defense_ties.people.tokview"] = view
    return view


def sentence_bounds(doc: Doc) -> tuple[tuple[int, int], ...]:
    """``(sent.start, sent.end)`` of each sentence of ``doc.sents``, computed once per ``Doc`` (cached
    in ``doc.user_data``: the extractors of an article read the sentences several times)."""
    cached = doc.user_data.get("defense_ties.people.sents")
    if cached is not None:
        return cast("tuple[tuple[int, int], ...]", cached)
    bounds = tuple((s.start, s.end) for s in doc.sents)
    doc.user_data["defense_ties.people.sents"] = bounds
    return bounds


def token_starts(doc: Doc) -> list[int]:
    """Each token's first character in ``doc.text`` (``Token.idx``), computed once per ``Doc``
    (cached in ``doc.user_data``; callers must not change the list)."""
    cached = doc.user_data.get("defense_ties.people.idx")
    if cached is not None:
        return cast("list[int]", cached)
    from spacy.attrs import IDX

    idx: list[int] = doc.to_array(IDX).tolist() if len(doc) else []
    doc.user_data["defense_ties.people.idx"] = idx
    return idx


def range_finder(doc: Doc) -> Callable[[int, int], tuple[int, int] | None]:
    """A function ``(start, end) -> (sp.start, sp.end)`` of ``sp = doc.char_span(start, end,
    alignment_mode="expand")`` (None when that is None), found by bisection over the token start
    offsets, read once per ``Doc``, instead of building the spaCy ``Span``. The tokens tile the text
    (each token's characters and its trailing white space), so the token holding a character is the
    last one starting at or before it."""
    idx = token_starts(doc)
    tv = tok_view(doc)
    texts, ws = tv.text, tv.ws
    bisect_right = bisect.bisect_right

    def find(start: int, end: int) -> tuple[int, int] | None:
        s = bisect_right(idx, start) - 1  # the token holding character ``start``, if any
        if s < 0 or start >= idx[s] + len(texts[s]) + ws[s]:
            return None
        e = bisect_right(idx, end - 1) - 1  # the token holding character ``end - 1``
        if e < 0 or end - 1 >= idx[e] + len(texts[e]) + ws[e]:
            return None
        if start == idx[s] + len(texts[s]):
            s += 1  # the trailing white space of a token is not part of it
        if s > e + 1:  # an empty range right after a token: spaCy raises, let it
            sp = doc.char_span(start, end, alignment_mode="expand")
            return None if sp is None else (sp.start, sp.end)
        return s, e + 1

    return find
