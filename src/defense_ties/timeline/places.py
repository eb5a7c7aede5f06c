"""Which countries a place as written points to, for comparing meeting places across articles.

Knowledge comes from the ``places`` (cities, the bodies they host) and ``countries`` (names,
cities) lexicons: "Seoul", "central Seoul" and "South Korea" all give ``{KOR}``; "NATO
headquarters" gives the countries of the cities hosting NATO. Without those lexicons every place
gives the empty set and places are compared as text.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..lexicons import LexiconError, load_lexicon
from .names import place_key


def _lexicon(name: str) -> Any:
    try:
        return load_lexicon(name)
    except LexiconError:
        return {}


@functools.cache
def _gazetteer() -> tuple[re.Pattern[str] | None, dict[str, frozenset[str]]]:
    codes: dict[str, set[str]] = {}
    hosts: dict[str, set[str]] = {}
    for code, entry in (_lexicon("countries").get("countries") or {}).items():
        if not isinstance(entry, dict):
            continue
        for n in [*entry.get("names", []), *entry.get("cities", [])]:
            if isinstance(n, str) and n.strip():
                codes.setdefault(n, set()).add(code)
    for city, entry in (_lexicon("places").get("cities") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("country"), str):
            continue
        codes.setdefault(city, set()).add(entry["country"])
        for body in entry.get("hosts", []) or []:
            if isinstance(body, str):
                hosts.setdefault(body, set()).add(entry["country"])
    for body, cs in hosts.items():
        codes.setdefault(body, set()).update(cs)
    if not codes:
        return None, {}
    alternatives = "|".join(re.escape(n) for n in sorted(codes, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), {k: frozenset(v) for k, v in codes.items()}


@functools.lru_cache(maxsize=65536)
def place_countries(place: str | None) -> frozenset[str]:
    """Country codes the place names or lies in (empty when unknown)."""
    if not place:
        return frozenset()
    pattern, codes = _gazetteer()
    if pattern is None:
        return frozenset()
    found: set[str] = set()
    for m in pattern.finditer(place[:500]):
        found |= codes.get(m.group(0), frozenset())
    return frozenset(found)


@functools.lru_cache(maxsize=65536)
def places_compatible(a: str | None, b: str | None) -> bool:
    """True when two places may be the same: one unknown, one's words inside the other's
    ("Seoul" / "central Seoul"), or both in a common country ("Seoul" / "South Korea")."""
    ka, kb = place_key(a), place_key(b)
    if not ka or not kb:
        return True
    if f" {ka} " in f" {kb} " or f" {kb} " in f" {ka} ":
        return True
    ca, cb = place_countries(a), place_countries(b)
    return bool(ca & cb)
