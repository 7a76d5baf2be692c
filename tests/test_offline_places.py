"""Country adjectives: 'French authors' and 'American customers' mean the stored country values, whatever the data
calls the country ('France', 'USA', 'United Kingdom'); answers are checked against SQL written by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.places import country_names
from tests.support.offline import ask, gold, script_box

PRESS = """
CREATE TABLE writers(writer_id INTEGER PRIMARY KEY, full_name TEXT, homeland TEXT);
CREATE TABLE readers(reader_id INTEGER PRIMARY KEY, reader_name TEXT, country_code TEXT);
CREATE TABLE titles(title_id INTEGER PRIMARY KEY, title TEXT, writer_id INTEGER REFERENCES writers(writer_id),
  price REAL);
INSERT INTO writers VALUES (1, 'Ana Roy', 'France'), (2, 'Ben Tate', 'USA'), (3, 'Cai Lin', 'Netherlands'),
  (4, 'Dee Moss', 'France'), (5, 'Eva Kühn', 'Germany'), (6, 'Fay Pike', 'United Kingdom');
INSERT INTO readers VALUES (1, 'Gus', 'FR'), (2, 'Hal', 'DE'), (3, 'Ivy', 'FR'), (4, 'Jo', 'US');
INSERT INTO titles VALUES (1, 'Alpha', 1, 10), (2, 'Beta', 1, 12), (3, 'Gamma', 2, 8), (4, 'Delta', 3, 20),
  (5, 'Eps', 4, 5), (6, 'Zeta', 6, 9);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "press", PRESS) as b:
        yield b


async def test_a_country_adjective_is_the_stored_country(box: SqliteToolbox) -> None:
    got = await ask(box, "How many French writers are there?")
    assert got == gold(box, "SELECT COUNT(*) FROM writers WHERE homeland = 'France'") == [(2,)]
    for question, stored in (("list the Dutch writers", "Netherlands"), ("American writers", "USA"),
                             ("show the British writers", "United Kingdom")):
        got = await ask(box, question)
        assert got == gold(box, f"SELECT full_name FROM writers WHERE homeland = '{stored}'"), question
    got = await ask(box, "titles by French writers")
    want = gold(box, "SELECT t.title FROM titles t JOIN writers w ON t.writer_id = w.writer_id WHERE w.homeland = 'France'")
    assert sorted(got) == sorted(want) and len(want) == 3


async def test_a_two_letter_code_only_in_a_column_named_for_countries(box: SqliteToolbox) -> None:
    got = await ask(box, "how many German readers")
    assert got == gold(box, "SELECT COUNT(*) FROM readers WHERE country_code = 'DE'") == [(1,)]


async def test_no_link_when_the_adjective_fits_no_or_two_stored_values(tmp_path: Path) -> None:
    with script_box(tmp_path, "two", "CREATE TABLE shops(shop_id INTEGER PRIMARY KEY, city TEXT, country TEXT);"
                    "INSERT INTO shops VALUES (1, 'Paris', 'France'), (2, 'Fort-de-France', 'Martinique');"
                    "CREATE TABLE depots(depot_id INTEGER PRIMARY KEY, state TEXT); INSERT INTO depots VALUES (1, 'DE');") as box:
        index = build_index(await box.schema())
        # two stored countries share 'French'; no 'Italy'; 'DE' in a state column is Delaware, not Germany
        for question in ("French shops", "Italian shops", "German depots"):
            toks = tokenize(question)
            assert not any(m.kind == "value" for m in link(toks, index)), question


def test_demonyms_come_from_the_country_data() -> None:
    assert "france" in country_names("French") and "netherlands" in country_names("dutch")
    assert "germany" in country_names("Germans")
    assert country_names("customers") == () and country_names("new") == ()
