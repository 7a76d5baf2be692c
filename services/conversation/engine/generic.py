"""Catalog-level questions any engine should answer the same way, without guessing SQL:
"what data do you have?", "show me 10 rows from orders", "chart any metric over time".

``WithGenericIntents`` wraps an engine: the engine answers first; when it did not understand the
question, these general intents get a chance before the "not understood" answer is returned.
"""

from __future__ import annotations

import re
from typing import Any

import sqlglot
from sqlglot import exp

from services.common.errors import DomainError
from services.conversation.engine.types import (
    AnalystAnswer, AnswerPart, Analyst, ChartSpec, Mode, QueryResult, Schema, Table, Toolbox, Turn,
)

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "five": 5, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100}
LIST_TABLES = re.compile(
    r"\b(what|which|list|show)\b.*\b(tables?|data ?sets?|data sources?|data)\b.*\b(have|available|there|exist|access)\b"
    r"|^\s*(list|show)( me)?( all)?( the)? tables\b|\bhow many tables\b", re.I)
SAMPLE_ROWS = re.compile(
    r"\b(?:top|first|show(?: me)?|sample|give me|preview)\b[^.?!]*?\b(\d+|" + "|".join(NUMBER_WORDS) +
    r")?\s*(?:rows|records|lines|entries)\b(?:\s+(?:from|of|in)\s+(?:the\s+)?(?P<table>[\w.\" ]+?))?(?:\s+table)?\s*[.?!]*$",
    re.I)
OVER_TIME = re.compile(r"\b(over time|trend|per month|by month|monthly|timeline|time series)\b", re.I)
DATE_TYPES = ("date", "time", "timestamp")


class WithGenericIntents:
    """An Analyst that adds catalog-level intents to another Analyst."""

    def __init__(self, inner: Analyst) -> None:
        self.inner = inner

    async def answer(self, question: str, *, toolbox: Toolbox, history: list[Turn], state: dict[str, Any],
                     mode: Mode, deep: bool) -> AnalystAnswer:
        schema = await toolbox.schema()
        if LIST_TABLES.search(question):
            return _list_tables(schema)
        m = SAMPLE_ROWS.search(question.strip())
        if m and m.group("table") and (_find_table(schema, m.group("table")) or "any" in m.group("table").lower()):
            return await _sample_rows(schema, toolbox, m, AnalystAnswer(parts=[]))
        first = await self.inner.answer(question, toolbox=toolbox, history=history, state=state, mode=mode, deep=deep)
        if first.understood:
            return first
        try:
            m = SAMPLE_ROWS.search(question.strip())
            if m:
                return await _sample_rows(schema, toolbox, m, first)
            if OVER_TIME.search(question) and _names_nothing(question):
                found = await _over_time(schema, toolbox, first)
                if found is not None:
                    return found
        except DomainError:
            return first
        return first


def _quoted(name: str, dialect: str) -> exp.Table:
    parts = name.split(".")
    return exp.Table(this=exp.to_identifier(parts[-1]), db=exp.to_identifier(parts[-2]) if len(parts) > 1 else None)


def _largest(tables: list[Table]) -> Table | None:
    return max(tables, key=lambda t: (t.row_count or 0, len(t.columns)), default=None)


def _find_table(schema: Schema, text: str | None) -> Table | None:
    if not text:
        return None
    words = re.sub(r"[^a-z0-9_. ]", " ", text.lower()).split()
    words = [w for w in words if w not in ("any", "a", "some", "one", "table", "the")]
    if not words:
        return None
    wanted = "_".join(words)
    for t in schema.tables:
        short = t.name.lower().split(".")[-1]
        if wanted in (short, t.name.lower(), short.rstrip("s"), short + "s"):
            return t
    return None


def _list_tables(schema: Schema) -> AnalystAnswer:
    rows = tuple((t.name, t.description, t.row_count, len(t.columns)) for t in schema.tables)
    result = QueryResult(sql="-- catalog of this connection", columns=("table", "description", "rows", "columns"),
                         rows=rows)
    text = f"I can query {len(rows)} table{'s' if len(rows) != 1 else ''} on this connection."
    top = _largest(list(schema.tables))
    follow = [f"Show me 10 rows from {top.name}", f"How many {top.name.split('.')[-1]} are there?"] if top else []
    return AnalystAnswer(parts=[AnswerPart(kind="text", text=text), AnswerPart(kind="query", result=result,
                                                                               title="Tables")],
                         suggested_follow_ups=follow)


async def _sample_rows(schema: Schema, toolbox: Toolbox, m: re.Match[str], fallback: AnalystAnswer) -> AnalystAnswer:
    raw = (m.group(1) or "10").lower()
    n = max(1, min(int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 10), 1000))
    table = _find_table(schema, m.group("table"))
    assumed = table is None
    table = table or _largest(list(schema.tables))
    if table is None:
        return fallback
    sql = exp.select("*").from_(_quoted(table.name, schema.dialect)).limit(n).sql(dialect=schema.dialect)
    result = await toolbox.run_sql(sql)
    text = f"Here are {len(result.rows)} rows of {table.name}."
    assumptions = [f"no table was named, so I used the largest one, {table.name}"] if assumed else []
    return AnalystAnswer(parts=[AnswerPart(kind="text", text=text),
                                AnswerPart(kind="query", result=result, title=f"Rows of {table.name}")],
                         assumptions=assumptions,
                         suggested_follow_ups=[f"How many {table.name.split('.')[-1]} are there?"])


# the words of a request for "any metric over time"; a question with other words (a thing to count, a year) asks
# for something specific, and the largest table's row count per month would answer another question
REQUEST_WORDS = frozenset("""show me a an the chart graph plot draw display visualize visualise give see can could you
    i we want would like to let us please of any some something metric metrics measure data over time trend trends
    timeline series per by month monthly line how are is things going what activity overall""".split())


def _names_nothing(question: str) -> bool:
    """Whether the question asks for a trend without naming what (no word beyond a request, no number)."""
    return all(w in REQUEST_WORDS for w in re.findall(r"[a-z0-9]+", question.lower()))


async def _over_time(schema: Schema, toolbox: Toolbox, fallback: AnalystAnswer) -> AnalystAnswer | None:
    dated = [(t, c) for t in schema.tables for c in t.columns if any(d in c.type.lower() for d in DATE_TYPES)
             or c.name.lower().endswith(("_date", "_at", "date"))]
    if not dated:
        return None
    table, col = max(dated, key=lambda tc: (tc[0].row_count or 0, tc[1].name.lower().endswith("date")))
    month = exp.TimeToStr(this=exp.cast(exp.column(col.name), "date"), format=exp.Literal.string("%Y-%m"))
    sql = (exp.select(exp.alias_(month, "month"), exp.alias_(exp.Count(this=exp.Star()), "count"))
           .from_(_quoted(table.name, schema.dialect)).where(exp.column(col.name).is_(exp.null()).not_())
           .group_by(exp.column("month")).order_by(exp.column("month")))
    result = await toolbox.run_sql(sqlglot.transpile(sql.sql(dialect="duckdb"), read="duckdb", write=schema.dialect)[0])
    return AnalystAnswer(
        parts=[AnswerPart(kind="text", text=f"Number of {table.name} rows per month of {col.name}."),
               AnswerPart(kind="query", result=result, title=f"{table.name} per month",
                          chart=ChartSpec(kind="line", x="month", y="count", title=f"{table.name} per month"))],
        assumptions=[f"no metric was named, so I counted rows of the largest table with a date, {table.name}, "
                     f"by {col.name}"],
        suggested_follow_ups=[f"Show me 10 rows from {table.name}"])
