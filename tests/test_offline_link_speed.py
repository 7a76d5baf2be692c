"""Linking computes the same scores faster: table and column lookups through maps, and span scoring that
visits only the columns a question word can reach. Each fast path is checked against the plain scan it
replaced, over a schema written here (mixed case, a run-together name, a derived measure added later)."""

from __future__ import annotations

from services.conversation.engine.offline import linking
from services.conversation.engine.offline.linking import ColumnInfo, SchemaIndex, build_index, match_words
from services.conversation.engine.types import Column, Schema, Table

SCHEMA = Schema(tables=(
    Table("Customers", (Column("CustomerID", "INTEGER", is_primary_key=True), Column("customer_name", "TEXT"),
                        Column("UserName", "TEXT"), Column("signup_date", "DATE"), Column("is_active", "BOOLEAN"))),
    Table("order_lines", (Column("line_id", "INTEGER", is_primary_key=True), Column("order_id", "INTEGER"),
                          Column("unit_price", "REAL"), Column("quantity", "INTEGER"), Column("discount", "REAL"))),
    Table("orders", (Column("order_id", "INTEGER", is_primary_key=True), Column("customer_id", "INTEGER"),
                     Column("order_date", "DATE"), Column("ship_city", "TEXT"), Column("total_amount", "REAL"))),
    Table("ORDERS_ARCHIVE", (Column("order_id", "INTEGER"), Column("Order_Date", "DATE"))),
))

SPANS = [["customer"], ["customer", "name"], ["user", "name"], ["username"], ["order", "date"], ["price"],
         ["unit", "price"], ["amount"], ["total"], ["city"], ["ship", "city"], ["revenue"], ["active"],
         ["signup"], ["quantity"], ["discount"], ["order"], ["line"], ["nothing", "here"], ["archive"]]


def _scan_elements(words: list[str], index: SchemaIndex) -> tuple[list, list]:
    """The plain scan of every table and column (what ``_score_elements`` computed before)."""
    tables, columns = [], []
    for t in index.tables:
        s = max(match_words(words, t.words), match_words(words, t.key_words))
        if len(words) == 1 and t.key_words and linking._equiv(words[0], t.key_words[-1]) >= 0.9:
            s = max(s, 0.8)
        if len(words) == 1 and s >= 0.6 and linking._rows_named_by(t, words[0]):
            s = max(s, 1.0)
        if s >= 0.6:
            tables.append((t, s))
        for c in t.columns:
            if linking._drops_particle(words, c.words):
                continue
            own = match_words(words, c.words)
            qual = 0.0
            if own == 0.0 and any(match_words([w], c.words) > 0 for w in words) and not (
                    len(words) > 1 and words[0].endswith("ed")):
                qual = match_words(words, tuple(t.key_words) + tuple(w for w in c.words if w not in t.key_words))
            s = max(own, qual * 0.98)
            if len(words) == 1 and words[0] in linking.MODIFIERS and c.words and c.words[-1] != words[0]:
                s *= 0.8
            if s >= 0.45:
                columns.append((c, s))
    return tables, columns


def _scan_best(words: list[str], index: SchemaIndex) -> float:
    return max([max(match_words(words, t.words), match_words(words, t.key_words)) for t in index.tables]
               + [match_words(words, c.words) for t in index.tables for c in t.columns])


def _add_measure(index: SchemaIndex) -> None:
    """What the semantic model does for an undocumented revenue: a derived column joins a built index."""
    lines = index.table("order_lines")
    assert lines is not None
    lines.columns.append(ColumnInfo(table=lines.name, name="revenue", words=("revenue",), kind="num", is_pk=False,
                                    samples=(), complete=False, distinct=None, expr='"unit_price" * "quantity"'))


def _same(index: SchemaIndex) -> None:
    for words in SPANS:
        fast_t, fast_c = linking._score_elements(words, index)
        slow_t, slow_c = _scan_elements(words, index)
        assert [(t.name, s) for t, s in fast_t] == [(t.name, s) for t, s in slow_t], words
        assert [(c.key, s) for c, s in fast_c] == [(c.key, s) for c, s in slow_c], words
        assert linking._best_schema_score(words, index) == _scan_best(words, index), words


def test_span_scores_equal_a_scan_of_every_column() -> None:
    index = build_index(SCHEMA)
    _same(index)
    _same(index)  # again from the per-word cache
    assert any(linking._score_elements(["username"], index)[1])  # 'UserName' run together still matches


def test_a_column_added_after_scoring_is_seen() -> None:
    index = build_index(SCHEMA)
    assert not [c for c, _ in linking._score_elements(["revenue"], index)[1] if c.name == "revenue"]
    _add_measure(index)
    assert [c.name for c, _ in linking._score_elements(["revenue"], index)[1]][:1] == ["revenue"]
    _same(index)


def test_lookups_by_name_return_the_first_match_in_any_case() -> None:
    index = build_index(SCHEMA)
    assert index.table("orders") is index.tables[2] and index.table("ORDERS") is index.tables[2]
    assert index.table("orders_archive") is index.tables[3] and index.table("missing") is None
    customers = index.table("customers")
    assert customers is not None and customers.col("username") is customers.columns[2]
    assert index.column("Orders_Archive", "order_date") is index.tables[3].columns[1]
    lines = index.table("order_lines")
    assert lines is not None and lines.col("revenue") is None
    _add_measure(index)
    assert lines.col("REVENUE") is lines.columns[-1]
