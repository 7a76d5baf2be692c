"""Readings that must hold on a schema no rule was tuned on: 'Describe the ward b.' (a one-letter word ending the
question right after the noun of the table whose column stores it names that row), and 'the number of beds' where
beds already holds a number (its stored value for one ward, its total for 'the total number', and otherwise asked
about, never answered as a count of its different values), and a number that bounds the column named right
before it ('an attendance of more than 2000') not moved to a year. Answers are checked against SQL written by hand
on small schemas made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer, answer_rows, ask, gold, script_box

HOSPITAL = """
CREATE TABLE wards(ward_id INTEGER PRIMARY KEY, ward_name TEXT, ward_description TEXT, beds INTEGER);
INSERT INTO wards VALUES (1, 'a', 'maternity', 12), (2, 'b', 'surgery', 20), (3, 'c', 'children', 8);
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "hospital", HOSPITAL) as b:
        yield b


async def test_a_letter_after_the_table_noun_names_the_row(box: SqliteToolbox) -> None:
    got = await ask(box, "Describe the ward b.")
    assert got == gold(box, "SELECT ward_description FROM wards WHERE ward_name = 'b'") == [("surgery",)]


async def test_the_letter_names_the_row_without_a_full_stop(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the description of the ward c")
    assert got == gold(box, "SELECT ward_description FROM wards WHERE ward_name = 'c'") == [("children",)]


async def test_counting_the_values_of_a_count_column_asks(box: SqliteToolbox) -> None:
    """'beds' already holds how many beds a ward has: COUNT(DISTINCT beds) would answer how many sizes exist."""
    ans = await answer(box, "Show the number of beds.")
    assert answer_rows(ans) is None and not ans.understood
    assert any("already holds a number" in (p.text or "") for p in ans.parts)


async def test_counting_different_values_of_a_count_column_is_answered(box: SqliteToolbox) -> None:
    got = await ask(box, "How many different numbers of beds are there?")
    assert got == gold(box, "SELECT COUNT(DISTINCT beds) FROM wards") == [(3,)]


async def test_the_number_of_a_count_column_of_one_row_is_its_stored_value(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the number of beds of the ward b?")
    assert got == gold(box, "SELECT beds FROM wards WHERE ward_name = 'b'") == [(20,)]


async def test_the_total_number_of_a_count_column_adds_it_up(box: SqliteToolbox) -> None:
    got = await ask(box, "What is the total number of beds of all wards?")
    assert got == gold(box, "SELECT SUM(beds) FROM wards") == [(40,)]


FAIRS = """
CREATE TABLE fair(fair_id INTEGER PRIMARY KEY, year INTEGER, theme TEXT);
CREATE TABLE fair_day(fair_id INTEGER REFERENCES fair(fair_id), day TEXT, attendance INTEGER, PRIMARY KEY(fair_id, day));
INSERT INTO fair VALUES (1, 2004, 'Books'), (2, 2006, 'Games'), (3, 2008, 'Food');
INSERT INTO fair_day VALUES (1, 'Mon', 1500), (1, 'Tue', 2500), (2, 'Mon', 900), (3, 'Sat', 3100);
"""


async def test_a_number_bounding_a_named_column_is_not_moved_to_a_year(tmp_path: Path) -> None:
    """'an attendance of more than 2000' must bound attendance; comparing the year with 2000 answers another
    question, so the reading that does is asked about."""
    with script_box(tmp_path, "fairs", FAIRS) as b:
        ans = await answer(b, "How many fairs had an attendance of more than 2000 on some day?")
        assert answer_rows(ans) is None and not ans.understood
        assert any("compares 'attendance'" in p.text for p in ans.parts)


async def test_a_year_the_question_compares_is_answered(tmp_path: Path) -> None:
    with script_box(tmp_path, "fairs", FAIRS) as b:
        got = await ask(b, "How many fairs were held after 2005?")
        assert got == gold(b, "SELECT COUNT(*) FROM fair WHERE year > 2005") == [(2,)]


LEAGUE = """
CREATE TABLE team(team_id INTEGER PRIMARY KEY, name TEXT, city TEXT, founded INTEGER);
CREATE TABLE player(player_id INTEGER PRIMARY KEY, name TEXT, team_id INTEGER REFERENCES team(team_id), birth_year INTEGER,
  goals INTEGER);
INSERT INTO team VALUES (1, 'Lions', 'Avon', 1901), (2, 'Hawks', 'Brook', 1920), (3, 'Bears', 'Cliff', 1899);
INSERT INTO player VALUES (1, 'Ann', 1, 1995, 12), (2, 'Ben', 1, 1990, 1), (3, 'Cal', 2, 1998, 9), (4, 'Dee', 3, 1988, 0);
"""


async def test_the_oldest_by_a_birth_year_was_born_first(tmp_path: Path) -> None:
    with script_box(tmp_path, "league", LEAGUE) as b:
        got = await ask(b, "What is the name of the oldest player?")
        assert got == gold(b, "SELECT name FROM player ORDER BY birth_year ASC LIMIT 1") == [("Dee",)]


async def test_a_column_compared_with_before_is_a_filter_not_shown(tmp_path: Path) -> None:
    with script_box(tmp_path, "league", LEAGUE) as b:
        got = await ask(b, "List the names of teams founded before 1910.")
        assert sorted(got) == sorted(gold(b, "SELECT name FROM team WHERE founded < 1910")) == [("Bears",), ("Lions",)]


async def test_a_verb_echoing_the_table_noun_is_no_second_table(tmp_path: Path) -> None:
    """'players play': the verb reaches the player table only by its stem; it is no second copy of the table."""
    with script_box(tmp_path, "league", LEAGUE) as b:
        got = await ask(b, "How many players play for the Lions?")
        assert got == gold(b, "SELECT COUNT(*) FROM player p JOIN team t ON t.team_id = p.team_id "
                              "WHERE t.name = 'Lions'") == [(2,)]


PRINTERS = """
CREATE TABLE printer(printer_id INTEGER PRIMARY KEY, model TEXT, max_paper_size TEXT, speed REAL);
INSERT INTO printer VALUES (1, 'P1', 'A4', 30.0), (2, 'P2', 'A3', 12.0), (3, 'P3', 'A4', 8.0);
"""


async def test_a_superlative_word_inside_a_column_name_ranks_nothing(tmp_path: Path) -> None:
    """'a max paper size of A4': 'max' is part of max_paper_size's name, so every A4 printer is listed, not the top one."""
    with script_box(tmp_path, "printers", PRINTERS) as b:
        got = await ask(b, "List the models of printers with a max paper size of A4.")
        assert sorted(got) == sorted(gold(b, "SELECT model FROM printer WHERE max_paper_size = 'A4'")) == [("P1",), ("P3",)]


SHOPS = """
CREATE TABLE shop(shop_id INTEGER PRIMARY KEY, shop_name TEXT, ranking INTEGER, floor_area REAL);
INSERT INTO shop VALUES (1, 'North', 2, 120.0), (2, 'South', 1, 80.0), (3, 'East', 3, 95.0);
"""


async def test_the_direction_of_a_ranking_is_asked(tmp_path: Path) -> None:
    """Rank 1 is usually the top: 'the highest ranking' could be either end, so the reading asks."""
    with script_box(tmp_path, "shops", SHOPS) as b:
        ans = await answer(b, "What is the name of the shop with the highest ranking?")
        assert answer_rows(ans) is None and any("is a ranking" in p.text for p in ans.parts)
        got = await ask(b, "What is the name of the shop with the largest floor area?")
        assert got == gold(b, "SELECT shop_name FROM shop ORDER BY floor_area DESC LIMIT 1") == [("North",)]


async def test_a_column_named_with_per_spelled_out_is_that_column(tmp_path: Path) -> None:
    """'pages per minute color' spells out pages_per_minute_color: the column, not a breakdown per minute color."""
    script = """
    CREATE TABLE scanner(scanner_id INTEGER PRIMARY KEY, model TEXT, pages_per_minute_color REAL);
    INSERT INTO scanner VALUES (1, 'S1', 30.0), (2, 'S2', 8.0), (3, 'S3', 36.0);
    """
    with script_box(tmp_path, "scanners", script) as b:
        got = await ask(b, "Find the models of scanners whose pages per minute color is greater than 20.")
        assert sorted(got) == sorted(gold(b, "SELECT model FROM scanner WHERE pages_per_minute_color > 20")) == [
            ("S1",), ("S3",)]
        got = await ask(b, "What is the average pages per minute color of scanners?")
        assert got == gold(b, "SELECT AVG(pages_per_minute_color) FROM scanner")


def test_the_rank_column_words_leave_the_ranking_cues_alone() -> None:
    """The superlatives that make ranks_by_identifier ask ('least') are not the words of a rank column."""
    from services.conversation.engine.offline import trust

    assert "least" in trust.RANK_WORDS and "ranking" in trust.RANK_COLUMN_WORDS


SCHOOL = """
CREATE TABLE department(dept_id INTEGER PRIMARY KEY, dept_name TEXT);
CREATE TABLE instructor(instructor_id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER REFERENCES department(dept_id),
  hire_year INTEGER);
CREATE TABLE course(course_id INTEGER PRIMARY KEY, title TEXT, dept_id INTEGER REFERENCES department(dept_id));
CREATE TABLE teaches(instructor_id INTEGER REFERENCES instructor(instructor_id),
  course_id INTEGER REFERENCES course(course_id), year INTEGER);
INSERT INTO department VALUES (1, 'Physics'), (2, 'History');
INSERT INTO instructor VALUES (1, 'Einstein', 1, 2001), (2, 'Gold', 1, 2005), (3, 'Wu', 2, 2010);
INSERT INTO course VALUES (1, 'Mechanics', 1), (2, 'Optics', 1), (3, 'Rome', 2);
INSERT INTO teaches VALUES (1, 1, 2019), (2, 2, 2020), (3, 3, 2020);
"""


async def test_an_irregular_verb_form_names_the_table_called_by_the_verb(tmp_path: Path) -> None:
    """'taught' is the past of 'teach', the table teaches: the courses Einstein teaches, not those of his department."""
    with script_box(tmp_path, "school", SCHOOL) as b:
        got = await ask(b, "What are the titles of courses taught by Einstein?")
        assert got == gold(b, "SELECT c.title FROM course c JOIN teaches t ON t.course_id = c.course_id "
                              "JOIN instructor i ON i.instructor_id = t.instructor_id WHERE i.name = 'Einstein'") == [
            ("Mechanics",)]
        got = await ask(b, "How many courses were taught in 2020?")
        assert got == gold(b, "SELECT COUNT(*) FROM teaches WHERE year = 2020") == [(2,)]
