"""Lexicons: the project's knowledge kept as data files (JSON) beside this module.

Each ``<name>.json`` is one kind of knowledge (ranks, titles, organisations, countries, topics,
verbs, page chrome). ``load_lexicon(name)`` reads and caches one; extractors never hard-code what a
lexicon holds. Keys starting with ``_`` are documentation.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import orjson


class LexiconError(ValueError):
    """A lexicon file is missing or malformed; the message names the file and the entry."""


@functools.cache
def load_lexicon(name: str) -> Any:
    """Return the parsed built-in lexicon ``name`` (``lexicons/<name>.json``), cached per process."""
    try:
        raw = resources.files(__package__).joinpath(f"{name}.json").read_bytes()
    except FileNotFoundError as e:
        raise LexiconError(f"no built-in lexicon named {name!r}") from e
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise LexiconError(f"lexicon {name}.json: invalid JSON: {e}") from e
