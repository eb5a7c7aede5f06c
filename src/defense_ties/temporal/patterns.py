"""Token patterns of date expressions, as data, and the spaCy ``Matcher`` built from them.

A pattern is a label (the rule id's suffix, e.g. ``weekday`` → ``temporal.weekday_*``) and a list of
*roles*; a role is a word class of ``lexicons/temporal.json`` (``MONTH``, ``WEEKDAY``, ``REL``,
``UNIT_SG``…) or a shape (``DAY``, ``YEAR``), optionally suffixed ``?`` when it may be absent.
``role_specs`` turns each role into a spaCy token spec; ``build`` compiles every pattern once per
``Lexicons`` and vocabulary (through ``Lexicons.compiled``) as ``Compiled.sequences``, grouped by
anchor role (``ANCHOR_ROLES``: calendar names and numbers, or units and deictic words) and matched
in Python around the words that fill that role; ``Compiled.matchers`` (one spaCy ``Matcher`` per
anchor role, built on first use) is their reference. Reference values are fixed phrases for a
``PhraseMatcher``; tense cues are fixed phrases matched near the dates (``Compiled.cues`` is their
reference).
Resolution (what a match *means*) lives in ``resolve.py``; nothing here knows about calendars.

Leading prepositions (``in``, ``on``, ``since``, ``from``…) may appear in a pattern as context — they
are stripped from the expression's text afterwards (see ``strip_leading`` in the lexicon).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..lexicons import LexiconError, Lexicons
from ..models import Mod

#: The patterns, longest-first within a family. On overlap the longest match wins; on a tie,
#: the pattern listed first.
PATTERNS: list[tuple[str, list[str]]] = [
    # full and partial calendar dates
    ("date_mdy", ["MONTH_ANY", "DAY", "COMMA?", "YEAR"]),
    ("date_dmy", ["DAY", "OF?", "MONTH_ANY", "COMMA?", "YEAR"]),
    ("date_md_range", ["MONTH_ANY", "DAY", "DASH_TO", "DAY", "COMMA?", "YEAR?"]),
    ("date_dm_range", ["DAY", "DASH_TO", "DAY", "MONTH_ANY", "COMMA?", "YEAR?"]),
    ("date_iso", ["YEAR", "DASH", "MM", "DASH", "DD"]),
    ("date_numeric", ["NUMDATE"]),
    ("date_md", ["MONTH_ANY", "DAY"]),
    ("date_dm", ["DAY", "OF?", "MONTH_ANY"]),
    ("weekday_date", ["WEEKDAY", "COMMA?", "MONTH_ANY", "DAY", "COMMA?", "YEAR?"]),
    # months
    ("month_pair_year", ["MONTH_ANY", "CONJ", "MONTH_ANY", "COMMA?", "YEAR"]),
    ("month_year", ["MOD?", "DASH?", "MONTH_ANY", "COMMA?", "OF?", "YEAR"]),
    ("month_rel", ["MOD?", "DASH?", "REL", "MONTH_ANY"]),
    ("month_rel_year", ["MOD?", "DASH?", "MONTH_ANY", "OF", "THE_THIS_REL", "YEAR_U"]),
    ("month_rel_year", ["MOD?", "DASH?", "MONTH_ANY", "REL", "YEAR_U"]),
    ("month_mod", ["MOD", "DASH?", "MONTH_ANY"]),
    ("month", ["MONTH"]),
    ("month", ["CTX", "MONTH_CTX"]),
    # years, ranges, decades
    ("year_range", ["YEAR", "DASH", "YY"]),
    ("year_range", ["YEARRANGE"]),
    ("year_mod", ["MOD", "DASH?", "YEAR"]),
    ("year_mod", ["MODYEAR"]),
    ("year", ["YEAR"]),
    ("year", ["APOS", "YY2"]),
    ("decade", ["THE?", "MOD?", "DASH?", "APOS?", "DECADE"]),
    ("decade_rel", ["THE", "REL", "DECADE_U"]),
    ("century", ["THE", "MOD?", "CENT_ORD", "DASH?", "CENTURY_U"]),
    # weekdays and deictic days
    ("weekday", ["REL?", "WEEKDAY"]),
    ("deictic", ["WITHIN?", "DEICTIC"]),
    # periods relative to the anchor
    ("rel_unit", ["MOD?", "REL", "UNIT_SG"]),
    ("rel_unit", ["THE", "REL_NA", "UNIT_SG"]),
    ("within_unit", ["WITHIN", "THIS", "UNIT_SG"]),
    ("ago", ["NUM", "UNIT", "AGO"]),
    # edges: the end of the year, the beginning of 2009
    ("edge_rel", ["THE", "EDGE", "OF", "THE_THIS_REL", "UNIT_SG"]),
    ("edge_year", ["THE", "EDGE", "OF", "YEAR"]),
    ("edge_month", ["THE", "EDGE", "OF", "MONTH_ANY", "COMMA?", "YEAR?"]),
    # quarters and seasons
    ("quarter_year", ["THE?", "ORD", "QUARTER_U", "OF", "YEAR"]),
    ("quarter_year", ["QTOKEN", "YEAR"]),
    ("quarter_rel_year", ["THE?", "ORD", "QUARTER_U", "OF", "THE_THIS_REL", "YEAR_U"]),
    ("quarter", ["THE", "ORD", "QUARTER_U"]),
    ("quarter", ["ORD", "DASH", "QUARTER_U"]),
    ("season_year", ["THE?", "MOD?", "SEASON", "OF?", "YEAR"]),
    ("season_rel", ["MOD?", "REL", "SEASON"]),
    ("season", ["THE", "MOD?", "SEASON_SAFE"]),
    ("season", ["IN", "MOD?", "SEASON_SAFE"]),
    ("weekend", ["THE", "WEEKEND_U"]),
    # anaphora: relative to the event in focus
    ("anaphor_year_ago", ["THE", "SAME", "PERIOD", "NUM", "YEAR_U", "AGO_EARLIER"]),
    ("anaphor_year_ago", ["THE", "SAME", "PERIOD", "LAST", "YEAR_U"]),
    ("anaphor", ["THE", "ANA", "UNIT_SG"]),
    ("anaphor", ["THAT", "UNIT_SG"]),
    ("anaphor_before", ["THE", "UNIT_SG", "BEFORE_AFTER"]),
    ("anaphor_shift", ["NUM", "UNIT", "LATER"]),
]


@dataclass(frozen=True)
class TemporalLexicon:
    """The temporal lexicon, parsed into the lookups the recogniser and the resolver need."""

    months: dict[str, int]
    months_need_context: frozenset[str]
    month_context: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_start_month: dict[str, int]
    numbers: dict[str, int | None]
    ordinals: dict[str, int]
    centuries: dict[str, int]
    units: dict[str, str]
    relative: dict[str, int]
    anaphoric: dict[str, int]
    mods: dict[str, Mod]
    edges: dict[str, Mod]
    within: frozenset[str]
    deictic_days: dict[str, int]
    reference: list[tuple[list[str], str]]
    not_after_reference: frozenset[str]
    strip_leading: frozenset[str]
    future_cues: list[list[str]]
    past_cues: list[list[str]]
    past_suffixes: tuple[str, ...]
    not_past: frozenset[str]
    passive_auxiliaries: frozenset[str]
    adjective_markers: frozenset[str]
    reporting_cues: frozenset[str]
    clause_breaks: frozenset[str]
    to_not_verb: frozenset[str]
    span_start_cues: frozenset[str]
    year_blockers_before: frozenset[str]
    year_blockers_after: frozenset[str]
    count_plural_exceptions: frozenset[str]
    decade_blockers_before: frozenset[str]
    byline_starts: frozenset[str]
    prep_mods: dict[str, Mod]
    mod_ranges: dict[str, dict[str, tuple[int, int]]]
    cue_window: int
    weak_cue_window: int

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> TemporalLexicon:
        """Parse the ``temporal`` lexicon (``Lexicons.get("temporal")``)."""

        def low(xs: list[Any]) -> frozenset[str]:
            return frozenset(str(x).lower() for x in xs)

        def mods(table: dict[str, str]) -> dict[str, Mod]:
            out: dict[str, Mod] = {}
            for k, v in table.items():
                if v not in get_args(Mod):
                    raise LexiconError(f"temporal.json: {k!r} has mod {v!r}, not one of {get_args(Mod)}")
                out[k.lower()] = cast(Mod, v)
            return out

        return cls(
            months={k.lower(): int(v) for k, v in d["months"].items()},
            months_need_context=low(d["months_need_context"]),
            month_context=low(d["month_context"]),
            weekdays={k.lower(): int(v) for k, v in d["weekdays"].items()},
            seasons={k.lower(): str(v) for k, v in d["seasons"].items()},
            season_start_month={k: int(v) for k, v in d["season_start_month"].items()},
            numbers={k.lower(): (None if v is None else int(v)) for k, v in d["numbers"].items()},
            ordinals={k.lower(): int(v) for k, v in d["ordinals"].items()},
            centuries={k.lower(): int(v) for k, v in d["centuries"].items()},
            units={k.lower(): str(v) for k, v in d["units"].items()},
            relative={k.lower(): int(v) for k, v in d["relative"].items()},
            anaphoric={k.lower(): int(v) for k, v in d["anaphoric"].items()},
            mods=mods(d["mods"]),
            edges=mods(d["edges"]),
            within=low(d["within"]),
            deictic_days={k.lower(): int(v) for k, v in d["deictic_days"].items()},
            reference=[([t.lower() for t in r["tokens"]], str(r["value"])) for r in d["reference"]],
            not_after_reference=low(d["not_after_reference"]),
            strip_leading=low(d["strip_leading"]),
            future_cues=[[t.lower() for t in c] for c in d["future_cues"]],
            past_cues=[[t.lower() for t in c] for c in d["past_cues"]],
            past_suffixes=tuple(d["past_suffixes"]),
            not_past=low(d["not_past"]),
            passive_auxiliaries=low(d["passive_auxiliaries"]),
            adjective_markers=low(d["adjective_markers"]),
            reporting_cues=low(d["reporting_cues"]),
            clause_breaks=low(d["clause_breaks"]),
            to_not_verb=low(d["to_not_verb"]),
            span_start_cues=low(d["span_start_cues"]),
            year_blockers_before=low(d["year_blockers_before"]),
            year_blockers_after=low(d["year_blockers_after"]),
            count_plural_exceptions=low(d["count_plural_exceptions"]),
            decade_blockers_before=low(d["decade_blockers_before"]),
            byline_starts=low(d["byline_starts"]),
            prep_mods=mods(d["prep_mods"]),
            mod_ranges={g: {m: (int(a), int(b)) for m, (a, b) in t.items()} for g, t in d["mod_ranges"].items()},
            cue_window=int(d["cue_window"]),
            weak_cue_window=int(d["weak_cue_window"]),
        )


YEAR_RX = r"^(?:1[89]|2[01])\d\d$"
#: A day of the month; spaCy keeps emoticon-like "8)" as one token, so a closing parenthesis may
#: trail (it is trimmed from the expression's text).
DAY_RX = r"^(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\)?$"


def _cased(words: Iterable[str]) -> list[str]:
    """Capitalised and upper-case spellings of ``words`` (a month or a weekday is capitalised)."""
    out: set[str] = set()
    for w in words:
        out.add(w[:1].upper() + w[1:])
        out.add(w.upper())
    return sorted(out)


def _numbers(lo: int, hi: int, *, width: int = 0) -> list[str]:
    return [str(n).zfill(width) for n in range(lo, hi + 1)]


def role_specs(lex: TemporalLexicon) -> dict[str, dict[str, Any]]:
    """Each role of ``PATTERNS`` as a spaCy ``Matcher`` token spec.

    Shapes (days, years, decades) are spelled out as ``IN`` sets rather than ``REGEX`` predicates:
    a set lookup per token is what keeps the ``Matcher`` fast. Only two single-token shapes keep a
    regex (year ranges written as one token, numeric dates)."""
    months_plain = [m for m in lex.months if m not in lex.months_need_context]
    units_sg = [u for u, v in lex.units.items() if not u.endswith("s") or u == v]
    units_sg = [u for u in units_sg if u not in ("days", "weeks", "months", "years", "decades")]
    years = _numbers(1800, 2199)
    days = _numbers(1, 31) + _numbers(1, 9, width=2)
    days = days + [d + sfx for d in days for sfx in ("st", "nd", "rd", "th")]
    days = days + [d + ")" for d in days]
    two = _numbers(0, 99, width=2)
    decades = [f"{y}s" for y in years if y.endswith("0")] + [f"{d}0s" for d in "0123456789"]
    numbers = list(lex.numbers) + _numbers(1, 999)
    mod_years = [f"{m}-{y}" for m in lex.mods for y in years]

    def unit_of(kind: str) -> dict[str, Any]:
        return {"LOWER": {"IN": [u for u, v in lex.units.items() if v == kind]}}

    return {
        "MONTH": {"ORTH": {"IN": _cased(months_plain)}},
        "MONTH_ANY": {"ORTH": {"IN": _cased(lex.months)}},
        "MONTH_CTX": {"ORTH": {"IN": _cased(lex.months_need_context)}},
        "CTX": {"LOWER": {"IN": sorted(lex.month_context)}},
        "DAY": {"LOWER": {"IN": days}},
        "MM": {"ORTH": {"IN": _numbers(1, 12, width=2)}},
        "DD": {"ORTH": {"IN": _numbers(1, 31, width=2)}},
        "YEAR": {"ORTH": {"IN": years}},
        "YY": {"ORTH": {"IN": two + years}},
        "YY2": {"ORTH": {"IN": two}},
        "APOS": {"ORTH": {"IN": ["'", "\u2019"]}},
        "YEARRANGE": {"TEXT": {"REGEX": r"^(?:1[89]|2[01])\d\d[-\u2013](?:\d\d|(?:1[89]|2[01])\d\d)$"}},
        "MODYEAR": {"LOWER": {"IN": mod_years}},
        "NUMDATE": {"TEXT": {"REGEX": r"^\d{1,4}[/.]\d{1,2}[/.]\d{2,4}$"}},
        "DECADE": {"LOWER": {"IN": decades}},
        "DASH": {"ORTH": {"IN": ["-", "\u2013", "\u2014"]}},
        "DASH_TO": {"LOWER": {"IN": ["-", "\u2013", "\u2014", "to", "through", "till", "until"]}},
        "COMMA": {"ORTH": ","},
        "CONJ": {"LOWER": {"IN": ["and", "or"]}},
        "THE": {"LOWER": "the"},
        "THIS": {"LOWER": "this"},
        "THAT": {"LOWER": "that"},
        "OF": {"LOWER": "of"},
        "THE_THIS_REL": {"LOWER": {"IN": ["the", *lex.relative]}},
        "WEEKDAY": {"ORTH": {"IN": _cased(lex.weekdays)}},
        "REL": {"LOWER": {"IN": list(lex.relative)}},
        "REL_NA": {"LOWER": {"IN": [r for r in lex.relative if r not in lex.anaphoric]}},
        "ANA": {"LOWER": {"IN": list(lex.anaphoric)}},
        "MOD": {"LOWER": {"IN": list(lex.mods)}},
        "WITHIN": {"LOWER": {"IN": sorted(lex.within)}},
        "DEICTIC": {"LOWER": {"IN": list(lex.deictic_days)}},
        "NUM": {"LOWER": {"IN": numbers}},
        "UNIT": {"LOWER": {"IN": [u for u, v in lex.units.items() if v in ("day", "week", "month", "year", "decade")]}},
        "UNIT_SG": {"LOWER": {"IN": units_sg}},
        "DECADE_U": unit_of("decade"),
        "CENTURY_U": {"LOWER": "century"},
        "CENT_ORD": {"LOWER": {"IN": list(lex.centuries)}},
        "QUARTER_U": unit_of("quarter"),
        "YEAR_U": {"LOWER": "year"},
        "WEEKEND_U": {"LOWER": "weekend"},
        "SAME": {"LOWER": "same"},
        "LAST": {"LOWER": "last"},
        "PERIOD": {"LOWER": {"IN": ["period", "day", "week", "month", "quarter", "time"]}},
        "AGO_EARLIER": {"LOWER": {"IN": ["ago", "earlier", "before"]}},
        "IN": {"LOWER": {"IN": ["in", "during", "since", "until", "by", "through", "throughout"]}},
        "AGO": {"LOWER": "ago"},
        "LATER": {"LOWER": {"IN": ["later", "earlier"]}},
        "BEFORE_AFTER": {"LOWER": {"IN": ["before", "after"]}},
        "ORD": {"LOWER": {"IN": list(lex.ordinals)}},
        "QTOKEN": {"ORTH": {"IN": ["Q1", "Q2", "Q3", "Q4"]}},
        "SEASON": {"LOWER": {"IN": list(lex.seasons)}},
        "SEASON_SAFE": {"LOWER": {"IN": [s for s in lex.seasons if s != "fall"]}},
        "EDGE": {"LOWER": {"IN": list(lex.edges)}},
    }


def compile_pattern(roles: list[str], specs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One ``PATTERNS`` entry as a spaCy ``Matcher`` pattern."""
    out: list[dict[str, Any]] = []
    for role in roles:
        optional = role.endswith("?")
        spec = dict(specs[role.rstrip("?")])
        if optional:
            spec["OP"] = "?"
        out.append(spec)
    return out


#: Roles that anchor a pattern, by family: ``calendar`` (names and numbers of the calendar) and
#: ``period`` (units and deictic words). A pattern is anchored by its first mandatory anchor role
#: (calendar roles first); it is matched only around the words that fill that role (a match always
#: holds one, so nothing the pattern matches on the whole ``Doc`` is missed).
ANCHOR_ROLES: dict[str, frozenset[str]] = {
    "calendar": frozenset(
        {
            "MONTH",
            "MONTH_ANY",
            "MONTH_CTX",
            "DAY",
            "MM",
            "DD",
            "YEAR",
            "YY",
            "YY2",
            "YEARRANGE",
            "MODYEAR",
            "NUMDATE",
            "DECADE",
            "WEEKDAY",
            "SEASON",
            "SEASON_SAFE",
            "QTOKEN",
        }
    ),
    "period": frozenset({"UNIT", "UNIT_SG", "DECADE_U", "CENTURY_U", "QUARTER_U", "YEAR_U", "WEEKEND_U", "DEICTIC", "AGO"}),
}


def pattern_anchor(roles: list[str]) -> tuple[str, int, int]:
    """``(anchor role, reach before, reach after)`` of a pattern: its first mandatory anchor role
    (calendar roles first, then period roles) and how many tokens a match can hold before and after
    the anchor token."""
    for anchors in ANCHOR_ROLES.values():
        for i, role in enumerate(roles):
            if role in anchors:
                return role, i, len(roles) - 1 - i
    raise ValueError(f"pattern {roles} has no mandatory anchor role")


@dataclass(frozen=True)
class RoleTest:
    """Whether a word fills a role, read from the role's token spec (the same test the ``Matcher``
    makes): ``attr`` ``ORTH``/``LOWER``/``TEXT`` against ``words`` or ``regex``; no test (every
    word passes) for a spec of another shape."""

    attr: str
    words: frozenset[str] | None = None
    regex: re.Pattern[str] | None = None

    def __call__(self, text: str) -> bool:
        value = text.lower() if self.attr == "LOWER" else text
        if self.words is not None:
            return value in self.words
        if self.regex is not None:
            return self.regex.search(value) is not None
        return True


def role_test(spec: dict[str, Any]) -> RoleTest:
    """The ``RoleTest`` of a token spec (``{"LOWER": {"IN": [...]}}``, ``{"ORTH": "x"}``,
    ``{"TEXT": {"REGEX": r}}``); any other shape gives a test every word passes."""
    if len(spec) == 1:
        ((attr, val),) = spec.items()
        if attr in ("ORTH", "TEXT", "LOWER"):
            if isinstance(val, str):
                return RoleTest(attr, words=frozenset([val]))
            if isinstance(val, dict) and len(val) == 1 and isinstance(val.get("IN"), list):
                return RoleTest(attr, words=frozenset(val["IN"]))
            if isinstance(val, dict) and len(val) == 1 and isinstance(val.get("REGEX"), str):
                return RoleTest(attr, regex=re.compile(val["REGEX"]))
    return RoleTest("")


#: A pattern around its anchor element: ``(match key, elements before the anchor nearest first,
#: elements after it)``, an element being ``(role, optional)``.
Sequence_ = tuple[int, tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]

#: A ``Sequence_`` and the roles of its mandatory elements right before and after the anchor (None
#: when that element is optional or there is none).
Gated = tuple[int, tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...], str | None, str | None]


@dataclass
class Compiled:
    """What the recogniser needs, built once per ``Lexicons``: the lexicon, the word test of each
    anchor role, the patterns as sequences around their anchor, the phrase matcher of reference
    values, the tense-cue phrases. The spaCy ``Matcher``s of the patterns and the ``PhraseMatcher``
    of the tense cues, which the Python paths must agree with, are built on first use (by the tests)."""

    lex: TemporalLexicon
    vocab: Vocab
    specs: dict[str, dict[str, Any]]
    """The spaCy token spec of every role (``role_specs``)."""
    tests: dict[str, RoleTest]
    """The word test of each anchor role, in the order the roles first anchor a pattern."""
    references: PhraseMatcher
    sequences: dict[str, tuple[Sequence_, ...]] = field(default_factory=dict)
    """Per anchor role, each pattern it anchors as ``(match key, the elements before the anchor
    element, nearest first, the elements after it)``, an element being ``(role, optional)``: what
    ``resolve.window_matches`` matches around each anchor word instead of running the ``Matcher``."""
    role_tests: dict[str, RoleTest] = field(default_factory=dict)
    """The word test of every role of ``PATTERNS``."""
    gated: dict[str, tuple[Gated, ...]] = field(default_factory=dict, init=False)
    """``sequences`` with, for each, the role of its first element before and after the anchor when
    that element is mandatory (else None): a word beside the anchor that must fill it."""
    cue_phrases: dict[str, tuple[tuple[tuple[str, ...], Literal["past", "future"]], ...]] = field(
        default_factory=dict
    )
    """The phrases of ``cues`` by their first word: ``(words, kind)`` (``resolve.cue_matches``)."""
    key_labels: dict[int, tuple[int, str]] = field(default_factory=dict)
    """``(order, label)`` of each match key met so far (its name ``"{order:03d}:{label}"`` parsed once)."""
    _roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _anchored: set[str] = field(default_factory=set)
    _words: dict[str, str | None] = field(default_factory=dict)
    _cue_words: set[str] = field(default_factory=set)
    _fills: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        def need(elements: tuple[tuple[str, bool], ...]) -> str | None:
            return elements[0][0] if elements and not elements[0][1] else None

        self.gated = {
            role: tuple((key, before, after, need(before), need(after)) for key, before, after in ss)
            for role, ss in self.sequences.items()
        }

    @property
    def word_classes_cache(self) -> dict[str, str | None]:
        """The classes ``word_class`` has found so far, per lower-case form (read it before calling)."""
        return self._words

    @property
    def cue_words(self) -> set[str]:
        """The words of ``word_classes_cache`` of class ``past`` or ``to``."""
        return self._cue_words

    def word_class(self, t: str) -> str | None:
        """``past`` (a word that reads as a past-tense verb: "rejected"), ``to``, ``verb`` (a word
        that may follow "to" as an infinitive) or None, for tense cues; ``t`` is a token's lower-case
        form (cached per form)."""
        if t in self._words:
            return self._words[t]
        lex = self.lex
        cls: str | None = None
        if t == "to":
            cls = "to"
        elif t.isalpha() and t.endswith(lex.past_suffixes):
            cls = "past" if len(t) > 3 and t not in lex.not_past else None
        elif t.isalpha() and t not in lex.to_not_verb and t not in lex.numbers:
            cls = "verb"
        self._words[t] = cls
        if cls in ("past", "to"):
            self._cue_words.add(t)
        return cls

    @property
    def anchors_cache(self) -> dict[str, tuple[str, ...]]:
        """The anchor roles ``anchors_of`` has found so far, per word (read it before calling)."""
        return self._roles

    @property
    def anchored_words(self) -> set[str]:
        """The words of ``anchors_cache`` with at least one role."""
        return self._anchored

    def anchors_of(self, text: str) -> tuple[str, ...]:
        """The anchor roles a word (its text) fills, in ``tests`` order (cached)."""
        roles = self._roles.get(text)
        if roles is None:
            if len(self._roles) > 500_000:  # bound the cache on endless streams of new words
                self._roles.clear()
                self._anchored.clear()
            roles = self._roles[text] = tuple(r for r, test in self.tests.items() if test(text))
            if roles:
                self._anchored.add(text)
        return roles


    @property
    def fills_cache(self) -> dict[str, frozenset[str]]:
        """The roles ``fills`` has found so far, per word (read it before calling)."""
        return self._fills

    @functools.cached_property
    def matchers(self) -> dict[str, Matcher]:
        """The reference for ``resolve.window_matches``: one spaCy ``Matcher`` per anchor role, of
        the patterns that role anchors (match keys ``"{order:03d}:{label}"``)."""
        out: dict[str, Matcher] = {}
        for i, (label, roles) in enumerate(PATTERNS):
            anchor = pattern_anchor(roles)[0]
            out.setdefault(anchor, Matcher(self.vocab)).add(f"{i:03d}:{label}", [compile_pattern(roles, self.specs)])
        return out

    @functools.cached_property
    def cues(self) -> PhraseMatcher:
        """The reference for ``resolve.cue_matches``: the tense-cue phrases (keys ``future`` and
        ``past``) as a spaCy ``PhraseMatcher`` on ORTH."""
        cues = PhraseMatcher(self.vocab, attr="ORTH")
        cues.add("future", [Doc(self.vocab, words=c) for c in self.lex.future_cues])
        cues.add("past", [Doc(self.vocab, words=c) for c in self.lex.past_cues])
        return cues

    def fills(self, text: str) -> frozenset[str]:
        """The roles of ``PATTERNS`` that a word (its text) fills (cached)."""
        roles = self._fills.get(text)
        if roles is None:
            if len(self._fills) > 500_000:  # bound the cache on endless streams of new words
                self._fills.clear()
            roles = self._fills[text] = frozenset(r for r, test in self.role_tests.items() if test(text))
        return roles


def build(lexicons: Lexicons, vocab: Vocab) -> Compiled:
    """Compile the patterns, the reference phrases and the tense cues for ``lexicons``."""
    lex = TemporalLexicon.from_data(lexicons.get("temporal"))
    specs = role_specs(lex)
    sequences: dict[str, list[Sequence_]] = {}
    for i, (label, roles) in enumerate(PATTERNS):
        anchor, before, _ = pattern_anchor(roles)
        elements = [(r.rstrip("?"), r.endswith("?")) for r in roles]
        key = vocab.strings.add(f"{i:03d}:{label}")
        sequences.setdefault(anchor, []).append((key, tuple(reversed(elements[:before])), tuple(elements[before + 1 :])))
    tests = {anchor: role_test(specs[anchor]) for anchor in sequences}
    role_tests = {r: role_test(specs[r]) for r in sorted({r.rstrip("?") for _, roles in PATTERNS for r in roles})}
    references = PhraseMatcher(vocab, attr="LOWER")
    for j, (tokens, value) in enumerate(lex.reference):
        references.add(f"{len(PATTERNS) + j:03d}:reference:{value}", [Doc(vocab, words=tokens)])
    cue_phrases: dict[str, list[tuple[tuple[str, ...], Literal["past", "future"]]]] = {}
    for kind, phrases in (("future", lex.future_cues), ("past", lex.past_cues)):
        for c in phrases:
            if c:
                cue_phrases.setdefault(c[0], []).append((tuple(c), cast(Literal["past", "future"], kind)))
    return Compiled(
        lex=lex,
        vocab=vocab,
        specs=specs,
        tests=tests,
        references=references,
        sequences={a: tuple(ss) for a, ss in sequences.items()},
        role_tests=role_tests,
        cue_phrases={w: tuple(ps) for w, ps in cue_phrases.items()},
    )
