"""Rows that are money, hours that are added up, verbs that name a date, and adjectives that are an entity's own flag, on a small agency the test writes.

General rules of the business reader (services/conversation/engine/offline/business.py): 'how much' and
'total <money rows>' add up the rows' one money column instead of counting them; a verb or a noun before
'amount' that names a table picks that table's money; an adjective before an entity's noun is that entity's
own yes/no flag even when another table stores the same word as a status value.
"""

from __future__ import annotations

import sqlite3


from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

AGENCY = """
CREATE TABLE Customers(CustomerID INTEGER PRIMARY KEY, CustomerName TEXT, Region TEXT, IsActive INTEGER);
CREATE TABLE Jobs(JobID INTEGER PRIMARY KEY, CustomerID INTEGER REFERENCES Customers(CustomerID), JobTitle TEXT,
  Status TEXT, StartDate DATE);
CREATE TABLE Invoices(InvoiceID INTEGER PRIMARY KEY, JobID INTEGER REFERENCES Jobs(JobID), IssuedOn DATE,
  InvoiceTotal REAL);
CREATE TABLE Refunds(RefundID INTEGER PRIMARY KEY, InvoiceID INTEGER REFERENCES Invoices(InvoiceID), Reason TEXT,
  RefundedOn DATE, RefundAmount REAL);
CREATE TABLE Purchases(PurchaseID INTEGER PRIMARY KEY, JobID INTEGER REFERENCES Jobs(JobID), BoughtOn DATE,
  Cost REAL);
INSERT INTO Customers VALUES (1,'Acme','North',1),(2,'Bolt','South',1),(3,'Crane','North',0),(4,'Dyna','East',1);
INSERT INTO Jobs VALUES (1,1,'Logo','active','2023-03-01'),(2,1,'Site','done','2023-06-01'),(3,2,'Ads','active','2024-01-10'),
  (4,3,'Print','done','2024-02-01'),(5,3,'Video','active','2024-05-05');
INSERT INTO Invoices VALUES (1,1,'2023-03-20',1200.0),(2,2,'2023-07-01',800.0),(3,2,'2023-08-01',450.0),
  (4,3,'2024-01-30',2000.0),(5,4,'2024-02-15',300.0),(6,5,'2024-05-30',950.0),(7,5,'2024-06-30',700.0);
INSERT INTO Refunds VALUES (1,2,'late','2023-07-09',100.0),(2,4,'late','2024-02-09',250.0),(3,5,'error','2024-02-20',300.0);
CREATE TABLE Timesheets(EntryID INTEGER PRIMARY KEY, JobID INTEGER REFERENCES Jobs(JobID), WorkedOn DATE,
  Hours REAL, IsOvertime INTEGER);
INSERT INTO Timesheets VALUES (1,1,'2023-03-05',6.0,0),(2,3,'2024-01-12',8.0,1),(3,3,'2024-01-13',4.5,0),
  (4,5,'2024-05-07',7.5,1),(5,5,'2024-05-08',3.0,0);
CREATE TABLE Expenses(ExpenseID INTEGER PRIMARY KEY, JobID INTEGER REFERENCES Jobs(JobID), SpentOn DATE, Category TEXT,
  Total REAL);
INSERT INTO Expenses VALUES (1,1,'2024-01-03','travel',120.0),(2,1,'2024-01-20','meals',30.0),(3,3,'2024-02-11','travel',400.0);
INSERT INTO Purchases VALUES (1,1,'2023-03-02',5000.0),(2,3,'2024-01-11',9000.0),(3,5,'2024-05-06',4000.0);
"""


path, box, db = warehouse_fixtures("agency", AGENCY)


async def test_how_much_adds_the_money_of_the_verbs_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How much did we invoice each year?")
    assert ans.understood
    assert same(ans, db, "SELECT strftime('%Y', IssuedOn), SUM(InvoiceTotal) FROM Invoices GROUP BY 1")


async def test_how_much_per_group_is_a_sum_not_a_count(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How much did each customer invoice in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT c.CustomerName, SUM(i.InvoiceTotal) FROM Invoices i JOIN Jobs j ON i.JobID = j.JobID "
                         "JOIN Customers c ON j.CustomerID = c.CustomerID WHERE i.IssuedOn >= '2024-01-01' "
                         "AND i.IssuedOn < '2025-01-01' GROUP BY c.CustomerID")


async def test_total_of_money_rows_sums_their_amount(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "total refunds by reason")
    assert ans.understood
    assert same(ans, db, "SELECT Reason, SUM(RefundAmount) FROM Refunds GROUP BY Reason")


async def test_counting_money_rows_still_counts(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "number of refunds by reason")
    assert ans.understood
    assert same(ans, db, "SELECT Reason, COUNT(*) FROM Refunds GROUP BY Reason")


async def test_table_noun_before_amount_picks_that_tables_money(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "invoiced amount per month in 2024")
    assert ans.understood
    assert same(ans, db, "SELECT strftime('%Y-%m', IssuedOn), SUM(InvoiceTotal) FROM Invoices "
                         "WHERE IssuedOn >= '2024-01-01' AND IssuedOn < '2025-01-01' GROUP BY 1")


async def test_adjective_is_the_entitys_own_flag_not_a_status_elsewhere(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many active customers are there?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM Customers WHERE IsActive = 1")
    # the status of the entity's own rows still reads as a value
    ans = await ask(box, "How many active jobs are there?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM Jobs WHERE Status = 'active'")


async def test_billed_means_the_invoices_money(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which 2 customers have we billed the most?")
    assert ans.understood
    got = [r[0] for r in rows(ans)]
    want = [r[0] for r in db.execute(
        "SELECT c.CustomerName FROM Invoices i JOIN Jobs j ON i.JobID = j.JobID JOIN Customers c ON j.CustomerID = c.CustomerID "
        "GROUP BY c.CustomerID ORDER BY SUM(i.InvoiceTotal) DESC LIMIT 2")]
    assert got == want


async def test_how_many_flagged_hours_adds_the_hours(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many overtime hours were logged in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT SUM(Hours) FROM Timesheets WHERE IsOvertime = 1 AND WorkedOn >= '2024-01-01' "
                         "AND WorkedOn < '2025-01-01'")
    ans = await ask(box, "How many hours were logged in 2024?")
    assert ans.understood
    assert same(ans, db, "SELECT SUM(Hours) FROM Timesheets WHERE WorkedOn >= '2024-01-01' AND WorkedOn < '2025-01-01'")


async def test_a_past_verb_names_the_date_it_starts(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "jobs that started in 2024")
    assert ans.understood
    assert same(ans, db, "SELECT JobTitle FROM Jobs WHERE StartDate >= '2024-01-01' AND StartDate < '2025-01-01'")


async def test_expenses_broken_down_are_their_amount(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "expenses by category")
    assert ans.understood
    assert same(ans, db, "SELECT Category, SUM(Total) FROM Expenses GROUP BY Category")
    ans = await ask(box, "how many expenses by category")
    assert ans.understood
    assert same(ans, db, "SELECT Category, COUNT(*) FROM Expenses GROUP BY Category")
