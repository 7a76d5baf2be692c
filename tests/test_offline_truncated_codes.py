"""Category codes made of a word's first letters: legacy warehouses store 'PETR' for petrol or 'HYB' for hybrid in a
column of short capital codes. A question word that starts with exactly one such code of the schema names that
code; a word two codes could start is left alone (the question is asked back, not guessed). Answers are checked
against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from tests.support.offline import ask, gold, script_box

FLEET = """
CREATE TABLE VEHICLES(VEH_ID INTEGER PRIMARY KEY, VEH_NM TEXT, FUEL_CD TEXT, SEAT_CNT INTEGER, PRICE_AMT REAL);
CREATE TABLE ACCSRY(ACCSRY_ID INTEGER PRIMARY KEY, ACCSRY_NM TEXT, ACCSRY_TYPE_CD TEXT);
INSERT INTO VEHICLES VALUES (1, 'Corsa', 'PETR', 5, 40.0), (2, 'Zoe', 'ELEC', 5, 55.0), (3, 'Prius', 'HYB', 5, 60.0),
  (4, 'Transit', 'PETR', 9, 80.0), (5, 'Kona', 'ELEC', 5, 65.0), (6, 'Yaris', 'HYB', 5, 45.0), (7, 'Polo', 'PETR', 5, 35.0);
INSERT INTO ACCSRY VALUES (1, 'Child seat', 'MECH'), (2, 'Charger', 'ELE'), (3, 'Roof box', 'MECH');
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "fleet", FLEET) as b:
        yield b


async def test_a_word_starting_with_one_stored_code_filters_on_that_code(box: SqliteToolbox) -> None:
    got = await ask(box, "How many petrol vehicles do we have?")
    assert got == gold(box, "SELECT COUNT(*) FROM VEHICLES WHERE FUEL_CD = 'PETR'") == [(3,)]
    got = await ask(box, "average price of hybrid vehicles")
    assert got == gold(box, "SELECT AVG(PRICE_AMT) FROM VEHICLES WHERE FUEL_CD = 'HYB'") == [(52.5,)]


async def test_a_ranking_keeps_the_code_filter(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the cheapest hybrid vehicle?")
    want = gold(box, "SELECT VEH_NM FROM VEHICLES WHERE FUEL_CD = 'HYB' ORDER BY PRICE_AMT LIMIT 1")
    assert got == want == [("Yaris",)]


async def test_a_word_two_codes_could_start_is_not_read_as_either(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    for question in ("How many electric vehicles do we have?", "how many vehicles", "list the mechanics"):
        coded = [m for m in link(tokenize(question), index) if m.kind == "value" and m.value in ("ELEC", "ELE", "MECH")]
        assert coded == [], question
