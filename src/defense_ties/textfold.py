"""Folding text for comparison, shared by the extractors, ``evaluate`` and the timeline.

``fold("Błaszczak")`` → ``"blaszczak"``: letters that Unicode does not decompose (ł, ø, đ, ß, æ, œ,
dotless ı) are spelled out, accents are dropped (NFKD, combining marks removed), and the result is
case-folded. One definition, so that a name matched inside an article, across articles and against
gold is matched the same way.
"""

from __future__ import annotations

import functools
import unicodedata

_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i"}
)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` lower-cased (case-folded), without diacritics, non-decomposable letters spelled out."""
    if text.isascii():
        return text.casefold()
    t = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in t if not unicodedata.combining(c)).casefold()
