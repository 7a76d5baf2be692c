"""'Sales rep', 'agent', 'representative': what people call the person a record belongs to, on a small ticketing and
deals schema the test writes (its own names). A CRM keeps that person by an owner key into its users, so the word
names the owner key (grouped and shown by the user's name), and the trade said before it ('sales rep', 'support
agent') neither asks for an amount ('sales') nor matches a stored value (a 'Sales' team)."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

DESK = """
CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, full_name TEXT, team TEXT);
INSERT INTO employees VALUES (1, 'Ana Ruiz', 'Sales'), (2, 'Bo Chen', 'Sales'), (3, 'Cy Park', 'Support');
CREATE TABLE deals (deal_id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES employees(employee_id),
  title TEXT, amount REAL, is_won INTEGER, closed_on TEXT);
INSERT INTO deals VALUES (1, 1, 'Alpha', 100, 1, '2024-02-01'), (2, 1, 'Beta', 250, 1, '2024-03-05'),
  (3, 2, 'Gamma', 300, 1, '2024-07-09'), (4, 2, 'Delta', 400, 0, '2024-09-30'), (5, 1, 'Eps', 50, 0, '2024-10-01');
"""

path, box, db = warehouse_fixtures("desk", DESK)


async def test_owner_words_name_the_owner_key(box: SqliteToolbox) -> None:
    ments = link(tokenize("total amount by sales rep"), build_index(await box.schema()))
    named = [m for m in ments if m.kind != "number"]
    assert [(m.kind, m.text) for m in named][-1] == ("column", "rep")  # 'sales' is no value of the team column
    assert named[-1].columns[0][0].name == "owner_id"


async def test_won_worth_by_rep_groups_by_the_owner(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    for q in ("What is the total won amount by rep?", "What is the total won amount by sales rep?"):
        ans = await ask(box, q)
        assert same(ans, db, "SELECT s.full_name, SUM(p.amount) FROM deals p JOIN employees s ON s.employee_id = "
                             "p.owner_id WHERE p.is_won = 1 GROUP BY s.employee_id"), (q, [p.text for p in ans.parts])


async def test_top_sales_rep_is_not_a_sales_team_filter(box: SqliteToolbox) -> None:
    ans = await ask(box, "Which sales rep has the highest total won amount?")
    assert answer_rows(ans) == [("Ana Ruiz",)]  # 350 won; Bo Chen, also in the Sales team, won 300
