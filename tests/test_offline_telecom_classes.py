"""General classes a fresh telecom-style warehouse exposed, on a small broadband provider the test writes.

Legacy snake_case where every column carries its table's short prefix (``bbc_instl_dt``, ``bbc_cncl_dt``,
``bbc_cntrct_end_dt``): a year filter dates the event the question names ('cancelled', 'contract ending'), read
through the schema's abbreviation, not the table's first date (its installation); 'the total amount of <plural
rows>' over a column itself called total (``bil_total_amt``) is one sum; 'how many high priority <rows>' counts the
rows, not the one distinct priority the question pins; 'the first and last names of ...' shows both name
columns, and 'first' there ranks nothing.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

BROADBAND = """
CREATE TABLE customer (cus_id INTEGER PRIMARY KEY, cus_first_nm TEXT NOT NULL, cus_last_nm TEXT NOT NULL,
  cus_town_nm TEXT NOT NULL, cus_birth_dt DATE);
INSERT INTO customer VALUES (1,'Ada','Park','Leeds','1980-04-02'),(2,'Bo','Quinn','York','1975-09-30'),
  (3,'Cy','Reyes','Leeds','1990-01-15'),(4,'Di','Silva','Leeds','1969-06-01');
CREATE TABLE conn_status (cst_cd TEXT PRIMARY KEY, cst_desc TEXT NOT NULL);
CREATE TABLE broadband_conn (bbc_id INTEGER PRIMARY KEY, bbc_addr_txt TEXT NOT NULL, bbc_speed_mbps INTEGER NOT NULL,
  bbc_instl_dt DATE NOT NULL, bbc_cntrct_end_dt DATE, bbc_cncl_dt DATE,
  bbc_status_cd TEXT NOT NULL REFERENCES conn_status(cst_cd));
INSERT INTO conn_status VALUES ('A','Active'),('X','Terminated');
INSERT INTO broadband_conn VALUES
  (1,'1 Elm St',100,'2023-02-01','2025-02-01',NULL,'A'),
  (2,'2 Elm St',300,'2024-03-10','2026-03-10','2024-11-05','X'),
  (3,'3 Oak Rd',100,'2024-05-01','2026-05-01',NULL,'A'),
  (4,'4 Oak Rd',900,'2022-07-15','2024-07-15','2024-08-01','X'),
  (5,'5 Pine Ave',300,'2024-09-09','2025-09-09','2025-01-20','X'),
  (6,'6 Pine Ave',100,'2021-01-05',NULL,NULL,'A'),
  (7,'7 Ash Ln',300,'2024-01-02','2026-01-02',NULL,'A');
CREATE TABLE bill_status (bst_cd TEXT PRIMARY KEY, bst_desc TEXT NOT NULL);
CREATE TABLE bill (bil_id INTEGER PRIMARY KEY, bil_no TEXT NOT NULL, bil_bbc_id INTEGER NOT NULL REFERENCES broadband_conn(bbc_id),
  bil_issue_dt DATE NOT NULL, bil_net_amt REAL NOT NULL, bil_total_amt REAL NOT NULL,
  bil_status_cd TEXT NOT NULL REFERENCES bill_status(bst_cd));
INSERT INTO bill_status VALUES ('P','Paid'),('L','Overdue');
INSERT INTO bill VALUES (1,'B-001',1,'2024-01-03',25.0,30.0,'P'),(2,'B-002',2,'2024-04-03',40.0,48.0,'L'),
  (3,'B-003',3,'2024-06-03',25.0,30.0,'L'),(4,'B-004',4,'2024-07-03',90.0,108.0,'P'),(5,'B-005',5,'2024-10-03',40.0,48.0,'L');
CREATE TABLE fault_report (flt_id INTEGER PRIMARY KEY, flt_bbc_id INTEGER NOT NULL REFERENCES broadband_conn(bbc_id),
  flt_prio_cd TEXT NOT NULL, flt_state_cd TEXT NOT NULL, flt_opened_ts TIMESTAMP NOT NULL);
INSERT INTO fault_report VALUES (1,1,'HIGH','OPEN','2024-02-01 10:00:00'),(2,1,'LOW','OPEN','2024-02-03 11:00:00'),
  (3,3,'HIGH','CLOSED','2024-03-01 09:30:00'),(4,3,'HIGH','OPEN','2024-05-07 16:00:00'),(5,7,'MEDIUM','CLOSED','2024-06-01 08:00:00'),
  (6,7,'HIGH','OPEN','2024-06-02 12:00:00');
"""

path, box, db = warehouse_fixtures("broadband", BROADBAND)


async def test_cancelled_in_a_year_dates_the_cancellation(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many broadband connections were cancelled in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM broadband_conn WHERE bbc_cncl_dt >= '2024-01-01' AND bbc_cncl_dt < '2025-01-01'")
    assert rows(ans) == [(2,)]  # installed in 2024 would be 4


async def test_contract_ending_in_a_year_dates_the_contract_end(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many broadband connections have a contract ending in 2026?")
    assert same(ans, db, "SELECT COUNT(*) FROM broadband_conn WHERE bbc_cntrct_end_dt >= '2026-01-01' AND bbc_cntrct_end_dt < '2027-01-01'")
    assert rows(ans) == [(3,)]


async def test_installed_in_a_year_still_dates_the_installation(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many broadband connections were installed in 2024?")
    assert rows(ans) == [(4,)]


async def test_total_amount_of_rows_over_a_total_column_is_one_sum(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the total amount of overdue bills?")
    assert same(ans, db, "SELECT SUM(b.bil_total_amt) FROM bill b JOIN bill_status s ON b.bil_status_cd = s.bst_cd "
                         "WHERE s.bst_desc = 'Overdue'")
    assert rows(ans) == [(126.0,)]


async def test_total_amounts_of_rows_still_lists_each_row(box: SqliteToolbox) -> None:
    ans = await ask(box, "List the bill numbers and total amounts of overdue bills")
    assert sorted(rows(ans) or []) == [("B-002", 48.0), ("B-003", 30.0), ("B-005", 48.0)]  # each bill's own total


async def test_how_many_of_a_pinned_value_counts_the_rows(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many high priority faults are open?")
    assert same(ans, db, "SELECT COUNT(*) FROM fault_report WHERE flt_prio_cd = 'HIGH' AND flt_state_cd = 'OPEN'")
    assert rows(ans) == [(3,)]  # not 1, the number of distinct priorities among them


async def test_first_and_last_names_are_both_shown_and_nothing_is_ranked(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What are the first and last names of customers who live in Leeds?")
    assert same(ans, db, "SELECT cus_first_nm, cus_last_nm FROM customer WHERE cus_town_nm = 'Leeds'")
    assert len(rows(ans) or []) == 3  # not the one earliest-born customer
