"""Business phrasing over a small warehouse, each answer checked against SQL written by hand: period over period,
days between two dates, medians per group, percentages of rows, averages of per-order totals, time grains,
comparisons with an average and 'never' (anti-joins)."""

from __future__ import annotations

import sqlite3
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlglot

from services.conversation.engine.offline.linking import build_index
from scripts.localbox import SqliteToolbox, introspect_sqlite
from tests.support.offline import ask, gold, script_box
from services.conversation.engine.offline.plan import Cond, Item, Period, PeriodChange, Plan
from services.conversation.engine.offline.sqlgen import render

SHOP = """
CREATE TABLE regions(region_id INTEGER PRIMARY KEY, region_name TEXT);
CREATE TABLE clients(client_id INTEGER PRIMARY KEY, client_name TEXT, region_id INTEGER REFERENCES regions(region_id),
  is_active INTEGER);
CREATE TABLE purchases(purchase_id INTEGER PRIMARY KEY, client_id INTEGER REFERENCES clients(client_id),
  purchase_date DATE, shipped_date DATE);
CREATE TABLE purchase_lines(line_id INTEGER PRIMARY KEY, purchase_id INTEGER REFERENCES purchases(purchase_id),
  unit_price REAL, quantity INTEGER);
INSERT INTO regions VALUES (1, 'Northern'), (2, 'Southern');
INSERT INTO clients VALUES (1, 'Ada', 1, 1), (2, 'Bo', 1, 0), (3, 'Cy', 2, 1), (4, 'Di', 2, 1), (5, 'Ed', 2, 1);
INSERT INTO purchases VALUES (1, 1, '2023-01-10', '2023-01-12'), (2, 2, '2023-05-01', '2023-05-08'),
  (3, 3, '2024-02-03', '2024-02-04'), (4, 4, '2024-08-20', NULL), (5, 1, '2024-11-30', '2024-12-03');
INSERT INTO purchase_lines VALUES (1, 1, 10.0, 2), (2, 1, 5.0, 1), (3, 2, 100.0, 1), (4, 3, 20.0, 3), (5, 4, 7.5, 4),
  (6, 5, 40.0, 2), (7, 5, 1.0, 10);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "shop", SHOP) as b:
        yield b


def close(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> bool:
    return len(a) == len(b) and all(
        len(x) == len(y) and all(u == v or (isinstance(u, float) and isinstance(v, (int, float)) and abs(u - v) < 1e-6)
                                 for u, v in zip(x, y)) for x, y in zip(a, b))


REVENUE = "unit_price * quantity"


async def test_growth_compared_with_last_year(box: SqliteToolbox) -> None:
    """'growth ... in 2024 compared with last year' is the percent change from 2023 to 2024, dated by the order."""
    by_year = dict(gold(box, f"SELECT strftime('%Y', p.purchase_date), SUM({REVENUE}) FROM purchase_lines l "
                             "JOIN purchases p USING (purchase_id) GROUP BY 1"))
    want = 100.0 * (by_year["2024"] - by_year["2023"]) / by_year["2023"]
    got = await ask(box, "revenue growth in 2024 compared with last year")
    assert close(got, [(want,)])


async def test_change_from_one_year_to_another_per_region(box: SqliteToolbox) -> None:
    """'change in X from 2023 to 2024 by region': the plain difference per group."""
    want = gold(box, f"SELECT r.region_name, SUM(CASE WHEN p.purchase_date >= '2024-01-01' THEN {REVENUE} END) "
                     f"- SUM(CASE WHEN p.purchase_date < '2024-01-01' THEN {REVENUE} END) FROM purchase_lines l "
                     "JOIN purchases p USING (purchase_id) JOIN clients c USING (client_id) JOIN regions r USING (region_id) "
                     "GROUP BY r.region_id ORDER BY 1")
    got = sorted(await ask(box, "change in revenue from 2023 to 2024 by region"))
    assert close(got, want)


async def test_days_between_two_dates(box: SqliteToolbox) -> None:
    """'average days from purchase to shipping': the two date columns of one table, unshipped rows left out."""
    want = gold(box, "SELECT AVG(julianday(shipped_date) - julianday(purchase_date)) FROM purchases WHERE shipped_date IS NOT NULL")
    assert close(await ask(box, "average days from purchase to shipping"), want)
    assert close(await ask(box, "average number of days between purchase and shipping"), want)


async def test_median_per_group(box: SqliteToolbox) -> None:
    """'median X per Y' in SQL that SQLite (no MEDIAN) runs: the middle value, or the mean of the two middle ones."""
    values: dict[str, list[float]] = {}
    for region, price in gold(box, "SELECT r.region_name, l.unit_price FROM purchase_lines l JOIN purchases p USING (purchase_id) "
                                   "JOIN clients c USING (client_id) JOIN regions r USING (region_id)"):
        values.setdefault(region, []).append(price)
    want = sorted((k, statistics.median(v)) for k, v in values.items())
    assert close(sorted(await ask(box, "median unit price per region")), want)


async def test_percentage_of_rows_with_a_flag(box: SqliteToolbox) -> None:
    """'what percentage of clients are no longer active': matching rows in percent of all rows."""
    assert close(await ask(box, "what percentage of clients are no longer active"), [(20.0,)])


async def test_average_of_per_purchase_totals(box: SqliteToolbox) -> None:
    """'average purchase value': the mean over purchases of each one's total, not the mean line."""
    want = gold(box, f"SELECT AVG(t) FROM (SELECT SUM({REVENUE}) AS t FROM purchase_lines GROUP BY purchase_id)")
    assert close(await ask(box, "average purchase value"), want)
    med = statistics.median(v for (v,) in gold(box, f"SELECT SUM({REVENUE}) FROM purchase_lines GROUP BY purchase_id"))
    assert close(await ask(box, "median purchase value"), [(med,)])


async def test_quarter_and_week_grains(box: SqliteToolbox) -> None:
    """'per quarter' and 'per week' bucket the date ('2024-Q3'; a week by the Monday it starts on)."""
    assert await ask(box, "number of purchases per quarter") == [("2023-Q1", 1), ("2023-Q2", 1), ("2024-Q1", 1),
                                                                 ("2024-Q3", 1), ("2024-Q4", 1)]
    weeks = await ask(box, "number of purchases per week")
    assert [w for w, _ in weeks] == ["2023-01-09", "2023-05-01", "2024-01-29", "2024-08-19", "2024-11-25"]


async def test_more_than_the_average(box: SqliteToolbox) -> None:
    """'cost more than the average unit price': each row's value against the table's average."""
    want = gold(box, "SELECT COUNT(*) FROM purchase_lines WHERE unit_price > (SELECT AVG(unit_price) FROM purchase_lines)")
    assert await ask(box, "how many purchase lines cost more than the average unit price") == want


async def test_never_is_an_anti_join(box: SqliteToolbox) -> None:
    """'clients who never purchased': the clients no purchase refers to."""
    assert await ask(box, "which clients never purchased") == [("Ed",)]


async def test_misspelt_value_reaches_the_stored_one(box: SqliteToolbox) -> None:
    """'clients in Nothern' (a letter missing): rapidfuzz links the one close stored name, after the exact probe."""
    assert await ask(box, "how many clients are in Nothern") == [(2,)]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql", "duckdb"])
def test_new_shapes_render_in_each_dialect(dialect: str) -> None:
    """The growth, duration, percent, median and grain shapes compile for every dialect the engine writes (and run
    on SQLite)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(SHOP)
    index = build_index(introspect_sqlite(conn))
    plans = [
        Plan(root="purchase_lines", select=[Item("purchase_lines", "unit_price", "sum")],
             change=PeriodChange("purchases", "purchase_date", Period("2024-01-01", "2025-01-01", "2024"),
                                 Period("2023-01-01", "2024-01-01", "2023"))),
        Plan(root="purchases", select=[Item("purchases", "shipped_date", "avg", since="purchase_date")]),
        Plan(root="clients", select=[Item("clients", None, "percent")], part=[[Cond("clients", "is_active", "=", 0)]]),
        Plan(root="purchase_lines", select=[Item("regions", "region_name"), Item("purchase_lines", "unit_price", "median")],
             group=[Item("regions", "region_id"), Item("regions", "region_name")]),
        Plan(root="purchases", select=[Item("purchases", "purchase_date", bucket="quarter"), Item("purchases", None, "count")],
             group=[Item("purchases", "purchase_date", bucket="week")]),
    ]
    for plan in plans:
        sql = render(plan, index, dialect)
        assert sqlglot.parse_one(sql, read=dialect) is not None
        if dialect == "sqlite":
            conn.execute(sql).fetchall()


def test_one_rule_for_a_lost_superlative_on_every_path() -> None:
    """The business path's doubt and the parser's check share business.dropped_superlative: any superlative over
    a bare reading, the ranking words over a filtered one, never a bound ('at most 3')."""
    from services.conversation.engine.offline.business import dropped_superlative
    from services.conversation.engine.offline.lexicon import tokenize
    from services.conversation.engine.offline.plan import Cond, Item, Plan

    toks = tokenize

    bare = Plan(root="jobs", select=[Item("jobs", "job_id")])
    kept = Plan(root="jobs", select=[Item("jobs", "job_id")], where=[[Cond("jobs", "kind", "=", "emergency")]])
    ranked = Plan(root="jobs", select=[Item("jobs", "job_id")], order=[(Item("jobs", "cost"), True)], limit=1)
    assert dropped_superlative(toks("the longest job"), [], bare) == "longest"
    assert dropped_superlative(toks("which vendor completed the most emergency jobs"), [], kept) == "most"
    assert dropped_superlative(toks("the newest emergency jobs"), [], kept) is None  # '-est' over a filter: a name
    assert dropped_superlative(toks("jobs with at most 3 visits"), [], bare) is None
    assert dropped_superlative(toks("the most expensive job"), [], ranked) is None
