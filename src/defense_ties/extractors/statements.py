"""The ``statements`` extractor: direct quotes, quoted fragments and reported speech, with speaker,
channel and reporting verb.

How a statement is read (rule ids in ``Statement.rule``):

1. The article is cut into units: sentences, joined while a quotation is open across them.
2. In each unit, every reporting verb outside quotation marks (``lexicons/reporting_verbs.json``)
   and every channel ("according to", "as stated by") is an anchor. Its speaker is found by rule:
   a participant mention right before the verb (``statements.subject``; over an apposition or a
   relative clause: "Bauer, who was visiting …, emphasized"), after it ("…, said Bauer"), a pronoun
   ("He also expressed" → the last person speaker; "it said" → the last body that spoke; "they",
   "both sides" → the two persons last mentioned), an unnamed speaker ("officials said" → null), or
   the speaker of the previous anchor for "…, and asked" / "…, underscoring that".
3. An anchor at the end of a unit whose content is the rest of the unit ("…, the JCS said in a
   statement."; "…, according to the ministry.") is an attribution: it is the ``via`` of the other
   anchors of the unit, or, when there is none, the speaker of the unit's content.
4. The words: the content of an anchor is the clause after the verb (up to the next anchor, an
   attribution or "…, and VERBed") or, for an attribution, the rest of the unit. Quotation marks in
   the content give one ``partial`` record per quoted stretch, or ``direct`` when the quote is the
   content; without quotation marks the content is one ``reported`` record. A unit that is only a
   quotation, right after a quoted statement, continues that speaker (``statements.continuation``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..context import validate_span
from ..lexicons import load_lexicon
from ..models import Participant, Span, Statement, TimeExpression
from .base import BaseExtractor
from .people import (
    CHANNEL,
    VERB,
    Tag,
    get_tagger,
    quote_marks,
    range_finder,
    sentence_bounds,
    tag_doc,
    tag_index,
    tok_view,
    token_starts,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext

_OPEN = frozenset({"\u201c", "\u00ab", "\u201e"})
_SINGLE_OPEN, _SINGLE_CLOSE = "\u2018", "\u2019"
_CLOSE = frozenset({"\u201d", "\u00bb"})
_STRAIGHT = '"'
_ANY_CLOSE = frozenset({"\u201d", "\u00bb", _STRAIGHT, "\u2019"})
_KEEP_AT_END = _CLOSE | {_STRAIGHT, ")"}  # closing marks ``clean`` keeps at the end of the words
_MARKS = _OPEN | _CLOSE | {_STRAIGHT, "\u2018", "\u2019"}  # the tokens ``_find_quotes`` reads
_ANY_OPEN = frozenset({"\u201c", "\u00ab", "\u201e", _STRAIGHT, "\u2018"})
_GRAMMAR = load_lexicon("grammar")
_AUX = frozenset(_GRAMMAR["adverbs_before_verb"]) | frozenset(_GRAMMAR["reporting_modifiers"])
_PRONOUN_PERSON = frozenset({"he", "she"})
_DATE_PREPS = frozenset({"on", "in", "at", "during", "earlier", "later"})  # words that open a date (``_in_date``)
_PRONOUN_BODY = frozenset({"it"})
_PRONOUN_PLURAL = frozenset({"they"})
_PLURAL_HEADS = frozenset({"sides", "leaders", "ministers", "chiefs", "officers", "generals", "admirals", "two"})
_TAIL_START = frozenset(
    {
        "in",
        "during",
        "on",
        "at",
        "to",
        "via",
        "through",
        "after",
        "before",
        "while",
        "citing",
        "earlier",
        "later",
        "last",
        "this",
        "when",
        "without",
        "with",
        "by",
        "from",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
        "as",
    }
)
_CHANNEL_LEMMA = {
    "according to": "according to",
    "as stated by": "state",
    "as reported by": "report",
    "citing": "cite",
    "quoting": "quote",
}


#: ``Span(**fields)`` / ``Statement(**fields)`` through the models' validators (the same records,
#: without ``BaseModel.__init__``'s Python frame and keyword packing).
_validate_statement = Statement.__pydantic_validator__.validate_python

_Fields = dict[str, Any]  # the fields of a Statement but its id (given once the statements are ordered)


@dataclass
class _Anchor:
    """A reporting verb or channel with its speaker(s) and its content range (tokens)."""

    tag: Tag
    lemma: str
    speakers: list[str | None] = field(default_factory=list)
    speaker_text: str | None = None
    subj_start: int = -1
    subj_end: int = -1
    attribution: bool = False
    content: tuple[int, int] = (0, 0)
    quote_before: tuple[int, int] | None = None
    rule: str = "statements.subject"
    date: TimeExpression | None = None


class _Reader:
    """One article's statements (no state kept between articles)."""

    def __init__(self, doc: Doc, ctx: ArticleContext) -> None:
        self.doc = doc
        self.tv = tok_view(doc)
        self.lower = self.tv.lower
        self.ctx = ctx
        self.tg = get_tagger(ctx.lexicons)
        self.tags = tag_doc(doc, ctx.lexicons)
        n = len(doc)
        self.n = n
        self.idx: list[int] = token_starts(doc)  # each token's first character
        self.parts: list[Participant] = list(ctx.records("participants"))
        self.kind = {p.id: p.kind for p in self.parts}
        self.part_order = {p.id: i for i, p in enumerate(self.parts)}  # (for last_two_persons)
        self.pid_at: list[str | None] = [None] * n
        self.mention_start: list[int] = [-1] * n
        self.mentions: list[tuple[int, int, str]] = []
        to_view = ctx.view.to_view
        find_range = range_finder(doc)  # doc.char_span(expand)'s token range, the offsets read once
        for p in self.parts:
            for m in p.mentions:
                # the tokens of ctx.doc_span(doc, m), without building the spaCy Span
                rng = find_range(*to_view(m.start, m.end))
                if rng is None:
                    continue
                ms, me = rng
                self.mentions.append((ms, me, p.id))
                self.pid_at[ms:me] = [p.id] * (me - ms)
                self.mention_start[ms:me] = [ms] * (me - ms)
        self.mentions.sort()
        self.tag_at: list[Tag | None] = tag_index(doc, ctx.lexicons)  # shared, read-only
        self.in_quote = bytearray(n)
        self.quotes: list[tuple[int, int]] = []  # token ranges of the words inside quotation marks
        self._find_quotes()
        self.quotes.sort()
        self.closes = {c for _o, c in self.quotes}
        self.dates: list[TimeExpression] = list(ctx.records("dates"))
        self.date_at: list[TimeExpression | None] = [None] * n  # the date expression covering each token
        for d in self.dates:
            rng = find_range(*to_view(d.start, d.end))  # ctx.doc_span's tokens
            if rng is not None:
                self.date_at[rng[0] : rng[1]] = [d] * (rng[1] - rng[0])
        self.mention_starts = [m[0] for m in self.mentions]
        self.sents = sentence_bounds(doc)
        self.sent_starts = [ss for ss, _se in self.sents]  # the sentences tile the Doc: bisect these
        # the reporting verbs and channels (the only tags read_unit reads), their starts for bisect
        self.speech_tags = [t for t in self.tags if t.cat == VERB or t.cat == CHANNEL]
        self.speech_starts = [t.start for t in self.speech_tags]
        self.evidence: dict[int, Span] = {}  # sentence_span per sentence (records of one sentence share it)
        self.prev_unit: tuple[int, int] = (0, 0)
        self.cur_unit: tuple[int, int] = (0, 0)
        self.last_person_unit: tuple[int, int] = (-1, -1)
        self.unit_anchor_starts: list[int] = []
        self.last_person: str | None = None
        self.last_body: str | None = None
        self.last_quote_speaker: str | None = None
        self.last_quote_verb: str | None = None

    # -- quotes and units ----------------------------------------------------------------------

    def _find_quotes(self) -> None:
        texts = self.tv.text
        spaces = self.tv.space
        open_at: int | None = None
        straight_open: int | None = None
        single_open: int | None = None  # ‘…’ (British style); ’ closes only a pending ‘
        # only quote marks and line breaks change the state: visit those tokens alone
        for i in quote_marks(self.doc):  # (people.quote_marks: the same tokens as _MARKS)
            t = texts[i]
            if t in _OPEN:
                open_at = i
            elif t in _CLOSE and open_at is not None:
                self._add_quote(open_at, i)
                open_at = None
            elif t == _STRAIGHT:
                if straight_open is None:
                    straight_open = i
                else:
                    self._add_quote(straight_open, i)
                    straight_open = None
            elif t == "\u2018" and open_at is None:
                single_open = i
            elif t == "\u2019" and single_open is not None and i - single_open < 200:
                self._add_quote(single_open, i)
                single_open = None
            elif spaces[i] and "\n" in t:
                single_open = None
                if "\n\n" in t:
                    open_at = None
                    straight_open = None

    def _add_quote(self, o: int, c: int) -> None:
        if c - o < 2:
            return
        self.quotes.append((o + 1, c))
        self.in_quote[o : c + 1] = b"\x01" * (c + 1 - o)  # (one slice: in_quote[k] = 1 for k in o..c)

    def units(self) -> list[tuple[int, int]]:
        """Sentences, joined while a quotation runs on across them; a closing straight quote that
        the sentence splitter put at the start of the next sentence goes back to its own."""
        closes = {c for _o, c in self.quotes}
        out: list[tuple[int, int]] = []
        for s, e in self.sents:
            if out and s in closes and out[-1][1] == s:
                out[-1] = (out[-1][0], s + 1)
                s += 1
                if s >= e:
                    continue
            if out and s > 0 and self.in_quote[s - 1] and self.in_quote[s] and out[-1][1] == s:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
        return out

    # -- speakers ------------------------------------------------------------------------------

    def is_cat(self, i: int, cat: str) -> bool:
        """Whether token ``i`` carries a lexicon tag of category ``cat``."""
        t = self.tag_at[i] if 0 <= i < self.n else None
        return t is not None and t.cat == cat

    def low(self, i: int) -> str:
        return self.lower[i] if 0 <= i < self.n else ""

    def mention_before(self, k: int) -> tuple[int, int, str] | None:
        """The participant mention ending at token ``k`` (inclusive)."""
        if 0 <= k < self.n and self.pid_at[k] is not None:
            pid = self.pid_at[k]
            assert pid is not None
            return (self.mention_start[k], k + 1, pid)
        return None

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Participant mentions starting in tokens ``[start, end)``, in text order."""
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return self.mentions[lo:hi]

    def _before(self, before: int) -> Iterator[tuple[int, int, str]]:
        """The mentions starting before token ``before``, latest first (without copying them all)."""
        mentions = self.mentions
        for i in range(bisect.bisect_left(self.mention_starts, before) - 1, -1, -1):
            yield mentions[i]

    def last_two_persons(self, before: int) -> list[str]:
        out: list[str] = []
        for _s, _e, pid in self._before(before):
            if self.kind.get(pid) != "person":
                continue
            if pid not in out:
                out.append(pid)
            if len(out) == 2:
                break
        order = self.part_order
        return sorted(out, key=lambda x: order.get(x, 0))

    def pronoun_person(self, k: int, us: int) -> str | None:
        """The person "he"/"she" at token ``k`` refers to: a person named earlier in the same unit;
        else the subject of the previous unit (a person named at its start: "Rutte's remarks …");
        else the person last mentioned there; else the last person who spoke."""
        here = [pid for _s, _e, pid in self.mentions_in(us, k) if self.kind.get(pid) == "person"]
        if here:
            return here[-1]
        ps, pe = self.prev_unit
        prev = [(s, pid) for s, _e, pid in self.mentions_in(ps, pe) if self.kind.get(pid) == "person"]
        if prev:
            first = ps
            while first < pe and (self.tv.space[first] or self.tag_at[first] is not None or self.low(first) == "the"):
                first += 1
            if prev[0][0] <= first:
                return prev[0][1]
            if self.last_person is not None and self.last_person_unit == self.prev_unit:
                return self.last_person  # the person who spoke in the previous sentence
            return prev[-1][1]
        return self.last_person or self.last_of_kind(k, "person")

    def last_of_kind(self, before: int, kind: str) -> str | None:
        for _s, _e, pid in self._before(before):
            if self.kind.get(pid) == kind:
                return pid
        return None

    def subject(self, a: _Anchor, us: int, prev: _Anchor | None) -> bool:
        """Fill ``a.speakers`` from the words before (or after) the verb; False when nobody speaks."""
        v = a.tag.start
        k = v - 1
        lower = self.lower
        if self.dates:
            # (``self._in_date(k)`` inlined: us <= k < v, inside the Doc)
            date_at, n = self.date_at, self.n
            while k >= us and (
                lower[k] in _AUX
                or date_at[k] is not None
                or (lower[k] in _DATE_PREPS and k + 1 < n and date_at[k + 1] is not None)
            ):
                k -= 1
        else:
            while k >= us and lower[k] in _AUX:
                k -= 1
        if k < us:
            return self._inherit(a, prev)
        m = self.mention_before(k)
        if m is None and self.tv.text[k] == "," and k - 1 >= us:
            m = self._over_apposition(k, us)
        if m is not None:
            s, e, pid = m
            a.speakers = [pid]
            a.subj_start, a.subj_end = s, e
            ts = s
            ctag = self.tag_at[ts - 2] if ts - 2 >= us else None
            if ctag is not None and ctag.cat == "COUNTRY" and self.tv.text[ts - 1] in {"'s", "\u2019s"}:
                ts = ctag.start
            a.speaker_text = self.text_of(ts, e)
            # coordination: "X and Y said", "X and his Vietnamese counterpart, Y, said"
            j = s - 1
            if j >= us and self.tv.text[j] == ",":
                j -= 1
            while (
                j >= us
                and (self.low(j) in {"his", "her", "their"} or self.tag_at[j] is not None or self.tv.text[j][:1].isupper())
                and self.pid_at[j] is None
            ):
                j -= 1
            if j >= us and self.low(j) == "and":
                m2 = self.mention_before(j - 1)
                if m2 is not None and m2[2] != pid:
                    a.speakers = [m2[2], pid]
                    a.subj_start = m2[0]
                    a.speaker_text = self.text_of(m2[0], e)
            return True
        w = lower[k]
        if w in _PRONOUN_PERSON:
            pid2 = self.pronoun_person(k, us)
            a.speakers = [pid2]
            a.subj_start, a.subj_end = k, k + 1
            a.speaker_text = self.tv.text[k]
            a.rule = "statements.pronoun"
            return pid2 is not None
        if w in _PRONOUN_BODY:
            pid2 = self.last_body or self.last_of_kind(v, "organization")
            if pid2 is None:
                return False
            a.speakers = [pid2]
            a.subj_start, a.subj_end = k, k + 1
            a.speaker_text = self.tv.text[k]
            a.rule = "statements.pronoun"
            return True
        if w in _PRONOUN_PLURAL or w in _PLURAL_HEADS:
            start = k
            if w in _PLURAL_HEADS:
                if start - 2 >= us and self.tv.text[start - 1].islower() and self.low(start - 2) in {"both", "two"}:
                    start -= 1  # "both defense chiefs"
                while start - 1 >= us and self.low(start - 1) in {"both", "two", "the", "all", "three"}:
                    start -= 1
                if start == k and w != "two":
                    return False
            pair = self.last_two_persons(start)
            if len(pair) < 2:
                return False
            a.speakers = list(pair)
            a.subj_start, a.subj_end = start, k + 1
            st = start + 1 if self.low(start) == "the" else start
            a.speaker_text = self.text_of(st, k + 1)
            a.rule = "statements.joint"
            return True
        if w in self.tg.anonymous:
            start = k
            while (
                start - 1 >= us
                and (
                    self.tv.text[start - 1][:1].isupper()
                    or self.low(start - 1)
                    in {
                        "and",
                        "military",
                        "government",
                        "senior",
                        "defense",
                        "defence",
                        "ministry",
                        "foreign",
                        "top",
                        "security",
                        "other",
                    }
                )
                and self.low(start - 1) not in {"the", "a", "an"}
                and not self.in_quote[start - 1]
            ):
                start -= 1
                if start <= us:
                    break
            a.speakers = [None]
            a.subj_start, a.subj_end = start, k + 1
            a.speaker_text = self.text_of(start, k + 1)
            a.rule = "statements.unnamed"
            return True
        np = self.common_subject(k, us)
        if np is not None:
            # "An international tribunal in 2016 said …": an unnamed body or person as clause subject
            a.speakers = [None]
            a.subj_start, a.subj_end = np, k + 1
            st = np + 1 if self.low(np) in {"the", "a", "an"} else np
            a.speaker_text = self.text_of(st, k + 1)
            a.rule = "statements.unnamed"
            return True
        # inverted: ", said the ministry" / "” said Bauer"
        if self.tv.text[k] in {",", "\u201d", '"'}:
            j = a.tag.end
            while j < self.n and (self.low(j) in {"the", "a", "an"} or (self.tag_at[j] is not None and self.pid_at[j] is None)):
                j += 1
            inv = self.pid_at[j] if j < self.n else None
            if inv is not None:
                pid = inv
                e = j
                while e < self.n and self.pid_at[e] == pid:
                    e += 1
                a.speakers = [pid]
                a.subj_start, a.subj_end = j, e
                a.speaker_text = self.text_of(j, e)
                a.rule = "statements.inverted"
                return True
        comma_in_quote = self.tv.text[k] in _ANY_CLOSE and k - 1 >= us and self.tv.text[k - 1] == ","
        if w in {"and", ",", "while", "before", "after", "by", "also"} or (
            comma_in_quote and self.tv.lower[a.tag.start].endswith("ing")
        ):
            finite_after_comma = w == "," and not self.tv.lower[a.tag.start].endswith("ing")
            if not finite_after_comma and self._inherit(a, prev):
                return True
            if self.tv.lower[a.tag.start].endswith("ing"):
                # "Bauer gave a briefing …, expressing his appreciation …": the clause's subject
                first = next(((ms, me, pid) for ms, me, pid in self.mentions_in(us, v) if self.kind.get(pid) == "person"), None)
                if first is not None and self.clause_subject(first[0], first[1], us):
                    a.speakers = [first[2]]
                    a.subj_start, a.subj_end = first[0], first[1]
                    a.speaker_text = self.text_of(first[0], first[1])
                    a.rule = "statements.participle"
                    return True
                # "they discussed X, noting that …": a plural clause subject is the two persons
                f = us
                comma = next((x for x in range(us, min(v, us + 8)) if self.tv.text[x] == ","), None)
                if comma is not None:
                    f = comma + 1  # past an introductory phrase ("During the meeting, they …")
                while f < v and (self.tv.space[f] or self._in_date(f)):
                    f += 1
                if self.low(f) in _PRONOUN_PLURAL or (
                    self.low(f) in {"both", "the"} and self.low(f + 1) in _PLURAL_HEADS | {"two"}
                ):
                    pair = self.last_two_persons(f)
                    if len(pair) == 2:
                        a.speakers = list[str | None](pair)
                        a.subj_start, a.subj_end = f, f + 1
                        a.speaker_text = self.tv.text[f]
                        a.rule = "statements.joint"
                        return True
            return False
        return False

    def clause_subject(self, s: int, e: int, us: int) -> bool:
        """Whether the mention ``[s, e)`` is the subject of its clause: it opens the unit or follows
        an introductory phrase ("During Monday's talks, Bauer …"), and is not a possessive."""
        if e < self.n and self.tv.text[e] in {"'s", "\u2019s", "'", "\u2019"}:
            return False
        k = self.np_start(s, us) - 1
        while k >= us and self.tv.space[k]:
            k -= 1
        return k < us or self.tv.text[k] == ","

    def common_subject(self, k: int, us: int) -> int | None:
        """Start of a common-noun subject ending at token ``k`` ("An international tribunal",
        "The joint communique") that opens its clause; None otherwise."""
        if self.tv.lower[k] not in self.tg.unnamed_bodies or not self.tv.text[k].islower() or self.tag_at[k] is not None:
            return None
        j = k - 1
        while j >= us and j >= k - 3 and self.tv.alpha[j] and self.tv.text[j].islower() and self.low(j) not in {"the", "a", "an"}:
            j -= 1
        if j < us or self.low(j) not in {"the", "a", "an"}:
            return None
        before = j - 1
        while before >= us and self.tv.space[before]:
            before -= 1
        return j if before < us or self.tv.text[before] == "," else None

    def _inherit(self, a: _Anchor, prev: _Anchor | None) -> bool:
        if prev is None or not prev.speakers:
            return False
        a.speakers = list(prev.speakers)
        a.speaker_text = prev.speaker_text
        a.subj_start, a.subj_end = prev.subj_start, prev.subj_end
        a.rule = "statements.shared_subject"
        return True

    def _over_apposition(self, k: int, us: int) -> tuple[int, int, str] | None:
        """``X, who …, said`` / ``X, chairman of …, said``: the mention before the opening comma."""
        direct = self.mention_before(k - 1)
        if direct is not None and direct[0] - 1 >= us and self.tv.text[direct[0] - 1] == ",":
            return direct  # "… and his Vietnamese counterpart, Phan Van Giang, acknowledged"
        j = k - 1
        while j > us and self.tv.text[j] != "," and k - j < 30:
            if self.in_quote[j] or (self.is_cat(j, VERB) and self.low(j - 1) not in {"who", "which"}):
                return None
            j -= 1
        if j <= us or self.tv.text[j] != ",":
            return None
        inner_first = self.low(j + 1)
        m = self.mention_before(j - 1)
        if m is None:
            return None
        if inner_first in {"who", "which"} or self.pid_at[j + 1] == m[2] or self.pid_at[k - 1] == m[2]:
            return m
        # an apposition (title, rank) consumed by the participant's first mention
        if inner_first in {"a", "an", "the"} or self.tv.text[j + 1][:1].islower() or self.tv.text[j + 1][:1].isupper():
            return m
        return None

    def _in_date(self, k: int) -> bool:
        """A token of a date expression, or a preposition opening one ("on Monday", "in the same
        month"), between a subject and its verb."""
        if not self.dates:
            return False
        if self._in_date_tok(k):
            return True
        return self.low(k) in _DATE_PREPS and k + 1 < self.n and self._in_date_tok(k + 1)

    def _in_date_tok(self, k: int) -> bool:
        return 0 <= k < self.n and self.date_at[k] is not None

    # -- content -------------------------------------------------------------------------------

    def trailing(self, a: _Anchor, ue: int) -> bool:
        """Whether the anchor closes its unit as an attribution: after the verb only adjuncts remain
        ("said in a statement.", "confirmed Monday during a regular briefing."), up to the end of the
        unit or a participle that continues it (", underscoring …")."""
        j = a.tag.end
        end = min([ue, *(b for b in self.unit_anchor_starts if b > j)])
        while end > j and (self.tv.punct[end - 1] or self.tv.space[end - 1]) and self.tv.text[end - 1] not in _CLOSE:
            end -= 1
        if j >= end:
            return True
        if self.tv.text[j] == "," and not (j + 1 < end and self.in_quote[j + 1]):
            return True  # "…, the minister said, as Paris bolsters ties": a new clause follows
        if any(self.in_quote[j:end]):
            return False
        if a.lemma == "tell":
            # the addressee: "told The Korea Herald", "told reporters"
            while j < end and (
                self.tv.text[j][:1].isupper() or self.low(j) in {"reporters", "the", "a", "journalists", "lawmakers"}
            ):
                j += 1
            if j >= end:
                return True
        w = self.low(j)
        return (w in _TAIL_START or self._in_date_tok(j)) and end - j <= 12 and "that" not in self.lower[j:end]

    def forward(self, a: _Anchor, ue: int, stops: list[int]) -> tuple[int, int]:
        """The content after the verb, up to the next stop."""
        # (the token lists as locals, read directly: every index below is inside the unit, so
        # ``self.low(x)`` is ``lower[x]`` and ``self._in_date_tok(x)`` is ``date_at[x] is not None``)
        lower, texts, in_quote, date_at, tag_at = self.tv.lower, self.tv.text, self.in_quote, self.date_at, self.tag_at
        j = a.tag.end
        while j < ue and (
            lower[j] in {"that", ","}
            or (date_at[j] is not None and not in_quote[j])
            or (lower[j] == "on" and j + 1 < ue and date_at[j + 1] is not None)
        ):
            j += 1
        if j < ue and lower[j] == "of" and a.lemma == "note":
            j += 1
        # "said in a statement on Friday that …", "told reporters that …": the clause follows "that"
        for x in range(j, min(ue, j + 10)):
            w = lower[x]
            t = tag_at[x]
            if in_quote[x] or w in {",", ";", ":"} or (t is not None and t.cat == VERB):
                break
            if w == "that":
                if x > j and all(lower[y] not in {"is", "was", "are", "were", "has", "have", "will"} for y in range(j, x)):
                    j = x + 1
                break
        end = ue
        for s in stops:
            if j < s < end:  # (end = min(end, s) for the stops after j)
                end = s
        if a.lemma not in self.tg.clause_verbs and self.low(j - 1) != "that":
            x = _and_verb_ed(lower, texts, in_quote, j + 1, end - 1)  # "… and agreed"
            if x >= 0:
                end = x
        # ", and agreed …": a new non-reporting predicate ends the clause (not inside quotes)
        x = _comma_and_ed(lower, texts, in_quote, tag_at, j, end - 2)
        if x >= 0:
            end = x
        return j, end

    def clean(self, s: int, e: int) -> tuple[int, int]:
        # (the token lists as locals; the set of kept closing marks built once, _KEEP_AT_END)
        texts, punct, space, in_quote, lower = self.tv.text, self.tv.punct, self.tv.space, self.in_quote, self.lower
        while e > s and (punct[e - 1] or space[e - 1]) and texts[e - 1] not in _KEEP_AT_END:
            e -= 1
        while (
            e > s
            and (lower[e - 1] in {"and", "or", "but", ",", "while", "as", "by", "before", "after", "then"} or space[e - 1])
            and not in_quote[e - 1]
        ):
            e -= 1
            while e > s and (punct[e - 1] or space[e - 1]) and texts[e - 1] not in _KEEP_AT_END:
                e -= 1
        while s < e and (space[s] or texts[s] in {",", ":"}):
            s += 1
        if s < e and lower[s] == "that" and not in_quote[s]:
            s += 1
        if s + 1 < e and lower[s] in {"but", "and", "so", "yet"} and not in_quote[s]:
            s += 1  # "But South Korea's defense minister rejected …, the spokesperson confirmed"
            if texts[s] == ",":
                s += 1
        return s, e

    def text_of(self, s: int, e: int) -> str:
        """``tok_span(s, e).text`` (empty when ``s >= e``), without building the ``Span`` record."""
        if s >= e:
            return ""
        if s >= 0 and e <= self.n:
            view = self.ctx.view
            a, b = view.to_original(self.idx[s], self.idx[e - 1] + len(self.tv.text[e - 1]))
            return view.original[a:b]  # what ctx.span(...) puts in Span.text
        return self.tok_span(s, e).text

    def tok_span(self, s: int, e: int) -> Span:
        """``ctx.span_of(doc[s:e])`` without building a spaCy ``Span``: the first token's start to
        the end of the last token's text (any other range goes through ``span_of``)."""
        if 0 <= s < e <= self.n:
            # (ctx.span: the view range to the original, the Span built by the model's validator)
            view = self.ctx.view
            a, b = view.to_original(self.idx[s], self.idx[e - 1] + len(self.tv.text[e - 1]))
            return validate_span({"start": a, "end": b, "text": view.original[a:b]})
        return self.ctx.span_of(self.doc[s:e])

    def quote_text(self, qs: int, qe: int) -> str:
        s, e = qs, qe
        while e > s and self.tv.text[e - 1] in {",", "."}:
            e -= 1
        while s < e and self.tv.space[s]:
            s += 1
        return self.text_of(s, e)

    # -- main ----------------------------------------------------------------------------------

    def read(self) -> list[Statement]:
        out: list[tuple[int, int, _Fields]] = []
        prev_unit_quoted = False
        for us, ue in self.units():
            self.cur_unit = (us, ue)
            recs = self.read_unit(us, ue, prev_unit_quoted)
            self.prev_unit = (us, ue)
            prev_unit_quoted = False
            for rec in recs:
                if rec[2]["kind"] != "reported":  # direct or partial
                    prev_unit_quoted = True
                    break
            out.extend(recs)
        out.sort(key=lambda x: (x[0], x[1]))
        # each record is built once, with its id (not built with a placeholder id, then copied)
        # (Statement(id=…, **r) through the model's validator: the same record, without BaseModel.__init__)
        for i, (_, _, r) in enumerate(out, 1):
            r["id"] = f"S{i}"
        return [_validate_statement(r) for _, _, r in out]

    def read_unit(self, us: int, ue: int, prev_quoted: bool) -> list[tuple[int, int, _Fields]]:
        anchors: list[_Anchor] = []
        prev: _Anchor | None = None
        lo = bisect.bisect_left(self.speech_starts, us)
        hi = bisect.bisect_left(self.speech_starts, ue)
        if lo == hi:  # no reporting verb nor channel: no anchor (what the loop below finds then)
            return self.continuation(us, ue, prev_quoted)
        unit_tags = [t for t in self.speech_tags[lo:hi] if t.end <= ue]
        for t in unit_tags:
            if self.in_quote[t.start]:
                # a quoted fragment opening with the verb: the chairman “extended his gratitude …”
                if (
                    t.cat == VERB
                    and t.start > 0
                    and self.tv.text[t.start - 1] in _ANY_OPEN
                    and self.pid_at[t.start - 2 if t.start >= 2 else 0] is not None
                ):
                    a = _Anchor(tag=t, lemma=t.value)
                    m = self.mention_before(t.start - 2)
                    if m is not None:
                        a.speakers = [m[2]]
                        a.subj_start, a.subj_end = m[0], m[1]
                        a.speaker_text = self.text_of(m[0], m[1])
                        a.rule = "statements.quoted_verb"
                        anchors.append(a)
                        prev = a
                continue
            if t.cat == CHANNEL:
                a = _Anchor(tag=t, lemma=_CHANNEL_LEMMA.get(self.text_of(t.start, t.end).lower(), "according to"))
                j = t.end
                while j < ue and (
                    self.low(j) in {"the", "a", "an"} or self.is_cat(j, "COUNTRY") or self.tv.text[j] in {"'s", "\u2019s"}
                ):
                    j += 1
                if j < ue and self.pid_at[j] is not None:
                    pid = self.pid_at[j]
                    e = j
                    while e < ue and self.pid_at[e] == pid:
                        e += 1
                    a.speakers = [pid]
                    a.subj_start, a.subj_end = j, e
                    a.speaker_text = self.text_of(j, e)
                elif j < ue and self.low(j) in self.tg.anonymous:
                    a.speakers = [None]
                    a.subj_start, a.subj_end = j, j + 1
                    a.speaker_text = self.text_of(j, j + 1)
                else:
                    continue
                # "according to a NATO statement"
                e = a.subj_end
                while e < ue and self.low(e) in {"statement", "release", "news", "report", "press", "briefing", "readout"}:
                    e += 1
                a.subj_end = e
                a.attribution = True
                a.rule = "statements.channel"
                anchors.append(a)
                continue
            if t.value == "call" and t.end - t.start == 1 and self.low(t.end) != "for" and not any(self.in_quote[t.end : ue]):
                continue  # "called X “…”" needs a quoted fragment after it
            a = _Anchor(tag=t, lemma=t.value)
            if not self.subject(a, us, prev):
                continue
            anchors.append(a)
            prev = a
        if not anchors:
            return self.continuation(us, ue, prev_quoted)
        # attributions: closing anchors whose content is the rest of the unit
        self.unit_anchor_starts = [b.tag.start for b in anchors if b.tag.cat == VERB]
        for a in anchors:
            if a.attribution:
                continue
            if a.rule == "statements.inverted":
                a.attribution = a.tag.start > us + 1
                continue
            if a.subj_start < 0 or a.rule == "statements.shared_subject":
                continue
            before = self.np_start(a.subj_start, us) - 1
            if before >= us and (self.tv.text[before] == "," or before in self.closes) and self.trailing(a, ue):
                a.attribution = True
            elif before >= us and self.opening_quote(before, us):
                a.attribution = True  # "“…,” he said, standing alongside …": the quote opens the unit
        # framing: "The Defense Department said Austin congratulated …": the words are Austin's,
        # the department only channels them
        for a in anchors:
            if a.attribution or a.tag.cat != VERB:
                continue
            nxt = [b for b in anchors if b is not a and b.tag.cat == VERB and b.subj_start >= a.tag.end]
            if any(b.subj_start <= a.tag.end + 1 and b.speakers and b.speakers != a.speakers for b in nxt):
                a.attribution = True
        attrs = [a for a in anchors if a.attribution]
        mains = [a for a in anchors if not a.attribution]
        via: str | None = None
        main_speakers = {sp for a in mains for sp in a.speakers}
        # "…, the chairman said Monday, underscoring …": the attribution of a speaker who goes on
        # speaking keeps its own words
        own_attrs = [a for a in attrs if a.tag.cat == VERB and a.speakers and set(a.speakers) <= main_speakers]
        channels = [a for a in attrs if a not in own_attrs]
        if channels and mains:
            via = channels[-1].speakers[0] if channels[-1].speakers else None
        # content ranges
        stops = sorted({a.subj_start if a.subj_start >= 0 else a.tag.start for a in anchors} | {a.tag.start for a in anchors})
        attr_starts = [
            (self.np_start(a.subj_start, us) if a.rule != "statements.inverted" else a.tag.start)
            if a.tag.cat == VERB
            else a.tag.start
            for a in attrs
        ]
        recs: list[tuple[int, int, _Fields]] = []
        prev_date: TimeExpression | None = None
        for a in anchors:
            a.date = self.date_of(a, us, ue)
            if a.date is None and a.rule in ("statements.shared_subject", "statements.participle"):
                a.date = prev_date
            prev_date = a.date or prev_date
        if mains:
            for a in mains:
                own = [s for s in stops if s > a.tag.end]
                # a following anchor by the same speaker (", underscoring …") starts at its verb
                own += [
                    b.tag.start - (1 if self.tv.text[b.tag.start - 1] == "," else 0) for b in anchors if b.tag.start > a.tag.end
                ]
                own += [s for s in attr_starts if s > a.tag.end]
                rng = self.forward(a, ue, own)
                recs.extend(self.emit(a, rng, via if via not in a.speakers else None))
            for a in own_attrs:
                end = self.np_start(a.subj_start, us) if a.rule != "statements.inverted" else a.tag.start
                recs.extend(self.emit(a, (us, end), via if via not in a.speakers else None))
        else:
            a = attrs[-1]
            if a.tag.cat == CHANNEL and a.tag.start <= us + 1:
                # "According to X, …"
                j = a.subj_end
                while j < ue and self.tv.text[j] in {",", ":"}:
                    j += 1
                rng = (j, ue)
            else:
                start = us
                end = self.np_start(a.subj_start, us) if a.tag.cat == VERB else a.tag.start
                if a.tag.cat == VERB and a.rule == "statements.inverted":
                    end = a.tag.start
                rng = (start, end)
            recs.extend(self.emit(a, rng, None))
        return recs

    def np_start(self, s: int, us: int) -> int:
        """Start of the noun phrase whose head mention starts at ``s``: determiners, country
        possessives, bodies, titles and ranks in front of it ("the Defense Ministry",
        "South Korea's JCS", "Defense Ministry spokesperson Boo Seung-chan")."""
        k = s - 1
        tag_at, lower = self.tag_at, self.lower
        while k >= us:
            t = tag_at[k]
            if t is not None and t.cat in ("COUNTRY", "ORG", "TITLE", "RANK"):
                k = t.start - 1
                continue
            if lower[k] in {"the", "a", "an", "top", "new", "senior", "'s", "\u2019s"}:
                k -= 1
                continue
            break
        return k + 1

    def opening_quote(self, k: int, us: int) -> bool:
        """Whether a quotation that opens the unit closes at token ``k``."""
        q = self.quote_ending_at(k, us)
        if q is None:
            return False
        first = us
        while first < q[0] and self.tv.space[first]:
            first += 1
        return first == q[0] - 1

    def quote_ending_at(self, k: int, us: int) -> tuple[int, int] | None:
        """The quote closing at token ``k`` (or just before a comma at ``k``) inside the unit."""
        j = k
        if self.tv.text[j] == "," and j - 1 >= us:
            j -= 1
        if j not in self.closes:
            return None
        for qs, qe in self.quotes:
            if qe == j and qs - 1 >= us:
                return (qs, qe)
        return None

    def emit(self, a: _Anchor, rng: tuple[int, int], via: str | None) -> list[tuple[int, int, _Fields]]:
        """The records of one anchor's words ``rng``: one ``direct``, a ``partial`` per quotation, or
        one ``reported`` clause; one record per speaker."""
        s, e = self.clean(*rng)
        if e <= s:
            return []
        after_that = s > 0 and self.lower[s - 1] in {"that", "to"}
        if a.lemma == "share" and not after_that:
            return []
        lo = bisect.bisect_left(self.quotes, (s - 1, -1))
        hi = bisect.bisect_right(self.quotes, (e + 2, -1))
        inner = [(qs, qe) for qs, qe in self.quotes[lo:hi] if qs >= s - 1 and qe <= e + 1 and qe > qs]
        speakers = a.speakers or [None]
        out: list[tuple[int, int, _Fields]] = []
        pieces: list[tuple[str, str, int]] = []
        if inner:
            qs0, qe0 = inner[0]
            # the quote is the content, or closes it after a lead-in ("writing on X: “…”")
            whole = len(inner) == 1 and qe0 + 1 >= e and (qs0 - 1 <= s or self.tv.text[qs0 - 2] in {":", ","})
            if whole and a.rule != "statements.quoted_verb" and not after_that:
                pieces.append(("direct", self.quote_text(*inner[0]), inner[0][0]))
            else:
                for qs, qe in inner:
                    pieces.append(("partial", self.quote_text(qs, qe), qs))
        else:
            pieces.append(("reported", self.text_of(s, e), s))
        for kind, text, pos in pieces:
            if not text.strip():
                continue
            evidence = self.sentence_span(pos)
            for sp in speakers:
                out.append(
                    (
                        pos,
                        len(out),
                        dict(
                            speaker=sp,
                            speaker_text=a.speaker_text,
                            via=via,
                            kind=kind,
                            text=text,
                            verb=a.lemma,
                            date=a.date,
                            evidence=evidence,
                            rule=a.rule if a.rule != "statements.subject" or not a.attribution else "statements.attribution",
                        ),
                    )
                )
        kind_of = self.kind
        if len(speakers) == 1 and speakers[0] is not None and kind_of.get(speakers[0]) == "person":
            self.last_person = speakers[0]  # (the one speaker, a person)
            self.last_person_unit = self.cur_unit
        # the last body of speakers + via
        if via is not None and kind_of.get(via) == "organization":
            self.last_body = via
        else:
            for sp in reversed(speakers):
                if sp is not None and kind_of.get(sp) == "organization":
                    self.last_body = sp
                    break
        if inner:  # (the pieces are quotations: direct or partial)
            self.last_quote_speaker = speakers[0] if len(speakers) == 1 else None
            self.last_quote_verb = a.lemma
        return out

    def continuation(self, us: int, ue: int, prev_quoted: bool) -> list[tuple[int, int, _Fields]]:
        """A unit that is only a quotation, after a quoted statement, continues its speaker."""
        if not prev_quoted or self.last_quote_speaker is None:
            return []
        s, e = us, ue
        while s < e and self.tv.space[s]:
            s += 1
        while e > s and (self.tv.space[e - 1] or self.tv.text[e - 1] in {"."}):
            e -= 1
        k = bisect.bisect_left(self.quotes, (s + 1, e - 1))  # quotes are sorted: find, don't scan
        q = self.quotes[k] if k < len(self.quotes) and self.quotes[k] == (s + 1, e - 1) else None
        if q is None:
            return []
        evidence = self.sentence_span(q[0])
        st: _Fields = dict(
            speaker=self.last_quote_speaker,
            speaker_text=None,
            via=None,
            kind="direct",
            text=self.quote_text(*q),
            verb=self.last_quote_verb,
            evidence=evidence,
            rule="statements.continuation",
        )
        return [(q[0], 0, st)]

    def sentence_span(self, pos: int) -> Span:
        """The sentence holding token ``pos``, without the white space around it (one ``Span`` per
        sentence: the records of a sentence share it)."""
        si = bisect.bisect_right(self.sent_starts, pos) - 1 if 0 <= pos < self.n else -1
        sp = self.evidence.get(si)
        if sp is None:
            sp = self.evidence[si] = self._sentence_span(si)
        return sp

    def _sentence_span(self, si: int) -> Span:
        s, e = self.sents[si] if si >= 0 else (0, self.n)
        if e < self.n and e in self.closes:
            e += 1  # a closing straight quote the splitter put at the start of the next sentence
        if s in self.closes and s < e - 1:
            s += 1
        while s < e and self.tv.space[s]:
            s += 1
        while e > s and self.tv.space[e - 1]:
            e -= 1
        return self.tok_span(s, e)

    def date_of(self, a: _Anchor, us: int, ue: int) -> TimeExpression | None:
        """The date that dates the saying: between speaker and verb ("Blinken in the same month
        encouraged"), right after the verb or in a closing attribution's tail ("said during a visit …
        in early April 2022"), or in the unit's introductory phrase ("During Monday's talks, …")."""
        if not self.dates:
            return None
        date_at, texts = self.date_at, self.tv.text  # (locals: read in the loops below)
        v = a.tag.start
        for k in range(us if us > a.subj_end else a.subj_end, v):  # (max(us, a.subj_end))
            if date_at[k] is not None:
                return date_at[k]
        j = a.tag.end
        if j < self.n and self.lower[j] in {"on", "in"}:
            j += 1
        end = a.tag.end + 12 if a.attribution else j + 1
        if end > ue:
            end = ue  # (min(ue, …))
        for k in range(j, end):
            if self.in_quote[k] or (texts[k] == "," and not a.attribution):
                break
            if date_at[k] is not None:
                return date_at[k]
        k = us
        stop = min(ue, us + 10)
        while k < stop and texts[k] != ",":
            k += 1
        if k < ue and texts[k] == "," and (k < v or a.subj_start > k) and self.lower[us] not in {"since", "from", "until", "in"}:
            for x in range(us, k):
                if date_at[x] is not None:
                    return date_at[x]
        return None

    def date_near(self, a: _Anchor) -> TimeExpression | None:
        """A date written right after the reporting verb ("said Monday", "confirmed on Tuesday")."""
        if not self.dates or a.tag.cat != VERB:
            return None
        j = a.tag.end
        if j < self.n and self.low(j) == "on":
            j += 1
        if j >= self.n:
            return None
        return self.date_at[j]


def _first_index(seq: list[str], word: str, start: int, stop: int, fits: Callable[[int], bool]) -> int:
    """The first ``x`` in ``[start, stop)`` with ``seq[x] == word`` and ``fits(x)``; -1 when none. (Only
    the tokens equal to ``word`` are visited — list.index finds them at C speed — in the order a
    loop over every token tests them.)"""
    x = start
    while x < stop:
        try:
            x = seq.index(word, x, stop)
        except ValueError:
            return -1
        if fits(x):
            return x
        x += 1
    return -1


def _and_verb_ed(lower: list[str], texts: list[str], in_quote: bytearray, start: int, stop: int) -> int:
    """The first ``x`` in ``[start, stop)`` with ``lower[x] == "and"`` outside quotes, followed by a
    lower-case word ending in "ed" ("… and agreed"); -1 when none. (Token.is_lower is str.islower.)"""
    return _first_index(
        lower, "and", start, stop, lambda x: not in_quote[x] and lower[x + 1].endswith("ed") and texts[x + 1].islower()
    )


def _comma_and_ed(
    lower: list[str], texts: list[str], in_quote: bytearray, tag_at: list[Tag | None], start: int, stop: int
) -> int:
    """The first ``x`` in ``[start, stop)`` with ``texts[x] == ","`` outside quotes followed by "and"
    and an untagged word ending in "ed" (", and agreed"); -1 when none."""
    return _first_index(
        texts,
        ",",
        start,
        stop,
        lambda x: lower[x + 1] == "and" and not in_quote[x] and lower[x + 2].endswith("ed") and tag_at[x + 2] is None,
    )


class StatementsExtractor(BaseExtractor):
    """Finds ``Statement`` records: direct quotes, quoted fragments and reported speech."""

    name = "statements"
    requires = ("participants", "dates")
    record_model = Statement

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Statement]:
        """Return the statements of ``doc`` in text order, ids ``S1…``."""
        if len(doc) == 0:
            return []
        return _Reader(doc, ctx).read()
