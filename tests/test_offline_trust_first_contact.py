"""Trust checks from the first-contact replay: the wrong answers the engine gave on warehouses it had never seen
(the studied databases as they were scored before any rule was written for them), by classes that are general:
a period applied to a later-stage date nobody named, a ranking by row counts where nothing is counted, a breakdown
shown as another column than the one the question names. Each wrong reading is doubted; the right reading of the
same question is not. The schema is a bakery chain of this test's own."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import (breakdown_by_other_column, doubt, ranks_by_count_unasked,
                                                         unknown_noun, unnamed_later_date)
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("districts", (Column("id", "INTEGER", is_primary_key=True),
                        Column("district", "TEXT", sample_values=("North", "South"), values_complete=True),
                        Column("lead", "TEXT"))),
    Table("branches", (Column("id", "INTEGER", is_primary_key=True), Column("label", "TEXT"),
                       Column("district_id", "INTEGER")),
          foreign_keys=(ForeignKey("district_id", "districts", "id"),)),
    Table("orders", (Column("id", "INTEGER", is_primary_key=True), Column("branch_id", "INTEGER"),
                          Column("district", "TEXT", sample_values=("North", "South"), values_complete=True),
                          Column("created", "DATE"), Column("paid_at", "DATE"), Column("deleted_at", "DATE"),
                          Column("amount", "REAL"), Column("deliverymode", "TEXT")),
          foreign_keys=(ForeignKey("branch_id", "branches", "id"),)),
    Table("refunds", (Column("id", "INTEGER", is_primary_key=True), Column("branch_id", "INTEGER"),
                            Column("refund_amount", "REAL")),
          foreign_keys=(ForeignKey("branch_id", "branches", "id"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def _in_2023(column: str) -> list[list[Cond]]:
    return [[Cond("orders", column, ">=", "2023-01-01")], [Cond("orders", column, "<", "2024-01-01")]]


def _count(where: list[list[Cond]]) -> Plan:
    return Plan(root="orders", select=[Item("orders", None, "count")], where=where)


def test_a_period_on_a_later_stage_date_nobody_named_is_doubted() -> None:
    q = "How many orders were made in 2023?"
    toks = tokenize(q)
    found = unnamed_later_date(toks, link(toks, INDEX), _count(_in_2023("paid_at")), INDEX)
    assert found is not None and (found[0].name, found[1].name) == ("paid_at", "created")
    assert "paid_at" in (_doubt(q, _count(_in_2023("paid_at"))) or "")
    assert "deleted_at" in (_doubt(q, _count(_in_2023("deleted_at"))) or "")  # a bookkeeping stamp
    assert _doubt(q, _count(_in_2023("created"))) is None  # the date of the row itself


def test_a_later_stage_date_the_question_names_is_trusted() -> None:
    assert _doubt("How many orders were paid in 2023?", _count(_in_2023("paid_at"))) is None


def test_two_dates_compared_are_no_period() -> None:
    late = _count([[Cond("orders", "paid_at", ">", None, ref_column="created")]])
    toks = tokenize("How many orders were settled late?")
    assert unnamed_later_date(toks, link(toks, INDEX), late, INDEX) is None


def test_a_later_stage_date_by_month_is_doubted_too() -> None:
    month = Item("orders", "paid_at", bucket="month")
    plan = Plan(root="orders", select=[month, Item("orders", None, "count")], group=[month])
    assert "paid_at" in (_doubt("number of orders per month", plan) or "")
    own = Item("orders", "created", bucket="month")
    assert _doubt("number of orders per month",
                  Plan(root="orders", select=[own, Item("orders", None, "count")], group=[own])) is None


def _per_branch(order: Item) -> Plan:
    return Plan(root="branches", select=[Item("branches", "label")], tables=["refunds"],
                group=[Item("branches", "id")], order=[(order, True)], limit=1)


def test_a_ranking_by_row_counts_where_nothing_is_counted_is_doubted() -> None:
    q = "Which branch gave the largest single refund?"
    by_rows = _per_branch(Item("refunds", None, "count"))
    assert ranks_by_count_unasked(tokenize(q), by_rows)
    assert "how many rows" in (_doubt(q, by_rows) or "")
    assert not ranks_by_count_unasked(tokenize(q), _per_branch(Item("refunds", "refund_amount", "max")))
    # counting words: the count is what the question asks
    assert not ranks_by_count_unasked(tokenize("Which branch gave the most refunds?"), by_rows)
    assert not ranks_by_count_unasked(tokenize("Which branch has the largest number of refunds?"), by_rows)
    assert not ranks_by_count_unasked(tokenize("branches sorted by their frequency of refunds"), by_rows)


def test_a_breakdown_shown_as_another_column_is_doubted() -> None:
    q = "How many orders did we have in each district?"
    lead = Plan(root="orders", select=[Item("districts", "lead"), Item("orders", None, "count")],
                tables=["branches"], group=[Item("districts", "id")])
    found = breakdown_by_other_column(tokenize(q), lead, INDEX)
    assert found is not None and found[0] == "district" and found[1].name == "district" and found[1].table in ("districts", "orders")
    assert "breakdown by district" in (_doubt(q, lead) or "")
    own = Plan(root="orders", select=[Item("districts", "district"), Item("orders", None, "count")],
               tables=["branches"], group=[Item("districts", "district")])
    assert _doubt(q, own) is None
    # the shown column named in full by the question is what it asks to see
    assert breakdown_by_other_column(tokenize("the lead of each district and its number of orders"), lead, INDEX) is None
    # a numeric column of the word ranks, it is no breakdown ('top 3 branches by amount')
    assert breakdown_by_other_column(tokenize("number of orders by amount"), lead, INDEX) is None


def test_money_collected_is_dated_by_its_payment() -> None:
    paid = Plan(root="orders", select=[Item("orders", "amount", "sum")], where=_in_2023("paid_at"))
    assert _doubt("total amount collected in 2023", paid) is None


def _unknown(question: str) -> str | None:
    toks = tokenize(question)
    return unknown_noun(toks, link(toks, INDEX), INDEX)


def test_a_noun_the_data_does_not_hold_is_doubted() -> None:
    assert _unknown("total amount of orders per courier") == "courier"
    total = Plan(root="orders", select=[Item("orders", "amount", "sum")])
    assert "could not find 'kiosk'" in (_doubt("What is the total amount of orders at the kiosk?", total) or "")
    # words of the question itself, and nouns the data holds, even inside a run-together name
    assert _unknown("total amount of orders per district") is None
    assert _unknown("What share of the orders came in 2023?") is None
    assert _unknown("number of orders per mode") is None  # 'mode' of deliverymode
    assert _unknown("total revenue of the orders") is None  # a money noun: read as the amount's role
    assert _unknown("How much money did the orders bring?") is None
    assert _unknown("Which orders came to more than 200 dollars?") is None  # a currency is a unit, not a thing
    assert _unknown("How many deliveries were there?") is None  # a form of deliverymode's first word
    assert _unknown("Which orders haven't been paid yet?") is None  # the first half of a contraction
    assert _unknown("How many orders were placed on the platform?") is None  # the business itself
    assert _unknown("How many orders weigh more than 2 tonnes?") is None  # a unit after a number


def test_generic_nouns_and_a_named_label_column_are_not_doubted() -> None:
    """Merge mends: 'everybody', 'at this moment', 'by their frequency' are how questions talk, not things the data
    should hold; a breakdown shown by a column the question names itself ('the full name of each maker') is the
    breakdown asked for."""
    assert _unknown("How many orders did everybody place at this moment?") is None
    assert _unknown("orders per district sorted by their frequency") is None
    lead = Plan(root="orders", select=[Item("districts", "lead"), Item("orders", None, "count")],
                tables=["branches"], group=[Item("districts", "id")])
    asked = "Show the lead of each district and how many orders it had."
    assert breakdown_by_other_column(tokenize(asked), lead, INDEX) is None
    assert breakdown_by_other_column(tokenize("How many orders did we have in each district?"), lead, INDEX) is not None
    assert _unknown("districts sorted by their frequency") is None  # how often: a count, not a thing
