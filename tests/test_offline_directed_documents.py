"""Documents whose kind key says direction and document ('outgoing_bill', 'incoming_bill'), on a small journal the
test writes (ERP style, named unlike any suite).

'client bills' are the outgoing ones and 'supplier bills' the incoming ones: the party says the direction word of
the stored key and the noun its document word ('invoices' for a stored 'bill' too). A key without a direction word
is never read this way. Two doubts guard the readings this opens: a total asked for ('what is the total of ...')
read as a list of rows, and 'not settled' read as every state but 'settled' while the column also stores its own
'not_settled' beside other states (the question names the stored values to pick from).
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, same, warehouse_fixtures

JOURNAL = """
CREATE TABLE journal_entry (pk INTEGER PRIMARY KEY, ref TEXT, entry_kind TEXT, settle_state TEXT, gross REAL,
  booked_on DATE);
INSERT INTO journal_entry VALUES
  (1, 'J-001', 'outgoing_bill', 'settled', 120.0, '2025-01-04'), (2, 'J-002', 'outgoing_bill', 'not_settled', 80.0, '2025-02-11'),
  (3, 'J-003', 'incoming_bill', 'settled', 40.0, '2025-02-20'), (4, 'J-004', 'outgoing_credit', 'part', 15.0, '2025-03-01'),
  (5, 'J-005', 'manual', 'void', 0.0, '2025-03-02'), (6, 'J-006', 'outgoing_bill', 'part', 55.0, '2025-04-09'),
  (7, 'J-007', 'incoming_bill', 'not_settled', 61.0, '2025-05-15'), (8, 'J-008', 'outgoing_bill', 'void', 12.0, '2025-06-01');
"""

path, box, db = warehouse_fixtures("journal", JOURNAL)


def _text(ans: object) -> str:
    return " ".join(p.text or "" for p in ans.parts)  # type: ignore[attr-defined]


async def test_key_without_a_direction_word_is_not_read_as_one(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many client credits are there?")  # 'outgoing_credit': credit is its document word
    assert same(ans, db, "SELECT COUNT(*) FROM journal_entry WHERE entry_kind = 'outgoing_credit'")
    ans = await ask(box, "How many client manuals are there?")  # 'manual' has no direction word
    assert not same(ans, db, "SELECT COUNT(*) FROM journal_entry WHERE entry_kind = 'manual'")


async def test_party_says_the_direction_of_the_key(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many client bills are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM journal_entry WHERE entry_kind = 'outgoing_bill'")
    ans = await ask(box, "How many supplier invoices are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM journal_entry WHERE entry_kind = 'incoming_bill'")


async def test_total_read_as_a_list_is_asked_about(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the total of the client bills?")
    assert "asks for a total" in _text(ans), _text(ans)
    ans = await ask(box, "What is the total gross of the client bills?")
    assert same(ans, db, "SELECT SUM(gross) FROM journal_entry WHERE entry_kind = 'outgoing_bill'")


async def test_negation_beside_a_stored_negative_names_the_values(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many client bills have not been settled?")
    text = _text(ans)
    assert "'not_settled'" in text and "'part'" in text, text


async def test_negation_without_a_stored_negative_is_answered(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many client bills are not void?")
    assert same(ans, db, "SELECT COUNT(*) FROM journal_entry WHERE entry_kind = 'outgoing_bill' AND settle_state <> 'void'")
