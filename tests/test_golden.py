"""Golden tests: each seed's extraction must equal its hand-verified golden, ``rule`` fields aside.

For every ``seeds/<id>.txt`` with a ``tests/golden/<id>.json``, the seed is extracted with its
``.meta.json`` sidecar (as ``python -m defense_ties extract`` does) and compared with the golden. A
difference fails with a readable diff by record and field (``meetings[M2].date.value: expected
'2023-02-13', got '2023-02-14'``), never a JSON dump.

- ``pytest --update-goldens`` rewrites the existing goldens from current output, for review with
  ``git diff``; without it nothing is ever written.
- ``tests/golden/pending.json`` maps seed id → reason for goldens that cannot pass yet; their tests
  are ``xfail(strict=True)``, so a pending seed that starts passing FAILS until it is removed from
  the list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from defense_ties.evaluation.diff import diff_data, diff_extractions, format_diff
from defense_ties.export import dump_json
from defense_ties.inputs import InputError, iter_inputs
from defense_ties.models import Extraction
from defense_ties.pipeline import run

from .conftest import ROOT, seed_paths

GOLDEN = ROOT / "tests" / "golden"
PENDING = GOLDEN / "pending.json"


def _pending() -> dict[str, str]:
    if not PENDING.is_file():
        return {}
    data = json.loads(PENDING.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "tests/golden/pending.json must map seed id -> reason"
    return data


def _params() -> list[Any]:
    pending = _pending()
    out = []
    for path in seed_paths():
        marks = [pytest.mark.xfail(strict=True, reason=f"pending: {pending[path.stem]}")] if path.stem in pending else []
        out.append(pytest.param(path, id=path.stem, marks=marks))
    return out


def _extract(path: Path) -> Extraction:
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1 and not isinstance(items[0], InputError), items
    return run(items[0].article)


@pytest.mark.parametrize("seed", _params())
def test_seed_matches_golden(seed: Path, request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / f"{seed.stem}.json"
    if not golden.is_file():
        pytest.skip(f"no golden {golden.relative_to(ROOT)} yet")
    got = _extract(seed)
    if request.config.getoption("--update-goldens"):
        golden.write_bytes(dump_json(got))
        pytest.skip(f"rewrote {golden.relative_to(ROOT)} from current output: review it with git diff")
    expected = Extraction.model_validate_json(golden.read_bytes())
    lines = diff_extractions(expected, got)
    assert not lines, f"{seed.stem}: {len(lines)} difference(s) from the golden\n" + format_diff(lines)


def test_pending_lists_only_real_seeds_with_reasons() -> None:
    stems = {p.stem for p in seed_paths()}
    for seed, reason in _pending().items():
        assert seed in stems, f"pending.json names {seed!r}, which is not a seed"
        assert isinstance(reason, str) and reason.strip(), f"pending.json: {seed!r} needs a reason"


def test_goldens_are_valid_extractions_with_exact_offsets() -> None:
    for path in seed_paths():
        golden = GOLDEN / f"{path.stem}.json"
        if not golden.is_file():
            continue
        ex = Extraction.model_validate_json(golden.read_bytes())
        text = path.read_text(encoding="utf-8")
        bad = [s for s in ex.spans() if text[s.start : s.end] != s.text]
        assert not bad, f"{golden.name}: spans whose text is not original[start:end]: {bad[:3]}"


# --- the diff itself, on small hand-made extractions -------------------------------------------


def _ex(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema_version": "1",
        "article": {"id": "t", "text_sha256": "0" * 64},
        "participants": [],
        "meetings": [],
        "agreements": [],
        "statements": [],
        "dates": [],
        "extras": {},
        "diagnostics": [],
    }
    base.update(fields)
    return base


def _date(text: str, start: int, value: str, rule: str = "r") -> dict[str, Any]:
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "value": value,
        "granularity": "day",
        "status": "resolved",
        "rule": rule,
    }


def _meeting(mid: str, date: dict[str, Any] | None, rule: str = "m") -> dict[str, Any]:
    return {"id": mid, "kind": "talks", "status": "held", "participants": ["P1"], "date": date, "cameo": "040", "rule": rule}


def _person(pid: str, name: str, mentions: list[tuple[int, str]], title: str | None = None) -> dict[str, Any]:
    spans = [{"start": s, "end": s + len(t), "text": t} for s, t in mentions]
    return {"id": pid, "kind": "person", "name": name, "title": title, "mentions": spans, "rule": "p"}


def test_diff_is_empty_when_only_rules_differ() -> None:
    a = _ex(meetings=[_meeting("M1", _date("Monday", 5, "2023-02-13", rule="x"), rule="a")])
    b = _ex(meetings=[_meeting("M1", _date("Monday", 5, "2023-02-13", rule="y"), rule="b")])
    assert diff_data(a, b) == []
    assert diff_extractions(Extraction.model_validate(a), Extraction.model_validate(b)) == []


def test_diff_names_record_and_field() -> None:
    a = _ex(meetings=[_meeting("M1", None), _meeting("M2", _date("Monday", 5, "2023-02-13"))])
    b = _ex(meetings=[_meeting("M1", None), _meeting("M2", _date("Monday", 5, "2023-02-14"))])
    assert diff_data(a, b) == ["meetings[M2].date.value: expected '2023-02-13', got '2023-02-14'"]


def test_diff_missing_and_unexpected_records() -> None:
    a = _ex(participants=[_person("P1", "Rob Bauer", [(0, "Rob Bauer")]), _person("P2", "Petr Pavel", [(20, "Petr Pavel")])])
    b = _ex(
        participants=[_person("P1", "Rob Bauer", [(0, "Rob Bauer")])],
        statements=[
            {
                "id": "S7",
                "kind": "direct",
                "text": "We stand together",
                "evidence": {"start": 0, "end": 3, "text": "abc"},
                "rule": "s",
            }
        ],
    )
    lines = diff_data(a, b)
    assert "participants: missing 'Petr Pavel'" in lines
    assert any(line.startswith("statements: unexpected S7 ('We stand together')") for line in lines)


def test_diff_mentions_by_span_and_fields_by_name() -> None:
    a = _ex(participants=[_person("P1", "Rob Bauer", [(0, "Rob Bauer"), (40, "Bauer")], title="Chair")])
    b = _ex(participants=[_person("P1", "Rob Bauer", [(0, "Rob Bauer")], title="Admiral")])
    lines = diff_data(a, b)
    assert "participants[Rob Bauer].mentions: missing 'Bauer'@40" in lines
    assert "participants[Rob Bauer].title: expected 'Chair', got 'Admiral'" in lines


def test_diff_pairs_renumbered_records_by_content() -> None:
    m_date = _date("Friday", 9, "2023-02-17")
    a = _ex(meetings=[_meeting("M1", None), _meeting("M2", m_date)])
    b = _ex(meetings=[_meeting("M1", m_date)])  # M1 was lost; old M2 became M1
    lines = diff_data(a, b)
    assert "meetings[M2].id: expected 'M2', got 'M1'" in lines
    assert "meetings: missing 'M1' ('talks')" in lines
    assert len(lines) == 2


def test_diff_dates_by_offsets() -> None:
    a = _ex(dates=[_date("Monday", 5, "2023-02-13"), _date("Tuesday", 30, "2023-02-14")])
    b = _ex(dates=[_date("Monday", 5, "2023-02-13"), _date("Tuesday", 31, "2023-02-14")])
    assert diff_data(a, b) == [
        "dates: missing 'Tuesday'@30 (value '2023-02-14')",
        "dates: unexpected 'Tuesday'@31 (value '2023-02-14')",
    ]


def test_format_diff_is_cut() -> None:
    msg = format_diff([f"line {i}" for i in range(300)], limit=10)
    assert msg.count("\n") == 10 and msg.endswith("... and 290 more difference(s)")


def test_diff_shows_participant_references_as_names_and_renumbering_once() -> None:
    bauer, pavel = _person("P1", "Rob Bauer", [(0, "Rob Bauer")]), _person("P2", "Petr Pavel", [(20, "Petr Pavel")])
    a = _ex(participants=[bauer, pavel], meetings=[{**_meeting("M1", None), "participants": ["P1", "P2"]}])
    swapped = [{**pavel, "id": "P1"}, {**bauer, "id": "P2"}]
    b = _ex(participants=swapped, meetings=[{**_meeting("M1", None), "participants": ["P2", "P1"]}])
    lines = diff_data(a, b)  # the meeting still names Bauer and Pavel, in that order: only the ids differ
    assert lines == [
        "participants[Rob Bauer].id: expected 'P1', got 'P2'",
        "participants[Petr Pavel].id: expected 'P2', got 'P1'",
    ]
    b["meetings"][0]["participants"] = ["P1", "P2"]
    assert "meetings[M1].participants: expected ['Rob Bauer', 'Petr Pavel'], got ['Petr Pavel', 'Rob Bauer']" in diff_data(a, b)
    c = _ex(participants=[bauer], meetings=[{**_meeting("M1", None), "participants": ["P1"]}])
    d = _ex(participants=[bauer], meetings=[{**_meeting("M1", None), "participants": []}])
    assert diff_data(c, d) == ["meetings[M1].participants: expected ['Rob Bauer'], got []"]


def test_diff_pairs_a_participant_spelled_differently() -> None:
    a = _ex(participants=[{**_person("P1", "Joint Chiefs of Staff", []), "kind": "organization"}])
    b = _ex(participants=[{**_person("P1", "JCS", []), "kind": "organization"}])
    assert diff_data(a, b) == ["participants[Joint Chiefs of Staff].name: expected 'Joint Chiefs of Staff', got 'JCS'"]


def test_diff_never_empty_when_extractions_differ() -> None:
    twins = [_person("P1", "Kim", [(0, "Kim")]), _person("P2", "Kim", [(9, "Kim")])]
    a = _ex(participants=twins, meetings=[{**_meeting("M1", None), "participants": ["P1"]}])
    b = _ex(participants=twins, meetings=[{**_meeting("M1", None), "participants": ["P2"]}])
    assert diff_data(a, b)


def test_diff_span_on_one_line_and_long_text_around_the_difference() -> None:
    sentence = "Both sides agreed to deepen cooperation in cyber defense and information sharing."
    ev = {"start": 10, "end": 10 + len(sentence), "text": sentence}
    a = _ex(statements=[{"id": "S1", "kind": "reported", "text": "deepen cooperation", "evidence": ev, "rule": "s"}])
    ev2 = {"start": 10, "end": 10 + len(sentence) + 1, "text": sentence + "\n"}
    b = _ex(statements=[{"id": "S1", "kind": "reported", "text": "deepen cooperation", "evidence": ev2, "rule": "s"}])
    [line] = diff_data(a, b)
    assert line.startswith(f"statements[S1].evidence: expected 10-{10 + len(sentence)} …")
    assert "information sharing.\\n'" in line and len(line) < 200


def test_diff_pairs_a_renumbered_meeting_by_content() -> None:
    ev = [{"start": 0, "end": 5, "text": "Talks"}, {"start": 9, "end": 14, "text": "Calls"}]
    call = {**_meeting("M1", None), "kind": "phone_call", "evidence": ev}
    talks = {**_meeting("M2", None), "participants": [], "evidence": [ev[1]]}
    a = _ex(meetings=[call, talks])
    b = _ex(meetings=[{**talks, "id": "M1"}, {**call, "id": "M2", "evidence": ev[1:]}])
    assert diff_data(a, b) == [
        "meetings[M1].id: expected 'M1', got 'M2'",
        "meetings[M1].evidence: missing 'Talks'@0",
        "meetings[M2].id: expected 'M2', got 'M1'",
    ]
