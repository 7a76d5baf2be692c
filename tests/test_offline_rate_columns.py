"""'the 2 classical events with the highest price per seat': 'price per seat' names the column SEAT_PRICE_AMT (a rate
stored as such, no breakdown by seat), 'the 2 ... with the highest' asks for two ranked rows, and 'classical' is
the genre code 'CLAS' even when two tables store that code. Answers are checked against SQL written by hand on a
warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.parse.superlatives import _leading_count
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from tests.support.offline import ask, gold, script_box

SHOWS = """
CREATE TABLE EVT(EVT_ID INTEGER PRIMARY KEY, EVT_NM TEXT, GENRE_CD TEXT, SEAT_PRICE_AMT REAL, CAP_CNT INTEGER);
CREATE TABLE TOUR(TOUR_ID INTEGER PRIMARY KEY, TOUR_NM TEXT, GENRE_CD TEXT, MONTH_AMT REAL);
INSERT INTO EVT VALUES (1, 'Brahms Night', 'CLAS', 80.0, 900), (2, 'Riff Fest', 'ROCK', 45.0, 5000),
  (3, 'Bach Matinee', 'CLAS', 35.0, 400), (4, 'Blue Note', 'JAZZ', 60.0, 300), (5, 'Mahler 5', 'CLAS', 95.0, 1200);
INSERT INTO TOUR VALUES (1, 'Euro Strings', 'CLAS', 900.0), (2, 'Loud Roads', 'ROCK', 1500.0);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "shows", SHOWS) as b:
        yield b


async def test_a_leading_count_limits_the_ranking(box: SqliteToolbox) -> None:
    got = await ask(box, "the 2 events with the highest seat price")
    want = gold(box, "SELECT EVT_NM, SEAT_PRICE_AMT FROM EVT ORDER BY SEAT_PRICE_AMT DESC LIMIT 2")
    assert got == want == [("Mahler 5", 95.0), ("Brahms Night", 80.0)]


def test_the_leading_count_is_a_count_not_a_year() -> None:
    words = "the 3 rate plans with the highest unit price".split()
    assert _leading_count(words, words.index("highest")) == 3
    words = "list the 10 agents with the most policies".split()
    assert _leading_count(words, words.index("most")) == 10
    words = "the 2024 plans with the highest fee".split()
    assert _leading_count(words, words.index("highest")) is None


async def test_x_per_y_names_the_rate_column_and_a_code_stored_twice_filters(box: SqliteToolbox) -> None:
    got = await ask(box, "the 2 classical events with the highest price per seat")
    want = gold(box, "SELECT EVT_NM FROM EVT WHERE GENRE_CD = 'CLAS' ORDER BY SEAT_PRICE_AMT DESC LIMIT 2")
    assert got == want == [("Mahler 5",), ("Brahms Night",)]
    got = await ask(box, "average price per seat of jazz events")
    assert got == gold(box, "SELECT AVG(SEAT_PRICE_AMT) FROM EVT WHERE GENRE_CD = 'JAZZ'") == [(60.0,)]


async def test_a_generic_amount_per_period_is_a_breakdown_not_a_column(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    for question in ("total amount per month", "average amount per month of tours"):
        spans = [m for m in link(tokenize(question), index) if m.kind == "column" and "per" in m.text.split()]
        assert spans == [], question
