"""The ``agreements`` extractor (to be filled in by its issue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Agreement
from .base import BaseExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class AgreementsExtractor(BaseExtractor):
    """Finds ``Agreement`` records."""

    name = "agreements"
    requires = ("participants", "dates", "meetings")
    record_model = Agreement

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Agreement]:
        return []
