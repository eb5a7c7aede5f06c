"""The ``dates`` extractor: every date expression of the article as a ``TimeExpression``.

Recognition and resolution live in ``defense_ties.temporal``; this file only plugs them into the
pipeline. Records come in text order with offsets into the original text; relative expressions are
resolved against the publication date (``ctx.published``) and anaphora ("the same day") against
the event in focus.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import TimeExpression
from ..temporal import time_expressions
from .base import BaseExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class DatesExtractor(BaseExtractor):
    """Finds ``TimeExpression`` records (see ``defense_ties.temporal``)."""

    name = "dates"
    requires = ()
    record_model = TimeExpression

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[TimeExpression]:
        """The article's date expressions, in text order."""
        return time_expressions(doc, ctx)
