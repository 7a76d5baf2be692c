"""How many groups pass a count is one number, not each group's count; counts of two different tables in one
group ('publishers with at least 2 books and more than 3 copies') each count the distinct rows of their own table;
and a count of the grouped table itself within its own groups (always one) is asked about instead of answered.
Answers are checked against SQL written by hand on a warehouse made here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer, ask, gold, script_box

PRESS = """
CREATE TABLE publishers(publisher_id INTEGER PRIMARY KEY, publisher_name TEXT);
CREATE TABLE books(book_id INTEGER PRIMARY KEY, publisher_id INTEGER REFERENCES publishers(publisher_id), title TEXT);
CREATE TABLE copies(copy_id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES books(book_id), shelf TEXT);
INSERT INTO publishers VALUES (1, 'Acorn'), (2, 'Birch'), (3, 'Cedar');
INSERT INTO books VALUES (1, 1, 'Moss'), (2, 1, 'Fern'), (3, 2, 'Reed'), (4, 2, 'Sedge'), (5, 3, 'Pine');
INSERT INTO copies VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c'), (4, 2, 'd'), (5, 3, 'e'), (6, 4, 'f'),
  (7, 5, 'g'), (8, 5, 'h'), (9, 5, 'i'), (10, 5, 'j');
"""


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "press", PRESS) as b:
        yield b


async def test_two_counts_of_different_tables_count_their_own_rows(box: SqliteToolbox) -> None:
    # Acorn: 2 books, 4 copies; Birch: 2 books, 2 copies; Cedar: 1 book, 4 copies. COUNT(*) for both would be the
    # copies twice and keep Acorn and Cedar.
    got = await ask(box, "Which publishers have at least 2 books and more than 3 copies? List the publisher name.")
    assert sorted(got) == gold(box, "SELECT p.publisher_name FROM publishers p JOIN books b ON b.publisher_id = p.publisher_id "
                                    "JOIN copies c ON c.book_id = b.book_id GROUP BY p.publisher_id "
                                    "HAVING COUNT(DISTINCT b.book_id) >= 2 AND COUNT(DISTINCT c.copy_id) > 3") == [("Acorn",)]


async def test_one_count_stays_a_count_of_rows(box: SqliteToolbox) -> None:
    got = await ask(box, "Which publishers have more than 3 copies? List the publisher name.")
    assert sorted(got) == [("Acorn",), ("Cedar",)]


async def test_a_count_of_the_grouped_table_itself_is_asked_about(box: SqliteToolbox) -> None:
    ans = await answer(box, "Which publishers have at least 2 books and more than 3 publishers?")
    assert not any(p.kind == "query" and p.result is not None for p in ans.parts)


async def test_how_many_groups_pass_is_one_number(box: SqliteToolbox) -> None:
    """'How many publishers have more than 1 book?' is how many publishers pass, not each one's count of books."""
    got = await ask(box, "How many publishers have more than 1 book?")
    assert got == gold(box, "SELECT COUNT(*) FROM (SELECT p.publisher_id FROM publishers p JOIN books b "
                            "ON b.publisher_id = p.publisher_id GROUP BY p.publisher_id HAVING COUNT(*) > 1)") == [(2,)]
