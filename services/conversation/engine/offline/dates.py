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


def open_year_range(prep: str, year: int) -> DateRange:
    """'before 2015', 'after 2015', 'since 2015': one bound only, the other left empty (no condition on that side)."""
    if prep == "before":
        return DateRange("", f"{year:04d}-01-01", f"before {year}")
    if prep == "after":
        return DateRange(f"{year + 1:04d}-01-01", "", f"after {year}")
    return DateRange(f"{year:04d}-01-01", "", f"since {year}")


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


def _one_date(words: list[str], i: int) -> tuple[tuple[int | None, int, int], int] | None:
    """(year or None, month, day) written at ``words[i]`` ('1996-03-31' as three words, 'March 31', 'March 31 2023',
    '31 March 2023') and the index after it."""
    w = words[i : i + 3]
    if len(w) == 3 and all(x.isdigit() for x in w) and len(w[0]) == 4 and len(w[1]) <= 2 and len(w[2]) <= 2:
        return (int(w[0]), int(w[1]), int(w[2])), i + 3
    if len(w) >= 2 and w[0] in MONTHS and w[1].isdigit() and len(w[1]) <= 2:
        year = int(w[2]) if len(w) == 3 and w[2].isdigit() and len(w[2]) == 4 else None
        return (year, MONTHS[w[0]], int(w[1])), i + (3 if year else 2)
    if len(w) >= 2 and w[0].isdigit() and len(w[0]) <= 2 and w[1] in MONTHS:
        year = int(w[2]) if len(w) == 3 and w[2].isdigit() and len(w[2]) == 4 else None
        return (year, MONTHS[w[1]], int(w[0])), i + (3 if year else 2)
    return None


def between_dates(words: list[str], i: int) -> tuple[DateRange, int] | None:
    """'between 1996-01-01 and 1996-03-31', 'between March 1 and March 31, 2023' at ``words[i]`` ('between' or
    'from' ... 'and'/'to'): the inclusive calendar range as a half-open one, and the index after it. A first date
    without a year takes the second date's year."""
    if words[i] not in ("between", "from"):
        return None
    months = _between_months(words, i)
    if months is not None:
        return months
    first = _one_date(words, i + 1)
    if first is None or first[1] >= len(words) or words[first[1]] not in ("and", "to", "until", "through"):
        return None
    second = _one_date(words, first[1] + 1)
    if second is None:
        return None
    (y1, m1, d1), (y2, m2, d2) = first[0], second[0]
    y2 = y2 if y2 is not None else y1
    y1 = y1 if y1 is not None else y2
    if y1 is None or y2 is None:
        return None
    try:
        a, b = dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    except ValueError:
        return None
    if b < a:
        return None
    return DateRange(a.isoformat(), (b + dt.timedelta(days=1)).isoformat(), f"{a.isoformat()} to {b.isoformat()}"), second[1]


def _one_month(words: list[str], i: int) -> tuple[tuple[int | None, int], int] | None:
    """(year or None, month) of a whole month written at ``words[i]`` ('March 2025', 'march'), and the index after."""
    if i >= len(words) or words[i] not in MONTHS or (i + 1 < len(words) and words[i + 1].isdigit() and len(words[i + 1]) <= 2):
        return None  # 'March 31' is a day
    if i + 1 < len(words) and words[i + 1].isdigit() and len(words[i + 1]) == 4:
        return (int(words[i + 1]), MONTHS[words[i]]), i + 2
    return (None, MONTHS[words[i]]), i + 1


def _between_months(words: list[str], i: int) -> tuple[DateRange, int] | None:
    """'between March 2025 and June 2025', 'from March to June 2025': whole months, both included; a first month
    without a year takes the second's, and a range needs a year somewhere."""
    first = _one_month(words, i + 1)
    if first is None or first[1] >= len(words) or words[first[1]] not in ("and", "to", "until", "through"):
        return None
    second = _one_month(words, first[1] + 1)
    if second is None or second[0][0] is None:
        return None
    (y1, m1), (y2, m2) = first[0], second[0]
    y1 = y1 if y1 is not None else y2
    a, b = _month_start(y1, m1), _month_start(y2, m2 + 1)  # type: ignore[arg-type]
    if b <= a:
        return None
    label = f"{' '.join(words[i + 1 : second[1]])}"
    return DateRange(a.isoformat(), b.isoformat(), label), second[1]


# a preposition that bounds a period by one calendar date or month: (open start?, the day itself included?)
DATE_BOUNDS = {"before": "before", "prior": "before", "after": "after", "since": "since", "from": "since",
               "on": "on", "until": "until", "till": "until", "through": "until", "by": "until"}


def bounded_date(words: list[str], i: int) -> tuple[DateRange, int] | None:
    """'before December 1, 2025', 'after 2024-03-31', 'on 5 March 2025', 'since March 2024', 'until June 30 2025'
    at ``words[i]``: the period the preposition and one dated day (or month) with its year bound, half-open like
    every range, and the index after it. 'before' excludes the day, 'until/through/by' include it, 'on' is the day;
    a month stands for its first day after 'before/since' and for its last after 'after/until'. A day without a
    year is no date here (which year is a guess)."""
    kind = DATE_BOUNDS.get(words[i])
    at = i + 2 if kind == "before" and words[i] == "prior" and i + 1 < len(words) and words[i + 1] == "to" else i + 1
    if kind is None or at >= len(words) or (words[i] == "prior" and at == i + 1):
        return None
    got = _one_date(words, at)
    if got is not None and got[0][0] is not None:
        (y, m, d), end = got
        try:
            first = dt.date(y, m, d)  # type: ignore[arg-type]
        except ValueError:
            return None
        last = first + dt.timedelta(days=1)
        label = f"{' '.join(words[i:at])} {first.isoformat()}"
    elif words[at] in MONTHS and len(words[at]) > 3 and at + 1 < len(words) and words[at + 1].isdigit() \
            and len(words[at + 1]) == 4 and kind != "on":
        y, m = int(words[at + 1]), MONTHS[words[at]]
        first, last, end = _month_start(y, m), _month_start(y, m + 1), at + 2
        label = f"{' '.join(words[i:at])} {words[at]} {y}"
    else:
        return None
    if kind == "before":
        return DateRange("", first.isoformat(), label), end
    if kind == "after":
        return DateRange(last.isoformat(), "", label), end
    if kind == "since":
        return DateRange(first.isoformat(), "", label), end
    if kind == "until":
        return DateRange("", last.isoformat(), label), end
    return DateRange(first.isoformat(), last.isoformat(), label), end
