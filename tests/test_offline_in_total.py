"""'What did our trucks cost to buy in total?' asks for one sum, whatever words stand between the amount and the
closing 'in total' / 'altogether'; and the answer's sentence says a platform-prefixed schema's names the way the
index reads them ('xy9z1_truck' -> trucks), not its prefix spelled out. Answers are checked against SQL written by
hand on warehouses made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer, ask, gold, script_box

FLEET = """
CREATE TABLE depots(depot_id INTEGER PRIMARY KEY, depot_name TEXT);
CREATE TABLE trucks(truck_id INTEGER PRIMARY KEY, depot_id INTEGER REFERENCES depots(depot_id), model TEXT,
  body_type TEXT, purchase_cost REAL, payload_tonnes REAL);
INSERT INTO depots VALUES (1, 'North'), (2, 'South');
INSERT INTO trucks VALUES (1, 1, 'Atlas', 'Tipper', 90000, 12), (2, 1, 'Atlas', 'Flatbed', 80000, 10),
  (3, 2, 'Brava', 'Tipper', 110000, 14), (4, 2, 'Corto', 'Reefer', 70000, 8);
"""

PREFIXED = """
CREATE TABLE xy9z1_depot(xy9z1_depotid INTEGER PRIMARY KEY, xy9z1_name TEXT);
CREATE TABLE xy9z1_truck(xy9z1_truckid INTEGER PRIMARY KEY, xy9z1_depotid INTEGER REFERENCES xy9z1_depot(xy9z1_depotid),
  xy9z1_bodytype TEXT, xy9z1_purchasecost REAL);
INSERT INTO xy9z1_depot VALUES (1, 'North'), (2, 'South');
INSERT INTO xy9z1_truck VALUES (1, 1, 'Tipper', 90000), (2, 1, 'Flatbed', 80000), (3, 2, 'Tipper', 110000);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "fleet", FLEET) as b:
        yield b


@pytest.mark.parametrize("question", ["What did our tippers cost to buy in total?",
                                      "What did the tipper trucks cost altogether?"])
async def test_closing_in_total_adds_the_amount_up(box: SqliteToolbox, question: str) -> None:
    got = await ask(box, question)
    assert got == gold(box, "SELECT SUM(purchase_cost) FROM trucks WHERE body_type = 'Tipper'") == [(200000.0,)]


async def test_sentence_says_prefixed_names_as_read(tmp_path: Path) -> None:
    with script_box(tmp_path, "prefixed", PREFIXED) as b:
        ans = await answer(b, "How many tipper trucks do we have?")
        text = " ".join(p.text or "" for p in ans.parts if p.kind == "text")
        assert await ask(b, "How many tipper trucks do we have?") == [(2,)]
        assert "trucks" in text and "xy 9 z 1" not in text and "xy9z1" not in text.split("How I read it")[0]
