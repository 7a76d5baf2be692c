"""scripts/respell.py: a studied database with every name respelled keeps its data, and the gold SQL respelled
with it returns the same rows (the calibration stand-in for a warehouse no rule was tuned on)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _respell():
    sys.path.insert(0, str(ROOT / "scripts"))
    import respell

    return respell


def test_names_are_abbreviated_in_the_other_case_style() -> None:
    respell = _respell()
    assert respell.respell("customer_id") == "CustId"
    assert respell.respell("OrderDate") == "ord_dt"
    assert respell.respell("title") == "Title"


def test_gold_sql_over_the_respelled_copy_returns_the_same_rows(tmp_path: Path) -> None:
    respell = _respell()
    src = tmp_path / "shop.sqlite"
    con = sqlite3.connect(src)
    con.executescript("""
        CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(customer_id),
                             amount REAL);
        INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bo');
        INSERT INTO orders VALUES (10, 1, 5.0), (11, 1, 7.5), (12, 2, 1.0);
    """)
    con.commit()
    con.close()
    out = tmp_path / "respelled"
    out.mkdir()
    renamed = respell.build(src, out / "shop.sqlite")
    assert renamed["customer_id"] == "CustId" and renamed["table:orders"] == "Ords"
    gold = ("SELECT c.name, SUM(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.customer_id "
            "GROUP BY c.name ORDER BY c.name")
    again = respell.regold(gold, renamed)
    assert "Ords" in again and "CustId" in again
    rows = sqlite3.connect(out / "shop.sqlite").execute(again).fetchall()
    assert rows == [("Ann", 12.5), ("Bo", 1.0)]


def test_legacy_names_are_upper_snake_abbreviated_by_rule_and_prefixed() -> None:
    respell = _respell()
    assert respell.legacy_word("method") == "mthd" and respell.legacy_word("amount") == "amnt"
    assert respell.legacy_word("account") == "acnt" and respell.legacy_word("id") == "id"
    assert respell.table_initials("work_order") == "WO" and respell.table_initials("customers") == "CST"
    assert respell.legacy_column("type", "WO") == "WO_TYP"
    assert respell.legacy_table("order_items", "T_") == "T_ORDR_ITM"
    assert respell.database_prefix("shop") in ("T_", "TBL_", "SHP_")
    assert respell.database_prefix("shop") == respell.database_prefix("shop")  # deterministic


def test_legacy_gold_sql_is_respelled_by_the_table_each_column_is_read_from(tmp_path: Path) -> None:
    respell = _respell()
    src = tmp_path / "shop.sqlite"
    con = sqlite3.connect(src)
    con.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), amount REAL);
        INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bo');
        INSERT INTO orders VALUES (10, 1, 5.0), (11, 1, 7.5), (12, 2, 1.0);
    """)
    con.commit()
    con.close()
    out = tmp_path / "legacy"
    out.mkdir()
    renamed = respell.build(src, out / "shop.sqlite", "legacy")
    assert renamed["customers.id"] == "CST_ID" and renamed["orders.id"] == "ORD_ID"
    assert renamed["orders.customer_id"] == "ORD_CSTMR_ID"
    gold = "SELECT name, SUM(amount) FROM orders JOIN customers c ON customer_id = c.id GROUP BY name ORDER BY name"
    again = respell.regold_legacy(gold, renamed, respell._schema(src))
    assert "ORD_AMNT" in again and "CST_ID" in again
    rows = sqlite3.connect(out / "shop.sqlite").execute(again).fetchall()
    assert rows == [("Ann", 12.5), ("Bo", 1.0)]
