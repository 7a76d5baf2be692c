"""A shared table of parties whose roles are a rank, a count or a flag (ERP style), on a small ledger the test writes.

When 'how many clients' only matches a stored name of another table's row (a ledger bucket called 'Clients'), the
reading is declined; the clarifying question then names the column that marks the noun's rows ('client rank'
above 0; 'supplier count' for vendors, the other word for the same role) so the user can pick it, and keeps the
plain question when no single column fits.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, warehouse_fixtures

LEDGER = """
CREATE TABLE party (pk INTEGER PRIMARY KEY, display_label TEXT, client_rank INTEGER, supplier_count INTEGER,
  town TEXT);
INSERT INTO party VALUES (1, 'Able Ltd', 2, 0, 'Oslo'), (2, 'Birch plc', 0, 3, 'Bergen'), (3, 'Coral AS', 1, 1, 'Oslo'),
  (4, 'Dune Oy', 0, 0, 'Turku');
CREATE TABLE ledger_bucket (pk INTEGER PRIMARY KEY, title TEXT, kind TEXT);
INSERT INTO ledger_bucket VALUES (1, 'Clients', 'view'), (2, 'Vendors', 'view'), (3, 'Partners', 'view'),
  (4, 'Stock', 'internal');
"""

path, box, db = warehouse_fixtures("ledger", LEDGER)


def _text(ans: object) -> str:
    return " ".join(p.text or "" for p in ans.parts)  # type: ignore[attr-defined]


async def test_clarifying_question_names_the_rank_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many clients do we have?")
    text = _text(ans)
    assert "client rank is above 0" in text and "parties" in text, text


async def test_role_said_in_the_other_word_finds_its_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many vendors do we have?")
    assert "supplier count is above 0" in _text(ans)


async def test_no_column_for_the_noun_keeps_the_plain_question(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many partners do we have?")
    text = _text(ans)
    assert "Which table holds the partners?" in text and "above 0" not in text, text
