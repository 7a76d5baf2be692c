"""Numeric conditions ('more than 3 orders', 'in 2014', 'cost more than 1000 in total')."""

from __future__ import annotations

from ..lexicon import singular
from ..linking import ColumnInfo, Mention, TableInfo, holds_dates
from ..plan import Cond, Item, Plan
from .columns import adjective_column, resolve
from .compare import (
    MAGNITUDE_CUES,
    NEGATED_OP,
    add_where,
    adjective_in,
    cmp_after,
    cmp_before,
    number_value,
    own_measure,
    year_column,
)
from .state import Ctx
from .values import date_spans
from .superlatives import MONEY_WORDS

def _counted_table(ctx: Ctx, nxt: Mention | None, num: Mention) -> TableInfo | None:
    """'more than 3 car models' where the words right after the number link a text column (car_names.Model) but
    their last word names a table (model_list): a text column is never more than a number, so the table's rows are
    counted. None unless exactly one other table than the root is called by that word."""
    if nxt is None or nxt.kind != "column" or nxt.start != num.end or id(nxt) in ctx.used:
        return None
    col = resolve(ctx, nxt)
    if col is None or col.kind in ("num", "date") or holds_dates(col):
        return None
    head = singular(ctx.words[nxt.end - 1])
    root = ctx.root.name if ctx.root else None
    named = [t for t in ctx.index.tables if head in t.key_words and t.name != root]
    return named[0] if len(named) == 1 else None


def find_number_conditions(ctx: Ctx) -> None:
    """'older than 20', 'capacity above 5000', 'with more than 3 X' (HAVING), '8 cylinders'."""
    words = ctx.words
    plan = ctx.plan
    prev_cond_col: ColumnInfo | None = None
    in_span = {k for a, b, _ in date_spans(words) for k in range(a, b)}  # read as one range by find_dates
    for m in ctx.ments:
        if m.kind != "number" or id(m) in ctx.used or m.start in in_span:
            continue
        cmp = cmp_before(words, m.start, 5)
        op = cmp[0] if cmp else (cmp_after(words, m.end) or "=")
        cue = cmp[1] if cmp else m.start
        if cmp and any(w in ("not", "t", "never") for w in words[max(0, cue - 3) : cue]) and op in NEGATED_OP:
            op = NEGATED_OP[op]  # 'do not have more than 3 cylinders'
        adj = adjective_in(words[max(0, cue - 3) : m.start])
        if adj and not cmp:
            op = adj[1]
        nxt = ctx.next_mention(m.end, ("table", "column"), skip=1)
        val = m.value
        pre = ctx.prev_mention(m.start, ("column",), skip=0)
        if (cmp is None or cmp[1] < pre.start if pre is not None else False) and pre is not None and pre.end == m.start and cmp_before(words, pre.start, 4) is not None:
            op, cue = cmp_before(words, pre.start, 4)  # type: ignore[misc]
            nxt = None  # 'a singer above age 40 and ...': the column before the number is compared
            pre_col = resolve(ctx, pre)
            if pre_col is not None:
                ctx.used.add(id(pre))
        else:
            pre_col = None
        if nxt is not None and nxt.kind == "table" and id(nxt) not in ctx.used and cmp and _money_total(ctx, nxt, cmp, m):
            continue
        if cmp is None and _is_year_like(m) and nxt is not None and nxt.kind == "table":
            nxt = None  # '2014 concerts' are the concerts of a year, not exactly 2014 of them
        if nxt is not None and nxt.kind == "table" and id(nxt) not in ctx.used:
            ctx.used.update({id(m), id(nxt)})
            t = nxt.best_table()
            assert t is not None
            plan.tables.append(t.name)
            plan.having.append(Cond(t.name, None, op, number_value(val, None), agg="count"))
            ctx.spans[id(plan.having[-1])] = (cue, nxt.end)
            ctx.per_entity.append(t.name)
            continue
        if nxt is not None and nxt.kind == "column" and nxt.tables and nxt.tables[0][1] >= 0.9 and id(nxt) not in ctx.used and not adj:
            col_n = resolve(ctx, nxt)
            if col_n is None or col_n.kind != "num" or cmp:
                ctx.used.update({id(m), id(nxt)})
                t = nxt.tables[0][0]
                plan.tables.append(t.name)
                plan.having.append(Cond(t.name, None, op, number_value(val, None), agg="count"))
                ctx.spans[id(plan.having[-1])] = (cue, nxt.end)
                ctx.per_entity.append(t.name)
                continue
        counted = _counted_table(ctx, nxt, m) if cmp and pre_col is None and not adj else None
        if counted is not None:  # 'makers with more than 3 car models': the models are counted, not compared
            ctx.used.update({id(m), id(nxt)})
            plan.tables.append(counted.name)
            plan.having.append(Cond(counted.name, None, op, number_value(val, None), agg="count"))
            ctx.spans[id(plan.having[-1])] = (cue, nxt.end)  # type: ignore[union-attr]
            ctx.per_entity.append(counted.name)
            continue
        col = pre_col
        if col is None and _is_year_like(m):
            col = _called_a_year(ctx, cue)
        if adj and col is None:
            found = adjective_column(ctx, adj[0], cue)
            col = found[0] if found else None
        if col is None and nxt is not None and nxt.kind == "column" and nxt.start <= m.end + 1 and id(nxt) not in ctx.used:
            cn = resolve(ctx, nxt)
            if cn is not None and cn.kind == "num":
                col = cn
                ctx.used.add(id(nxt))
        if (col is None and _is_year_like(m) and prev_cond_col is not None and cmp is None
                and ("year" in prev_cond_col.words or prev_cond_col.kind == "date")
                and any(w in ("or", "and", "but", "nor") for w in words[max(0, cue - 3) : cue])):
            col = prev_cond_col  # 'founded in 1997 but not in 2016': the second year is on the first one's column
        magnitude = col is None and _is_year_like(m) and words[cue] in MAGNITUDE_CUES
        if magnitude:
            col = own_measure(ctx, cue) or _one_amount(ctx, cue)  # 'expenses above 2000': an amount, not a year
        if col is None and _is_year_like(m) and not magnitude:
            prev_near = ctx.prev_mention(cue, ("column",), skip=0)
            pc = resolve(ctx, prev_near) if prev_near is not None else None
            if pc is not None and cmp and pc.kind == "num" and not pc.is_key and prev_near.end == cue:  # type: ignore[union-attr]
                col = pc  # 'rent above 1000': the measure named right before the comparison, not a year
                ctx.used.add(id(prev_near))
            elif pc is None or not ("year" in pc.words or holds_dates(pc)):
                col = year_column(ctx, m)
        # 'usage in 2025': a year after 'in' is a time, never an amount equal to 2025 (no date found: ask)
        in_year = cmp is None and _is_year_like(m) and words[max(0, m.start - 1) : m.start] in (["in"], ["during"])
        if col is None:
            prev = ctx.prev_mention(cue, ("column",), skip=2)
            if prev is None and cue != m.start:
                prev = ctx.prev_mention(m.start, ("column",), skip=3)
            if prev is not None and (prev.best_column() is not None):
                found = resolve(ctx, prev)
                if not (in_year and found is not None and not _dates_a_year(found)):
                    col = found
                    ctx.used.add(id(prev))
        if col is None and nxt is not None and nxt.kind == "column":
            found = resolve(ctx, nxt)
            if not (in_year and found is not None and not _dates_a_year(found)):
                col = found
                ctx.used.add(id(nxt))
        if col is None and words[cue] in MAGNITUDE_CUES:
            col = _one_amount(ctx, cue)  # 'expenses above 500': the one amount of the rows named
        if col is None and not magnitude:
            col = year_column(ctx, m)
        if col is None:
            if (words[max(0, m.start - 1) : m.start] in (["or"], ["and"]) or words[max(0, cue - 1) : cue] in (["or"], ["and"])) and prev_cond_col is not None:
                col = prev_cond_col
            else:
                continue
        ctx.used.add(id(m))
        if cmp and _how_often(words, m) and col.kind == "text" and not col.is_key and not holds_dates(col):
            # 'incident types that occurred more than once': a text column is never more than a number; how
            # often each of its values occurs is (GROUP BY the column, HAVING COUNT(*))
            plan.having.append(Cond(col.table, None, op, number_value(val, None), agg="count"))
            ctx.spans[id(plan.having[-1])] = (cue, m.end)
            if not any(g.table == col.table and g.column == col.name for g in plan.group):
                plan.group.append(Item(col.table, col.name))
            continue
        or_prev = "or" in words[max(0, cue - 3) : cue] or words[max(0, m.start - 1) : m.start] == ["or"]
        same = prev_cond_col is not None and prev_cond_col.key == col.key
        if holds_dates(col) and _is_year_like(m) and (col.kind == "date" or not _in_calendar_date(words, m.start)):
            _year_on_date(ctx, col, op, int(val))  # type: ignore[arg-type]
            prev_cond_col = col
            continue
        if ("total" in words[max(0, cue - 4) : m.end + 2]) and col.table != (ctx.root.name if ctx.root else None):
            plan.having.append(Cond(col.table, col.name, op, number_value(val, col), agg="sum"))
            ctx.per_entity.append(col.table)
            continue
        cond = Cond(col.table, col.name, op, number_value(val, col))
        ctx.spans[id(cond)] = (cue, m.end)
        if (cmp is None and op == "=" and same and ctx.except_cond is None
                and {"but", "not"} <= set(words[max(0, cue - 4) : cue])):
            ctx.except_cond = cond  # 'in 2014 but not in 2015': the first year's rows EXCEPT the second's
            prev_cond_col = col
            continue
        if words[max(0, cue - 1) : cue] == ["and"] and same and op != "=" and _disjoint(plan, col, op, val):
            _make_intersect(ctx, cond)
        else:
            add_where(ctx, cond, or_with_previous=or_prev and bool(ctx.plan.where))
        prev_cond_col = col


def _how_often(words: list[str], m: Mention) -> bool:
    """'more than once', 'at least twice', 'more than 2 times': the number counts occurrences."""
    return words[m.start] in ("once", "twice", "thrice") or words[m.end : m.end + 1] in (["time"], ["times"])


def _called_a_year(ctx: Ctx, cue: int) -> ColumnInfo | None:
    """'whose founding year is after 1990' where linking read 'founding year' as Founded: the question calls that
    column a year, so a year compared right after it is on it, not on another table's year column."""
    prev = ctx.prev_mention(cue, ("column",), skip=2)
    if prev is None or id(prev) in ctx.used or prev.text.lower().split()[-1] not in ("year", "years"):
        return None
    col = resolve(ctx, prev)
    if col is None or col.kind != "num" or col.is_key or "year" in col.words:
        return None
    ctx.used.add(id(prev))
    return col


def _dates_a_year(col: ColumnInfo) -> bool:
    return col.kind == "date" or "year" in col.words or holds_dates(col)


MONEY_VERBS = frozenset("cost costs costed spend spends spent pay pays paid charge charged charges".split())


def _money_total(ctx: Ctx, nxt: Mention, cmp: tuple[str, int], num: Mention) -> bool:
    """'dogs that have not cost more than 1000 for treatment': a money verb before 'more than N <table>' compares
    the SUM of that table's money column, not a count; negated, the entities whose total exceeds N are
    excluded (NOT IN), so entities with no rows at all are kept."""
    words, root, t = ctx.words, ctx.root, nxt.best_table()
    op, cue = cmp
    window = range(max(0, cue - 6), cue)
    if t is None or root is None or t.name == root.name or not any(words[k] in MONEY_VERBS for k in window):
        return False
    money = next((c for c in t.columns if c.kind == "num" and not c.is_key and any(w in MONEY_WORDS for w in c.words)), None)
    if money is None:
        return False
    negs = [k for k in window if words[k] in ("not", "never", "t")]
    ctx.used.update({id(num), id(nxt)})
    for x in ctx.ments:  # the money word and anything named inside the clause belong to the comparison
        if x.start in window and x.kind in ("column", "table") and (x.kind == "column" or negs):
            ctx.used.add(id(x))
    cond = Cond(t.name, money.name, op, number_value(num.value, money), agg="sum", text=" ".join(words[cue : nxt.end]))
    pk = root.pk()
    fk = next((c for c in t.columns if c.fk is not None and c.fk[0] == root.name), None)
    if negs and pk is not None and fk is not None:
        sub = Plan(root=t.name, select=[Item(t.name, fk.name)], group=[Item(t.name, fk.name)], having=[cond])
        add_where(ctx, Cond(root.name, pk.name, "not in", sub=sub, text="not " + cond.text))
        return True
    if negs:
        cond.op = NEGATED_OP.get(op, op)
    ctx.plan.tables.append(t.name)
    ctx.plan.having.append(cond)
    ctx.spans[id(cond)] = (cue, nxt.end)
    ctx.per_entity.append(t.name)
    return True


def _year_on_date(ctx: Ctx, col: ColumnInfo, op: str, year: int) -> None:
    """'in 2014' on a date column is a range, written with plain ISO literals (portable)."""
    from ..dates import year_range

    r = year_range(year)
    if op == "=":
        add_where(ctx, Cond(col.table, col.name, ">=", r.start, text=str(year)))
        add_where(ctx, Cond(col.table, col.name, "<", r.end, text=str(year)))
    elif op in (">", ">="):
        add_where(ctx, Cond(col.table, col.name, ">=", r.end if op == ">" else r.start, text=str(year)))
    else:
        add_where(ctx, Cond(col.table, col.name, "<", r.start if op == "<" else r.end, text=str(year)))


def _in_calendar_date(words: list[str], at: int) -> bool:
    """The year of 'March 31, 2023' or 'March 2023': a day or month of a date phrase, not a year to compare with."""
    from ..lexicon import MONTHS

    before = [w for w in words[max(0, at - 3) : at] if w not in (",", "of")]
    return bool(before) and (before[-1] in MONTHS or len(before) > 1 and before[-1].isdigit() and before[-2] in MONTHS)


def _is_year_like(m: Mention) -> bool:
    v = m.value
    return isinstance(v, float) and v.is_integer() and 1000 <= v <= 2200


def _disjoint(plan: Plan, col: ColumnInfo, op: str, val: object) -> bool:
    """'above 40 and below 30' on the same column cannot both hold on one row -> INTERSECT."""
    for group in plan.where:
        for c in group:
            if c.column == col.name and c.table == col.table and isinstance(c.value, (int, float)) and isinstance(val, (int, float)):
                lo_hi = {">": (c.value, None), ">=": (c.value, None), "<": (None, c.value), "<=": (None, c.value)}.get(c.op)
                new = {">": (val, None), ">=": (val, None), "<": (None, val), "<=": (None, val)}.get(op)
                if lo_hi and new:
                    lo = max(x for x in (lo_hi[0], new[0], float("-inf")) if x is not None)
                    hi = min(x for x in (lo_hi[1], new[1], float("inf")) if x is not None)
                    if lo >= hi:
                        return True
    return False


def _make_intersect(ctx: Ctx, cond: Cond) -> None:
    """Move the last condition group and ``cond`` into two halves of an INTERSECT."""
    ctx.intersect_cond = cond


def _one_amount(ctx: Ctx, cue: int) -> ColumnInfo | None:
    """The one money column of the table named just before a magnitude word ('expenses above 2000' -> Amount); none
    or several: no guess (a year is not guessed either)."""
    from ..semantic import measure_kind

    near = ctx.prev_mention(cue, ("table",), skip=2)
    t = near.best_table() if near is not None else None
    money = [c for c in (t.columns if t is not None else []) if c.kind == "num" and not c.is_key and c.fk is None
             and measure_kind(c) == "money"]
    return money[0] if len(money) == 1 else None
