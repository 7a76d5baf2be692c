"""'By what percent did X grow in 2025 compared with 2024?': 'percent' is the unit the growth is asked in, not a
column named for percentages (a promotion's discount_pct); checked against hand-written SQL on a shop made here."""

from __future__ import annotations

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, warehouse_fixtures

SHOP = """
CREATE TABLE promos (promo_id INTEGER PRIMARY KEY, code TEXT, discount_pct REAL, valid_from DATE);
CREATE TABLE sales (sale_id INTEGER PRIMARY KEY, promo_id INTEGER REFERENCES promos(promo_id), sold_on DATE,
    amount REAL);
INSERT INTO promos VALUES (1, 'SPRING', 10, '2024-03-01'), (2, 'SUMMER', 15, '2025-06-01');
INSERT INTO sales VALUES (1, 1, '2024-03-02', 100), (2, NULL, '2024-07-01', 60), (3, 2, '2025-06-02', 90),
  (4, NULL, '2025-08-01', 120), (5, NULL, '2025-09-01', 30);
"""

path, box, db = warehouse_fixtures("promo_shop", SHOP)


async def test_by_what_percent_is_the_growth_unit_not_a_percent_column(box: SqliteToolbox) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "By what percent did revenue grow in 2025 compared with 2024?")
    want = gold(box, "SELECT 100.0 * (SUM(CASE WHEN sold_on LIKE '2025%' THEN amount END) - SUM(CASE WHEN sold_on "
                     "LIKE '2024%' THEN amount END)) / SUM(CASE WHEN sold_on LIKE '2024%' THEN amount END) FROM sales")
    assert len(got) == 1 and abs(got[0][0] - want[0][0]) < 1e-9 and abs(want[0][0] - 50.0) < 1e-9
    got = await ask(box, "By what percent did the number of sales grow in 2025 compared with 2024?")
    assert len(got) == 1 and abs(got[0][0] - 50.0) < 1e-9  # 3 sales against 2


async def test_a_percent_column_said_by_name_is_still_that_column(box: SqliteToolbox) -> None:  # type: ignore[no-untyped-def]
    got = await ask(box, "What is the average discount percent of promos?")
    assert got == gold(box, "SELECT AVG(discount_pct) FROM promos") == [(12.5,)]
