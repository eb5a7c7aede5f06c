"""Recognise date expressions in a ``Doc`` and resolve them to TIMEX3 values.

The path of one expression:

1. ``recognise``: the patterns of ``patterns.py`` propose matches (each anchor role's patterns matched
   around the words filling it — ``window_matches``, the matches of its spaCy ``Matcher`` — and reference
   values such as "recently" come from a ``PhraseMatcher``); leading prepositions are stripped; a full date on a publication or
   byline line blocks every match inside it; matches that look like dates but are not (a count "2000 troops", a price, an age "his
   30s", a duration "the past nine days") are dropped; overlaps keep the longest match.
2. ``tense_of``: the nearest tense cue of the sentence (``future_cues``/``past_cues`` of the lexicon,
   and past-tense verbs) decides whether a bare weekday, month, day or quarter points back or forward.
3. ``_resolve_match``: one resolver per pattern label computes a ``calendar.Period`` against a
   concrete anchor day (the publication date) or the event in focus (anaphora: "the same day").
4. ``annotate``: publication dates known only to the month are resolved at both ends of the month;
   equal results are ``resolved``, different ones ``ambiguous`` with X'd values and the union range;
   with no anchor, relative expressions get underspecified values (``XXXX-11``) and ``unanchored``.
   A day that opens an N-day span ("a two-day meeting starting next Wednesday") gets an N-day range;
   a preposition such as "since" gives its mod; START/MID/END narrow the range (annotation guide 6).
   Each precise result becomes the event in focus for later anaphora.

Every result carries ``rule`` = ``temporal.<label>[_<variant>]`` so a wrong value can be traced.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import filterfalse
from typing import Literal, NamedTuple

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from ..context import Published
from ..extractors.people import TokView, tok_view, token_starts
from ..extractors.people import sentence_bounds as shared_sentence_bounds
from ..models import Granularity, Mod
from . import calendar as cal
from .patterns import DAY_RX, YEAR_RX, Compiled, TemporalLexicon

Tense = Literal["past", "future"]
Basis = Literal["absolute", "anchor", "focus"]

_DAY_NUM = re.compile(r"\d+")
_YEAR_RE = re.compile(YEAR_RX)
_DAY_RE = re.compile(DAY_RX)


class Tok(NamedTuple):
    """The attributes of a ``Token`` the resolvers read, from the ``Doc``'s ``TokView`` (building
    spaCy ``Token`` objects per candidate and reading their string attributes cost more)."""

    text: str
    lower_: str
    text_with_ws: str


def _toks(view: TokView, start: int, end: int) -> list[Tok]:
    """The ``Tok`` of tokens ``[start, end)`` (spaCy's trailing whitespace is one space or none)."""
    text, lower, ws = view.text, view.lower, view.ws
    return [Tok(text[i], lower[i], text[i] + " " if ws[i] else text[i]) for i in range(start, end)]


def _span_text(view: TokView, start: int, end: int) -> str:
    """``doc[start:end].text`` (``start < end``): the tokens with the whitespace between them."""
    text, ws = view.text, view.ws
    return "".join([text[i] + " " if ws[i] else text[i] for i in range(start, end - 1)]) + text[end - 1]


@dataclass(frozen=True)
class Res:
    """One resolved expression (or the underspecified form of one) before status is decided."""

    value: str | None
    granularity: Granularity | None
    rule: str
    basis: Basis
    mod: Mod | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    anchor: str | None = None
    """For ``focus`` results: the ISO date of the event in focus it was resolved against."""


def _of(p: cal.Period, rule: str, basis: Basis, mod: Mod | None = None) -> Res:
    return Res(p.value, p.granularity, rule, basis, mod, p.start, p.end)


def _under(value: str, gran: Granularity, rule: str, mod: Mod | None = None) -> Res:
    return Res(value, gran, rule, "anchor", mod)


@dataclass
class Focus:
    """The event in focus: the most recent day-, month- and year-precise dates met in the text."""

    day: dt.date | None = None
    month: tuple[int, int] | None = None
    year: int | None = None
    last: str | None = None
    """Granularity of the latest update (``day``, ``month`` or ``year``): what "the same period" means."""

    def update(self, r: Res) -> None:
        """Move the focus to ``r`` when it is a precise, anchored date."""
        if r.start is None or r.value is None or "X" in r.value:
            return
        if r.granularity == "day":
            self.day = r.start
            self.month = (r.start.year, r.start.month)
            self.year = r.start.year
            self.last = "day"
        elif r.granularity == "month":
            self.month = (r.start.year, r.start.month)
            self.year = r.start.year
            self.last = "month"
        elif r.granularity == "year" and r.end is not None and r.start.year == r.end.year:
            self.year = r.start.year
            self.last = "year"


@dataclass
class Env:
    """What a resolver may read: the lexicon, the concrete anchor day, the tense, the focus."""

    lex: TemporalLexicon
    day: dt.date | None
    tense: Tense | None
    focus: Focus = field(default_factory=Focus)
    early: dt.date | None = None
    """First day the publication can fall on (``day`` when it is known to the day)."""
    late: dt.date | None = None
    """Last day the publication can fall on."""


@dataclass(frozen=True)
class Found:
    """An expression found in a ``Doc``: token and view-character offsets and its resolution."""

    tok_start: int
    tok_end: int
    start_char: int
    end_char: int
    text: str
    value: str | None
    granularity: Granularity | None
    mod: Mod | None
    range_start: dt.date | None
    range_end: dt.date | None
    anchor: str | None
    status: Literal["absolute", "resolved", "unanchored", "ambiguous"]
    rule: str


# --------------------------------------------------------------------------- recognition


@dataclass(frozen=True)
class Candidate:
    """A pattern match after stripping: tokens ``[start, end)`` of the ``Doc`` and its label."""

    start: int
    end: int
    label: str
    order: int


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _anchor_positions(doc: Doc, comp: Compiled) -> tuple[list[str], dict[str, list[int]]]:
    """The text of every token (the TokView's), and the tokens filling each anchor role, in text order."""
    positions: dict[str, list[int]] = {}
    words = tok_view(doc).text
    known = comp.anchors_cache  # anchor roles per word, filled by ``anchors_of``
    new = set(filterfalse(known.__contains__, words))  # words not classified yet (C speed; mostly none)
    if new:
        # the distinct words filling a role, with their roles (the known ones by a set operation)
        anchored = {h: known[h] for h in comp.anchored_words.intersection(words)}
        for h in new:
            roles = comp.anchors_of(h)
            if roles:
                anchored[h] = roles
        if not anchored:
            return words, positions
        is_anchored, roles_of = anchored.__contains__, anchored
    else:  # every word classified: the anchored ones are the cache's (no set of the article's words)
        is_anchored, roles_of = comp.anchored_words.__contains__, known
    # the tokens of those words, per role: one membership flag per token at C speed (map), then
    # bytes.find visits only the flagged tokens (the same as a loop testing every token)
    marked = bytes(map(is_anchored, words))
    i = marked.find(1)
    while i >= 0:
        for role in roles_of[words[i]]:
            if role in positions:
                positions[role].append(i)
            else:
                positions[role] = [i]
        i = marked.find(1, i + 1)
    return words, positions


_NO_ROLES: frozenset[str] = frozenset()


def window_matches(doc: Doc, comp: Compiled) -> set[tuple[int, int, int]]:
    """Every ``(key, start, end)`` match of the role matchers in ``doc`` (as on the whole ``Doc``).

    Matched in Python around each anchor word instead of by running the spaCy ``Matcher`` on the
    trigger windows (its per-call and per-token overhead was most of the recogniser): a pattern's
    anchor element sits on the anchor word, so its matches are every start its elements before the
    anchor can reach, walking left (an optional element may match a word or nothing), times every
    end its elements after the anchor can reach, walking right — the spaCy ``Matcher``'s matches
    for patterns whose only operator is ``?``."""
    words, positions = _anchor_positions(doc, comp)
    matches: set[tuple[int, int, int]] = set()
    if not positions:
        return matches
    n = len(words)
    fills = comp.fills_cache  # the roles each word fills, filled by ``fills``
    memo: dict[int, frozenset[str]] = {}

    def roles_at(q: int) -> frozenset[str]:
        got = memo.get(q)
        if got is None:
            h = words[q]
            got = memo[q] = fills[h] if h in fills else comp.fills(h)
        return got

    for role, idx in positions.items():
        gated = comp.gated[role]
        for p in idx:
            left = roles_at(p - 1) if p > 0 else _NO_ROLES
            right = roles_at(p + 1) if p + 1 < n else _NO_ROLES
            for key, before, after, need_left, need_right in gated:
                # a mandatory element right beside the anchor that the neighbour does not fill: the
                # walk's first step would leave no start (end), so the pattern has no match here
                if (need_left is not None and need_left not in left) or (need_right is not None and need_right not in right):
                    continue
                starts = {p}
                for r, optional in before:
                    reach = {q - 1 for q in starts if q > 0 and r in roles_at(q - 1)}
                    starts = reach | starts if optional else reach
                    if not starts:
                        break
                if not starts:
                    continue
                ends = {p + 1}
                for r, optional in after:
                    reach = {q + 1 for q in ends if q < n and r in roles_at(q)}
                    ends = reach | ends if optional else reach
                    if not ends:
                        break
                for a in starts:
                    for e in ends:
                        matches.add((key, a, e))
    return matches


def recognise(doc: Doc, comp: Compiled) -> list[Candidate]:
    """The date expressions of ``doc``: matched, stripped, validated, non-overlapping, in text order."""
    lex = comp.lex
    cands: list[Candidate] = []
    blocked: list[tuple[int, int]] = []
    matches = window_matches(doc, comp)
    matches.update(comp.references(doc))
    view = tok_view(doc)
    lower = view.lower
    labels = comp.key_labels  # (order, label) per match key, parsed once per Compiled
    for key, s, e in sorted(matches, key=lambda m: (m[1], m[2], m[0])):
        got = labels.get(key)
        if got is None:
            order_s, label = doc.vocab.strings[key].split(":", 1)
            got = labels[key] = (int(order_s), label)
        order, label = got
        if label == "month" and e - s == 2:
            s += 1  # context word before a context-sensitive month ("in May")
        while e - s > 1 and lower[s] in lex.strip_leading:
            s += 1
        if label in ("date_mdy", "date_dmy") and _publication_line(doc, s, e, lex, view):
            blocked.append((s, e))
        else:
            cands.append(Candidate(s, e, label, order))
    if blocked:
        cands = [c for c in cands if not any(c.start < be and bs < c.end for bs, be in blocked)]
    cands.sort(key=lambda c: (-(c.end - c.start), c.start, c.order))
    taken: list[Candidate] = []
    used = bytearray(len(doc))
    for c in cands:
        # validated only here: an invalid match is dropped, one overlapping a taken match loses
        # whether valid or not, so validating the ones that can still be taken is the same
        if any(used[c.start : c.end]) or not _valid(doc, c.start, c.end, c.label, lex, view):
            continue
        used[c.start : c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def last_ws(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is followed by whitespace."""
    return bool(doc[i].whitespace_)


# ``_valid`` and ``_publication_line`` read the TokView: spaCy's is_title/is_lower/is_upper are
# str.istitle/islower/isupper of the token text, is_punct/is_alpha/is_space its lexeme flags (the
# view's lists), and a token's trailing whitespace is one space or none. Only like_num and
# is_sent_start are read from spaCy Token objects, last, for the few tokens that reach them.


def _valid(doc: Doc, s: int, e: int, label: str, lex: TemporalLexicon, view: TokView) -> bool:
    text, lower = view.text, view.lower
    has_prev = s > 0
    has_nxt = e < len(text)
    # a compound modifier ("that day-to-day", "the 2023-born") is not a date
    if (
        has_nxt
        and text[e] in ("-", "\u2013")
        and not view.ws[e - 1]
        and not view.ws[e]
        and e + 1 < len(text)
        and view.alpha[e + 1]
    ):
        return False
    if label in ("year", "year_mod") and _YEAR_RE.match(text[e - 1]):
        blocked = has_prev and (lower[s - 1] in lex.year_blockers_before or text[s - 1] in ("-", "\u2013"))
        if blocked and not (label == "year_mod" and e - s > 1):
            return False
        if has_nxt:
            nl = lower[e]
            if nl in lex.year_blockers_after or text[e].startswith(":"):
                return False
            if view.alpha[e] and text[e].islower() and nl.endswith("s") and nl not in lex.count_plural_exceptions:
                return False
            if not view.punct[e] and doc[e].like_num:
                return False
    if label == "decade" and has_prev and lower[s - 1] in lex.decade_blockers_before:
        return False
    if (
        label == "decade"
        and has_prev
        and lower[s - 1] in lex.mods
        and s >= 2
        and lower[s - 2] in lex.decade_blockers_before
    ):
        return False
    if (
        label.startswith("reference")
        and has_nxt
        and (lower[e] in lex.not_after_reference or (not view.punct[e] and doc[e].like_num))
    ):
        return False
    if label == "rel_unit" and "past" in lower[s:e]:
        the_before = lower[s] == "the" or (has_prev and lower[s - 1] == "the")
        if the_before:
            return False  # "(over) the past year" reads as a duration
    if label == "month" and e - s == 1:
        if has_nxt and text[e].istitle() and view.alpha[e] and lower[e] not in lex.months:
            return False  # a name: "April Smith"
        if (
            has_prev
            and text[s - 1].istitle()
            and view.alpha[s - 1]
            and lower[s - 1] not in lex.strip_leading
            and lower[s - 1] not in lex.month_context
            and not doc[s].is_sent_start
        ):
            return False  # "Lt. June Kim", "Sgt. April"
    if label == "anaphor_before" and has_nxt and not (view.punct[e] or lower[e] in ("and", "or")):
        return False  # "the day after falling": a preposition, not "the day after"
    if label in ("date_md", "date_dm") and has_nxt and text[e] in ("%",):
        return False
    if (
        label == "deictic"
        and text[s].istitle()
        and has_prev
        and view.alpha[s - 1]
        and (text[s - 1].istitle() or text[s - 1].isupper())
        and not doc[s].is_sent_start
    ):
        return False  # a name: "Japan Today", "USA Today"
    return not (label == "date_dm" and has_prev and (text[s - 1] in ("$", "#") or doc[s - 1].like_num))


def _publication_line(doc: Doc, s: int, e: int, lex: TemporalLexicon, view: TokView) -> bool:
    """A full date that is the page's publication line, which is not annotated: alone on its line
    (times, time zones and punctuation aside: "14:15 JST, April 10, 2025"), or after a byline or
    publication word ("By bno - Taipei Office October 2, 2024", "first appeared on … Aug 20, 2018")."""
    text, lower = view.text, view.lower

    def filler(k: int) -> bool:
        t = text[k]
        return view.punct[k] or ":" in t or (t.isupper() and len(t) <= 4) or doc[k].like_num

    def line_break_before(k: int) -> bool:
        return k == 0 or "\n" in text[k - 1]  # (a token's whitespace is one space or none)

    # scan to the line's ends, but stop at the first non-filler word once the byline window is
    # covered: on a long line of many dates, scanning whole lines per date would be quadratic
    i = s
    alone = True
    while not line_break_before(i) and (alone or s - i < 12):
        i -= 1
        alone = alone and filler(i)
    j = e
    while alone and j < len(text) and not view.space[j]:
        alone = filler(j) or lower[j] in ("am", "pm", "a.m.", "p.m.")
        j += 1
    if alone:
        return True
    return any(
        lower[k] in lex.byline_starts and (text[k].istitle() or lower[k] != "by") for k in range(max(i, s - 12), s)
    )


# --------------------------------------------------------------------------- tense


@dataclass(frozen=True)
class Cues:
    """Tense cues of a ``Doc``: token ranges and kinds, and the sentence bounds."""

    cues: list[tuple[int, int, Tense]]
    sent_starts: list[int]
    sent_ends: list[int]

    @functools.cached_property
    def bounds(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the cues (disjoint and in text order, so both are sorted)."""
        return [c[0] for c in self.cues], [c[1] for c in self.cues]


def sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end token of every sentence of ``doc``.

    Read from the per-Doc ``doc.sents`` bounds the extractors share (``people.sentence_bounds``,
    cached in ``doc.user_data``); a ``Doc`` without sentence starts is one sentence."""
    if len(doc) == 0:
        return [], []
    try:
        bounds = shared_sentence_bounds(doc)
    except ValueError:  # no sentence boundaries set: doc.sents refuses
        bounds = ()
    if bounds:
        return [s for s, _ in bounds], [e for _, e in bounds]
    flags = doc.to_array(SENT_START)
    starts = [int(i) for i in numpy.nonzero(flags == 1)[0].tolist()]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts, [*starts[1:], len(doc)]


def find_cues(doc: Doc, comp: Compiled, near: list[Candidate]) -> Cues:
    """The tense cues of the sentences around ``near`` (within ``cue_window`` tokens of a candidate):
    lexicon cue sequences, past-tense-looking verbs and 'to' + verb."""
    lex = comp.lex
    starts, ends = sentence_bounds(doc)
    reach = lex.cue_window + 3
    regions: list[tuple[int, int]] = []
    for c in near:
        i = bisect.bisect_right(starts, c.start) - 1
        lo, hi = (starts[i], ends[i]) if i >= 0 else (0, len(doc))
        regions.append((max(lo, c.start - reach), min(hi, c.end + reach)))
    out: list[tuple[int, int, Tense]] = []
    raw: set[tuple[int, int, Tense]] = set()
    view = tok_view(doc)
    lowers, text = view.lower, view.text  # str.islower() is spaCy's is_lower
    n = len(doc)
    merged = _merge(regions)
    raw.update(cue_matches(text, merged, comp))
    classes = comp.word_classes_cache  # word class per lower-case form, filled by ``word_class``
    hot = comp.cue_words  # the words of class past or to
    for a, b in merged:
        seg = lowers[a:b]
        for w in set(seg).difference(classes):
            comp.word_class(w)
        # only past / to words can start a cue: flag them at C speed (map), visit them with bytes.find
        marked = bytes(map(hot.__contains__, seg))
        j = marked.find(1)
        while j >= 0:
            i = a + j
            j = marked.find(1, j + 1)
            word = classes[lowers[i]]
            if word == "past":
                prev = lowers[i - 1] if i > 0 else ""
                if prev not in lex.passive_auxiliaries and prev not in lex.adjective_markers and text[i].islower():
                    raw.add((i, i + 1, "past"))
            elif word == "to" and i + 1 < n and comp.word_class(lowers[i + 1]) == "verb" and text[i + 1].islower():
                raw.add((i, i + 2, "future"))
    # overlapping cues: the longest wins ("to be held" over "held")
    used: set[int] = set()
    for s, e, kind in sorted(raw, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        if not used.isdisjoint(range(s, e)):
            continue
        used.update(range(s, e))
        out.append((s, e, kind))
    out.sort()
    return Cues(out, starts, ends)


def cue_matches(text: list[str], regions: list[tuple[int, int]], comp: Compiled) -> set[tuple[int, int, Tense]]:
    """The lexicon's tense-cue phrases (``comp.cues``, a ``PhraseMatcher`` on ORTH) that lie inside
    one of ``regions`` (sorted, disjoint token ranges), as ``(start, end, kind)``; ``text`` is the
    token texts.

    Matched in Python on the regions only (a few tokens around each date) rather than by running the
    ``PhraseMatcher`` over the whole ``Doc`` and keeping its matches inside a region: the phrases
    that start with each token are looked up by its text (a C-speed ``map`` flags the tokens that
    start one, ``bytes.find`` visits them)."""
    out: set[tuple[int, int, Tense]] = set()
    by_first = comp.cue_phrases
    for a, b in regions:
        marked = bytes(map(by_first.__contains__, text[a:b]))
        j = marked.find(1)
        while j >= 0:
            i = a + j
            for words, kind in by_first[text[i]]:
                e = i + len(words)
                if e <= b and (e == i + 1 or tuple(text[i:e]) == words):
                    out.add((i, e, kind))
            j = marked.find(1, j + 1)
    return out


def tense_of(doc: Doc, cues: Cues, s: int, e: int, lex: TemporalLexicon) -> Tense | None:
    """The tense around tokens ``[s, e)``: the kind of the nearest cue in the same sentence.

    Reporting cues after the expression and past a comma or a quote ("… on Monday, the ministry
    said") are ignored: they date the report, not the event. A cue after the expression in another
    clause ("arrived on Wednesday and departs Saturday") yields to a cue before it."""
    i = bisect.bisect_right(cues.sent_starts, s) - 1
    lo, hi = (cues.sent_starts[i], cues.sent_ends[i]) if i >= 0 else (0, len(doc))
    before: tuple[int, int, Tense] | None = None
    after: tuple[int, int, Tense] | None = None
    after_other_clause = False
    c_starts, c_ends = cues.bounds  # only the cues of this sentence, found by bisection
    view = tok_view(doc)
    lower = view.lower
    for cs, ce, kind in cues.cues[bisect.bisect_right(c_ends, lo) : bisect.bisect_left(c_starts, hi)]:
        if ce <= lo or cs >= hi or (cs >= s and ce <= e):
            continue
        if ce <= s:
            dist = s - ce
        elif cs >= e:
            if kind == "future" and lower[cs] == "to" and ce - cs == 2:
                continue  # a purpose clause after the expression ("in April to take part")
            if lower[cs] in lex.reporting_cues and any(
                p and t != "-" for p, t in zip(view.punct[e:cs], view.text[e:cs], strict=True)
            ):
                continue
            dist = cs - e
        else:
            continue
        if dist > lex.cue_window:
            continue
        if kind == "future" and lower[cs] == "to" and ce - cs == 2 and dist > lex.weak_cue_window:
            continue  # "request to provide … during talks on Friday": too far to govern the date
        rank = (dist, 0 if kind == "past" else 1, kind)
        if ce <= s:
            if before is None or rank < before:
                before = rank
        elif after is None or rank < after:
            after = rank
            after_other_clause = not lex.clause_breaks.isdisjoint(lower[e:cs])
    if after is not None and after_other_clause and before is not None:
        return before[2]
    best = min((r for r in (before, after) if r is not None), default=None)
    return best[2] if best else None


# --------------------------------------------------------------------------- resolution helpers


def _int(tok: Tok) -> int:
    m = _DAY_NUM.match(tok.text)
    return int(m.group()) if m else 0


def _years(toks: Sequence[Tok]) -> list[int]:
    return [int(t.text) for t in toks if _YEAR_RE.match(t.text)]


def _days(toks: Sequence[Tok]) -> list[int]:
    return [_int(t) for t in toks if _DAY_RE.match(t.lower_) and not _YEAR_RE.match(t.text)]


def _month_of(toks: Sequence[Tok], lex: TemporalLexicon) -> list[int]:
    return [lex.months[t.lower_] for t in toks if t.lower_ in lex.months and t.text[:1].isupper()]


def _mod_of(toks: Sequence[Tok], lex: TemporalLexicon) -> Mod | None:
    for t in toks:
        low = t.lower_
        if low in lex.mods:
            return lex.mods[low]
        head = low.split("-", 1)[0]
        if "-" in low and head in lex.mods:
            return lex.mods[head]
    return None


def _edge_of(toks: Sequence[Tok], lex: TemporalLexicon) -> Mod | None:
    return next((lex.edges[t.lower_] for t in toks if t.lower_ in lex.edges), None)


def _rel_of(toks: Sequence[Tok], lex: TemporalLexicon) -> tuple[str, int] | None:
    for t in toks:
        if t.lower_ in lex.relative:
            return t.lower_, lex.relative[t.lower_]
    return None


def _unit_of(toks: Sequence[Tok], lex: TemporalLexicon) -> str | None:
    for t in reversed(toks):
        if t.lower_ in lex.units:
            return lex.units[t.lower_]
    return None


def _num_of(toks: Sequence[Tok], lex: TemporalLexicon) -> int | None:
    for t in toks:
        if t.lower_ in lex.numbers:
            return lex.numbers[t.lower_]
        if t.text.isdigit():
            return int(t.text)
    return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _pick(
    options: list[cal.Period],
    anchor: dt.date,
    tense: Tense | None,
    default: str,
    window: tuple[dt.date | None, dt.date | None] = (None, None),
) -> cal.Period:
    """Choose among candidate periods: past → latest starting on or before ``anchor``; future →
    earliest ending on or after it; ``default`` (``past`` or ``nearest``) when no tense is known.
    ``window`` is the span the publication date may fall in (month precision): past may reach its
    last day, future its first."""
    mode = tense or default
    early, late = window[0] or anchor, window[1] or anchor
    if mode == "past":
        prior = [p for p in options if p.start <= late]
        if prior:
            return max(prior, key=lambda p: p.start)
    elif mode == "future":
        later = [p for p in options if p.end >= early]
        if later:
            return min(later, key=lambda p: p.start)

    def dist(p: cal.Period) -> tuple[int, int]:
        if p.start <= anchor <= p.end:
            return (0, 0)
        gap = (p.start - anchor).days if p.start > anchor else (anchor - p.end).days
        return (gap, 1 if p.start > anchor else 0)

    return min(options, key=dist)


def _shift(unit: str, base: dt.date, k: int) -> cal.Period | None:
    if unit == "day":
        return cal.day(base + dt.timedelta(days=k))
    if unit == "week":
        return cal.week(base + dt.timedelta(days=7 * k))
    if unit == "weekend":
        return cal.weekend(base + dt.timedelta(days=7 * k))
    if unit == "month":
        y, m = cal.add_months(base.year, base.month, k)
        return cal.month(y, m)
    if unit == "quarter":
        y, q = cal.add_quarters(*cal.quarter_of(base), k)
        return cal.quarter(y, q)
    if unit == "year":
        return cal.year(base.year + k)
    if unit == "decade":
        return cal.decade(base.year // 10 + k)
    if unit == "century":
        return cal.century(base.year // 100 + k)
    return None


_UNDER_UNIT: dict[str, tuple[str, Granularity]] = {
    "day": ("XXXX-XX-XX", "day"),
    "week": ("XXXX-WXX", "week"),
    "weekend": ("XXXX-WXX-WE", "week"),
    "month": ("XXXX-XX", "month"),
    "quarter": ("XXXX-QX", "quarter"),
    "year": ("XXXX", "year"),
    "decade": ("XXX", "decade"),
    "century": ("XX", "century"),
}


def _century_for(two: int, env: Env) -> int:
    ref = env.day.year if env.day else None
    if ref is None:
        return 1900 + two
    return (ref // 100) * 100 + two if two <= ref % 100 else (ref // 100 - 1) * 100 + two


# --------------------------------------------------------------------------- resolvers per label


def _resolve_match(doc: Doc, c: Candidate, env: Env, toks: list[Tok] | None = None) -> list[tuple[int, int, Res]]:
    """Resolve candidate ``c`` into one or more ``(tok_start, tok_end, Res)`` (``toks``: its tokens,
    ``_toks`` of ``[c.start, c.end)``, when the caller has them)."""
    view = tok_view(doc)
    if toks is None:
        toks = _toks(view, c.start, c.end)
    lex = env.lex
    lab = c.label

    def one(r: Res | None) -> list[tuple[int, int, Res]]:
        return [(c.start, c.end, r)] if r is not None else []

    if lab.startswith("reference:"):
        return one(Res(lab.split(":", 1)[1], None, "temporal.reference", "anchor"))
    if lab in ("date_mdy", "date_dmy", "date_iso") or (lab == "weekday_date" and _years(toks)):
        months = _month_of(toks, lex)
        if lab == "date_iso":
            y, m, d = int(toks[0].text), int(toks[2].text), int(toks[4].text)
        else:
            y, m, d = _years(toks)[0], months[0], _days(toks)[0]
        date = _safe_date(y, m, d)
        return one(_of(cal.day(date), f"temporal.{lab}", "absolute") if date else None)
    if lab == "date_numeric":
        return one(_numeric(_span_text(view, c.start, c.end)))
    if lab in ("date_md", "date_dm", "weekday_date"):
        return one(_month_day(_month_of(toks, lex)[0], _days(toks)[0], None, env, f"temporal.{lab}"))
    if lab in ("date_md_range", "date_dm_range"):
        days = _days(toks)
        m = _month_of(toks, lex)[0]
        years = _years(toks)
        if len(days) < 2 or days[1] <= days[0]:
            return []
        return one(_month_day(m, days[0], days[1], env, f"temporal.{lab}", years[0] if years else None))
    if lab == "month_pair_year":
        m1, m2 = _month_of(toks, lex)[:2]
        y = _years(toks)[0]
        first = next(i for i, t in enumerate(toks) if t.lower_ in lex.months)
        second = next(i for i, t in enumerate(toks) if t.lower_ in lex.months and i > first)
        return [
            (c.start + first, c.start + first + 1, _of(cal.month(y, m1), "temporal.month_pair_year", "absolute")),
            (c.start + second, c.end, _of(cal.month(y, m2), "temporal.month_year", "absolute")),
        ]
    if lab == "month_rel_year":
        rel = _rel_of(toks, lex)
        m = _month_of(toks, lex)[0]
        if env.day is None:
            return one(_under(f"XXXX-{m:02d}", "month", "temporal.month_rel_year", _mod_of(toks, lex)))
        p = cal.month(env.day.year + (rel[1] if rel else 0), m)
        return one(_of(p, "temporal.month_rel_year", "anchor", _mod_of(toks, lex)))
    if lab == "month_year":
        p = cal.month(_years(toks)[0], _month_of(toks, lex)[0])
        return one(_of(p, "temporal.month_year", "absolute", _mod_of(toks, lex)))
    if lab in ("month", "month_mod", "month_rel"):
        return one(_month(_month_of(toks, lex)[0], _rel_of(toks, lex), _mod_of(toks, lex), env, lab))
    if lab == "year_range":
        return one(_year_range(toks))
    if lab == "year_mod":
        ym = re.search(r"\d{4}", _span_text(view, c.start, c.end))
        return one(_of(cal.year(int(ym.group())), "temporal.year_mod", "absolute", _mod_of(toks, lex)) if ym else None)
    if lab == "year":
        if toks[-1].text.isdigit() and len(toks[-1].text) == 2:
            return one(_of(cal.year(_century_for(int(toks[-1].text), env)), "temporal.year_short", "absolute"))
        return one(_of(cal.year(int(toks[-1].text)), "temporal.year", "absolute"))
    if lab == "decade":
        return one(_decade(toks, env))
    if lab == "century":
        n = next(lex.centuries[t.lower_] for t in toks if t.lower_ in lex.centuries)
        return one(_of(cal.century(n - 1), "temporal.century", "absolute", _mod_of(toks, lex)))
    if lab == "decade_rel":
        rel = _rel_of(toks, lex)
        if env.day is None:
            return one(_under("XXX", "decade", "temporal.decade_rel"))
        return one(_of(cal.decade(env.day.year // 10 + (rel[1] if rel else 0)), "temporal.decade_rel", "anchor"))
    if lab == "weekday":
        return one(_weekday(toks, env))
    if lab == "deictic":
        k = next(lex.deictic_days[t.lower_] for t in toks if t.lower_ in lex.deictic_days)
        if env.day is None:
            return one(_under("XXXX-XX-XX", "day", "temporal.deictic"))
        return one(_of(cal.day(env.day + dt.timedelta(days=k)), "temporal.deictic", "anchor"))
    if lab in ("rel_unit", "within_unit", "edge_rel", "decade_rel"):
        unit = _unit_of(toks, lex)
        rel = _rel_of(toks, lex)
        k = rel[1] if rel else 0
        mod = _mod_of(toks, lex)
        if lab == "edge_rel":
            mod = _edge_of(toks, lex)
        rule = f"temporal.{lab}"
        if unit is None:
            return []
        if env.day is None:
            v, g = _UNDER_UNIT.get(unit, ("XXXX-XX-XX", "day"))
            return one(_under(v, g, rule, mod))
        shifted = _shift(unit, env.day, k)
        return one(_of(shifted, rule, "anchor", mod) if shifted else None)
    if lab == "ago":
        return one(_ago(toks, env, -1, "temporal.ago", use_focus=False))
    if lab == "anaphor_shift":
        sign = 1 if toks[-1].lower_ == "later" else -1
        return one(_ago(toks, env, sign, "temporal.anaphor_shift", use_focus=True))
    if lab == "anaphor_year_ago":
        return one(_same_period_year_ago(toks, env))
    if lab == "weekend":
        if env.day is None:
            return one(_under("XXXX-WXX-WE", "week", "temporal.weekend"))
        opts = [cal.weekend(env.day + dt.timedelta(days=7 * k)) for k in (-1, 0, 1)]
        return one(_of(_pick(opts, env.day, env.tense, "past"), f"temporal.weekend_{env.tense or 'past'}", "anchor"))
    if lab in ("anaphor", "anaphor_before"):
        unit = _unit_of(toks, lex)
        if lab == "anaphor_before":
            k = -1 if toks[-1].lower_ == "before" else 1
        else:
            k = next((lex.anaphoric[t.lower_] for t in toks if t.lower_ in lex.anaphoric), 0)
        return one(_anaphor(unit or "day", k, env, f"temporal.{lab}"))
    if lab == "edge_year":
        return one(_of(cal.year(_years(toks)[0]), "temporal.edge_year", "absolute", _edge_of(toks, lex)))
    if lab == "edge_month":
        m = _month_of(toks, lex)[0]
        years = _years(toks)
        if years:
            return one(_of(cal.month(years[0], m), "temporal.edge_month", "absolute", _edge_of(toks, lex)))
        return one(_month(m, None, _edge_of(toks, lex), env, "edge_month"))
    if lab in ("quarter_year", "quarter_rel_year", "quarter"):
        return one(_quarter(toks, env, lab))
    if lab in ("season_year", "season_rel", "season"):
        return one(_season(toks, env, lab))
    return []


@functools.lru_cache(maxsize=256)
def _numeric(text: str) -> Res | None:
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        return None
    return _of(cal.day(parsed.date()), "temporal.date_numeric", "absolute")


def _month_day(m: int, d: int, d2: int | None, env: Env, rule: str, year: int | None = None) -> Res | None:
    if year is not None:
        a, b = _safe_date(year, m, d), _safe_date(year, m, d2 or d)
        if a is None or b is None:
            return None
        return Res(a.isoformat(), "day", rule, "absolute", None, a, b)
    if env.day is None:
        if _safe_date(2000, m, d) is None:
            return None
        return _under(f"XXXX-{m:02d}-{d:02d}", "day", rule)
    opts: list[cal.Period] = []
    for y in (env.day.year - 1, env.day.year, env.day.year + 1):
        a, b = _safe_date(y, m, d), _safe_date(y, m, d2 or d)
        if a and b:
            opts.append(cal.Period(a.isoformat(), "day", a, b))
    if not opts:
        return None
    p = _pick(opts, env.day, env.tense, "nearest", (env.early, env.late))
    return Res(p.value, "day", f"{rule}_{env.tense or 'nearest'}", "anchor", None, p.start, p.end)


def _month(m: int, rel: tuple[str, int] | None, mod: Mod | None, env: Env, lab: str) -> Res | None:
    if env.day is None:
        return _under(f"XXXX-{m:02d}", "month", f"temporal.{lab}", mod)
    a = env.day
    opts = [cal.month(y, m) for y in (a.year - 1, a.year, a.year + 1)]
    cur = (a.year, a.month)
    if rel is None:
        p = _pick(opts, a, env.tense, "past")
        return _of(p, f"temporal.{lab}_{env.tense or 'past'}", "anchor", mod)
    word, k = rel
    if k == 0:
        p = cal.month(a.year, m)
    elif k < 0:
        p = max((o for o in opts if (o.start.year, o.start.month) < cur), key=lambda o: o.start)
    else:
        p = min((o for o in opts if (o.start.year, o.start.month) > cur), key=lambda o: o.start)
    return _of(p, f"temporal.month_{word}", "anchor", mod)


def _weekday(toks: Sequence[Tok], env: Env) -> Res | None:
    lex = env.lex
    wd = next(lex.weekdays[t.lower_] for t in toks if t.lower_ in lex.weekdays)
    rel = _rel_of(toks, lex)
    if env.day is None:
        return _under(f"XXXX-WXX-{wd}", "day", "temporal.weekday" + (f"_{rel[0]}" if rel else ""))
    a = env.day
    monday = a - dt.timedelta(days=a.isoweekday() - 1)
    if rel is None:
        if env.tense == "future":
            # on or after: "is set to depart on Tuesday" written on a Tuesday is that day
            delta = (wd - a.isoweekday()) % 7
            return _of(cal.day(a + dt.timedelta(days=delta)), "temporal.weekday_future", "anchor")
        delta = (a.isoweekday() - wd) % 7
        return _of(cal.day(a - dt.timedelta(days=delta)), f"temporal.weekday_{env.tense or 'past'}", "anchor")
    word, k = rel
    if word == "coming":
        delta = (wd - a.isoweekday()) % 7 or 7
        return _of(cal.day(a + dt.timedelta(days=delta)), "temporal.weekday_coming", "anchor")
    if word == "past":
        delta = (a.isoweekday() - wd) % 7 or 7
        return _of(cal.day(a - dt.timedelta(days=delta)), "temporal.weekday_past_rel", "anchor")
    d = monday + dt.timedelta(days=7 * k + wd - 1)
    return _of(cal.day(d), f"temporal.weekday_{word}", "anchor")


def _year_range(toks: Sequence[Tok]) -> Res | None:
    nums = re.findall(r"\d+", "".join(t.text_with_ws for t in toks))
    if len(nums) < 2:
        return None
    y1 = int(nums[0])
    y2 = int(nums[1]) if len(nums[1]) == 4 else (y1 // 100) * 100 + int(nums[1])
    if y2 <= y1 or y2 - y1 > 99:
        return None
    return _of(cal.year_span(y1, y2), "temporal.year_range", "absolute")


def _decade(toks: Sequence[Tok], env: Env) -> Res | None:
    tok = toks[-1]
    digits = tok.lower_[:-1]
    dec = int(digits) // 10 if len(digits) == 4 else _century_for(int(digits), env) // 10
    return _of(cal.decade(dec), "temporal.decade", "absolute", _mod_of(toks, env.lex))


def _ago(toks: Sequence[Tok], env: Env, sign: int, rule: str, *, use_focus: bool) -> Res | None:
    lex = env.lex
    n = _num_of(toks, lex)
    unit = _unit_of(toks, lex)
    if n is None or unit is None:
        return None
    base: dt.date | None = None
    anchor: str | None = None
    if use_focus:
        base = _focus_base(env.focus, unit)
        anchor = _focus_value(env.focus, unit) if base else None
    basis: Basis = "focus" if base is not None else "anchor"
    base = base or env.day
    if base is None:
        v, g = _UNDER_UNIT["day" if unit in ("day", "week") else unit]
        return _under(v, g, rule)
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return replace(_of(cal.day(base + dt.timedelta(days=sign * days)), rule, basis), anchor=anchor)
    if unit == "decade":
        return replace(_of(cal.year(base.year + sign * 10 * n), rule, basis), anchor=anchor)
    p = _shift(unit, base, sign * n)
    return replace(_of(p, rule, basis), anchor=anchor) if p else None


def _focus_base(f: Focus, unit: str) -> dt.date | None:
    """The date in focus that an expression in ``unit`` counts from ("two years later": the year)."""
    if unit in ("day", "week", "weekend"):
        return f.day
    if unit == "month":
        return dt.date(f.month[0], f.month[1], 1) if f.month else None
    if f.year:
        return f.day if f.day and f.day.year == f.year else dt.date(f.year, 1, 1)
    return None


def _focus_value(f: Focus, unit: str) -> str | None:
    if unit in ("day", "week", "weekend") and f.day:
        return f.day.isoformat()
    if unit == "month" and f.month:
        return f"{f.month[0]:04d}-{f.month[1]:02d}"
    if f.day and f.year and f.day.year == f.year:
        return f.day.isoformat()
    return f"{f.year:04d}" if f.year else None


def _anaphor(unit: str, k: int, env: Env, rule: str) -> Res | None:
    f = env.focus
    base = _focus_base(f, unit)
    if base is not None:
        p = _shift(unit, base, k)
        return replace(_of(p, rule, "focus"), anchor=_focus_value(f, unit)) if p else None
    if env.day is None:
        v, g = _UNDER_UNIT.get(unit, ("XXXX-XX-XX", "day"))
        return _under(v, g, rule)
    p = _shift(unit, env.day, k)
    return _of(p, rule + "_publication", "anchor") if p else None


def _same_period_year_ago(toks: Sequence[Tok], env: Env) -> Res | None:
    """ "the same month a year ago", "the same period last year": the focus period, a year back."""
    lex = env.lex
    word = toks[2].lower_
    n = 1 if toks[3].lower_ == "last" else (_num_of([toks[3]], lex) or 1)
    f = env.focus
    unit = {"period": f.last or "day", "time": f.last or "day"}.get(word, word)
    base: dt.date | None = None
    if unit == "day" and f.day:
        base = f.day
    elif unit == "month" and f.month:
        base = dt.date(f.month[0], f.month[1], 1)
    elif f.year:
        base = f.day if f.day and f.day.year == f.year else dt.date(f.year, 1, 1)
    if base is None:
        return None
    try:
        back = base.replace(year=base.year - n)
    except ValueError:
        back = base.replace(year=base.year - n, day=28)
    p = _shift(unit, back, 0)
    return replace(_of(p, "temporal.anaphor_year_ago", "focus"), anchor=_focus_value(f, unit)) if p else None


def _quarter(toks: Sequence[Tok], env: Env, lab: str) -> Res | None:
    lex = env.lex
    q = next((lex.ordinals[t.lower_] for t in toks if t.lower_ in lex.ordinals), None)
    if q is None:
        q = next((int(t.text[1]) for t in toks if re.match(r"^Q[1-4]$", t.text)), None)
    if q is None:
        return None
    years = _years(toks)
    if lab == "quarter_year" and years:
        return _of(cal.quarter(years[0], q), "temporal.quarter_year", "absolute")
    if env.day is None:
        return _under(f"XXXX-Q{q}", "quarter", f"temporal.{lab}")
    if lab == "quarter_rel_year":
        rel = _rel_of(toks, lex)
        return _of(cal.quarter(env.day.year + (rel[1] if rel else 0), q), "temporal.quarter_rel_year", "anchor")
    opts = [cal.quarter(y, q) for y in (env.day.year - 1, env.day.year, env.day.year + 1)]
    p = _pick(opts, env.day, env.tense, "nearest")
    return _of(p, f"temporal.quarter_{env.tense or 'nearest'}", "anchor")


def _season(toks: Sequence[Tok], env: Env, lab: str) -> Res | None:
    lex = env.lex
    code = next(lex.seasons[t.lower_] for t in toks if t.lower_ in lex.seasons)
    mod = _mod_of(toks, lex)
    sm = lex.season_start_month
    years = _years(toks)
    if lab == "season_year" and years:
        return _of(cal.season(years[0], code, sm), "temporal.season_year", "absolute", mod)
    if env.day is None:
        return _under(f"XXXX-{code}", "season", f"temporal.{lab}", mod)
    a = env.day
    cy, ccode = cal.season_at(a, sm)
    cur = cal.season_index(cy, ccode)
    opts = [(cal.season_index(y, code), cal.season(y, code, sm)) for y in (a.year - 2, a.year - 1, a.year, a.year + 1)]
    rel = _rel_of(toks, lex)
    if lab == "season_rel" and rel is not None:
        word, k = rel
        if k == 0:
            same = [p for i, p in opts if i == cur]
            p = same[0] if same else cal.season(a.year, code, sm)
        elif k < 0:
            p = max(((i, p) for i, p in opts if i < cur), key=lambda x: x[0])[1]
        else:
            p = min(((i, p) for i, p in opts if i > cur), key=lambda x: x[0])[1]
        return _of(p, f"temporal.season_{word}", "anchor", mod)
    p = _pick([p for _, p in opts], a, env.tense, "past")
    return _of(p, f"temporal.season_{env.tense or 'past'}", "anchor", mod)


# --------------------------------------------------------------------------- multi-day spans


def _span_days(doc: Doc, start: int, lo: int, lex: TemporalLexicon) -> int | None:
    """``N`` when the expression at token ``start`` opens an N-day span ("a two-day meeting
    starting next Wednesday", "the two days of meetings that began Monday"), else None."""
    view = tok_view(doc)
    lower = view.lower
    j = start - 1
    while j >= lo and lower[j] in ("on",):
        j -= 1
    if j < lo or lower[j] not in lex.span_start_cues:
        return None
    for i in range(j - 1, max(lo, j - 25) - 1, -1):
        if lower[i] in ("day", "days"):
            k = i - 1
            if k >= lo and view.text[k] in ("-", "\u2013"):
                k -= 1
            if k >= lo:
                n = _num_of(_toks(view, k, k + 1), lex)
                if n is not None and 2 <= n <= 14:
                    return n
    return None


# --------------------------------------------------------------------------- the whole document


#: Labels whose resolver (``_resolve_match``) never reads ``Env.tense`` (nor does a reference value's):
#: full dates, years, decades, centuries, deictic days, periods shifted from the anchor, anaphora.
#: The labels that do: partial dates, months, weekdays, the weekend, quarters, seasons.
_TENSELESS = frozenset(
    {
        "date_mdy",
        "date_dmy",
        "date_iso",
        "date_numeric",
        "month_pair_year",
        "month_rel_year",
        "month_year",
        "year_range",
        "year_mod",
        "year",
        "decade",
        "century",
        "decade_rel",
        "deictic",
        "rel_unit",
        "within_unit",
        "edge_rel",
        "ago",
        "anaphor_shift",
        "anaphor_year_ago",
        "anaphor",
        "anaphor_before",
        "edge_year",
    }
)



def _needs_tense(label: str) -> bool:
    """Whether the resolver of ``label`` may read the tense (else it is not looked for)."""
    return label not in _TENSELESS and not label.startswith("reference:")


def annotate(doc: Doc, comp: Compiled, published: Published | None, *, focus: Focus | None = None) -> list[Found]:
    """Every date expression of ``doc``, resolved against ``published``, in text order."""
    lex = comp.lex
    cands = recognise(doc, comp)
    if not cands:
        return []
    cues = find_cues(doc, comp, cands)
    view = tok_view(doc)
    focus = focus or Focus()
    out: list[Found] = []
    last = published.last if published is not None and published.precision != "day" else None  # (computed once)
    for c in cands:
        tense = tense_of(doc, cues, c.start, c.end, lex) if _needs_tense(c.label) else None
        if published is None:
            envs = [Env(lex, None, tense, focus)]
        elif published.precision == "day":
            envs = [Env(lex, published.date, tense, focus)]
        else:
            win = (published.date, last)
            envs = [Env(lex, published.date, tense, focus, *win), Env(lex, last, tense, focus, *win)]
        toks = _toks(view, c.start, c.end)
        results = [_resolve_match(doc, c, env, toks) for env in envs]
        if not results[0]:
            continue
        for idx, (s, e, r) in enumerate(results[0]):
            alt = results[-1][idx][2] if len(results[-1]) > idx else r
            sent_lo = cues.sent_starts[bisect.bisect_right(cues.sent_starts, s) - 1]
            if r.granularity == "day" and r.start is not None and r.start == r.end and r.basis != "absolute":
                n = _span_days(doc, s, sent_lo, lex)
                if n:
                    r = replace(r, end=r.start + dt.timedelta(days=n - 1), rule=r.rule + "+days")
                    if alt.start is not None:
                        alt = replace(alt, end=alt.start + dt.timedelta(days=n - 1), rule=r.rule)
            if r.mod is None and s > 0 and view.lower[s - 1] in lex.prep_mods:
                pm = lex.prep_mods[view.lower[s - 1]]
                r, alt = replace(r, mod=pm), replace(alt, mod=pm)
            r, alt = _narrow(r, lex), _narrow(alt, lex)
            found = _finish(doc, s, e, r, alt, published)
            out.append(found)
            if found.status in ("absolute", "resolved"):
                focus.update(r)
    return out


def _narrow(r: Res, lex: TemporalLexicon) -> Res:
    """With START/MID/END, narrow a month's or a year's range to its part (``mod_ranges``)."""
    if r.mod is None or r.start is None or r.end is None or r.granularity not in lex.mod_ranges:
        return r
    part = lex.mod_ranges[r.granularity].get(r.mod)
    if part is None:
        return r
    a, b = part
    if r.granularity == "month":
        last = r.end.day
        return replace(r, start=r.start.replace(day=min(a, last)), end=r.start.replace(day=min(b, last)))
    if r.start.year != r.end.year:
        return r
    return replace(r, start=dt.date(r.start.year, a, 1), end=cal.month_last(r.start.year, b))


def _finish(doc: Doc, s: int, e: int, r: Res, alt: Res, published: Published | None) -> Found:
    # doc[s:e].text and its character bounds, from the TokView and the token offsets
    view = tok_view(doc)
    start_char = token_starts(doc)[s]
    text = _span_text(view, s, e)
    end_char = start_char + len(text)
    if text.endswith(")") and "(" not in text:
        text, end_char = text[:-1], end_char - 1

    # (value, status, anchor, range start, range end, granularity) of the record
    value: str | None = r.value
    status: Literal["absolute", "resolved", "unanchored", "ambiguous"]
    anchor: str | None = None
    lo, hi, granularity = r.start, r.end, r.granularity
    if r.basis == "absolute":
        status = "absolute"
    elif r.basis == "focus":
        status, anchor = "resolved", r.anchor
    else:
        anchor_iso = None
        if published is not None:
            anchor_iso = published.date.isoformat() if published.precision == "day" else published.iso
        if r.value is not None and r.value.endswith("_REF"):
            status = "resolved" if anchor_iso else "unanchored"
            anchor, lo, hi, granularity = anchor_iso, None, None, None
        elif anchor_iso is None or r.start is None:
            status, lo, hi = "unanchored", None, None
        elif r.value == alt.value and r.start == alt.start and r.end == alt.end:
            status, anchor = "resolved", anchor_iso
        else:
            status, anchor = "ambiguous", anchor_iso
            value = cal.xmerge(r.value, alt.value) if r.value and alt.value else None
            lo = min(x for x in (r.start, alt.start) if x is not None)
            hi = max(x for x in (r.end, alt.end) if x is not None)
            if r.rule.startswith("temporal.weekday") and published is not None and published.precision == "month":
                # a weekday in an article known to the month: a day of that month (annotation guide, 6)
                value = published.iso + "-XX"
                lo, hi = max(lo, published.date), min(hi, published.last)
    return Found(
        tok_start=s,
        tok_end=e,
        start_char=start_char,
        end_char=end_char,
        text=text,
        value=value,
        granularity=granularity,
        mod=r.mod,
        range_start=lo,
        range_end=hi,
        anchor=anchor,
        status=status,
        rule=r.rule,
    )
