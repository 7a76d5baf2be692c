"""Readings that two fixes of the same night broke together, on a small storage-unit business the test writes.

'at' read as filler everywhere (for 'lessons held at each room') let the short business reading take 'the
three-bedroom units at <building>' as a top 3; and 'collected' as a money verb let 'rent collected' add up a rate
per period on each lease (monthly rent) instead of asking which money came in.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, same, warehouse_fixtures

STORAGE = """
CREATE TABLE facility (facility_id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL);
CREATE TABLE locker (locker_id INTEGER PRIMARY KEY, facility_id INTEGER NOT NULL REFERENCES facility(facility_id),
  locker_code TEXT NOT NULL, doors INTEGER NOT NULL);
CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, locker_id INTEGER NOT NULL REFERENCES locker(locker_id),
  monthly_rate REAL NOT NULL, status TEXT NOT NULL, start_date DATE NOT NULL);
CREATE TABLE receipt (receipt_id INTEGER PRIMARY KEY, rental_id INTEGER NOT NULL REFERENCES rental(rental_id),
  paid_on DATE NOT NULL, amount REAL NOT NULL);
INSERT INTO facility VALUES (1,'Harbor Point','Boston'),(2,'Mill Yard','Lowell');
INSERT INTO locker VALUES (1,1,'A1',2),(2,1,'A2',3),(3,1,'A3',3),(4,1,'A4',1),(5,2,'B1',3),(6,2,'B2',2);
INSERT INTO rental VALUES (1,1,80,'active','2024-01-01'),(2,2,95,'active','2024-02-01'),(3,5,90,'ended','2024-03-01'),
  (4,3,95,'active','2024-04-01');
INSERT INTO receipt VALUES (1,1,'2024-01-03',80),(2,1,'2024-02-03',80),(3,2,'2024-02-05',95),(4,3,'2024-03-02',45),
  (5,4,'2024-04-02',95);
"""

path, box, db = warehouse_fixtures("storage", STORAGE)


async def test_spelled_number_before_a_noun_at_a_place_is_a_value_not_a_limit(box: SqliteToolbox,
                                                                             db: sqlite3.Connection) -> None:
    ans = await ask(box, "List the locker codes of the three-door lockers at Harbor Point.")
    assert ans.understood
    assert same(ans, db, "SELECT l.locker_code FROM locker l JOIN facility f ON l.facility_id = f.facility_id "
                         "WHERE f.name = 'Harbor Point' AND l.doors = 3")


async def test_money_collected_never_adds_up_a_rate_per_period(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How much rent did we collect in 2024?")
    if ans.understood:  # the right money, or a question back; never the sum of the monthly rates
        assert same(ans, db, "SELECT SUM(amount) FROM receipt WHERE paid_on >= '2024-01-01' AND paid_on < '2025-01-01'")
    else:
        assert "rate" in " ".join(p.text for p in ans.parts if p.kind == "text")


async def test_a_rate_per_period_still_adds_up_when_asked_for(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the total monthly rate of active rentals?")
    assert ans.understood
    assert same(ans, db, "SELECT SUM(monthly_rate) FROM rental WHERE status = 'active'")


async def test_the_verb_after_each_is_not_the_breakdown_noun(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    """'How many rentals did each facility start?': 'start' ends the question as its verb; the breakdown check
    (a noun after 'each' that names an ungrouped column) read 'facility start' as its noun and asked back."""
    ans = await ask(box, "How many rentals did each facility start? Show the facility's name.")
    assert ans.understood
    assert same(ans, db, "SELECT f.name, COUNT(*) FROM rental r JOIN locker l ON r.locker_id = l.locker_id "
                         "JOIN facility f ON l.facility_id = f.facility_id GROUP BY f.facility_id")
