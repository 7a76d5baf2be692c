"""Trust checks for readings of legacy-style schemas (UPPER_SNAKE names cut to consonant skeletons, table prefixes):
a question word that such a schema spells beyond recognition is not read as something else with confidence."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.trust import doubt
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("T_CNTNT_TYP", (Column("CT_ID", "INTEGER", is_primary_key=True),
                          Column("CT_MDL", "TEXT", sample_values=("member", "location", "invoice"), values_complete=True))),
    Table("T_MMBR", (Column("MBR_ID", "INTEGER", is_primary_key=True), Column("MBR_NM", "TEXT"),
                     Column("MBR_STTS", "TEXT", sample_values=("active", "refunded"), values_complete=True))),
    Table("T_LCTN", (Column("LCT_ID", "INTEGER", is_primary_key=True), Column("LCT_NM", "TEXT"))),
    Table("T_UNT", (Column("UNT_ID", "INTEGER", is_primary_key=True), Column("UNT_BDRMS", "INTEGER"),
                    Column("UNT_STTS", "TEXT", sample_values=("vacant", "let"), values_complete=True))),
    Table("T_LS", (Column("LS_ID", "INTEGER", is_primary_key=True), Column("LS_UNT_ID", "INTEGER"),
                   Column("LS_DPST_CNTS", "INTEGER"), Column("LS_HRS", "INTEGER")),
          foreign_keys=(ForeignKey("LS_UNT_ID", "T_UNT", "UNT_ID"),)),
    Table("T_RFND", (Column("RFN_ID", "INTEGER", is_primary_key=True), Column("RFN_MBR_ID", "INTEGER")),
          foreign_keys=(ForeignKey("RFN_MBR_ID", "T_MMBR", "MBR_ID"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> str | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return found.problem if found else None


def test_a_value_that_an_abbreviated_table_name_spells_is_doubted() -> None:
    by_value = Plan(root="T_CNTNT_TYP", select=[Item("T_CNTNT_TYP", "CT_ID", "count")],
                    where=[[Cond("T_CNTNT_TYP", "CT_MDL", "=", "member")]])
    assert "also the name of" in (_doubt("How many members do we have?", by_value) or "")
    rows = Plan(root="T_MMBR", select=[Item("T_MMBR", "MBR_ID", "count")])
    assert _doubt("How many members do we have?", rows) is None


def test_a_state_value_is_not_taken_for_an_abbreviated_table() -> None:
    refunded = Plan(root="T_MMBR", select=[Item("T_MMBR", "MBR_ID", "count")],
                    where=[[Cond("T_MMBR", "MBR_STTS", "=", "refunded")]])
    assert "also the name of" not in (_doubt("How many members were refunded?", refunded) or "")


def test_how_many_answered_by_a_sum_of_an_unnamed_column_is_doubted() -> None:
    summed = Plan(root="T_LS", select=[Item("T_LS", "LS_DPST_CNTS", "sum")],
                  where=[[Cond("T_UNT", "UNT_STTS", "=", "vacant")]])
    assert "asks for a count" in (_doubt("How many units are vacant?", summed) or "")
    counted = Plan(root="T_UNT", select=[Item("T_UNT", "UNT_ID", "count")],
                   where=[[Cond("T_UNT", "UNT_STTS", "=", "vacant")]])
    assert "asks for a count" not in (_doubt("How many units are vacant?", counted) or "")
    hours = Plan(root="T_LS", select=[Item("T_LS", "LS_HRS", "sum")])
    assert "asks for a count" not in (_doubt("How many hours in total?", hours) or "")


def test_a_value_naming_the_rows_own_abbreviated_table_is_doubted() -> None:
    schema = Schema(tables=(
        Table("TBL_CNSLT", (Column("CNS_ID", "INTEGER", is_primary_key=True), Column("CNS_NM", "TEXT"),
                            Column("CNS_LVL", "TEXT", sample_values=("Consultant", "Senior Consultant", "Manager"),
                                   values_complete=True),
                            Column("CNS_OBJCT", "TEXT", sample_values=("consultant",), values_complete=True))),
    ))
    index = build_index(schema)
    toks = tokenize("How many consultants do we have?")

    def asked(plan: Plan) -> str:
        found = doubt(toks, link(toks, index), plan, index)
        return found.problem if found else ""

    level = Plan(root="TBL_CNSLT", select=[Item("TBL_CNSLT", "CNS_ID", "count")],
                 where=[[Cond("TBL_CNSLT", "CNS_LVL", "=", "Consultant")]])
    assert "keeps only the" in asked(level)
    constant = Plan(root="TBL_CNSLT", select=[Item("TBL_CNSLT", "CNS_ID", "count")],
                    where=[[Cond("TBL_CNSLT", "CNS_OBJCT", "=", "consultant")]])
    assert "keeps only the" not in asked(constant)  # every row holds it: the filter keeps them all
    every = Plan(root="TBL_CNSLT", select=[Item("TBL_CNSLT", "CNS_ID", "count")])
    assert "keeps only the" not in asked(every)


def test_a_period_on_a_date_chosen_beside_an_unread_date_is_doubted() -> None:
    def asked(schema: Schema, plan: Plan) -> str:
        index = build_index(schema)
        toks = tokenize("How many orders were placed in 2023?")
        found = doubt(toks, link(toks, index), plan, index)
        return found.problem if found else ""

    def orders(*dates: str) -> Schema:
        return Schema(tables=(Table("T_ORDR", (Column("OO_ID", "INTEGER", is_primary_key=True),
                                               *(Column(d, "DATE") for d in dates))),))

    def in_2023(column: str) -> Plan:
        return Plan(root="T_ORDR", select=[Item("T_ORDR", "OO_ID", "count")],
                    where=[[Cond("T_ORDR", column, ">=", "2023-01-01"), Cond("T_ORDR", column, "<", "2024-01-01")]])

    assert "cannot read" in asked(orders("OO_SHPD_DT", "OO_CRTD"), in_2023("OO_SHPD_DT"))
    assert "cannot read" not in asked(orders("OO_SHPD_DT", "OO_DELIVERY_DT"), in_2023("OO_SHPD_DT"))  # it is read
    unpaid = Plan(root="T_ORDR", select=[Item("T_ORDR", "OO_ID", "count")], where=[[Cond("T_ORDR", "OO_SHPD_DT", "is null")]])
    assert "cannot read" not in asked(orders("OO_SHPD_DT", "OO_CRTD"), unpaid)  # no period: no date to choose
