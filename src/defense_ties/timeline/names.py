"""Name and phrase keys used to compare records across articles.

``name_words("Won In-choul") == frozenset({"won", "inchoul"})``: accents dropped, case folded,
punctuation dropped, hyphenated parts joined — so "Kyung-Hyup Kim", "Kim Kyung-hyup" and
"Kim Kyunghyup" give the same key (Korean names are written in both orders). ``name_parts`` splits
hyphens instead ("In Choul" written as two words still matches ``name_parts``).
"""

from __future__ import annotations

import functools
import re

from ..textfold import fold

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_APOS = re.compile(r"['’]")

#: Words that carry no meaning when comparing titles or agreement descriptions.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "between",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
        "these",
        "those",
    ]
)

#: Spelling variants folded together when comparing titles and descriptions.
_VARIANTS = {"defence": "defense", "chair": "chairman", "chairwoman": "chairman", "chairperson": "chairman"}


@functools.lru_cache(maxsize=65536)
def name_words(name: str) -> frozenset[str]:
    """Words of a name, hyphenated parts joined: "Won In-choul" → {won, inchoul}."""
    return frozenset(_APOS.sub("", w).replace("-", "") for w in _WORD.findall(fold(name)))


@functools.lru_cache(maxsize=65536)
def name_parts(name: str) -> frozenset[str]:
    """Words of a name, hyphenated parts split: "Won In-choul" → {won, in, choul}."""
    return frozenset(p for w in _WORD.findall(fold(name)) for p in re.split(r"-", _APOS.sub("", w)) if p)


@functools.lru_cache(maxsize=65536)
def same_name(a: str, b: str) -> bool:
    """Same full name, in any order, however the given name is hyphenated."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    return wa == wb or name_parts(a) == name_parts(b) or "".join(sorted(wa)) == "".join(sorted(wb))


@functools.lru_cache(maxsize=65536)
def partial_name(short: str, full: str) -> bool:
    """``short`` names part of ``full`` (a surname alone, or fewer parts): "Bauer" ⊂ "Rob Bauer"."""
    ws, wf = name_words(short), name_words(full)
    if not ws or ws == wf:
        return False
    return ws < wf or name_parts(short) < name_parts(full)


@functools.lru_cache(maxsize=65536)
def content_words(text: str | None) -> frozenset[str]:
    """Meaningful words of a title or description, spelling variants folded."""
    if not text:
        return frozenset()
    words = (_APOS.sub("", w) for w in _WORD.findall(fold(text)))
    out = set()
    for w in words:
        w = w.removesuffix("s") if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        w = _VARIANTS.get(w, w)
        if w not in STOPWORDS:
            out.add(w)
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def initials(name: str | None) -> str | None:
    """Acronym made of a name's capitalised words: "Individually Tailored Partnership Program" → "ITPP"."""
    if not name:
        return None
    letters = [w[0] for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w[0].isupper() and w.lower() not in STOPWORDS]
    return "".join(letters).upper() if len(letters) >= 2 else None


@functools.lru_cache(maxsize=65536)
def is_acronym(name: str) -> bool:
    """True for an all-capitals short name such as "JCS" or "NATO"."""
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in name.strip()


@functools.lru_cache(maxsize=65536)
def place_key(place: str | None) -> str:
    """A place as a comparison key ("the Yongsan office" → "yongsan office")."""
    if not place:
        return ""
    words = [w for w in _WORD.findall(fold(place)) if w not in STOPWORDS]
    return " ".join(words)
