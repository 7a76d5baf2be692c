"""Business phrasing about people over a small staff warehouse made by the test; each answer is checked against SQL
written by hand: 'people' and 'headcount' reach the one table whose rows are people."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

STAFF = """
CREATE TABLE offices(office_id INTEGER PRIMARY KEY, city TEXT);
CREATE TABLE teams(team_id INTEGER PRIMARY KEY, team_name TEXT, office_id INTEGER REFERENCES offices(office_id));
CREATE TABLE staff(staff_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, team_id INTEGER REFERENCES teams(team_id),
  hired_on DATE, pay REAL, boss_id INTEGER REFERENCES staff(staff_id));
INSERT INTO offices VALUES (1, 'Leeds'), (2, 'Derby');
INSERT INTO teams VALUES (1, 'Support', 1), (2, 'Billing', 1), (3, 'Design', 2);
INSERT INTO staff VALUES (1, 'Ann', 'Ames', 3, '2019-03-01', 9000, NULL), (2, 'Bob', 'Bell', 1, '2021-06-01', 4000, 1),
  (3, 'Cat', 'Cole', 1, '2021-09-15', 4200, 2), (4, 'Dan', 'Dale', 2, '2022-01-10', 5000, 1),
  (5, 'Eve', 'East', 3, '2021-02-02', 6100, 1), (6, 'Fay', 'Ford', 1, '2023-05-05', 3900, 2);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "staff", STAFF) as b:
        yield b


async def test_people_are_the_rows_of_the_people_table(box: SqliteToolbox) -> None:
    got = await ask(box, "How many people did Support hire between 2021-01-01 and 2021-12-31?")
    want = gold(box, "SELECT COUNT(*) FROM staff s JOIN teams t USING (team_id) WHERE t.team_name = 'Support' "
                     "AND s.hired_on BETWEEN '2021-01-01' AND '2021-12-31'")
    assert got == want == [(2,)]


async def test_headcount_is_a_count_of_people(box: SqliteToolbox) -> None:
    got = await ask(box, "headcount by city")
    want = gold(box, "SELECT o.city, COUNT(*) FROM staff s JOIN teams t USING (team_id) JOIN offices o USING (office_id) "
                     "GROUP BY o.city")
    assert sorted(got) == sorted(want) == [("Derby", 2), ("Leeds", 4)]


async def test_seniority_ranks_by_the_start_date(box: SqliteToolbox) -> None:
    """'longest-serving', 'most senior': the people who started first (ties included when no number is given)."""
    got = await ask(box, "Who is our longest-serving staff member?")
    assert [r[:2] for r in got] == [("Ann", "Ames")]
    got = await ask(box, "the 2 most senior staff in Support")
    want = gold(box, "SELECT first_name, last_name FROM staff s JOIN teams t USING (team_id) WHERE t.team_name = 'Support' "
                     "ORDER BY hired_on LIMIT 2")
    assert [r[:2] for r in got] == want == [("Bob", "Bell"), ("Cat", "Cole")]
