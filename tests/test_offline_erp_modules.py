"""General classes an ERP's ORM tables exposed (Odoo-style), on a small schema the test writes.

An ORM that names tables '<module>_<model>' ('sale_order', 'stock_warehouse', 'res_partner') keeps states as
lowercase selection keys that are verbs or to-do phrases ('cancel', 'to invoice'), archives records by clearing an
``active`` flag, and points every record at the one company it runs. Classes: the two words of a table's name said
together name that table even when the first is also a stored value ('sales orders' beside a job title 'Sales');
a participle names the state a column stores as its verb ('cancelled' for 'cancel'), 'to be invoiced' the stored
'to invoice' and 'waiting for approval' the stored 'to approve'; 'archived' is a cleared ``active`` flag; a table of
a single row is never a bridge between two others; a state word no stored state spells ('confirmed'), a counted noun
that is only a stored name of some other row ('how many customers' where a location is called 'Customers') and what
rows 'can be' done that nothing records are asked about.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

ERP = """
CREATE TABLE res_company (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO res_company VALUES (1, 'Oakline Ltd');
CREATE TABLE res_partner (id INTEGER PRIMARY KEY, name TEXT, function TEXT, customer_rank INTEGER,
  company_id INTEGER REFERENCES res_company(id), active BOOLEAN);
INSERT INTO res_partner VALUES (1, 'Ada Park', 'Sales', 0, 1, 1), (2, 'Bo Lind', 'Warehouse', 0, 1, 1),
  (3, 'Cyan Labs', NULL, 3, 1, 1), (4, 'Dune Ltd', NULL, 1, 1, 1), (5, 'Echo Co', NULL, 2, 1, 0),
  (6, 'Fay Ruiz', 'Sales', 0, 1, 1);
CREATE TABLE stock_location (id INTEGER PRIMARY KEY, name TEXT, usage TEXT,
  company_id INTEGER REFERENCES res_company(id), active BOOLEAN);
INSERT INTO stock_location VALUES (1, 'Stock', 'internal', 1, 1), (2, 'Customers', 'customer', 1, 1),
  (3, 'Vendors', 'supplier', 1, 1), (4, 'Shelf 1', 'internal', 1, 0);
CREATE TABLE product_template (id INTEGER PRIMARY KEY, name TEXT, list_price NUMERIC,
  company_id INTEGER REFERENCES res_company(id), active BOOLEAN);
INSERT INTO product_template VALUES (1, 'Desk', 300, 1, 1), (2, 'Chair', 120, 1, 1), (3, 'Stool', 60, 1, 0),
  (4, 'Lamp', 40, 1, 1), (5, 'Shelf', 90, 1, 0);
CREATE TABLE sale_order (id INTEGER PRIMARY KEY, name TEXT, partner_id INTEGER REFERENCES res_partner(id),
  state TEXT, invoice_status TEXT, date_order TIMESTAMP, amount_total NUMERIC,
  company_id INTEGER REFERENCES res_company(id));
INSERT INTO sale_order VALUES
  (1, 'S00001', 3, 'sale', 'invoiced', '2025-01-10 09:00:00', 500, 1),
  (2, 'S00002', 3, 'cancel', 'no', '2025-02-11 10:00:00', 200, 1),
  (3, 'S00003', 4, 'sale', 'to invoice', '2025-03-12 11:00:00', 300, 1),
  (4, 'S00004', 4, 'draft', 'no', '2025-04-01 12:00:00', 150, 1),
  (5, 'S00005', 3, 'done', 'invoiced', '2024-05-02 13:00:00', 700, 1),
  (6, 'S00006', 4, 'cancel', 'no', '2024-06-03 14:00:00', 100, 1),
  (7, 'S00007', 3, 'sent', 'no', '2025-07-04 15:00:00', 250, 1),
  (8, 'S00008', 4, 'sale', 'to invoice', '2025-08-05 16:00:00', 350, 1);
CREATE TABLE purchase_order (id INTEGER PRIMARY KEY, name TEXT, state TEXT, company_id INTEGER REFERENCES res_company(id));
INSERT INTO purchase_order VALUES (1, 'P00001', 'purchase', 1), (2, 'P00002', 'to approve', 1), (3, 'P00003', 'draft', 1),
  (4, 'P00004', 'to approve', 1), (5, 'P00005', 'cancel', 1);
"""

path, box, db = warehouse_fixtures("erp", ERP)


async def test_a_tables_two_words_name_it_over_a_stored_value(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many sales orders were cancelled in 2025?")
    assert same(ans, db, "SELECT COUNT(*) FROM sale_order WHERE state = 'cancel' AND date_order LIKE '2025%'")


async def test_participle_and_to_do_states_find_their_stored_keys(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many cancelled sales orders are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM sale_order WHERE state = 'cancel'")
    ans = await ask(box, "How many sales orders are waiting to be invoiced?")
    assert same(ans, db, "SELECT COUNT(*) FROM sale_order WHERE invoice_status = 'to invoice'")
    ans = await ask(box, "How many purchase orders are waiting for approval?")
    assert same(ans, db, "SELECT COUNT(*) FROM purchase_order WHERE state = 'to approve'")


async def test_archived_is_a_cleared_active_flag(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many products are archived?")
    assert same(ans, db, "SELECT COUNT(*) FROM product_template WHERE active = 0")


async def test_a_state_no_stored_value_spells_is_asked_about(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many sales orders were confirmed in 2025?")
    assert answer_rows(ans) is None
    assert "confirmed" in ans.parts[0].text


async def test_a_counted_noun_that_only_names_a_row_is_asked_about(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many customers do we have?")
    assert answer_rows(ans) is None


def test_a_single_row_table_is_no_bridge() -> None:
    from services.conversation.engine.offline.joins import Edge, shortest_path

    adj = {"a": [Edge("a", "company_id", "co", "id", onward=False)], "b": [Edge("b", "company_id", "co", "id", onward=False)],
           "co": [Edge("co", "id", "a", "company_id"), Edge("co", "id", "b", "company_id")]}
    assert shortest_path(adj, "a", "b") is None
    assert shortest_path(adj, "a", "co") == [adj["a"][0]]
    assert shortest_path(adj, "co", "b") == [adj["co"][1]]



async def test_what_a_row_can_be_is_asked_about_when_nothing_says_it(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many active products can be sold?")
    assert answer_rows(ans) is None
    assert "can be sold" in ans.parts[0].text
