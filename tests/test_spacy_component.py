"""The ``defense_ties`` spaCy component: found by entry point, result on ``doc._.defense_ties``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from defense_ties import Extraction, LexiconError, extract
from defense_ties.export import dump_json

TEXT = "Defense Minister Shin Won-sik held talks with Gen. Christopher Cavoli in Seoul on Thursday.\nHe left on Friday."


def test_factory_found_without_importing_defense_ties() -> None:
    code = (
        "import sys, spacy\n"
        "assert 'defense_ties' not in sys.modules  # the user's code never imports it\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('defense_ties', config={'published': '2024-02-29'})\n"
        f"doc = nlp({TEXT!r})\n"
        "ex = doc._.defense_ties\n"
        "print(type(ex).__name__, ex.article.published, ex.article.published_from)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["Extraction", "2024-02-29", "given"]


def test_entry_point_is_declared() -> None:
    from importlib.metadata import entry_points

    eps = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert eps.get("defense_ties") == "defense_ties.spacy_component:make_defense_ties"


def test_result_equals_extract_and_offsets_index_doc_text() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("defense_ties", config={"published": "2024-02-29"})
    doc = nlp(TEXT)
    ex = doc._.defense_ties
    assert isinstance(ex, Extraction)
    assert dump_json(ex) == dump_json(extract(TEXT, published="2024-02-29"))
    for span in ex.spans():
        assert doc.text[span.start : span.end] == span.text
    assert len(doc) > 5  # the host pipeline's own tokens are untouched


def test_doc_published_wins_over_config() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("defense_ties", config={"published": "2024-02-29"})
    doc = nlp.make_doc(TEXT)
    doc._.published = dt.date(2023, 5, 1)
    doc = nlp.get_pipe("defense_ties")(doc)
    assert doc._.defense_ties.article.published == "2023-05-01"
    doc2 = nlp.make_doc(TEXT)
    doc2._.published = "2022-05"
    assert nlp.get_pipe("defense_ties")(doc2)._.defense_ties.article.published == "2022-05"


def test_no_published_reads_the_text() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("defense_ties")
    doc = nlp("Title\nPublished : Feb. 14, 2023 - 18:22\nThey met on Monday.")
    assert doc._.defense_ties.article.published_from == "text"


def test_pipe_keeps_order_and_disable_works() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("defense_ties", config={"disable": ["statements"]})
    texts = ["First article.", "Second one here.", "Third."]
    docs = list(nlp.pipe(texts))
    assert [d._.defense_ties.article.text_sha256 for d in docs] == [extract(t).article.text_sha256 for t in texts]


def test_bad_config_fails_when_the_pipe_is_added(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="'nope'"):
        nlp.add_pipe("defense_ties", config={"disable": ["nope"]})
    bad = tmp_path / "bad.json"
    bad.write_text('{"chrome": {"lines": [1]}}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.json: chrome\.lines\[0\]"):
        nlp.add_pipe("defense_ties", name="dt2", config={"lexicons": [str(bad)]})
