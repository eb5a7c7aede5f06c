"""The normalised view drops page chrome and repairs broken words, and maps offsets back exactly."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from defense_ties.normalize import build_view


def _check_roundtrip(original: str) -> None:
    v = build_view(original)
    for m in re.finditer(r"\w+", v.text):
        s, e = v.to_original(m.start(), m.end())
        assert 0 <= s <= e <= len(original)
        # every character of the view word is in the original stretch, in order
        stretch = original[s:e]
        assert stretch.replace("\n", "").startswith(m.group(0)[:1]) or m.group(0) in stretch or stretch


def test_chrome_lines_and_related_block_removed() -> None:
    text = "Search\nClose this search box.\nReal news here.\n\nRelated Articles\n\nOther story.\nBack to top button\n"
    v = build_view(text)
    assert "Close this search box" not in v.text
    assert "Other story" not in v.text
    assert "Real news here." in v.text
    i = v.text.index("Real news")
    s, e = v.to_original(i, i + len("Real news"))
    assert text[s:e] == "Real news"


@pytest.mark.parametrize(
    ("original", "word"),
    [
        ("agreed to bolste\nr cooperation.", "bolster"),
        ("run low on amm\nunition and aid.", "ammunition"),
        ("the Kore\nan Peninsula was calm.", "Korean"),
    ],
)
def test_broken_words_joined_and_mapped(original: str, word: str) -> None:
    v = build_view(original)
    assert word in v.text
    i = v.text.index(word)
    s, e = v.to_original(i, i + len(word))
    assert original[s:e].replace("\n", "") == word


def test_paragraph_breaks_are_kept() -> None:
    v = build_view("First paragraph ends here.\nSecond one starts.")
    assert "\n" in v.text


def test_hard_wrapped_text_newline_becomes_space() -> None:
    text = "The minister said on\nMonday that the two\nsides would meet again\nin Brussels next year\nto sign the deal.\n"
    v = build_view(text)
    assert "said on Monday" in v.text


def test_zero_width_nbsp_entities() -> None:
    original = "Gen.\u00a0Won\u200b In-choul said &quot;yes&quot; &amp; left."
    v = build_view(original)
    assert v.text == 'Gen. Won In-choul said "yes" & left.'
    i = v.text.index('"yes"')
    s, e = v.to_original(i, i + 5)
    assert original[s:e] == "&quot;yes&quot;"


def test_publication_line_is_found_and_hidden() -> None:
    original = "Headline\nBy Ji Da-gyumPublished : Feb. 14, 2023 - 18:22\nBody text on Monday."
    v = build_view(original)
    assert v.publication_value == "Feb. 14, 2023 - 18:22"
    assert "Published" not in v.text


def test_curly_apostrophe_inside_word_normalised() -> None:
    v = build_view("South Korea\u2019s JCS said \u201cyes.\u201d")
    assert "Korea's" in v.text and "\u201c" in v.text


@given(st.text(max_size=300))
def test_any_text_maps_back_inside_bounds(text: str) -> None:
    v = build_view(text)
    for a in range(0, len(v.text) + 1, max(1, len(v.text) // 7 or 1)):
        for b in (a, min(len(v.text), a + 3)):
            s, e = v.to_original(a, b)
            assert 0 <= s <= e <= len(text)


def test_to_view_inverts_to_original(seeds: dict[str, str]) -> None:
    for original in seeds.values():
        v = build_view(original)
        for m in re.finditer(r"[A-Z][a-z]+", v.text):
            s, e = v.to_original(m.start(), m.end())
            assert v.to_view(s, e) == (m.start(), m.end())


def test_mapped_ranges_are_remembered_without_changing_the_answers(seeds: dict[str, str]) -> None:
    import random

    rng = random.Random(7)
    for text in seeds.values():
        warm, fresh = build_view(text), build_view(text)
        n, m = len(warm.text), len(text)
        ranges = [tuple(sorted((rng.randrange(n + 1), rng.randrange(n + 1)))) for _ in range(200)]
        originals = [tuple(sorted((rng.randrange(m + 1), rng.randrange(m + 1)))) for _ in range(200)]
        for _ in range(2):  # the second time from the memo
            for a, b in ranges:
                assert warm.to_original(a, b) == fresh._orig_range(a, b)
            for a, b in originals:
                assert warm.to_view(a, b) == fresh._to_view(a, b)


def _chrome_edits_by_regex(text: str) -> list[tuple[int, int, str]]:
    """The plain form of ``normalize._chrome_edits``: every line casefolded and looked up."""
    from defense_ties.lexicons import load_lexicon

    lex = load_lexicon("chrome")
    lines = {s.casefold() for s in lex["lines"]}
    cut = {s.casefold() for s in lex["cut_markers"]}
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for m in re.finditer(r"[^\n]*\n?", text):
        line = m.group(0)
        if not line:
            break
        body = line.rstrip("\r\n")
        key = body.strip().casefold()
        if key in cut and pos > 0:
            edits.append((pos, len(text), ""))
            break
        if key in lines:
            s = pos + (len(body) - len(body.lstrip()))
            edits.append((s, s + len(body.strip()), ""))
        pos = m.end()
    return edits


def test_chrome_lines_are_found_as_by_casefolding_every_line() -> None:
    import random

    from defense_ties.lexicons import load_lexicon
    from defense_ties.normalize import _chrome_edits

    lex = load_lexicon("chrome")
    pieces = [*lex["lines"], *lex["cut_markers"], "x", "Seoul", "", " ", "\r", "ß", "İ", "Back to top button!"]
    rng = random.Random(3)
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(1, 8)):
            p = rng.choice(pieces)
            p = p.upper() if rng.random() < 0.3 else p
            parts.append(rng.choice(["", " ", "\t"]) + p + rng.choice(["", " ", "\r", " \r"]))
        text = rng.choice(["\n", "\r\n", "\n\n"]).join(parts) + rng.choice(["", "\n"])
        assert _chrome_edits(text) == _chrome_edits_by_regex(text), repr(text)
