"""'Cases opened each month', 'tickets raised in 2024': the verbs of a record being started date it by its creation
date, even where the table also keeps a later date (resolved); 'the average time to resolve a ticket' runs from that
creation date to the date the verb names, in the unit asked for. On a small help desk the test writes."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, same, warehouse_fixtures

DESK = """
CREATE TABLE tickets (ticket_id INTEGER PRIMARY KEY, subject TEXT, priority TEXT, created_at TEXT, resolved_at TEXT);
INSERT INTO tickets VALUES (1, 'Login', 'High', '2024-01-05', '2024-02-10'), (2, 'Export', 'Low', '2024-01-20', NULL),
  (3, 'Billing', 'High', '2024-02-02', '2024-02-03'), (4, 'Sync', 'Low', '2023-12-30', '2024-01-02'),
  (5, 'Crash', 'High', '2024-03-15', '2024-03-16');
"""

path, box, db = warehouse_fixtures("desk", DESK)


async def test_opened_per_month_is_dated_by_creation(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    for verb in ("opened", "raised"):
        ans = await ask(box, f"How many tickets were {verb} each month in 2024?")
        assert same(ans, db, "SELECT strftime('%Y-%m', created_at), COUNT(*) FROM tickets WHERE created_at >= "
                             "'2024-01-01' AND created_at < '2025-01-01' GROUP BY 1"), [p.text for p in ans.parts]


async def test_opened_in_a_year_is_dated_by_creation(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many tickets were logged in 2023?")
    assert same(ans, db, "SELECT COUNT(*) FROM tickets WHERE created_at < '2024-01-01' AND created_at >= '2023-01-01'")


async def test_time_to_a_verb_runs_from_creation_to_its_date(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average time to resolve a ticket in hours, by priority?")
    assert same(ans, db, "SELECT priority, AVG((julianday(resolved_at) - julianday(created_at)) * 24) FROM tickets "
                         "GROUP BY priority"), [p.text for p in ans.parts]
    ans = await ask(box, "What is the average time to resolve a ticket?")
    assert same(ans, db, "SELECT AVG(julianday(resolved_at) - julianday(created_at)) FROM tickets")
