"""Durations between two abbreviated date columns: 'RCVD_DT' records when a job was received, 'FNSH_DT' when it was
finished. 'how many days does it take to finish a job (after it is received)' and 'how long does an incident last,
in hours' are the days (hours) from one date to the other, read from the abbreviations as from spelled-out names.
Answers are checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

SHOP = """
CREATE TABLE RPR_JOB(JOB_ID INTEGER PRIMARY KEY, BIKE_NM TEXT, RCVD_DT TEXT, FNSH_DT TEXT, PARTS_AMT REAL);
CREATE TABLE INCDNT(INCDNT_ID INTEGER PRIMARY KEY, SITE_NM TEXT, START_TS TEXT, END_TS TEXT);
INSERT INTO RPR_JOB VALUES (1, 'Roadster', '2025-01-02', '2025-01-05', 20.0), (2, 'Tourer', '2025-01-03', '2025-01-04', 35.0),
  (3, 'Fixie', '2025-02-01', '2025-02-09', 10.0), (4, 'Cargo', '2025-02-10', NULL, 80.0);
INSERT INTO INCDNT VALUES (1, 'North', '2025-03-01 08:00:00', '2025-03-01 10:00:00'),
  (2, 'South', '2025-03-02 09:00:00', '2025-03-02 13:00:00'), (3, 'North', '2025-03-05 22:00:00', NULL);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "shop", SHOP) as b:
        yield b


async def test_days_to_finish_run_between_the_abbreviated_stage_dates(box: SqliteToolbox) -> None:
    want = gold(box, "SELECT AVG(julianday(FNSH_DT) - julianday(RCVD_DT)) FROM RPR_JOB")
    assert want == [(4.0,)]
    assert await ask(box, "On average, how many days does it take to finish a repair job?") == want
    assert await ask(box, "On average, how many days does it take to finish a repair job after it is received?") == want


async def test_how_long_with_the_unit_named_later(box: SqliteToolbox) -> None:
    got = await ask(box, "How long does an incident last on average, in hours?")
    want = gold(box, "SELECT AVG((julianday(END_TS) - julianday(START_TS)) * 24) FROM INCDNT")
    assert [tuple(round(v, 6) for v in row) for row in got] == [tuple(round(v, 6) for v in row) for row in want] == [(3.0,)]
