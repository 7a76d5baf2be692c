"""'Which members have no active plan?': the rows with no child in the named state (key NOT IN the children in that
state), the verb of having said before the 'no', on a small club schema the test writes. Rows whose only plans
ended still count as having no active plan."""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, same, warehouse_fixtures

CLUB = """
CREATE TABLE members (member_id INTEGER PRIMARY KEY, full_name TEXT);
INSERT INTO members VALUES (1, 'Ana'), (2, 'Bo'), (3, 'Cy'), (4, 'Di');
CREATE TABLE plans (plan_id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members(member_id), state TEXT, fee REAL);
INSERT INTO plans VALUES (1, 1, 'Active', 30), (2, 2, 'Ended', 30), (3, 2, 'Paused', 20), (4, 3, 'Active', 25),
  (5, 3, 'Ended', 25);
"""

path, box, db = warehouse_fixtures("club", CLUB)


async def test_no_child_in_a_state(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which members have no active plan?")
    assert same(ans, db, "SELECT full_name FROM members WHERE member_id NOT IN (SELECT member_id FROM plans WHERE "
                         "state = 'Active')"), [p.text for p in ans.parts]  # Bo and Di
