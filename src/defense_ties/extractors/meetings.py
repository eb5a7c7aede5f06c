"""The ``meetings`` extractor: talks, visits, phone and video calls, multilateral meetings, summits.

How it reads an article (each step is a rule id prefix in ``Meeting.rule``):

1. **Triggers** (``lexicons/meetings.json``): phrases such as "talks", "met", "phone talks",
   "paid a call", "summit", matched case-insensitively with one ``PhraseMatcher``. A trigger has a
   kind; modifiers in its noun phrase refine it ("NATO Foreign Ministers' meeting" →
   ``multilateral_meeting``, "bilateral" keeps ``talks``).
2. **Mentions**: per trigger, the people (participants of kind ``person``, minus those who only
   report: spokespeople, analysts), the date (the nearest usable ``TimeExpression`` of the
   sentence, coordinated dates "last December and in April" split the mention), the location
   ("in Seoul", "to South Korea", "NATO Brussels Summit") and the status cues ("will", "scheduled",
   "upcoming" → planned; "proposed", "invited" → proposed; a resolved date after publication →
   planned, before → held). People before the first trigger of a sentence are its subject and
   take part in every verb trigger of the sentence. "held respective talks with X and Y" gives one
   mention per counterpart.
3. **Events**: mentions are merged into events in text order. A mention that names the same people
   (a subset) with a compatible date and kind is the same event; a definite mention ("the talks",
   "During Monday's talks", "their conversation") refers back to the latest compatible event
   nearby, else to the article's first one; "another", "separate", a different date or other
   people start a new one. Evidence sentences are merged.
4. **Clean-up**: a visit whose visitor holds talks at the same time is dropped (the talks are the
   record, per the dev-set convention); the news-lede date (a day-precise date in the first
   sentences, at most a week before publication) dates the first held event when nothing else
   does; topics come from the topic lexicon over the evidence sentences; the CAMEO code from kind
   and roles (041 phone, 040 video/consult, 042 visit, 043 hosted at home, 044 third location, 046
   negotiation).
5. **Evidence links** (``_link``; cues in the lexicon): "the first/inaugural meeting" is the held
   meeting (and leads the other references of its sentence); a definite reference whose antecedent
   is one of a set of respective meetings ("X met with A and B. The discussions …") is ambiguous and
   attaches to none; "both earlier visits", "the two meetings" → the two events told last (of the
   noun's kind); a count summary ("held two consecutive military meetings") → the held meetings
   it counts, when the article has exactly that many; a sentence right after a meeting's own
   sentence whose subject is its sides and whose verb is an activity of the meeting ("Both sides
   discussed …", not "shared concerns") → that meeting; a headline meeting verb or noun → the lead
   meeting of the body, or after an upcoming cue ("Ahead of Key Meeting") → the planned one.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from spacy.matcher import PhraseMatcher

from ..lexicons import Lexicons
from ..models import Meeting, Span, TimeExpression
from ..nlp import get_nlp
from .base import BaseExtractor
from .events import (
    EventIndex,
    Place,
    build_index,
    by_first_word,
    dates_compatible,
    filter_ranges,
    location_near,
    merge_spans,
    more_precise,
    place_text,
    usable_date,
)
from .people import tok_view

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext

_SPECIFICITY = {"talks": 0, "multilateral_meeting": 1, "summit": 2, "phone_call": 2, "video_call": 2, "visit": 2}
#: Words that end the noun phrase of a trigger when reading it backwards (prepositions, verbs).
_STOP_NP = {
    "in", "at", "on", "to", "with", "by", "for", "from", "and", "or", ",", ".", ";", ":", "that", "which",
    "who", "as", "after", "before", "during", "hold", "held", "holds", "holding", "would", "will", "had",
    "have", "has", "made", "make", "attend", "attended", "join", "joined", "took", "take", "is", "are",
    "was", "were", "be", "been",
}  # fmt: skip
_POSSESSIVE = {"'s", "’s", "'", "’"}
_COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_MAX_DATE_DIST = 25
_validate_meeting = Meeting.__pydantic_validator__.validate_python
_MAX_PERSON_DIST = 30
#: Verbs that carry a noun trigger ("held talks", "made a trip", "engaged in phone talks").
_LIGHT_VERBS = frozenset({
    "held", "hold", "holds", "holding", "had", "have", "has", "made", "make", "makes", "making", "engaged",
    "conducted", "conduct", "attended", "attend", "attends", "participated", "join", "joined", "paid", "pay",
    "convened", "took", "take", "begin", "began", "wrapped", "led", "lead", "represent",
})  # fmt: skip
_INVITE = frozenset({"invited", "invites", "inviting", "invitation"})
LOOKBACK_SENTS = 200
"""How far back (in sentences) a mention looks for the event it continues: only events mentioned
within the last ``LOOKBACK_SENTS`` sentences are candidates. Scanning every earlier event made the
linking quadratic on very long inputs (a 5 MB text holds thousands of events); a real news article
has fewer than 100 sentences, so every earlier event of it is within reach and nothing changes."""
_DASHES = frozenset({"-", "–"})
_EMPTY: frozenset[str] = frozenset()
_PURPOSE = frozenset({"to", "for"})
_JOINT = frozenset({"together", "jointly", "alongside", "format", "trilateral", "all"})


@dataclass
class _Lex:
    matcher: PhraseMatcher
    triggers: dict[str, dict[str, Any]]
    modifiers: dict[str, str]
    bilateral: set[str]
    planned: list[tuple[str, ...]]
    proposed: list[tuple[str, ...]]
    new_cues: set[str]
    determiners: set[str]
    non_participant: set[str]
    respective: set[str]
    exclude_before: dict[str, set[str]]
    exclude_after: dict[str, set[str]]
    lead_days: int
    lead_sents: int
    arrangement: set[str]
    recurrence: set[str]
    forums: set[str]
    multi_subject: set[str]
    arranged: set[str]
    plural_refs: set[str]
    continuation: list[tuple[str, ...]]
    headline_verbs: set[str]
    headline_upcoming: list[tuple[str, ...]]
    continuation_verbs: set[str]
    continuation_skip: set[str]
    continuation_first: dict[str, list[tuple[str, ...]]] | None = None
    """``continuation`` by first word, in lexicon order (None when a phrase is empty)."""
    np_words: frozenset[str] = frozenset()
    """Every word ``_noun_phrase`` reacts to besides the phrase's end (its cues and modifiers)."""
    trigger_flags: dict[str, tuple[str, bool, bool, bool, bool]] = field(default_factory=dict)
    """Per trigger key: its kind and its generic, verb, anaphor_only and host flags (from ``triggers``)."""


def _build(lexicons: Lexicons) -> _Lex:
    data = lexicons.get("meetings")
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    triggers: dict[str, dict[str, Any]] = {}
    for phrase, spec in data["triggers"].items():
        key = " ".join(t.lower_ for t in nlp.make_doc(phrase))
        triggers[key] = dict(spec)
        matcher.add(key, [nlp.make_doc(phrase)])

    def seqs(items: list[str]) -> list[tuple[str, ...]]:
        return [tuple(t.lower_ for t in nlp.make_doc(x)) for x in items]

    continuation = seqs(data.get("continuation_subjects", []))
    continuation_first = by_first_word(continuation)
    lex = _Lex(
        matcher=matcher,
        triggers=triggers,
        modifiers={k.lower(): v for k, v in data.get("modifiers", {}).items()},
        bilateral={x.lower() for x in data.get("bilateral_modifiers", [])},
        planned=seqs(data.get("planned_phrases", [])),
        proposed=seqs(data.get("proposed_phrases", [])),
        new_cues={x.lower() for x in data.get("new_event_cues", [])},
        determiners={x.lower() for x in data.get("anaphor_determiners", [])},
        non_participant={x.lower() for x in data.get("non_participant_titles", [])},
        respective={x.lower() for x in data.get("respective_cues", [])},
        exclude_before={k.lower(): {w.lower() for w in v} for k, v in data.get("exclude_if_preceded_by", {}).items()},
        exclude_after={k.lower(): {w.lower() for w in v} for k, v in data.get("exclude_if_followed_by", {}).items()},
        lead_days=int(data.get("lead_date_window_days", 7)),
        lead_sents=int(data.get("lead_sentences", 4)),
        arrangement={x.lower() for x in data.get("arrangement_verbs", [])},
        recurrence={x.lower() for x in data.get("recurrence_cues", [])},
        forums={x.lower() for x in data.get("named_forum_heads", [])},
        multi_subject={x.lower() for x in data.get("multilateral_subject_cues", [])},
        arranged={x.lower() for x in data.get("arranged_verbs", [])},
        plural_refs={x.lower() for x in data.get("plural_reference_determiners", [])},
        continuation=continuation,
        headline_verbs={x.lower() for x in data.get("headline_verbs", [])},
        headline_upcoming=seqs(data.get("headline_upcoming_cues", [])),
        continuation_verbs={x.lower() for x in data.get("continuation_verbs", [])},
        continuation_skip={x.lower() for x in data.get("continuation_auxiliaries", [])},
        continuation_first=continuation_first,
        trigger_flags={
            key: (
                str(spec["kind"]),
                bool(spec.get("generic", False)),
                bool(spec.get("verb", False)),
                bool(spec.get("anaphor_only", False)),
                bool(spec.get("host", False)),
            )
            for key, spec in triggers.items()
        },
    )
    lex.np_words = frozenset(
        {"of", "both", "two", "first", "inaugural", "initial", "a", "an"}
        | _POSSESSIVE
        | set(_COUNTS)
        | lex.bilateral
        | set(lex.modifiers)
        | lex.new_cues
        | lex.determiners
    )
    return lex


@dataclass(slots=True)  # (slots: cheaper to build and to read, many per article)
class _Mention:
    sent: int
    start: int
    end: int
    key: str
    kind: str
    generic: bool
    verb: bool
    anaphor_only: bool
    host: bool
    anaphoric: bool = False
    new_marker: bool = False
    persons: list[str] = field(default_factory=list)
    own_persons: list[str] = field(default_factory=list)
    counterparts: list[str] = field(default_factory=list)
    by_agent: bool = False
    date_ids: list[int] = field(default_factory=list)
    date_chains: list[list[int]] = field(default_factory=list)
    place: Place | None = None
    status: str | None = None
    respective: bool = False
    negotiation: bool = False
    first_ordinal: bool = False
    again: bool = False
    named: bool = False
    purpose_of: int | None = None
    plural_ref: bool = False
    count: int = 0
    group: tuple[int, int] | None = None


@dataclass(slots=True)
class _Event:
    kind: str
    generic: bool
    status: str
    participants: list[str]
    date: TimeExpression | None
    place: Place | None
    sents: list[int]
    rule: str
    first: int
    host: bool = False
    negotiation: bool = False
    status_from_date: bool = False
    lead_dated: bool = False
    heads: set[str] = field(default_factory=set)
    named: bool = False
    headline_only: bool = False
    last_end: int = 0
    group: tuple[int, int] | None = None


_MENTION_SLOTS = _Mention.__slots__


def _copy_mention(m: _Mention) -> _Mention:
    """A shallow copy of ``m`` (what ``copy.copy`` gives, without its ``__reduce_ex__`` round trip)."""
    out = object.__new__(_Mention)
    for name in _MENTION_SLOTS:
        setattr(out, name, getattr(m, name))
    return out


def _head(m: _Mention) -> str:
    """The head word of a mention for matching later references: singular, verbs marked with '+'
    ("meetings" → "meeting", "talks" → "talk", "met" → "+met")."""
    word = m.key.split()[-1]
    word = word[:-1] if word.endswith("s") and len(word) > 4 else word
    return "+" + word if m.verb else word


def _has_phrase(tokens: list[str], phrases: Sequence[tuple[str, ...]]) -> bool:
    """True when one of ``phrases`` (token sequences) occurs in ``tokens``."""
    cached = _PHRASE_TEXTS.get(id(phrases))
    if cached is None or cached[0] is not phrases:
        keys = frozenset(max(p, key=len) for p in phrases) if all(phrases) else None
        cached = _PHRASE_TEXTS[id(phrases)] = (phrases, tuple(" " + " ".join(p) + " " for p in phrases), keys)
    # each word of a phrase found in the joined text is a whole token (tokens hold no space but
    # whitespace tokens): when no token is the longest word of any phrase, no phrase is there
    if cached[2] is not None and cached[2].isdisjoint(tokens):
        return False
    text = " " + " ".join(tokens) + " "
    return any(map(text.__contains__, cached[1]))  # map: no generator frame per phrase


_PHRASE_TEXTS: dict[int, tuple[Sequence[tuple[str, ...]], tuple[str, ...], frozenset[str] | None]] = {}
"""The joined ``" w1 w2 "`` forms and the longest words of each phrase list passed to ``_has_phrase``
(keyed by identity; the lists live in the compiled lexicon, so this holds a handful of entries)."""


class MeetingsExtractor(BaseExtractor):
    """Finds ``Meeting`` records (see the module docstring for the rules)."""

    name = "meetings"
    requires = ("participants", "dates")
    record_model = Meeting

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Meeting]:
        if len(doc) == 0:
            return []
        lex = ctx.lexicons.compiled("meetings.lexicon", _build)
        index = build_index(doc, ctx)
        mentions = self._mentions(doc, index, lex)
        events = self._events(mentions, index, lex)
        events = self._clean(events, index, lex)
        events = self._link(events, mentions, index, lex)
        return self._records(events, index, ctx)

    # ------------------------------------------------------------------ mentions
    def _mentions(self, doc: Doc, index: EventIndex, lex: _Lex) -> list[_Mention]:
        by_sent: dict[int, list[_Mention]] = {}
        lower = tok_view(doc).lower
        reporters: dict[str, bool] = {}
        # (the triggers found by the event index's matcher, with the topics: what ``lex.matcher`` finds)
        found = index.trigger_matches["meetings"] if index.trigger_matches is not None else lex.matcher(doc)
        for s, e in filter_ranges(found):
            key = " ".join(lower[s:e])
            spec = lex.triggers.get(key)
            if spec is None:
                continue
            prev = lower[s - 1] if s > 0 else ""
            nxt = lower[e] if e < len(doc) else ""
            if prev in lex.exclude_before.get(key, _EMPTY) or nxt in lex.exclude_after.get(key, _EMPTY):
                continue
            if index.participant_at[s] is not None:
                continue  # inside a name or title ("Chairman of the Joint Meeting …")
            if self._arrangement(lower, s, e, lex, index.sent_bounds[index.sent_of[s]][0]):
                continue
            kind, generic, verb, anaphor_only, host = lex.trigger_flags[key]  # (read from the spec once per lexicon)
            m = _Mention(
                sent=index.sent_of[s],
                start=s,
                end=e,
                key=key,
                kind=kind,
                generic=generic,
                verb=verb,
                anaphor_only=anaphor_only,
                host=host,
            )
            self._noun_phrase(doc, m, lex, index)
            by_sent.setdefault(m.sent, []).append(m)
        out: list[_Mention] = []
        for sent, ms in sorted(by_sent.items()):
            self._assign(doc, sent, ms, index, lex, reporters)
            for m in ms:
                out.extend(self._split(m, index))
        return out

    @staticmethod
    def _arrangement(lower: list[str], start: int, end: int, lex: _Lex, s0: int) -> bool:
        """'committed to holding military talks annually', 'agreed to establish regular talks':
        an agreement about future meetings, not a meeting (``lower``: the Doc's lowercase forms,
        ``s0``: first token of the sentence)."""
        before = lower[max(s0, start - 10) : start]
        after = lower[end : min(len(lower), end + 2)]
        if not lex.recurrence.isdisjoint(before[-3:]) or not lex.recurrence.isdisjoint(after):
            return True
        if lex.arrangement.isdisjoint(before):
            return False  # (the loop below needs an arrangement verb)
        for n, w in enumerate(before):
            if w in lex.arrangement and "to" in before[n + 1 :]:
                t = before.index("to", n + 1)
                if t + 1 < len(before) and before[t + 1] in lex.arranged:
                    return True  # "agreed to hold …", "committed to holding …"
        return False

    def _noun_phrase(self, doc: Doc, m: _Mention, lex: _Lex, index: EventIndex) -> None:
        """Kind modifiers, definiteness and new-event cues from the words before the head."""
        if m.verb:
            return
        tv = index.toks
        lower, text, space, sent_of = tv.lower, tv.text, tv.space, index.sent_of
        # a capitalised head names an event, except in a Title Case headline (Token.is_title is
        # str.istitle(); not is_sent_start: the token before is of the same sentence)
        h = m.end - 1
        named = text[h].istitle() and h > 0 and sent_of[h] == sent_of[h - 1] and not self._headline(index, m.sent)
        i = m.start - 1
        lo = max(0, m.start - 12)
        kinds: list[str] = []
        seen_of = False
        plural_head = m.key.split()[-1].endswith("s") and m.key not in ("talks",)
        np_words = lex.np_words
        while i >= lo:
            low = lower[i]
            if low not in np_words:  # (none of the cue words below: only the end of the phrase to test)
                if low in _STOP_NP or space[i] or i + 1 == len(sent_of) or sent_of[i + 1] != sent_of[i]:
                    break
                i -= 1
                continue
            if low == "of" and i - 1 >= lo and text[i - 1].istitle() and text[i + 1].istitle():
                i -= 1  # "Chiefs of Defense meeting"
                continue
            # (the last token of a sentence: the next token starts another one, or there is none)
            if low in _STOP_NP or space[i] or i + 1 == len(sent_of) or sent_of[i + 1] != sent_of[i]:
                break
            seen_of = seen_of or low == "of" or low in _POSSESSIVE  # "the two days of meetings", "the two sides' talks"
            if plural_head and not seen_of and (low == "both" or (low == "two" and i > lo and lower[i - 1] in lex.plural_refs)):
                m.plural_ref = True  # "both earlier visits", "the two meetings": several events told before
            elif plural_head and not seen_of and low in _COUNTS and (i == lo or lower[i - 1] not in lex.plural_refs):
                m.count = _COUNTS[low]  # "held two consecutive military meetings": a count summary
            if low in ("first", "inaugural", "initial"):
                m.first_ordinal = True
            if low in lex.bilateral:
                kinds.append("talks!")
            elif low in lex.modifiers:
                kinds.append(lex.modifiers[low])
            if low in lex.new_cues:
                m.new_marker = True
            if low in lex.determiners or low in _POSSESSIVE:
                m.anaphoric = True
            if low in ("a", "an"):
                m.anaphoric = False  # "a NATO Foreign Ministers' meeting": indefinite
                break
            i -= 1
        pair = not _DASHES.isdisjoint(text[max(1, i + 1) : m.start]) and any(  # (no dash: no pair)
            text[j] in _DASHES and index.place_at(j - 1) and index.place_at(j + 1) for j in range(max(1, i + 1), m.start)
        )
        if pair:
            kinds.append("talks!")  # "Australia-India Defense Ministers' Dialogue": two parties
        if named:
            m.named = True
            m.anaphoric = False  # "the NATO Brussels Summit", "the Shangri-La Dialogue": a named event
            if m.kind == "talks" and "talks!" not in kinds and m.key.split()[-1] in lex.forums:
                kinds.append("multilateral_meeting")
        if "talks!" in kinds:
            if m.kind == "talks":
                m.generic = False
            return
        for k in kinds:
            if m.kind == "talks" and k in ("multilateral_meeting", "phone_call", "video_call"):
                m.kind = k
                m.generic = False
                break
            if m.kind == "phone_call" and m.generic and k in ("video_call",):
                m.kind = k

    def _assign(self, doc: Doc, sent: int, ms: list[_Mention], index: EventIndex, lex: _Lex, reporters: dict[str, bool]) -> None:
        """Give each mention of one sentence its people, dates, place and status cues (``reporters``:
        ``_reporter`` of the participants seen so far in the article, filled here)."""
        s0, s1 = index.sent_bounds[sent]
        # people
        persons = []
        for i, pid in index.persons_in(s0, s1):
            rep = reporters.get(pid)
            if rep is None:
                rep = reporters[pid] = self._reporter(index, pid, lex)
            if not rep:
                persons.append((i, pid))
        tv_text, tv_lower = index.toks.text, index.toks.lower
        first = ms[0].start
        subject = [pid for i, pid in persons if i < first]
        starts = [m.start for m in ms]

        def around(pos: int, radius: int) -> range:
            """Indexes of the triggers starting within ``radius`` tokens of ``pos`` (windowed: a huge
            'sentence' stays linear)."""
            return range(bisect.bisect_left(starts, pos - radius - 8), bisect.bisect_right(starts, pos + radius))

        for i, pid in persons:
            best: tuple[int, int] | None = None
            for k in around(i, 2 * _MAX_PERSON_DIST):
                m = ms[k]
                if i < m.start:
                    # right before a noun trigger ("Bauer's trip") or the subject of a verb ("Won paid a call")
                    d = m.start - i
                    possessive = not m.verb and 0 < d <= 5 and not _POSSESSIVE.isdisjoint(tv_text[i : m.start])
                    if possessive or (m.verb and d <= 4):
                        d = 0
                    elif k > 0 and ms[k - 1].end <= i:
                        continue  # after the previous trigger: it belongs there ("a summit between X and Y on … a NATO summit")
                else:
                    d = i - m.end + 1
                limit = _MAX_PERSON_DIST if k + 1 < len(ms) else 2 * _MAX_PERSON_DIST  # a long list of names
                if d > limit and i >= first:
                    continue
                if best is None or d < best[0]:
                    best = (d, k)
            if best is not None and i >= first:
                m = ms[best[1]]
                if pid not in m.own_persons:
                    m.own_persons.append(pid)
                    if i >= m.end:
                        m.counterparts.append(pid)
                        if "by" in tv_lower[m.end : i]:
                            m.by_agent = True
            elif best is not None and best[0] == 0:
                m = ms[best[1]]
                if pid not in m.own_persons:
                    m.own_persons.append(pid)
        lower = tv_lower
        n_ms = len(ms)
        prev_m: _Mention | None = None
        for k, m in enumerate(ms):
            ms_, me_ = m.start, m.end
            # a noun trigger carried by a verb ("held talks", "made a trip", "engaged in phone talks")
            light = not _LIGHT_VERBS.isdisjoint(lower[max(0, ms_ - 4) : ms_])
            takes_subject = k == 0 or ((m.verb or light) and not m.by_agent)
            if m.own_persons and not m.verb and not light and k > 0:
                takes_subject = False
            people = (subject if takes_subject else []) + m.own_persons
            if (
                prev_m is not None
                and prev_m.kind == "visit"
                and m.kind != "visit"
                and not _PURPOSE.isdisjoint(lower[max(s0, ms_ - 2) : ms_])
            ):
                # "Kihara's planned visit to Washington … to hold talks with Austin": the visitor holds the talks
                people = [p for p in prev_m.own_persons + subject if p not in m.own_persons] + people
                m.purpose_of = k - 1
            m.persons = list(dict.fromkeys(people))  # (without repeats, in order)
            lo = prev_m.end if prev_m is not None else s0
            hi = ms[k + 1].start if k + 1 < n_ms else s1
            w_end = s1 if me_ + 4 > s1 else me_ + 4
            window = lower[max(s0, lo) : w_end]
            after = lower[me_:w_end]
            if len(m.counterparts) >= 2:
                seg = lower[max(s0, ms_ - 3) : hi]
                m.respective = not lex.respective.isdisjoint(seg)
                if (
                    (m.verb or light)
                    and len([p for p in m.persons if p not in m.counterparts]) == 1
                    and "with" in after[:2]
                    and _JOINT.isdisjoint(seg)
                ):
                    m.respective = True  # "Bauer met with Suh and Won": one meeting per counterpart
            else:
                m.respective = False
            if _has_phrase(window, lex.proposed):
                m.status = "proposed"
            elif _has_phrase(window, lex.planned):
                # (``after`` is a suffix of ``window``: the mentions of a sentence do not overlap, so
                # ``lo`` <= m.start; a planned phrase in ``after`` is one in ``window``)
                m.status = "planned"
            m.negotiation = any(map(str.startswith, window, repeat("negotiat")))  # (map: no generator frame)
            if m.kind == "visit" and not _INVITE.isdisjoint(window):
                # "Rao invited Brenner to visit New Delhi": the inviter does not travel
                inv = max(
                    j for j in range(max(s0, lo), m.start) if doc[j].lower_ in ("invited", "invites", "inviting", "invitation")
                )
                m.persons = [p for p in m.persons if p not in {q for i, q in persons if i < inv}] or m.persons
            if m.verb and m.kind == "talks" and not lex.multi_subject.isdisjoint(lower[max(s0, m.start - 4) : m.start]):
                m.kind, m.generic = "multilateral_meeting", False  # "the four chiefs will meet again"
            if k > 0 and ms[k - 1].verb and 0 <= m.start - ms[k - 1].end <= 3 and m.status is None:
                m.status = ms[k - 1].status  # "is ready to host a meeting": the verb's status
            if m.purpose_of is not None and m.status is None:
                m.status = ms[m.purpose_of].status
            if m.verb and not lex.new_cues.isdisjoint(after[:2]):
                m.again = True  # "due to meet again": another meeting of the same people
            prev_m = m
        # places: each goes to the nearest trigger of its sentence
        for m in ms:
            place = location_near(index, s0, s1, m.start, m.end)
            if place is None:
                continue
            near = around(place.start, _MAX_DATE_DIST) or range(0)
            nearest = min((ms[k] for k in near), key=lambda x: abs(place.start - x.start), default=None)
            if nearest is m and abs(place.start - m.start) <= _MAX_DATE_DIST:
                m.place = place
        # dates: coordinated chains ("last December and in April") go together to the nearest trigger
        chains: list[list[int]] = []
        scope: list[int] = []  # "In August, …": a date opening the sentence dates its event
        for k in index.dates_in(s0, s1):
            te = index.dates[k]
            if not usable_date(te) or te.mod in ("BEFORE", "AFTER"):
                continue
            ds, de = index.date_tokens[k]
            if te.mod == "ON_OR_AFTER":
                # "since September 2024, when they met": only for the event of the 'when' clause
                nxt = tv_lower[de : min(s1, de + 2)]
                if "when" not in nxt:
                    continue
                after_when = [ms[j] for j in around(de, 8) if de < ms[j].start <= de + 6]
                if after_when:
                    after_when[0].date_chains.append([k])
                continue
            if ds - s0 <= 2 and de < s1 and tv_text[de] == ",":
                scope.append(k)
            if chains:
                prev_k = chains[-1][-1]
                gap = tv_lower[index.date_tokens[prev_k][1] : index.date_tokens[k][0]]
                if gap and "and" in gap and all(w in ("and", "in", "on", ",", "then", "again") for w in gap):
                    chains[-1].append(k)
                    continue
            chains.append([k])
        for chain in chains:
            best2: tuple[int, int] | None = None
            near_chain = sorted({j for k in chain for j in around(index.date_tokens[k][0], _MAX_DATE_DIST + 4)})
            for j in near_chain:
                m = ms[j]
                for k in chain:
                    ds, de = index.date_tokens[k]
                    dist = ds - m.end + 1 if ds >= m.end else m.start - de + 1
                    if dist > _MAX_DATE_DIST:
                        continue
                    if best2 is None or dist < best2[0]:
                        best2 = (dist, j)
            if best2 is not None:
                ms[best2[1]].date_chains.append(chain)
        for m in ms:
            if m.date_chains:
                m.date_ids = min(m.date_chains, key=lambda c: self._chain_dist(m, c, index))
        if scope:
            undated = [m for m in ms if not m.date_ids]
            for k in scope:
                if undated and not any(k in m.date_ids for m in ms):
                    undated[0].date_ids = [k]

    @staticmethod
    def _reporter(index: EventIndex, pid: str, lex: _Lex) -> bool:
        p = index.participants.get(pid)
        if p is None or not p.title:
            return False
        words = {w.strip(".,").lower() for w in p.title.replace("-", " ").split()}
        return bool(words & lex.non_participant)

    @staticmethod
    def _chain_dist(m: _Mention, chain: list[int], index: EventIndex) -> int:
        out = 10**6
        for k in chain:
            ds, de = index.date_tokens[k]
            out = min(out, ds - m.end + 1 if ds >= m.end else m.start - de + 1)
        return out

    def _split(self, m: _Mention, index: EventIndex) -> list[_Mention]:
        """'respective talks with X and Y' → one mention per counterpart; coordinated dates → one per date."""
        if not m.respective and len(m.date_ids) <= 1:
            return [m]  # (the common case: nothing to split)
        if m.respective:
            subject = [p for p in m.persons if p not in m.counterparts]
            out: list[_Mention] = []
            pair_dates = len(m.date_ids) == len(m.counterparts)
            for n, c in enumerate(m.counterparts):
                mm = _copy_mention(m)
                mm.persons = ([] if m.by_agent else subject) + [c]
                mm.own_persons = [c]
                mm.date_ids = [m.date_ids[n]] if pair_dates else list(m.date_ids[:1])
                mm.respective = False
                mm.group = (m.sent, m.start)  # one of a set of respective meetings
                out.append(mm)
            return out
        if len(m.date_ids) > 1:
            out = []
            for k in m.date_ids:
                mm = _copy_mention(m)
                mm.date_ids = [k]
                out.append(mm)
            return out
        return [m]

    # ------------------------------------------------------------------ events
    def _events(self, mentions: list[_Mention], index: EventIndex, lex: _Lex) -> list[_Event]:
        events: list[_Event] = []
        last_in_sent: dict[int, _Event] = {}
        lede = self._lede_date(index, lex)
        lede_sent: int | None = None
        ordinal_sents = {m.sent for m in mentions if m.first_ordinal and m.anaphoric}
        # "… was not part of the bilateral discussion, … the first meeting …": the ordinal reference
        # decides which event the other references of its sentence are about
        order = sorted(mentions, key=lambda m: (m.sent, not (m.sent in ordinal_sents and m.first_ordinal), m.start))
        # the events within the look-back (``LOOKBACK_SENTS``), in creation order; mentions come in
        # sentence order, so an event that falls out of reach never comes back
        recent: list[_Event] = []
        pruned_at = -1
        groups: dict[tuple[int, int], int] = {}  # events per respective group (``_Event.group``)
        for m in order:
            if m.sent != pruned_at and m.sent > LOOKBACK_SENTS:  # (before that, every event is in reach)
                pruned_at = m.sent
                recent = [e for e in recent if m.sent - e.sents[-1] <= LOOKBACK_SENTS]
            if m.plural_ref or (m.count and not m.persons and not m.date_ids):
                continue  # "both earlier visits", "held two meetings": linked to the events they count (``_link``)
            date = index.dates[m.date_ids[0]] if m.date_ids else None
            lede_dated = False
            if (
                date is None
                and lede is not None
                and m.status is None
                and not m.anaphoric
                and m.sent < lex.lead_sents + 2
                and not self._headline(index, m.sent)
            ):
                if lede_sent is None:
                    lede_sent = m.sent
                if m.sent == lede_sent:
                    date, lede_dated = lede, True
            target = self._target(m, date, recent, last_in_sent, index)
            if target is None:
                named_forum = m.named and m.kind in ("summit", "multilateral_meeting")
                if m.anaphor_only or not (m.persons or date is not None or m.place is not None or named_forum):
                    continue
                if m.anaphoric and not m.persons and date is None and m.kind != "summit" and m.kind != "multilateral_meeting":
                    continue
                ev = _Event(
                    kind=m.kind,
                    generic=m.generic,
                    status=m.status or self._status_of_date(date, index),
                    participants=list(m.persons),
                    date=date,
                    place=m.place,
                    sents=[m.sent],
                    rule=f"meetings.{m.key.replace(' ', '_')}",
                    first=m.start,
                    host=m.host,
                    negotiation=m.negotiation,
                    heads={_head(m)},
                    lead_dated=lede_dated,
                    named=m.named,
                    headline_only=self._headline(index, m.sent),
                    group=m.group,
                )
                events.append(ev)
                recent.append(ev)
                if ev.group is not None:
                    groups[ev.group] = groups.get(ev.group, 0) + 1
                last_in_sent[m.sent] = ev
                ev.last_end = m.end
                continue
            if (
                m.anaphoric
                and not m.persons
                and target.group is not None
                and m.sent not in target.sents
                and groups.get(target.group, 0) >= 2
            ):
                continue  # "X met with A and B. The discussions focused on …": which of the two is not said
            self._merge(target, m, date)
            last_in_sent[m.sent] = target
            target.last_end = m.end
        return events

    def _target(
        self, m: _Mention, date: TimeExpression | None, events: list[_Event], last_in_sent: dict[int, _Event], index: EventIndex
    ) -> _Event | None:
        def compatible(e: _Event) -> bool:
            if e.kind == m.kind:
                return True
            if m.kind == "visit" or e.kind == "visit":
                return False
            if (
                m.anaphoric
                and not m.generic
                and m.kind in ("summit", "multilateral_meeting")
                and e.participants
                and m.sent not in e.sents
            ):
                return False  # "the trilateral summit" is not the bilateral meeting told before
            return m.generic or e.generic

        same = last_in_sent.get(m.sent)
        if same is not None and m.named and same.named and same.last_end <= m.start:
            glue = {"the", ",", "or", "also", "known", "as", "a", "-", "\u2013"}
            if all(t.is_title or t.lower_ in glue for t in index.doc[same.last_end : m.start]):
                return same  # "the Asia Security Summit or the Shangri-La Dialogue": two names of one event
        if (
            same is not None
            and compatible(same)
            and (same.named or not m.named or m.kind == same.kind)
            and (not m.own_persons or not same.participants)
            and (date is None or same.lead_dated or dates_compatible(same.date, date))
        ):
            return same
        cands = [
            e
            for e in events
            if compatible(e)
            and dates_compatible(e.date, date)
            and (m.place is None or e.place is None or self._same_area(m.place, e.place))
        ]  # "the trilateral summit Camp David" is not the summit in Singapore
        if not cands:
            return None
        mine = set(m.persons)
        if m.persons and not m.anaphoric:
            if m.again:
                return None
            same_status = [e for e in cands if (m.status or "held") == e.status or m.status is None]
            subset = [
                e
                for e in same_status
                if len(mine) >= 2 and mine <= set(e.participants) and not (m.new_marker and len(e.participants) > len(mine))
            ]  # "Whitford and Tanabe also held separate talks": a subgroup's own meeting
            if not subset and m.kind == "visit":
                # "a welcome visitor to Australia" … "You are such a welcome visitor," Albanese said to Prabowo
                subset = [
                    e
                    for e in same_status
                    if e.kind == "visit" and mine & set(e.participants) and (date is None or m.sent - e.sents[-1] <= 3)
                ]
            if not subset and m.status is not None:
                # "Japan will host talks on Sept 5 …" then "Nakatani and Marles will meet …": the same planned event
                subset = [e for e in cands if e.status == m.status and mine & set(e.participants) and m.sent - e.sents[-1] <= 2]
            if not subset:
                # an event told first in the headline is the first compatible event of the body
                subset = [e for e in cands if e.headline_only and (m.status or "held") == e.status]
            return subset[-1] if subset else None
        if m.new_marker and not (m.persons and len(mine) >= 2 and any(mine <= set(e.participants) for e in cands)):
            return None
        head = _head(m)
        if m.persons:
            sub = [e for e in cands if mine <= set(e.participants)]
            if sub:
                return sub[-1]
            over = [e for e in cands if mine & set(e.participants)]
            if over:
                return over[-1]
            empty = [e for e in cands if not e.participants and m.sent - e.sents[-1] <= 2]
            if empty:
                same_head = [e for e in empty if head in e.heads]
                return (same_head or empty)[-1]
            many = [e for e in cands if e.kind in ("multilateral_meeting", "summit") and head in e.heads]
            return many[-1] if many else None
        if not m.anaphoric:
            heads = [
                e for e in cands if e.headline_only and (m.status or "held") == e.status and not self._headline(index, m.sent)
            ]
            return heads[0] if heads else None
        if m.first_ordinal:  # "the first meeting": the earliest one, held when a next one is planned
            firsts = [e for e in cands if head in e.heads] or cands
            held = [e for e in firsts if e.status == "held"]
            return (held or firsts)[0]
        if m.status is None and any(e.status == "held" and head in e.heads for e in cands):
            # "the implications of the meeting": without a future cue, a held meeting, not the planned one
            cands = [e for e in cands if e.status != "planned"]
        near = [e for e in cands if m.sent - e.sents[-1] <= 1]
        recent = [e for e in cands if head in e.heads and m.sent - e.sents[-1] <= 5]
        # a noun ("the meeting") refers back to an event told with a noun, not to one told with a verb ("met")
        near = [e for e in near if any(not h.startswith("+") for h in e.heads)]
        for group in ([e for e in near if head in e.heads], recent, near):
            if group:
                return group[-1]
        # a definite mention far from any event: the article's main event
        for group in ([e for e in cands if head in e.heads and e.status == "held"], [e for e in cands if head in e.heads], cands):
            if group:
                return group[0]
        return None

    @staticmethod
    def _merge(e: _Event, m: _Mention, date: TimeExpression | None) -> None:
        if m.sent not in e.sents:
            e.sents.append(m.sent)
            e.headline_only = False
        e.heads.add(_head(m))
        for p in m.persons:
            if p not in e.participants:
                e.participants.append(p)
        if date is not None:
            if e.lead_dated:
                e.date, e.lead_dated = date, False  # the event's own date ("During Monday's talks") beats the lede's
            else:
                e.date = date if e.date is None else more_precise(e.date, date)
        if m.place is not None and (e.place is None or (e.place.kind == "COUNTRY" and m.place.kind == "CITY")):
            e.place = m.place
        if e.kind != m.kind and not m.generic and (e.generic or _SPECIFICITY[m.kind] > _SPECIFICITY[e.kind]):
            e.kind = m.kind
            e.generic = False
        if not m.anaphoric:
            if m.status == "proposed" and e.status == "held":
                e.status = "proposed"
            elif m.status == "planned" and e.status == "held":
                e.status = "planned"
        e.host = e.host or m.host
        e.negotiation = e.negotiation or m.negotiation

    # ------------------------------------------------------------------ clean-up
    def _clean(self, events: list[_Event], index: EventIndex, lex: _Lex) -> list[_Event]:
        ctx = index.ctx
        pub = ctx.published
        # status from resolved dates
        if pub is not None:
            for e in events:
                r = e.date.range if e.date is not None else None
                if r is None or e.date is None or e.date.status not in ("absolute", "resolved"):
                    continue
                if r.start > pub.last and e.status == "held":
                    e.status = "planned"
                elif r.end < pub.date and e.status in ("planned", "proposed"):
                    e.status = "held"
        # a visit with talks of its visitor at the same time is recorded as the talks
        # (events are in the order of their first sentence, as ``_events`` made them: the events first
        # told between sentences lo and hi are a slice; the talks are looked for among the events first
        # told within ``LOOKBACK_SENTS`` of the visit, which is every event of a real article)
        firsts = [e.sents[0] for e in events]
        ordered = firsts == sorted(firsts)

        def told_between(lo: int, hi: int) -> list[_Event]:
            if not ordered:
                return events
            return events[bisect.bisect_left(firsts, lo) : bisect.bisect_right(firsts, hi)]

        keep: list[_Event] = []
        for e in events:
            if e.kind == "visit" and e.participants:
                vis = set(e.participants)
                hosts = [
                    o
                    for o in told_between(e.sents[0] - LOOKBACK_SENTS, e.sents[0] + LOOKBACK_SENTS)
                    if o is not e
                    and o.kind != "visit"
                    and vis & set(o.participants)
                    and dates_compatible(o.date, e.date)
                    and o.status == e.status
                    and (e.place is None or o.place is None or self._same_area(e.place, o.place))
                ]
                for o in hosts:
                    if o.place is None and e.place is not None:
                        o.place = e.place
                    if e.date is not None:
                        o.date = e.date if o.date is None else more_precise(o.date, e.date)
                if hosts:
                    continue
            if e.kind == "visit":
                # "visiting Hiroshima for the G7 Summit": the visit is the way to the summit
                forum = [
                    o
                    for o in told_between(e.sents[0], e.sents[0])
                    if o.kind in ("summit", "multilateral_meeting")
                    and o.sents[0] == e.sents[0]
                    and o.first > e.first
                    and dates_compatible(o.date, e.date)
                ]
                if forum:
                    f = forum[0]
                    f.participants += [p for p in e.participants if p not in f.participants]
                    if f.place is None:
                        f.place = e.place
                    continue
            if e.kind == "visit" and not e.participants:
                absorbed = any(
                    o is not e
                    and o.kind != "visit"
                    and abs(o.sents[0] - e.sents[0]) <= 1
                    and dates_compatible(o.date, e.date)
                    and o.status == e.status
                    for o in told_between(e.sents[0] - 1, e.sents[0] + 1)
                )
                if absorbed:
                    continue
            keep.append(e)
        keep.sort(key=lambda e: (e.sents[0], e.first))
        return keep

    # ------------------------------------------------------------------ evidence links
    def _link(self, events: list[_Event], mentions: list[_Mention], index: EventIndex, lex: _Lex) -> list[_Event]:
        """Evidence that names no event by itself: plural references ("Both earlier visits …"), a
        continuation by the meeting's sides ("Both sides discussed …" right after the meeting's
        sentence) and the headline ("… Military Chiefs Discuss Cooperation Ahead of Key Meeting")."""
        if not events:
            return events
        order = sorted(events, key=lambda e: (e.sents[0], e.first))
        # plural references: the two events told last before the sentence (of the noun's kind)
        # (``order`` is sorted by first sentence, which appending a sentence leaves alone: the events
        # told before ``m.sent`` are a prefix of it; walk it back for the last two of the kind)
        firsts = [e.sents[0] for e in order]
        for m in mentions:
            if not m.plural_ref:
                continue
            prior: list[_Event] = []
            for i in range(bisect.bisect_left(firsts, m.sent) - 1, -1, -1):
                e = order[i]
                if m.generic or e.kind == m.kind:
                    prior.append(e)
                    if len(prior) == 2:
                        break
            if len(prior) >= 2:
                for e in reversed(prior):
                    if m.sent not in e.sents:
                        e.sents.append(m.sent)
        used = {k for e in events for k in e.sents}
        # count summaries: "held two consecutive military meetings" when the article holds exactly that
        # many held events of the noun's kind
        counted: dict[tuple[str, bool], list[_Event]] = {}  # the held events a summary of (kind, generic) counts
        for m in mentions:
            if not m.count or m.sent in used or m.status is not None:
                continue
            same = counted.get((m.kind, m.generic))  # (kinds and statuses no longer change here)
            if same is None:
                same = [e for e in order if e.status == "held" and (e.kind == m.kind or (m.generic and e.kind != "visit"))]
                if m.generic:
                    same = [e for e in same if e.kind in ("talks", "multilateral_meeting", "phone_call", "video_call")]
                counted[(m.kind, m.generic)] = same
            if len(same) == m.count:
                for e in same:
                    e.sents.append(m.sent)
        used = {k for e in events for k in e.sents}
        # continuation: "Both sides …", "The two leaders …" right after the sentence reporting one meeting
        lower = index.toks.lower
        bounds = index.sent_bounds
        word_cache: dict[int, list[str]] = {}

        def words(k: int) -> list[str]:
            """The first 9 words of sentence ``k`` (found once per sentence asked for)."""
            ws = word_cache.get(k)
            if ws is None:
                ws = word_cache[k] = self._first_words(index, k, 9)
            return ws

        # the events by their first body sentence, in ``events`` order; a continuation adds a later
        # sentence to its meeting (or a headline one), which leaves every first body sentence as it is
        by_first_body: dict[int | None, list[_Event]] = {}
        for e in events:
            by_first_body.setdefault(self._first_body_sent(e, index), []).append(e)
        # a continuation is the first sentence with words after a sentence that is the first body
        # sentence of an event (``prev``, the last sentence with words before it): only those are read
        # (the walk over every sentence asked for each one's first words)
        candidates: list[tuple[int, int]] = []  # (sentence, prev)
        for b in sorted(k for k in by_first_body if k is not None):
            if not words(b):
                continue  # (a sentence without words is never ``prev``)
            k = b + 1
            while k < len(bounds) and not words(k):
                k += 1
            if k < len(bounds):
                candidates.append((k, b))
        for k, prev in candidates:
            ws = words(k)
            # (the subject phrases that start with the sentence's first word, in lexicon order)
            starting = lex.continuation if lex.continuation_first is None else lex.continuation_first.get(ws[0], ())
            subj = next((len(c) for c in starting if tuple(ws[: len(c)]) == c), 0) if starting else 0
            # the sides' activity at the meeting ("Both sides discussed …"), not their views ("shared concerns")
            verb = [w for w in ws[subj : subj + 5] if w not in lex.continuation_skip][:1] if subj else []
            if prev is not None and k not in used and subj and verb and verb[0] in lex.continuation_verbs:
                owners = list(by_first_body.get(prev, ()))
                if len(owners) > 1:
                    # "Lee plans to meet Marles … as follow-up to a summit …. The two are expected to
                    # discuss …": the future tense picks the planned meeting, the past the held one
                    ahead = _has_phrase(ws, lex.planned) or any(w in ("will", "would") for w in ws[: subj + 3])
                    owners = [e for e in owners if (e.status != "held") == ahead]
                    owners = owners if len({e.group for e in owners} - {None}) == 0 else []
                if len(owners) == 1:
                    owners[0].sents.append(k)
        # headline: a meeting verb or noun reports the lead meeting; after an upcoming cue, the planned one
        body = next((k for k in range(len(bounds)) if words(k) and not self._headline(index, k)), None)
        for k in range(body if body is not None else 0):
            if not words(k) or not self._headline(index, k):
                continue
            s0, s1 = index.sent_bounds[k]
            for j in range(s0, s1):
                low = lower[j]
                spec = lex.triggers.get(low)
                if low not in lex.headline_verbs and spec is None:
                    continue
                before = lower[max(s0, j - 5) : j]
                upcoming = _has_phrase(before, lex.headline_upcoming)
                kind = str(spec["kind"]) if spec is not None and not spec.get("generic", False) else None
                multi = ("summit", "multilateral_meeting")
                cands = sorted(
                    (e for e in events if self._first_body_sent(e, index) is not None),
                    key=lambda e: (self._first_body_sent(e, index) or 0, e.first),
                )
                if upcoming:  # "… Ahead of Key Meeting": the planned meeting the article names
                    cands = [e for e in cands if e.status in ("planned", "proposed")]
                cands = [e for e in cands if kind is None or e.kind == kind or (kind in multi and e.kind in multi)]
                if cands and k not in cands[0].sents:
                    e = cands[0]
                    if k < min(e.sents):
                        e.first = j
                    e.sents.append(k)
        for e in events:
            e.sents.sort()
        events.sort(key=lambda e: (e.sents[0], e.first))
        return events

    @staticmethod
    def _first_words(index: EventIndex, k: int, n: int) -> list[str]:
        """The first ``n`` lowercased words of sentence ``k`` (spaces skipped)."""
        s0, s1 = index.sent_bounds[k]
        tv = index.toks
        space, lower = tv.space, tv.lower
        e = min(s1, s0 + n)
        if True not in space[s0:e]:  # no space among them: the first n tokens
            return lower[s0:e]
        out: list[str] = []
        for i in range(s0, s1):
            if space[i]:
                continue
            out.append(lower[i])
            if len(out) == n:
                break
        return out

    def _first_body_sent(self, e: _Event, index: EventIndex) -> int | None:
        """The first sentence of ``e`` that is not a headline."""
        return next((k for k in sorted(e.sents) if not self._headline(index, k)), None)

    @staticmethod
    def _status_of_date(date: TimeExpression | None, index: EventIndex) -> str:
        """'planned' for a resolved date after publication ("next week"), else 'held'."""
        pub = index.ctx.published
        r = date.range if date is not None else None
        if (
            pub is not None
            and r is not None
            and date is not None
            and date.status in ("absolute", "resolved")
            and r.start > pub.last
        ):
            return "planned"
        return "held"

    @staticmethod
    def _headline(index: EventIndex, sent: int) -> bool:
        """A sentence among the first ones without closing punctuation (headline, kicker)."""
        if sent > 3:
            return False
        s, e = index.sent_bounds[sent]
        tv = index.toks
        last = e - 1
        while last >= s and tv.space[last]:
            last -= 1
        return last >= s and tv.text[last] not in (".", "!", "?", "\u201d", '"', ")")

    @staticmethod
    def _same_area(a: Place, b: Place) -> bool:
        return a.text == b.text or (a.code is not None and a.code == b.code)

    @staticmethod
    def _lede_date(index: EventIndex, lex: _Lex) -> TimeExpression | None:
        pub = index.ctx.published
        if pub is None or pub.precision != "day":
            return None
        for k, d in enumerate(index.dates):
            s, _ = index.date_tokens[k]
            if index.sent_of[s] >= lex.lead_sents:
                break
            if d.granularity != "day" or d.range is None or d.status not in ("resolved", "absolute"):
                continue
            age = (pub.date - d.range.start).days
            if 0 <= age <= lex.lead_days:
                return d
        return None

    # ------------------------------------------------------------------ records
    def _records(self, events: list[_Event], index: EventIndex, ctx: ArticleContext) -> list[Meeting]:
        out: list[Meeting] = []
        for n, e in enumerate(events, 1):
            # (each sentence once: merge_spans drops repeats anyway)
            evidence: list[Span] = merge_spans([index.sentence_span(s) for s in sorted(set(e.sents))])
            if e.kind == "talks" and len(self._parties(e, index) - {None}) >= 3:
                e.kind = "multilateral_meeting"  # three or more parties at the table
            # (the Meeting through the model's validator: the same record, without BaseModel.__init__)
            out.append(
                _validate_meeting(
                    {
                        "id": f"M{n}",
                        "kind": e.kind,
                        "status": e.status,
                        "participants": list(e.participants),
                        "date": e.date,
                        "location": place_text(index, e.place) if e.place is not None else None,
                        "topics": index.topics_of(e.sents),
                        "cameo": self._cameo(e, index),
                        "evidence": evidence,
                        "rule": e.rule + (".lede_date" if e.lead_dated else ""),
                    }
                )
            )
        return out

    @staticmethod
    def _parties(e: _Event, index: EventIndex) -> set[str | None]:
        """The affiliations of the event's participants."""
        return {index.participants[p].affiliation for p in e.participants if p in index.participants}

    @staticmethod
    def _cameo(e: _Event, index: EventIndex) -> str:
        if e.kind == "phone_call":
            return "041"
        if e.kind == "video_call":
            return "040"
        if e.kind == "visit":
            return "042"
        if e.negotiation:
            return "046"
        if e.kind in ("multilateral_meeting", "summit"):
            return "044"
        if e.host:
            return "043"
        return "040"
