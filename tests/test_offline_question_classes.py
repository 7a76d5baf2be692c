"""General question classes of the offline analyst on a small flats database made by the test.

Each test checks the rows the engine's own SQL returned, so a wrong reading fails even when the SQL looks
plausible. The fixture is deliberately unlike any evaluation database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.test_offline_analyst import ask, as_set, first_result, make_db, rows

FLATS = """
CREATE TABLE agents(agent_id INTEGER PRIMARY KEY, agent_name TEXT, office TEXT, start_year INTEGER, age INTEGER, hometown TEXT);
CREATE TABLE flats(flat_id INTEGER PRIMARY KEY, street TEXT, kind TEXT, bedrooms INTEGER, rent REAL,
  built_year INTEGER, agent_id INTEGER REFERENCES agents(agent_id), furnished_yn TEXT);
CREATE TABLE tenants(tenant_id INTEGER PRIMARY KEY, tenant_name TEXT);
CREATE TABLE rent_rolls(tenant_id INTEGER REFERENCES tenants(tenant_id), flat_id INTEGER REFERENCES flats(flat_id));
INSERT INTO tenants VALUES (1,'Ada'),(2,'Bo'),(3,'Cy');
INSERT INTO rent_rolls VALUES (1,1),(1,2),(2,4);
CREATE TABLE owners(owner_id INTEGER PRIMARY KEY, name TEXT, age INTEGER, company_name TEXT, company_city TEXT);
INSERT INTO owners VALUES (1,'Nia Holt',47,'Holt Homes','York'),(2,'Finn Cole',33,'Cole Lets','Hull');
INSERT INTO agents VALUES (1,'Ivo Marsh','North',2015,51,'Leeds'),(2,'Rhea Quill','South',2019,29,'Derby'),(3,'Otto Lund','North',2021,34,'Bath');
INSERT INTO flats VALUES (1,'Elm Row','studio',1,700,1990,1,'1'),(2,'Oak Lane','loft',2,1400,2005,1,'0'),
  (3,'Pine Walk','studio',1,1100,2012,2,'1'),(4,'Birch Way','terrace',3,1800,2018,2,'0'),(5,'Ash Court','loft',2,900,1985,3,'0'),
  (6,'Yew Close','terrace',4,2100,2020,3,'1');
"""


@pytest.fixture
def flats(tmp_path: Path) -> SqliteToolbox:
    box = SqliteToolbox(make_db(tmp_path, "flats", FLATS))
    yield box
    box.close()


async def test_or_later_and_or_earlier_include_the_year(flats: SqliteToolbox) -> None:
    later = await ask(flats, "Which flats were built in 2012 or later? Show the street.")
    assert as_set(later) == {("Pine Walk",), ("Birch Way",), ("Yew Close",)}
    earlier = await ask(flats, "List the street of flats built in 1990 or earlier.")
    assert {r[0] for r in rows(earlier)} == {"Elm Row", "Ash Court"}  # the year may be shown too


async def test_for_different_number_of_a_stored_count_groups_by_it(flats: SqliteToolbox) -> None:
    for q in ("What is the maximum rent for different number of bedrooms?",
              "What is the maximum rent for each number of bedrooms?"):
        ans = await ask(flats, q)
        assert as_set(ans) == {(1, 1100), (2, 1400), (3, 1800), (4, 2100)}, q
        assert "COUNT" not in first_result(ans).sql.upper()


async def test_or_between_values_is_parenthesised_under_and(flats: SqliteToolbox) -> None:
    ans = await ask(flats, "What are the streets of flats that are studios or lofts with rent above 1000?")
    assert as_set(ans) == {("Oak Lane",), ("Pine Walk",)}


async def test_where_is_answered_with_a_place_column(flats: SqliteToolbox) -> None:
    assert rows(await ask(flats, "Where is the youngest agent from?")) == [("Derby",)]
    assert rows(await ask(flats, "Where is the oldest agent from?")) == [("Leeds",)]


async def test_a_short_column_word_is_not_read_as_an_abbreviation_of_a_table(flats: SqliteToolbox) -> None:
    # 'age' is an English word, not short for 'agent'
    assert rows(await ask(flats, "What is the average age of agents?")) == [(38.0,)]
    assert rows(await ask(flats, "Which agent has the lowest age?")) == [("Rhea Quill",)]


async def test_how_much_of_the_top_row_is_its_number(flats: SqliteToolbox) -> None:
    assert rows(await ask(flats, "How much does the most expensive flat cost?")) == [(2100,)]
    # a label named in the question cannot answer 'how much': the ranked amount does
    assert rows(await ask(flats, "How much does the most expensive kind of flat cost?")) == [(2100,)]


async def test_expensive_and_cheap_reach_a_money_column_without_a_price_word(flats: SqliteToolbox) -> None:
    assert rows(await ask(flats, "How much is the rent of the cheapest studio?")) == [(700,)]
    assert rows(await ask(flats, "Which is the cheapest flat? Show its street.")) == [("Elm Row",)]


async def test_an_unlinked_word_naming_a_flag_filters_on_it(flats: SqliteToolbox) -> None:
    furnished = await ask(flats, "List the street of the flats that are furnished.")
    assert as_set(furnished) == {("Elm Row",), ("Pine Walk",), ("Yew Close",)}
    assert "'1'" in first_result(furnished).sql  # the stored text, not a number compared with text
    assert rows(await ask(flats, "How many flats are not furnished?")) == [(3,)]


async def test_a_note_on_how_a_flag_is_stored_is_not_a_condition(flats: SqliteToolbox) -> None:
    ans = await ask(flats, "What are the streets of the flats that are furnished? 1 stands for yes, and 0 stands for no.")
    assert as_set(ans) == {("Elm Row",), ("Pine Walk",), ("Yew Close",)}


async def test_sorting_by_count_does_not_show_the_count(flats: SqliteToolbox) -> None:
    ans = await ask(flats, "Show the kinds of flats in descending order of count.")
    got = rows(ans)
    assert len(got[0]) == 1 and {r[0] for r in got} == {"studio", "loft", "terrace"}
    assert "COUNT(*) DESC" in first_result(ans).sql.upper()


async def test_which_column_lists_each_value_once(flats: SqliteToolbox) -> None:
    assert sorted(rows(await ask(flats, "Which kinds of flats have a rent above 1000?"))) == [("loft",), ("studio",), ("terrace",)]
    assert rows(await ask(flats, "Which offices have agents older than 30?")) == [("North",)]


async def test_a_trailing_of_phrase_qualifies_every_coordinated_column(flats: SqliteToolbox) -> None:
    ans = await ask(flats, "Show the name and the city of the company of the youngest owner.")
    assert rows(ans) == [("Cole Lets", "Hull")]
    assert rows(await ask(flats, "What is the name and age of the youngest owner?")) == [("Finn Cole", 33)]


async def test_a_table_on_the_way_to_a_negation_is_not_joined(flats: SqliteToolbox) -> None:
    # joining flats through rent_rolls in the main query would leave no tenant without a rent roll
    ans = await ask(flats, "What are the names of tenants whose flats are not in the rent rolls?")
    assert as_set(ans) == {("Cy",)}
