"""The ``defense_ties`` spaCy component: run the extraction inside an existing spaCy pipeline.

Registered through the ``spacy_factories`` entry point, so no import is needed::

    nlp = spacy.load("en_core_web_sm")          # or any pipeline, even spacy.blank("en")
    nlp.add_pipe("defense_ties", config={"published": "2024-01-09"})
    doc = nlp(text)
    doc._.defense_ties                           # the Extraction (models.Extraction)

The publication date is ``doc._.published`` when set (``date``, ``datetime`` or ISO string),
else the component's ``published`` setting, else what the text itself says. The component reads
``doc.text`` and runs ``defense_ties.extract`` on it with the library's own pipeline (its own
tokenizer and sentence rules on the normalised view); it does not use or change the host pipeline's
tokens, tags or entities. All offsets in ``doc._.defense_ties`` are therefore character offsets
into ``doc.text`` (use ``doc.char_span(start, end)`` to get host tokens).

Config: ``published`` (string or null), ``disable`` (extractor names to skip), ``lexicons``
(paths of user lexicon files, see ``docs/extending.md``).
"""

# No ``from __future__ import annotations`` here: spaCy reads the factory's annotations at run time
# to validate the component config.

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

#: ``Doc`` extension holding the ``Extraction``.
RESULT_ATTR = "defense_ties"
#: ``Doc`` extension read for the publication date.
PUBLISHED_ATTR = "published"


def ensure_extensions() -> None:
    """Register ``Doc._.defense_ties`` and ``Doc._.published`` (default ``None``) if absent."""
    for attr in (RESULT_ATTR, PUBLISHED_ATTR):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


class DefenseTiesComponent:
    """Sets ``doc._.defense_ties`` to the ``Extraction`` of ``doc.text``."""

    def __init__(
        self, name: str = "defense_ties", published: str | None = None, disable: Iterable[str] = (), lexicons: Iterable[str] = ()
    ) -> None:
        from .lexicons import resolve_lexicons
        from .pipeline import _checked_disable

        ensure_extensions()
        self.name = name
        self.published = published
        self.disable = _checked_disable(disable)  # unknown names: ValueError when the pipe is added
        self.lexicons = resolve_lexicons(list(lexicons) or None)  # a bad file: LexiconError at once

    def __call__(self, doc: Doc) -> Doc:
        """Extract from ``doc.text`` and attach the result to ``doc._.defense_ties``."""
        from .pipeline import extract

        published: Any = doc._.get(PUBLISHED_ATTR) or self.published
        doc._.set(RESULT_ATTR, extract(doc.text, published=published, disable=self.disable, lexicons=self.lexicons))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of docs (one at a time; order kept)."""
        for doc in stream:
            yield self(doc)


@Language.factory(
    "defense_ties",
    default_config={"published": None, "disable": [], "lexicons": []},
    assigns=[f"doc._.{RESULT_ATTR}"],
)
def make_defense_ties(
    nlp: Language, name: str, published: str | None, disable: list[str], lexicons: list[str]
) -> DefenseTiesComponent:
    """spaCy factory of the ``defense_ties`` component (see the module docstring)."""
    return DefenseTiesComponent(name=name, published=published, disable=disable, lexicons=lexicons)
