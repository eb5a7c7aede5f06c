"""The provenance page and the timeline page as HTML strings: nesting, escaping, links, CLI.

What the browser makes of them is tested in ``test_render_browser.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from defense_ties.cli import main
from defense_ties.export.html import Highlight, highlight_text, json_for_script, render_article, render_timeline, safe_url
from defense_ties.models import Span, Statement
from defense_ties.timeline import build_timeline
from tests.test_timeline import agreement, article, meeting, person, span, when

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

HOSTILE = (
    "Gen. Evil Name met Adm. Safe Person in Seoul on Monday.\r\n"
    '<script>window.__dt_pwned = 1</script> and "><img src=x onerror="window.__dt_pwned = 2"> '
    '</mark></article><b onmouseover="window.__dt_pwned = 3">bold</b> & &amp; done 🚀.'
)


def hostile_extraction() -> object:
    """An extraction of ``HOSTILE`` whose record values also carry markup."""
    t = HOSTILE
    evil = person(t, "P1", "Evil Name", title='"><script>window.__dt_pwned = 4</script>', aff="KOR")
    safe = person(t, "P2", "Safe Person", title="Chair</title><script>window.__dt_pwned=5</script>", aff="NATO")
    m = meeting(
        t,
        "M1",
        "talks",
        ["P1", "P2"],
        date=when(t, "Monday", "2024-01-08", status="resolved"),
        place="<img src=x onerror=window.__dt_pwned=6>",
        evidence="Gen. Evil Name met Adm. Safe Person in Seoul on Monday.",
    )
    ag = agreement(t, "A1", name="<script>window.__dt_pwned=7</script> Pact", parties=["KOR"])
    ag.evidence = [span(t, '<script>window.__dt_pwned = 1</script> and "><img src=x onerror="window.__dt_pwned = 2">')]
    st = Statement(
        id="S1",
        speaker="P1",
        speaker_text="Evil Name",
        kind="reported",
        text="bold",
        verb="say",
        evidence=span(t, '</mark></article><b onmouseover="window.__dt_pwned = 3">bold</b> & &amp; done 🚀.'),
        rule="test.statement",
    )
    ex = article("hostile<script>", "2024-01-09", t, participants=[evil, safe], meetings=[m], agreements=[ag], statements=[st])
    ex.dates = [m.date] if m.date else []
    ex.article.headline = "<script>window.__dt_pwned = 8</script>Headline"
    ex.article.url = "javascript:window.__dt_pwned=9"
    return ex


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def test_hostile_article_yields_no_markup_of_its_own() -> None:
    from defense_ties.models import Extraction

    ex = hostile_extraction()
    assert isinstance(ex, Extraction)
    page = render_article(HOSTILE, ex)
    tags = tags_of(page)
    assert [t for t, _ in tags if t in ("script", "img", "b", "title")] == ["title", "script", "script"]
    scripts = [a for t, a in tags if t == "script"]
    assert scripts[0] == {"type": "application/json", "id": "dt-data"} and scripts[1] == {}
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)
    assert 'href="javascript' not in page
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert re.search(r"https?://", page.split('id="dt-data"')[0].replace("http-equiv", "")) is None  # nothing fetched


def test_nesting_and_crossing_spans() -> None:
    text = "abcdefghij"
    hls = [
        Highlight(0, 10, "statement", "S1", "S1-0", "s"),
        Highlight(2, 6, "participant", "P1", "P1-0", "p"),
        Highlight(4, 8, "date", "D1", "D1-0", "d"),  # crosses P1's end
        Highlight(9, 30, "date", "D2", "D2-0", "out of range"),
    ]
    out = highlight_text(text, hls)
    assert re.sub(r"<[^>]+>", "", out) == text
    assert out.count("<mark") == out.count("</mark>") == 4  # S1, P1, D1 split in two pieces
    pieces = re.findall(r'data-hl="D1-0"[^>]*>([^<]*)', out)
    assert "".join(pieces) == "efgh" and len(pieces) == 2
    # properly nested: replaying the tags never closes a mark that is not the innermost open one
    depth = 0
    for tag in re.findall(r"</?mark", out):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert depth == 0


def test_script_json_and_url_escaping() -> None:
    blob = json_for_script({"x": "</script><script>alert(1)</script>&\u2028"})
    assert "<" not in blob and ">" not in blob and "&" not in blob and "\u2028" not in blob
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x", "", None):
        assert safe_url(bad) is None


def test_timeline_page_escapes_and_links_sources() -> None:
    from defense_ties.models import Extraction

    ex = hostile_extraction()
    assert isinstance(ex, Extraction)
    ex.article.url = "https://news.example/ok?a=1&b=<2>"
    page = render_timeline(build_timeline([ex]), {"hostile<script>": "pages/hostile_script_.html"})
    tags = tags_of(page)
    assert [t for t, _ in tags if t in ("script", "img", "b")] == ["script"]
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert "pages/hostile_script_.html#rec-M1" in hrefs and "https://news.example/ok?a=1&b=<2>" in hrefs


def test_render_command_writes_a_page_for_a_seed(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    out = tmp_path / "page.html"
    assert main(["render", str(seed), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="dt-article"' in page
    text = seed.read_text(encoding="utf-8")
    body = page.split('<article id="dt-article">')[1].split("</article>")[0]
    import html as _html

    assert _html.unescape(re.sub(r"<[^>]+>", "", body)) == text  # the whole text, exactly once


def test_render_command_with_saved_extraction_checks_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    ex_path = tmp_path / "ex.json"
    assert main(["extract", str(seeds[0]), "-o", str(ex_path)]) == 0
    assert main(["render", str(seeds[0]), "--extraction", str(ex_path), "-o", str(tmp_path / "ok.html")]) == 0
    assert main(["render", str(seeds[1]), "--extraction", str(ex_path), "-o", str(tmp_path / "bad.html")]) == 1
    assert "another text" in capsys.readouterr().err
    assert not (tmp_path / "bad.html").exists()


def test_highlighting_keeps_the_text_and_balances_marks_for_any_spans() -> None:
    import html as _html

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(
        st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\u00e9\U0001f680")), max_size=40),
        st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45), st.sampled_from(list(COLOR_TYPES))), max_size=12),
    )
    def check(text: str, raw: list[tuple[int, int, str]]) -> None:
        hls = [Highlight(a, b, t, f"R{n}", f"R{n}-0", "<t>") for n, (a, b, t) in enumerate(raw)]
        out = highlight_text(text, hls)
        assert _html.unescape(re.sub(r"<[^>]+>", "", out)) == text
        depth = 0
        for tag in re.findall(r"</?mark", out):
            depth += 1 if tag == "<mark" else -1
            assert depth >= 0
        assert depth == 0
        covered = covered_text(out)
        for n, (a, b, _) in enumerate(raw):  # each valid highlight's pieces spell its span
            if 0 <= a < b <= len(text):
                assert covered[f"R{n}-0"] == text[a:b]
            else:
                assert f"R{n}-0" not in covered

    check()


COLOR_TYPES = ("participant", "date", "meeting", "agreement", "statement")


class _Covered(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            hid = dict(attrs)["data-hl"] or ""
            self.stack.append(hid)
            self.text.setdefault(hid, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for hid in self.stack:
            self.text[hid] += data


def covered_text(fragment: str) -> dict[str, str]:
    """data-hl id → the text inside all its pieces (as a browser's DOM would hold it)."""
    p = _Covered()
    p.feed(fragment)
    p.close()
    return p.text


def test_plugin_records_and_wrong_spans_are_shown() -> None:
    from defense_ties.models import Extraction

    ex = hostile_extraction()
    assert isinstance(ex, Extraction)
    s = span(HOSTILE, "Seoul")
    ex.extras = {"places<x>": [{"id": "L1", "start": s.start, "end": s.end, "text": "Seoul", "rule": "plugin.city"}]}
    ex.participants[1].mentions.append(Span(start=0, end=4, text="nope"))  # text does not match the article
    ex.participants[1].mentions.append(Span(start=5000, end=5004, text="gone"))  # beyond the text
    page = render_article(HOSTILE, ex)
    assert 'class="hl hl-extra" data-rec="places&lt;x&gt;:L1"' in page and "Other records (plugins)" in page
    assert "P2: span 0-4 does not match the text" in page and "P2: span 5000-5004 is outside the text (not drawn)" in page
