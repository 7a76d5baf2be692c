"""'cost' as a verb is what a buyer pays: over a small bike shop made by the test whose bikes carry both a list
price and the shop's own cost, 'which bikes cost more than 900' compares the price, while the noun ('the average
cost') keeps the cost column."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, same, warehouse_fixtures

SHOP = """
CREATE TABLE brands (brand_id INTEGER PRIMARY KEY, brand_name TEXT NOT NULL);
CREATE TABLE bikes (bike_id INTEGER PRIMARY KEY, name TEXT NOT NULL, brand_id INTEGER NOT NULL REFERENCES brands(brand_id),
  list_price REAL NOT NULL, cost REAL NOT NULL);
INSERT INTO brands VALUES (1, 'Ridgeline'), (2, 'Cityglide');
INSERT INTO bikes VALUES (1, 'Trail 5', 1, 1200, 850), (2, 'Trail 3', 1, 950, 700), (3, 'Metro', 2, 650, 880),
  (4, 'Metro Plus', 2, 1100, 600), (5, 'Kid 20', 2, 300, 150);
"""

path, box, db = warehouse_fixtures("bikes", SHOP)


async def test_cost_as_a_verb_compares_the_price(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which bikes cost more than 900 dollars?")
    assert ans.understood
    assert same(ans, db, "SELECT name FROM bikes WHERE list_price > 900")


async def test_the_noun_cost_keeps_the_cost_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average cost of bikes per brand?")
    assert ans.understood
    assert same(ans, db, "SELECT b.brand_name, AVG(k.cost) FROM bikes k JOIN brands b ON b.brand_id = k.brand_id "
                         "GROUP BY b.brand_name")
