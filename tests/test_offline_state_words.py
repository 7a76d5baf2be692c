"""State and kind words placed on their column, or asked about: 'How much did we charge in service fees in 2024?'
sums the amount of the rows of that kind (the stored kind spelled 'SERVICE_FEE' or 'Service Fee', 'monthly rent' a
kind and not a monthly breakdown), 'How many studios do we run?' keeps the active ones when the table says which
are, and 'How many tenants have a shared loft?' where only a table one reference away names such things asks
instead of counting every tenant. Answers are checked against SQL written by hand on warehouses made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer, ask, gold, script_box

CHARGES = """
CREATE TABLE tenants(tenant_id INTEGER PRIMARY KEY, full_name TEXT, flat_id INTEGER REFERENCES flats(flat_id));
CREATE TABLE flats(flat_id INTEGER PRIMARY KEY, label TEXT, kind INTEGER);
CREATE TABLE statements(statement_id INTEGER PRIMARY KEY, tenant_id INTEGER REFERENCES tenants(tenant_id),
  statement_date TEXT);
CREATE TABLE statement_lines(line_id INTEGER PRIMARY KEY, statement_id INTEGER REFERENCES statements(statement_id),
  charge_kind TEXT, line_amount REAL);
CREATE TABLE studios(studio_id INTEGER PRIMARY KEY, studio_name TEXT, city TEXT, is_active INTEGER);
CREATE TABLE guests(guest_id INTEGER PRIMARY KEY, guest_name TEXT, is_pass_holder bool NOT NULL);
CREATE TABLE guest_settings(setting_id INTEGER PRIMARY KEY, guest_id INTEGER REFERENCES guests(guest_id),
  newsletter_signed_up bool NOT NULL, language TEXT);
CREATE TABLE receipts(receipt_id INTEGER PRIMARY KEY, tenant_id INTEGER REFERENCES tenants(tenant_id),
  receipt_kind TEXT, received_on TEXT, amount REAL);
INSERT INTO flats VALUES (1, 'Garden Flat A', 1), (2, 'Loft B', 2), (3, 'Garden Flat C', 1);
INSERT INTO tenants VALUES (1, 'Ana Ruiz', 1), (2, 'Ben Ode', 2), (3, 'Cy Park', 3), (4, 'Di Lee', 2);
INSERT INTO statements VALUES (1, 1, '2023-11-01'), (2, 2, '2024-02-01'), (3, 3, '2024-05-01'), (4, 4, '2024-07-01');
INSERT INTO statement_lines VALUES (1, 1, 'SERVICE_FEE', 40), (2, 1, 'RENT', 900), (3, 2, 'SERVICE_FEE', 35),
  (4, 2, 'RENT', 800), (5, 3, 'SERVICE_FEE', 25), (6, 3, 'PARKING', 60), (7, 4, 'RENT', 850);
INSERT INTO studios VALUES (1, 'Dock', 'Leeds', 1), (2, 'Mill', 'York', 0), (3, 'Yard', 'Hull', 1);
INSERT INTO guests VALUES (1, 'Ola', 1), (2, 'Pim', 0), (3, 'Quin', 1), (4, 'Rae', 1);
INSERT INTO guest_settings VALUES (1, 1, 1, 'en'), (2, 2, 1, 'fr'), (3, 3, 0, 'en'), (4, 4, 0, 'de');
INSERT INTO receipts VALUES (1, 1, 'Monthly Rent', '2024-01-03', 900), (2, 2, 'Monthly Rent', '2024-02-03', 800),
  (3, 3, 'Deposit', '2024-03-03', 1200), (4, 4, 'Monthly Rent', '2023-12-03', 850);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "charges", CHARGES) as b:
        yield b


@pytest.mark.parametrize("question", ["How much did we charge in service fees in 2024?",
                                      "How much did we bill in service fees in 2024?"])
async def test_amount_of_one_stored_kind(box: SqliteToolbox, question: str) -> None:
    got = await ask(box, question)
    assert got == gold(box, "SELECT SUM(l.line_amount) FROM statement_lines l JOIN statements s ON "
                            "s.statement_id = l.statement_id WHERE l.charge_kind = 'SERVICE_FEE' AND "
                            "s.statement_date >= '2024-01-01' AND s.statement_date < '2025-01-01'") == [(60.0,)]


async def test_kind_spelled_with_a_period_word_is_no_breakdown(box: SqliteToolbox) -> None:
    got = await ask(box, "How much did we collect in monthly rent in 2024?")
    assert got == gold(box, "SELECT SUM(amount) FROM receipts WHERE receipt_kind = 'Monthly Rent' AND "
                            "received_on >= '2024-01-01' AND received_on < '2025-01-01'") == [(1700.0,)]


async def test_rows_we_run_are_the_active_ones(box: SqliteToolbox) -> None:
    assert await ask(box, "How many studios do we run?") == gold(
        box, "SELECT COUNT(*) FROM studios WHERE is_active = 1") == [(2,)]
    # a past or other verb says nothing about now: every row counts
    assert await ask(box, "How many studios are there?") == [(3,)]


async def test_thing_had_named_one_table_away_is_asked_about(box: SqliteToolbox) -> None:
    ans = await answer(box, "How many tenants have a shared loft?")
    assert not any(p.kind == "query" and p.result is not None for p in ans.parts)
    text = " ".join(p.text or "" for p in ans.parts if p.kind == "text")
    assert "loft" in text
    # without such a word the count of every tenant stands
    assert await ask(box, "How many tenants do we have?") == [(4,)]


CLIENTS = """
CREATE TABLE currencies(currency_id TEXT PRIMARY KEY, iso_code TEXT);
CREATE TABLE firm(firm_id INTEGER PRIMARY KEY, firm_name TEXT, town TEXT, is_preferred_client INTEGER NOT NULL);
CREATE TABLE bills(bill_id INTEGER PRIMARY KEY, firm_id INTEGER REFERENCES firm(firm_id),
  currency_id TEXT REFERENCES currencies(currency_id), bill_kind TEXT, unitprice REAL, unitprice_base REAL,
  quantity REAL, billed_on TEXT);
INSERT INTO currencies VALUES ('c1', 'USD'), ('c2', 'CAD');
INSERT INTO firm VALUES (1, 'Acme', 'Reno', 1), (2, 'Birch', 'Boise', 0), (3, 'Cove', 'Reno', 1), (4, 'Dune', 'Elko', 1);
INSERT INTO bills VALUES (1, 1, 'c1', 'Penalty Fee', 10, 10, 2, '2024-01-05'),
  (2, 2, 'c2', 'Penalty Fee', 20, 15, 1, '2024-02-05'), (3, 3, 'c1', 'Rent', 500, 500, 1, '2024-03-05');
"""


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "clients", CLIENTS) as b:
        yield b


async def test_flag_named_after_its_rows_counts_them(clients: SqliteToolbox) -> None:
    # is_preferred_client says "preferred client": the noun names the flag's rows, though the table is called firm
    assert await ask(clients, "How many preferred clients do we have?") == gold(
        clients, "SELECT COUNT(*) FROM firm WHERE is_preferred_client = 1") == [(3,)]


async def test_sum_over_several_currencies_is_asked_about(clients: SqliteToolbox) -> None:
    ans = await answer(clients, "How much did we bill in penalty fees in 2024?")
    assert not any(p.kind == "query" and p.result is not None for p in ans.parts)
    assert "currenc" in " ".join(p.text or "" for p in ans.parts if p.kind == "text")
    # an average of something that is no amount in a currency stays answered
    assert await ask(clients, "What is the average quantity of bills?") == [(4 / 3,)]


async def test_no_longer_keeps_the_rows_the_active_flag_says_stopped(box: SqliteToolbox) -> None:
    assert await ask(box, "Which studios are no longer open?") == gold(
        box, "SELECT studio_name FROM studios WHERE is_active = 0") == [("Mill",)]
    # a table without an active flag gets no such condition: the engine does not answer with every row
    ans = await answer(box, "Which flats are no longer let?")
    assert not any(p.kind == "query" and p.result is not None and len(p.result.rows) == 3 for p in ans.parts)


async def test_verb_and_object_name_an_agent_flag(box: SqliteToolbox) -> None:
    # is_pass_holder: 'hold a pass' said the other way round
    assert await ask(box, "How many guests hold a pass?") == gold(
        box, "SELECT COUNT(*) FROM guests WHERE is_pass_holder = 1") == [(3,)]


async def test_flag_of_a_table_one_reference_away(box: SqliteToolbox) -> None:
    # newsletter_signed_up sits on the guests' settings: 'signed up for the newsletter' narrows the guests
    assert await ask(box, "How many guests have signed up for the newsletter?") == gold(
        box, "SELECT COUNT(*) FROM guest_settings WHERE newsletter_signed_up = 1") == [(2,)]
