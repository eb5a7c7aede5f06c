"""The provenance and timeline pages in a real headless browser (Debian's chromium + chromedriver).

Checks: the page loads without console errors; every highlight sits where its offsets say (the
text of the highlighted elements equals the record's span text, and the text before it is as long
as the span's start); injected markup in the article and in record values runs nothing; clicking
a highlight shows its record. A screenshot is written to a temporary folder — and to
``docs/render-screenshot.png`` when ``DEFENSE_TIES_SCREENSHOT=1`` is set.

Skips with the reason when selenium, chromium or chromedriver is missing (``.ci/run`` installs
chromium with apt-get where it can).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from defense_ties import extract
from defense_ties.export.html import render_article, render_timeline
from defense_ties.models import Extraction
from defense_ties.timeline import build_timeline
from tests.test_render import HOSTILE, hostile_extraction

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SCREENSHOT = ROOT / "docs" / "render-screenshot.png"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless chromium driven by selenium, or a skip naming what is missing."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    binary = next((b for b in map(shutil.which, BROWSERS) if b), None)
    driver_path = shutil.which("chromedriver")
    if binary is None or driver_path is None:
        pytest.skip(
            f"no headless browser: chromium {'found' if binary else 'not found'}, chromedriver "
            f"{'found' if driver_path else 'not found'} (apt-get install chromium chromium-driver)"
        )
    profile = tempfile.mkdtemp(prefix="dt-chromium-")
    opts = webdriver.ChromeOptions()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    opts.binary_location = binary
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    except Exception as e:  # a browser that cannot start here is an environment problem, said so
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"chromium could not start: {type(e).__name__}: {str(e).splitlines()[0]}")
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def load(drv: Any, tmp: Path, name: str, page: str) -> list[dict[str, Any]]:
    """Open ``page`` from a file; return the console messages it produced."""
    path = tmp / name
    path.write_text(page, encoding="utf-8")
    drv.get_log("browser")  # drop messages of earlier pages
    drv.get(path.as_uri())
    assert drv.execute_script("return document.readyState") == "complete"
    logs: list[dict[str, Any]] = drv.get_log("browser")
    return logs


def errors(logs: list[dict[str, Any]]) -> list[str]:
    return [str(m.get("message")) for m in logs if m.get("level") == "SEVERE"]


#: For each ``data-hl`` id: the UTF-16 offset of its first piece in the article, and its full text.
_HIGHLIGHTS_JS = """
const art = document.getElementById("dt-article");
const out = {};
for (const el of art.querySelectorAll("mark[data-hl]")) {
  const id = el.getAttribute("data-hl");
  if (!(id in out)) {
    const r = document.createRange();
    r.setStart(art, 0);
    r.setEndBefore(el);
    out[id] = {offset: r.toString().length, text: "", rec: el.getAttribute("data-rec")};
  }
  let own = "";
  for (const n of el.childNodes) { if (n.nodeType === Node.TEXT_NODE) own += n.data; else own += n.textContent; }
  out[id].text += own;
}
return out;
"""


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def expected_highlights(text: str, ex: Extraction) -> dict[str, tuple[int, str]]:
    """data-hl id → (UTF-16 start offset, span text), as the page must show them."""
    from defense_ties.export.html import collect

    hls, _ = collect(ex)
    return {h.hid: (utf16(text[: h.start]), text[h.start : h.end]) for h in hls if 0 <= h.start < h.end <= len(text)}


def check_highlights(drv: Any, text: str, ex: Extraction) -> int:
    """Assert every highlight in the DOM sits at its offsets with its span's text; return how many."""
    got = drv.execute_script(_HIGHLIGHTS_JS)
    want = expected_highlights(text, ex)
    assert set(got) == set(want)
    # nested marks repeat the inner text in the outer element: compare each id's own pieces
    for hid, (offset, span_text) in want.items():
        assert got[hid]["offset"] == offset, hid
        assert got[hid]["text"] == span_text, hid
    assert drv.execute_script("return document.getElementById('dt-article').textContent") == text
    return len(want)


def test_hostile_article_renders_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    ex = hostile_extraction()
    assert isinstance(ex, Extraction)
    logs = load(browser, tmp_path, "hostile.html", render_article(HOSTILE, ex))
    assert errors(logs) == []
    assert browser.execute_script("return typeof window.__dt_pwned") == "undefined"
    assert browser.execute_script("return document.documentElement.getAttribute('data-ready')") == "1"  # our script ran
    assert browser.execute_script("return document.querySelectorAll('img, b, iframe, object, embed').length") == 0
    assert browser.execute_script("return document.scripts.length") == 2
    assert browser.title.startswith("defense_ties · <script>")  # the headline is shown as text
    assert check_highlights(browser, HOSTILE, ex) >= 6
    # hovering or clicking shows the record, as text: the injected value appears literally
    titles = browser.execute_script("return [...document.querySelectorAll('mark[data-rec=\"P1\"]')].map(e => e.title)")
    assert titles and all('"><script>window.__dt_pwned = 4</script>' in t for t in titles)
    browser.execute_script("document.querySelector('mark[data-rec=\"M1\"]').click()")  # the sentence, not an inner mark
    detail = browser.find_element("id", "dt-detail").text
    assert "M1" in detail and "<img src=x onerror=window.__dt_pwned=6>" in detail and '"cameo": "040"' in detail
    assert browser.execute_script("return typeof window.__dt_pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('mark.sel').length") >= 1
    browser.find_element("css selector", 'li[data-rec="A1"]').click()  # a real click on the record list
    detail = browser.find_element("id", "dt-detail").text
    assert detail.startswith("A1 · agreement · <script>window.__dt_pwned=7</script> Pact")
    assert browser.execute_script("return typeof window.__dt_pwned") == "undefined"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_page_loads_clean_and_highlights_match_offsets(browser: Any, tmp_path: Path, seed: str) -> None:
    import orjson

    path = SEEDS / seed
    text = path.read_text(encoding="utf-8")
    meta = orjson.loads(path.with_name(path.stem + ".meta.json").read_bytes())
    ex = extract(
        text, published=meta["published"], article_id=path.stem, headline=meta.get("headline"), source=meta.get("source")
    )
    logs = load(browser, tmp_path, "seed.html", render_article(text, ex))
    assert errors(logs) == []
    n = check_highlights(browser, text, ex)
    assert n == len(expected_highlights(text, ex))
    shot = tmp_path / "shot.png"
    assert browser.save_screenshot(str(shot)) and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("DEFENSE_TIES_SCREENSHOT") == "1" and seed.startswith("004"):
        browser.execute_script("const m = document.querySelector('mark[data-rec^=\"M\"]'); if (m) m.click();")
        browser.save_screenshot(str(SCREENSHOT))


def test_timeline_page_loads_clean_and_links_sources(browser: Any, tmp_path: Path) -> None:
    import orjson

    exs = []
    for path in sorted(SEEDS.glob("*.txt")):
        meta = orjson.loads(path.with_name(path.stem + ".meta.json").read_bytes())
        exs.append(extract(path.read_text(encoding="utf-8"), published=meta["published"], article_id=path.stem))
    hostile = hostile_extraction()
    assert isinstance(hostile, Extraction)
    tl = build_timeline([*exs, hostile])
    exs_by_id = {ex.article.id: ex for ex in exs}
    pages = {ex.article.id: f"{ex.article.id}.html" for ex in exs}
    logs = load(browser, tmp_path, "timeline.html", render_timeline(tl, pages))
    assert errors(logs) == []
    assert browser.execute_script("return typeof window.__dt_pwned") == "undefined"
    # a source link opens the article's provenance page with that record shown
    e = next(e for e in tl.entries if e.sources[0].article in pages)
    src = e.sources[0]
    page_path = tmp_path / pages[src.article]
    page_path.write_text(
        render_article((SEEDS / f"{src.article}.txt").read_text(encoding="utf-8"), exs_by_id[src.article]), "utf-8"
    )
    browser.get(page_path.as_uri() + f"#rec-{src.record}")
    assert browser.find_element("id", "dt-detail").text.startswith(f"{src.record} · ")
    assert errors(browser.get_log("browser")) == []
    load(browser, tmp_path, "timeline.html", render_timeline(tl, pages))
    rows = browser.execute_script('return document.querySelectorAll(\'tbody tr[id^="E"], tbody tr[id^="A"]\').length')
    assert rows == len(tl.entries)
    links = browser.execute_script("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    for e in tl.entries:
        for s in e.sources:
            if s.article in pages:
                assert f"{pages[s.article]}#rec-{s.record}" in links
