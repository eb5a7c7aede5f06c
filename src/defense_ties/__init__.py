"""defense_ties: typed, validated records of defense diplomacy from English news.

>>> from defense_ties import extract
>>> ex = extract("Defense Minister Shin Won-sik held talks with Gen. Christopher Cavoli on Thursday.",
...              published="2024-02-29")

The public API: ``extract``, ``extract_many``, the models of the output contract, and the
extension points ``Extractor``, ``BaseExtractor``, ``register_extractor``, user lexicons
(``extract(..., lexicons=["my_terms.json"])``, ``Lexicons``) and plugins (``docs/extending.md``).
"""

from __future__ import annotations

from . import _spacy_import  # noqa: F401  (first: spaCy's CLI package then loads only if used)
from .context import ArticleContext, Published
from .extractors import BaseExtractor, builtin_extractors
from .lexicons import LexiconError, Lexicons, resolve_lexicons
from .models import (
    SCHEMA_VERSION,
    Agreement,
    Article,
    DateRange,
    Diagnostic,
    Extraction,
    Meeting,
    Participant,
    Span,
    Statement,
    TimeExpression,
)
from .pipeline import ArticleInput, extract, extract_many
from .plugins import PluginWarning
from .registry import REGISTRY, Extractor, ExtractorRegistrationError, Registry, register_extractor

__version__ = "0.1.0"

for _ext in builtin_extractors():
    REGISTRY.register(_ext, source="built-in")
del _ext

__all__ = [
    "REGISTRY",
    "SCHEMA_VERSION",
    "Agreement",
    "Article",
    "ArticleContext",
    "ArticleInput",
    "BaseExtractor",
    "DateRange",
    "Diagnostic",
    "Extraction",
    "Extractor",
    "ExtractorRegistrationError",
    "LexiconError",
    "Lexicons",
    "Meeting",
    "Participant",
    "PluginWarning",
    "Published",
    "Registry",
    "Span",
    "Statement",
    "TimeExpression",
    "extract",
    "extract_many",
    "register_extractor",
    "resolve_lexicons",
]
