"""'Which shop has the most different brands?': 'most' before a plural noun naming a text column counts that
column's different values per row asked about (there is no measure to rank by). Answers are checked against SQL
written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

MALL = """
CREATE TABLE shops(shop_id INTEGER PRIMARY KEY, shop_name TEXT);
CREATE TABLE products(product_id INTEGER PRIMARY KEY, shop_id INTEGER REFERENCES shops(shop_id), brand TEXT,
  price REAL);
INSERT INTO shops VALUES (1, 'Anchor'), (2, 'Beacon'), (3, 'Crest');
INSERT INTO products VALUES (1, 1, 'acme', 5.0), (2, 1, 'acme', 6.0), (3, 1, 'acme', 7.0), (4, 2, 'acme', 1.0),
  (5, 2, 'bolt', 2.0), (6, 3, 'zeta', 50.0);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "mall", MALL) as b:
        yield b


async def test_most_different_text_values_are_counted(box: SqliteToolbox) -> None:
    # Anchor has the most products (3) but one brand; Beacon has two brands
    got = await ask(box, "Which shop has the most different brands?")
    assert got == gold(box, "SELECT s.shop_name FROM shops s JOIN products p ON p.shop_id = s.shop_id "
                            "GROUP BY s.shop_id ORDER BY COUNT(DISTINCT p.brand) DESC LIMIT 1") == [("Beacon",)]


async def test_a_measure_is_still_ranked_by_its_value(box: SqliteToolbox) -> None:
    got = await ask(box, "Which product brand has the highest price?")
    assert got == [("zeta",)]
