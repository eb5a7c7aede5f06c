"""Writing a ``Timeline``: JSON, Markdown, PLOVER event-data JSONL (HTML is in ``export.html``).

PLOVER layout, one JSON object a line with exactly the keys ``id, date, actor, recipient, event,
mode, event_loc, event_text, link``:

- meetings reported ``held`` → ``event: CONSULT`` with ``mode`` ``visit`` (visits and in-person
  talks), ``phone`` (phone and video calls) or ``multilateral`` (multilateral meetings, summits);
- agreements ``signed``/``agreed``/``committed`` → ``event: AGREE`` (``mode`` null);
- planned or proposed meetings and proposed or under-discussion agreements are not events yet and
  are not written.

``actor`` is the party (affiliation code, else name) of the first participant, ``recipient`` the
first other party; for agreements the first two parties. ``id`` is ``dt-`` + the entry's stable
key, ``date`` the consolidated TIMEX3 value (``2022-04-11``, or ``2022-04`` when only the month is
known), ``event_text`` the first evidence sentence, ``link`` the first source URL (else
``article:record``).
"""

from __future__ import annotations

from typing import Any

import orjson

from .models import AgreementEvent, MeetingEvent, Timeline

#: PLOVER CONSULT mode of each meeting kind.
PLOVER_MODES = {
    "visit": "visit",
    "talks": "visit",
    "phone_call": "phone",
    "video_call": "phone",
    "multilateral_meeting": "multilateral",
    "summit": "multilateral",
}
PLOVER_KEYS = ("id", "date", "actor", "recipient", "event", "mode", "event_loc", "event_text", "link")


def to_json(tl: Timeline) -> bytes:
    """The timeline as indented JSON (byte-identical for the same input)."""
    return orjson.dumps(tl.model_dump(mode="json"), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _names(tl: Timeline, ids: list[str]) -> list[str]:
    out = []
    for i in ids:
        p = tl.person(i)
        out.append(p.name if p else i)
    return out


def _parties(tl: Timeline, ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        p = tl.person(i)
        if p is None:
            continue
        party = p.affiliation or p.name
        if party not in out:
            out.append(party)
    return out


def _link(entry: MeetingEvent | AgreementEvent) -> str | None:
    for s in entry.sources:
        if s.url:
            return s.url
    return f"{entry.sources[0].article}:{entry.sources[0].record}" if entry.sources else None


def _text(entry: MeetingEvent | AgreementEvent) -> str | None:
    for s in entry.sources:
        if s.evidence:
            return s.evidence[0].text
    return None


def plover_records(tl: Timeline) -> list[dict[str, Any]]:
    """The timeline's events in the PLOVER field layout (see the module docstring)."""
    out: list[dict[str, Any]] = []
    for e in tl.entries:
        if isinstance(e, MeetingEvent):
            if e.status != "held":
                continue
            parties = _parties(tl, e.participants)
            event, mode, loc = "CONSULT", PLOVER_MODES.get(e.kind), e.location
        else:
            if e.status not in ("signed", "agreed", "committed"):
                continue
            parties = list(e.parties) or _parties(tl, e.signatories)
            event, mode, loc = "AGREE", None, None
        rec = {
            "id": f"dt-{e.key}",
            "date": e.date.value if e.date else None,
            "actor": parties[0] if parties else None,
            "recipient": parties[1] if len(parties) > 1 else None,
            "event": event,
            "mode": mode,
            "event_loc": loc,
            "event_text": _text(e),
            "link": _link(e),
        }
        out.append({k: rec[k] for k in PLOVER_KEYS})
    return out


def to_plover(tl: Timeline) -> bytes:
    """PLOVER event-data JSONL: one compact object a line."""
    return b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in plover_records(tl))


def _md(text: str | None) -> str:
    """A Markdown table cell: pipes, backslashes, HTML and line breaks neutralised."""
    if not text:
        return ""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(out.split())


def _date_cell(e: MeetingEvent | AgreementEvent) -> str:
    if e.date is None:
        return "undated"
    mod = f", {e.date.mod}" if e.date.mod else ""
    return f"{e.date.value} ({e.date.granularity or 'ref'}{mod})"


def to_markdown(tl: Timeline) -> bytes:
    """The timeline as a Markdown table in date order, then conflicts and people."""
    lines = [
        f"# Timeline: {len(tl.entries)} entries from {len(tl.articles)} articles",
        "",
        "| # | Date | Kind | Participants | Place | Sources |",
        "|---|---|---|---|---|---|",
    ]
    for e in tl.entries:
        if isinstance(e, MeetingEvent):
            kind = f"{e.kind} ({e.status})"
            who = ", ".join(_names(tl, e.participants))
            place = e.location
        else:
            label = e.name or e.description or "agreement"
            kind = f"agreement: {label}" + (f" ({e.acronym})" if e.acronym and e.acronym not in label else "") + f" ({e.status})"
            who = ", ".join(e.parties + _names(tl, e.signatories))
            place = None
        srcs = ", ".join(f"{s.article} {s.record}" for s in e.sources)
        flag = " ⚠ conflict" if e.conflicts else ""
        lines.append(f"| {e.id} | {_md(_date_cell(e))}{flag} | {_md(kind)} | {_md(who)} | {_md(place)} | {_md(srcs)} |")
    conflicts = [(e, c) for e in tl.entries for c in e.conflicts]
    if conflicts:
        lines += ["", "## Conflicts", ""]
        lines += [f"- {e.id}: {_md(c.message)}" for e, c in conflicts]
    lines += ["", "## People", ""]
    for p in tl.people:
        titles = "; ".join(
            f"{_md(' '.join(x for x in (t.rank, t.title) if x))} ({t.as_of or 'undated'})" for t in p.titles if t.title or t.rank
        )
        aff = f" [{p.affiliation}]" if p.affiliation else ""
        lines.append(f"- {p.id} {_md(p.name)}{aff}" + (f": {titles}" if titles else ""))
    return ("\n".join(lines) + "\n").encode("utf-8")
