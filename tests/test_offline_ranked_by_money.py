"""Everyday ranking and breakdown phrasings on a plain sales schema: 'top 3 customers by revenue' ranks by the money
the word names (not a breakdown by a 'revenue' column nothing holds), and a breakdown list may hold its time grain
anywhere ('revenue by category and year', 'revenue by year and category'); 'average revenue per order' is one number
(the mean of the orders' totals), not every order's own total listed; 'what share of revenue comes from desks' is the
named rows' amount in percent of the whole amount; 'how did revenue in 2025 compare with 2024' shows each year's
revenue side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.offline import ask, gold, script_box

SHOP = """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, full_name TEXT);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name TEXT, category TEXT);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id), order_date DATE);
CREATE TABLE order_items (item_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(order_id),
                          product_id INTEGER REFERENCES products(product_id), quantity INTEGER, line_total REAL);
INSERT INTO customers VALUES (1, 'Ada Park'), (2, 'Ben Cho'), (3, 'Cy Diaz'), (4, 'Di Eze');
INSERT INTO products VALUES (1, 'Oak Chair', 'Chairs'), (2, 'Pine Desk', 'Desks'), (3, 'Desk Lamp', 'Lamps');
INSERT INTO orders VALUES (1, 1, '2024-02-03'), (2, 2, '2024-05-09'), (3, 3, '2025-01-15'), (4, 1, '2025-03-30'),
                          (5, 4, '2025-07-04'), (6, 2, '2025-11-11');
INSERT INTO order_items VALUES (1, 1, 1, 2, 240), (2, 1, 3, 1, 45), (3, 2, 2, 1, 450), (4, 3, 1, 4, 480),
                               (5, 4, 2, 2, 900), (6, 5, 3, 3, 135), (7, 6, 1, 1, 120), (8, 6, 2, 1, 450);
"""
BY_CUSTOMER = ("SELECT c.full_name, SUM(i.line_total) FROM order_items i JOIN orders o ON o.order_id = i.order_id "
               "JOIN customers c ON c.customer_id = o.customer_id GROUP BY c.customer_id ORDER BY 2 DESC LIMIT 2")
BY_CATEGORY_YEAR = ("SELECT p.category, strftime('%Y', o.order_date), SUM(i.line_total) FROM order_items i "
                    "JOIN orders o ON o.order_id = i.order_id JOIN products p ON p.product_id = i.product_id "
                    "GROUP BY 1, 2 ORDER BY 2, 1")


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("top 2 customers by revenue", BY_CUSTOMER),
    ("top 2 customers by sales", BY_CUSTOMER),
    ("revenue by category and year", BY_CATEGORY_YEAR),
    ("revenue by year and category", BY_CATEGORY_YEAR),
    ("average revenue per order", "SELECT AVG(t) FROM (SELECT SUM(line_total) AS t FROM order_items GROUP BY order_id)"),
    ("what share of revenue comes from desks?",
     "SELECT 100.0 * SUM(CASE WHEN p.category = 'Desks' THEN i.line_total ELSE 0 END) / SUM(i.line_total) "
     "FROM order_items i JOIN products p ON p.product_id = i.product_id"),
    ("How did revenue in 2025 compare with 2024?",
     "SELECT strftime('%Y', o.order_date), SUM(i.line_total) FROM order_items i JOIN orders o ON o.order_id = i.order_id "
     "GROUP BY 1"),
    ("number of orders in 2024 vs 2025", "SELECT strftime('%Y', order_date), COUNT(*) FROM orders GROUP BY 1"),
])
async def test_everyday_rankings_and_breakdowns(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "shop", SHOP) as box:
        assert sorted(await ask(box, question)) == sorted(gold(box, sql))
