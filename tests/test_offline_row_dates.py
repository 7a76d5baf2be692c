"""Business phrasing that compares the columns of one row, over a small parcel warehouse made by the test; each
answer is checked against SQL written by hand: one date against another ('received after their commit date'),
lateness against the row's planned date ('late deliveries', 'on time'), the percent of a narrowed whole, and durations
in hours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

PARCELS = """
CREATE TABLE couriers(courier_id INTEGER PRIMARY KEY, courier_name TEXT);
CREATE TABLE parcels(parcel_id INTEGER PRIMARY KEY, courier_id INTEGER REFERENCES couriers(courier_id),
  booked_on DATE, promised_on DATE, delivered_on DATE, state TEXT, weight_kg REAL, auto_forwarded INTEGER);
INSERT INTO couriers VALUES (1, 'Swift'), (2, 'Turtle');
INSERT INTO parcels VALUES
  (1, 1, '2024-01-01', '2024-01-05', '2024-01-04', 'delivered', 2.0, 1),
  (2, 1, '2024-01-02', '2024-01-06', '2024-01-09', 'delivered', 1.0, 0),
  (3, 2, '2024-01-03', '2024-01-07', '2024-01-12', 'delivered', 5.0, 0),
  (4, 2, '2024-01-04', '2024-01-08', '2024-01-15', 'delivered', 3.5, 1),
  (5, 2, '2024-01-05', '2024-01-09', '2024-01-09', 'delivered', 0.5, 0),
  (6, 1, '2024-01-06', '2024-01-10', NULL, 'in transit', 4.0, 0),
  (7, 2, '2024-01-07', '2024-01-11', '2024-01-10', 'returned', 1.5, 1);
CREATE TABLE claims(claim_id INTEGER PRIMARY KEY, parcel_id INTEGER REFERENCES parcels(parcel_id), severity TEXT,
  opened_at TIMESTAMP, resolved_at TIMESTAMP);
INSERT INTO claims VALUES (1, 2, 'major', '2024-01-10 08:00:00', '2024-01-10 14:30:00'),
  (2, 3, 'minor', '2024-01-13 09:00:00', '2024-01-15 09:00:00'), (3, 4, 'major', '2024-01-16 10:00:00', NULL),
  (4, 6, 'major', '2024-01-12 12:00:00', '2024-01-13 00:00:00');
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "parcels", PARCELS) as b:
        yield b


def same(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> bool:
    return sorted(map(repr, a)) == sorted(map(repr, b)) or (
        len(a) == len(b) and all(abs(float(x[-1]) - float(y[-1])) < 1e-6 for x, y in zip(sorted(a), sorted(b), strict=True)))


async def test_a_verb_date_after_a_named_date(box: SqliteToolbox) -> None:
    """The verb names one date of the row, the phrase after 'after' another one of the same row."""
    got = await ask(box, "How many parcels were delivered after their promised date?")
    assert got == gold(box, "SELECT COUNT(*) FROM parcels WHERE delivered_on > promised_on") == [(3,)]
    got = await ask(box, "How many parcels were booked before the promised date?")
    assert got == gold(box, "SELECT COUNT(*) FROM parcels WHERE booked_on < promised_on")


async def test_late_rows_per_group(box: SqliteToolbox) -> None:
    """'late deliveries': the finished stage's date after the row's planned date; the noun names the dated rows."""
    got = await ask(box, "number of late deliveries per courier")
    want = gold(box, "SELECT c.courier_name, COUNT(*) FROM parcels p JOIN couriers c USING (courier_id) "
                     "WHERE p.delivered_on > p.promised_on GROUP BY c.courier_id")
    assert same(got, want), got


async def test_on_time_rows(box: SqliteToolbox) -> None:
    got = await ask(box, "How many parcels arrived on time?")
    assert got == gold(box, "SELECT COUNT(*) FROM parcels WHERE delivered_on <= promised_on") == [(3,)]


async def test_percent_of_a_narrowed_whole(box: SqliteToolbox) -> None:
    """A condition before the counted noun narrows the whole; the one after it picks the rows the percent counts."""
    got = await ask(box, "What percentage of delivered parcels arrived on time?")
    want = gold(box, "SELECT 100.0 * SUM(CASE WHEN delivered_on <= promised_on THEN 1 ELSE 0 END) / COUNT(*) "
                     "FROM parcels WHERE state = 'delivered'")
    assert same(got, want), (got, want)


async def test_duration_in_hours(box: SqliteToolbox) -> None:
    """'hours to resolve': the days between the row's start and finish dates, counted in hours."""
    got = await ask(box, "average hours to resolve a major claim")
    want = gold(box, "SELECT AVG((julianday(resolved_at) - julianday(opened_at)) * 24) FROM claims "
                     "WHERE severity = 'major' AND resolved_at IS NOT NULL")
    assert same(got, want) and abs(want[0][0] - 9.25) < 1e-6, (got, want)
    got = await ask(box, "average days to resolve a claim")
    assert same(got, gold(box, "SELECT AVG(julianday(resolved_at) - julianday(opened_at)) FROM claims"))


async def test_number_flag_named_like_a_state(box: SqliteToolbox) -> None:
    """A 0/1 number column named like a state is a flag; an adverb built on its other word ('automatically' ~ auto)
    belongs to it."""
    got = await ask(box, "How many parcels were forwarded automatically?")
    assert got == gold(box, "SELECT COUNT(*) FROM parcels WHERE auto_forwarded = 1") == [(3,)]


async def test_unfinished_rows_have_no_finishing_date(box: SqliteToolbox) -> None:
    """'not resolved yet', 'unresolved', 'still open': the row's finishing date is empty."""
    want = gold(box, "SELECT COUNT(*) FROM claims WHERE resolved_at IS NULL")
    assert want == [(1,)]
    for q in ("How many claims are not resolved yet?", "number of unresolved claims", "how many claims are still open"):
        assert await ask(box, q) == want, q


async def test_rows_of_another_table_that_meet_a_condition(box: SqliteToolbox) -> None:
    """'parcels with unresolved claims': the parcels whose key is among the claims' rows that meet it."""
    got = await ask(box, "parcels with unresolved claims")
    want = gold(box, "SELECT parcel_id FROM parcels WHERE parcel_id IN (SELECT parcel_id FROM claims WHERE resolved_at IS NULL)")
    assert got == want == [(4,)]
