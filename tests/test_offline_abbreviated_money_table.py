"""'payments received per quarter in 2025' over a table named PMNT: the word spells the whole (abbreviated) table
name, so the payments are its rows and their amounts are added up, even though another table's amount (an
invoice's minimum payment) matches the word too. A word naming only part of a table's name ('premium' of premium_payments) still leaves the reading to the
parser. Answers are checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

LEDGER = """
CREATE TABLE ACCT(ACCT_ID INTEGER PRIMARY KEY, ACCT_NM TEXT);
CREATE TABLE INVC(INVC_ID INTEGER PRIMARY KEY, ACCT_ID INTEGER REFERENCES ACCT(ACCT_ID), INVC_DT TEXT, INVC_AMT REAL,
  MIN_PMNT_AMT REAL);
CREATE TABLE PMNT(PMNT_ID INTEGER PRIMARY KEY, ACCT_ID INTEGER REFERENCES ACCT(ACCT_ID), PMNT_DT TEXT, PMNT_AMT REAL);
INSERT INTO ACCT VALUES (1, 'Acme'), (2, 'Birch');
INSERT INTO INVC VALUES (1, 1, '2025-01-05', 100.0, 10.0), (2, 2, '2025-04-02', 250.0, 25.0), (3, 1, '2024-11-30', 80.0, 8.0);
INSERT INTO PMNT VALUES (1, 1, '2025-01-20', 100.0), (2, 2, '2025-02-11', 50.0), (3, 2, '2025-05-01', 200.0),
  (4, 1, '2024-12-15', 80.0), (5, 1, '2025-08-09', 30.0);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "ledger", LEDGER) as b:
        yield b


async def test_money_rows_of_an_abbreviated_table_are_added_up_per_quarter(box: SqliteToolbox) -> None:
    got = await ask(box, "payments received per quarter in 2025")
    want = gold(box, "SELECT strftime('%Y', PMNT_DT) || '-Q' || ((CAST(strftime('%m', PMNT_DT) AS INTEGER) + 2) / 3) AS q, "
                     "SUM(PMNT_AMT) FROM PMNT WHERE PMNT_DT >= '2025-01-01' AND PMNT_DT < '2026-01-01' GROUP BY q ORDER BY q")
    assert got == want == [("2025-Q1", 150.0), ("2025-Q2", 200.0), ("2025-Q3", 30.0)]
