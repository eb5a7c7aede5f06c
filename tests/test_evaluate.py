"""The ``evaluate`` command and its matching rules, on small hand-made gold/prediction pairs.

The rules under test are those of ``docs/annotation.md`` ("How evaluate matches records").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from defense_ties.cli import main
from defense_ties.evaluation import from_extraction, from_light, match_doc, summarise, to_evaldoc
from defense_ties.evaluation.metrics import ArticleResult
from defense_ties.evaluation.text import name_score
from defense_ties.models import Extraction

from .conftest import SHARED

TEXT = (
    "Defense Minister Kim Kyung-hyup met Gen. Anna Berg in Oslo on Monday. "
    "Kim said the two sides agreed to set up a joint cyber working group. "
    '"We will deepen interoperability," Berg told reporters on Monday.'
)


def at(s: str, occurrence: int = 0) -> dict[str, Any]:
    """A span of ``TEXT``: the ``occurrence``-th ``s``."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = TEXT.index(s, pos + 1)
    return {"start": pos, "end": pos + len(s), "text": s}


def date(s: str, value: str | None, occurrence: int = 0, mod: str | None = None) -> dict[str, Any]:
    sp = at(s, occurrence)
    return {**sp, "value": value, "granularity": "day", "mod": mod, "status": "resolved", "rule": "t"}


def person(pid: str, name: str, **kw: Any) -> dict[str, Any]:
    return {"id": pid, "kind": "person", "name": name, "mentions": [at(name)] if name in TEXT else [], "rule": "t", **kw}


def meeting(mid: str, parts: list[str], d: dict[str, Any] | None, **kw: Any) -> dict[str, Any]:
    base = {"id": mid, "kind": "talks", "status": "held", "participants": parts, "date": d, "location": "Oslo"}
    return {**base, "cameo": "040", "evidence": [at("met Gen. Anna Berg in Oslo")], "rule": "t", **kw}


def statement(sid: str, speaker: str | None, text: str, **kw: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "speaker": speaker,
        "kind": "reported",
        "text": text,
        "verb": "say",
        "evidence": at(text),
        "rule": "t",
        **kw,
    }


def agreement(aid: str, desc: str, **kw: Any) -> dict[str, Any]:
    base = {"id": aid, "description": desc, "status": "agreed", "parties": ["KOR", "NOR"], "cameo": "0312"}
    return {**base, "evidence": [at(desc)], "rule": "t", **kw}


def extraction(**fields: Any) -> Extraction:
    return Extraction.model_validate({"article": {"id": "a", "text_sha256": "0" * 64}, **fields})


def full_gold() -> dict[str, Any]:
    return {
        "participants": [
            person("P1", "Kim Kyung-hyup", title="Defense Minister", affiliation="KOR"),
            person("P2", "Anna Berg", rank="General", affiliation="NOR"),
        ],
        "meetings": [meeting("M1", ["P1", "P2"], date("Monday", "2024-03-04"))],
        "agreements": [agreement("A1", "set up a joint cyber working group")],
        "statements": [
            statement("S1", "P1", "the two sides agreed to set up a joint cyber working group"),
            statement("S2", "P2", "We will deepen interoperability", kind="direct", verb="tell"),
        ],
        "dates": [date("Monday", "2024-03-04"), date("Monday", "2024-03-04", 1)],
    }


def scores(gold: Extraction | dict[str, Any], pred: Extraction, text: str = TEXT) -> dict[str, Any]:
    g = from_extraction(gold) if isinstance(gold, Extraction) else from_light(gold, text, "a")
    summary = summarise([ArticleResult("a", match_doc(g, from_extraction(pred)))])
    totals: dict[str, Any] = summary["totals"]
    return totals


# --- totals -------------------------------------------------------------------------------------


def test_perfect_match_is_one_everywhere() -> None:
    ex = extraction(**full_gold())
    t = scores(ex, ex)
    for rtype, s in t.items():
        assert (s["precision"], s["recall"], s["f1"], s["credit_f1"]) == (1.0, 1.0, 1.0, 1.0), rtype
        assert all(f["accuracy"] in (1.0, None) for f in s["fields"].values()), rtype


def test_missing_record_lowers_recall_only() -> None:
    pred = full_gold()
    pred["statements"] = pred["statements"][:1]
    pred["dates"] = pred["dates"][:1]
    t = scores(extraction(**full_gold()), extraction(**pred))
    assert t["statements"]["precision"] == 1.0 and t["statements"]["recall"] == 0.5
    assert t["dates"]["precision"] == 1.0 and t["dates"]["recall"] == 0.5
    assert t["statements"]["f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_spurious_record_lowers_precision_only() -> None:
    pred = full_gold()
    pred["participants"].append(person("P3", "Oslo"))
    pred["agreements"].append(agreement("A2", "deepen interoperability", status="committed"))
    t = scores(extraction(**full_gold()), extraction(**pred))
    assert t["participants"]["recall"] == 1.0 and t["participants"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert t["agreements"]["recall"] == 1.0 and t["agreements"]["precision"] == 0.5


def test_one_to_one_a_duplicate_prediction_is_spurious() -> None:
    pred = full_gold()
    pred["meetings"].append(meeting("M2", ["P1", "P2"], date("Monday", "2024-03-04")))
    t = scores(extraction(**full_gold()), extraction(**pred))
    assert (t["meetings"]["matched"], t["meetings"]["pred"], t["meetings"]["precision"]) == (1, 2, 0.5)


# --- partial credit -----------------------------------------------------------------------------


def test_meeting_with_right_participants_and_wrong_date_is_matched_with_half_credit() -> None:
    pred = full_gold()
    pred["meetings"] = [meeting("M1", ["P1", "P2"], date("Monday", "2024-03-11"))]
    t = scores(extraction(**full_gold()), extraction(**pred))["meetings"]
    assert t["f1"] == 1.0  # matched
    assert t["credit"] == 0.5  # (participants 1.0 + date 0) / 2
    assert t["fields"]["date"] == {"correct": 0, "n": 1, "accuracy": 0.0}
    assert t["fields"]["participants"]["accuracy"] == 1.0


def test_meeting_with_half_the_participants_gets_partial_credit() -> None:
    pred = full_gold()
    pred["meetings"] = [meeting("M1", ["P1"], date("Monday", "2024-03-04"))]
    t = scores(extraction(**full_gold()), extraction(**pred))["meetings"]
    assert t["matched"] == 1 and t["credit"] == 0.75  # (Jaccard 1/2 + date 1) / 2
    assert t["fields"]["participants"]["accuracy"] == 0.0


def test_meeting_sharing_nothing_is_not_matched() -> None:
    pred = full_gold()
    other = meeting("M1", [], date("Monday", "2024-03-11"), evidence=[at("Berg told reporters")])
    pred["meetings"] = [other]
    t = scores(extraction(**full_gold()), extraction(**pred))["meetings"]
    assert t["matched"] == 0 and t["recall"] == 0.0 and t["precision"] == 0.0


def test_statement_with_overlapping_text_and_right_speaker() -> None:
    pred = full_gold()
    pred["statements"][0] = statement("S1", "P1", "agreed to set up a joint cyber working group")
    t = scores(extraction(**full_gold()), extraction(**pred))["statements"]
    assert t["matched"] == 2 and t["f1"] == 1.0
    assert 1.5 < t["credit"] < 2.0  # S2 exact (1.0) + S1 (Dice < 1 + speaker 1) / 2
    assert t["fields"]["speaker"]["accuracy"] == 1.0


def test_statement_with_right_text_and_wrong_speaker_is_matched_with_speaker_error() -> None:
    pred = full_gold()
    pred["statements"][1]["speaker"] = "P1"
    t = scores(extraction(**full_gold()), extraction(**pred))["statements"]
    assert t["matched"] == 2
    assert t["fields"]["speaker"] == {"correct": 1, "n": 2, "accuracy": 0.5}
    assert t["credit"] == 1.5


def test_statement_with_too_little_overlap_is_not_matched() -> None:
    pred = full_gold()
    pred["statements"] = [statement("S1", "P1", "Kim said")]
    t = scores(extraction(**full_gold()), extraction(**pred))["statements"]
    assert t["matched"] == 0


def test_agreement_matched_by_description_with_wrong_status() -> None:
    pred = full_gold()
    pred["agreements"] = [agreement("A1", "a joint cyber working group", status="proposed")]
    t = scores(extraction(**full_gold()), extraction(**pred))["agreements"]
    assert t["matched"] == 1
    assert t["fields"]["status"]["accuracy"] == 0.0
    assert t["credit"] == pytest.approx((1.0 + 0 + 1.0) / 3, abs=1e-4)


def test_date_span_overlap_is_matched_and_value_judged_separately() -> None:
    pred = full_gold()
    pred["dates"] = [date("on Monday", "2024-03-04"), date("Monday", "2024-03-11", 1)]
    t = scores(extraction(**full_gold()), extraction(**pred))["dates"]
    assert t["f1"] == 1.0
    assert t["fields"]["span"] == {"correct": 1, "n": 2, "accuracy": 0.5}
    assert t["fields"]["value"] == {"correct": 1, "n": 2, "accuracy": 0.5}


# --- light form ---------------------------------------------------------------------------------


LIGHT = {
    "article": "a",
    "published": "2024-03-05",
    "participants": [
        {"name": "Kyung-Hyup Kim", "kind": "person", "rank": None, "title": "Defense Minister", "affiliation": "KOR",
         "evidence": "Defense Minister Kim Kyung-hyup"},
        {"name": "Anna Berg", "kind": "person", "rank": "General", "title": None, "affiliation": "NOR",
         "evidence": "Gen. Anna Berg"},
    ],
    "meetings": [
        {"kind": "talks", "status": "held", "participants": ["Kim", "Anna Berg"], "date": "2024-03-04", "date_text": "Monday",
         "location": "Oslo", "evidence": ["met Gen. Anna Berg in Oslo on Monday"]}
    ],
    "agreements": [],
    "statements": [
        {"speaker": "Anna Berg", "kind": "direct", "verb": "tell", "text": "We will deepen interoperability",
         "evidence": "Berg told reporters"}
    ],
    "dates": [{"text": "Monday", "value": "2024-03-04", "mod": None, "occurrence": 1}],
}  # fmt: skip


def test_light_gold_locates_strings_with_occurrence() -> None:
    g = from_light(LIGHT, TEXT, "a")
    assert g.warnings == []
    second = TEXT.index("Monday", TEXT.index("Monday") + 1)
    assert (g.dates[0].start, g.dates[0].end) == (second, second + 6)
    assert g.meetings[0].participants == ["Kyung-Hyup Kim", "Anna Berg"]  # "Kim" refers to the listed name


def test_light_gold_occurrence_decides_which_span_is_meant() -> None:
    only_first = extraction(dates=[date("Monday", "2024-03-04", 0)])
    assert scores(LIGHT, only_first)["dates"]["matched"] == 0
    only_second = extraction(dates=[date("Monday", "2024-03-04", 1)])
    assert scores(LIGHT, only_second)["dates"]["f1"] == 1.0


def test_light_gold_against_full_prediction_with_reordered_names() -> None:
    t = scores(LIGHT, extraction(**full_gold()))
    assert t["participants"]["matched"] == 2 and t["participants"]["fields"]["title"]["accuracy"] == 1.0
    assert t["meetings"]["credit"] == 1.0  # P1/P2 ids resolved through names
    assert t["statements"]["recall"] == 1.0 and t["statements"]["fields"]["speaker"]["accuracy"] == 1.0
    assert t["dates"]["recall"] == 1.0 and t["dates"]["precision"] == 0.5


def test_light_gold_string_not_in_text_is_a_warning_not_a_crash() -> None:
    bad = {**LIGHT, "dates": [{"text": "Sunday", "value": None, "mod": None}]}
    g = from_light(bad, TEXT, "a")
    assert any("'Sunday'" in w for w in g.warnings)
    assert g.dates[0].start is None


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Kyung-Hyup Kim", "Kim Kyung-hyup", 1.0),
        ("Kim Kyunghyup", "Kim Kyung-hyup", 1.0),
        ("Kyung Hyup Kim", "Kim Kyung-hyup", 1.0),
        ("Charles Q. Brown Jr.", "Charles Brown", 1.0),
        ("Lloyd J. Austin III", "Lloyd Austin", 1.0),
        ("Jérôme Pellistrandi", "Jerome Pellistrandi", 1.0),
        ("Mariusz Błaszczak", "Mariusz Blaszczak", 1.0),
        ("JCS", "Joint Chiefs of Staff", 0.9),
        ("Stoltenberg", "Jens Stoltenberg", 0.8),
        ("Kim Jong Un", "Kim Myung-soo", 0.0),
        ("Lee Jong-sup", "Lee Sang-min", 0.0),
        ("NATO", "Joint Chiefs of Staff", 0.0),
        ("", "Kim", 0.0),
    ],
)
def test_name_score(a: str, b: str, expected: float) -> None:
    assert name_score(a, b) == expected
    assert name_score(b, a) == expected


def test_organization_field_accepts_its_acronym() -> None:
    gold = extraction(participants=[person("P1", "Anna Berg", organization="North Atlantic Treaty Organization")])
    right = extraction(participants=[person("P1", "Anna Berg", organization="NATO")])
    wrong = extraction(participants=[person("P1", "Anna Berg", organization="NATO Military Committee")])
    assert scores(gold, right)["participants"]["fields"]["organization"]["accuracy"] == 1.0
    assert scores(gold, wrong)["participants"]["fields"]["organization"]["accuracy"] == 0.0


def test_full_name_wins_over_surname_when_both_predicted() -> None:
    gold = extraction(participants=[person("P1", "Kim Kyung-hyup")])
    pred = extraction(participants=[person("P1", "Kim"), person("P2", "Kyung-Hyup Kim")])
    t = scores(gold, pred)["participants"]
    assert (t["matched"], t["credit"]) == (1, 1.0)


# --- the command --------------------------------------------------------------------------------


def _write_case(tmp_path: Path, pred: Extraction | None) -> tuple[Path, Path]:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    (gold_dir / "a.gold.json").write_text(json.dumps(LIGHT), encoding="utf-8")
    (gold_dir / "a.txt").write_text(TEXT, encoding="utf-8")
    (gold_dir / "pending.json").write_text('{"x": "not a gold file"}', encoding="utf-8")
    if pred is not None:
        (pred_dir / "a.json").write_text(pred.model_dump_json(), encoding="utf-8")
    return gold_dir, pred_dir


def test_command_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_dir, pred_dir = _write_case(tmp_path, extraction(**full_gold()))
    out = tmp_path / "report.json"
    assert main(["evaluate", str(gold_dir), str(pred_dir), "--format", "json", "--json", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(out.read_text(encoding="utf-8"))
    assert printed["articles"] == 1 and printed["totals"]["participants"]["f1"] == 1.0
    assert printed["per_article"]["a"]["scores"]["dates"]["spurious"]
    assert main(["evaluate", str(gold_dir), str(pred_dir), "--per-article"]) == 0
    table = capsys.readouterr().out
    assert "participants" in table and "meetings.date" in table and "F1 per article" in table


def test_command_errors_lists_missed_spurious_and_wrong_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = full_gold()
    pred["meetings"] = [meeting("M1", ["P1", "P2"], date("Monday", "2024-03-11"))]
    gold_dir, pred_dir = _write_case(tmp_path, extraction(**pred))
    assert main(["evaluate", str(gold_dir), str(pred_dir), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "dates: spurious 'Monday'@" in out
    assert (
        "meetings: meetings[0] (talks held; Kyung-Hyup Kim, Anna Berg; 2024-03-04): date expected '2024-03-04', got '2024-03-11'"
        in out
    )


def test_command_missing_prediction_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_dir, pred_dir = _write_case(tmp_path, None)
    assert main(["evaluate", str(gold_dir), str(pred_dir), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "no prediction" in captured.err
    assert json.loads(captured.out)["totals"]["participants"]["recall"] == 0.0


def test_command_usage_errors(tmp_path: Path) -> None:
    gold_dir, pred_dir = _write_case(tmp_path, None)
    assert main(["evaluate", str(gold_dir)]) == 2
    assert main(["evaluate", str(gold_dir), str(pred_dir), "--run", str(pred_dir)]) == 2
    assert main(["evaluate", str(pred_dir), "--run", str(pred_dir)]) == 2  # no gold files


def test_command_run_extracts_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_dir, _ = _write_case(tmp_path, None)
    (gold_dir / "a.meta.json").write_text('{"published": "2024-03-05"}', encoding="utf-8")
    assert main(["evaluate", str(gold_dir), "--run", str(gold_dir), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["predictions"] == f"--run {gold_dir}" and report["problems"] == []


# --- the shared dev gold (read at run time, never copied) -----------------------------------------

DEV = SHARED / "dev" / "articles"


@pytest.mark.skipif(not DEV.is_dir(), reason="shared dev folder not present")
def test_dev_gold_reads_cleanly_and_matches_itself() -> None:
    from defense_ties.evaluation.gold import gold_files

    files = gold_files(DEV)
    assert files
    results = []
    for name, _path, data in files:
        g = from_light(data, (DEV / f"{name}.txt").read_text(encoding="utf-8"), name)
        assert g.warnings == [], (name, g.warnings[:3])
        results.append(ArticleResult(name, match_doc(g, g)))
    totals = summarise(results)["totals"]
    assert all(s["f1"] == 1.0 and s["credit_f1"] == 1.0 for s in totals.values())


# --- our own goldens ------------------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"


def test_every_golden_matches_itself_perfectly() -> None:
    from defense_ties.evaluation.gold import gold_files

    for folder in (GOLDEN, GOLDEN / "extra"):
        if not folder.is_dir():
            continue
        for name, path, data in gold_files(folder):
            text_path = path.with_name(f"{name}.txt")
            text = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
            g = to_evaldoc(data, name, text)
            if text is not None:
                assert g.warnings == [], (path.name, g.warnings[:3])
            totals = summarise([ArticleResult(name, match_doc(g, g))])["totals"]
            assert all(s["f1"] == 1.0 and s["credit_f1"] == 1.0 for s in totals.values()), path.name
