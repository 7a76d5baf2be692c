"""Trust checks from the third round of the own Spider-style suite's first contact (eval/spiderstyle: a fire
brigade and an orchard cooperative): 'no <thing> who ...' read with only positive conditions, 'more than N ...
in total' compared one row at a time, 'the <word> of the <thing>' answered with the thing's key, and 'the most
recently built <thing>' ranked by another table's year. Each wrong reading is doubted; the right readings of the
same kind are not. The schema is a ferry line of this test's own."""

from __future__ import annotations

from pathlib import Path

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.parse.columns import _founding_year
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import (doubt, no_one_who, ranks_by_other_time, row_level_total,
                                                        shows_key_for_named_column)
from services.conversation.engine.types import Column, ForeignKey, Schema, Table
from tests.support.offline import ask, gold, script_box

SCHEMA = Schema(tables=(
    Table("port", (Column("port_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                   Column("country", "TEXT"), Column("opened_year", "INTEGER"))),
    Table("ferry", (Column("ferry_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                    Column("ferry_type", "TEXT", sample_values=("Catamaran", "Ro-Ro"), values_complete=True),
                    Column("year_launched", "INTEGER"), Column("port_id", "INTEGER")),
          foreign_keys=(ForeignKey("port_id", "port", "port_id"),)),
    Table("crossing", (Column("crossing_id", "INTEGER", is_primary_key=True), Column("ferry_id", "INTEGER"),
                       Column("year", "INTEGER"), Column("passengers", "INTEGER")),
          foreign_keys=(ForeignKey("ferry_id", "ferry", "ferry_id"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def _countries(*conds: Cond, setop: str | None = None) -> Plan:
    return Plan(root="port", select=[Item("port", "country")], where=[[c] for c in conds], setop=setop)


def test_no_thing_who_read_with_positive_conditions_is_doubted() -> None:
    q = "Which countries have no port that opened before 1950?"
    plan = _countries(Cond("port", "opened_year", "<", 1950))
    assert no_one_who(tokenize(q), plan) == "no port that"
    assert "leave out everything" in (_doubt(q, plan) or "")


def test_no_thing_who_read_as_an_exclusion_is_trusted() -> None:
    q = tokenize("Which countries have no port that opened before 1950?")
    sub = Plan(root="port", select=[Item("port", "country")], where=[[Cond("port", "opened_year", "<", 1950)]])
    assert no_one_who(q, _countries(Cond("port", "country", "not in", sub=sub))) is None
    assert no_one_who(q, _countries(setop="except")) is None
    assert no_one_who(tokenize("Which ports opened before 1950?"), _countries(Cond("port", "opened_year", "<", 1950))) is None


def _ferries(*where: Cond, having: list[Cond] | None = None) -> Plan:
    return Plan(root="ferry", select=[Item("ferry", "name")], where=[[c] for c in where], having=having or [],
                tables=["ferry", "crossing"])


def test_a_total_compared_one_row_at_a_time_is_doubted() -> None:
    q = "Which ferries carried more than 500 passengers in total?"
    plan = _ferries(Cond("crossing", "passengers", ">", 500))
    assert row_level_total(tokenize(q), plan, INDEX) == "passengers"
    assert "one row at a time" in (_doubt(q, plan) or "")


def test_a_total_compared_as_a_sum_or_a_single_row_is_trusted() -> None:
    q = tokenize("Which ferries carried more than 500 passengers in total?")
    summed = _ferries(having=[Cond("crossing", "passengers", ">", 500, agg="sum")])
    assert row_level_total(q, summed, INDEX) is None
    once = tokenize("Which ferries carried more than 500 passengers on a crossing?")
    assert row_level_total(once, _ferries(Cond("crossing", "passengers", ">", 500)), INDEX) is None


def test_a_key_shown_for_a_named_column_is_doubted() -> None:
    q = "What is the type of the ferry that was launched last?"
    toks = tokenize(q)
    plan = Plan(root="ferry", select=[Item("ferry", "ferry_id")], order=[(Item("ferry", "year_launched"), True)],
                limit=1)
    assert shows_key_for_named_column(toks, link(toks, INDEX), plan, INDEX) == ("type", "ferry_type")
    assert "identifier" in (_doubt(q, plan) or "")
    q = "Show the years of crossings and the names of the ferries that made them."
    toks = tokenize(q)
    plan = Plan(root="crossing", select=[Item("crossing", "year"), Item("crossing", "ferry_id")])
    assert shows_key_for_named_column(toks, link(toks, INDEX), plan, INDEX) == ("names", "name")


def test_the_named_column_itself_is_trusted() -> None:
    q = "What is the type of the ferry that was launched last?"
    toks = tokenize(q)
    plan = Plan(root="ferry", select=[Item("ferry", "ferry_type")], order=[(Item("ferry", "year_launched"), True)],
                limit=1)
    assert shows_key_for_named_column(toks, link(toks, INDEX), plan, INDEX) is None
    q = "What is the id of the type of ferry launched last?"
    toks = tokenize(q)
    plan = Plan(root="ferry", select=[Item("ferry", "ferry_id")], order=[(Item("ferry", "year_launched"), True)],
                limit=1)
    assert shows_key_for_named_column(toks, link(toks, INDEX), plan, INDEX) is None  # the id is asked for
    q = "Show the ids of the ferries and their years of launch."
    toks = tokenize(q)
    plan = Plan(root="ferry", select=[Item("ferry", "ferry_id"), Item("ferry", "year_launched")])
    assert shows_key_for_named_column(toks, link(toks, INDEX), plan, INDEX) is None


def test_a_rank_by_another_tables_year_is_doubted() -> None:
    q = "What is the name of the port that has the most recently launched ferry?"
    wrong = Plan(root="port", select=[Item("port", "name")], order=[(Item("port", "opened_year"), True)], limit=1)
    assert ranks_by_other_time(tokenize(q), wrong, INDEX) == ("launched", "ferry.year_launched")
    assert "rank by ferry.year_launched" in (_doubt(q, wrong) or "")
    right = Plan(root="port", select=[Item("port", "name")], order=[(Item("ferry", "year_launched"), True)], limit=1,
                 tables=["port", "ferry"])
    assert ranks_by_other_time(tokenize(q), right, INDEX) is None
    newest = tokenize("What is the name of the most recently opened port?")
    assert ranks_by_other_time(newest, wrong, INDEX) is None


FERRIES = """
CREATE TABLE port (port_id INTEGER PRIMARY KEY, name TEXT, town TEXT, opened_year INTEGER);
CREATE TABLE skipper (skipper_id INTEGER PRIMARY KEY, name TEXT, age INTEGER, port_id INTEGER REFERENCES port(port_id));
CREATE TABLE crossing (crossing_id INTEGER PRIMARY KEY, port_id INTEGER REFERENCES port(port_id), town TEXT,
  delay_reason TEXT, passengers INTEGER);
INSERT INTO port VALUES (1, 'North Quay', 'Arnhaven', 1921), (2, 'Gull Pier', 'Bexby', 1898), (3, 'Salt Dock', 'Corran', 1964);
INSERT INTO skipper VALUES (1, 'Ada', 61, 3), (2, 'Bram', 34, 1), (3, 'Cato', 47, 2);
INSERT INTO crossing VALUES (1, 1, 'Dunmore', 'Storm', 120), (2, 1, 'Dunmore', 'Fog', 80), (3, 2, 'Elsby', 'Storm', 60),
  (4, 3, 'Elsby', 'Tide', 90), (5, 2, 'Fennick', 'Fog', 40), (6, 3, 'Fennick', 'Storm', 70);
"""


async def test_the_oldest_thing_without_ages_is_the_one_founded_first(tmp_path: Path) -> None:
    """'the oldest port' of a table with no age but one opening year: the port opened first; skippers keep
    their own ages."""
    with script_box(tmp_path, "ferries", FERRIES) as box:
        got = await ask(box, "What is the name of the oldest port?")
        assert got == gold(box, "SELECT name FROM port ORDER BY opened_year ASC LIMIT 1")
        got = await ask(box, "What is the name of the oldest skipper?")
        assert got == gold(box, "SELECT name FROM skipper ORDER BY age DESC LIMIT 1")
        # 'older than 40' is a comparison, not a superlative: the skippers' ages, never the port's opening year
        got = await ask(box, "Show the towns of ports that have a skipper older than 40.")
        assert sorted(got) == sorted(gold(box, "SELECT T1.town FROM port AS T1 JOIN skipper AS T2 "
                                               "ON T1.port_id = T2.port_id WHERE T2.age > 40"))


def test_a_founding_year_is_found_only_when_it_is_the_one() -> None:
    schema = Schema(tables=(
        Table("club", (Column("club_id", "INTEGER", is_primary_key=True), Column("founded", "INTEGER"))),
        Table("hall", (Column("hall_id", "INTEGER", is_primary_key=True), Column("built_year", "INTEGER"),
                       Column("opened_year", "INTEGER"))),
    ))
    index = build_index(schema)
    club, hall = index.table("club"), index.table("hall")
    assert club is not None and hall is not None
    found = _founding_year(club)
    assert found is not None and found.name == "founded"
    assert _founding_year(hall) is None  # built or opened: the adjective does not say which


async def test_values_of_one_table_say_whose_town_is_meant(tmp_path: Path) -> None:
    """'the towns that had both a storm delay and a fog delay': town is a column of port and of crossing, but
    the delay reasons are the crossings', so the towns are the crossings' towns."""
    with script_box(tmp_path, "ferries", FERRIES) as box:
        got = await ask(box, "Show the towns that had both a Storm delay and a Fog delay.")
        assert sorted(got) == sorted(gold(box, "SELECT town FROM crossing WHERE delay_reason = 'Storm' INTERSECT "
                                               "SELECT town FROM crossing WHERE delay_reason = 'Fog'"))


async def test_more_than_once_on_a_text_column_counts_its_values(tmp_path: Path) -> None:
    """'delay reasons that occurred more than once': a text column is never more than a number, so each value's
    rows are counted (GROUP BY, HAVING COUNT); a number column is still compared row by row."""
    with script_box(tmp_path, "ferries", FERRIES) as box:
        got = await ask(box, "Which delay reasons occurred more than once?")
        assert sorted(got) == sorted(gold(box, "SELECT delay_reason FROM crossing GROUP BY delay_reason "
                                               "HAVING count(*) > 1"))
        got = await ask(box, "Which delay reasons occurred more than 2 times?")
        assert got == gold(box, "SELECT delay_reason FROM crossing GROUP BY delay_reason HAVING count(*) > 2")
        got = await ask(box, "Show the towns of crossings with more than 75 passengers.")
        assert sorted(got) == sorted(gold(box, "SELECT town FROM crossing WHERE passengers > 75"))


BARGES = """
CREATE TABLE barge (barge_id INTEGER PRIMARY KEY, name TEXT, fuel_litres INTEGER, capacity_seats INTEGER);
CREATE TABLE shipment (shipment_id INTEGER PRIMARY KEY, barge_id INTEGER REFERENCES barge(barge_id), season INTEGER,
  tonnes INTEGER, cargo_type TEXT);
INSERT INTO barge VALUES (1, 'Otter', 900, 12), (2, 'Heron', 1500, 8), (3, 'Pike', 700, 20);
INSERT INTO shipment VALUES (1, 1, 2022, 40, 'Grain'), (2, 2, 2022, 25, 'Coal'), (3, 2, 2023, 30, 'Timber'),
  (4, 3, 2023, 12, 'Coal');
"""


async def test_a_quantity_named_for_a_column_named_by_its_unit(tmp_path: Path) -> None:
    """'fuel capacity' is fuel_litres (litres measure a volume), 'tonnage' is tonnes (a weight); a column that
    says 'capacity' itself still wins for 'capacity'."""
    with script_box(tmp_path, "barges", BARGES) as box:
        got = await ask(box, "What are the maximum and minimum fuel capacities of barges?")
        assert got == gold(box, "SELECT max(fuel_litres), min(fuel_litres) FROM barge")
        got = await ask(box, "What is the total tonnage shipped in each season?")
        assert sorted(got) == sorted(gold(box, "SELECT season, sum(tonnes) FROM shipment GROUP BY season"))
        got = await ask(box, "What is the name of the barge with the largest capacity?")
        assert got == gold(box, "SELECT name FROM barge ORDER BY capacity_seats DESC LIMIT 1")


async def test_the_word_of_a_nameless_thing_is_its_column(tmp_path: Path) -> None:
    """'the type of the shipment with the most tonnes' on a table without a name column: the shipment's
    cargo_type ('type' alone links nothing), not its key; a table with a name column still shows its name."""
    with script_box(tmp_path, "barges", BARGES) as box:
        got = await ask(box, "What is the type of the shipment with the most tonnes?")
        assert got == gold(box, "SELECT cargo_type FROM shipment ORDER BY tonnes DESC LIMIT 1")
        got = await ask(box, "What is the name of the barge with the most fuel litres?")
        assert got == gold(box, "SELECT name FROM barge ORDER BY fuel_litres DESC LIMIT 1")
