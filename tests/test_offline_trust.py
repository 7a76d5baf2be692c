"""Trust checks on a reading before it is answered: a filter no row can satisfy, a count of distinct values
where the question counts things, a list where it asks how many, a negation the reading drops. Each
plan is checked directly; a reading that fits is still answered end to end."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import doubt
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("part", (Column("p_partkey", "INTEGER", is_primary_key=True), Column("p_name", "TEXT"),
                   Column("p_retailprice", "REAL"))),
    Table("employees", (Column("employee_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                        Column("city", "TEXT", sample_values=("Oslo", "Rome")), Column("hire_date", "DATE"),
                        Column("salary", "REAL"))),
    Table("orders", (Column("order_id", "INTEGER", is_primary_key=True), Column("employee_id", "INTEGER"),
                     Column("freight", "REAL"), Column("amount", "REAL")),
          foreign_keys=(ForeignKey("employee_id", "employees", "employee_id"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def test_a_filter_no_row_can_satisfy_is_doubted() -> None:
    plan = Plan(root="employees", select=[Item("employees", None, "count")], where=[
        [Cond("employees", "hire_date", ">=", "2020-01-01")], [Cond("employees", "hire_date", "<", "2021-01-01")],
        [Cond("employees", "hire_date", "=", "01")]])
    assert "two ways" in (_doubt("How many employees were hired in 2020?", plan) or "")
    plan.where.pop()
    assert _doubt("How many employees were hired in 2020?", plan) is None


def test_counting_things_is_not_counting_distinct_values() -> None:
    plan = Plan(root="part", select=[Item("part", "p_retailprice", "count", distinct=True)])
    assert "counts parts" in (_doubt("How many parts cost more than 100?", plan) or "")
    assert _doubt("How many different parts prices are there?", plan) is None
    cities = Plan(root="employees", select=[Item("employees", "city", "count", distinct=True)])
    assert _doubt("How many cities do employees live in?", cities) is None


def test_a_count_question_never_gets_a_list() -> None:
    plan = Plan(root="employees", select=[Item("employees", "name")], distinct=True, tables=["employees", "orders"])
    assert "lists rows" in (_doubt("How many orders did each employee take?", plan) or "")
    assert _doubt("phone number of the employee named Ann", Plan(root="employees", select=[Item("employees", "city")],
                                                                  where=[[Cond("employees", "name", "=", "Ann")]])) is None


def test_a_negation_needs_a_condition() -> None:
    plan = Plan(root="employees", select=[Item("employees", "name")])
    assert "'not'" in (_doubt("Which employees have not taken an order?", plan) or "")
    assert "'not'" in (_doubt("Which employees haven't taken an order?", plan) or "")
    plan.where = [[Cond("employees", "employee_id", "not in", sub=Plan(root="orders"))]]
    assert _doubt("Which employees have not taken an order?", plan) is None


def test_text_is_neither_compared_nor_ranked_as_a_number() -> None:
    more = Plan(root="employees", select=[Item("employees", "name")], where=[[Cond("employees", "city", ">", "3")]])
    assert "as if it were a number" in (_doubt("Which employees have more than 3 orders?", more) or "")
    most = Plan(root="employees", select=[Item("employees", "name")], order=[(Item("employees", "city"), True)], limit=1)
    assert "as if it were a number" in (_doubt("Which employee has the most orders?", most) or "")
    by_count = Plan(root="employees", select=[Item("employees", "name")], group=[Item("employees", "employee_id")],
                    order=[(Item(None, None, "count"), True)], limit=1, tables=["orders"])
    assert _doubt("Which employee has the most orders?", by_count) is None


def test_who_and_where_get_rows_not_a_single_number() -> None:
    plan = Plan(root="employees", select=[Item("employees", "hire_date", "min")])
    assert "single number" in (_doubt("Who is the longest serving employee?", plan) or "")
    assert _doubt("What is the earliest hire date?", plan) is None


def test_an_unknown_capitalised_name_is_not_dropped() -> None:
    plan = Plan(root="employees", select=[Item("employees", None, "count")])
    assert "'Norwegian'" in (_doubt("How many Norwegian employees are there?", plan) or "")
    assert _doubt("How many employees were hired in March?", plan) is None


def test_a_number_the_question_gives_is_used() -> None:
    listed = Plan(root="employees", select=[Item("employees", "name")])
    assert "number 5" in (_doubt("top 5 employees by salary", listed) or "")
    ranked = Plan(root="employees", select=[Item("employees", "name")], order=[(Item("employees", "salary"), True)], limit=5)
    assert _doubt("top 5 employees by salary", ranked) is None
    dated = Plan(root="employees", select=[Item("employees", None, "count")],
                 where=[[Cond("employees", "hire_date", ">=", "2020-03-01")], [Cond("employees", "hire_date", "<", "2020-04-01")]])
    assert _doubt("How many employees were hired between March 1 and March 31, 2020?", dated) is None


def test_a_time_grain_needs_a_date_bucket() -> None:
    total = Plan(root="employees", select=[Item("employees", None, "count")])
    assert "per year" in (_doubt("number of hires per year", total) or "")
    bucketed = Plan(root="employees", select=[Item("employees", "hire_date", bucket="year"), Item("employees", None, "count")],
                    group=[Item("employees", "hire_date", bucket="year")])
    assert _doubt("number of hires per year", bucketed) is None
    in_period = Plan(root="employees", select=[Item("employees", None, "count")],
                     where=[[Cond("employees", "hire_date", ">=", "2025-01-01")], [Cond("employees", "hire_date", "<", "2026-01-01")]])
    assert _doubt("How many employees were hired last year?", in_period) is None  # a period, not a grain


def test_an_amount_is_not_answered_with_a_count() -> None:
    counted = Plan(root="employees", select=[Item("employees", "city"), Item(None, None, "count")],
                   group=[Item("employees", "city")])
    assert "'profit'" in (_doubt("city with the highest profit", counted) or "")  # nothing is named profit
    summed = Plan(root="employees", select=[Item("employees", "city"), Item("employees", "salary", "sum")],
                  group=[Item("employees", "city")])
    assert _doubt("total salary per city", summed) is None


def test_ranking_by_an_identifier_is_doubted() -> None:
    plan = Plan(root="employees", select=[Item("employees", "name")], order=[(Item("employees", "employee_id"), True)], limit=1)
    assert "identifier" in (_doubt("Which employee has the most orders?", plan) or "")


def test_a_number_is_not_matched_against_text() -> None:
    plan = Plan(root="employees", select=[Item("employees", "city"), Item(None, None, "count")],
                group=[Item("employees", "city")], where=[[Cond("employees", "city", "=", "5")]])
    assert "text column 'city'" in (_doubt("top 5 cities by number of employees", plan) or "")


def test_a_comparison_with_the_average_is_kept() -> None:
    plain = Plan(root="employees", select=[Item("employees", "name")])
    assert "average" in (_doubt("employees with a salary above the average", plain) or "")
    avg = Plan(root="employees", select=[Item("employees", "name")], where=[[Cond(
        "employees", "salary", ">", sub=Plan(root="employees", select=[Item("employees", "salary", "avg")]))]])
    assert _doubt("employees with a salary above the average", avg) is None


def test_which_asks_for_things_not_one_number() -> None:
    plan = Plan(root="employees", select=[Item("employees", "salary", "max")])
    assert "which one" in (_doubt("Which employee earns the highest salary?", plan) or "")
    assert _doubt("What is the highest salary?", plan) is None


def test_a_flag_word_nothing_placed_needs_a_condition() -> None:
    plan = Plan(root="employees", select=[Item(None, None, "count")])
    assert "'discontinued'" in (_doubt("How many discontinued employees are there?", plan) or "")


def test_a_count_of_another_table_is_doubted() -> None:
    employees = Plan(root="employees", select=[Item(None, None, "count")])
    assert "counts orders" in (_doubt("How many orders are there?", employees) or "")
    orders = Plan(root="orders", select=[Item(None, None, "count")])
    assert _doubt("How many orders are there?", orders) is None


def test_revenue_is_not_a_cost() -> None:
    freight = Plan(root="orders", select=[Item("orders", "freight", "sum")])
    assert "'freight', a cost" in (_doubt("total revenue", freight) or "")
    assert _doubt("total freight", freight) is None
    amount = Plan(root="orders", select=[Item("orders", "amount", "sum")])
    assert _doubt("total revenue", amount) is None


def test_an_identifier_is_not_an_amount_or_a_year() -> None:
    more = Plan(root="employees", select=[Item("employees", "name")], where=[[Cond("employees", "employee_id", ">", 10)]])
    assert "identifier 'employee_id'" in (_doubt("employees with more than 10 orders", more) or "")
    year = Plan(root="employees", select=[Item(None, None, "count")], where=[[Cond("employees", "employee_id", "=", 2024)]])
    assert "identifier" in (_doubt("How many employees joined in 2024?", year) or "")
    one = Plan(root="employees", select=[Item("employees", "name")], where=[[Cond("employees", "employee_id", "=", 7)]])
    assert _doubt("name of employee 7", one) is None


def test_text_is_not_averaged() -> None:
    plan = Plan(root="employees", select=[Item("employees", "city", "avg")])
    assert "text column 'city'" in (_doubt("average city rate", plan) or "")


def test_grouping_a_table_by_its_own_key_is_doubted() -> None:
    plan = Plan(root="employees", select=[Item("employees", "employee_id"), Item("employees", "salary", "avg")],
                group=[Item("employees", "employee_id")])
    assert "one row per group" in (_doubt("average salary per employee city", plan) or "")
    by_city = Plan(root="employees", select=[Item("employees", "city"), Item("employees", "salary", "avg")],
                   group=[Item("employees", "city")])
    assert _doubt("average salary per city", by_city) is None


@pytest.fixture
def box(tmp_path: Path) -> SqliteToolbox:
    path = tmp_path / "hr.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, name TEXT, city TEXT, hire_date TEXT);
        INSERT INTO employees VALUES (1, 'Ann', 'Oslo', '2020-03-01'), (2, 'Bo', 'Rome', '2021-05-01'),
                                     (3, 'Cy', 'Oslo', '2020-07-09');
    """)
    conn.commit()
    conn.close()
    b = SqliteToolbox(path)
    yield b
    b.close()


async def test_a_fitting_reading_is_still_answered(box: SqliteToolbox) -> None:
    ans = await OfflineAnalyst().answer("How many employees were hired between 2020-01-01 and 2020-12-31?",
                                        toolbox=box, history=[], state={}, mode="economy", deep=False)
    first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    assert first is not None and first.result.rows[0][0] == 2  # a fitting reading is answered


async def test_a_period_with_no_rows_is_not_answered_with_an_empty_total(box: SqliteToolbox) -> None:
    ans = await OfflineAnalyst().answer("number of employees hired per month in 1990", toolbox=box, history=[], state={},
                                        mode="economy", deep=False)
    assert not ans.understood and not any(p.kind == "query" for p in ans.parts)
    said = " ".join(p.text or "" for p in ans.parts)
    assert "2020-03-01 to 2021-05-01" in said  # where the data lies
    assert ans.suggested_follow_ups and "2021" in ans.suggested_follow_ups[-1]
