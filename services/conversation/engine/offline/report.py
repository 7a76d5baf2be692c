"""Explanations, charts, suggestions and the deep (multi-query) report."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from services.common.errors import DomainError

from ..types import AnalystAnswer, AnswerPart, ChartSpec, QueryResult, Toolbox
from .linking import ColumnInfo, SchemaIndex, TableInfo
from .plan import STATE_VERSION, Item, Plan
from .sqlgen import PlanError, render



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
    series = None
    if len(other) >= 2 and kind in ("bar", "line"):
        time_cols = [i for i in other if all(_is_time(r[i]) for r in rows if r[i] is not None)]
        if time_cols:  # a time column is the x axis, the other label splits the lines
            x = time_cols[0]
            kind = "line" if force is None else kind
        series = next((result.columns[i] for i in other if i != x), None)
    title = f"{_human(result.columns[y])} by {_human(result.columns[x])}" + (f" and {_human(series)}" if series else "")
    return ChartSpec(kind=kind, x=result.columns[x], y=result.columns[y], series=series, title=title)  # type: ignore[arg-type]


def _human(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else name


def title_for(question: str) -> str:
    q = question.strip().rstrip("?.! ")
    return q[:1].upper() + q[1:80]


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


MAX_BREAKDOWNS = 3


def _reachable(index: SchemaIndex, root: TableInfo, hops: int = 2) -> list[tuple[TableInfo, int]]:
    """The root and the tables its foreign keys lead to (many-to-one, so joins do not repeat rows)."""
    out = [(root, 0)]
    seen = {root.name}
    frontier = [root]
    for depth in range(1, hops + 1):
        nxt: list[TableInfo] = []
        for t in frontier:
            for c in t.columns:
                ref = index.table(c.fk[0]) if c.fk else None
                if ref is not None and ref.name not in seen:
                    seen.add(ref.name)
                    out.append((ref, depth))
                    nxt.append(ref)
        frontier = nxt
    return out


def breakdown_dimensions(index: SchemaIndex, root: TableInfo, skip: set[tuple[str, str]]) -> list[tuple[Item, Item, str]]:
    """(group item, display item, label) of the most informative low-cardinality dimensions:
    text columns with 2..30 values on the root or a table it references, and small lookup tables by name."""
    cands: list[tuple[float, Item, Item, str]] = []
    for t, depth in _reachable(index, root):
        name, key = t.name_column(), t.pk()
        for c in _dimensions(t):
            if (c.table, c.name) in skip or c.is_key or (depth and name is not None and c.name == name.name):
                continue
            spread = abs((c.distinct or 0) - 6)
            cands.append((spread + depth * 2, Item(c.table, c.name), Item(c.table, c.name), " ".join(c.words)))
        if depth and name is not None and key is not None and t.row_count and 2 <= t.row_count <= 30:
            if (t.name, name.name) not in skip and (t.name, key.name) not in skip:
                label = " ".join(t.key_words)
                cands.append((abs(t.row_count - 6) + depth, Item(t.name, key.name), Item(t.name, name.name), label))
    cands.sort(key=lambda x: x[0])
    out: list[tuple[Item, Item, str]] = []
    for _, g, d, label in cands:
        if all(label != x[2] and d.key() != x[1].key() for x in out):
            out.append((g, d, label))
    return out[:MAX_BREAKDOWNS]


def _share(rows: tuple[tuple[Any, ...], ...], col: int) -> float | None:
    vals = [float(r[col]) for r in rows if _is_num(r[col])]
    total = sum(vals)
    return (vals[0] / total * 100) if vals and total > 0 else None


def _breakdown_finding(label: str, res: QueryResult, measure: Item, phrase: str) -> str:
    from .narrate import fmt

    top = res.rows[0]
    text = f"By {label}, {fmt(top[0])} leads with {fmt(top[1])} {phrase}"
    share = _share(res.rows, 1) if measure.agg in ("count", "sum") else None
    if share is not None:
        text += f" ({share:.0f}% of the total)"
    if len(res.rows) > 1:
        low = res.rows[-1]
        text += f"; {fmt(low[0])} is lowest with {fmt(low[1])}"
    return text + "."


def _trend_finding(res: QueryResult, phrase: str) -> str:
    from .narrate import fmt

    first, last = res.rows[0], res.rows[-1]
    peak = max((r for r in res.rows if _is_num(r[1])), key=lambda r: float(r[1]))
    text = f"Per month, {phrase} went from {fmt(first[1])} in {fmt(first[0])} to {fmt(last[1])} in {fmt(last[0])}"
    if _is_num(first[1]) and float(first[1]):
        pct = (float(last[1]) - float(first[1])) / abs(float(first[1])) * 100
        text += f" ({'+' if pct >= 0 else ''}{pct:.0f}%)"
    return text + f"; the peak was {fmt(peak[1])} in {fmt(peak[0])}."


async def deep_report(
    question: str, plan: Plan, index: SchemaIndex, toolbox: Toolbox, dialect: str, assumptions: list[str]
) -> AnalystAnswer:
    """Headline answer, breakdowns by the most informative dimensions (by name), a monthly trend, and findings."""
    from .narrate import answer_sentence, definition_assumptions, measure_phrase, reading_line
    from .sqlgen import join_plan

    head = await _run(plan, index, toolbox, dialect)
    if head is None:
        return AnalystAnswer(
            parts=[AnswerPart(kind="text", text="I understood the question but its query could not run.")],
            suggested_follow_ups=suggestions(index),
            understood=False,
        )
    headline = answer_sentence(plan, head, index)
    parts: list[AnswerPart] = [AnswerPart(kind="text", text=headline),
                               AnswerPart(kind="query", result=head, chart=chart_for(head, plan),
                                          title="Headline: " + title_for(question))]
    findings: list[str] = []
    trend: list[str] = []
    root = index.table(plan.root or "")
    measure = next((it for it in plan.select if it.agg), None) or Item(root.name if root else None, None, "count")
    phrase = measure_phrase(measure, index)
    base_where = copy.deepcopy(plan.where)
    if root is not None and not plan.setop:
        skip = {(g.table or "", g.column or "") for g in plan.group}
        for group, display, label in breakdown_dimensions(index, root, skip):
            bd = Plan(root=root.name, select=[display, copy.deepcopy(measure)], where=copy.deepcopy(base_where),
                      group=[group], order=[(copy.deepcopy(measure), True)], limit=20, tables=list(plan.tables))
            res = await _run(bd, index, toolbox, dialect)
            if res is None or len(res.rows) < 2:
                continue
            parts.append(AnswerPart(kind="query", result=res, chart=chart_for(res, bd), title=f"{phrase.capitalize()} by {label}"))
            findings.append(_breakdown_finding(label, res, measure, phrase))
        dcol = next((c for t, _ in _reachable(index, root) for c in _date_columns(t)), None)  # many-to-one only
        if dcol is not None and not any(g.bucket for g in plan.group):
            month = Item(dcol.table, dcol.name, bucket="month")
            tr = Plan(root=root.name, select=[month, copy.deepcopy(measure)], where=copy.deepcopy(base_where),
                      group=[month], order=[(month, False)], tables=list(plan.tables))
            res = await _run(tr, index, toolbox, dialect)
            if res is not None and len(res.rows) >= 2:
                parts.append(AnswerPart(kind="query", result=res, chart=chart_for(res, tr, force="line"),
                                        title=f"{phrase.capitalize()} per month"))
                trend.append(_trend_finding(res, phrase))
    parts.append(AnswerPart(kind="text", text="Findings:\n- " + "\n- ".join([headline] + findings[:2] + trend)))
    try:  # how the headline read the question, as every answer says
        parts.append(AnswerPart(kind="text", text=reading_line(plan, index, join_plan(plan, index)[1])))
    except PlanError:
        pass
    return AnalystAnswer(
        parts=parts,
        suggested_follow_ups=suggestions(index, plan),
        assumptions=list(dict.fromkeys(assumptions + definition_assumptions(plan, index))),
        understood=True,
        state={"v": STATE_VERSION, "plan": plan.to_dict(), "question": question},
    )
