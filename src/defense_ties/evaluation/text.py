"""Normalisation used when comparing gold and predicted records: names, field values, word overlap.

Everything here is deliberately small and documented in ``docs/annotation.md`` ("How evaluate
matches records"): a person's name matches when its words are the same in any order (hyphens and
spacing inside a given name ignored, initials and suffixes dropped), or when one name's words are all
in the other (a surname alone); an organisation's acronym matches its full name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..textfold import fold as fold_letters

#: Words dropped from names before comparing (courtesy titles and generational suffixes).
NAME_NOISE = frozenset({"mr", "mrs", "ms", "dr", "sir", "jr", "sr", "ii", "iii", "iv"})
#: Words skipped when building an acronym from a full name ("Joint Chiefs of Staff" → JCS).
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "to", "a", "an", "s"})
#: Function words ignored by the content-word overlap of descriptions.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "into",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
        "these",
        "those",
        "be",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "has",
        "have",
        "had",
        "been",
        "being",
        "it",
        "they",
        "them",
        "we",
        "he",
        "she",
        "which",
        "who",
        "whom",
        "whose",
        "also",
        "such",
        "than",
        "then",
        "there",
    ]
)
#: British spellings folded into American ones before comparing words.
SPELLING = {
    "defence": "defense",
    "programme": "program",
    "programmes": "programs",
    "organisation": "organization",
    "organisations": "organizations",
    "centre": "center",
    "dialogue": "dialog",
}

#: Letters that Unicode does not decompose into a base letter and an accent.

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPACE = re.compile(r"\s+")
#: Score of a name pair: same words in any order; acronym of the other; words a subset of the other.
NAME_EXACT, NAME_ACRONYM, NAME_PARTIAL = 1.0, 0.9, 0.8


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and dashes, collapse white space."""
    t = fold_letters(text)
    t = t.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-").replace("—", "-")
    return _SPACE.sub(" ", t).strip().casefold()


def words(text: str | None) -> list[str]:
    """The words of ``text``, folded, British spellings made American (punctuation dropped)."""
    if not text:
        return []
    out = []
    for w in _WORD.findall(fold(text)):
        w = w.replace("'", "")
        out.append(SPELLING.get(w, w))
    return out


def norm_value(value: object) -> str | None:
    """A field value as compared: folded, leading "the" dropped, British spellings unified; None stays None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(sorted(v for v in (norm_value(x) for x in value) if v))
    ws = words(str(value))
    if ws and ws[0] == "the":
        ws = ws[1:]
    return " ".join(ws) or None


def _name_tokens(name: str) -> list[list[str]]:
    """Token lists of a name: hyphenated parts joined ("kyunghyup") and split ("kyung", "hyup")."""
    base = fold(name).replace(".", " ").replace(",", " ").replace("'", "")
    joined: list[str] = []
    split: list[str] = []
    for raw in base.split():
        parts = [p for p in raw.split("-") if p]
        if not parts:
            continue
        joined_word = "".join(parts)
        if joined_word in NAME_NOISE or (len(joined_word) == 1 and len(parts) == 1):
            continue  # suffixes, courtesy titles and single-letter initials
        joined.append(joined_word)
        split.extend(parts)
    return [joined, split] if joined != split else [joined]


def _canonical(tokens: list[str]) -> set[str]:
    """Glued forms of a name in its order and with its first or last word moved to the other end."""
    if not tokens:
        return set()
    return {"".join(tokens), "".join(tokens[-1:] + tokens[:-1]), "".join(tokens[1:] + tokens[:1])}


def acronym(name: str) -> str:
    """The initials of a name's content words ("Joint Chiefs of Staff" → "jcs")."""
    return "".join(w[0] for w in words(name) if w not in ACRONYM_SKIP)


def _is_acronym(short: str, full: str) -> bool:
    s = short.strip().strip(".")
    if not s or " " in s or not any(c.isupper() for c in s) or s != s.upper():
        return False
    ini = acronym(full)
    return len(ini) >= 2 and ini == fold(s).replace(".", "")


def name_score(a: str | None, b: str | None) -> float:
    """How well two names denote the same person or body: 1.0, 0.9 (acronym), 0.8 (subset) or 0.

    ``"Kyung-Hyup Kim"`` = ``"Kim Kyung-hyup"`` = ``"Kim Kyunghyup"`` (1.0); ``"JCS"`` ~ ``"Joint
    Chiefs of Staff"`` (0.9); ``"Stoltenberg"`` ~ ``"Jens Stoltenberg"`` (0.8); otherwise 0.
    """
    if not a or not b:
        return 0.0
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta[0] or not tb[0]:
        return 1.0 if fold(a) == fold(b) else 0.0
    for x in ta:
        for y in tb:
            if Counter(x) == Counter(y) or _canonical(x) & _canonical(y):
                return NAME_EXACT
    if _is_acronym(a, b) or _is_acronym(b, a):
        return NAME_ACRONYM
    for x in ta:
        for y in tb:
            sx, sy = set(x) - ACRONYM_SKIP, set(y) - ACRONYM_SKIP
            if sx and sy and (sx <= sy or sy <= sx):
                return NAME_PARTIAL
    return 0.0


def overlap_coefficient(a: Iterable[str], b: Iterable[str]) -> float:
    """|A ∩ B| / min(|A|, |B|) over word multisets (1.0 when one text contains the other's words)."""
    ca, cb = Counter(a), Counter(b)
    if not ca or not cb:
        return 0.0
    return sum((ca & cb).values()) / min(sum(ca.values()), sum(cb.values()))


def dice(a: Iterable[str], b: Iterable[str]) -> float:
    """2 |A ∩ B| / (|A| + |B|) over word multisets (1.0 only for the same words)."""
    ca, cb = Counter(a), Counter(b)
    total = sum(ca.values()) + sum(cb.values())
    return 2 * sum((ca & cb).values()) / total if total else 0.0


def content_words(text: str | None) -> list[str]:
    """Words of ``text`` without function words, a plural ``s`` stripped from words over 3 letters."""
    out = []
    for w in words(text):
        if w in STOPWORDS:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B| of two sets; 1.0 when both are empty."""
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
