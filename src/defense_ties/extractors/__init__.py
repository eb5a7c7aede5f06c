"""The built-in extractors, one file each; ``builtin_extractors()`` lists them in run order."""

from __future__ import annotations

from .agreements import AgreementsExtractor
from .base import BaseExtractor
from .dates import DatesExtractor
from .meetings import MeetingsExtractor
from .participants import ParticipantsExtractor
from .statements import StatementsExtractor


def builtin_extractors() -> list[BaseExtractor]:
    """Fresh instances of the built-in extractors, dependencies first."""
    return [
        DatesExtractor(),
        ParticipantsExtractor(),
        StatementsExtractor(),
        MeetingsExtractor(),
        AgreementsExtractor(),
    ]


__all__ = [
    "AgreementsExtractor",
    "BaseExtractor",
    "DatesExtractor",
    "MeetingsExtractor",
    "ParticipantsExtractor",
    "StatementsExtractor",
    "builtin_extractors",
]
