"""'the workshop which most members signed up for': 'most' right before a table's noun counts that table's rows,
even when the noun and the verb after it loosely match one of its columns (members.date_signed_up); the newest
sign-up date is not what is ranked. Answers are checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import ask, gold, script_box

CLUB = """
CREATE TABLE Workshops(workshop_id INTEGER PRIMARY KEY, workshop_title TEXT);
CREATE TABLE Members(member_id INTEGER PRIMARY KEY, nickname TEXT, date_first_signed DATE);
CREATE TABLE Workshop_Seats(seat_id INTEGER PRIMARY KEY, workshop_id INTEGER REFERENCES Workshops(workshop_id),
  member_id INTEGER REFERENCES Members(member_id));
INSERT INTO Workshops VALUES (1, 'pottery'), (2, 'weaving'), (3, 'carving');
INSERT INTO Members VALUES (1, 'ash', '2020-01-01'), (2, 'bo', '2021-01-01'), (3, 'cy', '2024-06-01');
INSERT INTO Workshop_Seats VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 2, 2), (5, 2, 3), (6, 3, 3);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "club", CLUB) as b:
        yield b


async def test_most_before_a_table_noun_counts_its_rows(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the workshop which most member signed up for? Show the title.")
    assert got == gold(box, "SELECT w.workshop_title FROM Workshops w JOIN Workshop_Seats s ON s.workshop_id = w.workshop_id "
                            "GROUP BY w.workshop_id ORDER BY COUNT(*) DESC LIMIT 1") == [("weaving",)]


HOMES = """
CREATE TABLE Addresses(address_id INTEGER PRIMARY KEY, line_1 TEXT, line_2 TEXT, line_3 TEXT, town TEXT);
CREATE TABLE Tenants(tenant_id INTEGER PRIMARY KEY, nickname TEXT,
  current_address_id INTEGER REFERENCES Addresses(address_id));
INSERT INTO Addresses VALUES (1, '1 Elm St', 'Flat 2', NULL, 'Ayr'), (2, '9 Oak Rd', 'Unit 5', 'Rear', 'Bude');
INSERT INTO Tenants VALUES (1, 'ash', 1), (2, 'bo', 2), (3, 'cy', 2);
"""


async def test_most_number_of_a_table_noun_counts_its_rows_and_all_lines_are_shown(tmp_path: Path) -> None:
    """'the most number of tenants currently' counts tenants (not the current-address key), and 'all lines' shows
    every numbered line column of the address."""
    with script_box(tmp_path, "homes", HOMES) as b:
        got = await ask(b, "Which address holds the most number of tenants currently? List the address id and all lines.")
        assert got == gold(b, "SELECT a.address_id, a.line_1, a.line_2, a.line_3 FROM Addresses a JOIN Tenants t "
                              "ON t.current_address_id = a.address_id GROUP BY a.address_id ORDER BY COUNT(*) DESC "
                              "LIMIT 1") == [(2, "9 Oak Rd", "Unit 5", "Rear")]
