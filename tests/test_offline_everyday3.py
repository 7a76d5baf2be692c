"""Everyday questions a new user types on a plain shop/CRM schema the test writes itself (customers with a signup date
and a region, orders with a date and a status, order lines, products, salespeople whose names sit in a one-to-one
table, payments): each comes back right, or as a clarifying question that offers readings that work."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

SHOP = """
CREATE TABLE regions (region_id INTEGER PRIMARY KEY, region_name TEXT NOT NULL);
CREATE TABLE salespeople (salesperson_id INTEGER PRIMARY KEY, hired_on TEXT, region_id INTEGER REFERENCES regions(region_id));
CREATE TABLE salesperson_names (salesperson_id INTEGER PRIMARY KEY REFERENCES salespeople(salesperson_id), full_name TEXT NOT NULL);
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, customer_name TEXT NOT NULL, email TEXT, signup_date TEXT,
    region_id INTEGER REFERENCES regions(region_id), is_active INTEGER NOT NULL);
CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name TEXT NOT NULL, category TEXT, unit_price REAL);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
    salesperson_id INTEGER REFERENCES salespeople(salesperson_id), order_date TEXT, status TEXT);
CREATE TABLE order_lines (line_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(order_id),
    product_id INTEGER REFERENCES products(product_id), quantity INTEGER, price REAL);
CREATE TABLE payments (payment_id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders(order_id), paid_on TEXT,
    amount REAL, method TEXT);
INSERT INTO regions VALUES (1,'North'),(2,'South'),(3,'West');
INSERT INTO salespeople VALUES (1,'2020-02-01',1),(2,'2021-05-01',2),(3,'2023-01-15',3);
INSERT INTO salesperson_names VALUES (1,'Sam Reed'),(2,'Tia Park'),(3,'Uma Cole');
INSERT INTO customers VALUES (1,'Acme','a@x.com','2023-03-01',1,1),(2,'Bolt','b@x.com','2024-06-10',2,1),
 (3,'Crest','c@x.com','2025-01-20',1,0),(4,'Dune','d@x.com','2025-04-02',3,1),(5,'Echo','e@x.com','2025-07-07',2,1),
 (6,'Fern','f@x.com','2024-11-11',3,0);
INSERT INTO products VALUES (1,'Widget','Hardware',10),(2,'Gadget','Hardware',25),(3,'Manual','Books',15),
 (4,'Cable','Accessories',5),(5,'Lamp','Home',40);
INSERT INTO orders VALUES (1,1,1,'2023-05-01','shipped'),(2,1,2,'2024-02-10','shipped'),(3,2,2,'2024-07-01','cancelled'),
 (4,2,1,'2025-01-05','shipped'),(5,3,3,'2024-12-30','shipped'),(6,4,3,'2025-05-05','pending'),(7,1,1,'2025-08-08','shipped'),
 (8,5,2,'2023-09-09','shipped'),(9,4,1,'2025-10-10','cancelled'),(10,2,3,'2023-11-11','shipped');
INSERT INTO order_lines VALUES (1,1,1,3,10),(2,1,3,1,15),(3,2,2,2,25),(4,3,5,1,40),(5,4,1,5,10),(6,4,4,10,5),
 (7,5,2,1,25),(8,6,5,2,40),(9,7,3,4,15),(10,8,2,3,25),(11,9,1,1,10),(12,10,5,1,40),(13,10,4,2,5);
INSERT INTO payments VALUES (1,1,'2023-05-02',45,'card'),(2,2,'2024-02-11',50,'card'),(3,4,'2025-01-06',100,'cash'),
 (4,5,'2025-01-02',25,'card'),(5,7,'2025-08-09',60,'transfer'),(6,8,'2023-09-10',75,'card'),(7,10,'2023-11-12',50,'cash');
"""

path, box, db = warehouse_fixtures("shop", SHOP)

REVENUE_BY_CUSTOMER = ("SELECT c.customer_name, SUM(l.price * l.quantity) FROM order_lines l JOIN orders o ON l.order_id = "
                       "o.order_id JOIN customers c ON o.customer_id = c.customer_id GROUP BY c.customer_id")


async def test_the_year_belongs_to_the_verb_it_follows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # 'signed up in 2025' dates the customers' signup, not the order the question names afterwards
    ans = await ask(box, "customers who signed up in 2025 and placed an order")
    assert same(ans, db, "SELECT DISTINCT c.customer_name FROM customers c JOIN orders o ON c.customer_id = o.customer_id "
                         "WHERE c.signup_date >= '2025-01-01' AND c.signup_date < '2026-01-01'"), [p.text for p in ans.parts]


async def test_a_year_after_the_order_verb_still_dates_the_order(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "customers who placed an order in 2025")
    assert same(ans, db, "SELECT DISTINCT c.customer_name FROM customers c JOIN orders o ON c.customer_id = o.customer_id "
                         "WHERE o.order_date >= '2025-01-01' AND o.order_date < '2026-01-01'")


async def test_two_years_apart_side_by_side(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # one row per asked year, none for the year between
    ans = await ask(box, "revenue in 2025 compared with 2023")
    assert same(ans, db, "SELECT STRFTIME('%Y', o.order_date), SUM(l.price * l.quantity) FROM order_lines l JOIN orders o "
                         "ON l.order_id = o.order_id WHERE STRFTIME('%Y', o.order_date) IN ('2023', '2025') "
                         "GROUP BY 1"), [p.text for p in ans.parts]


async def test_adjacent_years_side_by_side_unchanged(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "revenue in 2025 vs 2024")
    assert same(ans, db, "SELECT STRFTIME('%Y', o.order_date), SUM(l.price * l.quantity) FROM order_lines l JOIN orders o "
                         "ON l.order_id = o.order_id WHERE STRFTIME('%Y', o.order_date) IN ('2024', '2025') GROUP BY 1")


async def test_top_customers_rank_by_the_money_they_bring(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # no number and no measure: the first ten by revenue, and the reading says so
    ans = await ask(box, "Who are our top customers?")
    assert same(ans, db, REVENUE_BY_CUSTOMER + " ORDER BY 2 DESC LIMIT 10"), [p.text for p in ans.parts]
    assert any("names no measure" in a for a in ans.assumptions), ans.assumptions
    assert any("first 10" in a for a in ans.assumptions), ans.assumptions


async def test_top_n_customers_without_a_measure(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "who are the top 2 customers")
    assert same(ans, db, REVENUE_BY_CUSTOMER + " ORDER BY 2 DESC LIMIT 2"), [p.text for p in ans.parts]


async def test_top_plural_by_a_measure_is_a_list(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "top customers by revenue")
    assert same(ans, db, REVENUE_BY_CUSTOMER + " ORDER BY 2 DESC LIMIT 10"), [p.text for p in ans.parts]


async def test_the_top_customer_is_one(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "top customer")
    assert same(ans, db, REVENUE_BY_CUSTOMER + " ORDER BY 2 DESC LIMIT 1"), [p.text for p in ans.parts]


async def test_average_order_value_per_customer_region(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # the average of each order's total, grouped by the region of the customer the question names
    ans = await ask(box, "average order value per customer region")
    assert same(ans, db, "SELECT r.region_name, AVG(t) FROM (SELECT o.order_id, c.region_id, SUM(l.price * l.quantity) AS t "
                         "FROM order_lines l JOIN orders o ON l.order_id = o.order_id JOIN customers c ON "
                         "o.customer_id = c.customer_id GROUP BY o.order_id) x JOIN regions r ON x.region_id = r.region_id "
                         "GROUP BY r.region_id"), [p.text for p in ans.parts]


async def test_average_order_value_per_salesperson(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "average order value by salesperson")
    assert same(ans, db, "SELECT n.full_name, AVG(t) FROM (SELECT o.order_id, o.salesperson_id, SUM(l.price * l.quantity) AS t "
                         "FROM order_lines l JOIN orders o ON l.order_id = o.order_id GROUP BY o.order_id) x JOIN "
                         "salesperson_names n ON x.salesperson_id = n.salesperson_id GROUP BY n.salesperson_id"), \
        [p.text for p in ans.parts]


async def test_a_region_two_ways_away_is_asked_naming_where_the_paths_part(box: SqliteToolbox) -> None:
    # customers and salespeople both have a region: ask, naming the customer and the salespeople (not the order)
    ans = await ask(box, "average order value per region")
    assert rows(ans) is None
    text = " ".join(p.text or "" for p in ans.parts)
    assert "customer" in text and "salespeople" in text, text


async def test_revenue_per_customer_region(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "revenue per customer region")
    assert same(ans, db, "SELECT r.region_name, SUM(l.price * l.quantity) FROM order_lines l JOIN orders o ON l.order_id = "
                         "o.order_id JOIN customers c ON o.customer_id = c.customer_id JOIN regions r ON c.region_id = "
                         "r.region_id GROUP BY r.region_id"), [p.text for p in ans.parts]


async def test_salespeople_shown_by_the_name_their_own_table_keeps(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    # the salespeople's only distinct text is a hire date; their names sit in a one-to-one table
    ans = await ask(box, "bottom 2 salespeople by revenue")
    assert same(ans, db, "SELECT n.full_name, SUM(l.price * l.quantity) FROM order_lines l JOIN orders o ON l.order_id = "
                         "o.order_id JOIN salesperson_names n ON o.salesperson_id = n.salesperson_id GROUP BY "
                         "n.salesperson_id ORDER BY 2 ASC LIMIT 2"), [p.text for p in ans.parts]


async def test_sales_by_salesperson(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "sales by salesperson")
    assert same(ans, db, "SELECT n.full_name, SUM(l.price * l.quantity) FROM order_lines l JOIN orders o ON l.order_id = "
                         "o.order_id JOIN salesperson_names n ON o.salesperson_id = n.salesperson_id GROUP BY n.salesperson_id")


async def test_rows_above_the_average_of_other_rows_ask(box: SqliteToolbox) -> None:
    # one order line above the average line is not a customer whose revenue is above the average customer's
    ans = await ask(box, "customers with revenue above the average")
    assert rows(ans) is None
    assert "total" in " ".join(p.text or "" for p in ans.parts)


async def test_rows_above_their_own_average_still_answer(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "products with price above the average")
    assert same(ans, db, "SELECT product_name FROM products WHERE unit_price > (SELECT AVG(unit_price) FROM products)")


async def test_who_spent_the_most_asks_which_rows_who_means(box: SqliteToolbox) -> None:
    # 'who' names no table: ask, offering the things the amounts add up to, each a reading that answers
    ans = await ask(box, "who spent the most")
    assert rows(ans) is None
    assert "which customer spent the most" in ans.suggested_follow_ups, ans.suggested_follow_ups
    assert any("salespeople" in s for s in ans.suggested_follow_ups), ans.suggested_follow_ups
    offered = await ask(box, "which customer spent the most")
    assert rows(offered) == [("Bolt",)]


async def test_best_selling_products_is_a_list(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "best selling products")
    assert same(ans, db, "SELECT p.product_name, SUM(l.quantity) FROM order_lines l JOIN products p ON l.product_id = "
                         "p.product_id GROUP BY p.product_id ORDER BY 2 DESC LIMIT 10"), [p.text for p in ans.parts]
