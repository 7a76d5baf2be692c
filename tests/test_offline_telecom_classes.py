"""General classes a fresh telecom-style warehouse exposed, on a small broadband provider the test writes.

Legacy snake_case where every column carries its table's short prefix (``bbc_instl_dt``, ``bbc_cncl_dt``,
``bbc_cntrct_end_dt``): a year filter dates the event the question names ('cancelled', 'contract ending'), read
through the schema's abbreviation, not the table's first date (its installation).
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

BROADBAND = """
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
