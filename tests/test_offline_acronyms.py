"""Legacy names that shorten a business term to its initials ('tblSRTicket', 'WO_HDR') while the rows spell the
term out in full ('Service Request'): people ask in the full words. Checked against hand-written SQL on a
warehouse made here."""

from __future__ import annotations

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.linking import build_index, value_acronyms
from tests.support.offline import ask, gold, warehouse_fixtures

DESK = """
CREATE TABLE tblTech (lngTechID INTEGER PRIMARY KEY, strFirstName TEXT, strLastName TEXT);
CREATE TABLE tblActivity (lngActivityID INTEGER PRIMARY KEY, lngTechID INTEGER REFERENCES tblTech(lngTechID),
    strActivityType TEXT, dtmLogged TEXT);
CREATE TABLE tblSRTicket (lngTicketID INTEGER PRIMARY KEY, lngTechID INTEGER REFERENCES tblTech(lngTechID),
    dtmOpened TEXT, strPriority TEXT);
INSERT INTO tblTech VALUES (1, 'Ana', 'Reyes'), (2, 'Omar', 'Khan'), (3, 'Lena', 'Park'), (4, 'Ivan', 'Novak');
INSERT INTO tblActivity VALUES (1, 1, 'Service Request', '2024-01-03'), (2, 2, 'Site Visit', '2024-01-04'),
  (3, 3, 'Phone Call', '2024-02-01'), (4, 4, 'Service Request', '2024-02-11'), (5, 2, 'Phone Call', '2024-03-01');
INSERT INTO tblSRTicket VALUES (1, 1, '2024-01-03', 'High'), (2, 1, '2024-02-01', 'Low'), (3, 3, '2024-02-20', 'Low');
"""

path, box, db = warehouse_fixtures("desk", DESK)


async def test_initials_the_values_spell_out_name_the_table(box: SqliteToolbox) -> None:  # type: ignore[no-untyped-def]
    schema = await box.schema()
    assert value_acronyms(schema)["sr"] == ("service", "request")
    words = {t.name: t.words for t in build_index(schema).tables}
    assert words["tblSRTicket"] == ("service", "request", "ticket")
    assert words["tblTech"] == ("tech",)  # not an acronym of anything stored


async def test_a_stored_phrase_followed_by_the_rest_of_a_table_name_is_that_table(box: SqliteToolbox) -> None:  # type: ignore[no-untyped-def]
    """'service request ticket' is the table, not the activity type 'Service Request' plus a stray word: the
    negation belongs to the tickets, so the answer is the technicians with no ticket at all."""
    got = await ask(box, "Which technicians have never handled a service request ticket?")
    want = gold(box, "SELECT strFirstName, strLastName FROM tblTech WHERE lngTechID NOT IN "
                     "(SELECT lngTechID FROM tblSRTicket)")
    assert sorted(got) == sorted(want) == [("Ivan", "Novak"), ("Omar", "Khan")]
    got = await ask(box, "How many activities were service requests?")  # the stored value alone stays a value
    assert got == gold(box, "SELECT COUNT(*) FROM tblActivity WHERE strActivityType = 'Service Request'") == [(2,)]
