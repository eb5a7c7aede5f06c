"""A minimal defense_ties plugin: named military exercises.

Finds an exercise keyword ("exercise", "drills", "war games", "maneuvers") preceded by a
capitalised name, optionally with a year and an acronym in brackets: "the Freedom Shield exercise",
"Ulchi Freedom Shield (UFS) drills", "Steadfast Defender 2024 exercises". Every record carries its
``Span`` in the original text (built with ``ctx.span``) and the ``rule`` that produced it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from spacy.matcher import Matcher

from defense_ties import ArticleContext, BaseExtractor, Span

__version__ = "0.1.0"

#: Words that name a military exercise when a capitalised name precedes them.
KEYWORDS = (["exercise"], ["exercises"], ["drill"], ["drills"], ["war", "games"], ["wargames"], ["maneuvers"], ["manoeuvres"])
#: Capitalised words that start a sentence or a noun phrase but are not part of a name.
NOT_NAME = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "last", "next", "annual", "joint", "and"}


class NamedExercise(BaseModel):
    """A named military exercise mentioned in the article."""

    model_config = ConfigDict(extra="forbid")

    name: str
    """The exercise's name as written ("Ulchi Freedom Shield")."""
    acronym: str | None = None
    """Its acronym when given in brackets ("UFS")."""
    year: int | None = None
    """The edition year when written after the name ("Steadfast Defender 2024")."""
    span: Span
    """The whole mention, keyword included."""
    rule: str
    """``named_exercises.name_keyword``."""


def _build(_: Any) -> Matcher:
    from defense_ties.nlp import get_nlp

    matcher = Matcher(get_nlp().vocab)
    matcher.add("KEYWORD", [[{"LOWER": w} for w in kw] for kw in KEYWORDS])
    return matcher


def _is_name_token(text: str) -> bool:
    return text[:1].isupper() and text.lower() not in NOT_NAME and any(c.isalpha() for c in text)


class NamedExercises(BaseExtractor):
    """Records ``NamedExercise`` items; needs nothing from other extractors."""

    name = "named_exercises"
    requires = ()
    record_model = NamedExercise

    def __call__(self, doc: Any, ctx: ArticleContext) -> list[NamedExercise]:
        matcher: Matcher = ctx.lexicons.compiled("plugin.named_exercises", _build)
        out: list[NamedExercise] = []
        seen: set[int] = set()
        for _, start, end in matcher(doc):
            i = start - 1
            acronym = year = None
            if i >= 2 and doc[i].text == ")" and doc[i - 2].text == "(" and doc[i - 1].text.isupper():
                acronym = doc[i - 1].text
                i -= 3
            if i >= 0 and doc[i].like_num and len(doc[i].text) == 4 and doc[i].text.isdigit():
                year = int(doc[i].text)
                i -= 1
            last = i
            while i >= 0 and _is_name_token(doc[i].text) and doc[i].sent == doc[last].sent:
                i -= 1
            if i == last or start in seen:
                continue
            seen.add(start)
            name = ctx.span_of(doc[i + 1 : last + 1])
            out.append(
                NamedExercise(
                    name=name.text,
                    acronym=acronym,
                    year=year,
                    span=ctx.span_of(doc[i + 1 : end]),
                    rule="named_exercises.name_keyword",
                )
            )
        return out
