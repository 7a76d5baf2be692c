"""Trust checks found on the stand-ins for unseen schemas (respelled studied databases): a number given in a unit
the reading converted, a date of the other end of an event, a singular noun reaching a table only by its stem,
and revenue defined at the finest grain. Each wrong reading is doubted and the right reading is not."""

from __future__ import annotations

from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.offline.plan import Cond, Item, Plan
from services.conversation.engine.offline.semantic import build_model
from services.conversation.engine.offline.trust import doubt
from services.conversation.engine.types import Column, ForeignKey, Schema, Table

SCHEMA = Schema(tables=(
    Table("Staff", (Column("StaffId", "INTEGER", is_primary_key=True), Column("FullNm", "TEXT"),
                    Column("HireDt", "DATE"), Column("TerminationDt", "DATE"))),
    Table("Hauls", (Column("HaulId", "INTEGER", is_primary_key=True), Column("DistanceM", "REAL"),
                    Column("LoadKg", "REAL"), Column("CarrierId", "INTEGER")),
          foreign_keys=(ForeignKey("CarrierId", "Carriers", "CarrierId"),)),
    Table("Carriers", (Column("CarrierId", "INTEGER", is_primary_key=True), Column("CarrierNm", "TEXT"))),
    Table("shippers", (Column("shipper_id", "INTEGER", is_primary_key=True), Column("shipper_nm", "TEXT"))),
    # not a spelling of "shipments" (an abbreviation such as Shpmts would be linked to it instead)
    Table("Consignments", (Column("ConsignmentId", "INTEGER", is_primary_key=True), Column("ShipperId", "INTEGER"),
                     Column("FreightCost", "REAL"),
                     Column("Mode", "TEXT", sample_values=("air", "sea"), values_complete=True)),
          foreign_keys=(ForeignKey("ShipperId", "shippers", "shipper_id"),)),
))
INDEX = build_index(SCHEMA)


def _doubt(question: str, plan: Plan) -> tuple[str, list[str]] | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, INDEX), plan, INDEX)
    return (found.problem, found.readings) if found else None


def test_a_number_given_in_km_or_tonnes_is_used_when_converted() -> None:
    count = Item("Hauls", None, "count")
    converted = Plan(root="Hauls", select=[count], where=[[Cond("Hauls", "DistanceM", ">", 5000)]])
    assert _doubt("How many hauls are longer than 5 km?", converted) is None
    heavy = Plan(root="Hauls", select=[count], where=[[Cond("Hauls", "LoadKg", ">", 2000)]])
    assert _doubt("How many hauls carry more than 2 tonnes?", heavy) is None
    lost = Plan(root="Hauls", select=[count], where=[[Cond("Hauls", "DistanceM", ">", 100)]])
    found = _doubt("How many hauls are longer than 5 km?", lost)
    assert found is not None and "number 5" in found[0]  # 100 m is not 5 km: the 5 was lost


def _in_2024(column: str) -> list[list[Cond]]:
    return [[Cond("Staff", column, ">=", "2024-01-01")], [Cond("Staff", column, "<", "2025-01-01")]]


def test_an_end_read_on_a_start_date_is_doubted_and_the_end_date_offered() -> None:
    count = [Item("Staff", None, "count")]
    on_hire = Plan(root="Staff", select=count, where=_in_2024("HireDt"))
    found = _doubt("How many staff left in 2024?", on_hire)
    assert found is not None and "HireDt" in found[0]
    assert any("termination date" in r for r in found[1])  # the date the question means is offered
    assert _doubt("How many staff left in 2024?", Plan(root="Staff", select=count, where=_in_2024("TerminationDt"))) is None
    assert _doubt("How many staff were hired in 2024?", on_hire) is None
    found = _doubt("How many staff joined in 2024?", Plan(root="Staff", select=count, where=_in_2024("TerminationDt")))
    assert found is not None and "hire date" in " ".join(found[1])  # the reverse: a start read on an end date
    both = Plan(root="Staff", select=count, where=_in_2024("HireDt"))
    assert _doubt("How many staff hired in 2024 have left?", both) is None  # both ends said: nothing contradicts


def test_a_singular_noun_after_per_reaching_a_table_by_its_stem_is_doubted() -> None:
    grouped = Plan(root="Consignments", select=[Item("shippers", "shipper_nm"), Item("Consignments", "Mode"),
                                          Item("Consignments", "FreightCost", "avg")],
                   group=[Item("shippers", "shipper_id"), Item("Consignments", "Mode")])
    found = _doubt("average freight cost per shipment by mode", grouped)
    assert found is not None and "shares a word stem" in found[0]
    own = Plan(root="Consignments", select=[Item("shippers", "shipper_nm"), Item("Consignments", "FreightCost", "avg")],
               group=[Item("shippers", "shipper_id")])
    assert "shares a word stem" not in (_doubt("average freight cost per shipper", own) or ("", []))[0]


def test_revenue_is_defined_on_the_lines_not_the_header_total() -> None:
    schema = Schema(tables=(  # the header sorts first: its total price must not stand in for revenue
        Table("Cust", (Column("CustId", "INTEGER", is_primary_key=True), Column("CustNm", "TEXT"))),
        Table("Ords", (Column("OrdId", "INTEGER", is_primary_key=True), Column("CustId", "INTEGER"),
                       Column("TotalPrice", "REAL")), foreign_keys=(ForeignKey("CustId", "Cust", "CustId"),)),
        Table("lines", (Column("OrdId", "INTEGER", is_primary_key=True), Column("LineNo", "INTEGER", is_primary_key=True),
                        Column("UnitPrice", "REAL"), Column("Qty", "INTEGER"), Column("Discount", "REAL")),
              foreign_keys=(ForeignKey("OrdId", "Ords", "OrdId"),)),
    ))
    index = build_index(schema)
    build_model(index)
    revenue = [c for c in index.all_columns() if c.name == "revenue"]
    assert [c.table for c in revenue] == ["lines"]
    assert "Discount" in (revenue[0].expr or "") and "Qty" in (revenue[0].expr or "")


PLACES = Schema(tables=(
    Table("Locs", (Column("LocId", "INTEGER", is_primary_key=True),
                   Column("City", "TEXT", sample_values=("Seattle", "Oslo"), values_complete=True))),
    Table("Emps", (Column("EmpId", "INTEGER", is_primary_key=True), Column("FullNm", "TEXT"),
                   Column("LocId", "INTEGER")), foreign_keys=(ForeignKey("LocId", "Locs", "LocId"),)),
    Table("Accts", (Column("AcctId", "INTEGER", is_primary_key=True), Column("CoNm", "TEXT"),
                    Column("IsChurned", "INTEGER", sample_values=("0", "1"), values_complete=True),
                    Column("SignupDt", "DATE"))),
))
PLACES_INDEX = build_index(PLACES)


def _doubt_places(question: str, plan: Plan) -> tuple[str, list[str]] | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, PLACES_INDEX), plan, PLACES_INDEX)
    return (found.problem, found.readings) if found else None


def test_counting_a_table_no_word_names_when_the_counted_noun_matched_nothing_is_doubted() -> None:
    in_seattle = [[Cond("Locs", "City", "=", "Seattle")]]
    places = Plan(root="Locs", select=[Item("Locs", None, "count")], where=in_seattle)
    found = _doubt_places("how many people work in Seattle", places)
    assert found is not None and "counts people" in found[0]
    assert any("emps" in r or "employees" in r for r in found[1])  # the table that references the counted one is offered
    assert _doubt_places("how many locations are in Seattle", places) is None
    staff = Plan(root="Emps", select=[Item("Emps", None, "count")], where=in_seattle, tables=["Locs"])
    assert _doubt_places("how many employees work in Seattle", staff) is None  # 'emps' shortens 'employees'


def test_a_yes_no_column_compared_with_a_year_is_doubted() -> None:
    count = [Item("Accts", None, "count")]
    year = Plan(root="Accts", select=count, where=[[Cond("Accts", "IsChurned", "=", 2024)]])
    found = _doubt_places("How many accounts churned in 2024?", year)
    assert found is not None and "yes/no" in found[0]
    flag = Plan(root="Accts", select=count, where=[[Cond("Accts", "IsChurned", "=", 1)]])
    assert _doubt_places("How many accounts churned?", flag) is None


SHOP = Schema(tables=(
    Table("Categories", (Column("cat_id", "INTEGER", is_primary_key=True), Column("cat_nm", "TEXT"))),
    Table("prods", (Column("prod_id", "INTEGER", is_primary_key=True), Column("prod_nm", "TEXT"),
                    Column("cat_id", "INTEGER")), foreign_keys=(ForeignKey("cat_id", "Categories", "cat_id"),)),
    Table("Reviews", (Column("review_id", "INTEGER", is_primary_key=True), Column("prod_id", "INTEGER"),
                      Column("rating", "INTEGER")), foreign_keys=(ForeignKey("prod_id", "prods", "prod_id"),)),
))
SHOP_INDEX = build_index(SHOP)


def test_a_breakdown_whose_head_noun_matched_an_unused_table_is_doubted() -> None:
    question = "average rating per product category"
    toks = tokenize(question)
    ments = link(toks, SHOP_INDEX)
    by_product = Plan(root="Reviews", select=[Item("prods", "prod_nm"), Item("Reviews", "rating", "avg")],
                      group=[Item("prods", "prod_nm")])
    found = doubt(toks, ments, by_product, SHOP_INDEX)
    assert found is not None and "breakdown by product category" in found.problem
    assert any("categories" in r for r in found.readings)
    by_category = Plan(root="Reviews", select=[Item("Categories", "cat_nm"), Item("Reviews", "rating", "avg")],
                       group=[Item("Categories", "cat_nm")], tables=["prods"])
    assert doubt(toks, ments, by_category, SHOP_INDEX) is None
    toks = tokenize("average rating per product")
    assert doubt(toks, link(toks, SHOP_INDEX), by_product, SHOP_INDEX) is None


BILLING = Schema(tables=(
    Table("Accts", (Column("AcctId", "INTEGER", is_primary_key=True), Column("CoNm", "TEXT"),
                    Column("Sector", "TEXT", sample_values=("Retail", "Finance"), values_complete=True),
                    Column("IsChurned", "INTEGER", sample_values=("0", "1"), values_complete=True))),
    Table("Bills", (Column("BillId", "INTEGER", is_primary_key=True), Column("AcctId", "INTEGER"),
                    Column("AmtUsd", "REAL"), Column("IssuedOn", "DATE"), Column("SettledOn", "DATE"),
                    Column("WaitDays", "INTEGER")),
          foreign_keys=(ForeignKey("AcctId", "Accts", "AcctId"),)),
))
BILLING_INDEX = build_index(BILLING)


def _doubt_billing(question: str, plan: Plan) -> tuple[str, list[str]] | None:
    toks = tokenize(question)
    found = doubt(toks, link(toks, BILLING_INDEX), plan, BILLING_INDEX)
    return (found.problem, found.readings) if found else None


def test_ranking_rows_by_a_yes_no_column_is_doubted() -> None:
    by_flag = Plan(root="Accts", select=[Item("Accts", "Sector")], order=[(Item("Accts", "IsChurned"), True)], limit=1)
    found = _doubt_billing("which sector has the most churned accounts", by_flag)
    assert found is not None and "yes/no" in found[0]
    counted = Plan(root="Accts", select=[Item("Accts", "Sector")], where=[[Cond("Accts", "IsChurned", "=", 1)]],
                   group=[Item("Accts", "Sector")], order=[(Item("Accts", None, "count"), True)], limit=1)
    assert _doubt_billing("which sector has the most churned accounts", counted) is None


def test_a_duration_question_answered_with_an_amount_is_doubted() -> None:
    amount = Plan(root="Bills", select=[Item("Bills", "AmtUsd", "avg")])
    found = _doubt_billing("average days to settle a bill", amount)
    assert found is not None and "how long" in found[0]
    assert any("issued date" in r and "settled date" in r for r in found[1])  # the span between two dates is offered
    span = Plan(root="Bills", select=[Item("Bills", "SettledOn", "avg", since="IssuedOn")])
    assert _doubt_billing("average days to settle a bill", span) is None
    waited = Plan(root="Bills", select=[Item("Bills", "WaitDays", "avg")])
    assert _doubt_billing("average days to settle a bill", waited) is None  # the column counts days
    assert _doubt_billing("average amount of a bill", amount) is None


FREIGHT = Schema(tables=(
    Table("Shipments", (Column("ShipmentId", "INTEGER", is_primary_key=True),
                        Column("DestCountry", "TEXT", sample_values=("Germany", "USA"), values_complete=True),
                        Column("IsExpress", "INTEGER", sample_values=("0", "1"), values_complete=True),
                        Column("WeightKg", "REAL"))),
))
FREIGHT_INDEX = build_index(FREIGHT)


def test_a_flag_the_question_names_but_the_reading_ignores_is_doubted() -> None:
    question = "how many express shipments went to Germany"
    toks = tokenize(question)
    ments = link(toks, FREIGHT_INDEX)
    to_germany = [[Cond("Shipments", "DestCountry", "=", "Germany")]]
    every = Plan(root="Shipments", select=[Item("Shipments", None, "count")], where=to_germany)
    found = doubt(toks, ments, every, FREIGHT_INDEX)
    assert found is not None and "IsExpress" in found.problem
    express = Plan(root="Shipments", select=[Item("Shipments", None, "count")],
                   where=to_germany + [[Cond("Shipments", "IsExpress", "=", 1)]])
    assert doubt(toks, ments, express, FREIGHT_INDEX) is None
    toks = tokenize("how many shipments went to Germany")
    assert doubt(toks, link(toks, FREIGHT_INDEX), every, FREIGHT_INDEX) is None


def test_an_end_word_with_no_condition_is_doubted_when_a_column_records_that_end() -> None:
    question = "average salary of staff who left"
    schema = Schema(tables=(Table("Staff", (Column("StaffId", "INTEGER", is_primary_key=True),
                                            Column("Salary", "REAL"), Column("TerminationDt", "DATE"))),))
    index = build_index(schema)
    toks = tokenize(question)
    ments = link(toks, index)
    every = Plan(root="Staff", select=[Item("Staff", "Salary", "avg")])
    found = doubt(toks, ments, every, index)
    assert found is not None and "TerminationDt" in found.problem
    gone = Plan(root="Staff", select=[Item("Staff", "Salary", "avg")], where=[[Cond("Staff", "TerminationDt", "is not null")]])
    assert doubt(toks, ments, gone, index) is None
    toks = tokenize("average salary of staff")
    assert doubt(toks, link(toks, index), every, index) is None


def test_totals_per_group_without_the_group_shown_are_doubted() -> None:
    toks = tokenize("total freight cost per mode")
    ments = link(toks, INDEX)
    bare = Plan(root="Consignments", select=[Item("Consignments", "FreightCost", "sum")], group=[Item("Consignments", "Mode")])
    found = doubt(toks, ments, bare, INDEX)
    assert found is not None and "which is which" in found.problem
    shown = Plan(root="Consignments", select=[Item("Consignments", "Mode"), Item("Consignments", "FreightCost", "sum")],
                 group=[Item("Consignments", "Mode")])
    assert doubt(toks, ments, shown, INDEX) is None


def test_an_end_word_no_column_records_is_doubted() -> None:
    schema = Schema(tables=(Table("Ords", (Column("OrdId", "INTEGER", is_primary_key=True), Column("OrdDt", "DATE"),
                                           Column("TotalPrice", "REAL"))),))
    index = build_index(schema)
    in_1996 = [[Cond("Ords", "OrdDt", ">=", "1996-01-01")], [Cond("Ords", "OrdDt", "<", "1997-01-01")]]
    plan = Plan(root="Ords", select=[Item("Ords", None, "count")], where=in_1996)
    toks = tokenize("how many orders were cancelled in 1996")
    found = doubt(toks, link(toks, index), plan, index)
    assert found is not None and "cancelled" in found.problem and "records" in found.problem
    toks = tokenize("how many orders were placed in 1996")
    assert doubt(toks, link(toks, index), plan, index) is None
