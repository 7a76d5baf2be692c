"""'Describe the ward b.': a one-letter word ending the question right after the noun of the table whose column
stores it names that row; elsewhere a lone letter stays a word. Answers are checked against SQL written by hand on
a hospital made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

HOSPITAL = """
CREATE TABLE wards(ward_id INTEGER PRIMARY KEY, ward_name TEXT, ward_description TEXT, beds INTEGER);
INSERT INTO wards VALUES (1, 'a', 'maternity', 12), (2, 'b', 'surgery', 20), (3, 'c', 'children', 8);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "hospital", HOSPITAL) as b:
        yield b


async def test_a_letter_after_the_table_noun_names_the_row(box: SqliteToolbox) -> None:
    got = await ask(box, "Describe the ward b.")
    assert got == gold(box, "SELECT ward_description FROM wards WHERE ward_name = 'b'") == [("surgery",)]


async def test_the_letter_names_the_row_without_a_full_stop(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the description of the ward c")
    assert got == gold(box, "SELECT ward_description FROM wards WHERE ward_name = 'c'") == [("children",)]
