"""Lexicons: the project's knowledge kept as data files (JSON) beside this module.

Each ``<name>.json`` is one kind of knowledge (ranks, titles, organisations, countries, topics,
verbs, page chrome). Keys starting with ``_`` are documentation.

- ``load_lexicon(name)``: the built-in file, parsed and cached per process.
- ``Lexicons``: the set an extraction runs with: the built-in files overlaid by the user's own
  (``Lexicons(overlays=[{"ranks": {...}}])``). ``get(name)`` returns the merged data (dicts merged
  key by key, lists concatenated without duplicates, scalars replaced); ``compiled(key, build)``
  caches what an extractor builds from them (matchers, regexes) once per ``Lexicons`` instance.
  Extractors read knowledge through ``ctx.lexicons``, never by hard-coding it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


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


def merge(base: Any, over: Any) -> Any:
    """Overlay ``over`` on ``base``: dicts key by key, lists appended without duplicates, else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(over, list):
        seen = [orjson.dumps(x, option=orjson.OPT_SORT_KEYS) for x in base]
        out_list = list(base)
        for x in over:
            key = orjson.dumps(x, option=orjson.OPT_SORT_KEYS)
            if key not in seen:
                seen.append(key)
                out_list.append(x)
        return out_list
    return over


class Lexicons:
    """The lexicons one extraction runs with: built-in data overlaid by user data."""

    def __init__(self, overlays: Sequence[Mapping[str, Any]] = ()) -> None:
        self.overlays: tuple[Mapping[str, Any], ...] = tuple(overlays)
        self._merged: dict[str, Any] = {}
        self._compiled: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The merged lexicon ``name`` (built-in overlaid by every overlay that has ``name``)."""
        if name not in self._merged:
            data = load_lexicon(name)
            for ov in self.overlays:
                if name in ov:
                    data = merge(data, ov[name])
            self._merged[name] = data
        return self._merged[name]

    def compiled(self, key: str, build: Callable[[Lexicons], T]) -> T:
        """``build(self)`` computed once per instance and cached under ``key``."""
        if key not in self._compiled:
            self._compiled[key] = build(self)
        result: T = self._compiled[key]
        return result


#: The built-in lexicons with no user overlay.
DEFAULT_LEXICONS = Lexicons()
