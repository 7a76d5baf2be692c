"""Trust checks from the third first-contact replay: 'how many X' read as the number of different values of a
plain column the question never names, or of one the reading fixes to a single value. Each wrong reading is
doubted; the right readings of the same kind of question are not. The schema is a bicycle-repair workshop of this
test's own."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import CHECKS, counts_values_of_other_column, doubt
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("mechanics", (Column("id", "INTEGER", is_primary_key=True), Column("full_name", "TEXT"),
                        Column("home_town", "TEXT", sample_values=("Ghent", "Bruges"), values_complete=True))),
    Table("repairs", (Column("id", "INTEGER", is_primary_key=True), Column("mechanic_id", "INTEGER"),
                      Column("urgency", "TEXT", sample_values=("LOW", "HIGH"), values_complete=True),
                      Column("frame_size", "INTEGER"), Column("charge", "REAL"), Column("ticket_no", "INTEGER")),
          foreign_keys=(ForeignKey("mechanic_id", "mechanics", "id"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def _distinct(table: str, column: str, where: list[list[Cond]] | None = None) -> Plan:
    return Plan(root=table, select=[Item(table, column, "count", distinct=True)], where=where or [])


def test_counting_the_values_of_a_column_nobody_named_is_doubted() -> None:
    q = "How many tandem bikes did we fix?"
    plan = _distinct("repairs", "ticket_no")
    assert counts_values_of_other_column(tokenize(q), plan, INDEX) == "ticket_no"
    assert _doubt(q, plan) is not None  # an earlier check ('counts tickets, not repairs') may say it first
    q = "How many repairs were paid by card?"
    assert counts_values_of_other_column(tokenize(q), _distinct("repairs", "charge"), INDEX) == "charge"


def test_counting_the_values_of_a_column_fixed_to_one_value_is_doubted() -> None:
    q = "How many high urgency repairs are there?"
    plan = _distinct("repairs", "urgency", [[Cond("repairs", "urgency", "=", "HIGH")]])
    assert counts_values_of_other_column(tokenize(q), plan, INDEX) == "urgency"
    assert "different values of 'urgency'" in (_doubt(q, plan) or "")


def test_the_right_readings_of_a_distinct_count_are_trusted() -> None:
    # a word that asks for different values
    assert counts_values_of_other_column(tokenize("How many different frame sizes were repaired?"),
                                         _distinct("repairs", "frame_size"), INDEX) is None
    # the counted column named as what is counted
    assert counts_values_of_other_column(tokenize("What is the number of home towns of mechanics?"),
                                         _distinct("mechanics", "home_town"), INDEX) is None
    # a reference counts the rows it points to ('mechanics who did repairs')
    assert counts_values_of_other_column(tokenize("How many mechanics did a repair?"),
                                         _distinct("repairs", "mechanic_id"), INDEX) is None
    # a plain count of rows
    assert counts_values_of_other_column(tokenize("How many repairs are there?"),
                                         Plan(root="repairs", select=[Item("repairs", None, "count")]), INDEX) is None
    # the fixed column is only doubted when it is the one counted
    assert counts_values_of_other_column(
        tokenize("How many different frame sizes had high urgency repairs?"),
        _distinct("repairs", "frame_size", [[Cond("repairs", "urgency", "=", "HIGH")]]), INDEX) is None


def test_the_check_is_one_of_the_named_checks() -> None:
    names = [c.name for c in CHECKS]
    assert "counts_values_of_other_column" in names
    assert names.index("counts_values_of_other_column") == names.index("counts_values_not_things") + 1

