"""Explanations, charts, suggestions and the deep (multi-query) report."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from services.common.errors import DomainError

from ..types import AnalystAnswer, AnswerPart, ChartSpec, QueryResult, Toolbox
from .linking import ColumnInfo, SchemaIndex, TableInfo
from .plan import Cond, Item, Plan
from .sqlgen import PlanError, render

AGG_NAMES = {"count": "number of", "sum": "total", "avg": "average", "min": "minimum", "max": "maximum"}


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)


def _is_time(v: Any) -> bool:
    if isinstance(v, (dt.date, dt.datetime)):
        return True
    return isinstance(v, str) and len(v) >= 4 and v[:4].isdigit() and (len(v) == 4 or v[4:5] == "-")


def chart_for(result: QueryResult, plan: Plan | None = None, force: str | None = None) -> ChartSpec | None:
    """A chart when the result is category + number or a time series (or when the user asked)."""
    if len(result.columns) < 2 or len(result.rows) < 2:
        return None
    rows = result.rows
    num_cols = [i for i in range(len(result.columns)) if all(_is_num(r[i]) or r[i] is None for r in rows)]
    other = [i for i in range(len(result.columns)) if i not in num_cols]
    if not num_cols:
        return None
    y = num_cols[-1]
    if other:
        x = other[0]
    elif len(num_cols) >= 2:
        x = num_cols[0]
    else:
        return None
    xs = [r[x] for r in rows]
    kind = "bar"
    if all(_is_time(v) for v in xs if v is not None):
        kind = "line"
    elif not other:
        kind = "scatter"
    if force in ("bar", "line", "scatter", "pie"):
        kind = force
    elif len(rows) > 50 and kind == "bar":
        return None
    title = f"{result.columns[y]} by {result.columns[x]}"
    return ChartSpec(kind=kind, x=result.columns[x], y=result.columns[y], title=title)  # type: ignore[arg-type]


def title_for(question: str) -> str:
    q = question.strip().rstrip("?.! ")
    return q[:1].upper() + q[1:80]


def _item_text(it: Item) -> str:
    target = f"{it.table}.{it.column}" if it.column else f"rows of {it.table}" if it.table else "rows"
    if it.agg:
        return f"{AGG_NAMES[it.agg]} {target}"
    return target


def _cond_text(c: Cond) -> str:
    left = f"{c.table}.{c.column}" if c.column else "number of rows"
    if c.agg and c.column:
        left = f"{AGG_NAMES[c.agg]} {left}"
    if c.sub is not None:
        if c.op in ("in", "not in"):
            return f"{left} {'not ' if c.op == 'not in' else ''}among {', '.join(c.sub.all_tables())}"
        return f"{left} {c.op} a subquery ({c.text or 'nested'})"
    if c.op == "between":
        return f"{left} between {c.value} and {c.value2}"
    return f"{left} {c.op} {c.value!r}"


def describe_plan(plan: Plan, index: SchemaIndex) -> list[str]:
    """Short statements of what the query does: columns used, filters, join path."""
    notes: list[str] = []
    notes.append("answer columns: " + ", ".join(_item_text(i) for i in plan.select))
    conds = [c for g in plan.where for c in g]
    if conds:
        notes.append("filters: " + " and ".join(_cond_text(c) for c in conds))
    if plan.group:
        notes.append("grouped by " + ", ".join(_item_text(i) for i in plan.group))
    if plan.having:
        notes.append("keeping groups where " + " and ".join(_cond_text(c) for c in plan.having))
    if plan.order:
        it, desc = plan.order[0]
        notes.append(f"ordered by {_item_text(it)} {'descending' if desc else 'ascending'}")
    if plan.limit:
        notes.append(f"top {plan.limit}")
    tables = plan.all_tables()
    if len(tables) > 1:
        notes.append("joined " + " + ".join(tables) + " along their keys")
    if plan.setop and plan.other is not None:
        notes.append(f"{plan.setop} with a second query")
    return notes


def _numeric_measures(t: TableInfo) -> list[ColumnInfo]:
    return [c for c in t.columns if c.kind == "num" and not c.is_key and "year" not in c.words]


def _dimensions(t: TableInfo) -> list[ColumnInfo]:
    """Low-cardinality text columns, most informative first (2..30 distinct values)."""
    dims = [c for c in t.columns if c.kind == "text" and c.complete and c.distinct and 2 <= c.distinct <= 30 and not c.is_pk]
    return sorted(dims, key=lambda c: abs((c.distinct or 0) - 8))


def _date_columns(t: TableInfo) -> list[ColumnInfo]:
    return [c for c in t.columns if c.kind == "date"]


def suggestions(index: SchemaIndex, plan: Plan | None = None) -> list[str]:
    """Questions the engine can answer on this schema (or follow-ups to a plan)."""
    out: list[str] = []
    tables = sorted(index.tables, key=lambda t: -(t.row_count or 0))
    if plan is not None and plan.root:
        t = index.table(plan.root)
        if t is not None:
            for d in _dimensions(t)[:2]:
                if not any(g.column == d.name for g in plan.group):
                    out.append(f"break down by {' '.join(d.words)}")
            if _date_columns(t):
                out.append("show it by month")
            out.append("show it as a chart")
    for t in tables[:3]:
        noun = " ".join(t.words)
        out.append(f"How many {noun} records are there?")
        dims = _dimensions(t)
        if dims:
            out.append(f"How many {noun} records are there for each {' '.join(dims[0].words)}?")
        nums = _numeric_measures(t)
        if nums:
            out.append(f"What is the average {' '.join(nums[0].words)} of {noun}?")
    return list(dict.fromkeys(out))[:6]


async def _run(plan: Plan, index: SchemaIndex, toolbox: Toolbox, dialect: str) -> QueryResult | None:
    try:
        return await toolbox.run_sql(render(plan, index, dialect))
    except (PlanError, DomainError):
        return None


async def deep_report(
    question: str, plan: Plan, index: SchemaIndex, toolbox: Toolbox, dialect: str, assumptions: list[str]
) -> AnalystAnswer:
    """Headline answer, breakdowns by the most informative dimensions, a trend, and findings."""
    parts: list[AnswerPart] = [AnswerPart(kind="text", text=f"Deep analysis of: {question.strip()}")]
    findings: list[str] = []
    head = await _run(plan, index, toolbox, dialect)
    if head is None:
        return AnalystAnswer(
            parts=[AnswerPart(kind="text", text="I understood the question but its query could not run.")],
            suggested_follow_ups=suggestions(index),
            understood=False,
        )
    parts.append(AnswerPart(kind="query", result=head, chart=chart_for(head, plan), title="Headline: " + title_for(question)))
    if head.rows and len(head.rows) == 1 and len(head.columns) == 1:
        findings.append(f"The headline figure is {head.rows[0][0]}.")
    else:
        findings.append(f"The headline query returns {len(head.rows)} rows.")
    root = index.table(plan.root or "")
    measure = next((it for it in plan.select if it.agg), None) or Item(root.name if root else None, None, "count")
    base_where = copy.deepcopy(plan.where)
    if root is not None and not plan.group and not plan.setop:
        for dim in _dimensions(root)[:2]:
            bd = Plan(root=root.name, select=[Item(dim.table, dim.name), Item(measure.table, measure.column, measure.agg)],
                      where=copy.deepcopy(base_where), group=[Item(dim.table, dim.name)],
                      order=[(Item(measure.table, measure.column, measure.agg), True)], limit=20, tables=list(plan.tables))
            res = await _run(bd, index, toolbox, dialect)
            if res is None or not res.rows:
                continue
            parts.append(AnswerPart(kind="query", result=res, chart=chart_for(res, bd), title=f"By {' '.join(dim.words)}"))
            top = res.rows[0]
            findings.append(f"By {' '.join(dim.words)}, the largest group is {top[0]} ({top[1]}).")
        for dcol in _date_columns(root)[:1]:
            tr = Plan(root=root.name, select=[Item(dcol.table, dcol.name, bucket="month"), Item(measure.table, measure.column, measure.agg)],
                      where=copy.deepcopy(base_where), group=[Item(dcol.table, dcol.name, bucket="month")],
                      order=[(Item(dcol.table, dcol.name, bucket="month"), False)], tables=list(plan.tables))
            res = await _run(tr, index, toolbox, dialect)
            if res is None or len(res.rows) < 2:
                continue
            parts.append(AnswerPart(kind="query", result=res, chart=chart_for(res, tr, force="line"), title=f"Trend by month of {' '.join(dcol.words)}"))
            first, last = res.rows[0], res.rows[-1]
            findings.append(f"Over time ({first[0]} to {last[0]}) the measure went from {first[1]} to {last[1]}.")
    notes = describe_plan(plan, index) + assumptions
    parts.append(AnswerPart(kind="text", text="Findings:\n- " + "\n- ".join(findings)))
    parts.append(AnswerPart(kind="text", text="Method: " + "; ".join(notes) + "."))
    return AnalystAnswer(
        parts=parts,
        suggested_follow_ups=suggestions(index, plan),
        assumptions=notes,
        understood=True,
        state={"v": 1, "plan": plan.to_dict(), "question": question},
    )
