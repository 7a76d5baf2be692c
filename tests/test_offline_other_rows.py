"""Readings that answer for other rows than the question's: a word taken from a table the question never names that
describes other rows (the person in a role, a third table's rows), a value that is another table's name, and a
breakdown shown by a column that does not say the breakdown's head word.

Both come from first contacts with new warehouses (a Salesforce export's 'support cases' read as the cases whose
owner works in Support; a Django app's 'staff users' read through its content-type table, whose values name
tables): each is asked about, while a dimension reached by the row's own key ('hardware tickets') is answered.
"""

from __future__ import annotations

import sqlite3

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import SchemaIndex, build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import doubt, unplaced_breakdown
from services.conversation.engine.types import Column, ForeignKey, Schema, Table
from tests.support.offline import answer as ask, answer_rows, same, warehouse_fixtures

DESK = """
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, department TEXT, is_staff INTEGER);
INSERT INTO users VALUES (1, 'Ann', 'Support', 1), (2, 'Bob', 'Sales', 0), (3, 'Cy', 'Support', 1),
  (4, 'Di', 'Finance', 0);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, line TEXT);
INSERT INTO products VALUES (1, 'Router X', 'Hardware'), (2, 'Cloud Desk', 'Software'), (3, 'Switch Y', 'Hardware');
CREATE TABLE tickets (id INTEGER PRIMARY KEY, title TEXT, product_id INTEGER REFERENCES products(id),
  owner_id INTEGER REFERENCES users(id), status TEXT, opened_on TEXT);
INSERT INTO tickets VALUES (1, 'No signal', 1, 1, 'Open', '2025-01-02'), (2, 'Login fails', 2, 2, 'Open', '2025-01-05'),
  (3, 'Slow sync', 2, 3, 'Closed', '2025-02-01'), (4, 'Fan noise', 3, 4, 'Open', '2025-02-11'),
  (5, 'Reboots', 1, 2, 'Closed', '2025-03-08');
CREATE TABLE content_types (id INTEGER PRIMARY KEY, app_label TEXT, model TEXT);
INSERT INTO content_types VALUES (1, 'auth', 'user'), (2, 'desk', 'ticket'), (3, 'desk', 'product');
CREATE TABLE notes (id INTEGER PRIMARY KEY, content_type_id INTEGER REFERENCES content_types(id), object_id INTEGER,
  author_id INTEGER REFERENCES users(id), body TEXT);
INSERT INTO notes VALUES (1, 1, 2, 1, 'call back'), (2, 2, 1, 3, 'escalated'), (3, 1, 4, 1, 'new hire'),
  (4, 3, 1, 3, 'recall');
"""

path, box, db = warehouse_fixtures("desk", DESK)


async def test_a_describer_taken_from_the_person_in_a_role_is_asked_about(box: SqliteToolbox) -> None:
    """'support tickets' is no ticket column: read as the owner's department it counts tickets of support staff."""
    ans = await ask(box, "How many support tickets are open?")
    assert answer_rows(ans) is None
    assert any("'support tickets'" in p.text and "never names" in p.text for p in ans.parts if p.kind == "text")


async def test_a_describer_from_the_rows_own_dimension_is_answered(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    """tickets.product_id names its table: the product line says what the ticket is about, so it is answered."""
    ans = await ask(box, "How many hardware tickets are open?")
    assert same(ans, db, "SELECT COUNT(*) FROM tickets t JOIN products p ON p.id = t.product_id "
                         "WHERE p.line = 'Hardware' AND t.status = 'Open'")


def _desk_index() -> SchemaIndex:
    conn = sqlite3.connect(":memory:")
    conn.executescript(DESK)
    tables = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        info = conn.execute(f"PRAGMA table_info({name})").fetchall()
        fks = tuple(ForeignKey(r[3], r[2], r[4]) for r in conn.execute(f"PRAGMA foreign_key_list({name})"))
        cols = tuple(Column(r[1], r[2], is_primary_key=bool(r[5]), sample_values=tuple(
            str(v) for (v,) in conn.execute(f"SELECT DISTINCT {r[1]} FROM {name}"))) for r in info)
        tables.append(Table(name, cols, foreign_keys=fks))
    conn.close()
    return build_index(Schema(tables=tuple(tables)))


def test_a_value_that_names_another_table_is_asked_about() -> None:
    """content_types.model = 'user' counts the rows that mention users, not the users the question counts."""
    index = _desk_index()
    question = "How many staff users are there?"
    toks = tokenize(question)
    through = Plan(root="users", select=[Item("users", "id", "count", distinct=True)],
                   where=[[Cond("users", "is_staff", "=", 1)], [Cond("content_types", "model", "=", "user")]])
    found = doubt(toks, link(toks, index), through, index)
    assert found is not None and "also the name of users" in found.problem
    own = Plan(root="users", select=[Item("users", None, "count")], where=[[Cond("users", "is_staff", "=", 1)]])
    assert doubt(toks, link(toks, index), own, index) is None
    label = Plan(root="content_types", select=[Item("content_types", None, "count")],
                 where=[[Cond("content_types", "app_label", "=", "desk")]])
    toks = tokenize("How many content types does the desk app have?")
    assert doubt(toks, link(toks, index), label, index) is None


def test_a_breakdown_whose_head_nothing_placed_is_caught() -> None:
    """'by owner region' grouped and shown by the owner's name: no shown column says 'region'; 'by product line'
    shown as the line is the breakdown asked for."""
    index = _desk_index()
    by_owner = Plan(root="tickets", select=[Item("users", "name"), Item("tickets", None, "count")],
                    group=[Item("users", "id")])
    toks = tokenize("How many tickets by owner region?")
    assert unplaced_breakdown(toks, [], by_owner, index) == ("region", "name")
    by_line = Plan(root="tickets", select=[Item("products", "line"), Item("tickets", None, "count")],
                   group=[Item("products", "line")])
    toks = tokenize("How many tickets by product line?")
    assert unplaced_breakdown(toks, link(toks, index), by_line, index) is None
    toks = tokenize("How many tickets by month?")
    assert unplaced_breakdown(toks, [], by_owner, index) is None
