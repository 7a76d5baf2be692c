"""Date phrases -> half-open ISO date ranges (dialect-neutral literals compare correctly everywhere)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .lexicon import MONTHS


@dataclass(frozen=True)
class DateRange:
    """[start, end) as ISO dates plus the phrase it came from."""

    start: str
    end: str
    label: str


def _month_start(y: int, m: int) -> dt.date:
    while m > 12:
        y, m = y + 1, m - 12
    while m < 1:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def year_range(year: int, label: str | None = None) -> DateRange:
    return DateRange(f"{year:04d}-01-01", f"{year + 1:04d}-01-01", label or str(year))


def find_date_ranges(words: list[str], today: dt.date | None = None) -> list[DateRange]:
    """Relative ('last month', 'this year', 'past 7 days') and calendar ('March 2024', 'Q2 2023') phrases."""
    today = today or dt.date.today()
    out: list[DateRange] = []
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else ""
        if w in ("last", "previous", "this", "current") and nxt in ("month", "year", "week", "quarter"):
            out.append(_relative(w, nxt, today))
            i += 2
            continue
        if w in ("today", "yesterday"):
            d = today if w == "today" else today - dt.timedelta(days=1)
            out.append(DateRange(d.isoformat(), (d + dt.timedelta(days=1)).isoformat(), w))
        if w in ("last", "past") and nxt.isdigit() and i + 2 < n and words[i + 2].rstrip("s") in ("day", "week", "month", "year"):
            k = int(nxt)
            unit = words[i + 2].rstrip("s")
            start = _minus(today, k, unit)
            out.append(DateRange(start.isoformat(), (today + dt.timedelta(days=1)).isoformat(), f"{w} {k} {words[i + 2]}"))
            i += 3
            continue
        if w in ("ytd",) or (w == "year" and nxt == "to" and i + 2 < n and words[i + 2] == "date"):
            out.append(DateRange(dt.date(today.year, 1, 1).isoformat(), (today + dt.timedelta(days=1)).isoformat(), "year to date"))
        if w in MONTHS and len(w) > 3 and nxt.isdigit() and len(nxt) == 4:
            m, y = MONTHS[w], int(nxt)
            out.append(DateRange(_month_start(y, m).isoformat(), _month_start(y, m + 1).isoformat(), f"{w} {y}"))
            i += 2
            continue
        if len(w) == 2 and w[0] == "q" and w[1] in "1234" and nxt.isdigit() and len(nxt) == 4:
            q, y = int(w[1]), int(nxt)
            out.append(DateRange(_month_start(y, 3 * q - 2).isoformat(), _month_start(y, 3 * q + 1).isoformat(), f"Q{q} {y}"))
            i += 2
            continue
        i += 1
    return out


def _minus(today: dt.date, k: int, unit: str) -> dt.date:
    if unit == "day":
        return today - dt.timedelta(days=k)
    if unit == "week":
        return today - dt.timedelta(weeks=k)
    if unit == "month":
        return _month_start(today.year, today.month - k).replace(day=1)
    return dt.date(today.year - k, today.month, 1)


def _relative(which: str, unit: str, today: dt.date) -> DateRange:
    back = 1 if which in ("last", "previous") else 0
    label = f"{which} {unit}"
    if unit == "month":
        s = _month_start(today.year, today.month - back)
        return DateRange(s.isoformat(), _month_start(s.year, s.month + 1).isoformat(), label)
    if unit == "year":
        return year_range(today.year - back, label)
    if unit == "quarter":
        q0 = (today.month - 1) // 3
        s = _month_start(today.year, q0 * 3 + 1 - 3 * back)
        return DateRange(s.isoformat(), _month_start(s.year, s.month + 3).isoformat(), label)
    monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=back)
    return DateRange(monday.isoformat(), (monday + dt.timedelta(weeks=1)).isoformat(), label)
