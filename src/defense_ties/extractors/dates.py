"""The ``dates`` extractor (to be filled in by its issue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import TimeExpression
from .base import BaseExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class DatesExtractor(BaseExtractor):
    """Finds ``TimeExpression`` records."""

    name = "dates"
    requires = ()
    record_model = TimeExpression

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[TimeExpression]:
        return []
