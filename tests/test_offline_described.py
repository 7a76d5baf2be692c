"""'How is the pottery workshop described?': the verb asks for the table's one description column, for the row the
question names, not the name it already gives. Answers are checked against SQL written by hand on a warehouse made
here."""

from __future__ import annotations

from pathlib import Path

from tests.support.offline import ask, gold, script_box

STUDIO = """
CREATE TABLE Workshops(workshop_id INTEGER PRIMARY KEY, workshop_name TEXT, workshop_description TEXT, seats INTEGER);
INSERT INTO Workshops VALUES (1, 'pottery', 'wheel and kiln', 8), (2, 'weaving', 'looms and yarn', 6),
  (3, 'carving', 'knives and wood', 5);
"""


async def test_how_is_a_row_described_shows_its_description(tmp_path: Path) -> None:
    with script_box(tmp_path, "studio", STUDIO) as b:
        got = await ask(b, "How is the pottery workshop described?")
        assert got == gold(b, "SELECT workshop_description FROM Workshops WHERE workshop_name = 'pottery'") == [
            ("wheel and kiln",)]


async def test_a_table_named_without_the_verb_still_shows_its_rows(tmp_path: Path) -> None:
    with script_box(tmp_path, "studio", STUDIO) as b:
        got = await ask(b, "Which workshop has the most seats?")
        assert got == [("pottery",)]
