"""General phrasing classes of the sentence parser on a small kennel-club database the test writes.

Each test checks the rows the engine's own SQL returned (a plausible-looking wrong reading fails), or that
the engine asks instead of answering when the phrasing cannot be read reliably. The fixture is unlike any
evaluation database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.test_offline_analyst import ask, as_set, first_result, make_db, rows

CLUB = """
CREATE TABLE judges(judge_id INTEGER PRIMARY KEY, judge_name TEXT, region TEXT, age INTEGER, start_year INTEGER);
CREATE TABLE clubs(club_id INTEGER PRIMARY KEY, club_name TEXT, city TEXT, founded_year INTEGER,
  judge_id INTEGER REFERENCES judges(judge_id));
CREATE TABLE trials(trial_id INTEGER PRIMARY KEY, club_id INTEGER REFERENCES clubs(club_id), trial_name TEXT,
  entrants INTEGER, rounds INTEGER, fee TEXT, trial_type_code TEXT, indoor_yn TEXT);
INSERT INTO judges VALUES (1,'Mara Voss','East',61,2001),(2,'Tom Reed','West',38,1995),(3,'Lia Brand','East',45,2010),
  (4,'Ned Hale','North',52,1990);
INSERT INTO clubs VALUES (1,'Hilltop','Oban',1988,1),(2,'Riverside','Perth',1997,1),(3,'Moorland','Ayr',2003,2),
  (4,'Seaview','Oban',2011,3),(5,'Glenside','Troon',2016,2);
INSERT INTO trials VALUES (1,1,'Spring Cup',40,3,'12','AG','1'),(2,1,'Autumn Cup',35,3,'20','AG','0'),(3,3,'Moor Run',22,2,'8','HT','0'),
  (4,4,'Sea Dash',18,2,'9','HT','1'),(5,4,'Cliff Dash',25,1,'15','OB','0'),(6,4,'Bay Sprint',30,3,'13','AG','1');
"""


@pytest.fixture
def club(tmp_path: Path) -> SqliteToolbox:
    box = SqliteToolbox(make_db(tmp_path, "club", CLUB))
    yield box
    box.close()


async def test_two_ranges_joined_by_or_are_a_disjunction(club: SqliteToolbox) -> None:
    # 'or before 2000' is 'before 2000' after a disjunction, not the postfix '2000 or before' (<=)
    want = {"Hilltop", "Riverside", "Glenside"}  # the year may be shown beside the name
    assert {r[0] for r in rows(await ask(club, "What are the names of clubs founded after 2012 or before 2000?"))} == want
    assert {r[0] for r in rows(await ask(club, "What are the names of clubs founded before 2000 or after 2012?"))} == want
    # the postfix forms still include the year itself
    later = await ask(club, "What are the names of clubs founded in 2011 or later?")
    assert {r[0] for r in rows(later)} == {"Seaview", "Glenside"}


async def test_a_comparison_with_the_average_is_not_also_an_asked_for_average(club: SqliteToolbox) -> None:
    # the head runs on into 'older than the average age': the names are asked for, not each one's average
    ans = await ask(club, "List the names of judges older than the average age.")
    assert as_set(ans) == {("Mara Voss",), ("Ned Hale",)}
    # an average that is asked for stays
    assert rows(await ask(club, "What is the average age of judges?")) == [(49.0,)]


async def test_the_number_of_a_ranking_is_its_limit_only(club: SqliteToolbox) -> None:
    # 'the 2 oldest judges' ranks and keeps 2 rows; the 2 is not also 'exactly 2 judges' (HAVING COUNT(*) = 2)
    ans = await ask(club, "List the names of the 2 oldest judges.")
    assert as_set(ans) == {("Mara Voss",), ("Ned Hale",)}
    assert "HAVING" not in first_result(ans).sql.upper()
    assert rows(await ask(club, "Show the names of the 3 youngest judges.")) == [("Tom Reed",), ("Lia Brand",), ("Ned Hale",)]


async def test_a_year_before_a_table_is_that_tables_year_not_a_count(club: SqliteToolbox) -> None:
    # '1988 and 2011 clubs' are clubs of those years, not 'exactly 1988 clubs'; the year is the clubs' year
    ans = await ask(club, "Which judges lead both 1988 and 2011 clubs? Show the judge names.")
    assert "HAVING" not in first_result(ans).sql.upper()
    assert {r[0] for r in rows(ans)} <= {"Mara Voss", "Lia Brand"}


async def test_a_number_after_with_is_a_value_not_a_limit(club: SqliteToolbox) -> None:
    # 'trials with 3 rounds' filters rounds = 3; it is not 'the first 3' of something (the fee is stored as text,
    # which once sent the question to a ranked reading: AVG(rounds) per fee, LIMIT 3)
    ans = await ask(club, "What is the average fee of trials with 3 rounds?")
    assert rows(ans) == [(15.0,)]
    assert "LIMIT" not in first_result(ans).sql.upper()
    assert rows(await ask(club, "What is the average entrants of trials with 3 rounds?")) == [(35.0,)]


async def test_each_with_a_generic_word_groups_by_the_one_column_holding_it(club: SqliteToolbox) -> None:
    # 'type' alone links to nothing; the trials' one column whose name holds it is the grouping
    ans = await ask(club, "What is the average entrants of trials of each type?")
    assert as_set(ans) == {("AG", 35.0), ("HT", 20.0), ("OB", 25.0)}
    # a word no column holds is never dropped silently: the engine asks instead of one grand average
    ans = await ask(club, "What is the average entrants of trials of each colour?")
    assert not any(p.kind == "query" for p in ans.parts)


async def test_rows_joined_to_the_top_row_of_another_table_are_all_kept(club: SqliteToolbox) -> None:
    # the oldest judge leads two clubs: both are asked for (= the MAX subquery), not the first one (LIMIT 1)
    ans = await ask(club, "Show the names of clubs led by the judge with the highest age.")
    assert as_set(ans) == {("Hilltop",), ("Riverside",)}
    # each club names one judge, so ranking clubs and keeping the top one stays a plain ranking
    assert rows(await ask(club, "What is the name of the judge of the club with the largest founded year?")) == [("Tom Reed",)]


async def test_a_count_question_keeps_its_count_when_a_later_sentence_lists_the_columns(club: SqliteToolbox) -> None:
    # 'How many X does each Y ...? Show Y names.': the names beside the count, not the list of names alone
    ans = await ask(club, "How many trials does each club hold? Show the club names.")
    assert as_set(ans) == {("Hilltop", 2), ("Moorland", 1), ("Seaview", 3)}
    ans = await ask(club, "How many clubs does each judge lead? Show judge names.")
    assert as_set(ans) == {("Mara Voss", 2), ("Tom Reed", 2), ("Lia Brand", 1)}


async def test_one_year_but_not_another_is_except(club: SqliteToolbox) -> None:
    # 'in 1997 but not in 2016' on one column: the first year's rows EXCEPT the second's (not INTERSECT)
    ans = await ask(club, "Which judges lead clubs founded in 1997 but not in 2016? Show the judge names.")
    assert as_set(ans) == {("Mara Voss",)}
    assert "EXCEPT" in first_result(ans).sql.upper()


async def test_a_superlative_column_asked_for_each_group_is_its_min_or_max(club: SqliteToolbox) -> None:
    # 'for each city, the earliest founded year': MIN per city, not the one earliest club
    ans = await ask(club, "For each city, what is the earliest founded year of its clubs?")
    assert as_set(ans) == {("Oban", 1988), ("Perth", 1997), ("Ayr", 2003), ("Troon", 2016)}


async def test_the_top_row_of_each_group_is_asked_about_not_answered_with_one_row(club: SqliteToolbox) -> None:
    # 'for each region, the oldest judge' wants one judge per region; a single top row would be confidently wrong
    ans = await ask(club, "For each region, what is the name of the oldest judge?")
    assert not any(p.kind == "query" for p in ans.parts)
    # without the grouping it is the one top row
    assert rows(await ask(club, "What is the name of the oldest judge?")) == [("Mara Voss",)]


async def test_an_asked_for_list_member_that_names_nothing_is_asked_about(club: SqliteToolbox) -> None:
    # 'colour' names no column: answering with name and age alone would silently drop what was asked
    ans = await ask(club, "Show the name, colour, and age of all judges.")
    assert not any(p.kind == "query" for p in ans.parts)
    assert any("colour" in (p.text or "") for p in ans.parts)
    ans = await ask(club, "What are the distinct colours of judges older than 40?")
    assert not any(p.kind == "query" for p in ans.parts)
    # 'the X of <table>' with an X that names nothing is not answered with the table's names
    ans = await ask(club, "List the colours of all judges.")
    assert not any(p.kind == "query" for p in ans.parts)
    # every member named: answered
    assert as_set(await ask(club, "Show the name and age of all judges.")) == {
        ("Mara Voss", 61), ("Tom Reed", 38), ("Lia Brand", 45), ("Ned Hale", 52)}


async def test_a_time_superlative_ranks_by_the_date_column_it_follows(club: SqliteToolbox) -> None:
    # 'the club founded most recently' ranks clubs by founded_year, not the judges' start_year
    ans = await ask(club, "What is the name of the judge of the club founded most recently?")
    answered = [p for p in ans.parts if p.kind == "query"]
    assert not answered or rows(ans) == [("Tom Reed",)]  # never the judge who started most recently
    assert rows(await ask(club, "Which club was founded most recently?")) == [("Glenside",)]


async def test_have_no_x_negates_the_table_even_when_no_links_to_a_flag(club: SqliteToolbox) -> None:
    # 'no trials' could link to a yes/no flag of trials through the word 'no'; it is still 'without trials'
    ans = await ask(club, "Which clubs have no trials? Show their names.")
    assert as_set(ans) == {("Riverside",), ("Glenside",)}
