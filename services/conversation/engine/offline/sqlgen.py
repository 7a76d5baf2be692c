"""Render a Plan as SQL in the schema's dialect through sqlglot, joining along key paths."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot import exp

from .joins import Edge, join_tree
from .linking import SchemaIndex, may_hold_local_times
from .plan import Cond, Item, PeriodChange, Plan
from .units import minor_unit, shown_in_currency, stored_minor

RESERVED = frozenset(
    """select from where group order by limit having join on as and or not in is null show type year date
    user table index key values value case when then else end union all distinct desc asc count sum min max
    avg like between exists primary foreign references time timestamp interval level position result
    rank row rows name""".split()
)

BUCKET_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
# expressions no portable function covers, written per dialect over the placeholder columns a (and b)
TEMPLATES: dict[str, dict[str, str]] = {
    "quarter": {  # '2024-Q3'
        "sqlite": "STRFTIME('%Y', a) || '-Q' || ((CAST(STRFTIME('%m', a) AS INTEGER) + 2) / 3)",
        "postgres": "TO_CHAR(CAST(a AS TIMESTAMP), 'YYYY') || '-Q' || TO_CHAR(CAST(a AS TIMESTAMP), 'Q')",
        "mysql": "CONCAT(YEAR(a), '-Q', QUARTER(a))",
        "duckdb": "STRFTIME(CAST(a AS TIMESTAMP), '%Y') || '-Q' || QUARTER(CAST(a AS TIMESTAMP))",
    },
    "week": {  # the Monday the week starts on, '2024-07-01'
        "sqlite": "DATE(a, 'weekday 0', '-6 days')",
        "postgres": "TO_CHAR(DATE_TRUNC('week', CAST(a AS TIMESTAMP)), 'YYYY-MM-DD')",
        "mysql": "DATE_FORMAT(DATE_SUB(a, INTERVAL WEEKDAY(a) DAY), '%Y-%m-%d')",
        "duckdb": "STRFTIME(DATE_TRUNC('week', CAST(a AS TIMESTAMP)), '%Y-%m-%d')",
    },
    "days": {  # days from a to b, with the fraction of a day when the columns carry times
        "sqlite": "JULIANDAY(b) - JULIANDAY(a)",
        "postgres": "EXTRACT(EPOCH FROM (CAST(b AS TIMESTAMP) - CAST(a AS TIMESTAMP))) / 86400.0",
        "mysql": "TIMESTAMPDIFF(SECOND, a, b) / 86400.0",
        "duckdb": "DATE_DIFF('second', CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP)) / 86400.0",
    },
}


# text a spreadsheet formatted, or a date key (``linking.stored_form``), read as the date or number it shows, over the
# placeholder a
STORED: dict[str, dict[str, str]] = {
    "mdy": {
        "sqlite": "SUBSTR(a, 7, 4) || '-' || SUBSTR(a, 1, 2) || '-' || SUBSTR(a, 4, 2)",
        "postgres": "TO_DATE(a, 'MM/DD/YYYY')",
        "mysql": "STR_TO_DATE(a, '%m/%d/%Y')",
        "duckdb": "STRPTIME(a, '%m/%d/%Y')",
    },
    "dmy": {
        "sqlite": "SUBSTR(a, 7, 4) || '-' || SUBSTR(a, 4, 2) || '-' || SUBSTR(a, 1, 2)",
        "postgres": "TO_DATE(a, 'DD/MM/YYYY')",
        "mysql": "STR_TO_DATE(a, '%d/%m/%Y')",
        "duckdb": "STRPTIME(a, '%d/%m/%Y')",
    },
    "ymd": {  # a date key: 20230314 as a number or as text; 0 (a packed legacy date's 'none') is no date
        "sqlite": "SUBSTR(NULLIF(CAST(a AS TEXT), '0'), 1, 4) || '-' || SUBSTR(NULLIF(CAST(a AS TEXT), '0'), 5, 2) || '-' "
                  "|| SUBSTR(NULLIF(CAST(a AS TEXT), '0'), 7, 2)",
        "postgres": "TO_DATE(NULLIF(CAST(a AS TEXT), '0'), 'YYYYMMDD')",
        "mysql": "STR_TO_DATE(NULLIF(CAST(a AS CHAR), '0'), '%Y%m%d')",
        "duckdb": "STRPTIME(NULLIF(CAST(a AS VARCHAR), '0'), '%Y%m%d')",
    },
}
STORED_FORMATS = {"mdy": "%m/%d/%Y", "dmy": "%d/%m/%Y", "ymd": "%Y%m%d"}  # for dialects without their own spelling
STORED_MONEY = "CAST(REPLACE(REPLACE(a, '$', ''), ',', '') AS REAL)"  # written in SQLite, transpiled elsewhere


def _from_stored(form: str, dialect: str, a: exp.Expression) -> exp.Expression:
    """A date or amount stored in another form (``linking.stored_form``) as a value that compares, sorts and adds
    up; unknown dialects get sqlglot's generic spelling."""
    if form in ("epoch", "epoch_ms"):
        return epoch_date(a, 1 if form == "epoch" else 1000, dialect)
    if form == "money":
        tree = sqlglot.parse_one(STORED_MONEY, read="sqlite")
    elif dialect in STORED.get(form, {}):
        tree = sqlglot.parse_one(STORED[form][dialect], read=dialect)
    else:
        return exp.StrToDate(this=a, format=exp.Literal.string(STORED_FORMATS[form]))
    for c in list(tree.find_all(exp.Column)):
        c.replace(a.copy())
    return exp.Paren(this=tree)


def _templated(kind: str, dialect: str, a: exp.Expression, b: exp.Expression | None = None) -> exp.Expression:
    """A TEMPLATES expression over real columns; a dialect without its own spelling gets sqlglot's generic one."""
    sql = TEMPLATES[kind].get(dialect)
    if sql is None:
        if kind == "days":
            return exp.DateDiff(this=b, expression=a, unit=exp.var("DAY"))
        return exp.DateTrunc(this=a, unit=exp.Literal.string(kind))
    tree = sqlglot.parse_one(sql, read=dialect)
    for c in list(tree.find_all(exp.Column)):
        c.replace((a if c.name == "a" else b).copy())  # type: ignore[union-attr]
    return exp.Paren(this=tree)


PER_DAY = {"hour": 24, "minute": 1440, "week": 1 / 7}  # a duration's unit, how many of it make a day


class PlanError(Exception):
    """The plan cannot be rendered (no join path, unknown table)."""


def ident(name: str) -> exp.Identifier:
    """Identifier quoted only when needed (mixed case, special characters, reserved words)."""
    quoted = not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name.lower() in RESERVED
    return exp.Identifier(this=name, quoted=quoted)


@dataclass
class Scope:
    """Alias of each table in one SELECT."""

    aliases: dict[str, str]
    derived: dict[tuple[str, str], str] | None = None  # (table, column) -> SQL of a documented measure
    dialect: str = "sqlite"
    change: PeriodChange | None = None  # aggregates compare two periods
    part: exp.Expression | None = None  # the rows a 'percent' aggregate counts
    minors: dict[tuple[str, str], int] | None = None  # (table, column) -> cents per unit of unnamed minor-unit money
    local: frozenset[tuple[str, str]] = frozenset()  # (table, column) of timestamps stored with their zone offset
    stored: dict[tuple[str, str], str] | None = None  # (table, column) -> how its text holds a date or an amount
    decoded: dict[tuple[str, str], tuple[tuple[Any, str], ...]] | None = None  # (table, column) -> its code labels

    def minor(self, it: Item) -> int | None:
        """Stored units per currency unit of the item's money column kept in cents (units.stored_minor's rule:
        by its name, or integer money beside a currency code as the catalog found it)."""
        if not it.column:
            return None
        return minor_unit(it.column) or (self.minors or {}).get((it.table or "", it.column.lower()))

    def col(self, table: str | None, column: str) -> exp.Expression:
        formula = (self.derived or {}).get((table or "", column.lower()))
        if formula is not None:
            tree = sqlglot.parse_one(formula)
            for c in list(tree.find_all(exp.Column)):
                c.replace(self.col(table, c.name))
            return exp.Paren(this=tree)
        pairs = (self.decoded or {}).get((table or "", column.lower()))
        if pairs:  # a coded column read as the labels a code-label table gives its codes
            return exp.Case(this=self._raw(table, column),
                            ifs=[exp.If(this=literal(code), true=exp.Literal.string(label)) for code, label in pairs])
        form = (self.stored or {}).get((table or "", column.lower()))
        if form:
            return _from_stored(form, self.dialect, self._raw(table, column))
        return self._raw(table, column)

    def _raw(self, table: str | None, column: str) -> exp.Expression:
        if table is None or not self.aliases or len(self.aliases) == 1:
            return exp.Column(this=ident(column))
        alias = self.aliases.get(table)
        if alias is None:
            return exp.Column(this=ident(column))
        return exp.Column(this=ident(column), table=exp.Identifier(this=alias))


def epoch_date(column: exp.Expression, scale: int, dialect: str) -> exp.Expression:
    """An integer of Unix epoch time as the dialect's date-time, so date ranges, buckets and day counts written for
    date columns hold for it too. SQLite (which sqlglot does not spell) gets DATETIME(x, 'unixepoch')."""
    if dialect == "sqlite":
        secs = column if scale == 1 else exp.Div(this=column, expression=exp.Literal.number(scale))
        return exp.Anonymous(this="DATETIME", expressions=[secs, exp.Literal.string("unixepoch")])
    if scale == 1:
        return exp.UnixToTime(this=column)
    return exp.UnixToTime(this=column, scale=exp.UnixToTime.MILLIS)


def literal(value: Any) -> exp.Expression:
    if isinstance(value, bool):
        return exp.Literal.number(int(value))
    if isinstance(value, (int, float)):
        v = int(value) if float(value).is_integer() else value
        return exp.Literal.number(v)
    if value is None:
        return exp.Null()
    return exp.Literal.string(str(value))


def item_expr(it: Item, scope: Scope, shown: bool = False) -> exp.Expression:
    """SQL of one item; ``shown`` (a top-level projection) puts money kept in cents into the currency."""
    if it.column is None:
        inner: exp.Expression = exp.Star()
    else:
        inner = scope.col(it.table, it.column)
        if it.since:
            inner = _templated("days", scope.dialect, scope.col(it.table, it.since), inner)
            if it.unit in PER_DAY:
                inner = exp.Mul(this=inner, expression=exp.Literal.number(PER_DAY[it.unit]))
        if it.bucket and scope.dialect == "sqlite" and (it.table, it.column) in scope.local:
            # '2023-12-31T20:00:00-05:00' is in December 2023 where it happened; STRFTIME would read it as UTC.
            # The first 19 characters are the wall-clock time (a plain ISO date or timestamp is left as it was).
            inner = exp.Anonymous(this="SUBSTR", expressions=[inner, exp.Literal.number(1), exp.Literal.number(19)])
        if it.bucket in TEMPLATES:
            inner = _templated(it.bucket, scope.dialect, inner)
        elif it.bucket:
            inner = exp.TimeToStr(this=inner, format=exp.Literal.string(BUCKET_FORMATS[it.bucket]))
    if it.agg is None:
        per = scope.minor(it) if shown and shown_in_currency(it) else None
        return exp.Div(this=inner, expression=exp.Literal.number(f"{per}.0")) if per else inner  # a price in dollars
    if it.distinct and it.column is not None:
        inner = exp.Distinct(expressions=[inner])
    if it.agg == "percent" and it.column is not None:  # the part's amount in percent of the whole amount
        hits = exp.Sum(this=exp.Case(ifs=[exp.If(this=scope.part, true=inner)], default=exp.Literal.number(0)))
        return exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=hits), expression=exp.Sum(this=inner.copy()))
    if it.agg == "percent":  # percent of the rows that are in the part: 100.0 * SUM(CASE WHEN part THEN 1 ELSE 0 END) / COUNT(*)
        hits = exp.Sum(this=exp.Case(ifs=[exp.If(this=scope.part, true=exp.Literal.number(1))], default=exp.Literal.number(0)))
        return exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=hits), expression=exp.Count(this=exp.Star()))
    if scope.change is not None and it.agg in ("count", "sum", "avg", "min", "max"):
        change = _period_change(it.agg, inner, scope)
        return change if scope.change.percent or not shown else in_major_unit(it, change, scope.minor(it))
    if it.agg == "share":  # percent of the total over all groups: 100.0 * SUM(x) / SUM(SUM(x)) OVER ()
        part = exp.Sum(this=inner) if it.column is not None else exp.Count(this=exp.Star())
        whole = exp.Window(this=exp.Sum(this=part.copy()))
        return exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=part), expression=whole)
    if it.agg == "per":  # average rows per group: COUNT(*) / COUNT(DISTINCT key), the groups with at least one row
        rows = exp.Cast(this=exp.Count(this=exp.Star()), to=exp.DataType.build("REAL"))
        return exp.Div(this=rows, expression=exp.Count(this=exp.Distinct(expressions=[scope.col(it.table, it.column)])))
    funcs = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}
    value = funcs[it.agg](this=inner)
    return in_major_unit(it, value, scope.minor(it)) if shown else value


def in_major_unit(it: Item, value: exp.Expression, minor: int | None) -> exp.Expression:
    """A sum, average, minimum or maximum of money kept in cents, in the currency itself (``SUM(x) / 100.0``);
    ``minor``: the column's stored units per currency unit (``Scope.minor`` / ``units.stored_minor``)."""
    per = minor if it.agg is not None and shown_in_currency(it) else None  # a median arrives here as its average
    return exp.Div(this=value, expression=exp.Literal.number(f"{per}.0")) if per else value


def _period_change(agg: str, inner: exp.Expression, scope: Scope) -> exp.Expression:
    """AGG over the current period's rows against AGG over the previous period's: growth in percent of the
    previous period (NULL when it is zero), or the plain difference."""
    ch = scope.change
    assert ch is not None
    when = scope.col(ch.table, ch.column)
    funcs = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}

    def within(p: object) -> exp.Expression:
        lo = exp.GTE(this=when.copy(), expression=literal(p.start))  # type: ignore[attr-defined]
        hi = exp.LT(this=when.copy(), expression=literal(p.end))  # type: ignore[attr-defined]
        value = exp.Literal.number(1) if isinstance(inner, exp.Star) else inner.copy()
        return funcs[agg](this=exp.Case(ifs=[exp.If(this=exp.and_(lo, hi), true=value)]))

    now, before = within(ch.current), within(ch.previous)
    diff = exp.Sub(this=now, expression=before.copy())
    if not ch.percent:
        return diff
    return exp.Div(this=exp.Mul(this=exp.Literal.number("100.0"), expression=exp.Paren(this=diff)),
                   expression=exp.Nullif(this=before, expression=exp.Literal.number(0)))


def _row_count(c: Cond) -> bool:
    return c.agg == "count" and c.column is None and c.table is not None and c.sub is None and c.ref_column is None


def _having_expr(c: Cond, scope: Scope, index: SchemaIndex, dialect: str, having: list[Cond]) -> exp.Expression:
    """One HAVING condition. 'makers with at least 2 models and more than 3 cars': counts of two different
    tables in one group are not both COUNT(*) (the rows of the widest join, the same number twice), but each
    the distinct rows of its own table, COUNT(DISTINCT its key)."""
    if _row_count(c) and len({h.table for h in having if _row_count(h)}) > 1:
        t = index.table(c.table) if c.table is not None else None
        keys = [col for col in t.columns if col.is_pk] if t is not None else []
        if len(keys) == 1:
            left = exp.Count(this=exp.Distinct(expressions=[scope.col(c.table, keys[0].name)]))
            return cond_expr(c, scope, index, dialect, left=left)
    return cond_expr(c, scope, index, dialect)


def cond_expr(c: Cond, scope: Scope, index: SchemaIndex, dialect: str,
              left: exp.Expression | None = None) -> exp.Expression:
    """SQL of one condition; ``left`` (HAVING) replaces the counted or aggregated side."""
    if left is None:
        left = exp.Count(this=exp.Star()) if c.column is None else item_expr(Item(c.table, c.column, c.agg), scope)
    if c.sub is not None:
        sub = exp.Subquery(this=build_select(c.sub, index, dialect, depth=1))
        if c.op in ("in", "not in"):
            e: exp.Expression = exp.In(this=left, query=sub)
            return exp.Not(this=e) if c.op == "not in" else e
        right: exp.Expression = sub
    elif c.ref_column is not None:
        right = scope.col(c.ref_table or c.table, c.ref_column)
    else:
        right = literal(c.value)
    op = c.op
    if op == "between":
        return exp.Between(this=left, low=literal(c.value), high=literal(c.value2))
    if op in ("like", "not like"):
        e = exp.Like(this=left, expression=right)
        return exp.Not(this=e) if op == "not like" else e
    if op == "is null":
        return exp.Is(this=left, expression=exp.Null())
    if op == "is not null":
        return exp.Not(this=exp.Is(this=left, expression=exp.Null()))
    classes = {"=": exp.EQ, "!=": exp.NEQ, ">": exp.GT, "<": exp.LT, ">=": exp.GTE, "<=": exp.LTE}
    return classes[op](this=left, expression=right)


def _and_all(parts: list[exp.Expression]) -> exp.Expression | None:
    """AND of the parts; an OR among several parts is parenthesised, since AND binds tighter in SQL."""
    if len(parts) > 1:
        parts = [exp.Paren(this=p) if isinstance(p, exp.Or) else p for p in parts]
    out: exp.Expression | None = None
    for p in parts:
        out = p if out is None else exp.And(this=out, expression=p)
    return out


def _or_all(parts: list[exp.Expression]) -> exp.Expression:
    out = parts[0]
    for p in parts[1:]:
        out = exp.Or(this=out, expression=p)
    return out


def join_plan(plan: Plan, index: SchemaIndex) -> tuple[list[str], list[Edge]]:
    """Tables of the plan's own SELECT (root first) and the key edges that join them."""
    roles = {r.name: r for r in plan.roles}
    named = plan.all_tables() + [r.table for r in plan.roles]
    tables = [t for t in named if index.table(t) is not None and t not in roles]
    if not tables:
        raise PlanError("no table to query")
    root = plan.root if plan.root and index.table(plan.root) and plan.root not in roles else tables[0]
    adj = _hinted_edges(index_edges(index), index, plan)
    tree = join_tree(adj, root, tables)
    if tree is None:
        raise PlanError("the tables involved are not connected by keys")
    order, edges = tree
    for r in plan.roles:  # each self-joined copy hangs off its table by the table's own key
        info = index.column(r.table, r.column)
        ref = index.table(r.table)
        target = ref.col(info.fk[1]) if info is not None and info.fk and ref is not None else None
        if target is None:
            raise PlanError(f"{r.table}.{r.column} is not a key of {r.table} itself")
        order = order + [r.name]
        edges = edges + [Edge(r.table, r.column, r.name, target.name)]
    return order, edges


def _two_level(plan: Plan) -> bool:
    """A plan whose one aggregate needs the rows first: a median (no dialect agrees on one), or an aggregate of
    per-group totals ('average order value': the average over orders of each order's total)."""
    aggs = [it for it in plan.select if it.agg]
    return (len(aggs) == 1 and (aggs[0].agg == "median" or aggs[0].per is not None) and not plan.having
            and plan.change is None and not plan.setop and aggs[0].column is not None)


def _count_of_groups(plan: Plan) -> bool:
    """'How many countries have more than 2 car makers?': only a count is asked for, over groups that a HAVING
    keeps, and no group is shown: the answer is how many groups pass, not each group's own count."""
    return (bool(plan.having) and bool(plan.group) and bool(plan.select)
            and all(it.agg == "count" and it.column is None and it.per is None for it in plan.select)
            and len(plan.select) == 1 and not plan.order and plan.limit is None and plan.setop is None
            and plan.change is None and not plan.part)


def _groups_counted(plan: Plan, index: SchemaIndex, dialect: str) -> exp.Expression:
    """SELECT COUNT(*) FROM (the grouped rows that pass the HAVING) AS groups."""
    names = output_names(plan.select, index, plan.all_tables())
    inner_plan = Plan(root=plan.root, select=list(plan.group), where=plan.where, group=list(plan.group),
                      having=plan.having, tables=plan.tables, hints=plan.hints, roles=plan.roles)
    inner = build_select(inner_plan, index, dialect, depth=1)
    count: exp.Expression = exp.Count(this=exp.Star())
    if names and names[0]:
        count = exp.alias_(count, ident(names[0]))
    return exp.select(count).from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=ident("passing_groups"))))


def _aggregate_of_rows(plan: Plan, index: SchemaIndex, dialect: str) -> exp.Expression:
    """Two levels, portable to SQLite, PostgreSQL and MySQL 8: the rows (each with its group keys and one value),
    then per group AVG of the value, or for a median the middle one or two values (numbered by ROW_NUMBER
    within the group, 2 * rn between n and n + 2: no division, so no integer-division differences)."""
    it = next(x for x in plan.select if x.agg)
    shown = [x for x in plan.select if not x.agg]
    keys = list(plan.group) + [x for x in shown if all(x.key() != g.key() for g in plan.group)]
    names = [n or x.column for x, n in zip(plan.select, output_names(plan.select, index, plan.all_tables()))]
    if it.per is not None:  # each per-key total first
        value = Item(it.table, it.column, "sum", since=it.since, unit=it.unit)
        rows_plan = Plan(root=plan.root, select=keys + [value], group=keys + [it.per], where=plan.where,
                         tables=plan.tables + [it.per.table or ""], hints=plan.hints)
    else:
        value = Item(it.table, it.column, since=it.since, unit=it.unit)
        present = [[Cond(it.table, it.column, "is not null")]] + ([[Cond(it.table, it.since, "is not null")]] if it.since else [])
        rows_plan = Plan(root=plan.root or it.table, select=keys + [value], where=plan.where + present,
                         tables=plan.tables, hints=plan.hints)
    rows = build_select(rows_plan, index, dialect, depth=1)
    assert isinstance(rows, exp.Select)
    key_names = [f"k{i}" for i in range(len(keys))]
    rows.set("expressions", [exp.alias_(e, ident(n)) for e, n in zip(rows.expressions, key_names + ["value"])])
    source: exp.Expression = rows
    where: exp.Expression | None = None
    if it.agg == "median":
        part = [exp.column(n) for n in key_names]
        window = {"partition_by": part} if part else {}
        ranked = exp.select(*[exp.column(n) for n in key_names], exp.column("value"),
                            exp.alias_(exp.Window(this=exp.RowNumber(), order=exp.Order(expressions=[exp.Ordered(this=exp.column("value"))]),
                                                  **window), ident("rn")),
                            exp.alias_(exp.Window(this=exp.Count(this=exp.Star()), **{k: [c.copy() for c in v] for k, v in window.items()}),
                                       ident("n"))
                            ).from_(exp.Subquery(this=rows, alias=exp.TableAlias(this=ident("vals")))
                            ).where(exp.Not(this=exp.Is(this=exp.column("value"), expression=exp.Null())))
        source = ranked
        twice = exp.Mul(this=exp.column("rn"), expression=exp.Literal.number(2))
        where = exp.and_(exp.GTE(this=twice, expression=exp.column("n")),
                         exp.LTE(this=twice.copy(), expression=exp.Add(this=exp.column("n"), expression=exp.Literal.number(2))))
    by_key = {x.key(): n for x, n in zip(keys, key_names)}
    measure = exp.Avg(this=exp.column("value"))
    out = []
    info = index.column(it.table or "", it.column or "")
    money = in_major_unit(Item(it.table, it.column, "avg"), measure.copy(),  # a median or average of cents
                          stored_minor(info, it.column))
    for x, name in zip(plan.select, names):
        e = money.copy() if x is it else exp.column(by_key[x.key()])
        out.append(exp.alias_(e, ident(name)) if name else e)
    select = exp.select(*out).from_(exp.Subquery(this=source, alias=exp.TableAlias(this=ident("middle"))))
    if where is not None:
        select = select.where(where)
    if key_names:
        select = select.group_by(*[exp.column(n) for n in key_names])
    order = []
    for o, desc in plan.order:
        e = measure.copy() if o.agg else (exp.column(by_key[o.key()]) if o.key() in by_key else None)
        if e is not None:
            order.append(exp.Ordered(this=e, desc=desc, nulls_first=_nulls_first(dialect, desc)))
    if order:
        select = select.order_by(*order)
    if plan.limit is not None:
        select = select.limit(plan.limit)
    return select


def build_select(plan: Plan, index: SchemaIndex, dialect: str, depth: int = 0) -> exp.Expression:
    """sqlglot expression for a plan (with its set operation, if any)."""
    if depth == 0 and _two_level(plan):
        return _aggregate_of_rows(plan, index, dialect)
    if depth == 0 and _count_of_groups(plan):
        return _groups_counted(plan, index, dialect)
    order, edges = join_plan(plan, index)
    prefix = "T" if depth == 0 else f"S{depth}_"
    aliases = {t: f"{prefix}{i + 1}" for i, t in enumerate(order)} if len(order) > 1 else {order[0]: order[0]}
    derived = {(c.table, c.name.lower()): c.expr for t in order if index.table(t) for c in index.table(t).columns if c.expr}  # type: ignore[union-attr]
    minors = {(c.table, c.name.lower()): c.minor for t in order if index.table(t) for c in index.table(t).columns if c.minor}  # type: ignore[union-attr]
    stored = {(c.table, c.name.lower()): c.stored for t in order if index.table(t) for c in index.table(t).columns if c.stored}  # type: ignore[union-attr]
    decoded = {(c.table, c.name.lower()): c.decoded for t in order if index.table(t) for c in index.table(t).columns if c.decoded}  # type: ignore[union-attr]
    scope = Scope(aliases if len(order) > 1 else {}, derived, dialect, plan.change, minors=minors, stored=stored,
                  decoded=decoded)
    scope.local = frozenset((c.table, c.name) for t in order if index.table(t) for c in index.table(t).columns  # type: ignore[union-attr]
                            if may_hold_local_times(c))
    if plan.part:
        scope.part = _and_all([_or_all([cond_expr(c, scope, index, dialect) for c in g]) for g in plan.part if g])
    select = exp.Select()
    projections = [item_expr(it, scope, shown=depth == 0) for it in plan.select] or [exp.Star()]
    if depth == 0 and plan.select:
        names = output_names(plan.select, index, order)
        if plan.change is not None:
            suffix = "growth_percent" if plan.change.percent else "change"
            names = [f"{n}_{suffix}" if n and it.agg else n for it, n in zip(plan.select, names)]
        names = [n or (it.column if isinstance(e, exp.Div) and it.agg is None else None)  # cents shown in dollars
                 for e, n, it in zip(projections, names, plan.select)]
        projections = [exp.alias_(e, ident(n)) if n else e for e, n in zip(projections, names)]
    select = select.select(*projections, copy=False)
    if plan.distinct:
        select.set("distinct", exp.Distinct())
    real = {r.name: r.table for r in plan.roles}
    select = select.from_(_table(order[0], aliases, len(order) > 1), copy=False)
    for e in edges:
        on = exp.EQ(this=scope.col(e.left, e.left_col), expression=scope.col(e.right, e.right_col))
        select = select.join(_table(e.right, aliases, True, real.get(e.right)), on=on, copy=False)
    wh = _and_all([
        _or_all([cond_expr(c, scope, index, dialect) for c in group]) if len(group) > 1 else cond_expr(group[0], scope, index, dialect)
        for group in plan.where
        if group
    ])
    if wh is not None:
        select = select.where(wh, copy=False)
    if plan.group:
        select = select.group_by(*[item_expr(g, scope) for g in plan.group], copy=False)
    hv = _and_all([_having_expr(c, scope, index, dialect, plan.having) for c in plan.having])
    if hv is not None:
        select = select.having(hv, copy=False)
    if plan.order:
        select = select.order_by(
            *[exp.Ordered(this=item_expr(it, scope), desc=desc, nulls_first=_nulls_first(dialect, desc)) for it, desc in plan.order],
            copy=False,
        )
    if plan.limit is not None:
        select = select.limit(plan.limit, copy=False)
    if plan.setop and plan.other is not None:
        other = build_select(plan.other, index, dialect, depth)
        kinds = {"union": exp.Union, "intersect": exp.Intersect, "except": exp.Except}
        return kinds[plan.setop](this=select, expression=other, distinct=True)
    return select


AGG_PREFIX = {"count": "number_of", "sum": "total", "avg": "average", "min": "min", "max": "max", "share": "percent_of", "per": "average_number_per",
              "median": "median", "percent": "percent_of"}


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "value"


def _base_alias(it: Item, index: SchemaIndex) -> str | None:
    """Readable name of a computed select item (None for a plain column, which keeps its name)."""
    short = (it.table or "").split(".")[-1]
    if it.agg is None:
        if it.since and it.column:
            return f"{it.unit or 'day'}s_from_{_snake(it.since)}_to_{_snake(it.column)}"
        return it.bucket if it.bucket and it.column else None
    if it.column is None:
        return f"{'percent_of' if it.agg == 'percent' else 'number_of'}_{_snake(short or 'rows')}"
    info = index.column(it.table or "", it.column)
    if it.agg == "count" and info is not None and info.is_pk and short:
        return f"number_of_{_snake(short)}"
    target = (f"{it.unit or 'day'}s_from_{_snake(it.since)}_to_" if it.since else "") + _snake(it.column) + (f"_{it.bucket}" if it.bucket else "")
    if minor_unit(it.column) and it.agg in ("sum", "avg", "min", "max") and not it.since and not it.bucket:
        target = re.sub(r"_(in_)?[a-z]+$", "", target)  # the money is shown in dollars, not cents
    if it.per is not None:
        target = f"{target}_per_{_snake((it.per.table or '').split('.')[-1])}"
    if it.agg == "count" and it.distinct:
        return f"number_of_distinct_{target}"
    return f"{AGG_PREFIX[it.agg]}_{target}"


def output_names(items: list[Item], index: SchemaIndex, tables: list[str]) -> list[str | None]:
    """Aliases for the projection: computed items get readable unique names; plain columns keep theirs
    unless two share a name (then the table's name is prefixed: product_name, category_name)."""
    taken = {c.name.lower() for t in tables for c in (index.table(t).columns if index.table(t) else [])}  # type: ignore[union-attr]
    plain = [it.column.lower() for it in items if it.agg is None and not it.bucket and it.column]
    out: list[str | None] = []
    used: set[str] = set()
    for it in items:
        name = _base_alias(it, index)
        dup = plain.count((it.column or "").lower()) > 1
        generic = (it.column or "").lower() in ("name", "title") and len(tables) > 1
        if name is None and it.column and it.agg is None and (dup or generic) and it.table:
            from .lexicon import singular

            name = f"{_snake(singular(it.table.split('.')[-1]))}_{_snake(it.column)}"
        if name is not None and it.agg is None and it.bucket and name in taken:
            name = f"{_snake(it.column or '')}_{name}"  # a real column called 'month' keeps its meaning
        if name is not None:
            base, k = name, 2
            while name in used or (name in taken and it.agg is not None):
                name = f"{base}_{k}"
                k += 1
            used.add(name)
        elif it.column:
            used.add(it.column.lower())
        out.append(name)
    return out


HINTED_EDGES_KEPT = 256  # hint sets whose ordered edges one index keeps


def _hinted_edges(adj: dict[str, list[Edge]], index: SchemaIndex, plan: Plan) -> dict[str, list[Edge]]:
    """Between two tables with several keys (current/permanent address), try first the key the question names."""
    from .lexicon import stem

    hints = frozenset(plan.hints)
    if not hints:
        return adj
    # a pure function of the index's edges and the hints: kept on the index (as ``index_edges`` keeps the
    # edges), since one answer plans its joins several times with the same hints
    memo: dict[tuple[int, frozenset[str]], dict[str, list[Edge]]] | None = getattr(index, "_hinted", None)
    if memo is None:
        memo = {}
        object.__setattr__(index, "_hinted", memo)
    key = (id(adj), hints)
    kept = memo.get(key)
    if kept is not None:
        return kept

    def score(e: Edge) -> int:
        best = 0
        for table, col in ((e.left, e.left_col), (e.right, e.right_col)):
            info = index.column(table, col)
            if info is None:
                continue
            names = {stem(w) for t in (e.left, e.right) for w in (index.table(t).words if index.table(t) else ())}  # type: ignore[union-attr]
            words = [w for w in info.words if w not in ("id", "key", "code", "no", "number") and stem(w) not in names]
            best = max(best, sum(1 for w in words if stem(w) in hints))
        return best

    out = {t: sorted(edges, key=lambda e: -score(e)) for t, edges in adj.items()}
    if adj is getattr(index, "_edges", None):  # the index's own edges (``index_edges``): the same for its life
        if len(memo) >= HINTED_EDGES_KEPT:
            memo.clear()
        memo[key] = out
    return out


def _nulls_first(dialect: str, desc: bool) -> bool:
    """The dialect's own NULL placement, so no NULLS FIRST/LAST clause is added."""
    from sqlglot.dialects.dialect import Dialect

    ordering = Dialect.get_or_raise(dialect).NULL_ORDERING
    if ordering == "nulls_are_small":
        return not desc
    if ordering == "nulls_are_large":
        return desc
    return False


def _table(name: str, aliases: dict[str, str], use_alias: bool, real: str | None = None) -> exp.Table:
    """The table ``name`` (or, for a self-joined copy, its ``real`` table) under its alias."""
    parts = (real or name).split(".")  # schema-qualified catalog names ("analytics.orders") are two identifiers
    t = exp.Table(this=ident(parts[-1]), db=ident(parts[-2]) if len(parts) > 1 else None,
                  catalog=ident(parts[-3]) if len(parts) > 2 else None)
    if use_alias:
        t.set("alias", exp.TableAlias(this=exp.Identifier(this=aliases[name])))
    return t


def index_edges(index: SchemaIndex) -> dict[str, list[Edge]]:
    """Join edges of the schema (computed once per index and kept on it)."""
    cached = getattr(index, "_edges", None)
    if cached is None:
        from .joins import edges

        cached = edges(index)
        object.__setattr__(index, "_edges", cached)
    return cached


def render(plan: Plan, index: SchemaIndex, dialect: str) -> str:
    """SQL text of a plan in ``dialect``."""
    return build_select(plan, index, dialect).sql(dialect=dialect)
