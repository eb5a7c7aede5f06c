"""The ``statements`` extractor (to be filled in by its issue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Statement
from .base import BaseExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class StatementsExtractor(BaseExtractor):
    """Finds ``Statement`` records."""

    name = "statements"
    requires = ("participants", "dates")
    record_model = Statement

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Statement]:
        return []
