"""The demo warehouse: deterministic, realistic shape, documented, readable by sync."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from services.knowledge.demo_data import DEMO_DESCRIPTIONS, create_demo_warehouse, demo_window
from services.knowledge.introspect import read_catalog

TODAY = date(2025, 3, 18)
TABLES = ("categories", "customers", "order_lines", "orders", "products", "regions")


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        conn.close()


def _scalar(conn: sqlite3.Connection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


def test_window_is_24_full_months_before_this_month() -> None:
    assert demo_window(TODAY) == (date(2023, 3, 1), date(2025, 3, 1))
    assert demo_window(date(2025, 1, 31)) == (date(2023, 1, 1), date(2025, 1, 1))


def test_deterministic_for_a_seed(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    create_demo_warehouse(a, seed=7, today=TODAY)
    create_demo_warehouse(b, seed=7, today=TODAY)
    create_demo_warehouse(c, seed=8, today=TODAY)
    assert _dump(a) == _dump(b)
    assert _dump(a)["orders"] != _dump(c)["orders"]
    create_demo_warehouse(a, seed=7, today=TODAY)  # overwriting an existing file works
    assert _dump(a) == _dump(b)


def test_shape_sizes_and_integrity(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    create_demo_warehouse(path, today=TODAY)
    conn = sqlite3.connect(path)
    try:
        assert _scalar(conn, "SELECT count(*) FROM regions") == 4
        assert _scalar(conn, "SELECT count(*) FROM customers") == 500
        assert _scalar(conn, "SELECT count(*) FROM categories") == 6
        assert _scalar(conn, "SELECT count(*) FROM products") == 60
        assert 7000 <= _scalar(conn, "SELECT count(*) FROM orders") <= 9000
        assert 17000 <= _scalar(conn, "SELECT count(*) FROM order_lines") <= 23000
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert _scalar(conn, "SELECT min(order_date) FROM orders") >= "2023-03-01"
        assert _scalar(conn, "SELECT max(order_date) FROM orders") <= "2025-02-28"
        assert _scalar(conn, "SELECT count(*) FROM orders WHERE order_date >= '2025-02-01'") > 200  # last month
        # no order before its customer signed up
        assert _scalar(
            conn, "SELECT count(*) FROM orders o JOIN customers c USING (customer_id) WHERE o.order_date < c.signup_date"
        ) == 0
        assert _scalar(conn, "SELECT count(*) FROM products WHERE cost >= unit_price") == 0
        assert _scalar(conn, "SELECT count(*) FROM order_lines WHERE discount < 0 OR discount >= 1 OR quantity < 1") == 0
        statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM orders")}
        assert statuses == {"completed", "shipped", "processing", "cancelled", "returned"}
        segments = {r[0] for r in conn.execute("SELECT DISTINCT segment FROM customers")}
        assert segments == {"Consumer", "Small Business", "Enterprise"}
        # every customer's region is the region of its country
        assert _scalar(conn, "SELECT count(DISTINCT country || region_id) - count(DISTINCT country) FROM customers") == 0
    finally:
        conn.close()


def test_seasonality_weekly_pattern_and_growth(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    create_demo_warehouse(path, today=TODAY)
    conn = sqlite3.connect(path)
    try:
        per_month = dict(
            conn.execute(
                "SELECT CAST(strftime('%m', order_date) AS INTEGER), count(*) FROM orders GROUP BY 1"
            ).fetchall()
        )
        assert per_month[12] > 1.3 * per_month[2]  # Q4 peak vs winter low
        assert per_month[11] + per_month[12] > per_month[5] + per_month[6]
        weekday = dict(conn.execute("SELECT strftime('%w', order_date), count(*) FROM orders GROUP BY 1").fetchall())
        weekend = (weekday["0"] + weekday["6"]) / 2
        midweek = (weekday["2"] + weekday["3"]) / 2
        assert weekend < 0.9 * midweek
        first, second = conn.execute(
            "SELECT sum(order_date < '2024-03-01'), sum(order_date >= '2024-03-01') FROM orders"
        ).fetchone()
        assert second > 1.15 * first  # growth year over year
        revenue = _scalar(conn, "SELECT sum(quantity * unit_price * (1 - discount)) FROM order_lines")
        assert 2_000_000 < revenue < 20_000_000
    finally:
        conn.close()


def test_descriptions_cover_what_sync_reads(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    create_demo_warehouse(path, today=TODAY)
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        snap = read_catalog(engine, dialect_name="sqlite")
    finally:
        engine.dispose()
    assert sorted(t.name for t in snap.tables) == sorted(DEMO_DESCRIPTIONS)
    for t in snap.tables:
        doc = DEMO_DESCRIPTIONS[t.name]
        assert doc["description"]
        assert sorted(doc["columns"]) == sorted(c.name for c in t.columns), t.name  # type: ignore[arg-type]
    orders = snap.table("main", "orders")
    assert orders.row_estimate is not None and orders.row_estimate > 7000
    assert orders.foreign_keys[0].ref_table == "customers"
    status = orders.column("status")
    assert status.values_complete and status.sample_values == ["cancelled", "completed", "processing", "returned", "shipped"]
    assert snap.table("main", "customers").column("country").values_complete
    assert snap.table("main", "order_lines").foreign_keys[0].ref_table in {"orders", "products"}
