"""A readable difference between two extractions, by record and field (used by the golden tests).

``diff_extractions(expected, got)`` returns lines such as::

    meetings[M2].date.value: expected '2023-02-13', got '2023-02-14'
    participants: missing 'Petr Pavel'
    statements: unexpected S7 ('We will ...')
    participants[Rob Bauer].mentions: missing 'Bauer'@412

``rule`` fields are ignored. Participants are keyed by name, dates by their offsets, other records by
id; a record identical to an expected one except for its id is paired with it first, so one missing
record does not make every later id differ.
"""

from __future__ import annotations

from typing import Any

from ..models import Extraction
from .text import NAME_PARTIAL, content_words, name_score, overlap_coefficient, words

IGNORED = frozenset({"rule"})
_KEYED = {"participants": "name", "meetings": "id", "agreements": "id", "statements": "id"}


def strip_rules(data: Any) -> Any:
    """``data`` with every ``rule`` key removed, recursively."""
    if isinstance(data, dict):
        return {k: strip_rules(v) for k, v in data.items() if k not in IGNORED}
    if isinstance(data, list):
        return [strip_rules(v) for v in data]
    return data


def _short(v: Any, n: int = 70) -> str:
    r = repr(v)
    return r if len(r) <= n else r[: n - 3] + "..."


def _is_span(v: Any) -> bool:
    return isinstance(v, dict) and {"start", "end", "text"} <= set(v) and len(v) == 3


def _span_label(s: dict[str, Any]) -> str:
    return f"{_short(s['text'])}@{s['start']}"


def _texts(exp: str, got: str, n: int = 70) -> tuple[str, str]:
    """Two different strings shown around their first difference when they are long."""
    if len(repr(exp)) <= n and len(repr(got)) <= n:
        return repr(exp), repr(got)
    i = 0
    while i < min(len(exp), len(got)) and exp[i] == got[i]:
        i += 1
    start = max(0, i - 25)
    lead = "…" if start else ""
    return lead + _short(exp[start:], n), lead + _short(got[start:], n)


def _diff_value(path: str, exp: Any, got: Any, out: list[str]) -> None:
    if exp == got:
        return
    if _is_span(exp) and _is_span(got):
        e_text, g_text = _texts(exp["text"], got["text"]) if exp["text"] != got["text"] else ("", "")
        out.append(
            f"{path}: expected {exp['start']}-{exp['end']} {e_text}".rstrip()
            + f", got {got['start']}-{got['end']} {g_text}".rstrip()
        )
        return
    if isinstance(exp, str) and isinstance(got, str):
        e_text, g_text = _texts(exp, got)
        out.append(f"{path}: expected {e_text}, got {g_text}")
        return
    if isinstance(exp, dict) and isinstance(got, dict):
        for k in [*exp, *(k for k in got if k not in exp)]:
            if k not in got:
                out.append(f"{path}.{k}: missing (expected {_short(exp[k])})")
            elif k not in exp:
                out.append(f"{path}.{k}: unexpected field ({_short(got[k])})")
            else:
                _diff_value(f"{path}.{k}", exp[k], got[k], out)
        return
    if isinstance(exp, list) and isinstance(got, list) and all(_is_span(x) for x in [*exp, *got]) and (exp or got):
        ek = {(s["start"], s["end"]): s for s in exp}
        gk = {(s["start"], s["end"]): s for s in got}
        for k in sorted(ek.keys() - gk.keys()):
            out.append(f"{path}: missing {_span_label(ek[k])}")
        for k in sorted(gk.keys() - ek.keys()):
            out.append(f"{path}: unexpected {_span_label(gk[k])}")
        if ek.keys() == gk.keys():
            out.append(f"{path}: same spans in a different order")
        return
    out.append(f"{path}: expected {_short(exp)}, got {_short(got)}")


def _without(rec: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != key}


def _summary(rec: dict[str, Any]) -> str:
    for k in ("name", "text", "description", "kind"):
        if rec.get(k):
            return _short(rec[k], 60)
    return ""


def _statement_text(r: dict[str, Any]) -> list[str]:
    return words(str(r.get("text") or ""))


def _agreement_text(r: dict[str, Any]) -> list[str]:
    return content_words(" ".join(str(r.get(k) or "") for k in ("name", "acronym", "description")))


#: What makes two records the same statement / agreement whatever their ids.
_CONTENT: dict[str, Any] = {
    "statements": lambda r: (r.get("text"), (r.get("evidence") or {}).get("start")),
    "agreements": lambda r: (r.get("name"), r.get("description")),
}


def _evidence_overlaps(e: dict[str, Any], g: dict[str, Any]) -> bool:
    spans_e = [s for s in e.get("evidence") or [] if isinstance(s, dict)]
    spans_g = [s for s in g.get("evidence") or [] if isinstance(s, dict)]
    return any(a["start"] < b["end"] and b["start"] < a["end"] for a in spans_e for b in spans_g)


#: Alike records left over after the id pass are paired (a renumbered meeting). Statements and
#: agreements with the same id are compared field by field only when they are alike; otherwise one
#: is reported missing and the other unexpected (no field-by-field noise between unrelated records).
_ID_GATED = frozenset({"statements", "agreements"})
_SIMILAR: dict[str, Any] = {
    "meetings": lambda e, g: (
        e.get("kind") == g.get("kind") and (e.get("participants") == g.get("participants") or _evidence_overlaps(e, g))
    ),
    "statements": lambda e, g: overlap_coefficient(_statement_text(e), _statement_text(g)) >= 0.5,
    "agreements": lambda e, g: overlap_coefficient(_agreement_text(e), _agreement_text(g)) >= 0.3,
}


def _diff_records(kind: str, exp: list[dict[str, Any]], got: list[dict[str, Any]], out: list[str]) -> None:
    key = _KEYED[kind]
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    exp_left, got_left = list(exp), list(got)
    if key == "id":  # identical but for the id: pair first
        for e in list(exp_left):
            for g in got_left:
                if _without(e, "id") == _without(g, "id"):
                    pairs.append((e, g))
                    exp_left.remove(e)
                    got_left.remove(g)
                    break
    if kind in _CONTENT:  # the same statement / agreement under another id
        content = _CONTENT[kind]
        for e in list(exp_left):
            for g in got_left:
                if content(e) == content(g):
                    pairs.append((e, g))
                    exp_left.remove(e)
                    got_left.remove(g)
                    break
    for e in list(exp_left):
        for g in got_left:
            if e.get(key) == g.get(key) and (kind not in _ID_GATED or _SIMILAR[kind](e, g)):
                pairs.append((e, g))
                exp_left.remove(e)
                got_left.remove(g)
                break
    if kind in _SIMILAR:  # then alike records under other ids (a renumbered meeting)
        for e in list(exp_left):
            for g in got_left:
                if _SIMILAR[kind](e, g):
                    pairs.append((e, g))
                    exp_left.remove(e)
                    got_left.remove(g)
                    break
    if key == "name":  # then the same person under another spelling ("defense ministry", "JCS")
        for e in list(exp_left):
            best = max(got_left, key=lambda g: name_score(str(e.get("name")), str(g.get("name"))), default=None)
            if best is not None and name_score(str(e.get("name")), str(best.get("name"))) >= NAME_PARTIAL:
                pairs.append((e, best))
                exp_left.remove(e)
                got_left.remove(best)
    for e in exp_left:
        out.append(f"{kind}: missing {e.get(key)!r}" + (f" ({_summary(e)})" if key == "id" else ""))
    for g in got_left:
        out.append(f"{kind}: unexpected {g.get(key)}" + (f" ({_summary(g)})" if key == "id" else ""))
    order = {id(e): i for i, e in enumerate(exp)}
    for e, g in sorted(pairs, key=lambda p: order[id(p[0])]):
        _diff_value(f"{kind}[{e.get(key)}]", e, g, out)
    exp_order = [e.get(key) for e in exp]
    got_order = [g.get(key) for g in got]
    if not out and exp_order != got_order:
        out.append(f"{kind}: same records in a different order")


def _diff_dates(exp: list[dict[str, Any]], got: list[dict[str, Any]], out: list[str]) -> None:
    ek = {(d["start"], d["end"]): d for d in exp}
    gk = {(d["start"], d["end"]): d for d in got}
    for k in sorted(ek.keys() - gk.keys()):
        out.append(f"dates: missing {ek[k]['text']!r}@{k[0]} (value {ek[k].get('value')!r})")
    for k in sorted(gk.keys() - ek.keys()):
        out.append(f"dates: unexpected {gk[k]['text']!r}@{k[0]} (value {gk[k].get('value')!r})")
    for k in sorted(ek.keys() & gk.keys()):
        _diff_value(f"dates[{ek[k]['text']!r}@{k[0]}]", ek[k], gk[k], out)


def _by_name(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with participant ids in meetings, agreements and statements replaced by names.

    A renumbered participant then shows once (``participants[X].id``), not in every record that
    refers to it. Ids whose name is not unique are kept as ids.
    """
    parts = data.get("participants")
    if not isinstance(parts, list):
        return data
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for p in parts:
        if isinstance(p, dict) and isinstance(p.get("name"), str):
            seen[p["name"]] = seen.get(p["name"], 0) + 1
    for p in parts:
        if isinstance(p, dict) and isinstance(p.get("id"), str) and seen.get(p.get("name", ""), 0) == 1:
            names[p["id"]] = p["name"]

    def sub(v: Any) -> Any:
        if isinstance(v, str):
            return names.get(v, v)
        if isinstance(v, list):
            return [sub(x) for x in v]
        return v

    out = dict(data)
    for kind, keys in (("meetings", ("participants",)), ("agreements", ("signatories",)), ("statements", ("speaker", "via"))):
        recs = data.get(kind)
        if isinstance(recs, list):
            out[kind] = [{k: (sub(v) if k in keys else v) for k, v in r.items()} if isinstance(r, dict) else r for r in recs]
    return out


def diff_data(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Differences between two extractions given as plain JSON data (``rule`` fields ignored).

    Participant references (meeting participants, signatories, speaker, via) are shown as names.
    """
    raw_exp, raw_got = strip_rules(expected), strip_rules(got)
    out = _diff(_by_name(raw_exp), _by_name(raw_got))
    if not out and raw_exp != raw_got:
        out.append("extractions differ in participant ids referred to by records (duplicate participant names)")
    return out


def _diff(exp: dict[str, Any], gt: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for k in [*exp, *(k for k in gt if k not in exp)]:
        e, g = exp.get(k), gt.get(k)
        if e == g:
            continue
        if k in _KEYED and isinstance(e, list) and isinstance(g, list):
            sub: list[str] = []
            _diff_records(k, e, g, sub)
            out += sub
        elif k == "dates" and isinstance(e, list) and isinstance(g, list):
            _diff_dates(e, g, out)
        elif k not in gt:
            out.append(f"{k}: missing")
        elif k not in exp:
            out.append(f"{k}: unexpected ({_short(g)})")
        else:
            _diff_value(k, e, g, out)
    return out


def diff_extractions(expected: Extraction, got: Extraction) -> list[str]:
    """Differences between two ``Extraction``s, one line per record or field (``rule`` ignored)."""
    return diff_data(expected.model_dump(mode="json"), got.model_dump(mode="json"))


def format_diff(lines: list[str], limit: int = 120) -> str:
    """The diff lines as one message, cut after ``limit`` lines with a count of the rest."""
    shown = lines[:limit]
    more = len(lines) - len(shown)
    return "\n".join(shown + ([f"... and {more} more difference(s)"] if more else []))
