"""A small base class for extractors (implementing the ``Extractor`` protocol is enough)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..context import ArticleContext


class BaseExtractor:
    """Subclass, set ``name``, ``requires`` and ``record_model``, and implement ``__call__``."""

    name: ClassVar[str]
    requires: ClassVar[Sequence[str]] = ()
    record_model: ClassVar[type[BaseModel]]

    def __call__(self, doc: Doc, ctx: ArticleContext) -> Sequence[BaseModel]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<extractor {self.name}>"
