"""Conditions on stored values, dates and tables named but not yet used."""

from __future__ import annotations

from ..dates import DateRange, between_dates, bounded_date, find_date_ranges
from ..joins import shortest_path
from ..lexicon import singular, stem
from ..linking import ColumnInfo, Mention, row_dates, spoken_value
from ..plan import Cond
from .columns import resolve, tables_in_question
from .compare import add_where, nearest_tables
from .state import Ctx, LIKE_CUES, PARTICIPLES

def value_text(m: Mention, col: ColumnInfo) -> str:
    """The value exactly as stored (case of the data, not of the question)."""
    low = m.text.lower()
    parts = low.split()
    alt = " ".join(parts[:-1] + [singular(parts[-1])]) if parts else low
    for form in (low, alt):
        for s in col.samples:
            if s.lower() == form:
                return s
    joined = "".join(parts)
    for s in col.samples:
        if s.lower() == joined:
            return s  # the same words written without spaces in the data
    for form in (low, alt):
        for s in col.samples:
            if spoken_value(s.lower()) == form:
                return s  # 'in progress' is the stored 'in_progress'
    if len(parts) == 1:
        for s in col.samples:
            if stem(low) in (s.lower(), stem(s.lower())):
                return s  # 'engineering' names the stored 'engineer'
    if isinstance(m.value, str):
        return m.value
    return m.text


def find_values(ctx: Ctx) -> None:
    """Filters from data values: "from France", "named 'Smith'", "containing 'West'", 'cat or dog'."""
    words = ctx.words
    prev: tuple[Mention, ColumnInfo] | None = None
    for m in ctx.ments:
        if m.kind != "value" or id(m) in ctx.used:
            continue
        col = _value_column(ctx, m)
        if col is None:
            continue
        ctx.used.add(id(m))
        gap = words[max(0, m.start - 6) : m.start]
        near = words[max(0, m.start - 3) : m.start]
        like = any(w in LIKE_CUES for w in gap) or words[m.end : m.end + 2] in (["in", "its"], ["in", "their"])
        start_with = any(w in ("start", "starts", "starting", "begin", "begins", "beginning") for w in near)
        end_with = any(w in ("end", "ends", "ending") for w in near)
        neg = _negated_value(ctx, m) and not any(w in ("both",) for w in near)
        value = value_text(m, col)
        if start_with:
            cond = Cond(col.table, col.name, "not like" if neg else "like", f"{value}%")
        elif end_with:
            cond = Cond(col.table, col.name, "not like" if neg else "like", f"%{value}")
        elif like:
            cond = Cond(col.table, col.name, "not like" if neg else "like", f"%{value}%")
        else:
            cond = Cond(col.table, col.name, "!=" if neg else "=", typed_value(value, col))
        ctx.spans[id(cond)] = (m.start, m.end)
        between = words[prev[0].end : m.start] if prev else []
        joined_or = prev is not None and "or" in between and len(between) <= 8
        joined_and = prev is not None and between in (["and"], ["and", "the"], ["and", "a"]) or (prev is not None and "both" in words[max(0, prev[0].start - 3) : prev[0].start] and "and" in between)
        if joined_or:
            add_where(ctx, cond, or_with_previous=True)
        elif joined_and and prev is not None and prev[1].key == col.key and cond.op == "=":
            ctx.intersect_cond = cond
        elif "but" in between and "not" in between and prev is not None:
            cond.op = "="
            ctx.except_cond = cond
        else:
            add_where(ctx, cond)
        prev = (m, col)


def _negated_value(ctx: Ctx, m: Mention) -> bool:
    """'not X', 'do not have the nationality "USA"', 'whose hometown is not X', 'other than X'."""
    words = ctx.words
    near = words[max(0, m.start - 3) : m.start]
    if any(w in ("not", "except", "excluding", "t", "other", "isn", "aren", "doesn", "don") for w in near):
        return True
    start = m.start
    for k in range(m.start - 1, max(-1, m.start - 8), -1):
        if ctx.toks[k + 1].clause_break if k + 1 < len(ctx.toks) else False:
            break
        w = words[k]
        if w in ("not", "t", "never"):
            start = k
            break
        x = ctx.at(k)
        if x is not None and x.kind == "column":
            continue
        passive = w in ("by", "been", "be") or w in PARTICIPLES or (w.endswith("ed") and len(w) > 4)
        if not passive and w not in ("have", "has", "had", "the", "a", "an", "is", "are", "equal", "to", "any", "with", "of", "in", "as", "their", "its", "type", "value"):
            return False
    if start == m.start:
        return False
    return ctx.words[start + 1 : start + 2] != ["only"]


def typed_value(value: str, col: ColumnInfo) -> object:
    if col.kind == "num":
        try:
            f = float(value)
            return int(f) if f.is_integer() else f
        except ValueError:
            return value
    return value


def _value_column(ctx: Ctx, m: Mention) -> ColumnInfo | None:
    """Column a value belongs to: one named nearby, else one in an involved table, else any."""
    prev = ctx.prev_mention(m.start, ("column",), skip=3)
    nxt = ctx.next_mention(m.end, ("column",), skip=0)
    named: list[ColumnInfo] = []
    for near in (prev, nxt):
        if near is not None:
            named.extend(c for c, s in near.columns if s >= near.columns[0][1] - 0.15)
    if m.value_columns:
        beside: str | None = None  # the table named right next to the value
        for near_t in (ctx.next_mention(m.end, ("table",), skip=0), ctx.prev_mention(m.start, ("table",), skip=0)):
            if near_t is not None and near_t.best_table() is not None and (near_t.start == m.end or near_t.end == m.start):
                beside = beside or near_t.best_table().name  # type: ignore[union-attr]
                own = [c for c in m.value_columns if c.table == near_t.best_table().name]  # type: ignore[union-attr]
                if own:
                    return own[0]  # 'the fiat model': the value of the table named right next to it
        first = {t.name for t in ([ctx.root] if ctx.root else []) + tables_in_question(ctx)}
        for c in sorted(named, key=lambda c: c.table not in first):
            if any(c.key == v.key for v in m.value_columns):
                if near_used(ctx, prev, c) or near_used(ctx, nxt, c):
                    pass
                return c
        involved = {t.name for t in ([ctx.root] if ctx.root else []) + tables_in_question(ctx)}
        anchor = beside or (ctx.root.name if ctx.root else None)
        scored = sorted(
            m.value_columns,
            key=lambda c: (c.table not in involved, _hops(ctx, anchor, c.table), c.is_key, -(len(c.samples))),
        )
        return scored[0]
    # unknown value (quoted, not in samples): a column named right before it, else a name column
    if prev is not None and [t.lemma for t in ctx.toks[prev.start : prev.end]] == ["name"] and ctx.words[prev.start - 1 : prev.start] == ["whose"]:
        owner = ctx.prev_mention(prev.start - 1, ("column",), skip=0)
        if owner is not None and owner.end == prev.start - 1:
            c = resolve(ctx, owner)
            if c is not None and c.kind == "text":
                ctx.used.update({id(prev), id(owner)})
                return c  # 'the state whose name contains North': the name is the state itself
    if prev is not None:
        c = resolve(ctx, prev)
        if c is not None:
            ctx.used.add(id(prev))
            return c
    if nxt is not None and ctx.words[m.end : m.end + 1] == []:
        pass
    if ctx.root is not None:
        words = ctx.words
        if any(w in ("named", "called", "name", "titled") for w in words[max(0, m.start - 3) : m.start]):
            return ctx.root.name_column()
        return ctx.root.name_column()
    return None


def _hops(ctx: Ctx, start: str | None, table: str) -> int:
    """Joins from the table the value describes to the value's table: 'active subscribers' is the status lookup the
    subscribers refer to, not the lines' status lookup two joins away (the same word stored in both)."""
    if start is None:
        return 0
    from ..sqlgen import index_edges  # imported late, as elsewhere in the parser

    path = shortest_path(index_edges(ctx.index), start, table)
    return len(path) if path is not None else 99


def near_used(ctx: Ctx, m: Mention | None, c: ColumnInfo) -> bool:
    if m is not None and any(x.key == c.key for x, _ in m.columns):
        ctx.used.add(id(m))
        return True
    return False


def date_spans(words: list[str]) -> list[tuple[int, int, DateRange]]:
    """'between March 1 and June 30, 2024': where each such calendar span starts and ends, and its range. Why here:
    the numbers inside it are days and a year of the span, not a year to filter on by themselves."""
    out: list[tuple[int, int, DateRange]] = []
    i = 0
    while i < len(words):
        got = between_dates(words, i) or bounded_date(words, i)  # or one bound: 'before December 1, 2025'
        if got is None:
            i += 1
            continue
        out.append((i, got[1], got[0]))
        i = got[1]
    return out


def find_dates(ctx: Ctx) -> None:
    """Relative and calendar date phrases on a date column ('last month', 'in March 2024')."""
    spans = date_spans(ctx.words)
    inside = {k for a, b, _ in spans for k in range(a, b)}
    ranges: list[DateRange] = [r for _, _, r in spans] + find_date_ranges(
        [w for k, w in enumerate(ctx.words) if k not in inside])
    if not ranges:
        return
    date_col = None
    tables = ([ctx.root] if ctx.root else []) + tables_in_question(ctx) + nearest_tables(ctx)
    for t in tables:
        date_col = next(iter(row_dates(t)), None)
        if date_col:
            break
    if date_col is None:
        return
    table = ctx.index.table(date_col.table)
    if any(not r.start or not r.end for r in ranges) and (table is None or len(row_dates(table)) != 1):
        return  # 'before December 1' on whichever of several dates comes first is a guess
    for r in ranges:
        if r.start:
            add_where(ctx, Cond(date_col.table, date_col.name, ">=", r.start, text=r.label))
        if r.end:
            add_where(ctx, Cond(date_col.table, date_col.name, "<", r.end, text=r.label))
        ctx.assumptions.append(f"'{r.label}' is read as {r.start or 'any date'} to {r.end or 'any date'} on "
                               f"{date_col.table}.{date_col.name}")


def leftover_tables(ctx: Ctx) -> None:
    """Tables named in the question but not used elsewhere still take part in the join."""
    for m in ctx.ments:
        if m.kind == "table" and id(m) not in ctx.used and not any(g is m for g, _ in ctx.group_targets):
            t = m.best_table()
            ctx.used.add(id(m))
            if t is None or t.name in ctx.plan.tables or (ctx.root is not None and t.name == ctx.root.name):
                continue
            best = m.tables[0][1]
            ambiguous = len(m.tables) > 1 and m.tables[1][1] >= best - 0.1
            if best < (0.9 if len(m.tables) > 1 else 0.7) or ambiguous:
                continue
            ctx.plan.tables.append(t.name)
            ctx.existence.append(t.name)
