"""Calendar arithmetic for TIMEX3 values: ISO weeks, quarters, seasons, decades and their ranges.

Pure functions on ``datetime.date``; no knowledge of words. ``Period`` is a resolved value with its
granularity and inclusive range; ``xmerge`` builds the underspecified value (``2022-05-XX``) of two
candidates that differ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Granularity

SEASON_ORDER = ("SP", "SU", "FA", "WI")


@dataclass(frozen=True)
class Period:
    """A TIMEX3 value with its granularity and the inclusive calendar range it covers."""

    value: str
    granularity: Granularity
    start: dt.date
    end: dt.date


def month_last(y: int, m: int) -> dt.date:
    """Last day of month ``m`` of year ``y``."""
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    """``(y, m)`` shifted by ``k`` months."""
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def day(d: dt.date) -> Period:
    """The day ``d``."""
    return Period(d.isoformat(), "day", d, d)


def month(y: int, m: int) -> Period:
    """The month ``y-m``."""
    return Period(f"{y:04d}-{m:02d}", "month", dt.date(y, m, 1), month_last(y, m))


def year(y: int) -> Period:
    """The year ``y``."""
    return Period(f"{y:04d}", "year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def week(d: dt.date) -> Period:
    """The ISO week (Monday to Sunday) containing ``d``."""
    iy, iw, _ = d.isocalendar()
    mon = dt.date.fromisocalendar(iy, iw, 1)
    return Period(f"{iy:04d}-W{iw:02d}", "week", mon, mon + dt.timedelta(days=6))


def weekend(d: dt.date) -> Period:
    """The weekend (Saturday and Sunday) of the ISO week containing ``d``."""
    w = week(d)
    return Period(w.value + "-WE", "week", w.start + dt.timedelta(days=5), w.end)


def quarter(y: int, q: int) -> Period:
    """Quarter ``q`` (1-4) of year ``y``."""
    m0 = 3 * (q - 1) + 1
    return Period(f"{y:04d}-Q{q}", "quarter", dt.date(y, m0, 1), month_last(y, m0 + 2))


def quarter_of(d: dt.date) -> tuple[int, int]:
    """``(year, quarter)`` containing ``d``."""
    return d.year, (d.month - 1) // 3 + 1


def add_quarters(y: int, q: int, k: int) -> tuple[int, int]:
    """``(y, q)`` shifted by ``k`` quarters."""
    n = y * 4 + (q - 1) + k
    return n // 4, n % 4 + 1


def season(y: int, code: str, start_month: dict[str, int]) -> Period:
    """Season ``code`` (``SP``, ``SU``, ``FA``, ``WI``) starting in year ``y``."""
    m0 = start_month[code]
    ey, em = add_months(y, m0, 2)
    return Period(f"{y:04d}-{code}", "season", dt.date(y, m0, 1), month_last(ey, em))


def season_index(y: int, code: str) -> int:
    """A running index of seasons (consecutive seasons differ by one)."""
    return y * 4 + SEASON_ORDER.index(code)


def season_at(d: dt.date, start_month: dict[str, int]) -> tuple[int, str]:
    """``(start year, code)`` of the season containing ``d``."""
    best: tuple[int, str] | None = None
    for y in (d.year - 1, d.year):
        for code in SEASON_ORDER:
            p = season(y, code, start_month)
            if p.start <= d <= p.end:
                best = (y, code)
    assert best is not None
    return best


def decade(dec: int) -> Period:
    """The decade ``dec`` (``199`` → 1990-1999)."""
    return Period(f"{dec:03d}", "decade", dt.date(dec * 10, 1, 1), dt.date(dec * 10 + 9, 12, 31))


def century(cent: int) -> Period:
    """The century ``cent`` (``20`` → 2000-2099, as TIMEX3 writes "the 21st century")."""
    return Period(f"{cent:02d}", "century", dt.date(cent * 100, 1, 1), dt.date(cent * 100 + 99, 12, 31))


def year_span(y1: int, y2: int) -> Period:
    """Years ``y1`` to ``y2`` inclusive, valued as the first year (``From 2010-13`` → ``2010``)."""
    return Period(f"{y1:04d}", "year", dt.date(y1, 1, 1), dt.date(y2, 12, 31))


def xmerge(a: str, b: str) -> str:
    """The underspecified value covering ``a`` and ``b``: parts that differ become X's."""
    if a == b:
        return a
    pa, pb = a.split("-"), b.split("-")
    if len(pa) != len(pb):
        return "XXXX" if a[:1].isdigit() else a
    out: list[str] = []
    differ = False
    for x, y in zip(pa, pb, strict=True):
        if differ or x != y:
            differ = True
            prefix = x[0] if x[:1].isalpha() and y[:1] == x[:1] else ""
            out.append(prefix + "X" * (len(x) - len(prefix)))
        else:
            out.append(x)
    return "-".join(out)
