"""With many look-alike warehouses connected (issue 12), a lead resting on one spelling step between plain names (a
column 'country' against a part of 'billing_country') is no evidence: the asker is asked which warehouse. The step
from a plain name to the table itself ('claims' a table, against a column 'claims') still decides."""

from __future__ import annotations

from services.conversation.engine.offline.fit import Fit, schema_fit
from services.conversation.engine.offline.linking import build_index
from services.conversation.engine.offline.semantic import build_model
from services.conversation.engine.types import Column, Schema, Table
from services.conversation.routing import _Candidate, _close


def _fit(schema: Schema, question: str) -> Fit:
    index = build_index(schema)
    return schema_fit(question, index, build_model(index))


def _cand(cid: str, fit: Fit) -> _Candidate:
    c = _Candidate(cid, False, 1.0)
    c.fit, c.score, c.placed_words = fit, fit.score, list(fit.found)
    return c


PLAIN = Schema(tables=(
    Table("accounts", (Column("account_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                       Column("country", "TEXT"))),))
PART = Schema(tables=(
    Table("accounts", (Column("account_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                       Column("billing_country", "TEXT"))),))
CLAIMS = Schema(tables=(
    Table("claims", (Column("claim_id", "INTEGER", is_primary_key=True), Column("amount", "REAL"),
                     Column("filed_on", "DATE"))),))
SHIPMENTS = Schema(tables=(
    Table("shipments", (Column("shipment_id", "INTEGER", is_primary_key=True), Column("claims", "INTEGER"),
                        Column("shipped_on", "DATE"))),))


def test_a_spelling_step_between_plain_names_is_no_evidence() -> None:
    q = "accounts by country"
    plain, part = _fit(PLAIN, q), _fit(PART, q)
    assert plain.score > part.score  # 'country' named outright beats a part of 'billing_country' ...
    assert set(plain.found) == set(part.found) == {"accounts", "country"}
    assert not plain.outweighs(part)  # ... but by one step only: both name every word
    assert _close(_cand("plain", plain), _cand("part", part))  # so routing asks which one


def test_the_table_itself_against_a_column_still_decides() -> None:
    q = "How many claims were filed?"
    table, column = _fit(CLAIMS, q), _fit(SHIPMENTS, q)
    assert table.score > column.score
    assert table.outweighs(column) and not column.outweighs(table)
    assert not _close(_cand("claims", table), _cand("shipments", column))
