"""The guard's per-catalog memo (``GuardContext.guard``): a hit must be exactly what the guard
returns for the same asker, SQL and catalog version; refusals, other askers and long SQL are never
served from it."""

from __future__ import annotations

import pytest

from services.common.lru import Lru
from services.knowledge import catalog as cat
from services.knowledge.capabilities.catalog import GuardContext
from services.knowledge.guard import Principal, QueryRefused, TableAccess, TableIndex, guard_sql

ACCESS = TableIndex([
    TableAccess(name="main.orders", groups=frozenset({"sales", "ops"}), row_filter="region = '${groupname}'"),
    TableAccess(name="main.customers", groups=frozenset({"sales"})),
])
ALICE = Principal(email="alice@example.com", groups=("sales",))
OLIVER = Principal(email="oliver@example.com", groups=("ops",))
QUERIES = [
    "SELECT COUNT(*) FROM orders",
    "SELECT c.name, SUM(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.id GROUP BY c.name",
    "select distinct region from orders order by region limit 10",
]


def _ctx(principal: Principal, memo: Lru | None) -> GuardContext:
    return GuardContext(dialect="sqlite", default_schema="main", access=ACCESS, principal=principal,
                        warehouse=None, memo=memo)  # type: ignore[arg-type]  # guard() never runs SQL


def _fresh(sql: str, principal: Principal):
    return guard_sql(sql, dialect="sqlite", tables=ACCESS, principal=principal, default_schema="main")


def test_a_hit_is_what_the_guard_returns_for_that_asker():
    memo: Lru = Lru(cat.MAX_GUARDED)
    for _ in range(2):  # the second round is served from the memo
        for sql in QUERIES:
            assert _ctx(ALICE, memo).guard(sql) == _fresh(sql, ALICE)
    assert len(memo) == len(QUERIES)
    first = _ctx(ALICE, memo).guard(QUERIES[0])
    assert _ctx(ALICE, memo).guard(QUERIES[0]) is first


def test_another_asker_is_guarded_for_itself():
    memo: Lru = Lru(cat.MAX_GUARDED)
    sql = "SELECT COUNT(*) FROM orders"
    alice = _ctx(ALICE, memo).guard(sql)
    oliver = _ctx(OLIVER, memo).guard(sql)
    assert "'sales'" in alice.sql and "'ops'" in oliver.sql  # each sees their own row filter
    assert oliver == _fresh(sql, OLIVER)
    _ctx(ALICE, memo).guard(QUERIES[1])
    with pytest.raises(QueryRefused):  # oliver may not read customers, though alice's query was kept
        _ctx(OLIVER, memo).guard(QUERIES[1])


def test_refusals_and_long_sql_are_not_kept():
    memo: Lru = Lru(cat.MAX_GUARDED)
    for _ in range(2):
        with pytest.raises(QueryRefused):
            _ctx(ALICE, memo).guard("DELETE FROM orders")
    assert len(memo) == 0
    long_sql = "SELECT COUNT(*) FROM orders WHERE " + " OR ".join(
        f"amount = {i}" for i in range(cat.GUARD_MEMO_SQL_CHARS // 10))
    assert len(long_sql) > cat.GUARD_MEMO_SQL_CHARS
    assert _ctx(ALICE, memo).guard(long_sql) == _fresh(long_sql, ALICE)
    assert len(memo) == 0


def test_a_new_catalog_version_starts_with_an_empty_memo():
    def build(version: int) -> cat.ConnectionCatalog:
        return cat.ConnectionCatalog(version=version, type="sqlite", default_schema="main", tables=(),
                                     access=ACCESS, all_groups=("ops", "sales"))
    old = build(1)
    _ctx(ALICE, old.guarded).guard(QUERIES[0])
    assert len(old.guarded) == 1 and len(build(2).guarded) == 0
