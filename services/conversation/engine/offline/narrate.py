"""Answer text: a one-line answer from the rows, one line on how the question was read, and the
genuine assumptions (ambiguous words, chosen date column, join path through unnamed tables).

Kept apart from report.py so the explanation of a single answer and the deep report share wording.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lemminflect import getInflection

from services.common.column_roles import HUNGARIAN_TAGS, TRUE_VALUES, hungarian_tag

from ..types import QueryResult
from .joins import Edge
from .lexicon import singular, split_identifier
from .linking import SchemaIndex
from .plan import Cond, Item, Plan
from .units import minor_unit, shown_in_currency, stored_minor

AGG_WORDS = {"sum": "total", "avg": "average", "min": "lowest", "max": "highest", "count": "number of",
             "share": "percent of all", "per": "average number per", "median": "median", "percent": "percent of"}


def fmt(v: Any) -> str:
    """A value as people read it: thousands separators, at most two decimals."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, Decimal):
        v = float(v)
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}"
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return "empty" if v is None else str(v)


def plural(noun: str) -> str:
    """English plural of a table noun ('order line' -> 'order lines', 'category' -> 'categories'): lemminflect's
    inflection of its last word."""
    if not noun or (noun.endswith("s") and not noun.endswith("ss")):  # 'classes', not 'class'
        return noun
    head, _, last = noun.rpartition(" ")
    forms = getInflection(last, tag="NNS")
    return f"{head} {forms[0] if forms else last + 's'}".strip()


def _spoken(name: str) -> list[str]:
    """An identifier's words as said: a Hungarian type tag is not said ('tblMember' -> member, 'strStatus' -> status)."""
    words = split_identifier(name)
    return words[1:] if len(words) > 1 and hungarian_tag(name.split(".")[-1]) else words


def table_noun(table: str | None, index: SchemaIndex | None = None) -> str:
    """'order_lines' -> 'order lines' (plural, as a count reads); with the schema's ``index``, the words it reads
    the table by ('cr5f3_asset' -> assets, 'orders_order' -> orders), which people say."""
    info = index.table(table) if index is not None and table else None
    words = list(info.words) if info is not None and info.words else _spoken(table or "") or ["rows"]
    return plural(" ".join(words))


def column_words(col: str | None, index: SchemaIndex | None = None, table: str | None = None) -> str:
    """A column's words as said; with the schema's ``index`` and the column's ``table``, the words the index reads
    it by ('cr5f3_purchasecost_base' -> purchase cost: the index drops the prefix and reads a `_base` twin as
    its amount)."""
    info = index.column(table, col) if index is not None and table and col else None
    if info is not None and info.words:
        return " ".join(info.words)
    return " ".join(_spoken(col or "")) or "value"


def measure_phrase(it: Item, index: SchemaIndex) -> str:
    """'orders' for count(*), 'total quantity', 'average unit price', 'average days from order date to shipped date'."""
    if it.since:
        return f"{AGG_WORDS.get(it.agg or '', it.agg or '')} {it.unit or 'day'}s from {column_words(it.since, index, it.table)} to {column_words(it.column, index, it.table)}".strip()
    words = column_words(it.column, index, it.table)
    if minor_unit(it.column) and it.agg in ("sum", "avg", "min", "max", "median"):
        words = " ".join(split_identifier(it.column or "")[:-1])  # shown in dollars (sqlgen divides the cents)
    if it.per is not None:
        return f"{AGG_WORDS.get(it.agg or '', it.agg or '')} {words} per {singular(table_noun(it.per.table, index))}".strip()
    if it.agg == "percent":
        return f"percent of {table_noun(it.table, index)}"
    if it.agg == "count":
        info = index.column(it.table or "", it.column) if it.column else None
        if it.column is None or (info is not None and info.is_pk):
            return table_noun(it.table, index)
        return ("different " if it.distinct else "") + plural(column_words(it.column, index, it.table))
    return f"{AGG_WORDS.get(it.agg or '', it.agg or '')} {words}".strip()


def _dates(conds: list[Cond]) -> tuple[str, str, str] | None:
    lo = next((c for c in conds if c.op == ">=" and c.text), None)
    hi = next((c for c in conds if c.op == "<" and c.text == (lo.text if lo else None)), None)
    if lo is None or hi is None:
        return None
    return lo.text, str(lo.value), str(hi.value)


def filter_phrase(plan: Plan, index: SchemaIndex | None = None) -> str:
    """' with country Germany in 2024' — the plan's simple filters as words (empty when none)."""
    conds = [c for g in plan.where for c in g if len(g) == 1]
    out: list[str] = []
    dates = _dates(conds)
    for c in conds:
        if dates and c.text == dates[0] and c.op in (">=", "<"):
            continue
        if c.sub is not None or c.column is None:
            continue
        word = column_words(c.column, index, c.table or plan.root)
        if c.ref_column is not None:
            other = f"the {singular(table_noun(c.ref_table, index))}'s " if c.ref_table and c.ref_table != c.table else ""
            out.append(f"with {word} {'different from' if c.op == '!=' else c.op} {other}{column_words(c.ref_column, index, c.ref_table or c.table or plan.root)}")
        elif c.op == "=" and HUNGARIAN_TAGS.get(hungarian_tag(c.column)) == "flag":
            out.append(f"{'' if str(c.value) in TRUE_VALUES else 'not '}marked {word}")  # 'ysnAutoPay = -1': marked auto pay
        elif c.op == "=":
            out.append(f"with {word} {fmt(c.value)}")
        elif c.op == "!=":
            out.append(f"with {word} other than {fmt(c.value)}")
        elif c.op in (">", "<", ">=", "<="):
            out.append(f"with {word} {c.op} {fmt(c.value)}")
        elif c.op == "between":
            out.append(f"with {word} between {fmt(c.value)} and {fmt(c.value2)}")
        elif c.op == "like":
            out.append(f"with {word} like {fmt(c.value)}")
    if dates:
        label = dates[0]
        out.append(f"in {label}" if label[:1].isdigit() or label[:1].isupper() or " " not in label else label)
    return (" " + " ".join(out)) if out else ""


def _is_time_label(v: Any) -> bool:
    if isinstance(v, (dt.date, dt.datetime)):
        return True
    return isinstance(v, str) and len(v) >= 4 and v[:4].isdigit() and (len(v) == 4 or v[4:5] == "-")


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float, Decimal)):
        return float(v)
    return None


def answer_sentence(plan: Plan, result: QueryResult, index: SchemaIndex) -> str:
    """One line that answers the question from the rows ('There are 500 customers.')."""
    rows = result.rows
    filters = filter_phrase(plan, index)
    if not rows:
        return f"No rows match{filters}." if filters else "No rows match."
    aligned = len(plan.select) == len(result.columns) and not plan.setop
    if not aligned:
        return f"{len(rows):,} rows{' (truncated)' if result.truncated else ''}."
    aggs = [i for i, it in enumerate(plan.select) if it.agg]
    labels = [i for i, it in enumerate(plan.select) if not it.agg]
    if len(rows) == 1 and len(result.columns) == 1:
        return _single_value(plan, rows[0][0], index, filters)
    if aggs and labels and len(rows) >= 1:
        return _breakdown(plan, result, index, aggs[0], labels, filters)
    ranked = _ranked_column(plan)
    if ranked is not None and len(result.columns) > 1:
        return _breakdown(plan, result, index, ranked, [i for i in range(len(plan.select)) if i != ranked], filters)
    if len(rows) == 1:
        pairs = ", ".join(f"{column_words(c)} {fmt(v)}" for c, v in zip(result.columns, rows[0]))
        return f"One match: {pairs}."
    root = plan.root or (plan.select[0].table if plan.select else None)
    if plan.having and plan.select and not any(it.agg for it in plan.select):
        root = plan.select[0].table  # 'films rented more than 30 times': the rows found are the groups, not the counted rows
    more = f" (showing the first {len(rows):,})" if result.truncated else ""
    return f"Found {len(rows):,} {table_noun(root, index) if root else 'rows'}{filters}{more}."


def _ranked_column(plan: Plan) -> int | None:
    """'Top 5 products by price': the selected numeric column the rows are ranked by."""
    if not plan.order or plan.limit is None:
        return None
    by = plan.order[0][0]
    return next((i for i, it in enumerate(plan.select) if it.key() == by.key()), None)


def _single_value(plan: Plan, v: Any, index: SchemaIndex, filters: str) -> str:
    it = plan.select[0]
    ch = plan.change
    if ch is not None and it.agg:
        what = measure_phrase(it, index)
        if v is None:
            return f"The {what}{filters} cannot be compared: {ch.previous.label} has none."
        if ch.percent:
            return f"The {what}{filters} changed by {fmt(v)}% in {ch.current.label} against {ch.previous.label}."
        return f"The {what}{filters} changed by {fmt(v)} from {ch.previous.label} to {ch.current.label}."
    if it.agg == "percent" and plan.part:
        which = " and ".join(" or ".join(_cond(c) for c in g) for g in plan.part)
        return f"{fmt(v)}% of the {table_noun(it.table or plan.root, index)}{filters} have {which}."
    if it.agg == "count":
        noun = measure_phrase(it, index)
        return f"There {'is' if v == 1 else 'are'} {fmt(v)} {noun}{filters}."
    if it.agg:
        return f"The {measure_phrase(it, index)}{filters} is {fmt(v)}."
    if plan.order and plan.limit == 1:
        by, desc = plan.order[0]
        return f"{fmt(v)} has the {_rank_phrase(by, desc, index)}{filters}."
    return f"The {column_words(it.column, index, it.table or plan.root)}{filters} is {fmt(v)}."


def _rank_phrase(by: Item, desc: bool, index: SchemaIndex) -> str:
    if by.agg == "count":
        return f"{'most' if desc else 'fewest'} {measure_phrase(by, index)}"
    word = column_words(by.column, index, by.table)
    if minor_unit(by.column):
        word = " ".join(split_identifier(by.column or "")[:-1])  # 'highest monthly rent', not '... rent cents'
    lead = "highest" if desc else "lowest"
    return f"{lead} total {word}" if by.agg == "sum" else f"{lead} {word}"


def _breakdown(plan: Plan, result: QueryResult, index: SchemaIndex, m: int, labels: list[int], filters: str) -> str:
    rows = result.rows
    measure = plan.select[m]
    phrase = measure_phrase(measure, index) if measure.agg else column_words(measure.column, index, measure.table or plan.root)
    if plan.change is not None and measure.agg:
        ch = plan.change
        phrase = (f"growth in percent of {phrase}" if ch.percent else f"change in {phrase}") + \
            f" ({ch.current.label} against {ch.previous.label})"
    vals = [(_num(r[m]), r) for r in rows]
    vals = [(v, r) for v, r in vals if v is not None]
    if not vals:
        return f"{len(rows):,} rows{filters}."

    def label(r: tuple[Any, ...]) -> str:
        return " / ".join(fmt(r[i]) for i in labels)

    if all(_is_time_label(r[labels[0]]) for _, r in vals) and len(labels) == 1 and len(vals) >= 2:
        first, last = vals[0], vals[-1]
        peak = max(vals, key=lambda x: x[0])
        bucket = plan.select[labels[0]].bucket
        head = phrase[:1].upper() + phrase[1:] + (f" per {bucket}" if bucket else "")
        change = ""
        if first[0]:
            pct = (last[0] - first[0]) / abs(first[0]) * 100
            change = f" ({'+' if pct >= 0 else ''}{pct:.0f}%)"
        return (f"{head}{filters} went from {fmt(first[1][m])} in {label(first[1])} to {fmt(last[1][m])} in "
                f"{label(last[1])}{change}; the peak was {fmt(peak[1][m])} in {label(peak[1])}.")
    desc = not (plan.order and plan.order[0][0].key() == measure.key() and not plan.order[0][1])
    ranked = sorted(vals, key=lambda x: x[0], reverse=desc)
    top = ranked[0][1]
    if measure.agg == "count":
        what = f"{'most' if desc else 'fewest'} {phrase}"
    else:
        what = f"{'highest' if desc else 'lowest'} {phrase}"
    text = f"{label(top)} has the {what}{filters} ({fmt(top[m])})"
    if len(ranked) > 1:
        nxt = ranked[1][1]
        text += f", followed by {label(nxt)} ({fmt(nxt[m])})"
    if len(rows) > 2 and plan.limit is None:
        text += f"; {len(rows):,} groups in all"
    return text + "."


# ------------------------------------------------------------------ how it was read


def _col(table: str | None, column: str | None) -> str:
    return f"{table}.{column}" if table and column else (column or table or "rows")


def _item(it: Item, shown: bool = False, index: SchemaIndex | None = None) -> str:
    if it.agg == "count" and it.column is None:
        return f"counted rows of {it.table}"
    base = _col(it.table, it.column)
    if it.since:
        base = f"{it.unit or 'day'}s from {_col(it.table, it.since)} to {base}"
    if it.per is not None:
        base = f"{base} summed per {_col(it.per.table, it.per.column)}"
    if it.agg == "percent":
        return f"percent of the rows of {it.table}"
    if it.bucket:
        base = f"{base} by {it.bucket}"
    cents = _cents_note(it, index) if shown else ""
    if it.agg:
        return f"{AGG_WORDS[it.agg]}{' distinct' if it.distinct else ''} {base}{cents}"
    return base + cents


def _cents_note(it: Item, index: SchemaIndex | None) -> str:
    """Said wherever sqlgen shows money kept in cents in the currency (a shown value, a sum, average, median,
    minimum or maximum), whether the column's name says cents or the catalog found integer money beside a currency
    code: '1,199' must not be checked against a column whose rows hold 119900."""
    if not it.column or not shown_in_currency(it):
        return ""
    per = stored_minor(index.column(it.table or "", it.column) if index is not None else None, it.column)
    return f" (cents shown in the currency: divided by {per})" if per else ""


def _cond(c: Cond) -> str:
    left = _col(c.table, c.column) if c.column else "number of rows"
    if c.agg and c.column:
        left = f"{AGG_WORDS[c.agg]} {left}"
    if c.sub is not None:
        if c.op in ("in", "not in"):
            among = f"{left} {'not ' if c.op == 'not in' else ''}among {', '.join(c.sub.all_tables())}"
            inner = [_cond(x) for g in c.sub.where for x in g if x.op != "is not null"]  # the rows it picks, if narrowed
            return f"{among} rows where {' and '.join(inner)}" if inner else among
        return f"{left} {c.op} a subquery ({c.text or 'nested'})"
    if c.op == "between":
        return f"{left} between {c.value!r} and {c.value2!r}"
    if c.op in ("is null", "is not null"):
        return f"{left} {c.op}"
    if c.ref_column is not None:
        return f"{left} {c.op} {_col(c.ref_table or c.table, c.ref_column)}"
    return f"{left} {c.op} {c.value!r}"


def reading_line(plan: Plan, index: SchemaIndex, joins: list[Edge], extra: list[str] | None = None) -> str:
    """'How I read it: ...' — columns used, grouping, filters, date range, order and join path."""
    bits: list[str] = []
    grouped = {(g.table, g.column, g.bucket) for g in plan.group}
    for g in plan.group:  # a grouping by a key is shown by that table's other plain columns (its name)
        info = index.column(g.table or "", g.column or "")
        if info is not None and info.is_pk:
            grouped |= {(it.table, it.column, it.bucket) for it in plan.select if not it.agg and it.table == g.table}
    shown = [it for it in plan.select if it.agg or (it.table, it.column, it.bucket) not in grouped]
    labels = [it for it in plan.select if not it.agg and (it.table, it.column, it.bucket) in grouped]
    if shown:
        bits.append(", ".join(_item(it, shown=True, index=index) for it in shown))
    if plan.group:
        named = labels or plan.group  # labels are projected too, so money among them is shown in the currency
        bits.append("per " + ", ".join(_item(it, shown=bool(labels), index=index) for it in named))
    conds = [c for g in plan.where for c in g]
    dates = _dates([c for g in plan.where for c in g if len(g) == 1])
    plain = [g for g in plan.where if not (dates and len(g) == 1 and g[0].text == dates[0] and g[0].op in (">=", "<"))]
    if plain:
        bits.append("only rows where " + " and ".join(" or ".join(_cond(c) for c in g) for g in plain))
    if dates:
        dcol = next(c for c in conds if c.text == dates[0])
        bits.append(f"date range {dates[1]} to {dates[2]} (end excluded) on {_col(dcol.table, dcol.column)}")
    if plan.part:
        bits.append("the percent counts rows where " + " and ".join(" or ".join(_cond(c) for c in g) for g in plan.part))
    if plan.change is not None:
        ch = plan.change
        bits.append(f"{'growth in percent' if ch.percent else 'change'} from {ch.previous.label} to {ch.current.label} "
                    f"on {_col(ch.table, ch.column)}")
    if plan.having:
        bits.append("keeping groups where " + " and ".join(_cond(c) for c in plan.having))
    if plan.order and any(plan.order[0][0].key() == g.key() and g.bucket for g in plan.group):
        bits.append("in time order")
    elif plan.order:
        it, desc = plan.order[0]
        bits.append(f"sorted by {_item(it) if it.agg or it.bucket else _col(it.table, it.column)} "
                    f"{'descending' if desc else 'ascending'}")
    if plan.limit:
        bits.append(f"first {plan.limit}")
    if joins:
        path = " → ".join([joins[0].left] + [f"{e.right} (on {e.left_col})" for e in joins])
        bits.append("joined " + path)
    if plan.setop and plan.other is not None:
        bits.append(f"{plan.setop} with a second query")
    bits.extend(extra or [])
    return "How I read it: " + "; ".join(bits) + "."


def join_assumptions(plan: Plan, tables: list[str], joins: list[Edge]) -> list[str]:
    """A join through a table the plan never named, or along an inferred key, is an assumption."""
    out: list[str] = []
    named = set(plan.all_tables())
    via = [t for t in tables if t not in named]
    if joins and via:
        out.append(f"{plan.root} is joined to the other tables through {', '.join(via)}, which the question does not name")
    for e in joins:
        if not e.declared:
            out.append(f"{e.left}.{e.left_col} is taken to reference {e.right}.{e.right_col} (no declared key)")
    return out


def ambiguity_assumptions(mentions: list[Any], plan: Plan) -> list[str]:
    """A word that fits several columns equally well: say which one was used."""
    used = {(it.table, it.column) for it in plan.select + plan.group + [o[0] for o in plan.order]}
    used |= {(c.table, c.column) for g in plan.where for c in g} | {(c.table, c.column) for c in plan.having}
    out: list[str] = []
    for m in mentions:
        if m.kind != "column" or len(m.columns) < 2:
            continue
        best = m.columns[0][1]
        close = [c for c, s in m.columns if s >= best - 0.05]
        keys = list(dict.fromkeys((c.table, c.name) for c in close))
        chosen = [k for k in keys if k in used]
        if len(keys) < 2 or len(chosen) != 1:
            continue
        others = [f"{t}.{c}" for t, c in keys if (t, c) != chosen[0]][:2]
        out.append(f"'{m.text}' was read as {chosen[0][0]}.{chosen[0][1]} (it could also mean {' or '.join(others)})")
    return out


def definition_assumptions(plan: Plan, index: SchemaIndex) -> list[str]:
    """Measures computed from a formula in the documentation, and columns found through their description."""
    out: list[str] = []
    items = plan.select + plan.group + [o[0] for o in plan.order]
    for key in dict.fromkeys((it.table, it.column) for it in items if it.column):
        info = index.column(key[0] or "", key[1] or "")
        if info is not None and info.expr:
            out.append(f"{info.name} is computed as {info.expr} (as the documentation of {info.table} defines it)")
    return out
