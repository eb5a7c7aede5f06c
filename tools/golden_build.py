"""Turn a hand-written golden source (strings + occurrence indices) into a full golden ``Extraction``.

Usage (from the repository root)::

    .venv/bin/python tools/golden_build.py sentences seeds/003_0542b33128e6ff50.txt
    .venv/bin/python tools/golden_build.py find seeds/003_0542b33128e6ff50.txt "Kim"
    .venv/bin/python tools/golden_build.py build tools/golden_src/003_0542b33128e6ff50.json

``sentences`` prints the article's sentence spans (the guide's sentence rule) numbered;
``find`` lists every occurrence of a string with its index and context (to choose ``occ``);
``build`` reads a source file and writes ``tests/golden/<id>.json``.

The source file holds only the annotator's decisions; this script computes offsets, nothing else:

- ``participants``: the participant fields, ``mentions`` as ``"text"`` (first occurrence) or
  ``["text", k]`` (k-th occurrence, 0-based, counting every occurrence of the string);
- ``dates``: each ``{"key", "text", "occ", "value", "granularity", "mod", "range", "anchor",
  "status"}`` (``range`` as ``[first, last]`` ISO dates), in text order;
- ``meetings`` / ``agreements``: the record fields, ``date`` as a date ``key`` (the same
  ``TimeExpression`` is copied), ``evidence`` as substrings (``"text"`` or ``["text", k]``) each
  naming the sentence that contains it;
- ``statements``: the record fields, ``evidence`` one such substring, ``date`` a key.

Every value is written by hand; the script checks that every span equals the original slice, that
ids follow the guide's order, that mentions do not overlap, and that the result validates as an
``Extraction``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

from defense_ties.models import Extraction

ROOT = Path(__file__).resolve().parent.parent

#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "Adm", "Gen", "Maj", "Lt", "Col", "Capt", "Cmdr", "Brig", "Sgt", "Mr", "Mrs", "Ms", "Dr",
    "St", "No", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Jr", "Sr",
    "U.S", "U.N", "S", "N", "U.K", "Vice", "Rep", "Sen", "Gov", "Prof", "Co", "Corp", "Inc",
}

_END = re.compile(r"[.?!][”\"’']*(?=\s|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: lines split at final punctuation not after an abbreviation."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        start = 0
        while start < len(line) and line[start].isspace():
            start += 1
        for m in _END.finditer(line):
            if m.end() <= start:
                continue
            word = re.search(r"([\w.]+)$", line[start : m.start()])
            if m.group(0)[0] == "." and word and word.group(1).rstrip(".") in ABBREVIATIONS:
                continue
            out.append((base + start, base + m.end()))
            start = m.end()
            while start < len(line) and line[start].isspace():
                start += 1
        rest = line[start:].rstrip()
        if rest:
            out.append((base + start, base + start + len(rest)))
    return _join_broken(text, out)


def _join_broken(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a sentence cut by a line break inside a word (a lowercase line start)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and text[s].islower() and text[out[-1][1]] == "\n" and s == out[-1][1] + 1:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of ``needle`` (overlaps allowed)."""
    found: list[int] = []
    i = text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def locate(text: str, spec: str | list[Any]) -> tuple[int, int]:
    """Offsets of ``"text"`` (must be unique) or ``["text", k]`` (k-th occurrence)."""
    if isinstance(spec, str):
        needle, k, must_be_unique = spec, 0, True
    else:
        needle, k, must_be_unique = str(spec[0]), int(spec[1]), False
    found = occurrences(text, needle)
    if not found:
        raise SystemExit(f"not found: {needle!r}")
    if must_be_unique and len(found) > 1:
        raise SystemExit(f"not unique ({len(found)}x), give an occurrence: {needle!r}")
    if k >= len(found):
        raise SystemExit(f"occurrence {k} of {needle!r} does not exist ({len(found)}x)")
    return found[k], found[k] + len(needle)


def span(text: str, start: int, end: int) -> dict[str, Any]:
    """A ``Span`` dict for the original slice."""
    return {"start": start, "end": end, "text": text[start:end]}


def sentence_of(text: str, sents: list[tuple[int, int]], spec: str | list[Any]) -> dict[str, Any]:
    """The sentence span containing the substring ``spec``."""
    s, e = locate(text, spec)
    for a, b in sents:
        if a <= s and e <= b:
            return span(text, a, b)
    raise SystemExit(f"no single sentence contains {spec!r}")


def build(src_path: Path) -> Path:
    """Build ``tests/golden/<id>.json`` from a source file; return its path."""
    src = json.loads(src_path.read_text(encoding="utf-8"))
    aid = src["article_id"]
    txt_path = ROOT / src.get("text_path", f"seeds/{aid}.txt")
    text = txt_path.read_text(encoding="utf-8")
    meta = json.loads(txt_path.with_name(aid + ".meta.json").read_text(encoding="utf-8"))
    sents = sentences(text)
    known = {"published", "source", "headline", "url", "byline", "outlet"}
    article = {
        "id": aid,
        "source": meta.get("source", meta.get("outlet")),
        "headline": meta.get("headline"),
        "byline": meta.get("byline"),
        "url": meta.get("url"),
        "published": meta.get("published"),
        "published_from": "sidecar" if meta.get("published") else None,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    diagnostics = [
        {"extractor": "sidecar", "level": "info", "message": f"sidecar field {k!r} ignored"}
        for k in meta
        if k not in known
    ]
    dates: dict[str, dict[str, Any]] = {}
    date_list: list[dict[str, Any]] = []
    for d in src["dates"]:
        s, e = locate(text, [d["text"], d.get("occ", 0)]) if "occ" in d else locate(text, d["text"])
        rng = d.get("range")
        tex = {
            "text": text[s:e], "start": s, "end": e, "value": d["value"],
            "granularity": d["granularity"], "mod": d.get("mod"),
            "range": {"start": rng[0], "end": rng[1]} if rng else None,
            "anchor": d.get("anchor"), "status": d["status"], "rule": "gold",
        }
        dates[d["key"]] = tex
        date_list.append(tex)
    starts = [t["start"] for t in date_list]
    assert starts == sorted(starts), "dates not in text order"

    participants = []
    for p in src["participants"]:
        ments = sorted(locate(text, m) for m in p["mentions"])
        for (_a1, b1), (a2, _b2) in itertools.pairwise(ments):
            assert b1 <= a2, f"overlapping mentions in {p['id']}"
        rec = {k: v for k, v in p.items() if k != "mentions"}
        rec["mentions"] = [span(text, a, b) for a, b in ments]
        rec["rule"] = "gold"
        participants.append(rec)
    firsts = [p["mentions"][0]["start"] for p in participants]
    assert firsts == sorted(firsts), f"participant ids not in first-mention order: {firsts}"

    def records(key: str) -> list[dict[str, Any]]:
        out = []
        for r in src.get(key, []):
            rec = dict(r)
            rec["evidence"] = sorted(
                (sentence_of(text, sents, ev) for ev in r["evidence"]), key=lambda x: x["start"]
            )
            rec["date"] = dates[r["date"]] if r.get("date") else None
            rec["rule"] = "gold"
            out.append(rec)
        return out

    meetings = records("meetings")
    agreements = records("agreements")
    statements = []
    for r in src.get("statements", []):
        rec = dict(r)
        rec["evidence"] = sentence_of(text, sents, r["evidence"])
        rec["date"] = dates[r["date"]] if r.get("date") else None
        rec["rule"] = "gold"
        if rec["kind"] != "reported":
            assert rec["text"] in text, f"quote not in text: {rec['text']!r}"
        statements.append(rec)
    ex = {
        "schema_version": "1", "article": article, "participants": participants,
        "meetings": meetings, "agreements": agreements, "statements": statements,
        "dates": date_list, "extras": {}, "diagnostics": diagnostics,
    }
    model = Extraction.model_validate(ex)
    for sp in model.spans():
        assert text[sp.start : sp.end] == sp.text, sp
    out = ROOT / "tests" / "golden" / f"{aid}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.model_dump_json(indent=2) + "\n", encoding="utf-8")
    Extraction.model_validate_json(out.read_text(encoding="utf-8"))
    return out


def main(argv: list[str]) -> int:
    """Command-line entry: ``sentences FILE``, ``find FILE STRING`` or ``build SOURCE``."""
    if len(argv) >= 2 and argv[0] == "sentences":
        text = Path(argv[1]).read_text(encoding="utf-8")
        for i, (s, e) in enumerate(sentences(text)):
            print(f"[{i}] {s}-{e}: {text[s:e]!r}")
        return 0
    if len(argv) >= 3 and argv[0] == "find":
        text = Path(argv[1]).read_text(encoding="utf-8")
        for k, i in enumerate(occurrences(text, argv[2])):
            ctx = text[max(0, i - 40) : i + len(argv[2]) + 40].replace("\n", "⏎")
            print(f"{k}: {i} …{ctx}…")
        return 0
    if len(argv) >= 2 and argv[0] == "build":
        for src in argv[1:]:
            print(build(Path(src)))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
