"""The normalised view of an article, with an exact map back to the original text.

Real pages carry chrome ("Close this search box.", "Back to top button"), blocks of other
stories after a "Related Articles" marker, words broken across lines ("bolste\\nr"), zero-width
characters, HTML entities and a publication line. Extractors work on the cleaned
``TextView.text``; every offset they produce is mapped back with ``TextView.to_original`` so that
each ``Span`` satisfies ``text == original[start:end]``.

The view is built from *edits* on the original: ``(start, end, replacement)``. Text outside edits is
copied; an edit's replacement maps, as a whole, onto the original stretch it replaces.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .lexicons import load_lexicon


class _Piece(NamedTuple):
    norm_start: int
    norm_len: int
    orig_start: int
    orig_end: int
    copy: bool


@dataclass
class TextView:
    """The original text, its normalised view, and the offset map between them."""

    original: str
    text: str
    _pieces: list[_Piece] = field(repr=False)
    publication_line: str | None = None
    """The publication line found (and removed from the view), e.g. ``Published : Feb. 14, 2023 - 18:22``."""
    publication_value: str | None = None
    """The date part of that line, e.g. ``Feb. 14, 2023 - 18:22``."""

    def __post_init__(self) -> None:
        # the pieces as columns, and the ranges already mapped: the extractors of an article map
        # the same mentions again and again (some hundred calls an article)
        self._starts = [p.norm_start for p in self._pieces]
        self._norm_ends = [p.norm_start + p.norm_len for p in self._pieces]
        self._orig_starts = [p.orig_start for p in self._pieces]
        self._memo_original: dict[tuple[int, int], tuple[int, int]] = {}
        self._memo_view: dict[tuple[int, int], tuple[int, int]] = {}

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` range of the view onto the original text."""
        key = (start, end)
        got = self._memo_original.get(key)
        if got is None:
            got = self._memo_original[key] = self._orig_range(start, end)
        return got

    def _orig_range(self, start: int, end: int) -> tuple[int, int]:
        if not self._pieces:
            return (0, 0)
        if end <= start:
            o = self._orig_at(start, is_end=False)
            return (o, o)
        return (self._orig_at(start, is_end=False), self._orig_at(end - 1, is_end=True))

    def to_view(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` range of the original text onto the view (inverse of ``to_original``)."""
        key = (start, end)
        got = self._memo_view.get(key)
        if got is None:
            got = self._memo_view[key] = self._to_view(start, end)
        return got

    def _to_view(self, start: int, end: int) -> tuple[int, int]:
        if not self._pieces:
            return (0, 0)
        origs = self._orig_starts
        i = max(0, bisect.bisect_right(origs, start) - 1)
        p = self._pieces[i]
        vs = p.norm_start + min(max(start - p.orig_start, 0), p.norm_len) if p.copy else p.norm_start
        j = max(0, bisect.bisect_left(origs, end) - 1)
        q = self._pieces[j]
        ve = q.norm_start + min(max(end - q.orig_start, 0), q.norm_len) if q.copy else q.norm_start + q.norm_len
        return (vs, max(vs, ve))

    def _orig_at(self, pos: int, *, is_end: bool) -> int:
        i = max(0, bisect.bisect_right(self._starts, pos) - 1)
        p = self._pieces[i]
        if pos >= self._norm_ends[i]:  # past the end of the view
            return p.orig_end
        if p.copy:
            o = p.orig_start + (pos - p.norm_start)
            return o + 1 if is_end else o
        return p.orig_end if is_end else p.orig_start


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_RE_ZW = re.compile(f"[{_ZERO_WIDTH}]+")
_NBSP = "\u00a0\u2007\u202f"
_RE_NBSP = re.compile(f"[{_NBSP}]")
_RE_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_RE_APOS = re.compile(r"(?<=\w)[\u2019\u02bc](?=\w)")
_RE_APOS_CHAR = re.compile("[\u2019\u02bc]")
_RE_WORD = re.compile(r"\w")
_RE_BROKEN = re.compile(r"(?<=[a-z])[ \t]*\r?\n(?=[a-z])")
_RE_WRAP = re.compile(r"(?<=[\w,;\-])[ \t]*\r?\n(?=[ \t]*[\w\u201c\"(])")
_RE_PUBLISHED = re.compile(
    rf"^(?P<pre>[^\n]*?)(?:Published|Posted)[\s{_ZERO_WIDTH}]{{0,8}}:?[\s{_ZERO_WIDTH}]{{0,8}}(?P<date>[A-Z0-9][^\n]{{4,60}}?)\s*(?:\|[^\n]*)?$",
    re.MULTILINE,
)


def _hard_wrapped(text: str) -> bool:
    """True when the text is hard-wrapped (most lines end mid-sentence), so a newline is a space."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 4:
        return False
    mid = sum(1 for ln in lines if ln.rstrip()[-1:].isalpha() or ln.rstrip()[-1:] == ",")
    return mid / len(lines) > 0.4


def _chrome_edits(text: str, chrome: Any = None) -> list[tuple[int, int, str]]:
    lex = chrome if chrome is not None else load_lexicon("chrome")
    lines = {s.casefold() for s in lex["lines"]}
    cut = {s.casefold() for s in lex["cut_markers"]}
    # casefolding never shortens a text, so a line longer than every key is none of them
    longest = max(map(len, lines | cut), default=0)
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        body = line.rstrip("\r")
        stripped = body.strip()
        if len(stripped) <= longest:
            key = stripped.casefold()
            if key in cut and pos > 0:
                edits.append((pos, len(text), ""))
                break
            if key in lines:
                s = pos + (len(body) - len(body.lstrip()))
                edits.append((s, s + len(stripped), ""))
        pos += len(line) + 1
    return edits


def build_view(original: str, chrome: Any = None) -> TextView:
    """Normalise ``original`` into a ``TextView``. Never raises on any ``str``.

    ``chrome``: the ``chrome`` lexicon to use (``Lexicons.get("chrome")`` with user overlays);
    the built-in one by default."""
    edits: list[tuple[int, int, str]] = []
    edits += _chrome_edits(original, chrome)
    pub_line = pub_value = None
    m = _RE_PUBLISHED.search(original[:2000])
    if m and re.search(r"\d", m.group("date")):
        pub_line = m.group(0)
        pub_value = _RE_ZW.sub("", m.group("date"))
        edits.append((m.start(), m.end(), ""))
    # each scan runs only when its characters occur at all (a substring test is far cheaper than a
    # regex scan of the whole text, and most articles have none of them)
    if any(c in original for c in _ZERO_WIDTH):
        edits += [(z.start(), z.end(), "") for z in _RE_ZW.finditer(original)]
    if any(c in original for c in _NBSP):
        edits += [(z.start(), z.end(), " ") for z in _RE_NBSP.finditer(original)]
    if "\u2019" in original or "\u02bc" in original:
        edits += [(i, i + 1, "'") for i in _inner_apostrophes(original)]
    if "&" in original:
        for e in _RE_ENTITY.finditer(original):
            rep = html.unescape(e.group(0))
            if rep != e.group(0):
                edits.append((e.start(), e.end(), rep))
    if _hard_wrapped(original):  # a line break inside a sentence is a space
        edits += [(b.start(), b.end(), " ") for b in _RE_WRAP.finditer(original)]
    else:  # paragraphs: a lowercase-to-lowercase line break is a word broken in two
        edits += [(s, e, "") for s, e in _broken_words(original)]
    return _apply(original, edits, pub_line, pub_value)


def _inner_apostrophes(text: str) -> list[int]:
    """The offsets of ``_RE_APOS`` matches (an apostrophe between two word characters), found from
    each apostrophe rather than by a regex scan with a look-behind at every position."""
    return [
        i
        for m in _RE_APOS_CHAR.finditer(text)
        if (i := m.start()) > 0 and _RE_WORD.match(text, i - 1) and _RE_WORD.match(text, i + 1)
    ]


def _broken_words(text: str) -> list[tuple[int, int]]:
    """The matches of ``_RE_BROKEN`` (a line break between two lowercase letters, with the spaces
    or tabs before it), found from each newline rather than by a regex scan of every position."""
    out: list[tuple[int, int]] = []
    i = text.find("\n")
    while i >= 0:
        if "a" <= text[i + 1 : i + 2] <= "z":
            j = i - 1 if i > 0 and text[i - 1] == "\r" else i
            k = j
            while k > 0 and text[k - 1] in " \t":
                k -= 1
            if k > 0 and "a" <= text[k - 1] <= "z":
                out.append((k, i + 1))
        i = text.find("\n", i + 1)
    return out


def _apply(original: str, edits: list[tuple[int, int, str]], pub_line: str | None, pub_value: str | None) -> TextView:
    edits.sort(key=lambda e: (e[0], -(e[1] - e[0])))
    pieces: list[_Piece] = []
    out: list[str] = []
    npos = 0
    opos = 0

    def add(orig_start: int, orig_end: int, rep: str | None) -> None:
        nonlocal npos
        if rep is None:
            seg = original[orig_start:orig_end]
            if seg:
                pieces.append(_Piece(npos, len(seg), orig_start, orig_end, True))
                out.append(seg)
                npos += len(seg)
        elif rep:
            pieces.append(_Piece(npos, len(rep), orig_start, orig_end, False))
            out.append(rep)
            npos += len(rep)

    for s, e, rep in edits:
        if s < opos:  # overlaps an earlier edit: skip
            continue
        add(opos, s, None)
        add(s, e, rep)
        opos = e
    add(opos, len(original), None)
    if not pieces:
        pieces.append(_Piece(0, 0, 0, len(original), True))
    return TextView(
        original=original,
        text="".join(out),
        _pieces=pieces,
        publication_line=pub_line,
        publication_value=pub_value,
    )
