"""The ``participants`` extractor (to be filled in by its issue)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Participant
from .base import BaseExtractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class ParticipantsExtractor(BaseExtractor):
    """Finds ``Participant`` records."""

    name = "participants"
    requires = ()
    record_model = Participant

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[Participant]:
        return []
