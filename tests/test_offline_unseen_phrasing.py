"""Phrasing habits of questions over schemas the rules were not written on (the Spider-style unseen databases):
each test builds its own small SQLite database, asks the offline analyst through the real toolbox and checks
the SQL's result (or that the engine asks back instead of guessing)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst


def _build(path: Path, script: str) -> Path:
    con = sqlite3.connect(path)
    con.executescript(script)
    con.commit()
    con.close()
    return path


PUBLISHING = """
CREATE TABLE publishers (publisher_id INTEGER PRIMARY KEY, publisher TEXT, full_name TEXT);
CREATE TABLE series_list (series_id INTEGER PRIMARY KEY, publisher INTEGER REFERENCES publishers(publisher_id),
                          series TEXT UNIQUE);
CREATE TABLE book_titles (title_id INTEGER PRIMARY KEY, series TEXT REFERENCES series_list(series), title TEXT);
INSERT INTO publishers VALUES (1, 'penguin', 'Penguin Random House'), (2, 'harper', 'HarperCollins'),
                              (3, 'tor', 'Tor Books');
INSERT INTO series_list VALUES (1, 1, 'classics'), (2, 1, 'modern'), (3, 1, 'poetry'), (4, 2, 'crime'),
                               (5, 2, 'travel'), (6, 3, 'fantasy');
INSERT INTO book_titles VALUES (1, 'classics', 'Emma'), (2, 'classics', 'Persuasion'), (3, 'modern', 'Atonement'),
                               (4, 'crime', 'Rebecca'), (5, 'fantasy', 'Mistborn'), (6, 'travel', 'Abroad'),
                               (7, 'crime', 'Gone'), (8, 'poetry', 'Odes');
"""

PETS = """
CREATE TABLE owners (owner_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE vets (vet_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE pets (pet_id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES owners(owner_id), species TEXT,
                   vet_id INTEGER REFERENCES vets(vet_id));
INSERT INTO owners VALUES (1, 'Ann', 'Lee'), (2, 'Bo', 'Kim'), (3, 'Cy', 'Ray');
INSERT INTO vets VALUES (1, 'Dora', 'Hale'), (2, 'Eli', 'Moss');
INSERT INTO pets VALUES (1, 1, 'cat', 1), (2, 1, 'dog', 2), (3, 2, 'bird', 1), (4, 3, 'dog', 2);
"""


@pytest.fixture(scope="module")
def analyst() -> OfflineAnalyst:
    return OfflineAnalyst()


def _ask(analyst: OfflineAnalyst, db: Path, question: str) -> tuple[list[tuple[Any, ...]] | None, str]:
    async def go() -> tuple[list[tuple[Any, ...]] | None, str]:
        box = SqliteToolbox(db)
        try:
            await box.schema()
            ans = await analyst.answer(question, toolbox=box, history=[], state={}, mode="economy", deep=False)
        finally:
            box.close()
        text = " ".join(p.text or "" for p in ans.parts if p.kind == "text")
        first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
        if first is None or first.result is None:
            return None, text
        con = sqlite3.connect(db)
        try:
            return con.execute(first.result.sql.replace("main.", "")).fetchall(), text
        finally:
            con.close()
    return asyncio.run(go())


def test_more_than_n_of_a_table_named_by_its_last_word_counts_that_tables_rows(analyst: OfflineAnalyst,
                                                                                tmp_path: Path) -> None:
    # 'book series' links the text column book_titles.series, but 'series' names the table series_list: a text
    # column is never 'more than 2', so the series are counted per publisher.
    db = _build(tmp_path / "pub.sqlite", PUBLISHING)
    rows, text = _ask(analyst, db, "Which publishers launched more than 2 book series? List full name and the id.")
    assert rows is not None, text
    assert sorted(rows) == [("Penguin Random House", 1)]


def test_a_column_qualified_by_its_tables_word_names_that_table(analyst: OfflineAnalyst, tmp_path: Path) -> None:
    # 'last name' fits owners and vets alike, but "each owner's first name" names the owners: no guess to ask about.
    db = _build(tmp_path / "pets.sqlite", PETS)
    rows, text = _ask(analyst, db, "What are each owner's first name, last name, and the species of their pet?")
    assert rows is not None, text
    assert sorted(rows) == [("Ann", "Lee", "cat"), ("Ann", "Lee", "dog"), ("Bo", "Kim", "bird"), ("Cy", "Ray", "dog")]


def test_a_name_both_tables_hold_is_still_asked_about_when_no_table_is_named(analyst: OfflineAnalyst,
                                                                              tmp_path: Path) -> None:
    db = _build(tmp_path / "pets.sqlite", PETS)
    rows, text = _ask(analyst, db, "List the last names and the species.")
    assert rows is None and "?" in text


BOATS = """
CREATE TABLE builders (builder_id INTEGER PRIMARY KEY, builder TEXT);
CREATE TABLE hulls (hull_id INTEGER PRIMARY KEY, builder INTEGER REFERENCES builders(builder_id), hull TEXT UNIQUE);
CREATE TABLE boats (boat_id INTEGER PRIMARY KEY, hull TEXT REFERENCES hulls(hull), build TEXT, masts INTEGER,
                    length REAL);
INSERT INTO builders VALUES (1, 'hallberg'), (2, 'beneteau');
INSERT INTO hulls VALUES (1, 1, 'h-29'), (2, 2, 'first'), (3, 2, 'oceanis');
INSERT INTO boats VALUES (1, 'h-29', 'hallberg rassy 29', 2, 8.8), (2, 'first', 'first 40.7', 1, 12.2),
                         (3, 'oceanis', 'oceanis 45 ketch', 2, 13.9), (4, 'first', 'first 27', 1, 8.2);
"""


def test_a_loose_foreign_key_does_not_stand_in_for_the_exact_label(analyst: OfflineAnalyst, tmp_path: Path) -> None:
    # 'build' is the text column boats.build; hulls.builder (a key into builders, only a stem away) would show an id.
    db = _build(tmp_path / "boats.sqlite", BOATS)
    rows, text = _ask(analyst, db, "What is the largest length for the hulls with 2 masts and what build is it?")
    assert rows is not None, text
    assert rows == [(13.9, "oceanis 45 ketch")]


SCHOOL = """
CREATE TABLE students (student_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE courses (course_id INTEGER PRIMARY KEY, title TEXT);
CREATE TABLE enrolments (enrolment_id INTEGER PRIMARY KEY, student_id INTEGER REFERENCES students(student_id),
                         course_id INTEGER REFERENCES courses(course_id), term TEXT);
INSERT INTO students VALUES (1, 'Ada', 'Byron'), (2, 'Alan', 'Turing');
INSERT INTO courses VALUES (1, 'Logic'), (2, 'Algebra');
INSERT INTO enrolments VALUES (1, 1, 1, 'spring'), (2, 1, 1, 'autumn'), (3, 1, 2, 'spring'), (4, 2, 2, 'spring'),
                              (5, 2, 2, 'autumn');
CREATE TABLE models (model_id INTEGER PRIMARY KEY, model TEXT);
CREATE TABLE specs (spec_id INTEGER PRIMARY KEY REFERENCES models(model_id), weight REAL);
INSERT INTO models VALUES (1, 'rover'), (2, 'rover'), (3, 'scout');
INSERT INTO specs VALUES (1, 900), (2, 950), (3, 2000);
"""


def test_pairs_shown_through_a_bridge_table_are_listed_once(analyst: OfflineAnalyst, tmp_path: Path) -> None:
    # the enrolments show nothing of their own: Ada and Logic twice (two terms) tells the reader nothing
    db = _build(tmp_path / "school.sqlite", SCHOOL)
    rows, text = _ask(analyst, db,
                      "List the first name of all the students along with the title of the course they have taken.")
    assert rows is not None, text
    assert sorted(rows) == [("Ada", "Algebra"), ("Ada", "Logic"), ("Alan", "Algebra")]


def test_a_one_to_one_extension_table_does_not_collapse_rows(analyst: OfflineAnalyst, tmp_path: Path) -> None:
    # specs.spec_id is both the whole key of specs and a key into models: one spec per model, so the two light
    # rovers are two rows
    db = _build(tmp_path / "school.sqlite", SCHOOL)
    rows, text = _ask(analyst, db, "What is the model of the specs with a weight smaller than the average?")
    assert rows is not None, text
    assert sorted(rows) == [("rover",), ("rover",)]


LABELS = """
CREATE TABLE bands (band_id INTEGER PRIMARY KEY, band TEXT, label TEXT, year_formed INTEGER);
CREATE TABLE gigs (gig_id INTEGER PRIMARY KEY, band_id INTEGER REFERENCES bands(band_id), share TEXT, city TEXT);
INSERT INTO bands VALUES (1, 'Alpha', 'Sub Pop', 1990), (2, 'Beta', 'Sub Pop', 2001), (3, 'Gamma', 'Matador', 1995),
                         (4, 'Delta', 'Sub Pop', 2010);
INSERT INTO gigs VALUES (1, 1, '10%', 'Oslo'), (2, 3, '20%', 'Rome'), (3, 3, '5%', 'Rome'), (4, 3, '7%', 'Lima');
"""


def test_a_participle_before_by_is_the_action_not_a_column_of_its_stem(analyst: OfflineAnalyst,
                                                                       tmp_path: Path) -> None:
    # 'shared by' reaches gigs.share only by its stem: it is what the bands do with the label, not the share column
    db = _build(tmp_path / "labels.sqlite", LABELS)
    rows, text = _ask(analyst, db, "List the label shared by the most number of bands.")
    assert rows == [("Sub Pop",)], text
    rows, text = _ask(analyst, db, "Show the labels shared by bands formed before 2000 and after 2000.")
    assert rows == [("Sub Pop",)], text


PROGRAMS = """
CREATE TABLE programs (program_id INTEGER PRIMARY KEY, program_name TEXT, department TEXT);
INSERT INTO programs VALUES (1, 'Bachelor', 'math'), (2, 'Master', 'math'), (3, 'Bachelor', 'art'),
                            (4, 'PhD', 'art'), (5, 'Master', 'law');
CREATE TABLE rooms (room_id INTEGER PRIMARY KEY, room_name TEXT);
INSERT INTO rooms VALUES (1, 'North'), (2, 'South'), (3, 'East');
"""


def test_how_many_different_things_counts_their_different_names_when_names_repeat(analyst: OfflineAnalyst,
                                                                                   tmp_path: Path) -> None:
    db = _build(tmp_path / "programs.sqlite", PROGRAMS)
    rows, text = _ask(analyst, db, "How many different programs are offered?")
    assert rows == [(3,)], text  # Bachelor, Master, PhD
    rows, text = _ask(analyst, db, "How many programs are offered?")
    assert rows == [(5,)], text  # without 'different': every row
    rows, text = _ask(analyst, db, "How many different rooms are there?")
    assert rows == [(3,)], text  # unique names: the rows


FESTIVAL = """
CREATE TABLE artists (artist_id INTEGER PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE festivals (festival_id INTEGER PRIMARY KEY, festival_name TEXT, theme TEXT);
CREATE TABLE artist_in_festival (festival_id INTEGER REFERENCES festivals(festival_id),
                                 artist_id INTEGER REFERENCES artists(artist_id), PRIMARY KEY (festival_id, artist_id));
INSERT INTO artists VALUES (1, 'Ana', 'PT'), (2, 'Ben', 'UK'), (3, 'Cleo', 'FR');
INSERT INTO festivals VALUES (1, 'Primavera', 'indie'), (2, 'Roskilde', 'rock');
INSERT INTO artist_in_festival VALUES (1, 1), (1, 2), (1, 3), (2, 2);
"""


def test_a_bare_name_beside_counts_per_group_is_the_groups_name(analyst: OfflineAnalyst, tmp_path: Path) -> None:
    db = _build(tmp_path / "festival.sqlite", FESTIVAL)
    rows, text = _ask(analyst, db, "What are the names, themes, and number of artists for every festival?")
    assert rows is not None, text
    assert sorted(rows) == [("Primavera", "indie", 3), ("Roskilde", "rock", 1)]


WALKS = """
CREATE TABLE owners (owner_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE walkers (walker_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT);
CREATE TABLE pets (pet_id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES owners(owner_id),
                   walker_id INTEGER REFERENCES walkers(walker_id), age INTEGER);
INSERT INTO owners VALUES (1, 'Ann', 'Lee'), (2, 'Bo', 'Kim');
INSERT INTO walkers VALUES (1, 'Dora', 'Hale'), (2, 'Eli', 'Moss');
INSERT INTO pets VALUES (1, 1, 2, 3), (2, 2, 1, 11), (3, 1, 1, 6);
"""


def test_a_verb_names_the_table_of_its_doer(analyst: OfflineAnalyst, tmp_path: Path) -> None:
    # 'last name' fits owners and walkers alike; 'owns' says the owners (owns ~ owner)
    db = _build(tmp_path / "walks.sqlite", WALKS)
    rows, text = _ask(analyst, db, "Who owns the oldest pet? Give me his or her last name.")
    assert rows == [("Kim",)], text
    # 'walks' says the walkers: never answered with an owner's name
    rows, text = _ask(analyst, db, "Who walks the oldest pet? Give me his or her last name.")
    assert rows is None or rows == [("Hale",)], (rows, text)


def test_a_noun_after_of_before_a_relative_clause_is_described_not_shown(analyst: OfflineAnalyst,
                                                                         tmp_path: Path) -> None:
    # 'boat hulls' links the text column boats.hull (no table is called that): the hulls are the rows described by
    # 'with 2 masts', not a third column to show
    db = _build(tmp_path / "boats.sqlite", BOATS)
    rows, text = _ask(analyst, db, "What is the maximum length and the build of the boat hulls with 2 masts?")
    assert rows == [(13.9, "oceanis 45 ketch")], (rows, text)
