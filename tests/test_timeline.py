"""Timeline across articles: pairs that must merge, pairs that must not, conflicts, formats, CLI.

Extractions are built by hand (``article`` below) so each merge rule is tested on its own, with
variants (other people, other countries, other months, other cities) that prove the rules are not
keyed to one article's wording; the last tests run the real pipeline on the seeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest

from defense_ties.cli import main
from defense_ties.models import Agreement, Article, DateRange, Extraction, Meeting, Participant, Span, TimeExpression
from defense_ties.timeline import AgreementEvent, MeetingEvent, Timeline, build_timeline, date_window, relation
from defense_ties.timeline.formats import PLOVER_KEYS, plover_records, to_json, to_markdown
from defense_ties.timeline.names import initials, name_words, partial_name, same_name
from defense_ties.timeline.places import places_compatible

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


# ------------------------------------------------------------------------------------ builders


def span(text: str, part: str, occurrence: int = 0) -> Span:
    """The ``occurrence``-th ``part`` of ``text`` as a ``Span``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Span(start=start, end=start + len(part), text=part)


def _month_range(value: str) -> tuple[dt.date, dt.date]:
    y, m = map(int, value.split("-"))
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return dt.date(y, m, 1), nxt - dt.timedelta(days=1)


def when(text: str, part: str, value: str, *, mod: str | None = None, status: str = "absolute") -> TimeExpression:
    """A resolved date expression ``part`` of ``text`` with TIMEX3 ``value`` (day, month or year)."""
    s = span(text, part)
    if len(value) == 10:
        d = dt.date.fromisoformat(value)
        rng, gran = (d, d), "day"
    elif len(value) == 7:
        rng, gran = _month_range(value), "month"
    else:
        rng, gran = (dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)), "year"
    return TimeExpression.model_validate(
        {
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "value": value,
            "granularity": gran,
            "mod": mod,
            "range": DateRange(start=rng[0], end=rng[1]),
            "status": status,
            "rule": "test.date",
        }
    )


def person(
    text: str, pid: str, name: str, *, title: str | None = None, aff: str | None = None, kind: str = "person"
) -> Participant:
    """A participant whose mentions are every occurrence of ``name`` in ``text``."""
    mentions = [span(text, name, k) for k in range(text.count(name))]
    return Participant.model_validate(
        {"id": pid, "kind": kind, "name": name, "title": title, "affiliation": aff, "mentions": mentions, "rule": "test.person"}
    )


def meeting(
    text: str,
    mid: str,
    kind: str,
    who: Sequence[str],
    *,
    date: TimeExpression | None = None,
    place: str | None = None,
    status: str = "held",
    cameo: str = "040",
    evidence: str | None = None,
) -> Meeting:
    """A meeting read from ``evidence`` (default: the whole text)."""
    ev = span(text, evidence) if evidence else Span(start=0, end=len(text), text=text)
    return Meeting.model_validate(
        {
            "id": mid,
            "kind": kind,
            "status": status,
            "participants": list(who),
            "date": date,
            "location": place,
            "cameo": cameo,
            "evidence": [ev],
            "rule": "test.meeting",
        }
    )


def agreement(
    text: str,
    aid: str,
    *,
    name: str | None = None,
    acronym: str | None = None,
    description: str | None = None,
    status: str = "signed",
    parties: Sequence[str] = (),
    date: TimeExpression | None = None,
) -> Agreement:
    """An agreement read from the whole text."""
    return Agreement.model_validate(
        {
            "id": aid,
            "name": name,
            "acronym": acronym,
            "description": description,
            "status": status,
            "parties": list(parties),
            "date": date,
            "cameo": "057",
            "evidence": [Span(start=0, end=len(text), text=text)],
            "rule": "test.agreement",
        }
    )


def article(aid: str, published: str, text: str, **records: Any) -> Extraction:
    """An extraction of ``text`` with the given records."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    art = Article(id=aid, published=published, published_from="given", text_sha256=sha, url=f"https://news.example/{aid}")
    return Extraction(article=art, **records)


def meetings_of(tl: Timeline) -> list[MeetingEvent]:
    return [e for e in tl.entries if isinstance(e, MeetingEvent)]


def agreements_of(tl: Timeline) -> list[AgreementEvent]:
    return [e for e in tl.entries if isinstance(e, AgreementEvent)]


def visit_reports(
    visitor: str, host: str, host_surname: str, day: str, month_text: str, city: str, *, host_title: str = "Defense Minister"
) -> list[Extraction]:
    """Three articles on one visit: the day's report, a monthly magazine, a later retrospective."""
    month = day[:7]
    t1 = f"{visitor} held talks with {host_title} {host} in {city} on Monday, the ministry said."
    t2 = f"{visitor.split()[-1]} met {host} during a visit to {city} in {month_text}."
    t3 = f"The alliance recalled {visitor}'s trip to {city} in {month_text} and the talks with {host_surname}."
    a = article(
        "a1",
        day,
        t1,
        participants=[person(t1, "P1", visitor, aff="NATO"), person(t1, "P2", host, title=host_title, aff="KOR")],
        meetings=[meeting(t1, "M1", "talks", ["P1", "P2"], date=when(t1, "Monday", day, status="resolved"), place=city)],
    )
    b = article(
        "b2",
        f"{month[:4]}-{int(month[5:]) + 1:02d}" if month[5:] != "12" else f"{int(month[:4]) + 1}-01",
        t2,
        participants=[person(t2, "P1", visitor.split()[-1], aff="NATO"), person(t2, "P2", host, aff="KOR")],
        meetings=[meeting(t2, "M1", "visit", ["P1", "P2"], date=when(t2, month_text, month), place=city, cameo="042")],
    )
    c = article(
        "c3",
        f"{int(month[:4]) + 1}-02-14",
        t3,
        participants=[person(t3, "P1", visitor, aff="NATO")],
        meetings=[meeting(t3, "M1", "visit", ["P1"], date=when(t3, month_text, month), place=city, cameo="042")],
    )
    return [a, b, c]


# ---------------------------------------------------------------------------- name keys


def test_names_reordered_and_hyphenation() -> None:
    assert same_name("Kyung-Hyup Kim", "Kim Kyung-hyup")
    assert same_name("Won In-choul", "Won Inchoul")
    assert same_name("Won In-choul", "WON In Choul")
    assert same_name("Stéphane Séjourné", "Stephane Sejourne")
    assert not same_name("Kim Su-kwang", "Kim Myung-soo")
    assert partial_name("Bauer", "Rob Bauer") and not partial_name("Rob Bauer", "Bauer")
    assert name_words("Won In-choul") == frozenset({"won", "inchoul"})
    assert initials("Individually Tailored Partnership Program") == "ITPP"
    assert initials("Joint Chiefs of Staff") == "JCS"


def test_places_compatible_by_country_and_containment() -> None:
    assert places_compatible("Seoul", "South Korea")
    assert places_compatible("the presidential office in central Seoul", "Seoul")
    assert places_compatible(None, "Tokyo")
    assert not places_compatible("Seoul", "Tokyo")
    assert not places_compatible("Warsaw", "Brussels")


def test_date_windows_widen_modifiers_and_classify_gaps() -> None:
    t = "in early April 2022"
    early = when(t, "early April 2022", "2022-04", mod="START")
    early = early.model_copy(update={"range": DateRange(start=dt.date(2022, 4, 1), end=dt.date(2022, 4, 10))})
    assert date_window(early) == (dt.date(2022, 4, 1), dt.date(2022, 4, 30))
    d = (dt.date(2022, 4, 11), dt.date(2022, 4, 11))
    assert relation(date_window(early), d) == "overlap"
    assert relation(d, (dt.date(2022, 4, 13), dt.date(2022, 4, 13))) == "near"
    assert relation(d, (dt.date(2023, 4, 11), dt.date(2023, 4, 11))) == "far"
    assert relation(None, d) == "unknown"


# ------------------------------------------------------------------------- must merge


@pytest.mark.parametrize(
    ("visitor", "host", "surname", "day", "month_text", "city"),
    [
        ("Rob Bauer", "Won In-choul", "Won", "2022-04-11", "April 2022", "Seoul"),
        ("Christopher Cavoli", "Shin Won-sik", "Shin", "2024-02-29", "February 2024", "Seoul"),
        ("Jens Stoltenberg", "Kishida Fumio", "Kishida", "2023-01-31", "January 2023", "Tokyo"),
        ("Mark Rutte", "Kim Yong-hyun", "Kim", "2024-11-05", "November 2024", "Busan"),
    ],
)
def test_one_visit_reported_by_three_articles_is_one_event(
    visitor: str, host: str, surname: str, day: str, month_text: str, city: str
) -> None:
    tl = build_timeline(visit_reports(visitor, host, surname, day, month_text, city))
    events = meetings_of(tl)
    assert len(events) == 1, [e.sources for e in events]
    e = events[0]
    assert [s.article for s in e.sources] == ["a1", "b2", "c3"]
    assert e.date is not None and e.date.value == day and e.date.article == "a1"  # the day beats the month
    assert e.conflicts == []
    assert {tl.person(p).name for p in e.participants} == {visitor, host}  # type: ignore[union-attr]
    assert e.sources[1].match.startswith("meeting.same_participants") and e.sources[2].match.startswith("meeting.subset")
    # the surname-only visitor of article b2 is the same person as the full name of a1
    people = [p for p in tl.people if visitor in p.names]
    assert len(people) == 1 and visitor.split()[-1] in people[0].names and len(people[0].sources) == 3
    assert e.location == city


def test_reordered_korean_name_and_titles_over_time() -> None:
    t1 = "Kim Kyung-hyup, chairman of the intelligence committee, visited the NATO Military Committee in July 2021."
    t2 = "Defense Minister Kyung-Hyup Kim met the Secretary General in Brussels in March 2024."
    a = article(
        "x", "2021-07-20", t1, participants=[person(t1, "P1", "Kim Kyung-hyup", title="Chairman of the Intelligence Committee")]
    )
    b = article("y", "2024-03-20", t2, participants=[person(t2, "P1", "Kyung-Hyup Kim", title="Defense Minister", aff="KOR")])
    tl = build_timeline([b, a])
    assert len(tl.people) == 1
    p = tl.people[0]
    assert p.sources[1].match == "person.same_name"
    assert [(t.title, t.as_of) for t in p.titles] == [
        ("Chairman of the Intelligence Committee", "2021-07-20"),
        ("Defense Minister", "2024-03-20"),
    ]
    assert p.title == "Defense Minister" and p.affiliation == "KOR"


def test_organisation_acronym_merges_with_full_name() -> None:
    t1 = "The Joint Chiefs of Staff said the talks went well."
    t2 = "The JCS said the drill ended."
    a = article("x", "2022-04-11", t1, participants=[person(t1, "P1", "Joint Chiefs of Staff", kind="organization", aff="KOR")])
    b = article("y", "2022-05-01", t2, participants=[person(t2, "P1", "JCS", kind="organization", aff="KOR")])
    tl = build_timeline([a, b])
    assert len(tl.people) == 1 and tl.people[0].sources[1].match == "organization.acronym"


def test_agreement_named_in_three_articles_takes_its_signing_date_from_the_one_stating_it() -> None:
    t1 = "The two sides agreed to step up ties under the Individually Tailored Partnership Program, signed in July 2023."
    t2 = "Officials reviewed the ITPP on Thursday."
    t3 = "The Individually Tailored Partnership Program (ITPP) covers 11 areas."
    a = article(
        "later",
        "2024-02-29",
        t1,
        agreements=[
            agreement(
                t1,
                "A1",
                name="Individually Tailored Partnership Program",
                parties=["KOR", "NATO"],
                date=when(t1, "July 2023", "2023-07"),
            )
        ],
    )
    b = article(
        "mention",
        "2024-05-02",
        t2,
        agreements=[agreement(t2, "A1", acronym="ITPP", status="under_discussion", date=when(t2, "Thursday", "2024-05-02"))],
    )
    c = article(
        "explainer",
        "2023-09-01",
        t3,
        agreements=[agreement(t3, "A1", name="Individually Tailored Partnership Program", acronym="ITPP")],
    )
    tl = build_timeline([a, b, c])
    ags = agreements_of(tl)
    assert len(ags) == 1
    g = ags[0]
    assert sorted(s.article for s in g.sources) == ["explainer", "later", "mention"]
    assert g.date is not None and g.date.value == "2023-07" and g.date.article == "later"
    assert g.status == "signed" and g.acronym == "ITPP" and g.name == "Individually Tailored Partnership Program"
    assert g.conflicts == []  # a mention on another date is not a conflicting signing date


def test_unnamed_measures_with_same_parties_and_wording_merge() -> None:
    t1 = "Both sides agreed to establish a military-to-military consultative body."
    t2 = "Seoul and NATO agreed to establish a consultative body between their militaries."
    a = article(
        "x",
        "2023-02-14",
        t1,
        agreements=[
            agreement(
                t1,
                "A1",
                description="establish a military-to-military consultative body",
                status="agreed",
                parties=["KOR", "NATO"],
            )
        ],
    )
    b = article(
        "y",
        "2023-02-15",
        t2,
        agreements=[
            agreement(
                t2, "A1", description="establish a consultative body between militaries", status="agreed", parties=["NATO", "KOR"]
            )
        ],
    )
    assert len(agreements_of(build_timeline([a, b]))) == 1


def test_dates_days_apart_merge_and_are_flagged_as_conflict() -> None:
    t1 = "Defense Minister Lee Jong-sup met Secretary General Jens Stoltenberg in Seoul on Monday."
    t2 = "Lee Jong-sup and Jens Stoltenberg held talks in Seoul on Jan. 31."
    parts1 = [person(t1, "P1", "Lee Jong-sup", aff="KOR"), person(t1, "P2", "Jens Stoltenberg", aff="NATO")]
    parts2 = [person(t2, "P1", "Lee Jong-sup", aff="KOR"), person(t2, "P2", "Jens Stoltenberg", aff="NATO")]
    a = article(
        "x",
        "2023-01-30",
        t1,
        participants=parts1,
        meetings=[
            meeting(t1, "M1", "talks", ["P1", "P2"], date=when(t1, "Monday", "2023-01-30", status="resolved"), place="Seoul")
        ],
    )
    b = article(
        "y",
        "2023-02-01",
        t2,
        participants=parts2,
        meetings=[meeting(t2, "M1", "talks", ["P1", "P2"], date=when(t2, "Jan. 31", "2023-01-31"), place="Seoul")],
    )
    tl = build_timeline([a, b])
    events = meetings_of(tl)
    assert len(events) == 1
    e = events[0]
    assert e.sources[1].match == "meeting.same_participants+conflicting_date"
    assert len(e.conflicts) == 1 and e.conflicts[0].field == "date"
    values = {v.value: v.sources for v in e.conflicts[0].values}
    assert values == {"2023-01-31": ["y:M1"], "2023-01-30": ["x:M1"]}  # both kept
    assert e.date is not None and e.date.value == "2023-01-31"  # stated beats resolved
    assert e.conflicts[0].values[0].value == e.date.value  # the value shown comes first


def test_undated_mention_joins_the_event_nearest_publication() -> None:
    texts = {
        "old": "Shin Won-sik met Christopher Cavoli in Seoul in March 2023.",
        "new": "Shin Won-sik met Christopher Cavoli in Seoul in February 2024.",
        "undated": "Shin Won-sik and Christopher Cavoli held talks.",
    }
    exs = []
    for aid, pub, month in (("old", "2023-03-20", "2023-03"), ("new", "2024-02-29", "2024-02"), ("undated", "2024-03-01", None)):
        t = texts[aid]
        date = when(t, t.split(" in ")[-1].rstrip("."), month) if month else None
        exs.append(
            article(
                aid,
                pub,
                t,
                participants=[person(t, "P1", "Shin Won-sik"), person(t, "P2", "Christopher Cavoli")],
                meetings=[meeting(t, "M1", "talks", ["P1", "P2"], date=date)],
            )
        )
    tl = build_timeline(exs)
    events = meetings_of(tl)
    assert len(events) == 2
    by_month = {e.date.value: [s.article for s in e.sources] for e in events if e.date}
    assert by_month == {"2023-03": ["old"], "2024-02": ["new", "undated"]}


def test_unattributed_meeting_joins_the_only_event_at_that_place_and_month() -> None:
    t1 = "JCS Chairman Won In-choul visited NATO headquarters in Brussels in November 2021."
    t2 = "The chairman's visit to NATO headquarters in Brussels in November 2021 opened the path."
    a = article(
        "x",
        "2022-04-11",
        t1,
        participants=[person(t1, "P1", "Won In-choul", aff="KOR")],
        meetings=[meeting(t1, "M1", "visit", ["P1"], date=when(t1, "November 2021", "2021-11"), place="Brussels")],
    )
    b = article(
        "y",
        "2023-02-14",
        t2,
        meetings=[
            meeting(t2, "M1", "visit", [], date=when(t2, "November 2021", "2021-11"), place="NATO headquarters in Brussels")
        ],
    )
    events = meetings_of(build_timeline([a, b]))
    assert len(events) == 1 and events[0].sources[1].match == "meeting.unattributed+same_place+compatible_date"


# ---------------------------------------------------------------------- must not merge


def _two(kind1: str, kind2: str, day1: str, day2: str, who2: str = "Won In-choul", place2: str = "Seoul") -> list[MeetingEvent]:
    t1 = f"Rob Bauer and Won In-choul talked on {day1}."
    t2 = f"Rob Bauer and {who2} talked on {day2}."
    a = article(
        "x",
        day1,
        t1,
        participants=[person(t1, "P1", "Rob Bauer"), person(t1, "P2", "Won In-choul")],
        meetings=[meeting(t1, "M1", kind1, ["P1", "P2"], date=when(t1, day1, day1), place="Seoul")],
    )
    b = article(
        "y",
        day2,
        t2,
        participants=[person(t2, "P1", "Rob Bauer"), person(t2, "P2", who2)],
        meetings=[meeting(t2, "M1", kind2, ["P1", "P2"], date=when(t2, day2, day2), place=place2)],
    )
    return meetings_of(build_timeline([a, b]))


def test_phone_call_and_visit_are_different_events() -> None:
    assert len(_two("phone_call", "visit", "2024-01-09", "2024-01-09")) == 2
    assert len(_two("video_call", "phone_call", "2024-01-09", "2024-01-09")) == 1  # both remote: compatible


def test_same_people_a_year_apart_are_two_events() -> None:
    events = _two("talks", "talks", "2022-04-11", "2023-04-11")
    assert len(events) == 2 and all(e.conflicts == [] for e in events)


def test_different_counterpart_same_day_is_another_event() -> None:
    assert len(_two("talks", "talks", "2024-01-09", "2024-01-09", who2="Kim Myung-soo")) == 2


def test_near_dates_in_different_countries_are_two_events() -> None:
    assert len(_two("talks", "talks", "2024-01-09", "2024-01-11", place2="Tokyo")) == 2
    assert len(_two("talks", "talks", "2024-01-09", "2024-01-11", place2="Busan")) == 1  # same country: a conflict


def test_records_of_one_article_never_merge_with_each_other() -> None:
    t = "Christopher Cavoli met Shin Won-sik, then met Shin Won-sik again at a dinner the same day."
    a = article(
        "x",
        "2024-02-29",
        t,
        participants=[person(t, "P1", "Christopher Cavoli"), person(t, "P2", "Shin Won-sik")],
        meetings=[meeting(t, "M1", "talks", ["P1", "P2"]), meeting(t, "M2", "talks", ["P1", "P2"])],
    )
    assert len(meetings_of(build_timeline([a]))) == 2


def test_ambiguous_surname_and_different_affiliation_do_not_merge_people() -> None:
    t1 = "Adm. Kim Myung-soo and Maj. Gen. Kim Su-kwang attended."
    t2 = "Kim said the talks went well."
    t3 = "U.S. official Kim Myung-soo, no relation, attended too."
    a = article(
        "x",
        "2024-01-09",
        t1,
        participants=[person(t1, "P1", "Kim Myung-soo", aff="KOR"), person(t1, "P2", "Kim Su-kwang", aff="KOR")],
    )
    b = article("y", "2024-01-10", t2, participants=[person(t2, "P1", "Kim", aff="KOR")])
    c = article("z", "2024-01-11", t3, participants=[person(t3, "P1", "Kim Myung-soo", aff="USA")])
    tl = build_timeline([a, b, c])
    assert len(tl.people) == 4  # "Kim" fits two people: kept apart; the USA namesake is another person


def test_surname_with_incompatible_title_stays_apart() -> None:
    t1 = "Defense Minister Shin Won-sik spoke."
    t2 = "Professor Shin of Seoul National University said the deal matters."
    a = article("x", "2024-02-29", t1, participants=[person(t1, "P1", "Shin Won-sik", title="Defense Minister", aff="KOR")])
    b = article("y", "2024-03-01", t2, participants=[person(t2, "P1", "Shin", title="Professor", aff="KOR")])
    assert len(build_timeline([a, b]).people) == 2


def test_different_agreements_stay_apart() -> None:
    t1 = "They signed the General Security of Military Information Agreement (GSOMIA)."
    t2 = "They signed the Individually Tailored Partnership Program."
    t3 = "They agreed to hold annual staff talks."
    t4 = "They agreed to share missile warning data in real time."
    exs = [
        article(
            "a",
            "2024-01-01",
            t1,
            agreements=[agreement(t1, "A1", name="General Security of Military Information Agreement", acronym="GSOMIA")],
        ),
        article("b", "2024-01-02", t2, agreements=[agreement(t2, "A1", name="Individually Tailored Partnership Program")]),
        article(
            "c",
            "2024-01-03",
            t3,
            agreements=[agreement(t3, "A1", description="hold annual staff talks", status="agreed", parties=["KOR", "NATO"])],
        ),
        article(
            "d",
            "2024-01-04",
            t4,
            agreements=[
                agreement(
                    t4, "A1", description="share missile warning data in real time", status="agreed", parties=["KOR", "NATO"]
                )
            ],
        ),
    ]
    assert len(agreements_of(build_timeline(exs))) == 4


def test_signing_dates_disagreeing_are_flagged() -> None:
    t1 = "The program was signed in July 2023."
    t2 = "The program was signed in December 2023."
    a = article("a", "2024-01-01", t1, agreements=[agreement(t1, "A1", acronym="ITPP", date=when(t1, "July 2023", "2023-07"))])
    b = article(
        "b", "2024-01-02", t2, agreements=[agreement(t2, "A1", acronym="ITPP", date=when(t2, "December 2023", "2023-12"))]
    )
    ags = agreements_of(build_timeline([a, b]))
    assert len(ags) == 1 and ags[0].conflicts and ags[0].conflicts[0].field == "date"
    assert {v.value for v in ags[0].conflicts[0].values} == {"2023-07", "2023-12"}


# ----------------------------------------------------------------------- order & formats


def test_output_does_not_depend_on_input_order() -> None:
    exs = visit_reports("Rob Bauer", "Won In-choul", "Won", "2022-04-11", "April 2022", "Seoul")
    outs = {to_json(build_timeline(list(p))) for p in itertools.permutations(exs)}
    assert len(outs) == 1
    assert len(build_timeline(exs + exs).entries) == 1  # an article given twice counts once


def test_entries_are_in_date_order_undated_last() -> None:
    exs = []
    for n, (aid, value) in enumerate((("c", "2024-02-29"), ("a", None), ("b", "2016-05"))):
        t = f"Person{n} One met Person{n} Two on {value or 'some day'}."
        d = when(t, value, value) if value else None
        exs.append(
            article(
                aid,
                "2024-03-01",
                t,
                participants=[person(t, "P1", f"Person{n} One"), person(t, "P2", f"Person{n} Two")],
                meetings=[meeting(t, "M1", "talks", ["P1", "P2"], date=d)],
            )
        )
    tl = build_timeline(exs)
    assert [e.date.value if e.date else None for e in tl.entries] == ["2016-05", "2024-02-29", None]
    assert [e.id for e in tl.entries] == ["E1", "E2", "E3"]


def test_plover_layout() -> None:
    exs = visit_reports("Rob Bauer", "Won In-choul", "Won", "2022-04-11", "April 2022", "Seoul")
    t = "Shin Won-sik will hold a phone call with Mark Rutte next week."
    exs.append(
        article(
            "p",
            "2024-10-01",
            t,
            participants=[person(t, "P1", "Shin Won-sik", aff="KOR"), person(t, "P2", "Mark Rutte", aff="NATO")],
            meetings=[meeting(t, "M1", "phone_call", ["P1", "P2"], status="planned", cameo="041")],
        )
    )
    t2 = "The allies signed the ITPP in July 2023."
    exs.append(
        article(
            "q",
            "2023-07-20",
            t2,
            agreements=[agreement(t2, "A1", acronym="ITPP", parties=["KOR", "NATO"], date=when(t2, "July 2023", "2023-07"))],
        )
    )
    recs = plover_records(build_timeline(exs))
    assert all(tuple(r) == PLOVER_KEYS for r in recs)
    assert [(r["event"], r["mode"], r["date"]) for r in recs] == [("CONSULT", "visit", "2022-04-11"), ("AGREE", None, "2023-07")]
    consult = recs[0]
    assert (consult["actor"], consult["recipient"], consult["event_loc"]) == ("NATO", "KOR", "Seoul")
    assert consult["link"] == "https://news.example/a1" and consult["id"].startswith("dt-")
    assert (recs[1]["actor"], recs[1]["recipient"]) == ("KOR", "NATO")


def test_markdown_escapes_cells() -> None:
    t = "A|B <b>met</b> C on 2024-01-01."
    ex = article(
        "m",
        "2024-01-02",
        t,
        participants=[person(t, "P1", "A|B <b>"), person(t, "P2", "C")],
        meetings=[meeting(t, "M1", "talks", ["P1", "P2"], place="Pipe|Town")],
    )
    md = to_markdown(build_timeline([ex])).decode()
    row = next(line for line in md.splitlines() if line.startswith("| E1"))
    assert "A\\|B &lt;b&gt;" in row and "Pipe\\|Town" in row and row.count(" | ") == 5


# ------------------------------------------------------------------------------------ CLI


def _write_extractions(tmp: Path, exs: list[Extraction]) -> list[str]:
    paths = []
    for ex in exs:
        p = tmp / f"{ex.article.id}.json"
        p.write_bytes(orjson.dumps(ex.model_dump(mode="json")))
        paths.append(str(p))
    return paths


def test_cli_timeline_formats_from_saved_extractions(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    exs = visit_reports("Rob Bauer", "Won In-choul", "Won", "2022-04-11", "April 2022", "Seoul")
    paths = _write_extractions(tmp_path, exs)
    assert main(["timeline", *paths]) == 0
    tl = Timeline.model_validate(orjson.loads(capsysbinary.readouterr().out))
    assert len(tl.entries) == 1 and len(tl.entries[0].sources) == 3
    jsonl = tmp_path / "all.jsonl"
    jsonl.write_bytes(b"".join(orjson.dumps(e.model_dump(mode="json")) + b"\n" for e in exs))
    assert main(["timeline", str(jsonl), "--format", "plover"]) == 0
    lines = capsysbinary.readouterr().out.splitlines()
    assert len(lines) == 1 and orjson.loads(lines[0])["event"] == "CONSULT"
    assert main(["timeline", *paths, "--format", "markdown"]) == 0
    assert b"| E1 | 2022-04-11 (day)" in capsysbinary.readouterr().out
    out = tmp_path / "tl.html"
    assert main(["timeline", *paths, "--format", "html", "-o", str(out)]) == 0
    page = out.read_text()
    assert page.count('href="https://news.example/') == 3 and "a1 M1" in page


def test_cli_timeline_bad_input_fails_but_writes_the_rest(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    paths = _write_extractions(
        tmp_path, visit_reports("Rob Bauer", "Won In-choul", "Won", "2022-04-11", "April 2022", "Seoul")[:1]
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "an extraction"}')
    assert main(["timeline", *paths, str(bad), str(tmp_path / "missing.txt")]) == 1
    cap = capsysbinary.readouterr()
    assert b"bad.json: not an extraction" in cap.err and b"missing.txt" in cap.err
    assert len(orjson.loads(cap.out)["entries"]) == 1
    with pytest.raises(SystemExit) as e:
        main(["timeline", *paths, "--format", "yaml"])
    assert e.value.code == 2


def test_cli_timeline_on_seed_articles_with_pages(tmp_path: Path) -> None:
    out = tmp_path / "tl.html"
    assert main(["timeline", str(SEEDS), "--format", "html", "-o", str(out), "--pages", str(tmp_path / "pages")]) == 0
    pages = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert pages == sorted(p.stem + ".html" for p in SEEDS.glob("*.txt"))
    html = out.read_text()
    js = tmp_path / "tl.json"
    assert main(["timeline", str(SEEDS), "-o", str(js)]) == 0
    tl = Timeline.model_validate(orjson.loads(js.read_bytes()))
    for e in tl.entries:  # each source of each entry links to its article's provenance page
        for s in e.sources:
            assert f'href="pages/{s.article}.html#rec-{s.record}"' in html
    assert len(tl.articles) == 5
    starts = [e.date.range.start for e in tl.entries if e.date and e.date.range]
    assert starts == sorted(starts)
    # every evidence span of every source points into its seed text
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for e in tl.entries:
        for s in e.sources:
            for sp in s.evidence:
                assert texts[s.article][sp.start : sp.end] == sp.text


# ----------------------------------------------------------------- real articles (read at run time)

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev" / "articles"


def _gold_extraction(path: Path) -> Extraction:
    """The hand gold of one dev article as an extraction (names and dates only; spans unused here)."""
    gold = orjson.loads(path.read_bytes())
    text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    none = Span(start=0, end=0, text="")
    parts = [
        Participant(
            id=f"P{n}",
            kind=p.get("kind", "person"),
            name=p["name"],
            title=p.get("title"),
            affiliation=p.get("affiliation"),
            rule="gold",
        )
        for n, p in enumerate(gold.get("participants", []), 1)
    ]
    ids = {p.name: p.id for p in parts}
    meetings = []
    for n, m in enumerate(gold.get("meetings", []), 1):
        value = m.get("date")
        date = None
        if isinstance(value, str) and re_date(value):
            date = when(value, value, value)
            date = date.model_copy(update={"start": 0, "end": 0, "text": ""})
        meetings.append(
            Meeting(
                id=f"M{n}",
                kind=m["kind"],
                status=m.get("status", "held"),
                participants=[ids[x] for x in m["participants"] if x in ids],
                date=date,
                location=m.get("location"),
                cameo="040",
                evidence=[none],
                rule="gold",
            )
        )
    sha = hashlib.sha256(text.encode()).hexdigest()
    art = Article(id=path.name.split(".")[0], published=str(gold.get("published") or "")[:10] or None, text_sha256=sha)
    return Extraction(article=art, participants=parts, meetings=meetings)


def re_date(value: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev is not present")
def test_dev_gold_meetings_of_different_articles_stay_apart() -> None:
    """The 20 dev articles report different meetings (many share a person): none may merge."""
    exs = [_gold_extraction(p) for p in sorted(DEV.glob("*.gold.json"))]
    tl = build_timeline(exs)
    merged = [e for e in meetings_of(tl) if len({s.article for s in e.sources}) > 1]
    assert merged == []
    assert len(meetings_of(tl)) == sum(len(e.meetings) for e in exs)
    shared = [p for p in tl.people if len({s.article for s in p.sources}) > 1]
    assert len(shared) >= 5  # the same people (ministers, leaders) are recognised across articles


def test_seed_visit_of_april_2022_is_one_event_across_three_articles() -> None:
    from defense_ties import extract

    exs = []
    for p in sorted(SEEDS.glob("*.txt")):
        meta = orjson.loads(p.with_name(p.stem + ".meta.json").read_bytes())
        exs.append(extract(p.read_text(encoding="utf-8"), published=meta["published"], article_id=p.stem))
    tl = build_timeline(exs)
    april = [e for e in meetings_of(tl) if e.date and e.date.value and e.date.value.startswith("2022-04") and e.status == "held"]
    visit = [e for e in april if {s.article[:3] for s in e.sources} >= {"000", "001", "002"}]
    assert len(visit) == 1, [(e.id, [s.article[:3] for s in e.sources]) for e in april]
    bauer = [p for p in tl.people if p.name == "Rob Bauer"]
    assert len(bauer) == 1 and bauer[0].id in visit[0].participants
    assert len({s.article for s in bauer[0].sources}) >= 4  # one person across the articles naming him


def test_undated_mention_of_one_person_elsewhere_does_not_join() -> None:
    t1 = "Defense Minister Anna Berg met her counterpart Luis Ortega in Madrid on Friday."
    t2 = "Anna Berg will also visit a research institute in Oslo for talks."
    t3 = "Anna Berg and Luis Ortega held talks."
    a = article(
        "x",
        "2023-03-10",
        t1,
        participants=[person(t1, "P1", "Anna Berg"), person(t1, "P2", "Luis Ortega")],
        meetings=[
            meeting(t1, "M1", "talks", ["P1", "P2"], date=when(t1, "Friday", "2023-03-10", status="resolved"), place="Madrid")
        ],
    )
    b = article(
        "y",
        "2023-03-12",
        t2,
        participants=[person(t2, "P1", "Anna Berg")],
        meetings=[meeting(t2, "M1", "talks", ["P1"], place="Oslo", status="planned")],
    )
    c = article(
        "z",
        "2023-02-01",
        t3,
        participants=[person(t3, "P1", "Anna Berg"), person(t3, "P2", "Luis Ortega")],
        meetings=[meeting(t3, "M1", "talks", ["P1", "P2"])],
    )
    events = meetings_of(build_timeline([a, b, c]))
    # b: one shared person and no date; c: reported held before the Madrid talks took place
    assert sorted(len(e.sources) for e in events) == [1, 1, 1]


def test_same_kind_of_instrument_between_other_parties_is_another_agreement() -> None:
    t1 = "Prime Minister Ann Lee of Freedonia and Prime Minister Jo Park of Sylvania signed a Reciprocal Access Agreement."
    t2 = "Sylvania and Ruritania signed a reciprocal access agreement (RAA)."
    aff1 = [person(t1, "P1", "Ann Lee", aff="FRE"), person(t1, "P2", "Jo Park", aff="SYL")]
    a = article("x", "2023-01-12", t1, participants=aff1, agreements=[agreement(t1, "A1", name="Reciprocal Access Agreement")])
    b = article("y", "2024-07-08", t2, agreements=[agreement(t2, "A1", acronym="RAA", parties=["SYL", "RUR"])])
    ags = agreements_of(build_timeline([a, b]))
    assert len(ags) == 2  # parties of x read from the people named in its evidence: {FRE, SYL} vs {SYL, RUR}
    c = article("z", "2024-07-09", t2, agreements=[agreement(t2, "A1", acronym="RAA", parties=["RUR"])])
    assert len(agreements_of(build_timeline([b, c]))) == 1  # {RUR} fits inside {SYL, RUR}


def test_dev_folder_is_read_as_articles_without_its_annotation_files(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    t = "Anna Berg met Luis Ortega in Madrid on Friday."
    (tmp_path / "a.txt").write_text(t)
    (tmp_path / "a.meta.json").write_text('{"published": "2023-03-10"}')
    (tmp_path / "a.gold.json").write_text('{"article": "a"}')
    assert main(["timeline", str(tmp_path)]) == 0
    cap = capsysbinary.readouterr()
    assert cap.err == b"" and [a["id"] for a in orjson.loads(cap.out)["articles"]] == ["a"]


@pytest.mark.parametrize(
    ("planned_text", "planned_value", "held_text", "held_value"),
    [
        ("next year", "2024", "May 2024", "2024-05"),  # one article's "next year" is another's "May 2024"
        ("next month", "2023-11", "Nov. 14", "2023-11-14"),
    ],
)
def test_planned_meeting_and_its_later_report_are_one_event(
    planned_text: str, planned_value: str, held_text: str, held_value: str
) -> None:
    t1 = f"The second meeting of Maria Lopez and Daniel Okafor is to be held in Brussels {planned_text}."
    t2 = f"Maria Lopez and Daniel Okafor held their second staff talks in Brussels on {held_text}."
    who = ["P1", "P2"]
    a = article(
        "plan",
        "2023-02-14",
        t1,
        participants=[person(t1, "P1", "Maria Lopez"), person(t1, "P2", "Daniel Okafor")],
        meetings=[
            meeting(
                t1,
                "M1",
                "talks",
                who,
                date=when(t1, planned_text, planned_value, status="resolved"),
                place="Brussels",
                status="planned",
            )
        ],
    )
    b = article(
        "held",
        "2024-06-01",
        t2,
        participants=[person(t2, "P1", "Maria Lopez"), person(t2, "P2", "Daniel Okafor")],
        meetings=[meeting(t2, "M1", "talks", who, date=when(t2, held_text, held_value), place="Brussels")],
    )
    events = meetings_of(build_timeline([b, a]))
    assert len(events) == 1
    e = events[0]
    assert e.status == "held" and e.date is not None and e.date.value == held_value and e.date.article == "held"
    assert [(s.article, s.status) for s in e.sources] == [("plan", "planned"), ("held", "held")]
    assert e.conflicts == []


def test_kind_by_majority_and_cameo_from_that_source() -> None:
    exs = []
    for n, kind in enumerate(("talks", "visit", "visit")):
        t = f"Ana Silva and Tom Berg met in Lisbon on 2023-05-0{n + 2}."
        exs.append(
            article(
                f"k{n}",
                f"2023-05-0{n + 2}",
                t,
                participants=[person(t, "P1", "Ana Silva"), person(t, "P2", "Tom Berg")],
                meetings=[
                    meeting(
                        t,
                        "M1",
                        kind,
                        ["P1", "P2"],
                        date=when(t, "2023-05", "2023-05"),
                        place="Lisbon",
                        cameo="042" if kind == "visit" else "040",
                    )
                ],
            )
        )
    (e,) = meetings_of(build_timeline(exs))
    assert (e.kind, e.cameo, len(e.sources)) == ("visit", "042", 3)


def test_organisation_partial_names_merge_only_with_two_words_and_same_party() -> None:
    names = [
        ("Defense Ministry", "KOR"),
        ("Ministry of National Defense", "KOR"),
        ("NATO", "NATO"),
        ("NATO Military Committee", "NATO"),
        ("Foreign Ministry", "JPN"),
        ("Ministry of Foreign Affairs", "JPN"),
        ("Ministry of Foreign Affairs", "KOR"),
    ]
    exs = []
    for n, (name, aff) in enumerate(names):
        t = f"The {name} said so."
        exs.append(article(f"o{n}", f"2024-01-0{n + 1}", t, participants=[person(t, "P1", name, kind="organization", aff=aff)]))
    tl = build_timeline(exs)
    groups = sorted(sorted(s.article for s in p.sources) for p in tl.people)
    assert groups == [["o0", "o1"], ["o2"], ["o3"], ["o4", "o5"], ["o6"]]


def test_random_extractions_never_crash_and_merge_regardless_of_order() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    name = st.sampled_from(["Kim Min-jun", "Min-jun Kim", "Kim", "Lee Ji-ho", "Ji-ho Lee", "Ö Ø", "-", "NATO", "J.C.S."])
    days = st.sampled_from([None, "2022-04-11", "2022-04-12", "2022-04", "2022-05-30", "2023"])
    rec = st.tuples(
        st.sampled_from(["talks", "visit", "phone_call", "summit"]),
        st.lists(st.integers(0, 2), max_size=3),
        days,
        st.sampled_from([None, "Seoul", "South Korea", "Tokyo", "<b>"]),
    )

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.lists(name, min_size=3, max_size=3), st.lists(rec, max_size=3)), min_size=1, max_size=5))
    def check(arts: list[tuple[list[str], list[tuple[str, list[int], str | None, str | None]]]]) -> None:
        exs = []
        for n, (names, recs) in enumerate(arts):
            t = " ".join(names) + " 2022-04-11 2022-04-12 2022-04 2022-05-30 2023."
            parts = [
                Participant(id=f"P{k + 1}", kind="organization" if nm in ("NATO", "J.C.S.") else "person", name=nm, rule="t")
                for k, nm in enumerate(names)
            ]
            ms = [
                meeting(t, f"M{k + 1}", kind, [f"P{i + 1}" for i in who], date=when(t, d, d) if d else None, place=place)
                for k, (kind, who, d, place) in enumerate(recs)
            ]
            exs.append(article(f"a{n}", "2022-06-01", t, participants=parts, meetings=ms))
        first = to_json(build_timeline(exs))
        assert to_json(build_timeline(list(reversed(exs)))) == first
        tl = build_timeline(exs)
        assert sum(len(e.sources) for e in tl.entries) == sum(len(ex.meetings) for ex in exs)  # nothing dropped

    check()


def test_a_surname_merged_with_one_full_name_does_not_attract_another() -> None:
    texts = [("s", "2024-01-01", "Kim"), ("f1", "2024-01-02", "Kim Myung-soo"), ("f2", "2024-01-03", "Kim Su-kwang")]
    exs = []
    for aid, pub, nm in texts:
        t = f"Adm. {nm} spoke."
        exs.append(article(aid, pub, t, participants=[person(t, "P1", nm, aff="KOR")]))
    groups = sorted(sorted(s.article for s in p.sources) for p in build_timeline(exs).people)
    assert groups == [["f1", "s"], ["f2"]]
