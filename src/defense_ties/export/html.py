"""Self-contained HTML: the provenance page of one article, and the timeline page.

``render_article(text, extraction)`` returns one page showing the article text with every extracted
span highlighted by record type (participant mentions, dates, and the evidence sentences of
meetings, agreements and statements), a hover title and a click panel with the record (resolved
date, participant id, CAMEO code, the rule that fired), and the records listed beside the text.
``render_timeline(timeline)`` returns the consolidated timeline with each entry linked to its
sources (article URL, and the article's provenance page when one was written).

Articles are untrusted input. Every piece of article text and every record value goes through
``html.escape`` (text and attributes); the record data the script reads is JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped; the script only
ever writes with ``textContent``. A Content-Security-Policy allows no network fetch at all and only
the page's own script (by hash), so even a mistake in escaping could not run injected code. Links
are written only for ``http``/``https`` URLs. No external CSS, fonts or scripts: the page works
offline.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from ..models import Extraction, Span, TimeExpression

#: Colours per record type (highlight background / evidence underline).
COLORS = {
    "participant": "#ffe08a",
    "date": "#a8e6cf",
    "meeting": "#3b82f6",
    "agreement": "#d946ef",
    "statement": "#f97316",
}

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:12px 20px;background:#24292f;color:#fff}
header h1{font-size:18px;margin:0 0 4px}
header .meta{font-size:13px;opacity:.85}
header a{color:#9ecbff}
main{display:flex;gap:16px;padding:16px 20px;align-items:flex-start}
#dt-article{flex:3;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:16px 20px;white-space:pre-wrap;
  overflow-wrap:anywhere;line-height:1.9}
aside{flex:2;position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto}
aside section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin-bottom:12px}
aside h2{font-size:14px;margin:4px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:#57606a}
aside ul{list-style:none;margin:0;padding:0}
aside li{padding:4px 6px;border-radius:4px;cursor:pointer;font-size:13px}
aside li:hover,aside li.sel{background:#eef4ff}
aside code{font-size:12px;color:#57606a}
#dt-detail pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;background:#f6f8fa;padding:8px;
  border-radius:4px;margin:0}
#dt-detail h3{font-size:14px;margin:4px 0}
.legend span{display:inline-block;margin-right:10px;font-size:12px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.hl{cursor:pointer;background:none;color:inherit}
.hl-participant{background:#ffe08a;border-radius:2px}
.hl-date{background:#a8e6cf;border-radius:2px}
.hl-meeting{border-bottom:3px solid #3b82f6;padding-bottom:1px}
.hl-agreement{border-bottom:3px solid #d946ef;padding-bottom:4px}
.hl-statement{border-bottom:3px dotted #f97316;padding-bottom:7px}
.hl-extra{outline:1px dashed #57606a;outline-offset:1px}
.hl.sel{outline:2px solid #cf222e;outline-offset:1px}
.warn{color:#9a6700}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d0d7de;padding:6px 8px;vertical-align:top;text-align:left;font-size:14px}
th{background:#f6f8fa}
td.date{white-space:nowrap}
.conflict{color:#cf222e;font-weight:600}
blockquote{margin:4px 0 0 0;padding-left:8px;border-left:3px solid #d0d7de;color:#57606a;font-size:13px}
.wrap{padding:16px 20px}
"""

_JS = """
(function () {
  "use strict";
  var node = document.getElementById("dt-data");
  var data = node ? JSON.parse(node.textContent) : {records: {}};
  var panel = document.getElementById("dt-detail");
  function show(key) {
    var rec = data.records[key];
    if (!rec || !panel) { return; }
    panel.textContent = "";
    var h = document.createElement("h3");
    h.textContent = key + " \\u00b7 " + rec.type + " \\u00b7 " + rec.label;
    panel.appendChild(h);
    var pre = document.createElement("pre");
    pre.textContent = JSON.stringify(rec.record, null, 2);
    panel.appendChild(pre);
    var old = document.querySelectorAll(".sel");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("sel"); }
    var sel = "[data-rec=\\"" + CSS.escape(key) + "\\"]";
    var hits = document.querySelectorAll(sel);
    for (var j = 0; j < hits.length; j++) { hits[j].classList.add("sel"); }
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target instanceof Element ? ev.target.closest("[data-rec]") : null;
    if (t) { show(t.getAttribute("data-rec")); }
  });
  var hash = "";
  try { hash = decodeURIComponent(window.location.hash || ""); } catch (err) { hash = ""; }
  if (hash.indexOf("#rec-") === 0) { show(hash.slice(5)); }
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an ``http``/``https`` URL, else ``None`` (no ``javascript:`` links)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def json_for_script(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped)."""
    raw = orjson.dumps(data).decode("utf-8")
    return (
        raw.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; connect-src 'none'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def _page(title: str, body: str, data: Any | None = None) -> str:
    blob = f'<script type="application/json" id="dt-data">{json_for_script(data)}</script>\n' if data is not None else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(_csp())}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n{blob}"
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------ provenance page


@dataclass(frozen=True)
class Highlight:
    """One highlighted span: where, which record type, which record, and its hover title."""

    start: int
    end: int
    type: str
    rec: str
    hid: str
    title: str
    text: str | None = None
    """The span's own ``text`` (checked against the article); None when not known."""


def _date_title(key: str, t: TimeExpression) -> str:
    bits = [f"{key} date “{t.text}”", f"value {t.value or 'unknown'}"]
    if t.granularity:
        bits.append(t.granularity)
    if t.mod:
        bits.append(f"mod {t.mod}")
    if t.range:
        bits.append(f"{t.range.start}..{t.range.end}")
    bits.append(t.status + (f" against {t.anchor}" if t.anchor else ""))
    bits.append(f"rule {t.rule}")
    return " · ".join(bits)


def _date_value(t: TimeExpression | None) -> str:
    return t.value or "unknown" if t is not None else "undated"


def collect(ex: Extraction) -> tuple[list[Highlight], dict[str, dict[str, Any]]]:
    """Every highlight of an extraction, and the records by key (``P1``, ``M1``, ``D3``, …)."""
    hls: list[Highlight] = []
    recs: dict[str, dict[str, Any]] = {}

    def add(spans: Sequence[Span], typ: str, key: str, title: str) -> None:
        for n, s in enumerate(spans):
            hls.append(Highlight(s.start, s.end, typ, key, f"{key}-{n}", title, s.text))

    names = {p.id: p.name for p in ex.participants}

    def who(ids: Sequence[str]) -> str:
        return ", ".join(f"{i} {names.get(i, '?')}" for i in ids) or "none"

    for p in ex.participants:
        title = " · ".join(
            x for x in (f"{p.id} {p.name}", p.kind, p.rank, p.title, p.organization, p.affiliation, f"rule {p.rule}") if x
        )
        recs[p.id] = {"type": "participant", "label": p.name, "record": p.model_dump(mode="json")}
        add(p.mentions, "participant", p.id, title)
    for n, d in enumerate(ex.dates, 1):
        key = f"D{n}"
        recs[key] = {"type": "date", "label": f"{d.text} → {d.value}", "record": d.model_dump(mode="json")}
        add([Span(start=d.start, end=d.end, text=d.text)], "date", key, _date_title(key, d))
    for m in ex.meetings:
        title = (
            f"{m.id} {m.kind} ({m.status}) · date {_date_value(m.date)} · place {m.location or '?'} · "
            f"participants {who(m.participants)} · CAMEO {m.cameo} · rule {m.rule}"
        )
        recs[m.id] = {"type": "meeting", "label": f"{m.kind}, {_date_value(m.date)}", "record": m.model_dump(mode="json")}
        add(m.evidence, "meeting", m.id, title)
    for a in ex.agreements:
        label = a.name or a.acronym or a.description or "agreement"
        title = (
            f"{a.id} {label} ({a.status}) · date {_date_value(a.date)} · parties {', '.join(a.parties) or '?'} · "
            f"CAMEO {a.cameo} · rule {a.rule}"
        )
        recs[a.id] = {"type": "agreement", "label": label, "record": a.model_dump(mode="json")}
        add(a.evidence, "agreement", a.id, title)
    for s in ex.statements:
        title = (
            f"{s.id} {s.kind} statement · speaker {s.speaker or '?'} ({s.speaker_text or '?'}) · verb {s.verb} · rule {s.rule}"
        )
        recs[s.id] = {
            "type": "statement",
            "label": f"{s.speaker_text or '?'}: {s.text[:60]}",
            "record": s.model_dump(mode="json"),
        }
        add([s.evidence], "statement", s.id, title)
    for name, records in sorted(ex.extras.items()):
        for n, r in enumerate(records, 1):
            key = f"{name}:{r.get('id') or n}"
            spans = _extra_spans(r)
            recs[key] = {"type": "extra", "label": f"{name} {r.get('id') or n}", "record": r}
            add(spans, "extra", key, f"{key} · extractor {name} · rule {r.get('rule', '?')}")
    return hls, recs


def _extra_spans(record: Mapping[str, Any]) -> list[Span]:
    """Spans of a user extractor's record: itself when it has ``start``/``end``/``text``, plus its
    ``evidence``/``mentions`` lists of spans."""
    out: list[Span] = []
    candidates: list[Any] = [record]
    for field_name in ("evidence", "mentions"):
        value = record.get(field_name)
        if isinstance(value, list):
            candidates.extend(value)
        elif isinstance(value, dict):
            candidates.append(value)
    for c in candidates:
        if (
            isinstance(c, Mapping)
            and isinstance(c.get("start"), int)
            and isinstance(c.get("end"), int)
            and isinstance(c.get("text"), str)
        ):
            out.append(Span(start=max(0, c["start"]), end=max(0, c["end"]), text=c["text"]))
    return out


#: Nesting order of highlight types that cover the same characters (outermost first).
_LAYER = {"statement": 0, "agreement": 1, "meeting": 2, "extra": 3, "participant": 4, "date": 5}


def highlight_text(text: str, hls: Sequence[Highlight]) -> str:
    """The escaped text with ``<mark>`` elements, properly nested; a highlight crossing another's
    boundary is split into pieces that share its ``data-hl`` id."""
    valid = sorted(
        (h for h in hls if 0 <= h.start < h.end <= len(text)),
        key=lambda h: (h.start, -h.end, _LAYER.get(h.type, 9), h.hid),
    )
    order = {id(h): n for n, h in enumerate(valid)}
    cuts = sorted({0, len(text)} | {h.start for h in valid} | {h.end for h in valid})
    starts: dict[int, list[Highlight]] = {}
    for h in valid:
        starts.setdefault(h.start, []).append(h)
    out: list[str] = []
    stack: list[Highlight] = []
    active: list[Highlight] = []
    for a, b in itertools.pairwise(cuts):
        active = [h for h in active if h.end > a] + starts.get(a, [])
        want = sorted(active, key=lambda h: order[id(h)])
        k = 0
        while k < len(stack) and k < len(want) and stack[k] is want[k]:
            k += 1
        out.extend("</mark>" for _ in stack[k:])
        for h in want[k:]:
            out.append(
                f'<mark class="hl hl-{esc(h.type)}" data-rec="{esc(h.rec)}" data-hl="{esc(h.hid)}" '
                f'data-start="{h.start}" data-end="{h.end}" title="{esc(h.title)}">'
            )
        stack = want
        out.append(esc(text[a:b]).replace("\r", "&#13;"))  # a raw CR would be dropped by the HTML parser
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def bad_spans(text: str, hls: Sequence[Highlight]) -> list[Highlight]:
    """Highlights whose offsets are outside the text (they are not drawn)."""
    return [h for h in hls if not 0 <= h.start < h.end <= len(text)]


def render_article(text: str, ex: Extraction) -> str:
    """The provenance page of one article (self-contained HTML, see the module docstring)."""
    hls, recs = collect(ex)
    spans_ok = [h for h in hls if 0 <= h.start < h.end <= len(text)]
    art = ex.article
    meta = [f"id {esc(art.id)}"]
    if art.source:
        meta.append(esc(art.source))
    if art.published:
        meta.append(f"published {esc(art.published)}")
    url = safe_url(art.url)
    if url:
        meta.append(f'<a href="{esc(url)}" rel="noopener noreferrer">source page</a>')
    meta.append(f"{len(ex.participants)} participants · {len(ex.meetings)} meetings · {len(ex.agreements)} agreements · ")
    meta[-1] += f"{len(ex.statements)} statements · {len(ex.dates)} dates"
    colors = {**COLORS, "extra": "#57606a"} if ex.extras else COLORS
    legend = "".join(f'<span><i style="background:{c}"></i>{t}</span>' for t, c in colors.items())
    lists = []
    for typ, heading in (
        ("participant", "Participants"),
        ("meeting", "Meetings"),
        ("agreement", "Agreements"),
        ("statement", "Statements"),
        ("date", "Dates"),
        ("extra", "Other records (plugins)"),
    ):
        items = [
            f'<li data-rec="{esc(k)}" id="rec-{esc(k)}"><code>{esc(k)}</code> {esc(r["label"])}</li>'
            for k, r in recs.items()
            if r["type"] == typ
        ]
        if items:
            lists.append(f"<section><h2>{heading}</h2><ul>{''.join(items)}</ul></section>")
    problems = [f"<li>{esc(d.extractor)}: {esc(d.message)}</li>" for d in ex.diagnostics]
    wrong = [h for h in spans_ok if h.text is not None and text[h.start : h.end] != h.text]
    problems += [f"<li>{esc(h.rec)}: span {h.start}-{h.end} does not match the text</li>" for h in wrong]
    problems += [f"<li>{esc(h.rec)}: span {h.start}-{h.end} is outside the text (not drawn)</li>" for h in bad_spans(text, hls)]
    diag = f'<section class="warn"><h2>Diagnostics</h2><ul>{"".join(problems)}</ul></section>' if problems else ""
    body = (
        f'<header><h1>{esc(art.headline or art.id)}</h1><div class="meta">{" · ".join(meta)}</div></header>\n'
        f'<main><article id="dt-article">{highlight_text(text, spans_ok)}</article>\n'
        f'<aside><section class="legend">{legend}</section>'
        f'<section id="dt-detail"><h3>Click a highlight or a record</h3></section>{diag}{"".join(lists)}</aside></main>'
    )
    return _page(f"defense_ties · {art.headline or art.id}", body, {"article": art.id, "records": recs})


# ------------------------------------------------------------------------------- timeline page


def render_timeline(tl: Any, pages: Mapping[str, str] | None = None) -> str:
    """The timeline page: entries in date order with participants, place, kind, conflicts, and each
    source linked to its article (URL, and ``pages[article_id]`` — a provenance page — when given)."""
    from ..timeline.models import MeetingEvent, Timeline

    assert isinstance(tl, Timeline)
    pages = pages or {}
    names = {p.id: p.name for p in tl.people}
    rows = []
    for e in tl.entries:
        if e.date is None:
            date = "undated"
        else:
            mod = f", {esc(e.date.mod)}" if e.date.mod else ""
            date = f"{esc(e.date.value)} <small>({esc(e.date.granularity or 'ref')}{mod})</small>"
        if isinstance(e, MeetingEvent):
            kind = f"{esc(e.kind)} <small>({esc(e.status)}, CAMEO {esc(e.cameo)})</small>"
            who = ", ".join(esc(names.get(i, i)) for i in e.participants)
            place = esc(e.location or "")
        else:
            label = e.name or e.description or "agreement"
            acr = f" ({esc(e.acronym)})" if e.acronym and e.acronym not in label else ""
            kind = f"agreement: {esc(label)}{acr} <small>({esc(e.status)}, CAMEO {esc(e.cameo)})</small>"
            who = esc(", ".join(e.parties + [names.get(i, i) for i in e.signatories]))
            place = ""
        srcs = []
        for s in e.sources:
            links = []
            page = pages.get(s.article)
            target = s.evidence[0] if s.evidence else None
            if page:
                anchor = f"#rec-{s.record}" if target else ""
                links.append(f'<a href="{esc(page + anchor)}">provenance</a>')
            url = safe_url(s.url)
            if url:
                links.append(f'<a href="{esc(url)}" rel="noopener noreferrer">article</a>')
            quote = f"<blockquote>{esc(target.text)}</blockquote>" if target else ""
            srcs.append(
                f"<li><code>{esc(s.article)} {esc(s.record)}</code> {esc(s.published or '')} "
                f"{esc(s.outlet or '')} {' · '.join(links)} <small>(match: {esc(s.match)})</small>{quote}</li>"
            )
        conflicts = "".join(f'<div class="conflict">⚠ {esc(c.message)}</div>' for c in e.conflicts)
        rows.append(
            f'<tr id="{esc(e.id)}"><td>{esc(e.id)}</td><td class="date">{date}</td><td>{kind}{conflicts}</td>'
            f"<td>{who}</td><td>{place}</td><td><ul>{''.join(srcs)}</ul></td></tr>"
        )
    people = []
    for p in tl.people:
        titles = "; ".join(
            f"{esc(' '.join(x for x in (t.rank, t.title) if x))} ({esc(t.as_of or 'undated')}, {esc(t.article)})"
            for t in p.titles
            if t.title or t.rank
        )
        people.append(
            f'<tr id="{esc(p.id)}"><td>{esc(p.id)}</td><td>{esc(p.name)}</td><td>{esc(p.kind)}</td>'
            f"<td>{esc(p.affiliation or '')}</td><td>{titles}</td><td>{esc(', '.join(s.article for s in p.sources))}</td></tr>"
        )
    body = (
        f'<header><h1>Timeline</h1><div class="meta">{len(tl.entries)} entries from {len(tl.articles)} articles</div></header>\n'
        '<div class="wrap"><table><thead><tr><th>#</th><th>Date</th><th>Kind</th><th>Participants</th><th>Place</th>'
        f"<th>Sources</th></tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
        "<h2>People</h2><table><thead><tr><th>#</th><th>Name</th><th>Kind</th><th>Party</th><th>Titles over time</th>"
        f"<th>Articles</th></tr></thead><tbody>{''.join(people)}</tbody></table></div>"
    )
    return _page("defense_ties · timeline", body)
