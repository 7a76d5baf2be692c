"""Self-joins: a table whose key points to itself (employees.manager_id -> employees.emp_id, categories.parent_id).
The referenced row is a second copy of the table under the key's role ('manager', 'parent'); every answer is checked
against SQL written by hand on a small warehouse made by the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan, Role
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.selfjoin import role_key_plan, self_keys
from services.conversation.engine.offline.sqlgen import render
from tests.support.offline import ask, gold, script_box

OFFICE = """
CREATE TABLE departments(dept_id INTEGER PRIMARY KEY, dept_name TEXT, manager_id INTEGER);
CREATE TABLE employees(emp_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, salary REAL,
  dept_id INTEGER REFERENCES departments(dept_id), manager_id INTEGER REFERENCES employees(emp_id));
CREATE TABLE categories(cat_id INTEGER PRIMARY KEY, title TEXT, parent_id INTEGER REFERENCES categories(cat_id));
INSERT INTO departments VALUES (1, 'Sales', 2), (2, 'Research', 3);
INSERT INTO employees VALUES (1, 'Ada', 'Ames', 9000, 1, NULL), (2, 'Ben', 'Bird', 5000, 1, 1), (3, 'Cleo', 'Cruz', 7000, 2, 1),
  (4, 'Dev', 'Dunn', 5200, 1, 2), (5, 'Eli', 'Eck', 4000, 2, 3), (6, 'Flo', 'Fenn', 7500, 2, 3), (7, 'Gus', 'Gray', 3000, 1, 2);
INSERT INTO categories VALUES (1, 'Tools', NULL), (2, 'Saws', 1), (3, 'Drills', 1), (4, 'Garden', NULL), (5, 'Hoses', 4);
"""

PAIRS = ("SELECT e.first_name, e.last_name, m.first_name, m.last_name FROM employees e "
         "JOIN employees m ON e.manager_id = m.emp_id")


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SqliteToolbox]:
    with script_box(tmp_path, "office", OFFICE) as b:
        yield b


async def test_each_row_with_the_row_its_key_points_to(box: SqliteToolbox) -> None:
    got = await ask(box, "list the employees and their managers")
    assert sorted(got) == sorted(gold(box, PAIRS))
    assert len(got) == 6 and ("Eli", "Eck", "Cleo", "Cruz") in got
    got = await ask(box, "show each category with its parent")
    want = gold(box, "SELECT c.title, p.title FROM categories c JOIN categories p ON c.parent_id = p.cat_id")
    assert sorted(got) == sorted(want) == [("Drills", "Tools"), ("Hoses", "Garden"), ("Saws", "Tools")]


async def test_count_of_referring_rows_per_referenced_row(box: SqliteToolbox) -> None:
    want = gold(box, "SELECT m.first_name, m.last_name, COUNT(*) FROM employees e JOIN employees m ON e.manager_id = m.emp_id "
                     "GROUP BY m.emp_id")
    for question in ("How many employees report to each manager?", "number of direct reports per manager"):
        got = await ask(box, question)
        assert sorted(got) == sorted(want) == [("Ada", "Ames", 2), ("Ben", "Bird", 2), ("Cleo", "Cruz", 2)], question


async def test_the_referenced_row_that_has_the_most_referring_rows(box: SqliteToolbox) -> None:
    got = await ask(box, "Which parent has the most categories?")
    want = gold(box, "SELECT p.title, COUNT(*) FROM categories c JOIN categories p ON c.parent_id = p.cat_id "
                     "GROUP BY p.cat_id ORDER BY COUNT(*) DESC LIMIT 1")
    assert got == want == [("Tools", 2)]


async def test_who_is_referenced_by_a_named_row(box: SqliteToolbox) -> None:
    want = gold(box, "SELECT m.first_name, m.last_name FROM employees e JOIN employees m ON e.manager_id = m.emp_id "
                     "WHERE e.first_name = 'Flo'")
    for question in ("Who manages Flo?", "Who is Flo Fenn's manager?"):
        got = await ask(box, question)
        assert got == want == [("Cleo", "Cruz")], question


async def test_compare_a_column_with_the_referenced_rows_column(box: SqliteToolbox) -> None:
    got = await ask(box, "Which employees earn more than their manager?")
    want = gold(box, "SELECT e.first_name, e.last_name, e.salary, m.salary FROM employees e "
                     "JOIN employees m ON e.manager_id = m.emp_id WHERE e.salary > m.salary")
    assert sorted(got) == sorted(want) == [("Dev", "Dunn", 5200.0, 5000.0), ("Flo", "Fenn", 7500.0, 7000.0)]
    got = await ask(box, "employees with a salary lower than their manager's salary")
    want = gold(box, "SELECT e.first_name, e.last_name, e.salary, m.salary FROM employees e "
                     "JOIN employees m ON e.manager_id = m.emp_id WHERE e.salary < m.salary")
    assert sorted(got) == sorted(want) and len(got) == 4


async def test_another_table_named_is_not_read_as_the_self_join(box: SqliteToolbox) -> None:
    """departments.manager_id is no key to departments itself: 'departments and their managers' is not the
    employees' self-join."""
    analyst = OfflineAnalyst()
    index = build_index(await box.schema())
    parsed = await analyst.understand("list the departments and their managers", index, box)
    assert parsed.plan is None or not parsed.plan.roles
    parsed = await analyst.understand("list the employees and their managers", index, box)
    assert parsed.plan is not None and [r.table for r in parsed.plan.roles] == ["employees"]
    assert any("employees.manager_id" in a for a in parsed.assumptions)  # the answer says how it read 'managers'


async def test_self_keys_come_from_the_schema(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    found = {(k.table.name, k.column.name) for k in self_keys(index)}
    assert found == {("employees", "manager_id"), ("categories", "parent_id")}


async def test_a_role_renders_as_an_aliased_copy_and_survives_a_round_trip(box: SqliteToolbox) -> None:
    index = build_index(await box.schema())
    role = Role("manager", "employees", "manager_id")
    plan = Plan(root="employees", select=[Item("employees", "last_name"), Item("manager", "last_name")],
                where=[[Cond("employees", "salary", ">", ref_table="manager", ref_column="salary")]], roles=[role])
    sql = render(Plan.from_dict(plan.to_dict()), index, "sqlite")
    assert "employees AS T1 JOIN employees AS T2 ON T1.manager_id = T2.emp_id" in sql
    assert "T1.salary > T2.salary" in sql
    assert gold(box, sql) == [("Dunn", "Bird"), ("Fenn", "Cruz")]



async def test_a_role_key_from_another_table_names_the_person(box: SqliteToolbox) -> None:
    # departments.manager_id declares no key; it is named like employees' key to itself, so it points to employees
    for question, dept in (("Who manages the Sales department?", "Sales"), ("who is the manager of Research", "Research")):
        got = await ask(box, question)
        want = gold(box, "SELECT e.first_name, e.last_name FROM departments d JOIN employees e ON d.manager_id = e.emp_id "
                         f"WHERE d.dept_name = '{dept}'")
        assert got == want and len(want) == 1, question
    index = build_index(await box.schema())
    for question in ("how many departments does the manager of Sales run", "employees whose manager is in Sales"):
        toks = tokenize(question)  # a count, or rows of the people table itself, ask something else of the role
        assert role_key_plan(toks, link(toks, index), index) is None, question
