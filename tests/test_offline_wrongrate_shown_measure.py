"""Which columns a ranked or thresholded answer shows. 'the most expensive plan', 'the 3 cheapest plans', 'the
longest course': the adjective names no column, so the answer is the rows, not their price or length beside them.
'which plan has the highest monthly fee' (no number asked for) is answered by the row, as 'which team has the
most members' is; an explicit 'top 3 ... by fee' also shows the fee. 'teams with an average salary above 150':
the threshold only picks the groups, and the groups are the answer. Checked against SQL written by hand on a
warehouse made here."""

from __future__ import annotations

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, warehouse_fixtures

STUDIO = """
CREATE TABLE tiers(tier_id INTEGER PRIMARY KEY, tier_title TEXT, monthly_fee REAL);
CREATE TABLE courses(course_id INTEGER PRIMARY KEY, course_title TEXT, length_minutes INTEGER);
CREATE TABLE teams(team_id INTEGER PRIMARY KEY, team_name TEXT);
CREATE TABLE coaches(coach_id INTEGER PRIMARY KEY, full_name TEXT, salary REAL,
  team_id INTEGER REFERENCES teams(team_id));
INSERT INTO tiers VALUES (1, 'Starter', 9.5), (2, 'Plus', 19.0), (3, 'Studio', 49.0), (4, 'Elite', 99.0);
INSERT INTO courses VALUES (1, 'Flow', 45), (2, 'Core', 30), (3, 'Marathon', 120);
INSERT INTO teams VALUES (1, 'North'), (2, 'South'), (3, 'East');
INSERT INTO coaches VALUES (1, 'Ada', 100, 1), (2, 'Bo', 200, 2), (3, 'Cy', 300, 2), (4, 'Di', 120, 3);
"""

path, box, db = warehouse_fixtures("studio", STUDIO)


async def test_most_expensive_row_is_shown_without_its_price(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the most expensive tier?")
    assert got == gold(box, "SELECT tier_title FROM tiers ORDER BY monthly_fee DESC LIMIT 1") == [("Elite",)]


async def test_cheapest_rows_are_shown_without_their_price(box: SqliteToolbox) -> None:
    got = await ask(box, "the 3 cheapest tiers")
    assert got == gold(box, "SELECT tier_title FROM tiers ORDER BY monthly_fee ASC LIMIT 3")


async def test_longest_row_is_shown_without_its_length(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the longest course?")
    assert got == gold(box, "SELECT course_title FROM courses ORDER BY length_minutes DESC LIMIT 1") == [("Marathon",)]


async def test_which_row_has_the_highest_value_shows_the_row(box: SqliteToolbox) -> None:
    got = await ask(box, "Which tier has the highest monthly fee?")
    assert got == gold(box, "SELECT tier_title FROM tiers ORDER BY monthly_fee DESC LIMIT 1") == [("Elite",)]


async def test_explicit_top_n_by_a_column_still_shows_it(box: SqliteToolbox) -> None:
    got = await ask(box, "top 2 tiers by monthly fee")
    assert got == gold(box, "SELECT tier_title, monthly_fee FROM tiers ORDER BY monthly_fee DESC LIMIT 2")


async def test_groups_over_a_threshold_are_shown_without_the_aggregate(box: SqliteToolbox) -> None:
    got = await ask(box, "teams with an average salary above 150")
    assert sorted(got) == gold(box, "SELECT t.team_name FROM coaches c JOIN teams t ON t.team_id = c.team_id "
                                    "GROUP BY t.team_id HAVING AVG(c.salary) > 150") == [("South",)]


async def test_a_plain_breakdown_still_shows_its_aggregate(box: SqliteToolbox) -> None:
    got = await ask(box, "average salary by team")
    assert sorted(got) == sorted(gold(box, "SELECT t.team_name, AVG(c.salary) FROM coaches c JOIN teams t "
                                           "ON t.team_id = c.team_id GROUP BY t.team_id"))
