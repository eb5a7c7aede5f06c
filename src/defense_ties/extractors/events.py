"""Shared helpers of the event extractors (``meetings``, ``agreements``).

``EventIndex`` is built once per article from the ``Doc`` and the records of the ``participants``
and ``dates`` extractors: the sentence of every token, which participant each token mentions, which
``TimeExpression`` each token belongs to, where the gazetteer places are, which topic keywords
occur. The event extractors read it instead of re-walking the records, and take from here the
common answers: party codes of participants and place names, topics of evidence sentences,
locations, date compatibility and evidence spans.

Knowledge comes from lexicons: ``topics`` (topic id -> keywords), ``places`` (cities and venues),
``countries`` (country names -> ISO codes, owned by the participants extractor; optional).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.matcher import PhraseMatcher

from ..context import validate_span
from ..lexicons import LexiconError, Lexicons
from ..models import Participant, Span, TimeExpression
from ..nlp import get_nlp
from .people import TokView, sentence_bounds, tok_view, token_starts

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext

#: Words that introduce a place ("in Seoul"), not an actor ("Seoul said").
_PLACE_PREPS = {"in", "at", "to", "from", "into", "near", "of", "visit", "visited", "visiting"}

#: Words that introduce a place the gazetteer does not know ("a meeting in Gdansk", "to visit Da Lat").
_UNKNOWN_PLACE_CUES = frozenset({"in", "to", "visit", "visited", "visiting"})

#: Date values that say nothing about when an event happened.
_REF_VALUES = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


def lexicon_or_empty(lexicons: Lexicons, name: str) -> Any:
    """The lexicon ``name``, or an empty dict when no such lexicon exists (yet)."""
    try:
        return lexicons.get(name)
    except LexiconError:
        return {}


def _phrase_matcher(patterns: Mapping[str, Iterable[str]], attr: str) -> PhraseMatcher:
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for key, phrases in patterns.items():
        docs = [nlp.make_doc(p) for p in sorted(set(phrases)) if p.strip()]
        if docs:
            matcher.add(key, docs)
    return matcher


def country_names(lexicons: Lexicons, *, with_bodies: bool = False) -> dict[str, str]:
    """Name or demonym as written -> party code, read from the ``countries`` (and ``organizations``)
    lexicons whatever their exact layout (code -> {names, aliases, demonyms…} or name -> code).
    ``with_bodies`` adds the names and acronyms of international bodies (``NATO``)."""
    out: dict[str, str] = {}

    def walk(data: Any) -> None:
        if isinstance(data, dict):
            for key, val in data.items():
                if key.startswith("_"):
                    continue
                if isinstance(val, str) and len(val) in (2, 3, 4, 5) and val.isupper():
                    out.setdefault(key, val)
                elif isinstance(val, dict):
                    code = val.get("code") or val.get("iso3") or val.get("affiliation") or (key if key.isupper() else None)
                    if isinstance(code, str):
                        for k2, v2 in val.items():
                            if k2 in ("code", "iso3", "affiliation", "cities"):
                                continue
                            if isinstance(v2, str) and k2 in ("name", "short", "demonym", "adjective"):
                                out.setdefault(v2, code)
                            elif isinstance(v2, list):
                                for s in v2:
                                    if isinstance(s, str):
                                        out.setdefault(s, code)
                        if not key.isupper() and not key.startswith("_"):
                            out.setdefault(key, code)
                        if key.isupper():
                            out.setdefault(key, code)
                    else:
                        walk(val)
                elif isinstance(val, list):
                    walk(val)
        elif isinstance(data, list):
            for item in data:
                code = item.get("code") or item.get("affiliation") if isinstance(item, dict) else None
                if isinstance(item, dict) and isinstance(code, str):
                    for k2, v2 in item.items():
                        if k2 in ("anaphors", "suffixes", "cities"):
                            continue
                        if isinstance(v2, list):
                            for s in v2:
                                if isinstance(s, str):
                                    out.setdefault(s, code)
                        elif isinstance(v2, str) and k2 in ("name", "short", "demonym", "adjective"):
                            out.setdefault(v2, code)

    walk(lexicon_or_empty(lexicons, "countries"))
    if with_bodies:
        walk(lexicon_or_empty(lexicons, "organizations"))
    # keep only names that look like names (capitalised), never bare lowercase words
    return {k: v for k, v in out.items() if k[:1].isupper() and len(k) > 1}


def _demonyms(lexicons: Lexicons) -> set[str]:
    """Adjective forms of country names ("Polish", "South Korean"): parties, never locations."""
    out: set[str] = set()
    data = lexicon_or_empty(lexicons, "countries")
    entries = data.get("countries", data) if isinstance(data, dict) else {}
    if isinstance(entries, dict):
        for val in entries.values():
            if isinstance(val, dict):
                out.update(x for x in val.get("demonyms", []) if isinstance(x, str))
    return out


@dataclass
class _Compiled:
    lower: PhraseMatcher
    """Topic keywords, meeting triggers and agreement triggers in one matcher on lowercase forms (one
    pass over the Doc where three matchers walked it three times), each key prefixed with its group
    (``topics``, ``meetings``, ``agreements``) and ``_GROUP_SEP``."""
    places: PhraseMatcher
    city_country: dict[str, str]
    city_hosts: dict[str, list[str]]
    name_codes: dict[str, str]
    venues: set[str]
    regions: set[str]
    topic_order: list[str] = field(default_factory=list)
    """Topic ids in vocabulary order (what ``topics_of`` reports in)."""
    labels: dict[int, str] = field(default_factory=dict)
    """The label of each ``places`` match id (filled as they are met)."""
    lower_keys: dict[int, tuple[str, str]] = field(default_factory=dict)
    """The group and key of each ``lower`` match id (filled as they are met)."""
    indexed_words: frozenset[str] = frozenset()
    """The single words of the ``words`` group of ``lower`` (see ``_INDEXED_WORDS``)."""


_GROUP_SEP = "\x00"


def _indexed_words(lexicons: Lexicons) -> set[str]:
    """The words the event extractors look up by ``EventIndex.word_positions`` / ``positions`` with
    fixed sets: "at" (meetings' venues) and the instrument and anaphor nouns of the agreements lexicon
    (what ``agreements._build`` reads them from)."""
    data = lexicon_or_empty(lexicons, "agreements")
    out = {"at"}
    if isinstance(data, dict):
        for name in ("instrument_nouns", "instrument_heads", "anaphor_nouns", "measure_anaphor_nouns"):
            out.update(str(x).lower() for x in data.get(name, []))
    return out


def _lower_matcher(lexicons: Lexicons, topics: Mapping[str, Iterable[str]]) -> tuple[PhraseMatcher, frozenset[str]]:
    """The patterns of ``_phrase_matcher(topics, "LOWER")`` and of the ``matcher`` of the meetings and
    agreements lexicons (one pattern per trigger phrase, keyed by its lowercase tokens), in one
    matcher: a matcher reports every key of every pattern found, so each group finds what its own
    matcher finds."""
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, phrases in topics.items():
        docs = [nlp.make_doc(p) for p in sorted(set(phrases)) if p.strip()]
        if docs:
            matcher.add("topics" + _GROUP_SEP + key, docs)
    for group in ("meetings", "agreements"):
        data = lexicon_or_empty(lexicons, group)
        for phrase in data.get("triggers", {}) if isinstance(data, dict) else ():
            pattern = nlp.make_doc(phrase)
            if len(pattern):
                matcher.add(group + _GROUP_SEP + " ".join(t.lower_ for t in pattern), [pattern])
    # single words looked up by position: each one whose pattern is that one token (its lowercase form)
    indexed: set[str] = set()
    for word in sorted(_indexed_words(lexicons)):
        pattern = nlp.make_doc(word)
        if len(pattern) == 1 and pattern[0].lower_ == word:
            matcher.add("words" + _GROUP_SEP + word, [pattern])
            indexed.add(word)
    return matcher, frozenset(indexed)


def _build(lexicons: Lexicons) -> _Compiled:
    topics = {k: v for k, v in lexicon_or_empty(lexicons, "topics").items() if not k.startswith("_") and isinstance(v, list)}
    places = lexicon_or_empty(lexicons, "places")
    cities: dict[str, Any] = places.get("cities", {}) if isinstance(places, dict) else {}
    names = country_names(lexicons)
    bodies = {k: v for k, v in country_names(lexicons, with_bodies=True).items() if k not in names}
    demonyms = _demonyms(lexicons)
    names.update(bodies)
    place_patterns: dict[str, list[str]] = {
        "CITY": list(cities),
        "COUNTRY": [k for k in names if k not in bodies and k not in demonyms],
        "DEMONYM": [k for k in names if k in demonyms and k not in bodies],
        "BODY": list(bodies),
    }
    lower, indexed = _lower_matcher(lexicons, topics)
    return _Compiled(
        lower=lower,
        indexed_words=indexed,
        places=_phrase_matcher(place_patterns, "ORTH"),
        city_country={c: str(v.get("country", "")) for c, v in cities.items() if isinstance(v, dict)},
        city_hosts={c: list(v.get("hosts", [])) for c, v in cities.items() if isinstance(v, dict)},
        name_codes=names,
        venues={str(v).lower() for v in places.get("venues", [])} if isinstance(places, dict) else set(),
        regions={str(v).lower() for v in places.get("regions", [])} if isinstance(places, dict) else set(),
        topic_order=[k for k in lexicon_or_empty(lexicons, "topics") if not k.startswith("_")],
    )


@dataclass(slots=True)
class Place:
    """A place name found in the ``Doc``: token range, text as written, kind and party code."""

    start: int
    end: int
    text: str
    kind: str  # CITY, COUNTRY, DEMONYM, BODY (demonyms and bodies are parties, never locations) or VENUE
    code: str | None
    hosts: list[str] = field(default_factory=list)


@dataclass
class EventIndex:
    """Per-article lookup tables for the event extractors (see the module docstring)."""

    doc: Doc
    ctx: ArticleContext
    sent_of: list[int]
    sent_bounds: list[tuple[int, int]]
    person_at: list[str | None]
    participant_at: list[str | None]
    date_at: list[int | None]
    dates: list[TimeExpression]
    date_tokens: list[tuple[int, int]]
    participants: dict[str, Participant]
    places: list[Place]
    topic_at: list[tuple[int, str]]
    compiled: _Compiled
    n_records: tuple[int, int] = (0, 0)
    tok_starts: list[int] = field(default_factory=list)
    """Each token's first character in the Doc's text (``Token.idx``)."""
    filled: list[int] | None = None
    """The tokens that mention a participant, ascending (None: find them in ``participant_at``)."""
    tv: TokView | None = None
    """``tok_view(doc)`` (None: read it from the Doc)."""
    view_text: str | None = None
    """The Doc's text when the Doc was built on the article's view (its text sliced by ``text_of``)."""
    sent_spans: dict[int, tuple[int, int, str]] = field(default_factory=dict)
    """Original start, end and text of each sentence ``sentence_span`` was asked for."""
    word_tokens: dict[str, list[int]] = field(default_factory=dict)
    """The tokens of each lowercase form ``word_positions`` was asked for."""
    place_rows: list[tuple[int, int, str]] | None = None
    """Start, end and kind of each place, in text order, when its ``Place`` is built the first time it
    is asked for (``place``; ``places`` is then unused): most places of an article lie in no range an
    event extractor looks at. None: the places are ``places``."""
    place_objs: list[Place | None] = field(default_factory=list)
    """The ``Place`` of each row of ``place_rows`` built so far."""
    indexed_words: frozenset[str] = frozenset()
    """Words whose tokens the index's matcher found (into ``word_tokens``, a word without tokens left
    out): ``word_positions`` needs no scan for them."""
    trigger_matches: dict[str, list[tuple[int, int, int]]] | None = None
    """``(0, start, end)`` of each match of the ``meetings`` and ``agreements`` trigger phrases (what
    their lexicon's ``matcher`` finds, found by the index's one matcher; None: not found here)."""

    # ------------------------------------------------------------------ lookup
    @functools.cached_property
    def toks(self) -> TokView:
        """The ``TokView`` of the Doc (kept at build time: no ``doc.user_data`` lookup per call; cached:
        read like a field after the first call, not through a property call)."""
        return self.tv if self.tv is not None else tok_view(self.doc)

    def sentence_span(self, sent: int) -> Span:
        """The original-text ``Span`` of sentence ``sent`` (trailing whitespace excluded)."""
        parts = self.sent_spans.get(sent)
        if parts is None:  # (offsets and text found once per sentence; a new Span each call)
            s, e = self.sent_bounds[sent]
            tv = self.toks
            space = tv.space
            while e > s and space[e - 1]:
                e -= 1
            while s < e and space[s]:
                s += 1
            if 0 <= s < e <= len(self.tok_starts):  # span_of(doc[s:e]) without building the Span
                sp = self.ctx.span(self.tok_starts[s], self.tok_starts[e - 1] + len(tv.text[e - 1]))
            else:
                sp = self.ctx.span_of(self.doc[s:e])
            parts = self.sent_spans[sent] = (sp.start, sp.end, sp.text)
            return sp
        # (Span(start=…, end=…, text=…) through the model's validator without BaseModel.__init__)
        return validate_span({"start": parts[0], "end": parts[1], "text": parts[2]})

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text``: sliced from the Doc's text by the token offsets (a spaCy Span's
        text builds a Token per token)."""
        vt = self.view_text
        if vt is not None and 0 <= start < end <= len(self.tok_starts):
            return vt[self.tok_starts[start] : self.tok_starts[end - 1] + len(self.toks.text[end - 1])]
        return self.doc[start:end].text

    @functools.cached_property
    def _lower_set(self) -> frozenset[str]:
        """The lowercase forms of the Doc's tokens."""
        return frozenset(self.toks.lower)

    def word_positions(self, words: set[str] | frozenset[str]) -> list[int]:
        """The tokens whose lowercase form is in ``words``, ascending: what
        ``[i for i, w in enumerate(tok_view(doc).lower) if w in words]`` gives. The tokens of the
        ``indexed_words`` were found by the index's matcher; those of another word present (a set
        intersection tells) are found once per article by ``list.index`` scans (C loops, no Python
        step per token). Both are kept in ``word_tokens``."""
        cache, indexed = self.word_tokens, self.indexed_words
        out: list[int] = []
        present = 0
        rest: list[str] = []
        for w in words:
            at = cache.get(w)
            if at is not None:
                if at:
                    out.extend(at)
                    present += 1
            elif w not in indexed:  # (an indexed word without tokens is absent)
                rest.append(w)
        if rest:
            lower = self.toks.lower
            for w in self._lower_set.intersection(rest):
                at = cache[w] = []
                i = lower.index(w)
                while True:
                    at.append(i)
                    try:
                        i = lower.index(w, i + 1)
                    except ValueError:
                        break
                out.extend(at)
                present += 1
        if present > 1:
            out.sort()
        return out

    def positions(self, word: str) -> list[int]:
        """The tokens whose lowercase form is ``word``, ascending (kept in ``word_tokens``: callers
        must not change the list)."""
        at = self.word_tokens.get(word)
        if at is None:
            absent = word in self.indexed_words or word not in self._lower_set  # (an indexed word here has no tokens)
            at = [] if absent else self.word_positions(frozenset((word,)))
            self.word_tokens[word] = at
        return at

    def token_range(self, span: Span) -> tuple[int, int] | None:
        """The tokens ``[start, end)`` of ``ctx.doc_span(doc, span)`` (an original-text ``Span``
        expanded to token bounds), without building a spaCy ``Span``; None where that is None."""
        if len(self.tok_starts) != len(self.doc) or not self.tok_starts:  # (an index built without the offsets)
            sp = self.ctx.doc_span(self.doc, span)
            return None if sp is None else (sp.start, sp.end)
        text = self.toks.text
        total = self.tok_starts[-1] + len(text[-1]) + self.toks.ws[-1]
        return _token_range(self.tok_starts, text, total, *self.ctx.view_range(span))

    def persons_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """(first token, participant id) of each person mention starting in ``[start, end)``."""
        # from the mention starts found at build time (not a walk over the tokens): the starts in
        # range, and a mention already running at ``start`` reported at ``start``
        lo, hi = max(0, start), min(end, len(self.person_at))
        if lo >= hi:
            return []
        at, starts = self.person_at, self._person_starts
        a, b = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
        out = [(i, pid) for i in starts[a:b] if (pid := at[i]) is not None]
        pid = at[lo]
        if pid is not None and (a == len(starts) or starts[a] != lo):
            out.insert(0, (lo, pid))
        return out

    def parties_in(self, start: int, end: int, *, capitals: bool = False) -> list[str]:
        """Party codes named in ``[start, end)``: countries and bodies (by name) and the affiliations
        of the participants mentioned there, in text order, without repeats. With ``capitals``, a city
        that is not introduced as a place ("Seoul and Manila vowed …") stands for its country."""
        out: list[str] = []
        for p in self.places_in(start, end):
            if not p.code or p.code in out:
                continue
            actor_city = capitals and p.kind == "CITY" and (p.start == 0 or self.toks.lower[p.start - 1] not in _PLACE_PREPS)
            if p.kind in ("COUNTRY", "BODY", "DEMONYM") or actor_city:
                out.append(p.code)
        for _, pid in self.persons_or_orgs_in(start, end):
            aff = self.participants[pid].affiliation
            if aff and aff not in out:
                out.append(aff)
        return out

    def persons_or_orgs_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """Like ``persons_in`` but organisations too (and a mention running at ``start`` is not reported)."""
        at, starts = self.participant_at, self._participant_starts
        lo, hi = max(0, start), min(end, len(at))
        return [
            (i, pid)
            for i in starts[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
            if (pid := at[i]) is not None
        ]

    def _filled_tokens(self) -> list[int]:
        """``filled``, found in ``participant_at`` when the index was built without it."""
        if self.filled is None:
            self.filled = [i for i, pid in enumerate(self.participant_at) if pid is not None]
        return self.filled

    @functools.cached_property
    def _person_starts(self) -> list[int]:
        """Tokens where a person mention starts (``person_at`` changes to a participant id)."""
        at = self.person_at
        return [i for i in self._filled_tokens() if (pid := at[i]) is not None and (i == 0 or at[i - 1] != pid)]

    @functools.cached_property
    def _participant_starts(self) -> list[int]:
        """Tokens where a participant mention starts (``participant_at`` changes to a participant id)."""
        at = self.participant_at
        return [i for i in self._filled_tokens() if i == 0 or at[i - 1] != at[i]]

    def dates_in(self, start: int, end: int) -> list[int]:
        """Indexes (into ``dates``) of the date expressions starting in ``[start, end)``."""
        starts = self._date_starts
        return [k for k in self._date_order[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]]

    @functools.cached_property
    def _date_order(self) -> list[int]:
        return sorted(range(len(self.date_tokens)), key=lambda k: self.date_tokens[k][0])

    @functools.cached_property
    def _date_starts(self) -> list[int]:
        return [self.date_tokens[k][0] for k in self._date_order]

    @functools.cached_property
    def _place_starts(self) -> list[int]:
        if self.place_rows is not None:
            return [r[0] for r in self.place_rows]
        return [p.start for p in self.places]

    def place(self, x: int) -> Place:
        """The ``x``-th place of the article in text order."""
        if self.place_rows is None:
            return self.places[x]
        p = self.place_objs[x]
        if p is None:
            s, e, kind = self.place_rows[x]
            text = self.text_of(s, e)
            comp = self.compiled
            if kind == "CITY":
                p = Place(s, e, text, "CITY", comp.city_country.get(text) or None, comp.city_hosts.get(text, []))
            else:
                p = Place(s, e, text, kind, comp.name_codes.get(text))
            self.place_objs[x] = p
        return p

    @functools.cached_property
    def _topics_by_sent(self) -> dict[int, set[str]]:
        by: dict[int, set[str]] = {}
        for i, tid in self.topic_at:
            by.setdefault(self.sent_of[i], set()).add(tid)
        return by

    def topics_of(self, sents: Iterable[int]) -> list[str]:
        """Topic ids whose keywords occur in the given sentences, in vocabulary order."""
        by = self._topics_by_sent  # per sentence, so a call costs its sentences, not the article
        found: set[str] = set()
        for k in set(sents):
            got = by.get(k)
            if got:
                found |= got
        return [t for t in self.compiled.topic_order if t in found] if found else []

    def place_at(self, i: int) -> bool:
        """True when token ``i`` is part of a known place, country or body name."""
        return any(p.start <= i < p.end for p in self.places_in(max(0, i - 6), i + 1))

    def places_in(self, start: int, end: int) -> list[Place]:
        """Places lying inside ``[start, end)`` (``places`` is in text order)."""
        lo = bisect.bisect_left(self._place_starts, start)
        hi = bisect.bisect_left(self._place_starts, end)
        rows = self.place_rows
        if rows is None:
            return [p for p in self.places[lo:hi] if p.end <= end]
        return [self.place(x) for x in range(lo, hi) if rows[x][1] <= end]


def by_first_word(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]] | None:
    """The phrases (token tuples) grouped by their first word, in order; None when one of them is
    empty (then every phrase must be tried at every position)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if not phrase:
            return None
        out.setdefault(phrase[0], []).append(phrase)
    return out


def build_index(doc: Doc, ctx: ArticleContext) -> EventIndex:
    """Build the ``EventIndex`` of one article (cheap; the matchers are compiled once per lexicon set).
    The index is kept in ``doc.user_data`` so that the event extractors of one article share it."""
    key = "defense_ties.events.index"
    cached = doc.user_data.get(key)
    if isinstance(cached, EventIndex) and cached.ctx is ctx and cached.n_records == _n_records(ctx):
        return cached
    index = _build_index(doc, ctx)
    doc.user_data[key] = index
    return index


def _n_records(ctx: ArticleContext) -> tuple[int, int]:
    return (len(ctx.records("participants")), len(ctx.records("dates")))


def _token_range(starts: list[int], texts: list[str], total: int, s: int, e: int) -> tuple[int, int] | None:
    """The tokens ``[start, end)`` of ``doc.char_span(s, e, alignment_mode="expand")`` for view
    characters ``[s, e)``, without building a spaCy ``Span`` (``starts``/``texts``: each token's
    first character and its text; ``total``: the length of the Doc's text). The tokens
    tile the text (each covers its characters and trailing space), so the token holding a
    character is a bisection; None where spaCy returns None."""
    if not (0 <= s < total and 0 < e <= total):
        return None
    start = bisect.bisect_right(starts, s) - 1
    end = bisect.bisect_right(starts, e - 1)
    if s == starts[start] + len(texts[start]):  # in the space after a token: not part of it
        start += 1
    return (start, end)


def _leftmost_longest(matches: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The ``(match_id, start, end)`` matches kept when they are taken by start, the longest first
    (on equal length the first in match order), each one that starts before the end of the last one
    taken skipped: at each start only its longest match can be taken (the others start before its
    end). PhraseMatcher gives its matches by start: one pass; otherwise the sort on
    ``(start, -length, match order)``."""
    out: list[tuple[int, int, int]] = []
    last_end = -1
    cur: tuple[int, int, int] | None = None  # the longest match at the current start
    for m in matches:
        if cur is None or m[1] != cur[1]:
            if cur is not None:
                if m[1] < cur[1]:  # (not by start: the sort below)
                    return _leftmost_longest_sorted(matches)
                if cur[1] >= last_end:
                    out.append(cur)
                    last_end = cur[2]
            cur = m
        elif m[2] > cur[2]:
            cur = m
    if cur is not None and cur[1] >= last_end:
        out.append(cur)
    return out


def _leftmost_longest_sorted(matches: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``_leftmost_longest`` by a sort on ``(start, -length, match order)`` (matches in any order)."""
    out: list[tuple[int, int, int]] = []
    last_end = -1
    for s, neg_len, _, mid in sorted([(s, s - e, k, mid) for k, (mid, s, e) in enumerate(matches)]):
        if s >= last_end:
            out.append((mid, s, s - neg_len))
            last_end = s - neg_len
    return out


def _build_index(doc: Doc, ctx: ArticleContext) -> EventIndex:
    comp = ctx.lexicons.compiled("events.index", _build)
    n = len(doc)
    tv = tok_view(doc)
    starts = token_starts(doc)  # (shared per Doc with the other extractors; not changed here)
    total = starts[-1] + len(tv.text[-1]) + tv.ws[-1] if n else 0
    to_view = ctx.view.to_view
    vt = ctx.view.text
    view_is_text = n > 0 and len(vt) == total  # the Doc was built on the view: slice it, not doc[s:e].text
    sent_of = [0] * n
    bounds = list(sentence_bounds(doc))  # (doc.sents, read once per Doc)
    for k, (s, e) in enumerate(bounds):
        sent_of[s:e] = [k] * (e - s)
    person_at: list[str | None] = [None] * n
    participant_at: list[str | None] = [None] * n
    participants: dict[str, Participant] = {}
    filled: list[int] = []
    texts = tv.text
    for p in ctx.records("participants"):
        if not isinstance(p, Participant):
            continue
        pid = p.id
        participants[pid] = p
        person = p.kind == "person"
        for m in p.mentions:
            vs, ve = to_view(m.start, m.end)
            # (``_token_range`` inlined: two bisections per mention, no call)
            if not (0 <= vs < total and 0 < ve <= total):
                continue
            a = bisect_right(starts, vs) - 1
            b = bisect_right(starts, ve - 1)
            if vs == starts[a] + len(texts[a]):
                a += 1
            for i in range(a, b):
                if participant_at[i] is None:
                    participant_at[i] = pid
                    filled.append(i)
                    if person:
                        person_at[i] = pid
    dates: list[TimeExpression] = []
    date_tokens: list[tuple[int, int]] = []
    date_at: list[int | None] = [None] * n
    for d in ctx.records("dates"):
        if not isinstance(d, TimeExpression):
            continue
        sp = _token_range(starts, texts, total, *to_view(d.start, d.end))  # (a few dates an article: not inlined)
        if sp is None or sp[1] <= sp[0]:
            continue
        k = len(dates)
        dates.append(d)
        date_tokens.append(sp)
        for i in range(sp[0], sp[1]):
            if date_at[i] is None:
                date_at[i] = k
    # the places as rows (start, end, kind): ``EventIndex.place`` builds a ``Place`` when it is asked for
    place_rows: list[tuple[int, int, str]] = []
    labels = comp.labels
    for mid, s, e in _leftmost_longest(comp.places(doc)):
        label = labels.get(mid)
        if label is None:
            label = labels[mid] = doc.vocab.strings[mid]
        place_rows.append((s, e, label))
    topic_at = []
    triggers: dict[str, list[tuple[int, int, int]]] = {"meetings": [], "agreements": []}
    lower_keys = comp.lower_keys
    word_tokens: dict[str, list[int]] = {}
    for mid, s, e in comp.lower(doc):  # (topics and both trigger sets in one pass)
        found = lower_keys.get(mid)
        if found is None:
            group, _, key = doc.vocab.strings[mid].partition(_GROUP_SEP)
            found = lower_keys[mid] = (group, key)
        if found[0] == "topics":
            topic_at.append((s, found[1]))
        elif found[0] == "words":
            at = word_tokens.get(found[1])
            if at is None:
                word_tokens[found[1]] = [s]
            else:
                at.append(s)
        else:
            triggers[found[0]].append((0, s, e))
    for at in word_tokens.values():
        at.sort()  # (ascending: the matcher gives its matches by start already)
    return EventIndex(
        doc=doc,
        ctx=ctx,
        sent_of=sent_of,
        sent_bounds=bounds,
        person_at=person_at,
        participant_at=participant_at,
        date_at=date_at,
        dates=dates,
        date_tokens=date_tokens,
        participants=participants,
        places=[],
        place_rows=place_rows,
        place_objs=[None] * len(place_rows),
        trigger_matches=triggers,
        indexed_words=comp.indexed_words,
        word_tokens=word_tokens,
        topic_at=topic_at,
        compiled=comp,
        n_records=_n_records(ctx),
        tok_starts=starts,
        tv=tv,
        view_text=vt if view_is_text else None,
        filled=sorted(filled),
    )


# ---------------------------------------------------------------------- dates


def usable_date(d: TimeExpression) -> bool:
    """True when ``d`` can date an event: it has a value that is not a reference value."""
    return d.value is not None and d.value not in _REF_VALUES


def date_bounds(d: TimeExpression) -> tuple[dt.date, dt.date] | None:
    """The calendar range of ``d`` (its ``range``), or None."""
    if d.range is not None:
        return (d.range.start, d.range.end)
    return None


def dates_compatible(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    """True when two event dates may name the same time (either missing, same value, overlapping)."""
    if a is None or b is None:
        return True
    ra, rb = date_bounds(a), date_bounds(b)
    if ra is not None and rb is not None:
        return ra[0] <= rb[1] and rb[0] <= ra[1]
    va, vb = a.value or "", b.value or ""
    return va.startswith(vb) or vb.startswith(va)


def more_precise(a: TimeExpression, b: TimeExpression) -> TimeExpression:
    """Of two compatible dates, the one with the narrower range (the first on a tie)."""
    ra, rb = date_bounds(a), date_bounds(b)
    if ra is None:
        return b if rb is not None else a
    if rb is None:
        return a
    return b if (rb[1] - rb[0]) < (ra[1] - ra[0]) else a


# ---------------------------------------------------------------------- locations


def location_near(index: EventIndex, start: int, end: int, anchor: int, anchor_end: int | None = None) -> Place | None:
    """The place in ``[start, end)`` closest to token ``anchor`` that is introduced as a location
    ("in Seoul", "to South Korea", "at the ... in Brussels", "Seoul-based" excluded)."""
    tv = index.toks
    lower, text, sent_of, n = tv.lower, tv.text, index.sent_of, len(tv.text)
    best = -1  # (the index of the best place so far: its ``Place`` is built only for the one returned)
    best_dist = 0
    start, end = max(start, anchor - 30), min(end, (anchor_end or anchor) + 30)
    regions = index.compiled.regions
    # (``index.places_in(start, end)`` inlined: the places starting in the range, ending in it; a
    # place's row says its kind and end before its ``Place`` is built)
    starts = index._place_starts
    rows = index.place_rows
    for x in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
        if rows is not None:
            ps, pe, kind = rows[x]
            if pe > end or kind == "BODY" or kind == "DEMONYM":
                continue
        else:
            p = index.places[x]
            kind, ps, pe = p.kind, p.start, p.end
            if pe > end or kind == "BODY" or kind == "DEMONYM":
                continue
        j = ps - 1
        # skip a district word ("central Seoul") and a determiner
        while j >= start and (lower[j] in regions or lower[j] == "the"):
            j -= 1
        prev = lower[j] if j >= 0 else ""
        # "the NATO Brussels Summit", "their Camp David summit", "the summit Camp David": a city right beside the event
        in_name = kind == "CITY" and (pe == anchor or ps == anchor_end)
        if not in_name:
            if prev not in _LOCATIVE:
                continue
            # (token attributes from the TokView and the sentence index, not spaCy Tokens: Token.is_title is
            # str.istitle() of its text, is_sent_start a sentence boundary)
            if pe < n and text[pe].istitle() and sent_of[pe] == sent_of[pe - 1]:
                continue  # "at Seoul National University": part of an institution's name
            if kind == "COUNTRY" and not (0 <= ps - anchor <= 8):
                continue  # "the situation in Ukraine", "weapons to Ukraine": a country is a location only right after the event
        if pe < n:
            after = text[pe]
            if after in _DASH_CHARS and pe + 1 < n and text[pe + 1][:1].isupper():
                continue  # "Seoul-NATO partnership", "South Korea-US summit"
            if after in _POSSESSIVE_S:
                continue
        dist = ps - anchor if ps >= anchor else anchor - ps
        if best < 0 or dist < best_dist:
            best, best_dist = x, dist
    venue = _venue(index, start, end, anchor_end or anchor)
    if venue is not None:
        return venue
    if best < 0:
        return _unknown_place(index, start, end, anchor, anchor_end or anchor)
    return index.place(best)


_LOCATIVE = frozenset({"in", "to", "at", "visit", "visited", "visiting", "into"})
_DASH_CHARS = frozenset({"-", "–"})
_POSSESSIVE_S = frozenset({"'s", "’s"})


def _venue(index: EventIndex, start: int, end: int, anchor_end: int) -> Place | None:
    """A named venue after the event: "at the Tower of London", "at the Prime Minister's Office",
    "at the Australian Strategic Policy Institute" ('at' + capitalised words ending in a venue word
    of the places lexicon), with a following "in <city>" kept."""
    tv = index.toks
    lower, text = tv.lower, tv.text  # (Token.lower_ / is_title / text from the TokView: no spaCy Tokens)
    lo, stop_at = max(start, anchor_end), min(end - 2, anchor_end + 16)
    ats = index.positions("at")  # (each "at" of the article, ascending; found once per article)
    a = bisect.bisect_left(ats, lo)
    while a < len(ats) and ats[a] < stop_at:  # each "at" in [lo, stop_at) in turn
        k = ats[a] + 1
        a += 1
        j = k
        if lower[j] in ("the", "his", "her", "their", "its"):
            j += 1
        first, last = j, None
        while j < min(end, first + 7) and (text[j].istitle() or lower[j] in ("of", "'s", "\u2019s")):
            if lower[j] in index.compiled.venues and text[j].istitle():
                last = j
            j += 1
        if last is None or (index.participant_at[first] is not None and index.participant_at[last] is not None):
            continue
        stop = last + 1
        if stop + 1 < end and lower[stop] == "of" and text[stop + 1].istitle():
            stop += 1  # "the Tower of London"
            while stop < end and text[stop].istitle():
                stop += 1
        if stop + 1 < end and lower[stop] == "in" and index.place_at(stop + 1):
            stop += 2
            while stop < end and text[stop].istitle() and index.place_at(stop):
                stop += 1
        return Place(first, stop, index.text_of(first, stop), "VENUE", None)
    return None


def _unknown_place(index: EventIndex, start: int, end: int, anchor: int, anchor_end: int) -> Place | None:
    """A place the gazetteer does not know, right after the event: "… a meeting in Gdansk", "a visit
    to Geoje", "to visit Da Lat": 'in'/'to'/'visit' + one or two capitalised words that are no date,
    person, body or country."""
    tv = index.toks
    lower, text = tv.lower, tv.text
    lo, hi = max(start, anchor_end - 1), min(end - 1, anchor_end + 9)
    if _UNKNOWN_PLACE_CUES.isdisjoint(lower[lo:hi]):
        return None  # (no cue word in the range: the loop below finds nothing)
    punct, alpha, date_at, participant_at = tv.punct, tv.alpha, index.date_at, index.participant_at
    for k in [k for k in range(lo, hi) if lower[k] in _UNKNOWN_PLACE_CUES]:  # (the cue words of the range)
        if punct[k - 1]:
            continue
        j = k + 1
        while j < min(end, k + 3) and text[j].istitle() and alpha[j]:
            if date_at[j] is not None or participant_at[j] is not None or index.place_at(j):
                return None
            j += 1
        if j == k + 1 or (j < len(text) and (text[j] in ("'s", "\u2019s", "-") or text[j].istitle())):
            continue
        return Place(k + 1, j, index.text_of(k + 1, j), "CITY", None)
    return None


def place_text(index: EventIndex, place: Place) -> str:
    """The place as written in the original text, with a following ', Country' kept out."""
    s, e = place.start, place.end
    if 0 <= s < e <= len(index.tok_starts):  # span_of(doc[s:e]).text without the spaCy Span and the Span record
        ctx = index.ctx
        a, b = ctx.view.to_original(index.tok_starts[s], index.tok_starts[e - 1] + len(index.toks.text[e - 1]))
        return ctx.original[a:b]
    return index.ctx.span_of(index.doc[s:e]).text


def filter_ranges(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The token ranges ``[start, end)`` that ``spacy.util.filter_spans`` keeps of a matcher's
    ``(match_id, start, end)`` matches, in text order, without building a spaCy ``Span`` per match:
    longest first (on equal length the later start), a range taken when neither its first nor its
    last token is taken yet."""
    ranked = sorted(((s, e) for _, s, e in matches), key=lambda r: (r[1] - r[0], -r[0]), reverse=True)
    out: list[tuple[int, int]] = []
    seen: set[int] = set()
    for s, e in ranked:
        if s not in seen and e - 1 not in seen:
            out.append((s, e))
            seen.update(range(s, e))
    out.sort(key=lambda r: r[0])
    return out


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Evidence spans in text order without repeats."""
    seen: dict[tuple[int, int], Span] = {}
    for s in spans:
        seen.setdefault((s.start, s.end), s)
    return [seen[k] for k in sorted(seen)]
