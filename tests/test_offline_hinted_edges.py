"""The join edges ordered by a question's hints (two keys to one table: 'current' or 'permanent' address) are a
pure function of the index and the hints, so they are kept on the index: the kept order equals a fresh
computation for every hint set, a second plan with the same hints reuses it, and other hints get their own."""

from __future__ import annotations

from services.conversation.engine.offline import sqlgen
from services.conversation.engine.offline.joins import Edge
from services.conversation.engine.offline.linking import SchemaIndex, build_index
from services.conversation.engine.offline.plan import Plan
from services.conversation.engine.offline.sqlgen import _hinted_edges, index_edges, join_plan
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("addresses", (Column("address_id", "INTEGER", is_primary_key=True), Column("city", "TEXT"))),
    Table("students", (Column("student_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"),
                       Column("current_address_id", "INTEGER"), Column("permanent_address_id", "INTEGER")),
          foreign_keys=(ForeignKey("current_address_id", "addresses", "address_id"),
                        ForeignKey("permanent_address_id", "addresses", "address_id"))),
))


def _fresh(index: SchemaIndex, plan: Plan) -> dict[str, list[Edge]]:
    """The ordering computed without the kept one (a copy of the edges is never kept)."""
    return _hinted_edges({t: list(e) for t, e in index_edges(index).items()}, index, plan)


def test_kept_orderings_equal_fresh_ones() -> None:
    index = build_index(SCHEMA)
    for hints in (["permanent"], ["current"], ["city"], ["permanent", "current"]):
        plan = Plan(hints=hints)
        kept = _hinted_edges(index_edges(index), index, plan)
        assert _hinted_edges(index_edges(index), index, Plan(hints=list(reversed(hints)))) is kept  # reused
        assert kept == _fresh(index, plan)
    assert _hinted_edges(index_edges(index), index, Plan(hints=["permanent"])) != \
        _hinted_edges(index_edges(index), index, Plan(hints=["current"]))  # each hint set its own order
    assert _hinted_edges(index_edges(index), index, Plan()) is index_edges(index)  # no hints: the edges as they are


def test_joins_follow_the_hint_with_or_without_the_kept_order() -> None:
    index = build_index(SCHEMA)
    plans = [Plan(tables=["students", "addresses"], root="students", hints=[h]) for h in ("permanent", "current")]
    first = [join_plan(p, index) for p in plans]
    assert [e.left_col for e in first[0][1]] == ["permanent_address_id"]
    assert [e.left_col for e in first[1][1]] == ["current_address_id"]
    assert [join_plan(p, index) for p in plans] == first  # from the kept orderings: the same joins
    fresh = build_index(SCHEMA)
    sqlgen.HINTED_EDGES_KEPT, kept_max = 0, sqlgen.HINTED_EDGES_KEPT  # nothing kept beyond one entry
    try:
        assert [join_plan(p, fresh) for p in plans] == first
    finally:
        sqlgen.HINTED_EDGES_KEPT = kept_max
