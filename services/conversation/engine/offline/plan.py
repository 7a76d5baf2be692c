"""The structured query the parser produces and the SQL generator renders (JSON-able for follow-ups)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# version of a Plan stored in a chat's state for follow-ups (2: join hints in Plan.hints, not in notes)
STATE_VERSION = 2


@dataclass
class Item:
    """A selected or ordered expression: column (or * when None) with optional aggregate."""

    table: str | None
    column: str | None
    agg: str | None = None  # count | sum | avg | min | max
    distinct: bool = False
    bucket: str | None = None  # date bucket: year | quarter | month | week | day
    since: str | None = None  # a duration in days: from this date column of the same table to ``column``
    unit: str | None = None  # that duration in hours, minutes or weeks instead of days
    per: "Item | None" = None  # aggregate of per-group totals: agg over (SUM of column per this key)

    def key(self) -> tuple[Any, ...]:
        return (self.table, self.column, self.agg, self.distinct, self.bucket, self.since, self.unit,
                self.per.key() if self.per else None)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> "Item":
        return Item(**{**d, "per": Item.from_dict(d["per"]) if d.get("per") else None})


@dataclass
class Period:
    """A date window [start, end) in ISO text and how the question named it."""

    start: str
    end: str
    label: str


@dataclass
class PeriodChange:
    """Period over period: every aggregate of the plan compares two windows of one date column."""

    table: str
    column: str
    current: Period
    previous: Period
    percent: bool = True  # growth in percent of the previous period; False: the plain difference


@dataclass
class Cond:
    """A predicate. ``column`` None with agg count means count(*) (HAVING)."""

    table: str | None
    column: str | None
    op: str  # = != > < >= <= between like not like in not in is null
    value: Any = None
    value2: Any = None
    agg: str | None = None
    sub: "Plan | None" = None
    text: str = ""  # how the question phrased it (for explanations)
    ref_column: str | None = None  # compare with another column of the same table instead of a value
    ref_table: str | None = None  # ... of this table or role instead ('earns more than their manager')


@dataclass
class Role:
    """A second copy of ``table`` in one SELECT: the row its own key ``column`` points to (a self-join, the
    employee's manager). Items and conditions name the copy by ``name``, which is no table of the schema."""

    name: str
    table: str
    column: str


@dataclass
class Plan:
    """One SELECT (possibly with a set operation to another Plan)."""

    root: str | None = None
    select: list[Item] = field(default_factory=list)
    where: list[list[Cond]] = field(default_factory=list)  # AND of OR-groups
    group: list[Item] = field(default_factory=list)
    having: list[Cond] = field(default_factory=list)
    order: list[tuple[Item, bool]] = field(default_factory=list)  # (item, descending)
    limit: int | None = None
    distinct: bool = False
    tables: list[str] = field(default_factory=list)
    setop: str | None = None  # union | intersect | except
    other: "Plan | None" = None
    notes: list[str] = field(default_factory=list)  # how the question was read, shown to the asker
    hints: list[str] = field(default_factory=list)  # word stems of the question: pick among several join keys
    change: PeriodChange | None = None  # aggregates compare two periods ('growth ... compared with last year')
    part: list[list[Cond]] = field(default_factory=list)  # the rows a 'percent' aggregate counts, out of all rows
    roles: list[Role] = field(default_factory=list)  # self-joined copies of a table, named by their role

    def all_tables(self) -> list[str]:
        """Tables this plan's own SELECT must join (sub-plans excluded)."""
        out: list[str] = []
        if self.root:
            out.append(self.root)
        for it in self.select + self.group + [o[0] for o in self.order]:
            if it.table:
                out.append(it.table)
        for group in self.where:
            for c in group:
                if c.table:
                    out.append(c.table)
        for c in self.having:
            if c.table:
                out.append(c.table)
        for group in self.part:
            for c in group:
                if c.table:
                    out.append(c.table)
        if self.change is not None:
            out.append(self.change.table)
        out.extend(self.tables)
        return list(dict.fromkeys(out))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> "Plan":
        def cond(x: dict[str, Any]) -> Cond:
            sub = Plan.from_dict(x["sub"]) if x.get("sub") else None
            return Cond(**{**x, "sub": sub})

        ch = d.get("change")
        return Plan(
            root=d.get("root"),
            select=[Item.from_dict(i) for i in d.get("select", [])],
            where=[[cond(c) for c in g] for g in d.get("where", [])],
            group=[Item.from_dict(i) for i in d.get("group", [])],
            having=[cond(c) for c in d.get("having", [])],
            order=[(Item.from_dict(o[0]), bool(o[1])) for o in d.get("order", [])],
            limit=d.get("limit"),
            distinct=d.get("distinct", False),
            tables=list(d.get("tables", [])),
            setop=d.get("setop"),
            other=Plan.from_dict(d["other"]) if d.get("other") else None,
            notes=list(d.get("notes", [])),
            hints=list(d.get("hints", [])),
            change=PeriodChange(ch["table"], ch["column"], Period(**ch["current"]), Period(**ch["previous"]), ch.get("percent", True))
            if ch else None,
            part=[[cond(c) for c in g] for g in d.get("part", [])],
            roles=[Role(**r) for r in d.get("roles", [])],
        )
