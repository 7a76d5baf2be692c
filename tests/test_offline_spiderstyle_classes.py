"""Question classes found at the own Spider-style suite's first contact (eval/spiderstyle), on a small database of
this test's own (a bakers' guild): a negated verb that is the asked-for table's own word ('judges who have not
judged any contest'), a time superlative on a whole-number column that holds years but is not named 'year'
('founded earliest'), 'older than average' followed by another sentence, and a superlative word that is part of a
stored value ('a Best Bread prize')."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.test_offline_analyst import ask, as_set, first_result, make_db

GUILD = """
CREATE TABLE judge(Judge_ID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER, Grade TEXT);
CREATE TABLE bakery(Bakery_ID INTEGER PRIMARY KEY, Name TEXT, Town TEXT, Opened INTEGER);
CREATE TABLE mill(mill_id INTEGER PRIMARY KEY, mill_name TEXT, country TEXT, num_of_staff INTEGER);
INSERT INTO mill VALUES (1,'Windlust','Netherlands',6),(2,'De Roos','Netherlands',10),(3,'Molen Om','Belgium',3);
CREATE TABLE contest(Contest_ID INTEGER PRIMARY KEY, Judge_ID INTEGER REFERENCES judge(Judge_ID),
  Bakery_ID INTEGER REFERENCES bakery(Bakery_ID), Prize TEXT);
CREATE TABLE loaf(Loaf_ID INTEGER PRIMARY KEY, Bakery_ID INTEGER REFERENCES bakery(Bakery_ID), Grain TEXT,
  Value_Thousand REAL, Year_Baked INTEGER);
INSERT INTO loaf VALUES (1,1,'rye',2.5,2001),(2,1,'spelt',4.0,2003),(3,2,'rye',1.5,2002),(4,3,'wheat',7.25,2004);
INSERT INTO judge VALUES (1,'Mara Vos',44,'A'),(2,'Ole Brandt',61,'B'),(3,'Tess Ruiz',38,'A'),(4,'Ugo Lind',57,'B');
INSERT INTO bakery VALUES (1,'Crumb Hall','Delft',1921),(2,'Rye House','Gouda',1887),
  (3,'Sour Dough Co','Delft',1999),(4,'Oven Nine','Breda',1955);
INSERT INTO contest VALUES (1,1,1,'Best Bread'),(2,1,2,'Golden Crust'),(3,3,3,'Best Bread'),(4,3,1,'Audience Prize'),
  (5,1,4,'Golden Crust'),(6,3,2,'Golden Crust');
"""


@pytest.fixture
def guild(tmp_path: Path) -> SqliteToolbox:
    box = SqliteToolbox(make_db(tmp_path, "guild", GUILD))
    yield box
    box.close()


async def test_a_negated_verb_naming_the_asked_table_negates_the_next_table(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "List the names of judges who have not judged any contest.")
    assert as_set(ans) == {("Ole Brandt",), ("Ugo Lind",)}


async def test_earliest_on_a_column_holding_years(guild: SqliteToolbox) -> None:
    for q in ("What is the name of the bakery that was opened earliest?",
              "Which bakery has the earliest opening year? Give its name."):
        assert as_set(await ask(guild, q)) == {("Rye House",)}, q


async def test_older_than_average_then_another_sentence(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "Which judges are older than average? Give their names.")
    assert as_set(ans) == {("Ole Brandt",), ("Ugo Lind",)}


async def test_a_superlative_word_inside_a_stored_value_is_no_ranking(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "List the names of bakeries that won a Best Bread prize.")
    assert as_set(ans) == {("Crumb Hall",), ("Sour Dough Co",)}


async def test_by_a_table_with_a_relative_clause_names_the_makers_not_a_grouping(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "What are the prizes of contests by judges whose age is above 50?")
    assert as_set(ans) == set()  # no judge over 50 judged a contest: an empty list, not a breakdown by judge
    ans = await ask(guild, "What are the prizes of contests by judges whose age is below 40?")
    assert as_set(ans) == {("Best Bread",), ("Audience Prize",), ("Golden Crust",)}


async def test_the_most_times_is_the_most_common_value(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "Which prize was given the most times?")
    assert as_set(ans) == {("Golden Crust",)}
    assert "COUNT" in first_result(ans).sql.upper()


async def test_highest_or_total_value_names_a_value_column_with_a_scale(guild: SqliteToolbox) -> None:
    assert as_set(await ask(guild, "What is the grain of the loaf with the highest value?")) == {("wheat",)}
    ans = await ask(guild, "Show the name of each bakery and the total value of the loaves it bakes.")
    assert as_set(ans) == {("Crumb Hall", 6.5), ("Rye House", 1.5), ("Sour Dough Co", 7.25)}


async def test_number_of_inside_a_column_name_is_no_count(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "What is the average number of staff of mills in the Netherlands?")
    assert as_set(ans) == {(8,)}
    assert "COUNT(" not in first_result(ans).sql.upper()


async def test_in_order_of_value_sorts_by_the_value_column(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "Show the grains and values of loaves in descending order of value.")
    assert [tuple(r) for r in first_result(ans).rows] == [("wheat", 7.25), ("spelt", 4.0), ("rye", 2.5), ("rye", 1.5)]


async def test_rows_made_by_someone_are_the_rows_not_the_year_they_were_made(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "List the grains of the loaves baked by bakeries in Gouda.")
    assert as_set(ans) == {("rye",)}
    assert "YEAR_BAKED" not in first_result(ans).sql.upper()


async def test_a_capital_letter_after_a_column_is_its_value(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "What are the names of judges in grade B?")
    assert as_set(ans) == {("Ole Brandt",), ("Ugo Lind",)}


async def test_most_valuable_ranks_by_the_value_column(guild: SqliteToolbox) -> None:
    ans = await ask(guild, "Which loaf is the most valuable? Give its grain.")
    assert as_set(ans) == {("wheat",)}
