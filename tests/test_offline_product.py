"""What a newcomer sees from the offline analyst on the generated demo warehouse (`make run`).

Every result is checked against SQL written by hand on the same SQLite file, so a wrong join,
filter, grouping or alias fails even when the engine's SQL looks plausible.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from services.conversation.engine.offline.analyst import OfflineAnalyst
from scripts.localbox import SqliteToolbox
from services.conversation.engine.types import AnalystAnswer, AnswerPart, QueryResult
from services.knowledge.demo_data import DEMO_DESCRIPTIONS, create_demo_warehouse, demo_window


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo_warehouse(path)
    return path


@pytest.fixture
def box(demo_path: Path) -> SqliteToolbox:
    b = SqliteToolbox(demo_path, docs=DEMO_DESCRIPTIONS)
    yield b
    b.close()


@pytest.fixture(scope="module")
def db(demo_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(demo_path)
    yield conn
    conn.close()


async def ask(box: SqliteToolbox, q: str, state: dict[str, Any] | None = None, deep: bool = False) -> AnalystAnswer:
    return await OfflineAnalyst().answer(q, toolbox=box, history=[], state=state or {}, mode="economy", deep=deep)


def query_parts(ans: AnalystAnswer) -> list[AnswerPart]:
    return [p for p in ans.parts if p.kind == "query" and p.result is not None]


def result(ans: AnalystAnswer) -> QueryResult:
    parts = query_parts(ans)
    assert parts, ans.parts
    assert parts[0].result is not None
    return parts[0].result


def texts(ans: AnalystAnswer) -> list[str]:
    return [p.text for p in ans.parts if p.kind == "text"]


def as_set(rows: Any) -> set[tuple[Any, ...]]:
    return {tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows}


def full_year(db: sqlite3.Connection) -> int:
    """A calendar year fully inside the demo window (the window moves with today's date)."""
    start, _ = demo_window()
    return start.year + 1


# ------------------------------------------------------------------ 1. column names


async def test_computed_columns_have_readable_aliases(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    per_month = result(await ask(box, "How many orders per month?"))
    assert per_month.columns == ("month", "number_of_orders")
    assert as_set(per_month.rows) == as_set(db.execute(
        "SELECT strftime('%Y-%m', order_date), count(*) FROM orders GROUP BY 1"))
    per_cat = result(await ask(box, "What is the total quantity sold per category?"))
    assert per_cat.columns == ("category_name", "total_quantity")
    assert as_set(per_cat.rows) == as_set(db.execute(
        "SELECT c.name, sum(l.quantity) FROM order_lines l JOIN products p USING (product_id) "
        "JOIN categories c USING (category_id) GROUP BY c.category_id"))
    avg = result(await ask(box, "What is the average unit price of products?"))
    assert avg.columns == ("average_unit_price",)
    assert avg.rows[0][0] == pytest.approx(db.execute("SELECT avg(unit_price) FROM products").fetchone()[0])
    plain = result(await ask(box, "Customers in Germany"))
    assert plain.columns == ("name",)  # plain columns keep their names


# ------------------------------------------------------------------ 2. follow-ups


async def test_breakdown_follow_up_keeps_names_and_filters_stack(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    first = await ask(box, "How many orders are there for each region?")
    assert result(first).columns == ("region_name", "number_of_orders")
    by_status = await ask(box, "break down by status", state=first.state)
    res = result(by_status)
    assert res.columns == ("region_name", "status", "number_of_orders")
    base = ("FROM orders o JOIN customers c USING (customer_id) JOIN regions r USING (region_id)")
    assert as_set(res.rows) == as_set(db.execute(f"SELECT r.name, o.status, count(*) {base} GROUP BY r.name, o.status"))
    year = full_year(db)
    only = await ask(box, f"only for {year}", state=by_status.state)
    assert as_set(result(only).rows) == as_set(db.execute(
        f"SELECT r.name, o.status, count(*) {base} WHERE o.order_date >= '{year}-01-01' AND o.order_date < '{year + 1}-01-01' "
        "GROUP BY r.name, o.status"))
    germany = await ask(box, "what about Germany?", state=only.state)
    assert as_set(result(germany).rows) == as_set(db.execute(
        f"SELECT r.name, o.status, count(*) {base} WHERE o.order_date >= '{year}-01-01' AND o.order_date < '{year + 1}-01-01' "
        "AND c.country = 'Germany' GROUP BY r.name, o.status"))
    chart = await ask(box, "show it as a chart", state=germany.state)
    spec = query_parts(chart)[0].chart
    assert spec is not None and spec.y == "number_of_orders" and spec.series is not None
    top = await ask(box, "top 5", state=by_status.state)
    counts = [r[2] for r in result(top).rows]
    assert len(counts) == 5 and counts == sorted(counts, reverse=True)
    everything = sorted((r[0] for r in db.execute(f"SELECT count(*) {base} GROUP BY r.name, o.status")), reverse=True)
    assert counts == everything[:5]


async def test_time_follow_up_and_what_about(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    per_country = await ask(box, "How many customers are there for each country?")
    germany = await ask(box, "what about Germany?", state=per_country.state)
    n = db.execute("SELECT count(*) FROM customers WHERE country = 'Germany'").fetchone()[0]
    assert result(germany).rows == (("Germany", n),)
    by_channel = await ask(box, "Orders by channel")
    monthly = await ask(box, "by month", state=by_channel.state)
    res = result(monthly)
    assert res.columns == ("channel", "month", "number_of_orders")
    assert as_set(res.rows) == as_set(db.execute(
        "SELECT channel, strftime('%Y-%m', order_date), count(*) FROM orders GROUP BY 1, 2"))


# ------------------------------------------------------------------ 3. answer text


async def test_answer_first_then_one_reading_line_and_no_duplicated_assumptions(box: SqliteToolbox) -> None:
    ans = await ask(box, "How many customers are there?")
    lines = texts(ans)
    assert lines[0] == "There are 500 customers."
    assert ans.parts[1].kind == "query"
    reading = [t for t in lines if t.startswith("How I read it:")]
    assert len(reading) == 1 and "customers" in reading[0]
    assert ans.assumptions == []  # nothing was ambiguous
    for a in ans.assumptions:
        assert a not in reading[0]


async def test_breakdown_sentence_names_the_leader_with_its_number(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "Orders by region")
    name, n = db.execute(
        "SELECT r.name, count(*) FROM orders o JOIN customers c USING (customer_id) JOIN regions r USING (region_id) "
        "GROUP BY r.name ORDER BY 2 DESC LIMIT 1").fetchone()
    assert texts(ans)[0].startswith(f"{name} has the most orders ({n:,})")
    reading = next(t for t in texts(ans) if t.startswith("How I read it:"))
    assert "orders → customers" in reading and "regions" in reading
    # the join through an unnamed table is a genuine assumption, stated once and not in the reading line
    assert any("through customers" in a for a in ans.assumptions)
    assert not any(a in reading for a in ans.assumptions)


async def test_ambiguous_column_is_an_assumption(box: SqliteToolbox) -> None:
    ans = await ask(box, "Average unit price by category")
    assert "products" in result(ans).sql and "order_lines" not in result(ans).sql  # the nearer table
    assert any("unit price" in a and "order_lines.unit_price" in a for a in ans.assumptions)


# ------------------------------------------------------------------ 4. newcomer questions


async def test_newcomer_questions(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    assert result(await ask(box, "How many customers are there?")).rows == ((500,),)
    by_region = result(await ask(box, "Orders by region"))
    assert as_set(by_region.rows) == as_set(db.execute(
        "SELECT r.name, count(*) FROM orders o JOIN customers c USING (customer_id) JOIN regions r USING (region_id) "
        "GROUP BY r.name"))
    year = full_year(db)
    in_year = result(await ask(box, f"Number of orders by month in {year}"))
    assert in_year.columns == ("month", "number_of_orders")
    assert [tuple(r) for r in in_year.rows] == db.execute(
        f"SELECT strftime('%Y-%m', order_date), count(*) FROM orders WHERE order_date LIKE '{year}-%' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    top = await ask(box, "Top 5 products by quantity sold")
    assert [tuple(r) for r in result(top).rows] == db.execute(
        "SELECT p.name, sum(l.quantity) FROM products p JOIN order_lines l USING (product_id) "
        "GROUP BY p.product_id ORDER BY 2 DESC LIMIT 5").fetchall()
    assert texts(top)[0].startswith(result(top).rows[0][0] + " has the highest total quantity")
    avg_price = result(await ask(box, "Average unit price by category"))
    assert as_set(avg_price.rows) == as_set(db.execute(
        "SELECT c.name, avg(p.unit_price) FROM products p JOIN categories c USING (category_id) GROUP BY c.category_id"))
    country = await ask(box, "Which country has the most customers?")
    best = db.execute("SELECT country FROM customers GROUP BY country ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    assert result(country).rows == ((best,),)
    assert texts(country)[0] == f"{best} has the most customers."
    germany = await ask(box, "Customers in Germany")
    n = db.execute("SELECT count(*) FROM customers WHERE country = 'Germany'").fetchone()[0]
    assert len(result(germany).rows) == n and texts(germany)[0] == f"Found {n} customers with country Germany."
    channel = result(await ask(box, "Orders by channel"))
    assert as_set(channel.rows) == as_set(db.execute("SELECT channel, count(*) FROM orders GROUP BY channel"))
    per_cat = result(await ask(box, "What is the total quantity sold per category?"))
    assert len(per_cat.rows) == 6


async def test_words_found_through_documentation(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    """'revenue' has no column: the order_lines docs define it as a formula over the line's columns."""
    ans = await ask(box, "What is the total revenue?")
    want = db.execute("SELECT sum(quantity * unit_price * (1 - discount)) FROM order_lines").fetchone()[0]
    assert result(ans).rows[0][0] == pytest.approx(want)
    assert result(ans).columns == ("total_revenue",)
    assert any("quantity * unit_price * (1 - discount)" in a for a in ans.assumptions)
    year = full_year(db)
    by_region = result(await ask(box, f"Revenue by region in {year}"))
    assert as_set(by_region.rows) == as_set(db.execute(
        "SELECT r.name, sum(l.quantity * l.unit_price * (1 - l.discount)) FROM order_lines l "
        "JOIN orders o USING (order_id) JOIN customers c USING (customer_id) JOIN regions r USING (region_id) "
        f"WHERE o.order_date >= '{year}-01-01' AND o.order_date < '{year + 1}-01-01' GROUP BY r.name"))


async def test_description_links_a_word_no_column_is_named_after(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE shops(shop_id INTEGER PRIMARY KEY, city TEXT, v1 REAL, v2 REAL);
        INSERT INTO shops VALUES (1, 'Lyon', 100.5, 3), (2, 'Nice', 200.0, 4), (3, 'Lyon', 50.0, 5);
    """)
    conn.close()
    docs = {"shops": {"description": "Shops.", "columns": {"v1": "Gross turnover of the shop in euros.",
                                                           "v2": "Number of employees."}}}
    box = SqliteToolbox(path, docs=docs)
    try:
        ans = await ask(box, "What is the total turnover?")
        assert result(ans).rows == ((350.5,),)
        per_city = result(await ask(box, "Total turnover by city"))
        assert as_set(per_city.rows) == {("Lyon", 150.5), ("Nice", 200.0)}
    finally:
        box.close()
    bare = SqliteToolbox(path)  # without the docs the word links to nothing
    try:
        assert (await ask(bare, "What is the total turnover?")).understood is False
    finally:
        bare.close()


# ------------------------------------------------------------------ 5. deep analysis


async def test_deep_report_on_demo_data(box: SqliteToolbox, db: sqlite3.Connection) -> None:
    ans = await ask(box, "How many orders are there?", deep=True)
    parts = query_parts(ans)
    assert parts[0].result is not None and parts[0].result.rows == ((db.execute("SELECT count(*) FROM orders").fetchone()[0],),)
    assert texts(ans)[0].startswith("There are ")
    breakdowns = parts[1:-1]
    assert len(breakdowns) >= 3
    for p in breakdowns:
        assert p.chart is not None and p.chart.kind == "bar"
        assert p.result is not None and not p.result.columns[0].endswith("_id")  # names, not ids
    assert any(p.result is not None and p.result.columns[0] == "region_name" for p in breakdowns)
    trend = parts[-1]
    assert trend.chart is not None and trend.chart.kind == "line" and trend.result is not None
    assert trend.result.columns == ("month", "number_of_orders") and len(trend.result.rows) >= 12
    findings = next(t for t in texts(ans) if t.startswith("Findings:"))
    bullets = [b for b in findings.splitlines() if b.startswith("- ")]
    assert len(bullets) >= 3 and all(re.search(r"\d", b) for b in bullets)
    status_top = db.execute("SELECT status, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 1").fetchone()
    assert f"{status_top[0]} leads with {status_top[1]:,} orders" in findings
    assert "Per month" in findings
    assert texts(ans)[-1].startswith("How I read it: ")  # a deep answer says how it read the question too


async def test_deep_report_of_a_documented_measure(box: SqliteToolbox) -> None:
    ans = await ask(box, "What is the total revenue?", deep=True)
    titles = [p.title for p in query_parts(ans)]
    assert "Total revenue by category" in titles and "Total revenue per month" in titles
    assert any("computed as" in a for a in ans.assumptions)
