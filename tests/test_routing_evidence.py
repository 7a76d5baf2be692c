"""What counts as evidence that one connection, not another, answers a question (issue 12 item 5): words of
how a question is asked ('number of', 'per year') place nothing; a lead must rest on a word one schema names
and the other places worse, else the two are about equal and the asker is asked which one."""

from __future__ import annotations

from services.conversation.engine.offline.fit import Fit, schema_fit
from services.conversation.engine.offline.linking import build_index
from services.conversation.engine.offline.semantic import build_model
from services.conversation.engine.types import Column, ForeignKey, Schema, Table
from services.conversation.routing import _Candidate, _close


def _fit(schema: Schema, question: str) -> Fit:
    index = build_index(schema)
    return schema_fit(question, index, build_model(index))


PEOPLE = Schema(tables=(
    Table("employees", (Column("employee_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                        Column("hire_date", "DATE"))),))
POLICIES = Schema(tables=(
    Table("policies", (Column("policy_id", "INTEGER", is_primary_key=True), Column("policy_number", "TEXT"),
                       Column("start_date", "DATE"))),
    Table("vehicles", (Column("vehicle_id", "INTEGER", is_primary_key=True), Column("policy_id", "INTEGER"),
                       Column("model_year", "INTEGER")),
          foreign_keys=(ForeignKey("policy_id", "policies", "policy_id"),)),
))
SALES = Schema(tables=(
    Table("customers", (Column("customer_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"))),
    Table("payments", (Column("payment_id", "INTEGER", is_primary_key=True), Column("customer_id", "INTEGER"),
                       Column("amount", "REAL"), Column("paid_on", "DATE")),
          foreign_keys=(ForeignKey("customer_id", "customers", "customer_id"),)),
))
CLIENTS = Schema(tables=(
    Table("clients", (Column("client_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                      Column("industry", "TEXT"))),
    Table("visits", (Column("visit_id", "INTEGER", is_primary_key=True), Column("client_id", "INTEGER"),
                     Column("visit_date", "DATE")),
          foreign_keys=(ForeignKey("client_id", "clients", "client_id"),)),
))


def test_number_of_is_a_way_of_counting_not_a_number_column() -> None:
    fit = _fit(POLICIES, "number of hires per year")
    assert "number" not in fit.found and "number" not in fit.missing  # policy_number is no evidence
    assert _fit(PEOPLE, "number of hires per year").score > fit.score


def test_a_time_grain_is_a_role_whatever_column_names_a_year() -> None:
    # 'per year' buckets a date; a column model_year is no better evidence of that than a start_date
    for schema in (PEOPLE, POLICIES):
        weights = dict(_fit(schema, "how many records per year").weights)
        assert max(weights.values()) == 0.5, schema
    assert dict(_fit(SALES, "monthly payments").weights)[0] == 0.5


def test_a_lead_must_rest_on_a_word_one_schema_names_better() -> None:
    sales, clients = _fit(SALES, "revenue per client"), _fit(CLIENTS, "revenue per client")
    assert sales.score > clients.score and sales.outweighs(clients)  # revenue -> a money column; clients no money
    q = "How many clients per industry?"
    assert _fit(CLIENTS, q).outweighs(_fit(SALES, q)) and not _fit(SALES, q).outweighs(_fit(CLIENTS, q))


def _cand(cid: str, score: float, weights: dict[int, float]) -> _Candidate:
    c = _Candidate(cid, False, 1.0)
    c.fit, c.score = Fit(score, len(weights), len(weights), (), weights=tuple(sorted(weights.items()))), score
    return c


def test_a_small_lead_made_of_role_words_is_a_tie_a_named_word_is_not() -> None:
    # best leads by 0.25 only through a role word (0.5) while the other names the entity better: ask
    best = _cand("a", 1.75, {0: 0.5, 1: 0.75, 2: 0.5})
    other = _cand("b", 1.5, {0: 0.0, 1: 1.0, 2: 0.5})
    assert _close(best, other)
    # the same lead resting on a word best names and other places worse: best answers
    named = _cand("a", 1.75, {0: 0.0, 1: 1.25, 2: 0.5})
    assert not _close(named, _cand("b", 1.5, {0: 0.0, 1: 1.0, 2: 0.5}))
    # far apart: never a tie; within the tie margin: always
    assert not _close(_cand("a", 2.0, {0: 0.5, 1: 1.5}), _cand("b", 1.5, {0: 0.0, 1: 1.5}))
    assert _close(_cand("a", 1.5, {0: 1.5}), _cand("b", 1.45, {0: 0.75, 1: 0.7}))


def test_a_flag_column_named_like_the_word_is_not_weaker_than_any_flag() -> None:
    # both warehouses have clients and an 'is active' flag; one spells it isActive and also stores 'Active' as a
    # status value: its flag column still places 'active' by name, so neither wins on spelling alone
    spelled = Schema(tables=(
        Table("clients", (Column("clientId", "INTEGER", is_primary_key=True), Column("clientName", "TEXT"),
                          Column("isActive", "INTEGER"))),
        Table("projects", (Column("projectId", "INTEGER", is_primary_key=True), Column("clientId", "INTEGER"),
                           Column("status", "TEXT", sample_values=("Active", "Closed"), values_complete=True)),
              foreign_keys=(ForeignKey("clientId", "clients", "clientId"),)),
    ))
    q = "How many active clients are there?"
    assert dict(_fit(spelled, q).weights)[2] >= 0.75  # 'active': the column isActive, not just some flag
    priced = Schema(tables=(Table("orders", (Column("o_orderkey", "INTEGER", is_primary_key=True),
                                             Column("o_totalprice", "DECIMAL(15,2)"))),))
    weights = dict(_fit(priced, "top customers by total spent").weights)
    assert weights[3] == 0.5  # 'total' of o_totalprice: still only a way of asking for a sum of money
