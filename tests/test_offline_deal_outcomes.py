"""Everyday sales phrasings over a deals table that keeps its outcome in yes/no flags, on a small pipeline the test
writes (its own names, not any eval database's).

Classes: a deal 'lost' (or one 'we lose') over a won flag is a finished deal that was not won, so the table's own
closed flag keeps the open deals out, while 'not won' keeps them in; an irregular verb says its flag by its
participle ('lose' ~ lost ~ not won, read also by the business reader, which then dates the deals by the close
date); the words of a period ('last year') name no date column ('last_touched_on'); and a stored label said with
an article inside it ('lost to a competitor') is that label."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import flag_truth
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

PIPELINE = """
CREATE TABLE sellers (seller_id INTEGER PRIMARY KEY, full_name TEXT);
INSERT INTO sellers VALUES (1, 'Ana Ruiz'), (2, 'Bo Chen');
CREATE TABLE deals (deal_id INTEGER PRIMARY KEY, seller_id INTEGER REFERENCES sellers(seller_id), title TEXT,
  value REAL, closed INTEGER, won INTEGER, closed_on TEXT, last_touched_on TEXT, loss_reason TEXT);
INSERT INTO deals VALUES
  (1, 1, 'Alpha', 100, 1, 1, '2024-02-01', '2024-02-01', NULL),
  (2, 1, 'Beta', 200, 1, 0, '2024-03-05', '2024-03-05', 'Lost to Competitor'),
  (3, 2, 'Gamma', 300, 1, 0, '2024-07-09', '2025-01-02', 'No Budget'),
  (4, 2, 'Delta', 400, 0, 0, '2024-09-30', '2024-10-01', NULL),
  (5, 1, 'Epsilon', 500, 0, 0, '2025-01-15', '2025-01-10', NULL),
  (6, 2, 'Zeta', 600, 1, 0, '2023-11-20', '2023-11-20', 'Lost to Competitor'),
  (7, 1, 'Eta', 700, 1, 1, '2024-12-01', '2024-12-01', NULL);
"""

path, box, db = warehouse_fixtures("pipeline", PIPELINE)


def test_irregular_verb_says_its_flag_by_its_participle() -> None:
    assert flag_truth(["won"], "win", "win") is True
    assert flag_truth(["won"], "lose", "lose") is False  # lose ~ lost ~ the opposite of won
    assert flag_truth(["won"], "lost", "lost") is False
    assert flag_truth(["closed"], "win", "win") is None


async def test_lost_deals_are_the_closed_ones_not_won(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many lost deals are there?")
    assert same(ans, db, "SELECT COUNT(*) FROM deals WHERE won = 0 AND closed = 1")  # 3, not the 5 not won


async def test_deals_we_lose_in_a_year_are_dated_by_their_close(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many deals did we lose in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM deals WHERE won = 0 AND closed = 1 AND closed_on >= '2024-01-01' "
                         "AND closed_on < '2025-01-01'")  # 2 (Beta, Gamma)
    ans = await ask(box, "How many deals were lost in 2024?")
    assert same(ans, db, "SELECT COUNT(*) FROM deals WHERE won = 0 AND closed = 1 AND closed_on >= '2024-01-01' "
                         "AND closed_on < '2025-01-01'")


async def test_not_won_keeps_the_open_deals(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many deals were not won?")
    rows = answer_rows(ans)
    assert rows is None or rows == db.execute("SELECT COUNT(*) FROM deals WHERE won = 0").fetchall()


async def test_last_year_names_no_last_touched_date(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many deals did we lose last year?")
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    assert part is not None and part.result is not None, [p.text for p in ans.parts]
    assert "closed_on >=" in part.result.sql.replace('"', '') and "last_touched_on" not in part.result.sql


async def test_stored_label_said_with_an_article(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many deals were lost to a competitor?")
    assert same(ans, db, "SELECT COUNT(*) FROM deals WHERE loss_reason = 'Lost to Competitor'"), [p.text for p in ans.parts]
