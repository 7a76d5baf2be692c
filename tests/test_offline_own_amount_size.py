"""'the 3 biggest refunds': the size of a transaction-like row is its own amount (a money column named after the
table, 'RFND_AMT' of refunds, or plainly 'amount'); a customer's credit limit is no size of the customer. A table
of such rows with no name column is listed by its ids (dates kept as text are no name to show instead). Answers
are checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.linking import build_index
from services.conversation.engine.offline.parse.columns import _own_amount
from tests.support.offline import ask, gold, script_box

SHOP = """
CREATE TABLE CUSTS(CUST_ID INTEGER PRIMARY KEY, CUST_NM TEXT, CRDT_LMT_AMT REAL);
CREATE TABLE RFNDS(RFND_ID INTEGER PRIMARY KEY, CUST_ID INTEGER REFERENCES CUSTS(CUST_ID), RFND_DT TEXT, RFND_AMT REAL);
INSERT INTO CUSTS VALUES (1, 'Ann', 500.0), (2, 'Bob', 900.0), (3, 'Cy', 100.0);
INSERT INTO RFNDS VALUES (1, 1, '2025-01-04', 20.0), (2, 2, '2025-01-09', 75.5), (3, 1, '2025-02-11', 12.0),
  (4, 3, '2025-02-20', 230.0), (5, 2, '2025-03-02', 41.0);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "shop", SHOP) as b:
        yield b


async def test_the_biggest_rows_rank_by_their_own_amount(box: SqliteToolbox) -> None:
    got = await ask(box, "the 3 biggest refunds")
    assert got == gold(box, "SELECT RFND_ID FROM RFNDS ORDER BY RFND_AMT DESC LIMIT 3") == [(4,), (2,), (5,)]


async def test_a_money_column_not_named_after_its_table_is_no_size(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    refunds, custs = index.table("RFNDS"), index.table("CUSTS")
    assert refunds is not None and custs is not None
    assert _own_amount(refunds).name == "RFND_AMT"  # type: ignore[union-attr]
    assert _own_amount(custs) is None
