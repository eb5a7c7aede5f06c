"""The ``meetings`` extractor (to be filled in by its issue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Meeting
from .base import BaseExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class MeetingsExtractor(BaseExtractor):
    """Finds ``Meeting`` records."""

    name = "meetings"
    requires = ("participants", "dates")
    record_model = Meeting

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Meeting]:
        return []
