"""General classes a fresh learning-platform database exposed, on a small recipe app the test writes.

The app is a document-store export flattened into tables: a ``users`` table for everyone who signs up,
lowerCamelCase and underscore-joined nested paths (``profile_country``), text 'true'/'false' flags and
ISO-8601 text timestamps. Rules checked: a person's role ('subscribers', 'customers') names the one sign-up
table when no table is named after the role; a text 'true'/'false' flag is asked by its opposite ('failed' over
a passed flag, 'inactive'); a predicate ('logs that were shared') is the named rows' own flag, not
another table's status value of the same word; 'by <flag> <rows>' filters those rows; a flattened document
path's last field ('pricing_listPrice') is named by its own words ('price', 'recipe price'); a name nested
as name_first / name_last labels a person like first_name / last_name; a country's name ('France') reads the ISO
code a country column stores ('FR'); a word describing rows ('paid recipes') that matched only another table's
column, which the reading then drops, is asked about rather than ignored.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from tests.support.offline import answer as ask, answer_rows as rows, same, warehouse_fixtures

COOKBOOK = """
CREATE TABLE users (_id INTEGER PRIMARY KEY, name_first TEXT, name_last TEXT, profile_country TEXT,
  profile_joinedAt TEXT, isPremium TEXT, isActive TEXT);
CREATE TABLE recipes (_id INTEGER PRIMARY KEY, title TEXT, cuisine TEXT, stats_prepMinutes INTEGER,
  authorId INTEGER REFERENCES users(_id), pricing_listPrice REAL, pricing_currency TEXT);
CREATE TABLE cookLogs (_id INTEGER PRIMARY KEY, userId INTEGER REFERENCES users(_id),
  recipeId INTEGER REFERENCES recipes(_id), cookedAt TEXT, rating_stars INTEGER, wasShared TEXT);
CREATE TABLE challenges (_id INTEGER PRIMARY KEY, userId INTEGER REFERENCES users(_id), title TEXT, passed TEXT);
CREATE TABLE orders (_id INTEGER PRIMARY KEY, userId INTEGER REFERENCES users(_id), total REAL, status TEXT,
  amount_paid REAL);
INSERT INTO users VALUES (1,'Ana','Silva','PT','2024-01-05T10:00:00Z','true','true'),
  (2,'Ben','Okafor','NG','2024-03-11T09:30:00Z','false','false'),
  (3,'Chloe','Martin','FR','2025-02-01T18:00:00Z','false','true'),
  (4,'Dev','Rao','IN','2025-06-20T07:45:00Z','true','true'),(5,'Eva','Lind','FR','2025-07-02T12:00:00Z','false','false');
INSERT INTO recipes VALUES (1,'Pad Thai','Thai',30,1,4.5,'USD'),(2,'Ratatouille','French',60,2,6.0,'EUR'),
  (3,'Dal Tadka','Indian',40,4,2.5,'USD'),(4,'Green Curry','Thai',35,3,5.5,'USD');
INSERT INTO cookLogs VALUES (1,1,1,'2024-02-01T19:00:00Z',5,'true'),(2,1,2,'2024-05-03T20:10:00Z',4,'false'),
  (3,2,3,'2024-06-09T18:00:00Z',3,'false'),(4,3,2,'2025-03-15T19:30:00Z',5,'true'),
  (5,4,3,'2025-07-01T13:00:00Z',4,'true'),(6,4,1,'2025-08-09T20:00:00Z',2,'false');
INSERT INTO challenges VALUES (1,1,'Knife skills','true'),(2,1,'Sourdough','false'),(3,2,'Knife skills','true'),
  (4,3,'Sourdough','false'),(5,4,'Curry week','false'),(6,5,'Curry week','true'),(7,5,'Sourdough','true');
INSERT INTO orders VALUES (1,1,20.0,'shared',20.0),(2,1,15.0,'failed',0.0),(3,2,30.0,'delivered',30.0),
  (4,4,12.5,'failed',0.0),(5,3,8.0,'delivered',8.0);
"""

TWO_ACCOUNT_TABLES = """
CREATE TABLE users (_id INTEGER PRIMARY KEY, login TEXT);
CREATE TABLE profiles (_id INTEGER PRIMARY KEY, userId INTEGER REFERENCES users(_id), country TEXT);
INSERT INTO users VALUES (1,'a'),(2,'b');
INSERT INTO profiles VALUES (1,1,'FR'),(2,2,'Peru');
"""

path, box, db = warehouse_fixtures("cookbook", COOKBOOK)


async def test_a_persons_role_counts_the_signup_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many subscribers do we have?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM users")


async def test_a_persons_role_groups_the_signup_table(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Number of customers per country")
    assert ans.understood
    assert same(ans, db, "SELECT profile_country, COUNT(*) FROM users GROUP BY profile_country")


async def test_a_persons_role_with_a_date_range(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many members joined in 2025?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM users WHERE profile_joinedAt >= '2025' AND profile_joinedAt < '2026'")


async def test_two_signup_tables_are_not_guessed_between(tmp_path) -> None:
    p = tmp_path / "two.sqlite"
    conn = sqlite3.connect(p)
    conn.executescript(TWO_ACCOUNT_TABLES)
    conn.close()
    b = SqliteToolbox(p)
    try:
        ans = await ask(b, "How many customers are there?")
    finally:
        b.close()
    assert rows(ans) is None  # two tables could hold the customers: ask, do not pick one


async def test_an_opposite_word_asks_a_text_flag_false(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many challenges were failed?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM challenges WHERE passed = 'false'")


async def test_a_negating_prefix_asks_a_text_flag_false(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many users are inactive?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM users WHERE isActive = 'false'")


async def test_a_predicate_is_the_rows_own_flag(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many cook logs were shared?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM cookLogs WHERE wasShared = 'true'")


async def test_by_a_flag_before_rows_filters_them(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What are the titles of Thai recipes written by premium users?")
    assert ans.understood
    assert same(ans, db, "SELECT r.title FROM recipes r JOIN users u ON r.authorId = u._id "
                         "WHERE r.cuisine = 'Thai' AND u.isPremium = 'true'")


async def test_a_flag_before_its_own_rows_keeps_them_the_subject(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many premium users are there?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM users WHERE isPremium = 'true'")
    ans = await ask(box, "List the names of premium users.")
    assert ans.understood
    assert same(ans, db, "SELECT name_first, name_last FROM users WHERE isPremium = 'true'")


async def test_a_document_paths_last_field_names_the_column(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "What is the average price of Thai recipes?")
    assert ans.understood
    assert same(ans, db, "SELECT AVG(pricing_listPrice) FROM recipes WHERE cuisine = 'Thai'")
    ans = await ask(box, "Which recipes cost more than the average recipe price?")
    assert ans.understood
    assert same(ans, db, "SELECT title FROM recipes WHERE pricing_listPrice > (SELECT AVG(pricing_listPrice) FROM recipes)")


async def test_nested_name_parts_label_a_person(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Who are the top 2 users by number of challenges?")
    assert ans.understood
    assert same(ans, db, "SELECT u.name_first, u.name_last, COUNT(*) FROM challenges c JOIN users u ON c.userId = u._id "
                         "GROUP BY u._id ORDER BY COUNT(*) DESC LIMIT 2")


async def test_a_country_name_reads_its_stored_iso_code(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many users are from France?")
    assert ans.understood
    assert same(ans, db, "SELECT COUNT(*) FROM users WHERE profile_country = 'FR'")


async def test_a_dropped_describing_word_is_asked_about(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Which paid recipes have the lowest price?")
    assert rows(ans) is None  # 'paid' matched only orders.amount_paid: ranking every recipe would ignore it
