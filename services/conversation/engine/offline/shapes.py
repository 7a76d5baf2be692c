"""Short analytic requests people type into a BI tool, which the sentence parser reads too literally:

- "Orders by region", "Show revenue per month", "Average unit price by category": a measure phrase
  (a table = count its rows, a numeric column = its total unless an aggregate word says otherwise)
  followed by by/per and a dimension (column, table shown by its name, or a time bucket);
- "Top 5 products by quantity sold": rank an entity by a measure, summed over related rows.

Each shape only fires when the words before by/per are nothing but the measure phrase, so full
questions ("List all song names by singers above ...") keep going through the general parser.
"""

from __future__ import annotations

from .joins import shortest_path
from .lexicon import Token
from .linking import ColumnInfo, Mention, SchemaIndex, TableInfo, line_owner, row_dates
from .plan import Cond, Item, Plan
from .sqlgen import index_edges

LEAD_WORDS = frozenset("show list give display plot chart graph get me us the all of a an please".split())
MEASURE_AGGS = {"number": "count", "count": "count", "total": "sum", "sum": "sum", "average": "avg", "avg": "avg",
                "mean": "avg", "maximum": "max", "max": "max", "minimum": "min", "min": "min"}
BUCKETS = {"month": "month", "monthly": "month", "year": "year", "yearly": "year", "day": "day", "daily": "day",
           "week": "day", "weekly": "day", "quarter": "month", "quarterly": "month"}
RANK_TAIL = frozenset("sold ordered bought purchased placed made the of total overall".split())


def _mention_at(ments: list[Mention], i: int) -> Mention | None:
    return next((m for m in ments if m.start <= i < m.end), None)


def _distance(index: SchemaIndex, a: str, b: str) -> int:
    if a == b:
        return 0
    path = shortest_path(index_edges(index), a, b)
    return len(path) if path is not None else 99


def nearest_column(m: Mention, index: SchemaIndex, anchor: str | None, kinds: tuple[str, ...] = ("num",)) -> ColumnInfo | None:
    """Among a mention's best columns (of the wanted kinds), the one fewest joins from ``anchor``."""
    cands = [(c, s) for c, s in m.columns if c.kind in kinds and not c.is_key]
    if not cands:
        return None
    best = max(s for _, s in cands)
    close = [c for c, s in cands if s >= best - 0.12]
    if anchor is None:
        return close[0]
    return min(close, key=lambda c: _distance(index, anchor, c.table))


def _date_near(index: SchemaIndex, root: str) -> ColumnInfo | None:
    """The root's date column, else one of the nearest table that has one."""
    owner = line_owner(index, root)  # an order item is dated by its order before its product
    tables = sorted(index.tables, key=lambda t: (_distance(index, root, t.name), t.name != owner))
    for t in tables:
        if _distance(index, root, t.name) > 2:
            break
        for c in row_dates(t):
            return c
    return None


def _filters(parsed: Plan | None, index: SchemaIndex, root: str) -> list[list[Cond]]:
    """The parser's plain filters (values, numbers) are kept; sub-queries are not; a date range
    ('in 2025') moves to the date column nearest the measure (order date, not signup date)."""
    if parsed is None:
        return []
    date = _date_near(index, root)
    out: list[list[Cond]] = []
    for g in parsed.where:
        if not all(c.sub is None and c.column is not None for c in g):
            continue
        if date is not None and len(g) == 1 and g[0].text and g[0].op in (">=", "<"):
            info = index.column(g[0].table or "", g[0].column or "")
            if info is not None and info.kind == "date":
                g = [Cond(date.table, date.name, g[0].op, g[0].value, text=g[0].text)]
        out.append(g)
    return out


def _measure(toks: list[Token], ments: list[Mention], start: int, end: int, index: SchemaIndex) -> tuple[Item, TableInfo] | None:
    """The measure phrase in toks[start:end]: lead words, an optional aggregate word, one mention."""
    agg: str | None = None
    found: Mention | None = None
    i = start
    while i < end:
        m = _mention_at(ments, i)
        w = toks[i].low
        if m is not None and m.kind in ("table", "column"):
            if found is not None or m.end > end:
                return None
            found = m
            i = m.end
            continue
        if m is not None:
            return None
        if w in MEASURE_AGGS and found is None:
            agg = MEASURE_AGGS[w]
        elif w not in LEAD_WORDS:
            return None
        i += 1
    if found is None:
        return None
    if found.kind == "table" and found.best_table() is not None and agg in (None, "count"):
        t = found.best_table()
        assert t is not None
        return Item(t.name, None, "count"), t
    col = nearest_column(found, index, None)
    if col is None:
        return None
    t = index.table(col.table)
    if t is None:
        return None
    return Item(col.table, col.name, "sum" if agg in (None, "count") else agg), t


def _dimension(toks: list[Token], ments: list[Mention], at: int, index: SchemaIndex, root: TableInfo) -> tuple[Item, Item, int] | None:
    """(group item, display item, end) for the words after by/per."""
    i = at
    while i < len(toks) and toks[i].low in ("the", "each", "every", "a"):
        i += 1
    if i >= len(toks):
        return None
    m = _mention_at(ments, i)
    if m is None and toks[i].low in BUCKETS:
        d = _date_near(index, root.name)
        if d is None:
            return None
        item = Item(d.table, d.name, bucket=BUCKETS[toks[i].low])
        return item, item, i + 1
    if m is None or m.kind not in ("table", "column"):
        return None
    if m.kind == "table" and m.best_table() is not None:
        t = m.best_table()
        assert t is not None
        key, name = t.pk(), t.name_column()
        if key is None:
            return None
        return Item(t.name, key.name), Item(t.name, (name or key).name), m.end
    col = nearest_column(m, index, root.name, ("text", "date", "num", "bool"))
    if col is None:
        return None
    if col.kind == "date":
        item = Item(col.table, col.name, bucket="month")
        return item, item, m.end
    return Item(col.table, col.name), Item(col.table, col.name), m.end


def breakdown(toks: list[Token], ments: list[Mention], index: SchemaIndex, parsed: Plan | None) -> tuple[Plan, list[str]] | None:
    """'Orders by region' -> number of orders per region name, largest first."""
    if parsed is not None and (any(it.agg for it in parsed.select) or parsed.group or parsed.setop):
        return None
    by = next((i for i, t in enumerate(toks) if t.low in ("by", "per") and i > 0), None)
    if by is None:
        return None
    measure = _measure(toks, ments, 0, by, index)
    if measure is None:
        return None
    item, root = measure
    dim = _dimension(toks, ments, by + 1, index, root)
    if dim is None:
        return None
    group, display, _end = dim
    plan = Plan(root=root.name, select=[display, item], group=[group], where=_filters(parsed, index, root.name))
    if group.bucket:
        plan.order = [(group, False)]
        notes = [f"'{toks[by + 1].text}' uses {group.table}.{group.column} as the date"]
    else:
        plan.order = [(Item(item.table, item.column, item.agg), True)]
        notes = []
    if item.agg == "sum" and not any(t.low in MEASURE_AGGS for t in toks[:by]):
        notes.append(f"{item.table}.{item.column} is added up (no aggregate was named)")
    return plan, notes


def _top_n(toks: list[Token]) -> tuple[int, int] | None:
    for i, t in enumerate(toks[:-1]):
        if t.low in ("top", "best", "largest", "biggest") and toks[i + 1].number is not None:
            n = toks[i + 1].number
            if n is not None and float(n).is_integer() and 0 < n <= 1000:
                return i, int(n)
    return None


def top_n(toks: list[Token], ments: list[Mention], index: SchemaIndex, parsed: Plan | None) -> tuple[Plan, list[str]] | None:
    """'Top 5 products by quantity sold' -> product names with their total quantity, largest first."""
    found = _top_n(toks)
    if found is None:
        return None
    i, n = found
    ent = _mention_at(ments, i + 2)
    if ent is None or ent.kind != "table" or ent.best_table() is None:
        return None
    t = ent.best_table()
    assert t is not None
    j = ent.end
    if j >= len(toks) or toks[j].low not in ("by", "per"):
        return None
    k = j + 1
    while k < len(toks) and toks[k].low in ("the", "total", "number", "of"):
        k += 1
    m = _mention_at(ments, k)
    if m is None or m.kind not in ("table", "column"):
        return None
    if any(tok.low not in RANK_TAIL and _mention_at(ments, x) is None and tok.number is None and tok.low not in ("in", "for", "with", "from", "during")
           for x, tok in enumerate(toks[m.end:], start=m.end)):
        return None
    key, name = t.pk(), t.name_column()
    if key is None:
        return None
    label = Item(t.name, (name or key).name)
    where = _filters(parsed, index, t.name)
    if m.kind == "table" and m.best_table() is not None and m.best_table() is not t:
        other = m.best_table()
        assert other is not None
        measure = Item(other.name, None, "count")
        plan = Plan(root=t.name, select=[label, measure], group=[Item(t.name, key.name)],
                    order=[(measure, True)], limit=n, where=where, tables=[other.name])
        return plan, []
    col = nearest_column(m, index, t.name)
    if col is None:
        return None
    if col.table == t.name:
        plan = Plan(root=t.name, select=[label, Item(col.table, col.name)], order=[(Item(col.table, col.name), True)],
                    limit=n, where=where)
        return plan, []
    measure = Item(col.table, col.name, "sum")
    plan = Plan(root=t.name, select=[label, measure], group=[Item(t.name, key.name)], order=[(measure, True)],
                limit=n, where=where)
    return plan, [f"'{m.text}' is added up over {col.table} for each of {t.name}"]


def analytic_shape(toks: list[Token], ments: list[Mention], index: SchemaIndex, parsed: Plan | None) -> tuple[Plan, list[str]] | None:
    """A plan for a short analytic request, or None to keep the parser's reading."""
    return top_n(toks, ments, index, parsed) or breakdown(toks, ments, index, parsed)

