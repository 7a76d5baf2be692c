"""Residue classes of wrong answers (issue 12), each a general mechanism, on a small studio the test writes.

* money taken in ('revenue', 'sales', 'collected', 'spent') leaves out the rows whose payment status says the money
  never came or went back ('failed', 'refunded'), when that status has a settled state ('completed');
* 'by how much did X grow' is the difference between the periods, 'growth' alone stays a percent.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

STUDIO = """
CREATE TABLE Clients(ClientID INTEGER PRIMARY KEY, ClientName TEXT, City TEXT);
CREATE TABLE Payments(PaymentID INTEGER PRIMARY KEY, ClientID INTEGER REFERENCES Clients(ClientID), PaidOn DATE,
  Amount REAL, Status TEXT);
CREATE TABLE Passes(PassID INTEGER PRIMARY KEY, ClientID INTEGER REFERENCES Clients(ClientID), SoldOn DATE,
  PricePaid REAL, PassStatus TEXT);
INSERT INTO Clients VALUES (1,'Ada','Leeds'),(2,'Ben','York'),(3,'Cy','Leeds');
INSERT INTO Payments VALUES (1,1,'2024-02-01',100.0,'completed'),(2,1,'2024-03-01',50.0,'failed'),
  (3,2,'2024-05-01',80.0,'refunded'),(4,2,'2025-01-10',120.0,'completed'),(5,3,'2025-02-10',40.0,'partial'),
  (6,3,'2025-03-10',500.0,'failed'),(7,1,'2025-04-10',60.0,'completed');
INSERT INTO Passes VALUES (1,1,'2024-01-05',30.0,'valid'),(2,2,'2024-02-05',30.0,'refunded'),(3,3,'2025-01-05',45.0,'used');
"""

path, box, db = warehouse_fixtures("studio", STUDIO)


async def test_revenue_leaves_out_failed_and_refunded_payments(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "total revenue by year")
    assert ans.understood
    assert same(ans, db, "SELECT strftime('%Y', PaidOn), SUM(Amount) FROM Payments "
                         "WHERE Status NOT IN ('failed', 'refunded') GROUP BY 1")


async def test_money_collected_per_client_keeps_partial_payments(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How much did we collect from each client in 2025?")
    assert ans.understood
    assert same(ans, db, "SELECT c.ClientName, SUM(p.Amount) FROM Payments p JOIN Clients c ON p.ClientID = c.ClientID "
                         "WHERE p.Status IN ('completed', 'partial') AND p.PaidOn >= '2025-01-01' AND p.PaidOn < '2026-01-01' "
                         "GROUP BY c.ClientID")


async def test_a_status_without_a_settled_state_is_not_a_payment_status(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "total pass sales by year")
    assert ans.understood
    assert same(ans, db, "SELECT strftime('%Y', SoldOn), SUM(PricePaid) FROM Passes GROUP BY 1")


async def test_by_how_much_is_the_difference(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "By how much did revenue grow in 2025 compared with 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT SUM(CASE WHEN PaidOn >= '2025-01-01' THEN Amount END) - SUM(CASE WHEN PaidOn < '2025-01-01' "
                         "THEN Amount END) FROM Payments WHERE Status IN ('completed', 'partial')")


async def test_growth_alone_stays_a_percent(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "revenue growth in 2025 compared with 2024")
    assert ans.understood
    assert rows(ans) == [(100.0 * (220.0 - 100.0) / 100.0,)]
