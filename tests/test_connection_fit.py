"""Schema fit (how well one connection's semantic model places a question's words), the pins and years
the connection chooser reads from a question, in-process on hand-made catalogs."""

from __future__ import annotations

from services.conversation.engine.offline.fit import schema_fit
from services.conversation.engine.offline.linking import build_index
from services.conversation.engine.offline.semantic import build_model
from services.conversation.engine.types import Column, ForeignKey, Schema, Table
from services.conversation.routing import named_years, pinned, split_pin


def _fit(schema: Schema, question: str) -> float:
    index = build_index(schema)
    return schema_fit(question, index, build_model(index)).score


WAREHOUSE = Schema(tables=(
    Table("customer", (Column("c_custkey", "INTEGER", is_primary_key=True), Column("c_name", "TEXT"),
                       Column("c_acctbal", "DECIMAL(15,2)"), Column("c_mktsegment", "CHAR(10)",
                                                                  sample_values=("MACHINERY", "BUILDING"),
                                                                  values_complete=True))),
    Table("part", (Column("p_partkey", "INTEGER", is_primary_key=True), Column("p_name", "TEXT"))),
    Table("partsupp", (Column("ps_partkey", "INTEGER"), Column("ps_availqty", "INTEGER")),
          foreign_keys=(ForeignKey("ps_partkey", "part", "p_partkey"),)),
))
SHOP = Schema(tables=(
    Table("Customers", (Column("CustomerID", "INTEGER", is_primary_key=True), Column("FirstName", "TEXT"),
                        Column("Country", "TEXT"), Column("IsActive", "INTEGER", sample_values=("0", "1"),
                                                                       values_complete=True))),
    Table("Orders", (Column("OrderID", "INTEGER", is_primary_key=True), Column("CustomerID", "INTEGER"),
                     Column("OrderDate", "TEXT"), Column("Freight", "REAL")),
          foreign_keys=(ForeignKey("CustomerID", "Customers", "CustomerID"),)),
))


def test_split_identifiers_and_values_decide_between_schemas_that_share_an_entity() -> None:
    q = "number of customers per market segment"
    assert _fit(WAREHOUSE, q) > _fit(SHOP, q)  # c_mktsegment is a market segment; both have customers
    q = "customers in the MACHINERY segment"
    assert _fit(WAREHOUSE, q) >= _fit(SHOP, q) + 1.0
    q = "total freight per country"
    assert _fit(SHOP, q) > _fit(WAREHOUSE, q)


def test_an_entity_named_by_the_question_fits_equally_where_both_have_it() -> None:
    assert _fit(WAREHOUSE, "how many customers") == _fit(SHOP, "how many customers") > 0
    index = build_index(SHOP)
    assert schema_fit("How many customers per country?", index, build_model(index)).found == ("customers", "country")


def test_format_words_never_tell_schemas_apart() -> None:
    # 'percent', 'share', 'top' shape the answer; a column abbreviated 'pct' must not win on them
    pct = Schema(tables=(Table("customer", (Column("id", "INTEGER", is_primary_key=True),
                                            Column("discount_pct", "REAL"))),))
    assert _fit(pct, "share of customers in percent") == _fit(SHOP, "share of customers in percent")


def test_a_table_name_does_not_grow_into_another_tables_name() -> None:
    index = build_index(WAREHOUSE)
    assert index.table("part").words == ("part",)
    assert index.table("partsupp").words == ("partsupp",)


def test_pins_and_years() -> None:
    assert split_pin(pinned("How many orders per year?", "biz-shop")) == ("How many orders per year?", "biz-shop")
    assert split_pin("How many orders? (Connection 'east')") == ("How many orders?", "east")
    assert split_pin("orders (by connection type)") == ("orders (by connection type)", "")
    assert split_pin("(connection x)") == ("(connection x)", "")
    assert named_years("How many orders were placed in 1995?") == (1995,)
    assert named_years("orders between 1996-01-01 and 1996-03-31") == (1996, 1996)
    assert named_years("shipped between March 1 and March 31, 2023") == (2023,)
    assert named_years("growth in 1997 compared with 1996") == (1997, 1996)
    assert named_years("customers who spent more than 2000 in total") == ()


TPCH_LIKE = Schema(tables=(
    Table("customer", (Column("c_custkey", "INTEGER", is_primary_key=True), Column("c_name", "TEXT"),
                       Column("c_acctbal", "DECIMAL(15,2)"))),
    Table("orders", (Column("o_orderkey", "INTEGER", is_primary_key=True), Column("o_custkey", "INTEGER"),
                     Column("o_totalprice", "DECIMAL(15,2)"),
                     Column("o_orderpriority", "TEXT", sample_values=("1-URGENT", "2-HIGH", "3-MEDIUM"),
                            values_complete=True)),
          foreign_keys=(ForeignKey("o_custkey", "customer", "c_custkey"),)),
    Table("region", (Column("r_regionkey", "INTEGER", is_primary_key=True),
                     Column("r_name", "TEXT", sample_values=("EUROPE", "ASIA", "AMERICA"), values_complete=True))),
))
SHOP_LIKE = Schema(tables=(
    Table("Customers", (Column("CustomerID", "INTEGER", is_primary_key=True), Column("Name", "TEXT"),
                        Column("AccountManager", "TEXT"), Column("CreditBalance", "REAL"))),
    Table("Orders", (Column("OrderID", "INTEGER", is_primary_key=True), Column("CustomerID", "INTEGER"),
                     Column("SubTotal", "REAL"), Column("UnitPrice", "REAL")),
          foreign_keys=(ForeignKey("CustomerID", "Customers", "CustomerID"),)),
))


def test_a_phrase_naming_one_column_fits_better_than_its_words_apart() -> None:
    # 'total price' is o_totalprice, 'account balance' c_acctbal; the other schema has the words in two columns
    assert _fit(TPCH_LIKE, "Which order has the highest total price?") > _fit(SHOP_LIKE, "Which order has the "
                                                                                     "highest total price?")
    q = "How many customers have an account balance above the average?"
    assert _fit(TPCH_LIKE, q) > _fit(SHOP_LIKE, q)


def test_words_of_stored_values_and_place_adjectives_are_evidence() -> None:
    # 'urgent' is a word of '1-URGENT', 'European' the adjective of 'EUROPE': neither is a whole stored value
    assert _fit(TPCH_LIKE, "How many urgent orders are there?") > _fit(SHOP_LIKE, "How many urgent orders are there?")
    assert _fit(TPCH_LIKE, "revenue from European customers") > _fit(SHOP_LIKE, "revenue from European customers")
    assert _fit(TPCH_LIKE, "revenue from Asian customers") > _fit(SHOP_LIKE, "revenue from Asian customers")
    # a word that merely starts like a stored value is not its adjective
    assert _fit(TPCH_LIKE, "customers in Asiago") == _fit(SHOP_LIKE, "customers in Asiago")


def test_a_counted_noun_is_placed_by_a_table_not_by_a_column_named_after_a_verb() -> None:
    log = Schema(tables=(Table("exceptions", (Column("id", "INTEGER", is_primary_key=True),
                                              Column("reported_on", "TEXT"))),))
    abbreviated = Schema(tables=(Table("ords", (Column("OrdId", "INTEGER", is_primary_key=True),
                                                Column("OrdDt", "TEXT"))),))
    for schema, placed in ((log, False), (abbreviated, True)):
        index = build_index(schema)
        fit = schema_fit("number of reports per manager" if not placed else "how many orders are there",
                         index, build_model(index))
        assert fit.subject_placed is placed, schema


def test_an_ordinary_word_that_is_also_a_stored_value_is_weak_evidence() -> None:
    # 'new' is a film category of one schema; the other names the accounts the question is about
    films = Schema(tables=(Table("category", (Column("category_id", "INTEGER", is_primary_key=True),
                                              Column("name", "TEXT", sample_values=("New", "Action"),
                                                     values_complete=True))),))
    accounts = Schema(tables=(Table("accounts", (Column("id", "INTEGER", is_primary_key=True),
                                                 Column("signup_date", "DATE"))),))
    assert _fit(accounts, "new accounts per year") > _fit(films, "new accounts per year")
    assert _fit(films, "films in the New category") > _fit(films, "films in the new category")  # a name: strong
