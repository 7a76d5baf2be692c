"""Follow-ups that modify the previous turn's plan: breakdowns, extra filters, charts, 'what about X'."""

from __future__ import annotations

import copy
import re

from .dates import find_date_ranges, year_range
from .lexicon import STOPWORDS, Token
from .linking import ColumnInfo, Mention, SchemaIndex
from .parse import resolve_simple
from .plan import Cond, Item, Plan

FOLLOW_START = re.compile(
    r"^\s*(and\s+|now\s+|ok\s+|okay\s+|also\s+|then\s+)?(what about|how about|and for|same for|only|just|break (it )?down|split|"
    r"group|show (it|that|this|them) (as|in|by)|as a|make it|chart|plot|graph|by |per |for |in |excluding|without|exclude|"
    r"sort|order|top|limit)",
    re.I,
)
CHART_WORDS = {"chart": None, "graph": None, "plot": None, "bar": "bar", "line": "line", "pie": "pie", "scatter": "scatter"}


def looks_like_followup(question: str, index: SchemaIndex) -> bool:
    """Short, elliptical messages that only make sense against the previous answer."""
    q = question.strip().lower()
    if FOLLOW_START.match(q):
        return True
    return len(q.split()) <= 3 and not q.startswith(("how many", "what is", "what are", "list", "show all"))


def apply_followup(
    question: str, toks: list[Token], ments: list[Mention], previous: Plan, index: SchemaIndex
) -> tuple[Plan, str, str | None] | None:
    """(new plan, note, forced chart kind) or None when this is not a follow-up we understand."""
    words = [t.low for t in toks]
    plan = copy.deepcopy(previous)
    chart_kind: str | None = None
    if any(w in CHART_WORDS for w in words):
        chart_kind = next((CHART_WORDS[w] for w in words if CHART_WORDS.get(w)), None) or "bar"
    notes: list[str] = []
    changed = False
    # breakdown: "break down by region", "by month", "per country"
    by_idx = next((i for i, w in enumerate(words) if w in ("by", "per")), None)
    if by_idx is not None:
        target = next((m for m in ments if m.start > by_idx and m.kind in ("column", "table")), None)
        bucket = next((w for w in words[by_idx + 1 :] if w in ("month", "year", "day", "quarter", "week")), None)
        if bucket is not None and target is None:
            dcol = _date_column(plan, index)
            if dcol is not None:
                _add_group(plan, Item(dcol.table, dcol.name, bucket="month" if bucket in ("quarter", "week") else bucket))
                plan.order = [(Item(dcol.table, dcol.name, bucket="month" if bucket in ("quarter", "week") else bucket), False)]
                plan.limit = None
                notes.append(f"per {bucket} of {dcol.table}.{dcol.name}")
                chart_kind = chart_kind or "line"
                changed = True
        elif target is not None:
            col = resolve_simple(target, plan, index)
            table = target.best_table() if target.kind == "table" else None
            key = table.pk() if table is not None else None
            if col is not None and table is not None and key is not None and key.name != col.name:
                _add_group(plan, Item(table.name, key.name), Item(col.table, col.name))
                plan.limit = None
                plan.order = []
                notes.append(f"broken down by {col.table}.{col.name}")
                changed = True
            elif col is not None:
                _add_group(plan, Item(col.table, col.name))
                plan.limit = None
                plan.order = []
                notes.append(f"broken down by {col.table}.{col.name}")
                changed = True
    # filters: values ("what about Germany?", "only for Beverages") and years ("only for 2024")
    for m in ments:
        if m.kind == "value" and m.value_columns:
            col = m.value_columns[0]
            stored = col.samples[0] if (len(col.samples) == 1 and not col.complete) else next(
                (s for s in col.samples if s.lower() == m.text.lower()), m.text)
            plan.where = [g for g in plan.where if not any(c.table == col.table and c.column == col.name for c in g)]
            neg = any(w in ("excluding", "without", "except", "not", "exclude") for w in words[: m.start])
            plan.where.append([Cond(col.table, col.name, "!=" if neg else "=", stored)])
            if col.table not in plan.all_tables():
                plan.tables.append(col.table)
            notes.append(f"{'excluding' if neg else 'only'} {col.table}.{col.name} = {stored!r}")
            changed = True
    years = [m for m in ments if m.kind == "number" and isinstance(m.value, float) and 1900 <= m.value <= 2200]
    ranges = find_date_ranges(words)
    if years or ranges:
        dcol = _date_column(plan, index)
        year_col = _year_column(plan, index)
        if years and year_col is not None and dcol is None:
            y = int(years[0].value)  # type: ignore[arg-type]
            plan.where = [g for g in plan.where if not any(c.column == year_col.name for c in g)]
            plan.where.append([Cond(year_col.table, year_col.name, "=", y)])
            notes.append(f"only {year_col.table}.{year_col.name} = {y}")
            changed = True
        elif dcol is not None:
            rs = ranges or [year_range(int(years[0].value))]  # type: ignore[arg-type]
            plan.where = [g for g in plan.where if not any(c.column == dcol.name and c.op in (">=", "<") for c in g)]
            for r in rs[:1]:
                plan.where.append([Cond(dcol.table, dcol.name, ">=", r.start, text=r.label)])
                plan.where.append([Cond(dcol.table, dcol.name, "<", r.end, text=r.label)])
                notes.append(f"only {r.label}")
            changed = True
    top = next((i for i, w in enumerate(words) if w == "top"), None)
    if top is not None and top + 1 < len(words) and words[top + 1].isdigit():
        plan.limit = int(words[top + 1])
        measure = next((it for it in plan.select if it.agg), None)
        if measure is not None:
            plan.order = [(Item(measure.table, measure.column, measure.agg, measure.distinct), True)]
        elif plan.select and not plan.order:
            plan.order = [(Item(plan.select[-1].table, plan.select[-1].column), True)]
        notes.append(f"top {plan.limit}")
        changed = True
    if chart_kind and not changed:
        notes.append(f"shown as a {chart_kind} chart")
        changed = True
    if not changed:
        return None
    return plan, "; ".join(notes) or "follow-up of the previous question", chart_kind


def _add_group(plan: Plan, item: Item, display: Item | None = None) -> None:
    """Add a grouping and keep the previous one's display columns (region name, not its id)."""
    if not any(it.agg for it in plan.select):
        plan.select = [Item(plan.root, None, "count")]
    shown = display or item
    labels = [it for it in plan.select if not it.agg and it.key() != shown.key()]
    plan.group = [g for g in plan.group if g.key() != item.key()] + [item]
    plan.select = labels + [shown] + [it for it in plan.select if it.agg]
    plan.setop, plan.other = None, None


def _date_column(plan: Plan, index: SchemaIndex) -> ColumnInfo | None:
    for t in plan.all_tables():
        ti = index.table(t)
        if ti is None:
            continue
        for c in ti.columns:
            if c.kind == "date":
                return c
    return None


def _year_column(plan: Plan, index: SchemaIndex) -> ColumnInfo | None:
    for t in plan.all_tables():
        ti = index.table(t)
        if ti is None:
            continue
        for c in ti.columns:
            if "year" in c.words and not c.is_key:
                return c
    return None


def content(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]
