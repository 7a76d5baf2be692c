"""Trust checks for legacy-style schemas: an abbreviated yes/no column the question asks for, and a period put on
the date of a table the question never names."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import doubt
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("T_VNDR", (Column("VND_ID", "INTEGER", is_primary_key=True), Column("VND_NM", "TEXT"),
                     Column("VND_IS_LCL", "INTEGER", sample_values=("0", "1"), values_complete=True))),
    Table("T_PYMNT", (Column("PYM_ID", "INTEGER", is_primary_key=True), Column("PYM_AMNT", "REAL"),
                      Column("PYM_STTS", "TEXT", sample_values=("failed", "succeeded"), values_complete=True),
                      Column("PYM_CRTD_DT", "DATE", sample_values=("2024-01-03", "2024-02-11")))),
    Table("T_CLM", (Column("CLM_ID", "INTEGER", is_primary_key=True), Column("CLM_PYM_ID", "INTEGER"),
                    Column("CLM_DUE_DT", "DATE", sample_values=("2024-03-01", "2024-04-09"))),
          foreign_keys=(ForeignKey("CLM_PYM_ID", "T_PYMNT", "PYM_ID"),)),
    Table("T_UNT", (Column("UNT_ID", "INTEGER", is_primary_key=True),
                    Column("UNT_CTY", "TEXT", sample_values=("Leeds", "York"), values_complete=True))),
    Table("T_LS", (Column("LS_ID", "INTEGER", is_primary_key=True), Column("LS_UNT_ID", "INTEGER"),
                   Column("LS_DPST_CNTS", "INTEGER")),
          foreign_keys=(ForeignKey("LS_UNT_ID", "T_UNT", "UNT_ID"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else ""


def test_an_abbreviated_flag_the_question_asks_for_is_doubted_when_unused() -> None:
    every = Plan(root="T_VNDR", select=[Item("T_VNDR", "VND_NM")])
    assert "VND_IS_LCL" in _doubt("Which of our vendors are local?", every)
    kept = Plan(root="T_VNDR", select=[Item("T_VNDR", "VND_NM")], where=[[Cond("T_VNDR", "VND_IS_LCL", "=", 1)]])
    assert "VND_IS_LCL" not in _doubt("Which of our vendors are local?", kept)
    assert "VND_IS_LCL" not in _doubt("Which vendors do we have?", every)


def test_a_period_on_the_date_of_an_unnamed_joined_table_is_doubted() -> None:
    joined = Plan(root="T_PYMNT", select=[Item("T_PYMNT", "PYM_ID", "count")],
                  where=[[Cond("T_PYMNT", "PYM_STTS", "=", "failed"), Cond("T_CLM", "CLM_DUE_DT", ">=", "2024-01-01"),
                          Cond("T_CLM", "CLM_DUE_DT", "<", "2025-01-01")]])
    assert "CLM_DUE_DT" in _doubt("How many payments failed in 2024?", joined)
    own = Plan(root="T_PYMNT", select=[Item("T_PYMNT", "PYM_ID", "count")],
               where=[[Cond("T_PYMNT", "PYM_STTS", "=", "failed"), Cond("T_PYMNT", "PYM_CRTD_DT", ">=", "2024-01-01"),
                       Cond("T_PYMNT", "PYM_CRTD_DT", "<", "2025-01-01")]])
    assert "CLM_DUE_DT" not in _doubt("How many payments failed in 2024?", own)


def test_the_number_of_things_answered_by_a_sum_of_an_unnamed_column_is_doubted() -> None:
    question = "Show each city and the number of units in it."
    summed = Plan(root="T_LS", select=[Item("T_UNT", "UNT_CTY"), Item("T_LS", "LS_DPST_CNTS", "sum")],
                  group=[Item("T_UNT", "UNT_CTY")])
    assert "'number of units' asks for a count" in _doubt(question, summed)
    counted = Plan(root="T_UNT", select=[Item("T_UNT", "UNT_CTY"), Item("T_UNT", "UNT_ID", "count")],
                   group=[Item("T_UNT", "UNT_CTY")])
    assert "asks for a count" not in _doubt(question, counted)


def test_a_sum_of_an_amount_another_column_names_better_is_doubted() -> None:
    schema = Schema(tables=(
        Table("T_INVC", (Column("INV_ID", "INTEGER", is_primary_key=True), Column("INV_NET_AMT", "REAL"),
                         Column("INV_TTL_AMT", "REAL"), Column("INV_QTY", "INTEGER"))),
    ))
    index = build_index(schema)

    def asked(question: str, plan: Plan) -> str:
        toks = tokenize(question)
        found = doubt(toks, link(toks, index), plan, index)
        return found.problem if found else ""

    net = Plan(root="T_INVC", select=[Item("T_INVC", "INV_NET_AMT", "sum")])
    assert "INV_TTL_AMT says more" in asked("What is the total invoiced amount?", net)
    total = Plan(root="T_INVC", select=[Item("T_INVC", "INV_TTL_AMT", "sum")])
    assert "says more" not in asked("What is the total invoiced amount?", total)
    assert "says more" not in asked("What is the net amount invoiced?", net)


def test_ids_shown_beside_an_abbreviated_title_column_are_doubted() -> None:
    schema = Schema(tables=(
        Table("T_CRS", (Column("CRS_ID", "INTEGER", is_primary_key=True),
                        Column("CRS_TTL", "TEXT", sample_values=("Intro to SQL", "Statistics"), values_complete=True),
                        Column("CRS_PRC", "REAL"))),
    ))
    index = build_index(schema)
    toks = tokenize("Which courses cost more than 50?")
    ids = Plan(root="T_CRS", select=[Item("T_CRS", "CRS_ID")], where=[[Cond("T_CRS", "CRS_PRC", ">", 50)]])
    found = doubt(toks, link(toks, index), ids, index)
    assert found is not None and "identifier 'CRS_ID'" in found.problem
    titles = Plan(root="T_CRS", select=[Item("T_CRS", "CRS_TTL")], where=[[Cond("T_CRS", "CRS_PRC", ">", 50)]])
    found = doubt(toks, link(toks, index), titles, index)
    assert found is None or "identifier" not in found.problem
