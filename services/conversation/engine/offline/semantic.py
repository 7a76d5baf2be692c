"""A semantic model of one connection, derived from the catalog the engine receives.

Business questions name measures ("revenue", "units", "spent"), entities ("customers"),
dimensions ("region", "segment") and time grains ("per month"), not columns. This module gives
every column a role (Metabase-style name + type rules refined with the data the catalog carries)
and a measure kind, so the business reader (``business.py``) can map those words on any schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from services.common.column_roles import MONEY_WORDS, QUANTITY_WORDS, ROLES, derive_role

from .lexicon import split_identifier, stem
from .linking import ColumnInfo, SchemaIndex, TableInfo, row_date_rank

DURATION_WORDS = frozenset("duration hours hour minutes minute seconds days length time runtime".split())

# Words people use for a money total and the measure words they point at, in order of preference.
MONEY_SYNONYMS = ("revenue", "sales", "sale", "turnover", "income", "amount", "total", "value", "price", "cost")
SPEND_VERBS = frozenset("spent spend spends spending paid pay pays earned earn earns generated generate generates brought "
                        "bring brings bought billed bill bills invoiced invoice invoices charged charge collect collects collected".split())
# stems of the words for a bill sent to a customer: billed ~ invoices, invoiced ~ bills
BILLING_STEMS = {"bil": ("invoic",), "invoic": ("bil",)}
QUANTITY_VERBS = frozenset("sold sell sells selling shipped".split())

# Money a business collects for someone else: not what 'revenue', 'spent' or 'billed' mean.
PASS_THROUGH = frozenset("tax taxes vat gst hst".split())

# Abbreviations in column names and the words people say ('c_mktsegment' -> market segment, 'acctbal' -> account balance).
ABBREVIATIONS = {"mkt": "market", "acct": "account", "bal": "balance", "qty": "quantity", "amt": "amount", "avail": "available",
                 "mfgr": "manufacturer", "cust": "customer", "dept": "department", "emp": "employee", "addr": "address",
                 "desc": "description", "supp": "supplier", "prod": "product", "pct": "percent", "mgr": "manager",
                 "yr": "year", "cnt": "count", "num": "number", "tot": "total"}

COMPOUND_HEADS = ("price", "cost", "amount", "total", "quantity", "qty", "discount", "balance", "date", "name",
                  "status", "flag", "priority", "segment", "tax", "fee", "value", "mode")


def words_of(c: ColumnInfo) -> tuple[str, ...]:
    """A column's words with run-together business compounds split ('extendedprice' -> extended price,
    'totalprice' -> total price, 'acctbal' stays): why: TPC-style names glue a modifier to the head noun."""
    return _split_compounds(c.words)


@lru_cache(maxsize=65536)  # pure and hot: every column's role and every fit asks it, for the same few names
def _split_compounds(words: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for w in words:
        head = next((h for h in COMPOUND_HEADS + tuple(ABBREVIATIONS) if w.endswith(h) and len(w) - len(h) >= 3
                     and (h in COMPOUND_HEADS or w[: -len(h)] in ABBREVIATIONS)), None)
        out.extend([w[: -len(head)], head] if head else [w])
    return tuple(ABBREVIATIONS.get(w, w) for w in out)


@dataclass(frozen=True)
class ColumnRole:
    """The role of one column and, for measures, its kind and default aggregation."""

    role: str
    measure_kind: str | None = None  # money | quantity | duration | count | number
    default_agg: str | None = None


# Currency suffixes mark a money column ('amt_usd', 'mrr_eur', 'price_gbp').
CURRENCY_WORDS = frozenset("usd eur gbp jpy chf cad aud inr cny cents pence dollar dollars euro euros money".split())


def own_measure(t: TableInfo) -> ColumnInfo | None:
    """The one numeric column named after its own table (bill -> bill_amount, order -> order_total): what 'bills
    over 500' or 'the average bill' measure when no column is said. None or several: no guess."""
    own = [c for c in t.columns if c.kind == "num" and not c.is_key and not c.fk and set(c.words) & set(t.words)]
    return own[0] if len(own) == 1 else None


def measure_kind(c: ColumnInfo) -> str:
    words = set(words_of(c)) | set(c.name.lower().split("_")) | set(split_identifier(c.name)[-1:])
    noted = set(re.findall(r"[a-z]+", c.name.lower().rpartition("(")[2])) if "(" in c.name else set()
    if words & (MONEY_WORDS | CURRENCY_WORDS) or c.type_tag == "money" or c.stored == "money" or "$" in c.name \
            or noted & CURRENCY_WORDS:
        # 'curHourlyRate': the tag says currency; 'Parts Cost ($)', 'Fee (USD)' and '$1,234.50' text say it too
        return "money"
    if words & QUANTITY_WORDS:
        return "quantity"
    if words & DURATION_WORDS:
        return "duration"
    return "number"


def column_role(c: ColumnInfo, t: TableInfo) -> ColumnRole:
    """Role of ``c`` in ``t`` (a modeler's correction first): why it matters is which question words may reach it."""
    return _role(c, t.name_column())


def _role(c: ColumnInfo, label: ColumnInfo | None) -> ColumnRole:
    """``column_role`` given the table's name column (``name_column`` scans every column: ask it once per table)."""
    role = c.role if c.role in ROLES else (
        "measure" if c.expr else derive_role(words_of(c), c.kind, is_key=c.is_key, is_label=label is not None and label.name == c.name,
                                             samples=c.samples, complete=c.complete, distinct=c.distinct))
    if role != "measure":
        return ColumnRole(role)
    if c.expr:
        return ColumnRole("measure", measure_kind(c), "sum")
    words = set(words_of(c))
    # Prices and rates of one row are averaged; amounts and quantities of transactions add up.
    per_row = words & {"price", "rate", "discount", "percent", "pct", "ratio", "score", "rating", "age"}
    return ColumnRole("measure", measure_kind(c), "avg" if per_row and not words & {"total", "extended"} else "sum")


@dataclass
class SemanticModel:
    """Roles of every column of one connection, plus the lookups the business reader needs."""

    index: SchemaIndex
    roles: dict[tuple[str, str], ColumnRole]

    def role(self, c: ColumnInfo) -> ColumnRole:
        return self.roles.get((c.table, c.name), ColumnRole("text"))

    def measures(self) -> list[ColumnInfo]:
        return [c for t in self.index.tables for c in t.columns if self.role(c).role == "measure"]

    def time_columns(self, table: str) -> list[ColumnInfo]:
        t = self.index.table(table)
        return sorted((c for c in (t.columns if t else []) if self.role(c).role == "time"), key=row_date_rank)

    def fact_score(self, table: str) -> int:
        """How transaction-like a table is: many-to-one keys out of it (orders, order lines)."""
        t = self.index.table(table)
        return sum(1 for c in t.columns if c.fk is not None) if t else 0

    def rolls_up(self, table: str, entity: str) -> bool:
        """Whether each row of ``table`` belongs to one row of ``entity``: reached by following references
        (many-to-one), stepping through link tables (two references as the key) both ways."""
        links: dict[str, set[str]] = {}
        for t in self.index.tables:
            pks = [c for c in t.columns if c.is_pk]
            if len(pks) >= 2 and all(c.fk is not None for c in pks):
                ends = {c.fk[0] for c in pks if c.fk is not None}
                for e in ends:
                    links.setdefault(e, set()).update(ends - {e})
        seen, todo = {table}, [table]
        while todo:
            here = todo.pop()
            if here == entity:
                return True
            t = self.index.table(here)
            nxt = {c.fk[0] for c in t.columns if c.fk is not None} if t is not None else set()
            for there in nxt | links.get(here, set()):
                if there not in seen:
                    seen.add(there)
                    todo.append(there)
        return False

    def money_measure(self, word: str | None = None, prefer: frozenset[str] = frozenset(),
                      only: frozenset[str] = frozenset(), reach: frozenset[str] = frozenset()) -> ColumnInfo | None:
        """The measure a money word ('revenue', 'spent', 'sales') means: one of a table the question names
        ('order value' -> the order's total price), then a documented measure or a money column named after
        the word, then the money measure of the most transaction-like table."""
        cands = [c for c in self.measures() if self.role(c).measure_kind == "money"]
        # 'invoiced revenue', 'order value': a table noun right before the money word names where the money is
        cands = [c for c in cands if c.table in only] or cands
        if not cands:
            return None
        # 'total spend per supplier': a measure adds up to an entity only along many-to-one joins (MetricFlow's
        # rule); line revenue reaches suppliers only through locations and their purchases, the purchases' cost does
        cands = [c for c in cands if all(self.rolls_up(c.table, p) for p in prefer | reach)] or cands

        # only verbs: a money noun ('sales') keeps its documented measure over a table that is named after it
        said = {stem(word)} | set(BILLING_STEMS.get(stem(word), ())) if word in SPEND_VERBS else set()

        def verb_table(name: str) -> bool:
            # 'how much did we invoice', 'clients we billed the most': the verb is the noun of the table whose money
            # it means (an invoice is a bill)
            t = self.index.table(name)
            return t is not None and bool(said & {stem(w) for w in t.words})

        def rank(c: ColumnInfo) -> tuple[int, int, int, int, int, int, int, int, int, int]:
            named = 0
            words = words_of(c)
            for i, syn in enumerate(MONEY_SYNONYMS):
                if syn in words or (word and word in words):
                    named = len(MONEY_SYNONYMS) - i
                    break
            additive = 1 if self.role(c).default_agg == "sum" else 0
            generic = word in (None, "value", "total", "amount", "price", "cost")
            totals = bool({"total", "value", "amount"} & set(words))  # o_totalprice yes, Freight no
            # a tax collected on the money ('Sales Tax', 'vat_amt') is never the money itself, whatever its modifier says
            passed_on = bool(set(words) & PASS_THROUGH)
            return (0 if passed_on else 1, 1 if generic and totals and c.table in prefer else 0, 1 if verb_table(c.table) else 0,
                    named + (len(MONEY_SYNONYMS) + 1 if word and word in words else 0),
                    1 if c.expr else 0, additive, self.fact_score(c.table), own(c),
                    1 if "total" in words else 0, -len(words))  # last of ties: a row's total amount, not its net or tax part

        def own(c: ColumnInfo) -> int:
            # 'Invoice Total' in Invoices is the invoice's amount; its 'Subtotal' a part of it
            t = self.index.table(c.table)
            return 1 if t is not None and set(c.words) & set(t.words) else 0

        best = max(cands, key=rank)
        return best

    def quantity_measure(self) -> ColumnInfo | None:
        cands = [c for c in self.measures() if self.role(c).measure_kind == "quantity" and self.role(c).default_agg == "sum"]
        return max(cands, key=lambda c: (("quantity" in c.words) or ("qty" in c.words), self.fact_score(c.table)), default=None)


def _finest(cands: list[tuple[TableInfo, str]]) -> tuple[TableInfo, str]:
    """Of several tables that could define revenue, one that references another of them: an order's lines before
    the order, so a header's total price does not stand in for what the lines define (prices less discounts) just
    because the header table comes first in the schema's order (MetricFlow's rule: measures at the finest grain)."""
    names = {t.name.lower() for t, _ in cands}
    return next(((t, sql) for t, sql in cands if any(c.fk and c.fk[0].lower() in names - {t.name.lower()}
                                                     for c in t.columns)), cands[0])


def _revenue_measure(index: SchemaIndex) -> None:
    """Where nothing documents revenue, a transaction line with a unit price and a quantity defines it:
    price x quantity x (1 - discount); an 'extended' price already includes the quantity. Added to the
    index (like a documented measure) so the SQL generator can expand it."""
    import sqlglot.expressions as e

    if any(c.expr or {"revenue", "sales"} & set(words_of(c)) for c in index.all_columns()):
        return
    # the line table first (a quantity beside the price, the most keys out), not whichever name sorts first:
    # an order header's extended total is the fallback ('Ords' sorts before 'lineitem')
    facts = sorted((t for t in index.tables if any(c.fk for c in t.columns)), key=lambda t: (
        not any({"quantity", "qty"} & set(words_of(c)) for c in t.columns), -sum(1 for c in t.columns if c.fk)))
    cands: list[tuple[TableInfo, str]] = []
    for t in facts:
        nums = [c for c in t.columns if c.kind == "num" and not c.is_key and not c.expr]
        price = next((c for c in nums if "price" in words_of(c)), None)
        qty = next((c for c in nums if {"quantity", "qty"} & set(words_of(c))), None)
        disc = next((c for c in nums if "discount" in words_of(c)), None)
        extended = price is not None and bool({"extended", "total", "line"} & set(words_of(price)))
        if price is None or (qty is None and not extended):
            continue
        formula: e.Expression = e.column(price.name, quoted=True)
        if qty is not None and not extended:
            formula = e.Mul(this=formula, expression=e.column(qty.name, quoted=True))
        if disc is not None:
            formula = e.Mul(this=formula, expression=e.Paren(this=e.Sub(this=e.Literal.number(1), expression=e.column(disc.name, quoted=True))))
        cands.append((t, formula.sql()))
    if not cands:
        return
    t, sql = _finest(cands)
    t.columns.append(ColumnInfo(table=t.name, name="revenue", words=("revenue",), kind="num", is_pk=False, samples=(),
                                complete=False, distinct=None, description=f"revenue = {sql} (derived)", expr=sql))


def build_model(index: SchemaIndex) -> SemanticModel:
    _revenue_measure(index)
    index.span_scores.clear()  # a derived measure may have joined the index: spans linked before it are stale
    roles: dict[tuple[str, str], ColumnRole] = {}
    for t in index.tables:
        label = t.name_column()  # once per table: asking it per column made a wide table quadratic
        for c in t.columns:
            roles[(c.table, c.name)] = _role(c, label)
    return SemanticModel(index, roles)
