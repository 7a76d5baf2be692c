"""Units of measure: a number the question gives in one unit compared with a column that counts another.

'tasks longer than 2 hours' over ``duration_min`` means ``duration_min > 120``. The column's unit comes from
its name ('runtime_minutes', 'DurationHrs') or its documentation ('in minutes'); an undeclared unit is not
guessed (the trust check then asks which column is meant). Why: a threshold in the wrong unit filters every
row or none, and the answer still looks plausible.
"""

from __future__ import annotations

import re

from .lexicon import Token, split_identifier
from .linking import ColumnInfo, SchemaIndex
from .plan import Cond, Item, Plan

# Each unit in seconds (durations) or metres/grams (lengths, weights): conversion is a ratio within one dimension.
UNITS: dict[str, tuple[str, float]] = {
    "second": ("time", 1), "minute": ("time", 60), "hour": ("time", 3600), "day": ("time", 86400),
    "week": ("time", 604800),
    "metre": ("length", 1), "kilometre": ("length", 1000), "mile": ("length", 1609.344),
    "centimetre": ("length", 0.01), "millimetre": ("length", 0.001),
    "gram": ("mass", 1), "kilogram": ("mass", 1000), "pound": ("mass", 453.59237), "tonne": ("mass", 1e6),
}
# How a unit is written in a question or an identifier.
SPELLINGS: dict[str, str] = {
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "day": "day", "days": "day", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "m": "metre", "meter": "metre", "meters": "metre", "metre": "metre", "metres": "metre",
    "km": "kilometre", "kms": "kilometre", "kilometer": "kilometre", "kilometers": "kilometre", "kilometre": "kilometre",
    "kilometres": "kilometre", "mi": "mile", "mile": "mile", "miles": "mile",
    "cm": "centimetre", "centimeter": "centimetre", "centimeters": "centimetre", "mm": "millimetre",
    "g": "gram", "gram": "gram", "grams": "gram", "kg": "kilogram", "kgs": "kilogram", "kilogram": "kilogram",
    "kilograms": "kilogram", "kilo": "kilogram", "kilos": "kilogram", "lb": "pound", "lbs": "pound",
    "pound": "pound", "pounds": "pound", "t": "tonne", "ton": "tonne", "tons": "tonne", "tonne": "tonne",
    "tonnes": "tonne",
}
# Spellings too short to trust inside running text ('5 m' may be millions); fine as an identifier's suffix.
NAME_ONLY = frozenset("s h d m t g mi min".split())
_DOC_UNIT = re.compile(r"\b(?:in|of|as|unit:?)\s+(" + "|".join(sorted(
    (s for s in SPELLINGS if s not in NAME_ONLY), key=len, reverse=True)) + r")\b|\((" + "|".join(sorted(
    SPELLINGS, key=len, reverse=True)) + r")\)", re.IGNORECASE)


# Money stored in the currency's minor unit ('amount_cents', 'PriceInPence'): how many make one major unit.
MINOR_UNITS: dict[str, int] = {"cent": 100, "cents": 100, "pence": 100, "penny": 100, "paise": 100}


def minor_unit(column: str | None) -> int | None:
    """How many stored units make one of the currency when the column keeps money in cents (by its name).
    Why: 'average rent' over ``monthly_rent_cents`` is asked and read in dollars; 214152 would look plausible."""
    words = split_identifier(column or "")
    return MINOR_UNITS.get(words[-1]) if len(words) > 1 else None


def stored_minor(col: ColumnInfo | None, name: str | None) -> int | None:
    """Stored units per currency unit of a money column kept in cents: by its name, or because it is integer money
    beside a currency code (``ColumnInfo.minor``)."""
    return minor_unit(name) or (col.minor if col is not None and col.minor else None)


def shown_in_currency(it: Item) -> bool:
    """Whether a projected item of money kept in cents is shown in the currency (sqlgen divides it, narrate says so):
    a plain value, or a sum, average, median, minimum or maximum; never a date bucket, a duration or a count."""
    return not it.since and (it.agg in ("sum", "avg", "min", "max", "median") or (it.agg is None and not it.bucket))


def column_unit(col: ColumnInfo) -> str | None:
    """The unit a numeric column counts in, when its name ends with one or its documentation names one."""
    if col.kind != "num":
        return None
    words = split_identifier(col.name)
    if len(words) > 1 and words[-1] in SPELLINGS:  # 'duration_min', 'WeightKg'; a bare 'min' is a minimum
        return SPELLINGS[words[-1]]
    if len(words) > 1 and words[0] in SPELLINGS and words[0] not in NAME_ONLY | {"day", "days", "week", "weeks"}:
        return SPELLINGS[words[0]]  # 'minutes_played', 'hours_worked'
    m = _DOC_UNIT.search(col.description or "")
    if m:
        return SPELLINGS[(m.group(1) or m.group(2)).lower()]
    return None


def _said_unit(toks: list[Token], value: float) -> tuple[int, str] | None:
    """The position and unit of the question's 'N <unit>' that gave ``value`` (not 'in 2 hours')."""
    for i, t in enumerate(toks[:-1]):
        u = toks[i + 1].low
        if t.number == value and u in SPELLINGS and u not in NAME_ONLY and not (i > 0 and toks[i - 1].low == "in"):
            return i, SPELLINGS[u]
    return None


def _said_cents(toks: list[Token], value: object) -> bool:
    """The question itself gave ``value`` in cents ('over 500 cents')."""
    return any(t.number == value and toks[i + 1].low in MINOR_UNITS for i, t in enumerate(toks[:-1]))


def _scaled(v: object, factor: float) -> object:
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return v
    new = v * factor
    return int(new) if float(new).is_integer() else round(new, 6)


def convert_units(toks: list[Token], plan: Plan, index: SchemaIndex) -> list[str]:
    """Rewrite thresholds given in another unit of the compared column's dimension; the notes say how."""
    notes: list[str] = []
    conds: list[Cond] = [c for g in plan.where for c in g] + list(plan.having)
    for c in conds:
        if c.ref_column is not None or not isinstance(c.value, (int, float)) or c.column is None:
            continue
        col = index.column(c.table or "", c.column)
        have = column_unit(col) if col is not None else None
        said = _said_unit(toks, float(c.value)) or (
            _said_unit(toks, float(c.value2)) if isinstance(c.value2, (int, float)) else None)  # 'between 1 and 2 hours'
        per = stored_minor(col, c.column) if col is not None and col.kind == "num" else None
        if per and c.agg in (None, "sum", "avg", "min", "max") and not _said_cents(toks, c.value):
            c.value = _scaled(c.value, per)  # 'rent over 2000' on monthly_rent_cents: 200000 cents
            c.value2 = _scaled(c.value2, per)
            notes.append(f"{c.value} is in cents ({col.name if col else c.column} stores cents)")
            continue
        if have is None or said is None or said[1] == have or UNITS[said[1]][0] != UNITS[have][0]:
            continue
        factor = UNITS[said[1]][1] / UNITS[have][1]
        c.value = _scaled(c.value, factor)
        c.value2 = _scaled(c.value2, factor)
        notes.append(f"'{toks[said[0]].text} {toks[said[0] + 1].text}' is read as {c.value} {have}s "
                     f"({col.name if col else c.column} counts {have}s)")
    return notes
