"""Units of measure: a threshold the question gives in one unit, compared with a column that counts another
('longer than 2 hours' over minutes). The column's unit comes from its name or its documentation; a column that
declares none is not guessed. Every answer is checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.linking import ColumnInfo
from services.conversation.engine.offline.units import column_unit
from tests.support.offline import ask, gold, script_box

WORKSHOP = """
CREATE TABLE jobs(job_id INTEGER PRIMARY KEY, job_title TEXT, duration_min INTEGER, load_kg REAL);
CREATE TABLE calls(call_id INTEGER PRIMARY KEY, caller_name TEXT, talk_time REAL);
CREATE TABLE hikes(hike_id INTEGER PRIMARY KEY, trail TEXT, distance REAL);
INSERT INTO jobs VALUES (1, 'Paint', 30, 1.5), (2, 'Wire', 150, 800), (3, 'Roof', 200, 2500), (4, 'Tile', 90, 20),
  (5, 'Pipe', 61, 1000);
INSERT INTO calls VALUES (1, 'Ann', 30), (2, 'Bo', 4000), (3, 'Cy', 8000);
INSERT INTO hikes VALUES (1, 'Ridge', 5200), (2, 'Lake', 12000), (3, 'Summit', 800);
"""
DOCS = {"calls": {"columns": {"talk_time": "Length of the call in seconds"}},
        "hikes": {"columns": {"distance": "Route length (m)"}}}


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "workshop", WORKSHOP) as b:
        yield SqliteToolbox(b.path, docs=DOCS)


async def test_a_threshold_in_hours_over_a_column_named_in_minutes(box: SqliteToolbox) -> None:
    got = await ask(box, "jobs longer than 2 hours")
    assert sorted(got) == sorted(gold(box, "SELECT job_title FROM jobs WHERE duration_min > 120")) == [("Roof",), ("Wire",)]
    got = await ask(box, "jobs longer than 100 minutes")  # the column's own unit: the number as said
    assert sorted(got) == [("Roof",), ("Wire",)]


async def test_units_the_documentation_declares(box: SqliteToolbox) -> None:
    got = await ask(box, "jobs with a load above 1000 kg")  # the column's own unit
    assert sorted(got) == sorted(gold(box, "SELECT job_title FROM jobs WHERE load_kg > 1000")) == [("Roof",)]
    got = await ask(box, "calls longer than 1 hour")  # 'in seconds' in the column's documentation
    assert sorted(got) == sorted(gold(box, "SELECT caller_name FROM calls WHERE talk_time > 3600")) == [("Bo",), ("Cy",)]
    got = await ask(box, "calls longer than 2 hours")
    assert sorted(got) == sorted(gold(box, "SELECT caller_name FROM calls WHERE talk_time > 7200")) == [("Cy",)]


async def test_an_undeclared_unit_is_asked_about_not_guessed(tmp_path: Path) -> None:
    with script_box(tmp_path, "bare", WORKSHOP) as box:  # no documentation: talk_time may count anything
        ans = await OfflineAnalyst().answer("calls longer than 1 hour", toolbox=box, history=[], state={},
                                            mode="economy", deep=False)
        assert not any(p.kind == "query" and p.result is not None for p in ans.parts)
        assert any("hour" in (p.text or "") for p in ans.parts)


def test_the_unit_a_column_declares() -> None:
    def col(name: str, description: str = "", kind: str = "num") -> ColumnInfo:
        return ColumnInfo("t", name, (), kind, False, (), False, None, description)

    assert column_unit(col("duration_min")) == "minute"
    assert column_unit(col("RuntimeHrs")) == "hour"
    assert column_unit(col("hours_worked")) == "hour"
    assert column_unit(col("weight", "net weight in kilograms")) == "kilogram"
    assert column_unit(col("distance", "Route length (m)")) == "metre"
    assert column_unit(col("min")) is None  # a bare 'min' is a minimum, not minutes
    assert column_unit(col("length")) is None
    assert column_unit(col("duration_min", kind="text")) is None
