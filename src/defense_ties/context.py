"""The context one article is extracted in: its metadata, publication date, text views and results.

``ArticleContext`` is what every extractor receives beside the spaCy ``Doc``. It carries:
the ``Article`` record, the publication date and its precision (``Published``), the normalised
``TextView`` with its offset map (``span`` turns view offsets into original ``Span``s), the records
of the extractors that ran before, and the diagnostics met so far.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel

from .lexicons import DEFAULT_LEXICONS, Lexicons
from .models import Article, Diagnostic, DiagnosticLevel, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from .normalize import TextView

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Published:
    """A publication date known to the day, the month or the year.

    ``date`` is the first day of what is known (``2022-05`` → 2022-05-01); ``precision`` says how much
    of it is real. ``iso`` is the value as written into ``Article.published``.
    """

    date: dt.date
    precision: Precision
    iso: str

    @property
    def last(self) -> dt.date:
        """Last day the publication could fall on."""
        if self.precision == "day":
            return self.date
        if self.precision == "month":
            nxt = (self.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.date.year, 12, 31)


_RE_YEAR = re.compile(r"^\d{4}$")
_RE_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_published(value: str | dt.date | dt.datetime | None) -> Published | None:
    """Parse a publication date given as ``date``, ``datetime`` or ISO string (``2022``, ``2022-05``,
    ``2022-04-11``, ``2023-02-14T18:22:00+09:00``). Raises ``ValueError`` naming the value when it is
    not a real date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return Published(value.date(), "day", value.isoformat())
    if isinstance(value, dt.date):
        return Published(value, "day", value.isoformat())
    s = str(value).strip()
    try:
        if _RE_YEAR.match(s):
            return Published(dt.date(int(s), 1, 1), "year", s)
        if m := _RE_MONTH.match(s):
            return Published(dt.date(int(m[1]), int(m[2]), 1), "month", s)
        if len(s) == 10:
            return Published(dt.date.fromisoformat(s), "day", s)
        d = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        return Published(d.date(), "day", d.isoformat())
    except ValueError:
        pass
    raise ValueError(f"not a publication date: {s!r} (expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime)")


def published_from_line(value: str) -> str | None:
    """Read the date of a publication line ("Feb. 14, 2023 - 18:22") into an ISO string, or None."""
    import dateparser

    cleaned = re.sub(r"\s+-\s+(\d{1,2}:\d{2})", r" \1", value.strip())
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if parsed is None:
        return None
    if re.search(r"\d{1,2}:\d{2}", cleaned):
        return parsed.replace(second=0, microsecond=0).isoformat()
    return parsed.date().isoformat()


_SPACY_TYPES: list[type] = []


def _spacy_types() -> tuple[type, type]:
    """spaCy's ``Span`` and ``Token`` classes, imported on first use (not at import time)."""
    if not _SPACY_TYPES:
        from spacy.tokens import Span as SpacySpanType
        from spacy.tokens import Token as TokenType

        _SPACY_TYPES[:] = [SpacySpanType, TokenType]
    return _SPACY_TYPES[0], _SPACY_TYPES[1]


#: ``Span(**fields)`` through the model's validator: the same record, without ``BaseModel.__init__``'s
#: Python frame and keyword packing (the extractors build some fifty an article).
validate_span = cast("Callable[[dict[str, Any]], Span]", Span.__pydantic_validator__.validate_python)


@dataclass
class ArticleContext:
    """Everything an extractor may read about the article besides the ``Doc``."""

    article: Article
    view: TextView
    published: Published | None
    lexicons: Lexicons = DEFAULT_LEXICONS
    results: dict[str, list[BaseModel]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def original(self) -> str:
        """The article text exactly as given."""
        return self.view.original

    def span(self, start: int, end: int) -> Span:
        """A ``Span`` of the original text for the view range ``[start, end)``."""
        s, e = self.view.to_original(start, end)
        return validate_span({"start": s, "end": e, "text": self.view.original[s:e]})

    def view_range(self, span: Span) -> tuple[int, int]:
        """The view range ``[start, end)`` of an original ``Span`` (to find its tokens in the ``Doc``)."""
        return self.view.to_view(span.start, span.end)

    def doc_span(self, doc: Doc, span: Span) -> SpacySpan | None:
        """The ``Doc`` tokens covering an original ``Span`` (expanded to token bounds), or None."""
        s, e = self.view_range(span)
        return doc.char_span(s, e, alignment_mode="expand")

    def span_of(self, item: SpacySpan | Token | Doc) -> Span:
        """A ``Span`` of the original text for a spaCy token or span of the ``Doc``."""
        span_type, token_type = _spacy_types()
        if type(item) is span_type:  # the common case: its first and last tokens' character bounds
            sp = cast("SpacySpan", item)
            return self.span(sp.start_char, sp.end_char) if sp.end > sp.start else self.span(0, 0)
        if isinstance(item, token_type):
            tok = cast("Token", item)
            return self.span(tok.idx, tok.idx + len(tok))
        seq = cast("SpacySpan | Doc", item)
        start = seq[0].idx if len(seq) else 0
        end = seq[-1].idx + len(seq[-1].text) if len(seq) else 0
        return self.span(start, end)

    def records(self, name: str) -> list[Any]:
        """The records produced by the extractor ``name`` (empty if it did not run or failed)."""
        return self.results.get(name, [])

    def diagnose(self, extractor: str, message: str, level: DiagnosticLevel = "warning") -> None:
        """Record a problem met while extracting this article."""
        self.diagnostics.append(Diagnostic(extractor=extractor, level=level, message=message))
