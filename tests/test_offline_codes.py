"""Coded values: a state stored as one letter ('O', 'F', 'R') or as a label glued to a rank ('1-URGENT'). The
question says the word ('open orders', 'returned items', 'urgent orders'); the reading must use the stored code,
and must not guess a code from a word that names an event ('placed') or the table ('orders'). Answers are checked
against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from tests.support.offline import ask, gold, script_box

TRADE = """
CREATE TABLE tickets(ticket_id INTEGER PRIMARY KEY, subject TEXT, tkt_status TEXT, severity TEXT, opened_on DATE);
CREATE TABLE parcels(parcel_id INTEGER PRIMARY KEY, ticket_id INTEGER REFERENCES tickets(ticket_id), refundflag TEXT,
  weight REAL);
INSERT INTO tickets VALUES (1, 'Login', 'O', 'P1-CRITICAL', '2024-01-03'), (2, 'Billing', 'C', 'P3-LOW', '2024-02-10'),
  (3, 'Crash', 'O', 'P2-MAJOR', '2024-02-11'), (4, 'Export', 'P', 'P1-CRITICAL', '2024-03-01'),
  (5, 'Typo', 'C', 'P3-LOW', '2024-03-05'), (6, 'Sync', 'O', 'P3-LOW', '2024-03-09');
INSERT INTO parcels VALUES (1, 1, 'R', 2.0), (2, 2, 'N', 1.5), (3, 3, 'R', 4.0), (4, 4, 'A', 3.0), (5, 6, 'N', 1.0);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "trade", TRADE) as b:
        yield b


async def test_a_state_adjective_is_the_letter_code_of_a_status_column(box: SqliteToolbox) -> None:
    got = await ask(box, "How many tickets are still open?")
    assert got == gold(box, "SELECT COUNT(*) FROM tickets WHERE tkt_status = 'O'") == [(3,)]
    got = await ask(box, "number of pending tickets")
    assert got == gold(box, "SELECT COUNT(*) FROM tickets WHERE tkt_status = 'P'") == [(1,)]


async def test_a_participle_is_the_code_of_the_column_named_after_it(box: SqliteToolbox) -> None:
    got = await ask(box, "How many parcels were refunded?")
    assert got == gold(box, "SELECT COUNT(*) FROM parcels WHERE refundflag = 'R'") == [(2,)]


async def test_a_label_glued_to_a_rank_is_named_by_its_word(box: SqliteToolbox) -> None:
    got = await ask(box, "How many critical tickets are still open?")
    want = gold(box, "SELECT COUNT(*) FROM tickets WHERE severity = 'P1-CRITICAL' AND tkt_status = 'O'")
    assert got == want == [(1,)]


async def test_no_code_is_guessed_from_an_event_or_the_table(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    for question in ("How many tickets were placed in 2024?", "how many tickets", "tickets opened in March 2024"):
        toks = tokenize(question)
        coded = [m for m in link(toks, index) if m.kind == "value" and m.value in ("O", "C", "P")]
        assert coded == [], question


async def test_a_stored_value_in_capitals_is_not_the_pronoun(tmp_path: Path) -> None:
    script = ("CREATE TABLE units(unit_id INTEGER PRIMARY KEY, unit_name TEXT);"
              "CREATE TABLE staff(staff_id INTEGER PRIMARY KEY, full_name TEXT, unit_id INTEGER REFERENCES units(unit_id));"
              "INSERT INTO units VALUES (1, 'IT'), (2, 'HR'), (3, 'Sales');"
              "INSERT INTO staff VALUES (1, 'Ann', 1), (2, 'Bo', 1), (3, 'Cy', 2), (4, 'Di', 3);")
    with script_box(tmp_path, "units", script) as box:
        got = await ask(box, "how many staff work in IT")
        assert got == gold(box, "SELECT COUNT(*) FROM staff s JOIN units u ON s.unit_id = u.unit_id "
                                "WHERE u.unit_name = 'IT'") == [(2,)]
        index = build_index(await box.schema())
        toks = tokenize("is it a unit with staff")  # the pronoun, in lower case, stays a word
        assert not [m for m in link(toks, index) if m.kind == "value"]
