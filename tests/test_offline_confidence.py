"""The confidence gate: a clean reading of a plain sentence is answered; a parser's reading of a fragment
through joins and loose links, with words nothing placed, is a guess and becomes a clarifying question
that says how it read the question and offers stand-alone questions instead."""

from __future__ import annotations

from services.conversation.engine.offline import confidence
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import unsure
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("employees", (Column("employee_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                        Column("city", "TEXT", sample_values=("Oslo", "Rome")), Column("hire_date", "DATE"))),
    Table("orders", (Column("order_id", "INTEGER", is_primary_key=True), Column("employee_id", "INTEGER"),
                     Column("amount", "REAL")),
          foreign_keys=(ForeignKey("employee_id", "employees", "employee_id"),)),
))
INDEX = build_index(SCHEMA)


def test_the_score_is_a_probability_that_each_sign_of_a_guess_lowers() -> None:
    clean = {k: 0.0 for k in confidence.WEIGHTS if k != "bias"}
    base = confidence.score(clean)
    assert 0.5 < base < 1.0 and base >= confidence.THRESHOLD
    for k in ("parser", "parser_fragment", "joins", "weak_links", "unplaced_frac"):
        assert confidence.score({**clean, k: 1.0}) < base, k
    assert confidence.score({**clean, "readers_agree": 1.0}) > base


def test_a_clean_reading_is_answered() -> None:
    q = "What is the name of each employee?"
    toks = tokenize(q)
    plan = Plan(root="employees", select=[Item("employees", "name")])
    a = confidence.assess(toks, link(toks, INDEX), plan, INDEX, "business")
    assert a.confident and a.features["joins"] == 0
    assert unsure(toks, link(toks, INDEX), plan, INDEX, "business") is None


def test_a_guess_asks_and_says_how_it_read_the_question() -> None:
    q = "staff amounts gadgets widgets thingamajigs doohickeys in Oslo"
    toks = tokenize(q)
    ments = link(toks, INDEX)
    plan = Plan(root="orders", select=[Item("orders", "amount")], tables=["employees"],
                where=[[Cond("employees", "city", "=", "Oslo")]])
    a = confidence.assess(toks, ments, plan, INDEX, "parser")
    assert a.features["parser_fragment"] == 1.0 and a.features["joins"] == 1.0 and a.features["unplaced_frac"] > 0.5
    found = unsure(toks, ments, plan, INDEX, "parser")
    assert found is not None and not a.confident
    assert "not confident" in found.problem and "How I read it" in found.problem and "Oslo" in found.problem
    assert 1 <= len(found.readings) <= 3 and all(r.endswith("?") for r in found.readings)
