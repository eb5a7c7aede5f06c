"""Temporal grounding: find date expressions and resolve them to TIMEX3 values.

- ``patterns.py``: the token patterns (data-like) and the ``Matcher`` compiled from
  ``lexicons/temporal.json``.
- ``resolve.py``: recognition (strip, validate, longest match), tense, anaphora focus, resolution.
- ``calendar.py``: ISO weeks, quarters, seasons, decades and their ranges.

Public API:

- ``time_expressions(doc, ctx)``: the ``TimeExpression`` records of an article (used by the
  ``dates`` extractor).
- ``find_dates(text, published=None)``: the same for a plain string.
- ``resolve_phrase(phrase, sentence, anchor)``: resolve one phrase as it reads in ``sentence``
  against ``anchor`` (a date, an ISO string ``2022-05``/``2022-04-11``, a ``Published`` or None).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..context import Published, parse_published
from ..lexicons import DEFAULT_LEXICONS, Lexicons
from ..models import DateRange, TimeExpression
from .patterns import Compiled, build
from .resolve import Focus, Found, annotate

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from ..context import ArticleContext

__all__ = ["Focus", "compiled_for", "find_dates", "resolve_phrase", "time_expressions"]


def compiled_for(lexicons: Lexicons, vocab: Vocab) -> Compiled:
    """The temporal matchers for ``lexicons`` and ``vocab``, compiled once and cached."""
    return lexicons.compiled(f"temporal:{id(vocab)}", lambda lx: build(lx, vocab))


#: ``DateRange(**fields)`` / ``TimeExpression(**fields)`` through the models' validators (the same
#: records, without ``BaseModel.__init__``'s Python frame and keyword packing).
_validate_range = DateRange.__pydantic_validator__.validate_python
_validate_time = TimeExpression.__pydantic_validator__.validate_python


def _record(f: Found, start: int, end: int, text: str) -> TimeExpression:
    rng = _validate_range({"start": f.range_start, "end": f.range_end}) if f.range_start and f.range_end else None
    return _validate_time(  # type: ignore[no-any-return]
        {
            "text": text,
            "start": start,
            "end": end,
            "value": f.value,
            "granularity": f.granularity,
            "mod": f.mod,
            "range": rng,
            "anchor": f.anchor,
            "status": f.status,
            "rule": f.rule,
        }
    )


def time_expressions(doc: Doc, ctx: ArticleContext) -> list[TimeExpression]:
    """The date expressions of an article's ``Doc``, with offsets into the ORIGINAL text."""
    comp = compiled_for(ctx.lexicons, doc.vocab)
    out: list[TimeExpression] = []
    view, original = ctx.view, ctx.view.original
    for f in annotate(doc, comp, ctx.published):
        start, end = view.to_original(f.start_char, f.end_char)  # ctx.span without the Span model
        out.append(_record(f, start, end, original[start:end]))
    return out


def _anchor(anchor: Published | str | dt.date | dt.datetime | None) -> Published | None:
    if anchor is None or isinstance(anchor, Published):
        return anchor
    return parse_published(anchor)


def find_dates(
    text: str,
    published: Published | str | dt.date | dt.datetime | None = None,
    *,
    lexicons: Lexicons = DEFAULT_LEXICONS,
) -> list[TimeExpression]:
    """The date expressions of a plain ``text`` (offsets into ``text``), resolved against ``published``."""
    from ..nlp import get_nlp

    doc = get_nlp()(text)
    comp = compiled_for(lexicons, doc.vocab)
    return [_record(f, f.start_char, f.end_char, f.text) for f in annotate(doc, comp, _anchor(published))]


def resolve_phrase(
    phrase: str,
    sentence: str,
    anchor: Published | str | dt.date | dt.datetime | None,
    *,
    focus: dt.date | None = None,
    lexicons: Lexicons = DEFAULT_LEXICONS,
) -> TimeExpression | None:
    """Resolve ``phrase`` as it is written in ``sentence`` against ``anchor``.

    ``focus`` is the date of the event in focus for anaphora ("the same day"). Returns the
    expression recognised at the phrase's first occurrence (offsets into ``sentence``), or None
    when nothing there is recognised as a date (a false positive avoided)."""
    from ..nlp import get_nlp

    at = sentence.find(phrase)
    if at < 0:
        raise ValueError(f"{phrase!r} does not occur in {sentence!r}")
    doc = get_nlp()(sentence)
    comp = compiled_for(lexicons, doc.vocab)
    fc = Focus(day=focus, month=(focus.year, focus.month) if focus else None, year=focus.year if focus else None)
    for f in annotate(doc, comp, _anchor(anchor), focus=fc):
        if f.start_char < at + len(phrase) and at < f.end_char:
            return _record(f, f.start_char, f.end_char, f.text)
    return None
