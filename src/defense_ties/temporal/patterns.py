"""Token patterns of date expressions, as data, and the spaCy ``Matcher`` built from them.

A pattern is a label (the rule id's suffix, e.g. ``weekday`` → ``temporal.weekday_*``) and a list of
*roles*; a role is a word class of ``lexicons/temporal.json`` (``MONTH``, ``WEEKDAY``, ``REL``,
``UNIT_SG``…) or a shape (``DAY``, ``YEAR``), optionally suffixed ``?`` when it may be absent.
``ROLE_SPECS`` turns each role into a spaCy token spec; ``build_matcher`` compiles every pattern once
per ``Lexicons`` (through ``ctx.lexicons.compiled``). Resolution (what a match *means*) lives in
``resolve.py``; nothing here knows about calendars.

Leading prepositions (``in``, ``on``, ``since``, ``from``…) may appear in a pattern as context — they
are stripped from the expression's text afterwards (see ``strip_leading`` in the lexicon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast, get_args

from spacy.matcher import Matcher
from spacy.vocab import Vocab

from ..lexicons import LexiconError, Lexicons
from ..models import Mod

#: The patterns, longest-first within a family. On overlap the longest match wins; on a tie,
#: the pattern listed first.
PATTERNS: list[tuple[str, list[str]]] = [
    # full and partial calendar dates
    ("date_mdy", ["MONTH_ANY", "DAY", "COMMA?", "YEAR"]),
    ("date_dmy", ["DAY", "OF?", "MONTH_ANY", "COMMA?", "YEAR"]),
    ("date_md_range", ["MONTH_ANY", "DAY", "DASH", "DAY", "COMMA?", "YEAR?"]),
    ("date_dm_range", ["DAY", "DASH", "DAY", "MONTH_ANY", "COMMA?", "YEAR?"]),
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


def _rx(words: list[str] | set[str]) -> str:
    return "^(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")$"


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
CAP_RX = r"^[A-Z]"


def role_specs(lex: TemporalLexicon) -> dict[str, dict[str, Any]]:
    """Each role of ``PATTERNS`` as a spaCy ``Matcher`` token spec."""
    months_plain = [m for m in lex.months if m not in lex.months_need_context]
    units_sg = [u for u, v in lex.units.items() if not u.endswith("s") or u == v]
    units_sg = [u for u in units_sg if u not in ("days", "weeks", "months", "years", "decades")]
    number_rx = "^(?:" + "|".join(re.escape(n) for n in sorted(lex.numbers)) + r"|\d{1,3})$"
    mods_rx = "|".join(re.escape(m) for m in sorted(lex.mods))

    def unit_of(kind: str) -> dict[str, Any]:
        return {"LOWER": {"IN": [u for u, v in lex.units.items() if v == kind]}}

    return {
        "MONTH": {"LOWER": {"IN": months_plain}, "TEXT": {"REGEX": CAP_RX}},
        "MONTH_ANY": {"LOWER": {"IN": list(lex.months)}, "TEXT": {"REGEX": CAP_RX}},
        "MONTH_CTX": {"LOWER": {"IN": sorted(lex.months_need_context)}, "TEXT": {"REGEX": CAP_RX}},
        "CTX": {"LOWER": {"IN": sorted(lex.month_context)}},
        "DAY": {"LOWER": {"REGEX": DAY_RX}},
        "MM": {"TEXT": {"REGEX": r"^(?:0[1-9]|1[0-2])$"}},
        "DD": {"TEXT": {"REGEX": r"^(?:0[1-9]|[12]\d|3[01])$"}},
        "YEAR": {"TEXT": {"REGEX": YEAR_RX}},
        "YY": {"TEXT": {"REGEX": r"^(?:\d\d|(?:1[89]|2[01])\d\d)$"}},
        "YY2": {"TEXT": {"REGEX": r"^\d\d$"}},
        "APOS": {"ORTH": {"IN": ["'", "\u2019"]}},
        "YEARRANGE": {"TEXT": {"REGEX": r"^(?:1[89]|2[01])\d\d[-\u2013](?:\d\d|(?:1[89]|2[01])\d\d)$"}},
        "MODYEAR": {"LOWER": {"REGEX": rf"^(?:{mods_rx})-(?:1[89]|2[01])\d\d$"}},
        "NUMDATE": {"TEXT": {"REGEX": r"^\d{1,4}[/.]\d{1,2}[/.]\d{2,4}$"}},
        "DECADE": {"LOWER": {"REGEX": r"^(?:(?:1[89]|20)\d0|\d0)s$"}},
        "DASH": {"ORTH": {"IN": ["-", "\u2013", "\u2014"]}},
        "COMMA": {"ORTH": ","},
        "CONJ": {"LOWER": {"IN": ["and", "or"]}},
        "THE": {"LOWER": "the"},
        "THIS": {"LOWER": "this"},
        "THAT": {"LOWER": "that"},
        "OF": {"LOWER": "of"},
        "THE_THIS_REL": {"LOWER": {"IN": ["the", *lex.relative]}},
        "WEEKDAY": {"LOWER": {"IN": list(lex.weekdays)}, "TEXT": {"REGEX": CAP_RX}},
        "REL": {"LOWER": {"IN": list(lex.relative)}},
        "REL_NA": {"LOWER": {"IN": [r for r in lex.relative if r not in lex.anaphoric]}},
        "ANA": {"LOWER": {"IN": list(lex.anaphoric)}},
        "MOD": {"LOWER": {"IN": list(lex.mods)}},
        "WITHIN": {"LOWER": {"IN": sorted(lex.within)}},
        "DEICTIC": {"LOWER": {"IN": list(lex.deictic_days)}},
        "NUM": {"LOWER": {"REGEX": number_rx}},
        "UNIT": {"LOWER": {"IN": [u for u, v in lex.units.items() if v in ("day", "week", "month", "year", "decade")]}},
        "UNIT_SG": {"LOWER": {"IN": units_sg}},
        "DECADE_U": unit_of("decade"),
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
        "QTOKEN": {"TEXT": {"REGEX": r"^Q[1-4]$"}},
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


@dataclass
class Compiled:
    """What the recogniser needs, built once per ``Lexicons``: the lexicon and the two matchers."""

    lex: TemporalLexicon
    matcher: Matcher
    cues: Matcher


def build(lexicons: Lexicons, vocab: Vocab) -> Compiled:
    """Compile the expression matcher and the tense-cue matcher for ``lexicons``."""
    lex = TemporalLexicon.from_data(lexicons.get("temporal"))
    specs = role_specs(lex)
    matcher = Matcher(vocab)
    for i, (label, roles) in enumerate(PATTERNS):
        matcher.add(f"{i:03d}:{label}", [compile_pattern(roles, specs)])
    for j, (tokens, value) in enumerate(lex.reference):
        matcher.add(f"{len(PATTERNS) + j:03d}:reference:{value}", [[{"LOWER": t} for t in tokens]])
    cues = Matcher(vocab)
    cues.add("future", [[{"ORTH": t} for t in c] for c in lex.future_cues])
    cues.add("past", [[{"ORTH": t} for t in c] for c in lex.past_cues])
    return Compiled(lex=lex, matcher=matcher, cues=cues)
