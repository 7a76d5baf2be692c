"""Trust checks from the second round of the own Spider-style suite's first contact (eval/spiderstyle): a
calendar-year column compared with a number that is no year ('over 40 years old' read as Year > 40), and an
exclusion across a thing's rows read one row at a time (Genre = 'Rock' AND Genre != 'Pop'). Each wrong reading
is doubted; the right readings of the same kind are not. Also an order named only by an adjective ('sorted from
youngest to oldest') sorts by the adjective's column. The schemas are a baking contest of this test's own."""

from __future__ import annotations

from pathlib import Path

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import (doubt, dropped_positive_half, row_level_never,
                                                        year_against_small_number, year_on_unnamed_column)
from services.conversation.engine.types import Column, ForeignKey, Schema, Table
from tests.support.offline import ask, gold, script_box

SCHEMA = Schema(tables=(
    Table("baker", (Column("Baker_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"),
                    Column("Age", "INTEGER"), Column("Town", "TEXT"))),
    Table("cake", (Column("Cake_ID", "INTEGER", is_primary_key=True), Column("Baker_ID", "INTEGER"),
                   Column("Flavour", "TEXT", sample_values=("Lemon", "Cherry"), values_complete=True),
                   Column("Year", "INTEGER", sample_values=("2019", "2021")), Column("Layers", "INTEGER"),
                   Column("Class_Year", "INTEGER", sample_values=("1", "2", "3"))),
          foreign_keys=(ForeignKey("Baker_ID", "baker", "Baker_ID"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def _names(*conds: Cond) -> Plan:
    return Plan(root="baker", select=[Item("baker", "Name")], where=[[c] for c in conds], tables=["baker", "cake"])


def test_a_year_compared_with_no_year_is_doubted() -> None:
    plan = _names(Cond("cake", "Year", ">", 40))
    assert year_against_small_number(plan, INDEX) == ("40", "Year")
    assert "which is no year" in (_doubt("Which bakers are over 40 years old?", plan) or "")


def test_years_and_small_year_columns_are_trusted() -> None:
    assert year_against_small_number(_names(Cond("cake", "Year", ">", 2020)), INDEX) is None
    assert year_against_small_number(_names(Cond("baker", "Age", ">", 40)), INDEX) is None
    # a 'year' column whose own values are small (a school year, a class year) is compared with small numbers
    assert year_against_small_number(_names(Cond("cake", "Class_Year", ">", 20)), INDEX) is None
    assert year_against_small_number(_names(Cond("cake", "Year", "=", 2)), INDEX) is None  # a school year


def test_a_row_level_never_is_doubted() -> None:
    plan = _names(Cond("cake", "Flavour", "=", "Lemon"), Cond("cake", "Flavour", "!=", "Cherry"))
    assert row_level_never(plan) == ("Cherry", "Flavour")
    q = "Show the names of bakers who baked a Lemon cake but never a Cherry cake."
    assert "leave out everything" in (_doubt(q, plan) or "")


def test_exclusions_that_span_rows_or_other_columns_are_trusted() -> None:
    assert row_level_never(_names(Cond("cake", "Flavour", "!=", "Cherry"))) is None
    assert row_level_never(_names(Cond("cake", "Flavour", "=", "Lemon"), Cond("baker", "Town", "!=", "Ely"))) is None
    assert row_level_never(_names(Cond("cake", "Flavour", "=", "Lemon"))) is None


BAKERY = """
CREATE TABLE baker (Baker_ID INTEGER PRIMARY KEY, Name TEXT, Age INTEGER, Town TEXT);
CREATE TABLE pastry_chef (Chef_ID INTEGER PRIMARY KEY, Name TEXT, Birth_Year INTEGER);
INSERT INTO baker VALUES (1, 'Cora', 51, 'Ely'), (2, 'Abe', 23, 'Bath'), (3, 'Dina', 38, 'Ely'), (4, 'Bo', 44, 'Rye');
INSERT INTO pastry_chef VALUES (1, 'Zed', 1990), (2, 'Ann', 1961), (3, 'Max', 1975);
CREATE TABLE shop (Shop_ID INTEGER PRIMARY KEY, Name TEXT, Town TEXT, Opened INTEGER);
CREATE TABLE loaf (Loaf_ID INTEGER PRIMARY KEY, Shop_ID INTEGER REFERENCES shop(Shop_ID), Title TEXT,
  Bake_Year INTEGER);
INSERT INTO shop VALUES (1, 'Crumb', 'Ely', 1985), (2, 'Rise', 'Bath', 2004), (3, 'Knead', 'Rye', 2011);
INSERT INTO loaf VALUES (1, 1, 'Rye Round', 2020), (2, 1, 'Cob', 2021), (3, 2, 'Bap', 1999), (4, 3, 'Batch', 2022);
"""


async def test_an_order_named_by_an_adjective_sorts_by_its_column(tmp_path: Path) -> None:
    """'sorted from youngest to oldest' names no column: the adjective does (age), not the shown name; a birth
    year runs the other way (the youngest was born last)."""
    with script_box(tmp_path, "bakery", BAKERY) as box:
        got = await ask(box, "What are the names of the bakers, sorted from youngest to oldest?")
        assert got == gold(box, "SELECT Name FROM baker ORDER BY Age ASC")
        got = await ask(box, "List the names of bakers ordered from the oldest to the youngest.")
        assert got == gold(box, "SELECT Name FROM baker ORDER BY Age DESC")
        got = await ask(box, "What are the names of the pastry chefs, sorted from youngest to oldest?")
        assert got == gold(box, "SELECT Name FROM pastry_chef ORDER BY Birth_Year DESC")
        got = await ask(box, "List the names of bakers in alphabetical order.")
        assert got == gold(box, "SELECT Name FROM baker ORDER BY Name")


async def test_a_year_after_a_column_of_years_is_that_column(tmp_path: Path) -> None:
    """'whose opening year is after 2000' where 'opening' names Opened (a column of years): the year is Opened's,
    not the other table's Bake_Year."""
    with script_box(tmp_path, "bakery", BAKERY) as box:
        got = await ask(box, "Show the name and town of each shop whose opening year is later than 2000.")
        assert sorted(got) == sorted(gold(box, "SELECT Name, Town FROM shop WHERE Opened > 2000"))


def _never_baked(*where: Cond) -> Plan:
    sub = Plan(root="cake", select=[Item("cake", "Baker_ID")])
    return Plan(root="baker", select=[Item("baker", "Name")],
                where=[[c] for c in where] + [[Cond("baker", "Baker_ID", "not in", sub=sub)]])


def test_an_exclusion_without_its_first_half_is_doubted() -> None:
    q = "Show the names of bakers who entered a contest but never baked a cake."
    assert dropped_positive_half(tokenize(q), _never_baked()) == "but never baked"
    assert "keeps only the exclusion" in (_doubt(q, _never_baked()) or "")


def test_exclusions_alone_or_with_their_first_half_are_trusted() -> None:
    assert dropped_positive_half(tokenize("Which bakers never baked a cake?"), _never_baked()) is None
    q = "Show the names of bakers older than 30 but never baked a cake."
    assert dropped_positive_half(tokenize(q), _never_baked(Cond("baker", "Age", ">", 30))) is None


def test_a_year_of_the_counted_rows_own_only_year_column_is_trusted() -> None:
    """'How many contests were held in 2021?' on contest.Season_Year (its only year): the rows' own year; a
    year column of another table (the baker's Start_Year) is still doubted."""
    schema = Schema(tables=(
        Table("baker", (Column("Baker_ID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"),
                        Column("Start_Year", "INTEGER"))),
        Table("contest", (Column("Contest_ID", "INTEGER", is_primary_key=True), Column("Baker_ID", "INTEGER"),
                          Column("Season_Year", "INTEGER")),
              foreign_keys=(ForeignKey("Baker_ID", "baker", "Baker_ID"),)),
    ))
    index = build_index(schema)
    q = tokenize("How many contests were held in 2021?")
    own = Plan(root="contest", select=[Item("contest", None, "count")], where=[[Cond("contest", "Season_Year", "=", 2021)]])
    assert year_on_unnamed_column(q, own, index) is None
    other = Plan(root="contest", select=[Item("contest", None, "count")], where=[[Cond("baker", "Start_Year", "=", 2021)]],
                 tables=["contest", "baker"])
    assert year_on_unnamed_column(q, other, index) is not None


async def test_years_old_after_a_compared_number_is_an_age(tmp_path: Path) -> None:
    """'bakers over 40 years old' where a loaf keeps a Bake_Year: 'years old' is the baker's Age, not that year;
    'who are 44 years old' (no comparison) is left to the other rules (it would be read as a top 44)."""
    with script_box(tmp_path, "bakery", BAKERY) as box:
        got = await ask(box, "Which bakers are over 40 years old? List their names.")
        assert sorted(got) == sorted(gold(box, "SELECT Name FROM baker WHERE Age > 40"))
        got = await ask(box, "How many bakers are younger than 40 years old?")
        assert got == gold(box, "SELECT count(*) FROM baker WHERE Age < 40")
