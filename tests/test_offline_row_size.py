"""'The average deal size', 'the size of disputed invoices': the size of a transaction-like row is its own amount (the one
money column named after its table, or plainly 'amount'), on a small billing schema the test writes. A table with
two money columns has no one size, so the word stays unread (and the question is asked about)."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

BILLING = """
CREATE TABLE invoices (invoice_id INTEGER PRIMARY KEY, client TEXT, invoice_total REAL, disputed INTEGER, issued_on TEXT);
INSERT INTO invoices VALUES (1, 'Kite', 100, 1, '2024-01-03'), (2, 'Kite', 300, 0, '2024-02-03'),
  (3, 'Orbit', 50, 1, '2024-03-03'), (4, 'Fable', 250, 1, '2024-04-03');
CREATE TABLE quotes (quote_id INTEGER PRIMARY KEY, client TEXT, list_price REAL, net_price REAL);
INSERT INTO quotes VALUES (1, 'Kite', 100, 90), (2, 'Orbit', 200, 150);
"""

path, box, db = warehouse_fixtures("billing", BILLING)


async def test_row_size_is_its_own_amount(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average invoice size?")
    assert same(ans, db, "SELECT AVG(invoice_total) FROM invoices")
    ans = await ask(box, "What is the average size of disputed invoices?")
    assert same(ans, db, "SELECT AVG(invoice_total) FROM invoices WHERE disputed = 1")


async def test_no_size_where_the_rows_have_two_amounts(box: SqliteToolbox) -> None:
    ans = await ask(box, "What is the average quote size?")
    rows = answer_rows(ans)
    assert rows is None, rows  # list or net price: the question is asked about, not guessed
