"""The ``participants`` extractor: named people and the bodies that speak, with rank, title,
organisation, affiliation and every mention.

How it reads an article (each step a rule id, found in ``Participant.rule``):

1. ``people.tag_doc`` marks lexicon phrases: ranks, titles, organisations, countries/demonyms/cities,
   reporting verbs and channels ("according to").
2. Name runs: maximal runs of capitalised, untagged tokens (hyphenated pieces glued: "In-choul";
   initials and "Jr." kept). A run is a person when its context says so:
   ``participants.rank`` ("Adm. Rob Bauer"), ``participants.title`` ("Defense Minister Suh Wook"),
   ``participants.counterpart`` ("his Ukrainian counterpart Oleksii Reznikov"),
   ``participants.apposition`` ("Chun Chae-sung, a professor at …"), ``participants.korean_name``
   (a Korean surname with a hyphenated given name), ``participants.speaker`` (a name followed by a
   reporting verb: "Park told"), ``participants.honorific`` ("Mr. Kim").
3. Coreference: runs whose name keys are equal or contained in each other are one person
   ("Kyung-Hyup Kim" = "Kim Kyung-hyup"; "Bauer" ⊂ "Rob Bauer"); a bare surname shared by several
   people goes to the one mentioned most recently before it. Title-alone mentions ("the defense
   chief", "South Korea's JCS chairman") attach to the one person holding a compatible post.
4. Bodies (``participants.org_speaker``/``participants.org_channel``): an organisation becomes a
   participant when it speaks or reports somewhere ("the JCS said", "according to the ministry");
   all its mentions (acronym, full name, "the ministry") are collected.

Knowledge is in ``lexicons/{ranks,titles,organizations,countries,names,reporting_verbs}.json``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..context import validate_span
from ..lexicons import load_lexicon
from ..models import Participant, Span
from .base import BaseExtractor
from .people import (
    ANAPHOR_ONLY,
    CHANNEL,
    COUNTRY,
    HYPHENS,
    NAME_CODE,
    ORG,
    POSSESSIVES,
    RANK,
    TITLE,
    VERB,
    Tag,
    Tagger,
    flagged,
    get_tagger,
    is_name_text,
    name_key,
    quote_mask,
    sentence_bounds,
    tag_doc,
    tag_index,
    tok_view,
    token_starts,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext

_DETS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})
_GRAMMAR = load_lexicon("grammar")
_ADVERBS = frozenset(_GRAMMAR["adverbs_before_verb"])
_INTL = frozenset({"NATO", "UN", "EU", "ASEAN", "AU"})
_NON_NATIONAL_ROLES = frozenset(
    {"secretary_general", "deputy_secretary_general", "academic", "counterpart", "chair", "vice_chair", "commander", "director"}
)
_FUNCTION_WORDS = frozenset({"and", "or", "with", "between", "of", "to", "in", "for", "from", "by", "at", "on", "as", "than"})
_APPOS_ADJ = frozenset({"top", "new", "senior", "former", "acting", "chief", "deputy", "vice"})
#: ``Span(**fields)`` / ``Participant(**fields)`` through the models' validators (the same records,
#: without ``BaseModel.__init__``'s Python frame and keyword packing).
_validate_participant = Participant.__pydantic_validator__.validate_python
_SPEECH_NOUNS = frozenset({"statement", "release", "report", "briefing", "announcement", "readout", "news", "press"})


@dataclass
class _Run:
    """A run of name tokens ``[start, end)`` with its written name."""

    start: int
    end: int
    name: str
    nparts: int
    key: frozenset[str]


class _Info:
    """What the context of one mention says about the person. (A plain class: the defaults are
    class attributes, an instance holds only what was found — one per name run, built cheaply.)"""

    rank: str | None = None
    title: str | None = None
    role: str | None = None
    former: bool = False
    organization: str | None = None
    org_index: int | None = None
    title_aff: str | None = None
    country: str | None = None
    service_aff: str | None = None
    counterpart: bool = False
    honorific: bool = False
    chain_start: int = 0
    rank_start: int | None = None
    appos_end: int | None = None

    def __init__(self, chain_start: int = 0) -> None:
        self.chain_start = chain_start


@dataclass
class _Ent:
    kind: str
    name: str
    key: frozenset[str] = frozenset()
    rule: str = ""
    mentions: list[tuple[int, int]] = field(default_factory=list)
    rank: str | None = None
    title: str | None = None
    roles: set[str] = field(default_factory=set)
    former: bool = False
    organization: str | None = None
    org_index: int | None = None
    affiliation: str | None = None
    aff_weak: str | None = None
    counterpart_of: int | None = None
    counterpart_ref: _Ent | None = None
    korean: bool = False
    # organisations
    group: str = ""
    org_kind: str = ""
    speaks: bool = False
    surfaces: list[str] = field(default_factory=list)

    # the mention starts, sorted; mentions are only ever appended, so the starts of the new ones are
    # inserted when the list has grown (a bisect, not a scan of every mention, on each query)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _synced: int = field(default=0, repr=False, compare=False)

    def _sorted_starts(self) -> list[int]:
        ms = self.mentions
        if self._synced != len(ms):
            for s, _ in ms[self._synced :]:
                bisect.insort(self._starts, s)
            self._synced = len(ms)
        return self._starts

    def last_before(self, pos: int) -> int:
        """The latest mention start before ``pos`` (-1 when none)."""
        starts = self._sorted_starts()
        i = bisect.bisect_left(starts, pos)
        return starts[i - 1] if i else -1

    def has_start_in(self, lo: int, hi: int) -> bool:
        """Whether a mention starts in ``[lo, hi)``."""
        starts = self._sorted_starts()
        return bisect.bisect_left(starts, lo) < bisect.bisect_left(starts, hi)

    def first(self) -> int:
        starts = self._sorted_starts()
        if not starts:
            raise ValueError("first() of an entity without mentions")
        return starts[0]


def second_used(t: Tag, tg: Tagger) -> bool:
    """Whether the apposition's title is a post of an international body (it then wins)."""
    return bool(tg.title_entry(t).get("affiliation"))


def _title_case(text: str, tg: Tagger) -> str:
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in tg.lowercase_title_words:
            out.append(w.lower())
        elif w[:1].islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


class _Reader:
    """One article's participant analysis (kept per call; no state between articles)."""

    def __init__(self, doc: Doc, ctx: ArticleContext) -> None:
        self.doc = doc
        self.tv = tok_view(doc)
        self.idx: list[int] = token_starts(doc)
        # the Doc's text (the view it was built from; ``doc.text`` re-joins every token on each call)
        vt = ctx.view.text
        self.vtext = vt if self.idx and len(vt) == self.idx[-1] + len(self.tv.text[-1]) + self.tv.ws[-1] else doc.text
        self.ctx = ctx
        self.tg = get_tagger(ctx.lexicons)
        self.tags = tag_doc(doc, ctx.lexicons)
        self.tag_starts = [t.start for t in self.tags]  # tags are in text order: bisect, not scan
        # the tags of each category, in text order (one pass over the tags for every reader below)
        self.by_cat: dict[str, list[Tag]] = {}
        for t in self.tags:
            bucket = self.by_cat.get(t.cat)
            if bucket is None:
                self.by_cat[t.cat] = [t]
            else:
                bucket.append(t)
        n = self.n = len(doc)  # (the Doc's length, read as an attribute: len(doc) is a call)
        self.tag_at: list[Tag | None] = tag_index(doc, ctx.lexicons)  # shared, read-only
        self.sent_start = [0] * n
        self.sent_end = [n] * n
        self.terminal = bytearray(n)  # sentence ends with . ! ? or a closing quote (prose, not a line of chrome)
        # Title Case lines (headlines, no final stop, every long word capitalised): name runs cannot
        # be trusted there ("… Rutte Agree to Boost …")
        self.titlecase = bytearray(n)
        texts, space, alpha = self.tv.text, self.tv.space, self.tv.alpha
        for ss, se in sentence_bounds(doc):
            self.sent_start[ss:se] = [ss] * (se - ss)
            self.sent_end[ss:se] = [se] * (se - ss)
            k = se - 1  # the last token that is not white space
            while k >= ss and space[k]:
                k -= 1
            if k >= ss and texts[k] in {".", "!", "?", "\u201d", '"'}:
                self.terminal[ss:se] = b"\x01" * (se - ss)
                continue
            # every long word capitalised and at least 5 words; the first long lower-case word settles it
            nwords = 0
            for k in range(ss, se):
                if alpha[k]:
                    w = texts[k]
                    if w.islower() and len(w) > 3:
                        break
                    nwords += 1
            else:
                if nwords >= 5:
                    self.titlecase[ss:se] = b"\x01" * (se - ss)
        self.flags = self.tg.word_flags(doc)  # name codes, quote marks and anaphors of every token, one pass
        self.in_quote = quote_mask(doc, self.tg)
        self.name_override: dict[tuple[int, int], str] = {}
        self.plain_names: dict[str, str] = {}  # body name without its country, for a member's organisation
        self.persons: list[_Ent] = []
        self.orgs: list[_Ent] = []
        self.consumed = bytearray(n)  # tokens explained as part of a person's chain or apposition
        self.korean_names: dict[str, bool] = {}  # is_korean per run name
        byline = (ctx.article.byline or "").strip()
        self.byline_key = name_key(byline) if byline else frozenset()

    # -- small token helpers -------------------------------------------------------------------

    def text(self, s: int, e: int) -> str:
        if 0 <= s < e <= len(self.tv.text):  # the view's characters from token s to the end of token e-1
            return self.vtext[self.idx[s] : self.idx[e - 1] + len(self.tv.text[e - 1])]
        return self.doc[s:e].text

    def tag(self, i: int) -> Tag | None:
        return self.tag_at[i] if 0 <= i < self.n else None

    def low(self, i: int) -> str:
        return self.tv.lower[i] if 0 <= i < self.n else ""

    def org_name(self, t: Tag) -> str:
        entry = self.tg.orgs[int(t.value)]
        if t.extra == "acronym" and entry.get("keep_acronym"):
            return self.text(t.start, t.end)  # "NATO", "UN": bodies known by their acronym
        if t.extra == "acronym" or not entry.get("generic"):
            return str(entry["name"])
        return self.text(t.start, t.end)

    def org_aff(self, t: Tag) -> str | None:
        aff = self.tg.orgs[int(t.value)].get("affiliation")
        return str(aff) if aff else None

    # -- name runs ---------------------------------------------------------------------------

    def runs(self) -> list[_Run]:
        tg = self.tg
        out: list[_Run] = []
        # (the per-token lists and lexicon sets as locals: this loop visits every capitalised word)
        texts, ws, alpha = self.tv.text, self.tv.ws, self.tv.alpha
        suffixes, particles = tg.suffixes, tg.particles
        tag_at, titlecase, sent_end = self.tag_at, self.titlecase, self.sent_end
        # per token: 0 not a name word, 1 a name word, 2 one that can open a name (tg.name_codes, as bytes)
        codes = self.flags.translate(NAME_CODE)
        # the tokens a run can start at: untagged name words, not suffixes nor initials ("K.")
        # (bytes.index finds the next 2 at C speed: the same list as
        # [k for k, c in enumerate(codes) if c == 2 and tag_at[k] is None])
        starts: list[int] = []
        k = -1
        try:
            while True:
                k = codes.index(2, k + 1)
                if tag_at[k] is None:
                    starts.append(k)
        except ValueError:  # no 2 left
            pass
        nstarts = len(starts)
        next_start = 0
        i = 0
        while True:
            while next_start < nstarts and starts[next_start] < i:
                next_start += 1
            if next_start == nstarts:
                break
            i = starts[next_start]
            s = i
            parts: list[str] = []
            j = i
            limit = sent_end[i]
            while j < limit and len(parts) < 5:
                tok_text = texts[j]
                if j > s and (not ws[j - 1] or titlecase[j]):
                    break
                if tag_at[j] is not None:
                    break
                if tok_text in suffixes and parts:
                    parts.append(tok_text)
                    j += 1
                    break
                if tok_text in particles and parts and j + 1 < limit and codes[j + 1]:
                    parts.append(tok_text)
                    j += 1
                    continue
                if not codes[j] and not (
                    parts
                    and tok_text[:1].isupper()
                    and alpha[j]
                    # glued to the next piece by a hyphen ("In-choul")
                    and j + 2 < limit
                    and not ws[j]
                    and texts[j + 1] in HYPHENS
                    and not ws[j + 1]
                    and alpha[j + 2]
                ):
                    break
                piece = tok_text
                k = j
                while (
                    k + 2 < limit
                    and not ws[k]
                    and texts[k + 1] in HYPHENS
                    and not ws[k + 1]
                    and alpha[k + 2]
                    and tag_at[k + 2] is None
                ):
                    piece += "-" + texts[k + 2]
                    k += 2
                parts.append(piece)
                j = k + 1
            nreal = 0  # the parts that are not initials nor suffixes
            for p in parts:
                if not (len(p) <= 2 and p.endswith(".")) and p not in suffixes:
                    nreal += 1
            if not nreal:
                i = j if j > i else i + 1  # (max(j, i + 1))
                continue
            # a run glued to a following word ("Da-gyumPublished") or to a hyphen is not a name
            name = " ".join(parts)
            out.append(_Run(s, j, name, nreal, name_key(name)))
            i = j if j > i else i + 1  # (max(j, i + 1))
        return out

    # -- context of a run ----------------------------------------------------------------------

    def left_info(self, s: int) -> _Info:
        info = _Info(chain_start=s)
        tg = self.tg
        k = s - 1
        lo = self.sent_start[s] if s < self.n else 0
        title_tag: Tag | None = None
        org_before_title: Tag | None = None
        seen_title = False
        texts, lowers, tag_at = self.tv.text, self.tv.lower, self.tag_at
        while k >= lo:
            t = tag_at[k]
            text, lower = texts[k], lowers[k]  # (the TokView, not a spaCy Token)
            if t is not None:
                cat = t.cat
                if cat == RANK:
                    if info.rank is None and not seen_title:
                        info.rank = t.value
                        info.rank_start = t.start
                    k = t.start - 1
                    info.chain_start = t.start
                    continue
                if cat == TITLE:
                    if t.value == "counterpart":
                        info.counterpart = True
                    elif title_tag is None:
                        title_tag = t
                    seen_title = True
                    k = t.start - 1
                    info.chain_start = t.start
                    continue
                if cat == ORG:
                    if title_tag is not None and org_before_title is None and t.end == title_tag.start:
                        org_before_title = t
                    elif info.service_aff is None:
                        info.service_aff = self.org_aff(t)
                        if info.organization is None and title_tag is None:
                            info.organization = self.org_name(t)
                            info.org_index = int(t.value)
                    k = t.start - 1
                    info.chain_start = t.start
                    continue
                if cat == COUNTRY:
                    if info.country is None:
                        info.country = t.value
                    k = t.start - 1
                    info.chain_start = t.start
                    continue
            if text in POSSESSIVES and k - 1 >= lo and tag_at[k - 1] is not None:
                k -= 1
                continue
            if text in tg.rank_prefixes and info.rank is not None:
                info.chain_start = k
                if info.rank_start == k + 1:
                    info.rank_start = k  # "Staff Maj. Gen. Francesco Diella"
                k -= 1
                continue
            if text in HYPHENS and k - 1 >= lo and self.tv.lower[k - 1] in tg.former:
                info.former = True
                info.chain_start = k - 1
                k -= 2
                continue
            if lower in tg.former:
                info.former = True
                info.chain_start = k
                k -= 1
                continue
            if text == ")":
                # "Lt. Gen. (ret.) Chun In-bum": a retired officer keeps his rank
                op = next((x for x in range(k - 1, max(lo, k - 4) - 1, -1) if self.tv.text[x] == "("), None)
                if op is not None and {self.tv.lower[x] for x in range(op + 1, k)} & {"ret", "ret.", "retired"}:
                    info.former = True
                    k = op - 1
                    continue
            if text in tg.honorifics:
                info.honorific = True
                info.chain_start = k
                k -= 1
                continue
            if lower in {"top", "new", "chief", "acting", "incoming", "outgoing", "senior"} and seen_title:
                info.chain_start = k
                k -= 1
                continue
            if info.counterpart and lower in {"his", "her", "their", "its"}:
                info.chain_start = k
                k -= 1
                continue
            prev_tag = tag_at[k - 1] if k - 1 >= lo else None  # (0 <= lo <= k - 1 < len(doc): self.tag(k - 1))
            if text == "," and prev_tag is not None and prev_tag.value == "counterpart":
                k -= 1
                continue
            break
        if title_tag is not None:
            info.role = title_tag.value
            head = self.head(title_tag)
            entry = self.tg.title_entry(title_tag)
            if entry.get("affiliation"):
                info.title_aff = str(entry["affiliation"])
                info.organization = entry.get("organization")
            if org_before_title is not None:
                info.organization = self.org_name(org_before_title)
                info.org_index = int(org_before_title.value)
                info.title_aff = self.person_aff(org_before_title)
                if self.tg.of_org(title_tag):
                    info.title = f"{head} of the {info.organization}"
                else:
                    info.title = head
            else:
                info.title = head
        return info

    def right_info(self, e: int, info: _Info) -> None:
        """Apposition after the name: ", (a|the) [country's|demonym|ORG] TITLE [of|at ORG-phrase],"."""
        n = self.n
        if e >= n or self.tv.text[e] != ",":
            return
        k = e + 1
        end = self.sent_end[e]
        if k < end and self.tv.lower[k] in _DETS:
            k += 1
        country = None
        org_tag: Tag | None = None
        while k < end:
            t = self.tag_at[k]
            if t is not None and t.cat == COUNTRY:
                country = country or t.value
                k = t.end
                if k < end and self.tv.text[k] in POSSESSIVES:
                    k += 1
                continue
            if t is not None and t.cat == ORG:
                org_tag = t
                k = t.end
                if k < end and self.tv.text[k] in POSSESSIVES:
                    k += 1
                continue
            if self.tv.lower[k] in _APPOS_ADJ and self.tag_at[k] is None:
                if self.tv.lower[k] == "former":
                    info.former = True
                k += 1
                continue
            break
        t = self.tag(k)
        if t is None or t.cat != TITLE or t.value == "counterpart":
            return
        nxt = t.end
        while nxt < end and self.tag_at[nxt] is not None and self.tag_at[nxt].cat == RANK:  # type: ignore[union-attr]
            nxt = self.tag_at[nxt].end  # type: ignore[union-attr]
        if nxt < end and self.tag_at[nxt] is None and is_name_text(self.tv.text[nxt], self.tg):
            return  # ", US President Joe Biden": the next person of a list, not an apposition
        head = self.head(t)
        k = t.end
        title = head
        organization = self.org_name(org_tag) if org_tag is not None else None
        org_index = int(org_tag.value) if org_tag is not None else None
        title_aff = self.org_aff(org_tag) if org_tag is not None else None
        obj_country = None
        if k < end and self.tv.lower[k] in {"of", "at", "for", "in"}:
            prep = self.tv.lower[k]
            j = k + 1
            while (
                j < end
                and self.tv.text[j] not in {",", ";", ")", "\u201c", "\u201d", '"'}
                and not (self.tv.text[j] == "." and j == end - 1)
            ):
                if self.tag_at[j] is not None and self.tag_at[j].cat == VERB:  # type: ignore[union-attr]
                    break
                if self.tv.text[j] == "(":
                    close = next((x for x in range(j + 1, min(end, j + 8)) if self.tv.text[x] == ")"), None)
                    if close is None:
                        break
                    j = close
                j += 1
            obj_s = k + 1
            obj_e = j
            if obj_e > obj_s:
                lo, hi = bisect.bisect_left(self.tag_starts, obj_s), bisect.bisect_left(self.tag_starts, obj_e)
                inner = [x for x in self.tags[lo:hi] if x.end <= obj_e]
                orgs = [x for x in inner if x.cat == ORG]
                for x in inner:
                    if x.cat == COUNTRY and obj_country is None:
                        obj_country = x.value
                org_e = obj_e
                for x in inner:
                    if x.cat == TITLE and x.start > obj_s and self.tv.lower[x.start - 1] == "and":
                        org_e = x.start - 1
                        break
                bare = self.bare_org(obj_s, org_e)
                second = next(
                    (x for x in inner if x.cat == TITLE and x.start > obj_s and self.tg.title_entry(x).get("affiliation")),
                    None,
                )
                if second is not None:
                    # "commander of U.S. European Command and Supreme Allied Commander Europe": the
                    # post of an international body is the one acted in
                    sentry = self.tg.title_entry(second)
                    title = self.head(second)
                    organization = sentry.get("organization")
                    title_aff = str(sentry["affiliation"])
                    t = second
                elif prep == "of" and self.tg.of_org(t) and bare is not None:
                    organization = self.org_name(bare)
                    org_index = int(bare.value)
                    title = f"{head} of the {organization}"
                    title_aff = self.person_aff(bare)
                elif prep == "of" and self.tg.of_org(t):
                    # "director of the Cooperative Security Division of the NATO International
                    # Military": the unit is the post, the body after the last "of the" the organisation
                    split = next(
                        (
                            x
                            for x in reversed(orgs)
                            if x.start - 2 > obj_s and self.low(x.start - 2) == "of" and self.low(x.start - 1) == "the"
                        ),
                        None,
                    )
                    if split is not None and split.end >= org_e - 1:
                        unit = self.plain_phrase(obj_s, split.start - 2)
                        title = f"{head} of the {unit}"
                        organization = self.plain_phrase(split.start, org_e)
                    else:
                        plain = self.plain_phrase(obj_s, org_e)
                        title = f"{head} of the {plain}"
                        organization = plain
                else:
                    # "a professor at Seoul National University's department of …": the body is
                    # the capitalised head of the phrase
                    words = []
                    for y in range(obj_s, min(obj_e, n)):
                        w = self.tv.text[y]
                        if w in POSSESSIVES or (w[:1].islower() and self.tv.lower[y] not in {"of", "the", "and"}):
                            break
                        words.append(w)
                    org_txt = " ".join(words).strip()
                    if org_txt.lower().startswith("the "):
                        org_txt = org_txt[4:]
                    organization = org_txt or organization
                if orgs and second is None:
                    title_aff = self.person_aff(orgs[-1]) or title_aff
                    if org_index is None:
                        org_index = int(orgs[-1].value)
            k = j
        info.appos_end = k
        if info.title is None or (self.tg.of_org(t) and " of " in title) or second_used(t, self.tg):
            info.title = title
            info.role = t.value
        if organization and (info.organization is None or " of " in title or second_used(t, self.tg)):
            info.organization = organization
            info.org_index = org_index
        if title_aff:
            info.title_aff = title_aff
        if country and info.country is None:
            info.country = country
        if obj_country and info.country is None and info.title_aff is None:
            info.country = obj_country

    def plain_phrase(self, s: int, e: int) -> str:
        """A phrase of the text without a leading "the", leading country words and possessive
        endings ("the South Korean National Assembly's Intelligence Committee" → "National Assembly
        Intelligence Committee")."""
        while s < e and (self.low(s) == "the" or (self.tag_at[s] is not None and self.tag_at[s].cat == COUNTRY)):  # type: ignore[union-attr]
            s = self.tag_at[s].end if self.tag_at[s] is not None else s + 1  # type: ignore[union-attr]
        texts, ws = self.tv.text, self.tv.ws  # Token.whitespace_ is " " or ""
        words = [("" if texts[k] in POSSESSIVES else texts[k]) + (" " if ws[k] else "") for k in range(s, min(e, len(texts)))]
        out = "".join(words).strip()
        return " ".join(out.split())

    def person_aff(self, t: Tag) -> str | None:
        """The party a person serving in the body of ORG tag ``t`` acts for, from the body alone:
        None for commands staffed by nations (their officers act for their own state)."""
        if self.tg.orgs[int(t.value)].get("staffed_by_nations"):
            return None
        return self.org_aff(t)

    def head(self, t: Tag) -> str:
        """The written head of a title: the lexicon's canonical form, else the text title-cased."""
        entry = self.tg.title_entry(t)
        return str(entry.get("canonical") or _title_case(self.text(t.start, t.end), self.tg))

    def bare_org(self, s: int, e: int) -> Tag | None:
        """The ORG tag that a phrase ``[s, e)`` consists of, once a leading "the", country words,
        possessives and a parenthesised acronym are set aside ("the Republic of Korea (ROK) Joint
        Chiefs of Staff" → Joint Chiefs of Staff); None when anything else is left."""
        found: Tag | None = None
        k = s
        while k < e:
            t = self.tag_at[k]
            if t is not None and t.cat == ORG and t.end <= e and found is None:
                found = t
                k = t.end
                continue
            if t is not None and t.cat == COUNTRY and t.end <= e:
                k = t.end
                continue
            if self.tv.lower[k] == "the" or self.tv.text[k] in POSSESSIVES:
                k += 1
                continue
            if self.tv.text[k] == "(":
                close = next((x for x in range(k + 1, e) if self.tv.text[x] == ")"), None)
                if close is None:
                    return None
                k = close + 1
                continue
            return None
        return found

    def followed_by_verb(self, e: int) -> bool:
        k = e
        n = self.n
        while k < n and self.low(k) in _ADVERBS:
            k += 1
        t = self.tag(k)
        return t is not None and t.cat == VERB

    def preceded_by_verb(self, s: int) -> bool:
        t = self.tag(s - 1)
        return t is not None and t.cat == VERB and s - 1 >= self.sent_start[s]

    def is_korean(self, run: _Run) -> bool:
        """A Korean name: a Korean surname beside a hyphenated given name ("Won In-choul",
        "Kyung-Hyup Kim"), or surname first with one-syllable given names ("Suh Wook", "Yoon Suk Yeol")."""
        known = self.korean_names.get(run.name)  # (a function of the name: once per name and article)
        if known is not None:
            return known
        parts = run.name.split()
        if len(parts) < 2 or len(parts) > 3:
            out = False
        elif any("-" in p for p in parts):
            ks = self.tg.korean_surnames
            out = parts[0] in ks or parts[-1] in ks
        else:
            ks = self.tg.korean_surnames
            out = parts[0] in ks and all(len(p) <= 5 and p.isalpha() for p in parts[1:])
        self.korean_names[run.name] = out
        return out

    # -- persons -------------------------------------------------------------------------------

    def accept(self, run: _Run, info: _Info) -> str | None:
        if run.key and self.byline_key and run.key <= self.byline_key:
            return None
        if run.start > 0 and self.tv.lower[run.start - 1] == "by" and self.sent_start[run.start] >= run.start - 1:
            return None
        last = self.tv.text[run.end - 1]
        if last in self.tg.org_suffixes:
            return None  # "Hyundai Rotem Co.", "Kyodo News": a body
        j = run.start - 1
        if j >= 1 and self.tv.lower[j] == "the" and self.tag(j - 1) is not None and self.tag(j - 1).cat == CHANNEL:  # type: ignore[union-attr]
            return None  # "according to the Vn Express": people take no article
        if info.rank:
            return "participants.rank"
        if info.counterpart:
            return "participants.counterpart"
        if info.title:
            return "participants.title"
        if info.appos_end is not None:
            return "participants.apposition"
        if info.honorific:
            return "participants.honorific"
        if self.title_before_comma(run, info):
            return "participants.apposition"
        if self.is_korean(run) and self.terminal[run.start] and not self.alone_on_line(run):
            return "participants.korean_name"
        if self.followed_by_verb(run.end) or (run.nparts >= 2 and self.preceded_by_verb(run.start)):
            if run.nparts == 1 and run.name.lower() in self.tg.anonymous:
                return None
            return "participants.speaker"
        return None

    def title_before_comma(self, run: _Run, info: _Info) -> bool:
        """ ", NAME," after a title phrase ("A spokesman for the ministry, Jan Kowalski, said"):
        the phrase is the person's title."""
        s = run.start
        if s < 2 or self.tv.text[s - 1] != "," or run.end >= self.n or self.tv.text[run.end] not in {",", "."}:
            return False
        lo = max(self.sent_start[s], s - 8)
        for k in range(s - 2, lo - 1, -1):
            if self.tv.text[k] == "," or self.pid_marked(k):
                return False
            t = self.tag_at[k]
            if t is not None and t.cat == TITLE and t.value != "counterpart":
                if t.start > lo and self.low(t.start - 1) not in _DETS and self.tag_at[t.start - 1] is None:
                    return False
                info.title = self.head(t)
                info.role = t.value
                info.chain_start = t.start  # the phrase is context of this mention, not a mention
                return True
        return False

    def pid_marked(self, k: int) -> bool:
        return bool(self.consumed[k])

    def alone_on_line(self, run: _Run) -> bool:
        """A name that is its sentence (a byline or a caption credit)."""
        ss, se = self.sent_start[run.start], self.sent_end[run.start]
        space, punct = self.tv.space, self.tv.punct
        return all(space[k] or punct[k] or run.start <= k < run.end for k in range(ss, se))

    def find_person(self, run: _Run) -> _Ent | None:
        if not run.key:
            return None
        key = run.key
        for p in self.persons:  # the first one with an equal key
            if p.key == key:
                return p
        cands = [p for p in self.persons if key < p.key or p.key < key]
        if not cands:
            return None
        if len(run.key) >= 2:
            # a fuller or shorter form of one name; never merge two different full names
            cands = [p for p in cands if run.key < p.key or len(p.key) == 1]
            if not cands:
                return None
        best = max(cands, key=lambda p: (p.last_before(run.start), -p.first()))
        if best.last_before(run.start) < 0:
            best = min(cands, key=lambda p: p.first())
        return best

    def apply_info(self, ent: _Ent, info: _Info) -> None:
        if info.rank and not ent.rank:
            ent.rank = info.rank
        if info.title and (ent.title is None or len(info.title) > len(ent.title)):
            ent.title = info.title
            ent.former = info.former
        if info.role:
            ent.roles.add(info.role)
        if info.organization and (ent.organization is None or len(info.organization) > len(ent.organization)):
            ent.organization = info.organization
            ent.org_index = info.org_index
        aff = info.title_aff if info.title_aff in _INTL else None
        aff = aff or info.country or info.title_aff or info.service_aff
        if aff and not ent.affiliation:
            ent.affiliation = aff
        elif aff and info.title_aff in _INTL and ent.affiliation != info.title_aff:
            ent.affiliation = info.title_aff

    def mark(self, s: int, e: int) -> None:
        lo = s if s > 0 else 0  # (max(0, s), min(e, len(doc)): no builtin calls)
        n = len(self.consumed)
        hi = e if e < n else n
        if hi > lo:
            self.consumed[lo:hi] = b"\x01" * (hi - lo)  # (one slice: consumed[k] = 1 for k in range(lo, hi))

    def read_persons(self) -> None:
        runs = self.runs()
        infos: dict[int, _Info] = {}
        for r in runs:
            info = self.left_info(r.start)
            self.right_info(r.end, info)
            infos[r.start] = info
        ordered = sorted(runs, key=lambda r: (r.nparts < 2, r.start))
        assigned: set[int] = set()
        for r in ordered:
            info = infos[r.start]
            rule = self.accept(r, info)
            ent = self.find_person(r)
            if ent is None and rule is None:
                continue
            if ent is None:
                assert rule is not None
                ent = _Ent(kind="person", name=r.name, key=r.key, rule=rule)
                self.persons.append(ent)
            elif len(r.key) > len(ent.key) or (r.key == ent.key and len(r.name) > len(ent.name)):
                ent.name, ent.key = r.name, r.key
            ms = info.rank_start if info.rank_start is not None and info.rank_start < r.start else r.start
            ent.mentions.append((ms, r.end))
            self.apply_info(ent, info)
            if info.counterpart:
                ent.counterpart_of = r.start
            if self.is_korean(r):
                ent.korean = True
            self.mark(info.chain_start, r.end)
            if info.appos_end is not None:
                self.mark(r.end, info.appos_end)
            assigned.add(r.start)

    # -- title-alone mentions ------------------------------------------------------------------

    def title_mentions(self) -> None:
        for t in self.by_cat.get(TITLE, ()):
            if t.value == "counterpart" or any(self.consumed[t.start : t.end]):
                continue
            if t.end < self.n and is_name_text(self.tv.text[t.end], self.tg) and self.tag_at[t.end] is None:
                continue  # a title before a name that was not read as a person
            if t.end + 1 < self.n and self.tv.text[t.end] in POSSESSIVES and self.tv.text[t.end + 1][:1].isupper():
                continue  # "the Prime Minister's Office"
            s = t.start
            org: Tag | None = None
            country: str | None = None
            k = t.start - 1
            lo = self.sent_start[t.start]
            has_det = False
            while k >= lo:
                x = self.tag_at[k]
                if x is not None and x.cat == ORG and org is None:
                    org = x
                    s = k = x.start
                    k -= 1
                    continue
                if x is not None and x.cat == COUNTRY and country is None:
                    country = x.value
                    s = x.start
                    k = x.start - 1
                    has_det = True
                    continue
                if self.tv.text[k] in POSSESSIVES and k - 1 >= lo and self.tag_at[k - 1] is not None:
                    k -= 1
                    continue
                if self.tv.lower[k] in {"top", "new", "senior"}:
                    s = k
                    k -= 1
                    continue
                if self.tv.lower[k] in _DETS:
                    has_det = True
                break
            if not has_det and all(self.tv.punct[k] or self.tv.text[k].isupper() or self.tv.space[k] for k in range(lo, s)):
                has_det = True  # a headline's "Defense chief, …"
            e = t.end
            if e + 1 < self.n and self.tv.lower[e] == "of":
                j = e + 1
                if j < self.n and self.tv.lower[j] in {"the", "its"}:
                    j += 1
                x = self.tag(j)
                if x is not None and x.cat == ORG:
                    org = x
                    e = x.end
                elif x is not None and x.cat == COUNTRY:
                    country = x.value
                    e = x.end
            if not has_det and org is None:
                continue
            if self.tg.of_org(t) and org is None and country is None:
                # "the chief delegates", "the chairman of its top body": too vague to tie — except in
                # a lede that names nobody yet: it announces the first holder of that post named next
                lede = self.lede_holder(t)
                if lede is not None:
                    ee = t.end
                    if ee + 1 < self.n and self.tv.lower[ee] == "of" and self.tv.lower[ee + 1] in {"its", "their", "the"}:
                        ee += 2
                        while ee < self.n and self.tv.text[ee].islower() and self.tag_at[ee] is None and self.tv.alpha[ee]:
                            ee += 1
                    lede.mentions.append((s, ee))
                    self.mark(s, ee)
                continue
            cands = [p for p in self.persons if t.value in p.roles or self.role_covers(t.value, p.roles)]
            if org is not None:
                oname = self.org_name(org)
                oaff = self.org_aff(org)
                cands = [
                    p
                    for p in cands
                    if (p.org_index is not None and p.org_index == int(org.value))
                    or (p.organization and oname.lower() in p.organization.lower())
                    or (p.title and oname.lower() in p.title.lower())
                    or (oaff is not None and p.affiliation == oaff and oaff in _INTL)
                ]
            if country is not None:
                cands = [p for p in cands if p.affiliation in (country, None)]
            if len(cands) > 1:
                # several holders: the one named in this or the previous sentence, if only one is
                lo_prev = self.sent_start[max(0, self.sent_start[t.start] - 1)]
                near = [p for p in cands if p.has_start_in(lo_prev, t.start)]
                cands = near
            if len(cands) != 1:
                continue
            cands[0].mentions.append((s, e))
            self.mark(s, e)

    def role_covers(self, role: str, roles: set[str]) -> bool:
        """A generic post covers the specific ones: "the minister" → a defense or foreign minister."""
        return role == "minister" and any(r.endswith("minister") for r in roles)

    def lede_holder(self, t: Tag) -> _Ent | None:
        """For a head title written before any person is named, the first person later named with
        the same post."""
        if any(p.mentions and p.first() < t.start for p in self.persons):
            return None
        cands = [p for p in self.persons if t.value in p.roles and p.mentions]
        if not cands:
            return None
        return min(cands, key=lambda p: p.first())

    def post_bodies(self) -> None:
        """A bare head title ("then-Chairman Petr Pavel") takes the body named with the same post in
        the same sentence ("the NATO Military Committee chief … then-Chairman Petr Pavel")."""
        for p in self.persons:
            if p.organization is not None or not p.title or " of " in p.title or not p.mentions:
                continue
            roles = {r for r in p.roles if r in ("chair", "vice_chair", "commander", "director")}
            if not roles:
                continue
            s0 = p.first()
            lo, hi = self.sent_start[s0], self.sent_end[s0]
            for t in self.by_cat.get(TITLE, ()):
                if t.start < lo or t.end > hi or t.value not in roles:
                    continue
                org = self.tag(t.start - 1)
                if org is not None and org.cat == ORG:
                    p.organization = self.org_name(org)
                    p.org_index = int(org.value)
                    p.title = f"{p.title} of the {p.organization}"
                    p.affiliation = p.affiliation or self.person_aff(org)
                    break

    def counterparts(self) -> None:
        for p in self.persons:
            if p.counterpart_of is None:
                continue
            pos = p.counterpart_of
            lo = self.sent_start[pos]
            best: _Ent | None = None
            best_pos = -1
            for q in self.persons:
                if q is p:
                    continue
                s = q.last_before(pos)  # q's latest mention before pos: the only one that can win
                if s >= lo and s > best_pos:
                    best, best_pos = q, s
            p.counterpart_ref = best
            if best is not None and best.title and (p.title is None or p.title.lower() == "counterpart"):
                p.title = best.title
                p.roles |= best.roles

    # -- organisations -------------------------------------------------------------------------

    def speaker_position(self, s: int, e: int) -> bool:
        n = self.n
        if self.in_quote[s]:
            return False  # words inside a quotation are the speaker's, not the body's
        if self.followed_by_verb(e):
            return True
        k = e
        if k < n and self.tv.lower[k] in _SPEECH_NOUNS:
            k += 1
        j = s - 1
        lo = self.sent_start[s] if s < n else 0
        while j >= lo and (
            self.tv.lower[j] in _DETS
            or self.tv.text[j] in POSSESSIVES
            or (self.tag_at[j] is not None and self.tag_at[j].cat == COUNTRY)  # type: ignore[union-attr]
        ):
            j -= 1
        t = self.tag(j)
        if t is not None and t.cat == CHANNEL:
            return True
        if t is not None and t.cat == VERB and j >= lo:
            # inverted: ", said the ministry." (the body closes the clause)
            closes = e >= n or self.tv.punct[e] or self.tv.space[e]
            return closes and j - 1 >= lo and self.tv.text[j - 1] in {",", "\u201d", '"'}
        return False

    def org_context_country(self, s: int) -> str | None:
        """The country written in front of a body: "South Korea's JCS", "the South Korean
        ministry", "India's state-run broadcaster Doordarshan News" (up to three descriptive words)."""
        k = s - 1
        lo = self.sent_start[s] if s < self.n else 0
        words = 0
        while k >= lo:
            x = self.tag_at[k]
            if x is not None and x.cat == COUNTRY:
                return x.value
            text, lower = self.tv.text[k], self.tv.lower[k]
            if text in POSSESSIVES or lower in _DETS:
                k -= 1
                continue
            if (
                (x is None or x.cat == VERB)
                and (text.islower() or text in HYPHENS)  # Token.is_lower is str.islower
                and words < 4
                and lower not in _FUNCTION_WORDS
            ):
                words += 1
                k -= 1
                continue
            break
        return None

    def coordinated_countries(self, t: Tag) -> tuple[tuple[Tag, Tag], str] | None:
        """For a plural body ("defense ministries") after "DEMONYM and DEMONYM", the two country
        tags and the singular written form ("defense ministry")."""
        # (the token tests first: all must hold, and most bodies have no country tag before them)
        if t.start < 3:
            return None
        c2 = self.tag_at[t.start - 1]
        if c2 is None or c2.cat != COUNTRY or c2.start < 2 or self.tv.lower[c2.start - 1] != "and":
            return None
        surface = self.text(t.start, t.end)
        if not surface.lower().endswith("ies"):
            return None
        c1 = self.tag_at[c2.start - 2]
        if c1 is None or c1.cat != COUNTRY:
            return None
        return (c1, c2), surface[:-3] + "y"

    def read_orgs(self) -> None:
        found: list[tuple[int, int, str, str, str | None, int | None]] = []  # s, e, group, kind, aff, index
        joint: list[tuple[str, str]] = []  # bodies named together ("South Korean and Japanese ministries")
        # every written form of a body, also inside titles ("Joint Chiefs of Staff Chairman"): the
        # participant is named by the fullest one
        # (the tags of each group; their written forms are read at the end, for the groups that need them)
        group_tags: dict[str, list[Tag]] = {}
        # the tags of the three categories read below, in text order
        by_cat: dict[str, list[Tag]] = {c: self.by_cat.get(c, []) for c in (ORG, VERB, CHANNEL)}
        org_group: dict[str, str] = {}  # group of each organisation entry (by tag value) met here
        for t in by_cat[ORG]:
            group = org_group.get(t.value)
            if group is None:
                gentry = self.tg.orgs[int(t.value)]
                group = org_group[t.value] = str(gentry.get("group") or gentry["name"])
            group_tags.setdefault(group, []).append(t)
        for t in by_cat[ORG]:
            if any(self.consumed[t.start : t.end]):
                continue
            if t.start >= 2 and self.tv.text[t.start - 1] in HYPHENS and not self.tv.ws[t.start - 2]:
                continue  # "the Seoul-NATO partnership"
            nxt = t.end
            if nxt < self.n:
                nt = self.tag_at[nxt]
                if nt is not None and nt.cat in (TITLE, ORG):
                    continue  # "JCS Chairman": part of a title
                if not self.tv.ws[t.end - 1] and self.tv.text[nxt] in HYPHENS:
                    continue  # "NATO-led"
                if self.tv.text[nxt][:1].isupper() and self.tv.alpha[nxt] and nt is None:
                    continue  # part of a longer proper name: "NATO Brussels Summit"
            entry = self.tg.orgs[int(t.value)]
            group = org_group[t.value]
            okind = str(entry.get("kind", "body"))
            coord = self.coordinated_countries(t)
            if coord is not None:
                # "South Korean and Japanese defense ministries said": one body per country
                (c1, c2), singular = coord
                for c, (ms, me) in ((c1, (c1.start, c1.end)), (c2, (c2.start, t.end))):
                    cname = f"{self.text(c.start, c.end)} {singular}"
                    self.name_override[(ms, me)] = cname
                    found.append((ms, me, f"{group}|{c.value}", okind, c.value, int(t.value)))
                    self.plain_names[f"{group}|{c.value}"] = _title_case(singular, self.tg)
                joint.append((f"{group}|{c1.value}", f"{group}|{c2.value}"))
                continue
            aff = (str(entry["affiliation"]) if entry.get("affiliation") else None) or self.org_context_country(t.start)
            found.append((t.start, t.end, group, okind, aff, int(t.value)))
        # bodies by shape: a capitalised phrase ending in an organisation word, before a reporting verb
        for t in by_cat[VERB]:
            k = t.start - 1
            while k >= 0 and self.low(k) in _ADVERBS:
                k -= 1
            if k < 0 or self.tv.text[k] not in self.tg.org_suffixes or self.tag_at[k] is not None:
                continue
            j = k
            while j - 1 >= self.sent_start[k] and self.tv.text[j - 1][:1].isupper() and self.tag_at[j - 1] is None:
                j -= 1
            if j < k and not any(self.consumed[j : k + 1]):
                name = self.text(j, k + 1)
                if name.split()[0] in {"The"}:
                    j += 1
                    name = self.text(j, k + 1)
                if j <= k:
                    found.append((j, k + 1, name, "body", self.org_context_country(j), None))
        # a named source after a channel: "according to the Vn Express"
        for t in by_cat[CHANNEL]:
            if t.end + 1 >= self.n or self.tv.lower[t.end] != "the":
                continue
            j = t.end + 1
            k = j
            while k < self.sent_end[j] and self.tag_at[k] is None and self.tv.text[k][:1].isupper() and self.tv.alpha[k]:
                k += 1
            if k > j and not any(self.consumed[j:k]):
                found.append((j, k, self.text(j, k), "news", self.org_context_country(j), None))
        # anaphors: "the ministry", "the office"; a person's own office: "Sunak's office said"
        person_at = {}
        for p in self.persons:
            for ms, me in p.mentions:
                person_at[me - 1] = (ms, p)
        anaphors = self.tg.anaphors
        # the anaphor words only (word_flags: [k for k, w in enumerate(self.tv.lower) if w in anaphors])
        for i in flagged(self.flags, ANAPHOR_ONLY):
            kind = anaphors[self.tv.lower[i]]
            if i < 1 or not kind or self.tag_at[i] is not None or not self.tv.text[i][:1].islower():
                continue
            if self.tv.lower[i - 1] == "the":
                found.append((i, i + 1, "", kind, None, None))
            elif i >= 2 and self.tv.text[i - 1] in POSSESSIVES and (i - 2) in person_at:
                ms, owner = person_at[i - 2]
                surface = self.text(ms, i + 1)
                found.append((ms, i + 1, surface, kind, owner.affiliation, None))
        found.sort()
        for s, e, group, kind, aff, idx in found:
            ent: _Ent | None = None
            if group:
                for o in self.orgs:
                    if o.group == group and (aff is None or o.affiliation in (None, aff)):
                        ent = o
                        break
            else:
                prior = [o for o in self.orgs if o.org_kind == kind and o.last_before(s) >= 0]
                if prior:
                    ent = max(prior, key=lambda o: o.last_before(s))
            speaks = self.speaker_position(s, e)
            if ent is None:
                if not group and not speaks:
                    continue
                surface = self.text(s, e)
                ent = _Ent(
                    kind="organization",
                    name=surface,
                    group=group or surface.lower(),
                    org_kind=kind,
                    rule="participants.org_speaker",
                )
                ent.org_index = idx
                self.orgs.append(ent)
            if aff and not ent.affiliation:
                ent.affiliation = aff
            ent.mentions.append((s, e))
            if group:
                ent.surfaces.append(self.name_override.get((s, e), self.text(s, e)))
            if idx is not None and ent.org_index is None:
                ent.org_index = idx
            if speaks and not ent.speaks:
                ent.speaks = True
                prev = self.tag(s - 1)
                ent.rule = "participants.org_channel" if prev is not None and prev.cat == CHANNEL else "participants.org_speaker"
        for g1, g2 in joint:
            both = [o for o in self.orgs if o.group in (g1, g2)]
            if any(o.speaks for o in both):
                for o in both:
                    o.speaks = True
                    o.rule = "participants.org_speaker"
        for o in self.orgs:
            oentry: dict[str, Any] | None = self.tg.orgs[o.org_index] if o.org_index is not None else None
            everything = o.surfaces + (
                [self.text(t.start, t.end) for t in group_tags.get(o.group, [])]
                if oentry is not None and not oentry.get("generic")
                else []
            )
            written = [x for x in everything if not x.isupper() and x.lower() not in self.tg.anaphors]
            if written:
                o.name = max(written, key=len)
            elif o.surfaces:
                o.name = max(o.surfaces, key=len)
            elif oentry is not None:
                o.name = str(oentry["name"])
            if o.name[:1].islower():
                o.name = _title_case(o.name, self.tg)

    # -- assembly ------------------------------------------------------------------------------

    def leading_side(self) -> None:
        """'X led the Indian delegation': X acts for that country (when nothing else says so)."""
        leading = self.ctx.lexicons.get("countries").get("leading") or {}
        verbs, nouns = set(leading.get("verbs", [])), set(leading.get("nouns", []))
        n = self.n
        for p in self.persons:
            if p.affiliation is not None:
                continue
            for _s, e in p.mentions:
                k = e
                while k < n and self.tv.lower[k] in _ADVERBS:
                    k += 1
                if k + 3 < n and self.tv.lower[k] in verbs and self.tv.lower[k + 1] == "the":
                    t = self.tag_at[k + 2]
                    if t is not None and t.cat == COUNTRY and t.end < n and self.tv.lower[t.end] in nouns:
                        p.affiliation = t.value
                        break

    def finish_affiliations(self) -> None:
        for o in self.orgs:
            if o.affiliation is None and o.org_index is not None:
                affs: set[str] = {p.affiliation for p in self.persons if p.org_index == o.org_index and p.affiliation}
                if not affs and any(p.org_index == o.org_index and p.korean for p in self.persons):
                    affs = {"KOR"}
                if len(affs) == 1:
                    o.affiliation = affs.pop()
        self.leading_side()
        self.home_country()
        org_aff = {o.org_index: o.affiliation for o in self.orgs if o.org_index is not None and o.affiliation}
        for p in self.persons:
            if p.affiliation is None and p.org_index is not None and p.org_index in org_aff:
                p.affiliation = org_aff[p.org_index]
            if p.affiliation is None and p.korean:
                p.affiliation = "KOR"

    def home_country(self) -> None:
        """Counterparts: when one of the pair has a country and the other none, the other acts for
        the other of the two countries the article names most ("Defense Minister X met his Australian
        counterpart Y" in an article about India and Australia → X: IND)."""
        if not any(p.counterpart_of is not None and p.counterpart_ref is not None for p in self.persons):
            return  # (no counterpart pair: nothing below applies)
        counts: dict[str, int] = {}
        for t in self.by_cat.get(COUNTRY, ()):
            counts[t.value] = counts.get(t.value, 0) + 1
        if not counts:
            return
        ranked = sorted(counts, key=lambda c: (-counts[c], c))

        def national(p: _Ent) -> bool:
            return bool(p.roles - _NON_NATIONAL_ROLES) and p.org_index is None

        for p in self.persons:
            ref = p.counterpart_ref
            if p.counterpart_of is None or ref is None:
                continue
            # "X and his Ukrainian counterpart Y": of two parties, X acts for the other one
            if ref.affiliation is None and p.affiliation is not None and national(ref):
                other = [c for c in ranked[:2] if c != p.affiliation]
                if other:
                    ref.affiliation = other[0]
            elif p.affiliation is None and ref.affiliation is not None and national(p):
                other = [c for c in ranked[:2] if c != ref.affiliation]
                if other:
                    p.affiliation = other[0]

    def serving_bodies(self) -> None:
        """A person whose post is served by a body that speaks in the article ("Defense Minister" and
        "the defense ministry said") gets that body as organisation when the text names no other."""
        serves = self.tg.serves
        for p in self.persons:
            if p.organization is not None:
                continue
            groups = {serves[r] for r in p.roles if r in serves}
            for o in self.orgs:
                if (
                    o.speaks
                    and o.group.split("|")[0] in groups
                    and o.affiliation in (None, p.affiliation)
                    and not o.name.endswith("ies")
                ):
                    p.organization = self.plain_names.get(o.group, o.name)
                    if o.affiliation is None and p.affiliation is not None:
                        o.affiliation = p.affiliation
                    break

    def records(self) -> list[Participant]:
        self.read_persons()
        self.title_mentions()
        self.post_bodies()
        self.counterparts()
        self.read_orgs()
        self.finish_affiliations()
        self.serving_bodies()
        ents = [p for p in self.persons if p.mentions] + [o for o in self.orgs if o.speaks and o.mentions]
        ents.sort(key=lambda x: x.first())
        out: list[Participant] = []
        to_original, original = self.ctx.view.to_original, self.ctx.view.original
        for i, x in enumerate(ents, 1):
            spans: dict[tuple[int, int], Span] = {}
            for s, e in sorted(set(x.mentions)):
                # (what span_of(doc[s:e]) gives: first token's start to last token's text end; no Span build)
                # (ctx.span, its two steps written out: the view range to the original, the Span)
                a, b = to_original(self.idx[s], self.idx[e - 1] + len(self.tv.text[e - 1])) if s < e else to_original(0, 0)
                if (a, b) not in spans:  # (one Span per original range: equal ones are the same record)
                    spans[(a, b)] = validate_span({"start": a, "end": b, "text": original[a:b]})
            out.append(
                _validate_participant(
                    {
                        "id": f"P{i}",
                        "kind": "person" if x.kind == "person" else "organization",
                        "name": x.name,
                        "rank": x.rank,
                        "title": x.title,
                        "former": x.former,
                        "organization": x.organization,
                        "affiliation": x.affiliation,
                        "mentions": [spans[k] for k in sorted(spans)],
                        "rule": x.rule,
                    }
                )
            )
        return out


class ParticipantsExtractor(BaseExtractor):
    """Finds ``Participant`` records: named people and the bodies that speak or report."""

    name = "participants"
    requires = ()
    record_model = Participant

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Participant]:
        """Return the participants of ``doc``, ids ``P1…`` in order of first mention."""
        if len(doc) == 0:
            return []
        return _Reader(doc, ctx).records()
