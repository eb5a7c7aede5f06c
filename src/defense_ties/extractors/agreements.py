"""The ``agreements`` extractor: signed instruments, agreed measures, commitments, proposals and
named frameworks under discussion.

How it reads an article (rule ids in ``Agreement.rule``):

1. **Named instruments** (``agreements.named``): a capitalised phrase ending in an instrument head
   of ``lexicons/agreements.json`` ("Individually Tailored Partnership Program", "Reciprocal Access
   Agreement", "Mutual Defense Treaty"), or a lower-case one whose initials match a following
   acronym ("reciprocal access agreement (RAA)"); ", or ITPP" / "(ITPP)" gives the acronym. Later
   mentions by name, acronym or a definite noun ("the bilateral partnership", "the pact") link to
   the same record. A named instrument becomes a record when its head is a signed instrument by
   nature (Treaty, Agreement, Pact…), when the words before it say it is being discussed
   ("how to further develop and complete the …" → ``under_discussion``), or when a signing or
   agreeing verb governs it ("Signed in July 2023, the bilateral partnership …" → ``signed``).
2. **Triggers** (``agreements.<trigger>``): "agreed to/on", "decided to", "committed to", "vowed to",
   "proposed to", "signed", "concluded" … The description is the phrase after the trigger (an
   "agreed with <partner>" skipped), ended at a clause boundary; "signed an agreement to buy …"
   takes the purpose clause; the object of "signed"/"concluded" must be an instrument noun.
3. **Parties, signatories, date**: party codes named before the trigger (countries, bodies, the
   affiliations of the people named); when fewer than two, those of the meeting the sentence
   reports on (the meeting whose evidence holds the sentence, else the one reported just before).
   Signatories are the people named before the trigger, else the people of that meeting. The date
   is the sentence's own date nearest the trigger, else that meeting's date (an agreement reached
   at a dated meeting takes the meeting's date).
4. **CAMEO**: signed → 062 when the instrument is military/defense (lexicon words), else 057;
   other statuses → 036 when what is agreed is to meet or talk, else 0312.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher

from ..lexicons import Lexicons
from ..models import Agreement, Meeting, Span, TimeExpression
from ..nlp import get_nlp
from .base import BaseExtractor
from .events import EventIndex, build_index, by_first_word, filter_ranges, merge_spans, usable_date
from .people import tok_view

_validate_agreement = Agreement.__pydantic_validator__.validate_python

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext

_STRENGTH = {"under_discussion": 0, "proposed": 1, "committed": 2, "agreed": 3, "signed": 4}
_POSSESSIVE_MARKS = {"'s", "\u2019s"}
_PUNCT_STOP = {",", ";", ".", ":", "(", ")", "—", "–", "!", "?", "\n"}
_QUOTES = {"\u201c", "\u201d", '"'}
_PUNCT_STOP_NO_PARENS = _PUNCT_STOP - {"(", ")"}  # (built once, not per loop step)
_PUNCT_OR_QUOTE = _PUNCT_STOP | _QUOTES
_TRAIL = {"to", "and", "or", "with", "the", "a", "an", "of", "in", "on", "for", "that", "by", "at", "signed", "adopted", "held"}
_MAX_DESC = 20
#: Words that open a sentence with an adverbial before its subject ("To counter …, India and Japan …").
_OPENERS = {
    "in", "on", "at", "during", "after", "additionally", "meanwhile", "also", "to", "amid", "despite",
    "as", "with", "following", "before", "since", "while", "under", "against", "for",
}  # fmt: skip
#: Subject words that name several parties without naming them ("both sides", "the two countries").
_PLURAL = {"both", "two", "they", "we", "sides", "countries", "ministers", "leaders", "nations", "allies", "chiefs"}
_ARTICLES = frozenset({"a", "an"})
_DATELINE_MARKS = frozenset({":", "--", "—", "–"})
_CLAUSE_OPENERS = frozenset({"that", "which", "when", "while", "whereas"})
_MODALS = {"will", "would", "should", "must", "can", "could", "shall"}


_SUFFIXES = ("izations", "ization", "ations", "ation", "atives", "ative", "izing", "ized", "izes", "ize", "ings", "ing",
             "ives", "ive", "ed", "es", "s")  # fmt: skip
_FUNCTION = {"a", "an", "the", "to", "of", "and", "or", "in", "on", "for", "with", "between", "their", "its", "two", "both"}


def _stems(words: Iterable[str]) -> set[str]:
    """Crude stems of content words ("consultations", "consultative" → "consult"; "regularize" →
    "regular"), for comparing two phrasings of one measure."""
    out: set[str] = set()
    for w in words:
        w = w.strip(".,;:“”\"'()")
        if not w.isalpha() or w in _FUNCTION:
            continue
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                w = w[: -len(suf)]
                break
        out.add(w)
    return out


@dataclass
class _Lex:
    matcher: PhraseMatcher
    triggers: dict[str, str]
    signed_objects: set[str]
    heads: set[str]
    nouns: set[str]
    anaphor_nouns: set[str]
    connectors: set[str]
    discussion: set[str]
    meeting_words: set[str]
    military_words: set[str]
    stops: set[str]
    prefixes: list[tuple[str, ...]]
    prefixes_first: dict[str, list[tuple[str, ...]]] | None
    """``prefixes`` by first word, in lexicon order (None when a prefix is empty)."""
    joint_adverbs: set[str]
    measure_anaphors: set[str]
    by_nature: set[str]
    measure_verbs: set[str]
    with_trigger: set[str]
    plural_only: set[str]
    discussion_after: list[str]
    candidate_words: frozenset[str] = frozenset()
    """``nouns`` and the lowercased ``heads``: the lowercase forms of ``_named``'s candidate tokens."""


def _build(lexicons: Lexicons) -> _Lex:
    data = lexicons.get("agreements")
    nlp = get_nlp()
    prefixes = [tuple(t.lower_ for t in nlp.make_doc(p)) for p in data.get("description_prefixes", [])]
    prefixes_first = by_first_word(prefixes)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    triggers: dict[str, str] = {}
    for phrase, status in data["triggers"].items():
        key = " ".join(t.lower_ for t in nlp.make_doc(phrase))
        triggers[key] = str(status)
        matcher.add(key, [nlp.make_doc(phrase)])

    def low(name: str) -> set[str]:
        return {str(x).lower() for x in data.get(name, [])}

    return _Lex(
        matcher=matcher,
        triggers=triggers,
        signed_objects=low("signed_objects"),
        heads={str(x) for x in data.get("instrument_heads", [])},
        nouns=low("instrument_nouns"),
        anaphor_nouns=low("anaphor_nouns"),
        connectors=low("name_connectors"),
        discussion=low("discussion_cues"),
        meeting_words=low("meeting_words"),
        military_words=low("military_words"),
        stops=low("description_stops"),
        prefixes=prefixes,
        prefixes_first=prefixes_first,
        joint_adverbs=low("joint_adverbs"),
        measure_anaphors=low("measure_anaphor_nouns"),
        by_nature={str(x) for x in data.get("signed_by_nature", [])},
        measure_verbs=low("measure_verbs"),
        with_trigger={" ".join(t.lower_ for t in nlp.make_doc(x)) for x in data.get("described_with_trigger", [])},
        discussion_after=[str(x).lower() for x in data.get("discussion_after", [])],
        plural_only={" ".join(t.lower_ for t in nlp.make_doc(x)) for x in data.get("plural_only_triggers", [])},
        candidate_words=frozenset(
            {str(x).lower() for x in data.get("instrument_nouns", [])}
            | {str(x).lower() for x in data.get("instrument_heads", [])}
        ),
    )


@dataclass(slots=True)
class _Named:
    start: int
    end: int
    name: str
    acronym: str | None
    head: str


class _NamedAt:
    """Lookups over the named instruments of an article (``named``, sorted by start), so that a
    trigger does not scan all of them: the covered tokens, the first instrument by head word, and
    the instruments that can cover or start near a token."""

    def __init__(self, named: list[_Named]) -> None:
        self.named = named
        self.covered = {k for nm in named for k in range(nm.start, nm.end)}
        self.first_by_head: dict[str, _Named] = {}
        for nm in named:
            self.first_by_head.setdefault(nm.head, nm)
        self.starts = [nm.start for nm in named]
        self.longest = max((nm.end - nm.start for nm in named), default=0)
        self.ordered = self.starts == sorted(self.starts)

    def object_at(self, found: int) -> _Named | None:
        """The first instrument (in list order) that covers ``found`` or starts within 4 tokens after
        it; only those starting in [found - longest, found + 4] can."""
        named = self.named
        if self.ordered:
            lo = bisect.bisect_left(self.starts, found - self.longest)
            named = named[lo : bisect.bisect_right(self.starts, found + 4)]
        return next((nm for nm in named if nm.start <= found < nm.end or found < nm.start <= found + 4), None)


class _ByFirst:
    """The records by their first sentence (``sents[0]``, fixed once a record is made: its sentence
    list only grows), indexed as the list grows, so a trigger does not scan every record for a
    duplicate of its measure."""

    def __init__(self, records: list[_Record]) -> None:
        self.records = records
        self.synced = 0
        self.by_first: dict[int, list[_Record]] = {}

    def in_sent(self, sent: int) -> list[_Record]:
        """The records (in list order) whose first sentence is ``sent``."""
        recs = self.records  # (only grows while the triggers run)
        for r in recs[self.synced :]:
            self.by_first.setdefault(r.sents[0], []).append(r)
        self.synced = len(recs)
        return self.by_first.get(sent, [])


LOOKBACK_SENTS = 200
"""How far back (in sentences) an anaphor ("the agreement", "the agreement to regularize …") or an
earlier indefinite mention is looked for: only records mentioned within the last ``LOOKBACK_SENTS``
sentences are candidates. Comparing with every earlier record made these passes quadratic on very
long inputs (a 5 MB text holds thousands of records); a real news article has fewer than 100
sentences, so every earlier record of it is within reach and nothing changes."""


class _Recent:
    """The records by the sentences they are mentioned in, for the look-back of ``LOOKBACK_SENTS``."""

    def __init__(self, records: list[_Record]) -> None:
        self.records = records
        self.pos: dict[int, int] = {}
        self.by_sent: dict[int, set[int]] | None = None  # built when a sentence past the bound asks

    def added(self, rec: _Record, sent: int) -> None:
        """Record that ``sent`` was added to ``rec``'s sentences."""
        i = self.pos.get(id(rec))
        if self.by_sent is not None and i is not None:
            self.by_sent.setdefault(sent, set()).add(i)

    def before(self, sent: int) -> list[_Record]:
        """The records (in list order) mentioned in one of the ``LOOKBACK_SENTS`` sentences before
        ``sent`` — in a real article, every record with a sentence before ``sent``."""
        if sent <= LOOKBACK_SENTS:  # the look-back reaches the first sentence: no index needed
            return [r for r in self.records if min(r.sents) < sent]
        if self.by_sent is None:
            self.pos = {id(r): i for i, r in enumerate(self.records)}
            self.by_sent = {}
            for i, r in enumerate(self.records):
                for x in r.sents:
                    self.by_sent.setdefault(x, set()).add(i)
        idx: set[int] = set()
        for x in range(max(0, sent - LOOKBACK_SENTS), sent):
            got = self.by_sent.get(x)
            if got:
                idx |= got
        return [self.records[i] for i in sorted(idx)]


@dataclass(slots=True)
class _Record:
    name: str | None
    acronym: str | None
    description: str | None
    status: str
    parties: list[str]
    signatories: list[str]
    date: TimeExpression | None
    sents: list[int]
    rule: str
    first: int
    text_for_cameo: str = ""
    heads: set[str] = field(default_factory=set)


class AgreementsExtractor(BaseExtractor):
    """Finds ``Agreement`` records (see the module docstring for the rules)."""

    name = "agreements"
    requires = ("participants", "dates", "meetings")
    record_model = Agreement

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Agreement]:
        if len(doc) == 0:
            return []
        lex = ctx.lexicons.compiled("agreements.lexicon", _build)
        index = build_index(doc, ctx)
        meetings = [m for m in ctx.records("meetings") if isinstance(m, Meeting)]
        meeting_sents = self._meeting_sents(doc, ctx, index, meetings)
        named = self._named(doc, lex, index)
        records: list[_Record] = []
        by_name: dict[str, _Record] = {}
        pending: dict[str, _Named] = {}
        for nm in named:
            key = nm.acronym or nm.name
            rec = self._find_named(by_name, nm)
            if rec is not None:
                self._add_sent(rec, index.sent_of[nm.start])
                continue
            status = self._named_status(doc, nm, lex)
            if status is None:
                pending.setdefault(key, nm)
                continue
            rec = self._new_named(nm, status, index, lex, meetings, meeting_sents)
            records.append(rec)
            self._register(by_name, rec, nm)

        named_at = _NamedAt(named)
        by_first = _ByFirst(records)
        # (the triggers found by the event index's matcher, with the topics: what ``lex.matcher`` finds)
        found = index.trigger_matches["agreements"] if index.trigger_matches is not None else lex.matcher(doc)
        lower = tok_view(doc).lower
        for s, e in filter_ranges(found):
            key = " ".join(lower[s:e])
            status = lex.triggers.get(key)
            if status is None:
                continue
            self._trigger(
                doc, s, e, key, status, lex, index, by_name, pending, records, meetings, meeting_sents, named_at, by_first
            )
        self._anaphors(doc, lex, index, records)
        self._measure_anaphors(doc, lex, index, records)
        self._earlier_mentions(doc, lex, index, records)
        self._definite_references(doc, lex, index, records)
        records = self._fold_headline(doc, index, records)
        records.sort(key=lambda r: (min(r.sents), r.first))
        return [self._to_model(n, r, index, lex) for n, r in enumerate(records, 1)]

    # ------------------------------------------------------------------ named instruments
    def _named(self, doc: Doc, lex: _Lex, index: EventIndex) -> list[_Named]:
        out: list[_Named] = []
        n = len(doc)
        skip = 0
        tv = tok_view(doc)
        heads, nouns = lex.heads, lex.nouns
        # the tokens whose text is a head or whose lowercase form is a noun: found among the tokens
        # whose lowercase form is a noun or a lowercased head (lower_ is text.lower())
        candidates = [i for i in index.word_positions(lex.candidate_words) if tv.text[i] in heads or tv.lower[i] in nouns]
        # (token attributes from the TokView, not spaCy Tokens: is_title / is_upper / is_lower are
        # str.istitle() / isupper() / islower() of the text, is_alpha the view's flag, is_sent_start a
        # sentence boundary; like_num, a spaCy rule, is read from the Token when it matters)
        text, lower, alpha, sent_of = tv.text, tv.lower, tv.alpha, index.sent_of
        connectors = lex.connectors
        for i in candidates:
            if i < skip:
                continue
            acr, after = self._acronym_after(doc, i + 1)
            is_head = text[i] in lex.heads
            if not is_head and not (lower[i] in lex.nouns and acr):
                continue
            if is_head and not acr and i + 1 < n and sent_of[i + 1] == sent_of[i]:
                nl = lower[i + 1]
                if text[i + 1].istitle() or (nl in connectors and nl != "the" and i + 2 < n and text[i + 2].istitle()):
                    # "Partnership Program", "Partnership and Cooperation Programme": the name goes on
                    continue
            j = i - 1
            words = 0
            sstart = index.sent_bounds[sent_of[i]][0]
            while j >= sstart:
                w = text[j]
                if is_head:
                    if w.istitle() or (w.isupper() and alpha[j]) or (len(w) == 4 and doc[j].like_num):
                        words += 1
                        j -= 1
                        continue
                    if lower[j] in connectors and words > 0 and j > sstart and text[j - 1].istitle():
                        j -= 1
                        continue
                elif acr and alpha[j] and w.islower() and words < len(acr) - 1:
                    words += 1
                    j -= 1
                    continue
                break
            start = j + 1
            while start < i and (lower[start] in connectors or doc[start].like_num):
                start += 1
            if is_head and start == i:
                continue
            if not is_head and acr:
                initials = "".join(text[k][0].upper() for k in range(start, i + 1) if lower[k] not in connectors)
                if initials != acr:
                    continue
            if index.participant_at[i] is not None:  # part of an organisation's name
                continue
            name = index.text_of(start, i + 1)
            out.append(_Named(start, after if acr else i + 1, name, acr, lower[i]))
            skip = after if acr else i + 1
        # later bare mentions of a known acronym
        acronyms = {nm.acronym for nm in out if nm.acronym}
        taken = {k for nm in out for k in range(nm.start, nm.end)}
        # (a token whose text is an acronym has the acronym's lowercase form)
        for k in [k for k in index.word_positions({a.lower() for a in acronyms}) if tv.text[k] in acronyms] if acronyms else []:
            if k not in taken:
                src = next(nm for nm in out if nm.acronym == tv.text[k])
                out.append(_Named(k, k + 1, src.name, src.acronym, src.head))
        out.sort(key=lambda x: x.start)
        return out

    @staticmethod
    def _acronym_after(doc: Doc, k: int) -> tuple[str | None, int]:
        """An acronym written right after a name: '(ITPP)' or ', or ITPP'."""
        tvw = tok_view(doc)
        n = len(doc)

        def is_acr(t: int) -> bool:
            w = tvw.text[t]
            return 2 <= len(w) <= 7 and w.isupper() and w.isalpha()

        if k + 2 < n and tvw.text[k] == "(" and is_acr(k + 1) and tvw.text[k + 2] == ")":
            return tvw.text[k + 1], k + 3
        if k + 2 < n and tvw.text[k] == "," and tvw.lower[k + 1] == "or" and is_acr(k + 2):
            return tvw.text[k + 2], k + 3
        return None, k

    @staticmethod
    def _find_named(by_name: dict[str, _Record], nm: _Named) -> _Record | None:
        for key in (nm.acronym, nm.name.lower()):
            if key and key in by_name:
                return by_name[key]
        return None

    @staticmethod
    def _register(by_name: dict[str, _Record], rec: _Record, nm: _Named) -> None:
        if nm.acronym:
            by_name[nm.acronym] = rec
        by_name[nm.name.lower()] = rec

    def _named_status(self, doc: Doc, nm: _Named, lex: _Lex) -> str | None:
        lo = max(0, nm.start - 8)
        lower = tok_view(doc).lower
        before = set(lower[lo : nm.start])
        after = " " + " ".join(lower[nm.end : min(len(doc), nm.end + 12)]) + " "
        if before & lex.discussion or any(f" {w} " in after for w in lex.discussion_after):
            return "under_discussion"
        last = doc[nm.start : nm.end].text.split()
        head = next((w for w in reversed(last) if w in lex.by_nature or w.title() in lex.by_nature), None)
        if head is not None or doc[nm.start : nm.end].root.text in lex.by_nature:
            return "signed"
        return None

    def _new_named(
        self,
        nm: _Named,
        status: str,
        index: EventIndex,
        lex: _Lex,
        meetings: list[Meeting],
        meeting_sents: dict[int, list[int]],
    ) -> _Record:
        sent = index.sent_of[nm.start]
        s0, _ = index.sent_bounds[sent]
        parties = index.parties_in(s0, nm.start)
        date = None
        mt = self._meeting_for(sent, meetings, meeting_sents) or self._main_meeting(meetings)
        if mt is not None:
            if len(parties) < 2:
                parties += [c for c in self._meeting_parties(mt, index) if c not in parties]
            if status == "under_discussion":
                date = mt.date
        # "…, or ITPP, which is an updated framework covering …": the apposition describes it
        desc: str | None = None
        _, s1 = index.sent_bounds[sent]
        k = nm.end
        if k + 1 < s1 and index.doc[k].text == ",":
            k += 1
            if index.text_of(k, k + 2).lower() in ("which is", "which are", "which was"):
                k += 2
            if index.doc[k].lower_ in ("a", "an", "the") and k > nm.end + 1:
                found = self._description(index.doc, k, s1, lex, index)
                desc = found[0] if found else None
        return _Record(
            name=nm.name,
            acronym=nm.acronym,
            description=desc,
            status=status,
            parties=parties,
            signatories=[],
            date=date,
            sents=[sent],
            rule="agreements.named",
            first=nm.start,
            text_for_cameo=nm.name,
            heads={nm.head},
        )

    # ------------------------------------------------------------------ triggers
    def _trigger(
        self,
        doc: Doc,
        start: int,
        end: int,
        key: str,
        status: str,
        lex: _Lex,
        index: EventIndex,
        by_name: dict[str, _Record],
        pending: dict[str, _Named],
        records: list[_Record],
        meetings: list[Meeting],
        meeting_sents: dict[int, list[int]],
        named_at: _NamedAt,
        by_first: _ByFirst,
    ) -> None:
        tvw = tok_view(doc)
        sent = index.sent_of[start]
        s0, s1 = index.sent_bounds[sent]
        i = end
        if status == "signed" and start > s0 and tvw.lower[start - 1] in ("to", "will", "would", "plan", "plans"):
            return  # "agreed to sign the agreement": an intent, read by the 'agreed to' trigger
        if key == "proposed" and (
            (start > s0 and tvw.lower[start - 1] in ("the", "a", "an", "its", "their", "his", "her"))
            or i >= s1
            or not doc[i].is_alpha
            or tvw.lower[i] in ("by", "in", "on", "at", "for", "to", "that", "as")
        ):
            return  # "the proposed deal", "proposed by …": not a proposal made here
        if key in lex.with_trigger:
            i = start  # "upgraded their ties to a comprehensive strategic partnership"
        # "agreed with the top commander of NATO to deepen …": skip the partner
        partner: tuple[int, int] | None = None
        if i < s1 and tvw.lower[i] == "with" and status != "signed":
            j = i + 1
            while j < min(s1, i + 18) and tvw.lower[j] not in ("to", "on", "that") and tvw.text[j] not in _PUNCT_STOP_NO_PARENS:
                j += 1
            if j < s1 and tvw.lower[j] in ("to", "on", "that"):
                partner = (i + 1, j)
                i = j + 1
            else:
                return
        elif key in ("agreed on", "agreed to") and i < s1 and index.date_at[i] is not None:
            # "agreed on Thursday to step up …": 'on' belongs to the date
            j = i
            while j < s1 and index.date_at[j] is not None:
                j += 1
            if j < s1 and tvw.lower[j] in ("to", "that"):
                i = j + 1
        elif key in ("agreed", "agree") and not (i < s1 and tvw.lower[i] in ("to", "on", "that", "upon")):
            # "agreed Tuesday to establish …", "agreed on Monday to …": skip the date
            j = i + 1 if i < s1 and tvw.lower[i] in ("on", "in", "last", "this") and index.date_at[i + 1] is not None else i
            while j < s1 and index.date_at[j] is not None:
                j += 1
            if j == i or j >= s1 or tvw.lower[j] not in ("to", "that"):
                return
            i = j + 1
        elif i < s1 and tvw.lower[i] in ("to", "on", "that", "upon") and key.split()[-1] not in ("to", "on", "that"):
            i += 1
        # the object of "signed" / "concluded"
        obj_named: _Named | None = None
        rel_desc: str | None = None
        if status == "signed" or key in ("concluded", "adopted"):
            j = i
            # "Signed in July 2023, the bilateral partnership …"
            if j < s1 and tvw.lower[j] in ("in", "on") and doc[start].is_sent_start:
                while j < s1 and tvw.text[j] != ",":
                    j += 1
                j += 1
            obj_end = j
            found = None
            reach = 8 if status == "signed" else 6
            while obj_end < min(s1, j + reach) and tvw.text[obj_end] not in _PUNCT_STOP:
                w = tvw.lower[obj_end]
                if w in lex.signed_objects or obj_end in named_at.covered:
                    found = obj_end
                    break
                if w in ("to", "with", "that", "for") and obj_end > j:
                    break
                obj_end += 1
            if found is None:
                # "The deal for the 96 helicopters, signed on Tuesday, …": the instrument comes before
                back = next(
                    (k for k in range(start - 1, max(s0, start - 12) - 1, -1) if tvw.lower[k] in lex.anaphor_nouns),
                    None,
                )
                if back is not None and back > s0 and tvw.lower[back - 1] in ("the", "this", "that"):
                    earlier = [r for r in records if sent not in r.sents]
                    context = {t.lower_ for t in doc[back + 1 : start] if t.is_alpha or t.like_num} - {"the", "for", "of", "a"}
                    target = self._antecedent(tvw.lower[back], earlier, pending, index, sent, context)
                    own = self._own_date(doc, index, start, s0, s1)
                    if isinstance(target, _Record):
                        self._upgrade(target, status, sent, own)
                    elif target is None and own is not None and status == "signed":
                        # "the memorandum of understanding on defense cooperation signed in 2010"
                        desc = " ".join(index.text_of(back, start).split())
                        mt = self._main_meeting(meetings)
                        pair = next((r.parties for r in records if len(r.parties) >= 2), [])
                        parties = index.parties_in(back, start) or (self._meeting_parties(mt, index) if mt else []) or list(pair)
                        records.append(
                            _Record(None, None, desc, "signed", parties, [], own, [sent], "agreements.signed_passive", back, desc)
                        )
                return
            obj_named = named_at.object_at(found)
            if obj_named is None and tvw.lower[j] in ("a", "an") and tvw.lower[found] in lex.anaphor_nouns:
                # "signed a landmark agreement …" in an article about the "Reciprocal Access Agreement"
                obj_named = named_at.first_by_head.get(tvw.lower[found])
            if (
                obj_named is None
                and tvw.lower[j] in ("the", "this", "that", "their", "its")
                and tvw.lower[found] in lex.anaphor_nouns
            ):
                # "signed the deal", "the bilateral partnership": an instrument already reported
                target = self._antecedent(tvw.lower[found], records, pending, index, sent)
                if isinstance(target, _Record):
                    self._upgrade(target, status, sent, self._own_date(doc, index, start, s0, s1))
                    return
                if isinstance(target, _Named):
                    obj_named = target
            if obj_named is not None:
                rec = self._find_named(by_name, obj_named)
                date = self._own_date(doc, index, start, s0, s1)
                if rec is None:
                    rec = self._new_named(obj_named, status, index, lex, meetings, meeting_sents)
                    rec.first = min(rec.first, obj_named.start)
                    records.append(rec)
                    self._register(by_name, rec, obj_named)
                if date is None and status == "signed" and tvw.lower[j] not in ("the", "this", "that", "its", "their"):
                    main = self._meeting_for(sent, meetings, meeting_sents) or self._main_meeting(meetings)
                    date = main.date if main is not None else None
                self._upgrade(rec, status, sent, date)
                if not rec.parties:
                    rec.parties = index.parties_in(s0, start, capitals=True) or rec.parties
                if rec.description is None and found + 1 < s1 and doc[found + 1].is_lower and tvw.text[found + 1].endswith("s"):
                    # "Signed in July 2023, the bilateral partnership outlines cooperation in 11 areas …"
                    more = self._description(doc, found + 1, s1, lex, index)
                    rec.description = more[0] if more else None
                return
            # "signed an agreement on Wednesday to buy …": the purpose clause describes it
            k = found + 1
            while k < min(s1, found + 8) and tvw.lower[k] != "to" and tvw.text[k] not in _PUNCT_STOP:
                k += 1
            head_end = found + 1
            while head_end < s1 and tvw.lower[head_end] in lex.signed_objects:
                head_end += 1  # "partnership program"
            rel = self._relative_after(doc, head_end, s1, index) if status == "signed" else None
            if rel is not None:
                # "signed a defence cooperation agreement on Wednesday that will allow …": the instrument
                # as written (indefinite article kept) with its restrictive relative clause, the date left out
                more = self._description(doc, rel + 1, s1, lex, index)
                if more is not None:
                    clause = "".join(t.text_with_ws for t in doc[rel : more[2]] if t.text not in _QUOTES)
                    rel_desc = " ".join((index.text_of(j, head_end) + " " + clause).split())
            if k < s1 and tvw.lower[k] == "to" and k + 1 < s1 and doc[k + 1].is_alpha:
                i = k + 1
            else:
                i = j
                while i < found and tvw.lower[i] == "the":
                    i += 1
        found_desc = self._description(doc, i, s1, lex, index)
        if found_desc is None:
            return
        desc, d0, d1 = found_desc
        if rel_desc is not None:
            desc = rel_desc
        date = self._own_date(doc, index, start, s0, s1, after=20 if status == "signed" else max(2, d0 - end))
        if date is None:  # "… to a comprehensive strategic partnership last year": the date that ended it
            at = d1 + 1 if d1 < s1 and tvw.lower[d1] in ("in", "on") else d1  # "… between the two navies in 2021"
            date = next((index.dates[k] for k in index.dates_in(at, at + 1) if usable_date(index.dates[k])), None)
        mt = self._meeting_for(sent, meetings, meeting_sents)
        z0, z1 = self._subject_zone(doc, s0, start)
        zone_words = set(tvw.lower[z0:z1])
        subject = [pid for _, pid in index.persons_in(z0, z1) if self._acts(index, pid)]
        parties = index.parties_in(z0, z1, capitals=True)
        named_subject = bool(subject or parties)
        if key.split()[0] in ("vowed", "pledged", "promised", "pledge") and len(parties) < 2 and not (zone_words & _PLURAL):
            return  # one side's vow is a statement, not an agreement
        if key in lex.plural_only:
            # "India and Japan will also hold …": a joint undertaking, not one side's plan or a meeting
            if (
                (len(parties) < 2 and not (zone_words & _PLURAL))
                or not doc[end].is_lower
                or tvw.lower[end] in ("be", "have", "been")
            ):
                return
            if any(w in lex.meeting_words for w in desc.lower().split()):
                return
        if partner is not None:
            for code in index.parties_in(*partner):
                if code not in parties:
                    parties.append(code)
        for code in index.parties_in(d0, d1):  # "… to buy launchers from South Korea"
            if code not in parties and (status == "signed" or len(parties) < 2):
                parties.append(code)
        if mt is None:
            mt = self._main_meeting(meetings)
        if mt is not None:
            if not named_subject or len(parties) < 2:
                for code in self._meeting_parties(mt, index):
                    if code not in parties and (len(parties) < 2 or not named_subject):
                        parties.append(code)
            if not named_subject:
                subject = list(mt.participants)
            if date is None:
                date = mt.date
        if date is None and status != "signed":
            # "The ministers decided to …" right after "… agreed Tuesday to …": the same occasion
            prev = [r for r in records if r.status != "signed" and r.date is not None and 0 < sent - r.sents[-1] <= 3]
            if prev:
                date = prev[-1].date
        pair = next((r.parties for r in records if len(r.parties) >= 2), [])
        one_signer = status == "signed" and bool(parties) and parties[0] in pair
        if len(parties) < 2 and (not named_subject or zone_words & _PLURAL or one_signer):
            # "The two countries signed …", "Poland signed … with Raytheon": the pair the article is about
            extra = [c for c in pair if c not in parties]
            parties += extra if (not named_subject or zone_words & _PLURAL) else extra[: max(0, 2 - len(parties))]
        if partner is not None:
            subject += [pid for _, pid in index.persons_in(*partner) if pid not in subject]
        rec = _Record(
            name=None,
            acronym=None,
            description=desc,
            status=status,
            parties=parties,
            signatories=subject,
            date=date,
            sents=[sent],
            rule=f"agreements.{key.replace(' ', '_')}",
            first=start,
            text_for_cameo=desc,
        )
        for other in by_first.in_sent(sent):  # (the records whose sents[0] == sent)
            if other.description == desc:
                return
        parts = self._split_measures(doc, d0, d1, lex)
        k = d1
        while k < min(s1, d1 + 15) and tvw.text[k] not in _PUNCT_OR_QUOTE and status != "signed":
            # "… signed in 2010 and explore new opportunities …": a further measure after a stop
            nxt = k + 2 if k + 2 < s1 and tvw.lower[k + 1] == "to" else k + 1
            if tvw.lower[k] == "and" and nxt < s1 and tvw.lower[nxt] in lex.measure_verbs:
                more = self._description(doc, nxt, s1, lex, index)
                if more is not None and more[2] - more[1] >= 3:
                    parts = [*parts, (more[1], more[2])]
                break
            k += 1
        if len(parts) > 1:
            for a, b in parts:
                text = " ".join(index.text_of(a, b).split())
                records.append(replace(rec, description=text, text_for_cameo=text, first=a))
            return
        records.append(rec)

    @staticmethod
    def _relative_after(doc: Doc, k: int, s1: int, index: EventIndex) -> int | None:
        """The token of a restrictive relative pronoun ('that', 'which' without a comma) right after an
        instrument noun, past a date and its preposition ("… program in November 2019 that established
        …"); None when the noun is not followed by one."""
        tvw = tok_view(doc)
        while k < s1 and (tvw.lower[k] in ("in", "on", "last", "this") or index.date_at[k] is not None):
            k += 1
        if k + 1 < s1 and tvw.lower[k] in ("that", "which") and doc[k + 1].is_alpha and doc[k + 1].is_lower:
            return k
        return None

    @staticmethod
    def _split_measures(doc: Doc, d0: int, d1: int, lex: _Lex) -> list[tuple[int, int]]:
        """'revise the MOU … and explore new opportunities …' → the two measures (each ≥ 3 words)."""
        tvw = tok_view(doc)
        if "and" not in tvw.lower[d0 + 3 : d1 - 3]:
            return [(d0, d1)]  # (no 'and': no cut)
        cuts = [
            k
            for k in range(d0 + 3, d1 - 3)
            if tvw.lower[k] == "and"
            and (tvw.lower[k + 1] in lex.measure_verbs or (tvw.lower[k + 1] == "to" and tvw.lower[k + 2] in lex.measure_verbs))
        ]
        if not cuts:
            return [(d0, d1)]
        out: list[tuple[int, int]] = []
        a = d0
        for k in cuts:
            out.append((a, k))
            a = k + 2 if tvw.lower[k + 1] == "to" else k + 1
        out.append((a, d1))
        return out

    @staticmethod
    def _subject_zone(doc: Doc, s0: int, trig: int) -> tuple[int, int]:
        """Where the subject of a trigger is: from the sentence start (after a dateline and an opening
        adverbial: "To counter …, India and Japan …") or the last clause opener before the trigger
        ('that', 'which', 'when', a semicolon) to the trigger; "X did …, and agreed to …" → X.
        At most 40 tokens back: a subject is near its verb."""
        tv = tok_view(doc)
        low, txt = tv.lower, tv.text
        s0 = max(s0, trig - 40)
        if not _DATELINE_MARKS.isdisjoint(txt[s0 : trig - 1]):
            for j in range(trig - 2, s0 - 1, -1):  # the last mark before the trigger
                if txt[j] in _DATELINE_MARKS:
                    s0 = j + 1  # a dateline or kicker ends before the subject
                    break
        if low[s0] in _OPENERS and "," in txt[s0:trig]:
            s0 = txt.index(",", s0, trig) + 1  # after the first comma
        prev = low[trig - 1] if trig - 1 >= s0 else ""
        if prev == "and" or (prev == "also" and trig - 2 >= s0 and low[trig - 2] == "and"):
            # "X underscored …, and agreed to …": the subject opens the sentence
            end = next((j for j in range(s0, trig) if low[j] in ("that", "which") or txt[j] == ","), trig)
            verb = next((j for j in range(s0 + 1, end) if low[j].endswith("ed") and not txt[j].istitle()), end)
            return s0, min(end, verb)
        z0 = s0
        if not _CLAUSE_OPENERS.isdisjoint(low[s0:trig]) or ";" in txt[s0:trig]:
            for j in range(trig - 1, s0 - 1, -1):  # after the last clause opener
                if low[j] in _CLAUSE_OPENERS or txt[j] == ";":
                    z0 = j + 1
                    break
        return z0, trig

    def _description(self, doc: Doc, i: int, s1: int, lex: _Lex, index: EventIndex) -> tuple[str, int, int] | None:
        tv = tok_view(doc)
        low, txt = tv.lower, tv.text
        while i < s1 and low[i] in ("for", "on", "to", "upon"):
            i += 1
        # "agreed that the two countries will strengthen …": what is agreed starts after the modal
        # (no modal among the next tokens, the common case: one set test instead of a generator)
        reach = min(s1, i + 7)
        modal = None if _MODALS.isdisjoint(low[i:reach]) else next(j for j in range(i, reach) if low[j] in _MODALS)
        if modal is not None and not any(txt[j] in _PUNCT_STOP for j in range(i, modal)):
            i = modal + 1
        start = i
        # (only the prefixes starting with this word can match; an empty prefix matches anywhere: all of them)
        for p in lex.prefixes if lex.prefixes_first is None or i >= len(low) else lex.prefixes_first.get(low[i], ()):
            if tuple(low[i : i + len(p)]) == p:
                start = i + len(p)
                break
        k = start
        stop, space, stops, date_at = min(s1, start + _MAX_DESC), tv.space, lex.stops, index.date_at
        pub = index.ctx.published
        while k < stop:
            x, lo = txt[k], low[k]
            if x == "," and k + 1 < s1 and low[k + 1] == "including":
                k += 2  # "…, including cybersecurity and interoperability"
                continue
            if x == "," and k + 2 < s1 and index.text_of(k + 1, k + 3).lower() == "such as":
                k += 3  # "…, such as exchanging intelligence"
                continue
            if x in _PUNCT_STOP or space[k] or "\n" in x:
                break
            if lo in stops and k > start:
                break
            if x in _QUOTES and k - start >= 3 and low[k - 1] == "to" and low[k - 2] not in lex.joint_adverbs:
                break  # 'to “enhance …”': a quoted purpose clause ends the description ('work together to “…”' runs on)

            dk = date_at[k]
            if dk is not None and k > start and pub is not None:
                r = index.dates[dk].range
                if r is not None and r.end < pub.date:
                    break  # "… partnership last year": a past date says when, not what ("next month" stays)
            if lo == "and" and k > start and k + 1 < s1 and low[k + 1].endswith("ed") and txt[k + 1].islower():
                break  # "… next month and discussed …": a new clause
            if lo in ("in", "at", "during") and k > start and any(w in lex.meeting_words for w in low[k + 1 : min(s1, k + 4)]):
                break  # "… in a bilateral meeting", "… at the talks": where it was agreed, not what
            if lo in ("in", "on") and k > start and k + 1 < s1:
                dk = date_at[k + 1]
                if dk is not None and usable_date(index.dates[dk]):
                    break  # "… program in November 2019": when, not what
            if lo in ("in", "at", "on") and k > start:
                nxt = k + 2 if k + 2 < s1 and low[k + 1] in ("the", "a", "an") else k + 1
                if nxt < s1 and txt[nxt][:1].isupper() and date_at[nxt] is None:
                    break  # "… at the NATO Brussels Summit", "… in Seoul": where, not what
            k += 1
        quoted = not _QUOTES.isdisjoint(txt[start:k])
        while k > start and (low[k - 1] in _TRAIL or (txt[k - 1] in _QUOTES and not quoted)):
            k -= 1
        if k - start < 1:
            return None
        if quoted and any(txt[j] in _QUOTES and low[j - 1] == "to" for j in range(start + 1, k)):
            # 'work together to “further strengthen …,”': the quoted fragment is what is proposed; its
            # words, without the quotation marks
            text = " ".join("".join(t.text_with_ws for t in doc[start:k] if t.text not in _QUOTES).split())
            return (text, start, k) if text else None
        text = " ".join(index.text_of(start, k).split())
        opened = [txt[j] for j in range(start, k) if txt[j] in _QUOTES]
        if len(opened) % 2 == 1:  # a quotation cut by the clause end: close it
            text += {"\u201c": "\u201d", "\u2018": "\u2019"}.get(opened[-1], opened[-1])
        return text, start, k

    def _own_date(self, doc: Doc, index: EventIndex, trig: int, s0: int, s1: int, *, after: int = 20) -> TimeExpression | None:
        """The date of the sentence nearest the trigger (at most ``after`` tokens after it: a date
        inside what is agreed, "revise the MOU signed in 2010", is not when it was agreed)."""
        best: tuple[int, TimeExpression] | None = None
        for k in index.dates_in(max(s0, trig - 12), min(s1, trig + after + 1)):
            d = index.dates[k]
            if not usable_date(d):
                continue
            ds, de = index.date_tokens[k]
            if ds >= trig and ds - trig > after:
                continue
            dist = ds - trig if ds >= trig else (trig - de) * 3 + 6
            if dist > 20:
                continue
            if best is None or dist < best[0]:
                best = (dist, d)
        return best[1] if best else None

    @staticmethod
    def _upgrade(rec: _Record, status: str, sent: int, date: TimeExpression | None) -> None:
        if _STRENGTH[status] > _STRENGTH[rec.status]:
            rec.status = status
            if date is not None:
                rec.date = date
        elif rec.date is None and date is not None and status == rec.status:
            rec.date = date
        if sent not in rec.sents:
            rec.sents.append(sent)

    @staticmethod
    def _add_sent(rec: _Record, sent: int) -> None:
        if sent not in rec.sents:
            rec.sents.append(sent)

    def _antecedent(
        self,
        noun: str,
        records: list[_Record],
        pending: dict[str, _Named],
        index: EventIndex,
        sent: int,
        context: set[str] | None = None,
    ) -> _Record | _Named | None:
        for rec in reversed(records):
            if rec.name and (noun in rec.name.lower().split() or noun in rec.heads):
                return rec
        best: _Named | None = None
        for nm in pending.values():
            if (noun in nm.name.lower().split() or noun == nm.head) and index.sent_of[nm.start] <= sent:
                best = nm
        if best is not None:
            return best
        for rec in reversed(records):
            if noun in (rec.description or "").lower().split():
                return rec
        if noun in ("agreement", "deal", "pact", "contract") and records:
            if context:
                scored = [(len(context & set((r.description or "").lower().split())), n) for n, r in enumerate(records)]
                overlap, n = max(scored)
                if overlap > 0:
                    return records[n]
            return records[-1]
        return None

    @staticmethod
    def _headline_sents(doc: Doc, index: EventIndex) -> set[int]:
        """Sentences before the first body sentence that have no closing punctuation (headline, kicker)."""
        tvw = tok_view(doc)
        out: set[int] = set()
        for k, (s, e) in enumerate(index.sent_bounds[:4]):
            last = e - 1
            while last >= s and tvw.space[last]:
                last -= 1
            if last < s:
                continue
            if tvw.text[last] in (".", "!", "?", "\u201d", '"', "\u2019", ")") and last - s > 12:
                break
            out.add(k)
        return out

    def _fold_headline(self, doc: Doc, index: EventIndex, records: list[_Record]) -> list[_Record]:
        """An agreement told in the headline is the one the body tells first with the same status."""
        heads = self._headline_sents(doc, index)
        out: list[_Record] = []
        in_head = [rec.sents[0] in heads for rec in records]
        for n, rec in enumerate(records):
            if in_head[n] and rec.name is None:
                body = next((r for k, r in enumerate(records) if not in_head[k] and r.status == rec.status), None)
                if body is not None:
                    body.sents = sorted({*body.sents, *rec.sents})
                    continue
            out.append(rec)
        return out

    def _anaphors(self, doc: Doc, lex: _Lex, index: EventIndex, records: list[_Record]) -> None:
        """'the program', 'the bilateral partnership', 'the pact' in a later sentence: evidence of a
        named instrument already found."""
        tvw = tok_view(doc)
        named = [r for r in records if r.name]
        if not named:
            return
        nouns = lex.anaphor_nouns
        for k in index.word_positions(nouns):
            t = doc[k]
            if t.is_title:
                continue
            j = k - 1
            while j >= 0 and k - j <= 3 and not doc[j].is_punct and tvw.lower[j] not in ("the", "this", "that", "their", "its"):
                j -= 1
            if j < 0 or tvw.lower[j] not in ("the", "this", "that", "their", "its"):
                continue
            sent = index.sent_of[k]
            for rec in reversed(named):
                if rec.sents[0] <= sent and (t.lower_ in (rec.name or "").lower().split() or t.lower_ in rec.heads):
                    self._add_sent(rec, sent)
                    break

    def _measure_anaphors(self, doc: Doc, lex: _Lex, index: EventIndex, records: list[_Record]) -> None:
        """'the agreement (between X and Y) to regularize military-to-military consultations': evidence
        of the earlier unnamed measure whose description shares at least two of its content stems
        ("establish a military-to-military consultative body"), when exactly one measure does."""
        tvw = tok_view(doc)
        unnamed = [r for r in records if r.name is None and r.description]
        if not unnamed:
            return
        lower = tvw.lower
        measures = lex.measure_anaphors
        # each measure's description stems, once (descriptions do not change here; recomputing them
        # per anaphor made this quadratic on long texts)
        desc_stems: dict[int, set[str]] = {}  # by id(record), filled when first compared

        def stems_of(r: _Record) -> set[str]:
            st = desc_stems.get(id(r))
            if st is None:
                st = desc_stems[id(r)] = _stems((r.description or "").lower().replace("-", " ").split())
            return st

        recent = _Recent(unnamed)
        for k in index.word_positions(measures):
            if k == 0 or lower[k - 1] not in ("the", "this", "that"):
                continue
            sent = index.sent_of[k]
            s1 = index.sent_bounds[sent][1]
            j = k + 1
            if j < s1 and tvw.lower[j] == "between":  # "the agreement between NATO and South Korea to …"
                while j < min(s1, k + 12) and tvw.lower[j] != "to" and tvw.text[j] not in _PUNCT_STOP:
                    j += 1
            if j >= s1 or tvw.lower[j] != "to":
                continue
            e = j + 1
            while e < min(s1, j + 12) and tvw.text[e] not in _PUNCT_STOP and tvw.lower[e] not in lex.stops:
                e += 1
            stems = _stems(lower[j + 1 : e])
            if not stems:
                continue
            scored = [(len(stems & stems_of(r)), r) for r in recent.before(sent) if r.sents[0] < sent]
            best = max((n for n, _ in scored), default=0)
            hits = [r for n, r in scored if n == best]
            if best >= 2 and len(hits) == 1:
                self._add_sent(hits[0], sent)
                recent.added(hits[0], sent)

    def _definite_references(self, doc: Doc, lex: _Lex, index: EventIndex, records: list[_Record]) -> None:
        """'The agreement comes as …', 'Tuesday's deal also provides …', 'This historic treaty will …',
        'The decision was taken at …' in a sentence that states no agreement itself: evidence of the
        latest earlier record told with that noun (for 'decision': the latest agreed measure)."""
        tvw = tok_view(doc)
        if not records:
            return
        used = {k for r in records for k in r.sents}
        sent_words: dict[int, set[str]] = {}

        def words_of(k: int) -> set[str]:
            if k not in sent_words:
                s0, s1 = index.sent_bounds[k]
                sent_words[k] = set(tvw.lower[s0:s1])
            return sent_words[k]

        wanted = lex.anaphor_nouns | lex.measure_anaphors
        recent = _Recent(records)
        for k in index.word_positions(wanted):
            t = doc[k]
            noun = t.lower_
            if t.is_title or noun.endswith("s"):
                continue
            sent = index.sent_of[k]
            if sent in used:
                continue
            j = k - 1
            s0 = index.sent_bounds[sent][0]
            while j > s0 and k - j <= 2 and doc[j].is_alpha and doc[j].is_lower and tvw.lower[j] not in ("the", "this", "that"):
                j -= 1  # "This historic treaty", "the defence pact"
            definite = j >= s0 and tvw.lower[j] in ("the", "this", "that")
            dated = j > s0 and tvw.text[j] in _POSSESSIVE_MARKS and index.date_at[j - 1] is not None  # "Tuesday's deal"
            if not (definite or dated) or (k + 1 < len(doc) and tvw.lower[k + 1] == "between"):
                continue
            before = recent.before(sent)  # (each has a sentence before ``sent``: min(r.sents) < sent)
            if noun == "decision":
                hits = [r for r in before if r.status in ("agreed", "committed")]
            else:
                hits = [
                    r
                    for r in before
                    if noun in (r.description or "").lower().split()
                    or noun in (r.name or "").lower().split()
                    or any(noun in words_of(x) for x in r.sents if x < sent)
                ]
                if not hits and noun in ("agreement", "deal", "pact", "contract"):
                    hits = [r for r in before if r.status == "signed"]  # "signed an agreement …. Tuesday's deal …"
            if hits:
                latest = max(hits, key=lambda r: (max(x for x in r.sents if x < sent), r.first))
                self._add_sent(latest, sent)
                recent.added(latest, sent)

    def _earlier_mentions(self, doc: Doc, lex: _Lex, index: EventIndex, records: list[_Record]) -> None:
        """'… as demonstrated by …, an official partnership, and …' before '… signed an official
        partnership program …': an earlier indefinite mention with the instrument's first words (at
        least two, ending on or followed by an instrument noun: "a defence cooperation deal") is
        evidence of the signed instrument."""
        lower = tok_view(doc).lower
        articles: list[int] | None = None  # positions of 'a'/'an', found once (not one Doc scan per record)
        for rec in records:
            words = (rec.description or "").lower().split()
            if rec.status != "signed" or rec.name is not None or len(words) < 3 or words[0] not in ("a", "an"):
                continue
            if articles is None:
                articles = index.word_positions(_ARTICLES)
            head: list[str] = []
            for w in words[1:]:
                if w in ("that", "which", "on", "of", "to", "with", "between", "for"):
                    break
                head.append(w)
            first = rec.sents[0]
            lim = index.sent_bounds[first][0]
            # the articles of the ``LOOKBACK_SENTS`` sentences before the record's (all, in a real article)
            lo = 0 if first <= LOOKBACK_SENTS else bisect.bisect_left(articles, index.sent_bounds[first - LOOKBACK_SENTS][0])
            for k in articles[lo : bisect.bisect_left(articles, lim - 1)]:
                n = 0
                while n < len(head) and k + 1 + n < lim and lower[k + 1 + n] == head[n]:
                    n += 1
                noun = k + 1 + n < lim and lower[k + 1 + n] in lex.signed_objects  # "a defence cooperation deal"
                if n >= 2 and (head[n - 1] in lex.signed_objects or noun) and index.sent_of[k] not in rec.sents:
                    self._add_sent(rec, index.sent_of[k])

    # ------------------------------------------------------------------ meetings
    def _meeting_sents(self, doc: Doc, ctx: ArticleContext, index: EventIndex, meetings: list[Meeting]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        sent_at: dict[tuple[int, int], int | None] = {}  # (meetings share evidence sentences: each mapped once)
        # the meetings' evidence is the index's sentence spans: the original range of a sentence
        # ``sentence_span`` gave maps back to that sentence (a range two sentences share is mapped)
        told: dict[tuple[int, int], int] = {}
        for sent, (a, b, _) in index.sent_spans.items():
            if a < b:
                told[(a, b)] = -1 if (a, b) in told else sent
        sent_at.update((key, sent) for key, sent in told.items() if sent >= 0)
        for n, m in enumerate(meetings):
            for ev in m.evidence:
                key = (ev.start, ev.end)
                if key in sent_at:
                    k = sent_at[key]
                else:
                    sp = index.token_range(ev)  # ctx.doc_span(doc, ev) without the spaCy Span
                    k = sent_at[key] = index.sent_of[sp[0]] if sp is not None and sp[1] > sp[0] else None
                if k is not None:
                    out.setdefault(k, []).append(n)
        return out

    @staticmethod
    def _meeting_for(sent: int, meetings: list[Meeting], meeting_sents: dict[int, list[int]]) -> Meeting | None:
        here = meeting_sents.get(sent, [])
        for n in here:
            if meetings[n].kind != "visit" and meetings[n].participants:
                return meetings[n]
        if here:
            return meetings[here[0]]
        for back in (1, 2):
            prev = meeting_sents.get(sent - back, [])
            for n in prev:
                if meetings[n].status == "held" and meetings[n].kind != "visit" and meetings[n].participants:
                    return meetings[n]
        return None

    @staticmethod
    def _main_meeting(meetings: list[Meeting]) -> Meeting | None:
        """The article's main meeting: the first held one with people and a date (not a visit)."""
        for m in meetings:
            if m.status == "held" and m.kind != "visit" and m.participants and m.date is not None:
                return m
        return None

    @staticmethod
    def _meeting_parties(m: Meeting, index: EventIndex) -> list[str]:
        out: list[str] = []
        for pid in m.participants:
            p = index.participants.get(pid)
            if p is not None and p.affiliation and p.affiliation not in out:
                out.append(p.affiliation)
        return out

    @staticmethod
    def _acts(index: EventIndex, pid: str) -> bool:
        p = index.participants.get(pid)
        title = (p.title or "").lower() if p is not None else ""
        return not any(w in title for w in ("spokes", "professor", "analyst", "expert"))

    # ------------------------------------------------------------------ records
    def _to_model(self, n: int, r: _Record, index: EventIndex, lex: _Lex) -> Agreement:
        # (each sentence once: merge_spans drops repeats anyway)
        evidence: list[Span] = merge_spans([index.sentence_span(s) for s in sorted(set(r.sents))])
        seq = [w.strip(".,“”\"'").lower() for w in r.text_for_cameo.replace("-", " ").split()]
        # "strengthen cooperation through sustained military exchanges": the means is not the measure
        cut = next((n for n, w in enumerate(seq) if w in ("through", "via") and n > 0), len(seq))
        words = set(seq[:cut])
        if r.status == "signed":
            cameo = "062" if words & lex.military_words else "057"
        else:
            cameo = "036" if words & lex.meeting_words else "0312"
        # (the Agreement through the model's validator: the same record, without BaseModel.__init__)
        return _validate_agreement(  # type: ignore[no-any-return]
            {
                "id": f"A{n}",
                "name": r.name,
                "acronym": r.acronym,
                "description": r.description,
                "status": r.status,
                "parties": sorted(r.parties),
                "signatories": r.signatories,
                "date": r.date,
                "topics": index.topics_of(r.sents),
                "cameo": cameo,
                "evidence": evidence,
                "rule": r.rule,
            }
        )
