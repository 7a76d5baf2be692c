"""Dataframe/chart assets and Dot's assistant message shape (contract §3.6)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from PIL import Image

from services.conversation import charts
from services.conversation.assets import (
    StoredAsset,
    CHART_PAYLOAD_CONTENT_TYPE,
    render_chart_payload,
    assistant_message,
    dataframe_asset,
    iter_csv,
    result_to_csv_bytes,
    text_preview,
    text_summary,
)
from services.conversation.charts import choose_chart, interpretation, render_png, vega_lite_spec
from services.conversation.engine.types import AnalystAnswer, AnswerPart, ChartSpec, QueryResult

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def qr(columns: tuple[str, ...], rows: list[tuple[Any, ...]], sql: str = "SELECT ...", truncated: bool = False) -> QueryResult:
    return QueryResult(sql=sql, columns=columns, rows=tuple(rows), truncated=truncated)


REVENUE = qr(
    ("region", "revenue"),
    [("EMEA", 1234567), ("Americas", 45230.5), ("APAC", Decimal("1000.10"))],
    sql="SELECT region, SUM(amount) AS revenue FROM sales GROUP BY region ORDER BY revenue DESC",
)
MONTHLY = qr(("month", "sales"), [(f"2026-{m:02d}-01", 1000 * m + 0.5) for m in range(1, 7)])


# ---------------------------------------------------------------- dataframe asset


def test_dataframe_asset_fields_preview_summary_shape() -> None:
    rows = [(i, f"name {i % 3}", dt.date(2026, 1, 1) + dt.timedelta(days=i), i * 1000.5 if i % 5 else None) for i in range(25)]
    result = qr(("id", "name", "day", "amount"), rows, sql="SELECT id, name, day, amount FROM t")
    asset = dataframe_asset(result, csv_url="https://dot.test/api/csv/df_1_1")
    assert set(asset) == {"sql_query", "text_preview", "text_summary", "shape", "csv_download_url"}
    assert asset["sql_query"] == "SELECT id, name, day, amount FROM t"
    assert asset["shape"] == [25, 4]
    assert asset["csv_download_url"] == "https://dot.test/api/csv/df_1_1"
    lines = asset["text_preview"].split("\n")
    assert len(lines) == 21  # header + first 20 rows
    assert lines[0] == "id,name,day,amount"
    assert lines[1] == "0,name 0,2026-01-01,"
    assert lines[2] == "1,name 1,2026-01-02,1000.5"
    assert asset["text_summary"] == (
        "id — 25 unique | name — 3 unique | day — 2026-01-01 to 2026-01-25 | "
        "amount — mean: 12,506, min: 1,000, max: 24,012, 5 null"
    )


def test_summary_matches_contract_example_style() -> None:
    result = qr(("date", "total", "region"), [("2026-02-01", 45230.50, "US"), ("2026-01-01", 38120.25, "EU")])
    assert text_summary(result) == (
        "date — 2026-01-01 to 2026-02-01 | total — mean: 41,675, min: 38,120, max: 45,230 | region — 2 unique"
    )


def test_summary_edge_cases() -> None:
    assert text_summary(qr(("n",), [])) == "No rows."
    assert text_summary(qr(("x", "year"), [(None, 2019), (None, 2024)])) == "x — all null | year — 2019 to 2024"
    assert text_summary(qr(("n",), [(1,), (2,)], truncated=True)) == "n — mean: 1.5, min: 1, max: 2 (first 2 rows; result truncated)"
    wide = qr(tuple(f"c{i}" for i in range(25)), [tuple(range(25))])
    assert text_summary(wide).endswith("| … 5 more columns")


def test_preview_quotes_and_shortens_cells() -> None:
    result = qr(("a", "b"), [('say "hi", ok', "x" * 500), ("line\nbreak", None)])
    preview = text_preview(result)
    parsed = list(csv.reader(io.StringIO(preview)))
    assert parsed[0] == ["a", "b"]
    assert parsed[1][0] == 'say "hi", ok' and len(parsed[1][1]) == 200 and parsed[1][1].endswith("…")
    assert parsed[2] == ["line\nbreak", ""]


# ---------------------------------------------------------------- CSV


def test_csv_rfc4180_edge_cases() -> None:
    columns = ("text", "num", "dec", "when", "at", "flag", "none", "f")
    rows = [
        ('He said "hi", twice', 1, Decimal("1E+2"), dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 12, 30, 5), True, None, 0.1),
        ("multi\nline\r\nvalue", -5, Decimal("0.000001234"), dt.date(1999, 12, 31), dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), False, None, 1e20),
        ("unicode é ✓", 10**20, Decimal("12345678901234567890.123456789"), None, None, None, None, float("nan")),
    ]
    data = result_to_csv_bytes(columns, rows)
    assert data.startswith(b"text,num,dec,when,at,flag,none,f\r\n")
    assert data.endswith(b"\r\n")
    assert b'"He said ""hi"", twice"' in data
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert parsed == [
        list(columns),
        ['He said "hi", twice', "1", "100", "2026-03-01", "2026-03-01T12:30:05", "true", "", "0.1"],
        ["multi\nline\r\nvalue", "-5", "0.000001234", "1999-12-31", "2026-01-01T00:00:00+00:00", "false", "", "1e+20"],
        ["unicode é ✓", "100000000000000000000", "12345678901234567890.123456789", "", "", "", "", "nan"],
    ]


def test_iter_csv_streams_in_chunks_equal_to_whole() -> None:
    rows = [(i, f"v{i}") for i in range(2500)]
    chunks = list(iter_csv(("i", "v"), iter(rows), chunk_rows=1000))
    assert len(chunks) == 3
    assert b"".join(chunks) == result_to_csv_bytes(("i", "v"), rows)
    assert b"".join(chunks).count(b"\r\n") == 2501
    assert list(iter_csv(("only",), [])) == [b"only\r\n"]


# ---------------------------------------------------------------- chart choice


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        (("region", "revenue"), [("EMEA", 3), ("US", 5)], ("bar", "region", "revenue")),
        (("month", "sales"), [("2026-01", 3), ("2026-02", 5)], ("line", "month", "sales")),
        (("day", "sales"), [(dt.date(2026, 1, 1), 3), (dt.date(2026, 1, 2), 5)], ("line", "day", "sales")),
        (("year", "films"), [(2019, 3), (2020, 5), (2021, 4)], ("line", "year", "films")),
        (("price", "size"), [(1.5, 30), (2.5, 45), (3.0, 50)], ("scatter", "price", "size")),
        (("customer_id", "orders"), [(10, 3), (11, 5)], ("bar", "customer_id", "orders")),
    ],
)
def test_choose_chart_by_column_kinds(columns: tuple[str, ...], rows: list[tuple[Any, ...]], expected: tuple[str, str, str]) -> None:
    spec = choose_chart(qr(columns, rows), None)
    assert spec is not None and (spec.kind, spec.x, spec.y) == expected
    assert spec.title


@pytest.mark.parametrize(
    ("columns", "rows"),
    [
        (("total",), [(42,)]),  # single value
        (("region", "revenue"), [("EMEA", 3)]),  # single row
        (("name", "city"), [("a", "x"), ("b", "y")]),  # text only
        (("name", "n"), [(f"cat {i}", i) for i in range(51)]),  # too many categories
        (("region", "revenue"), [("EMEA", 3), ("EMEA", 4)]),  # repeated categories, nothing to split by
        (("a", "b"), []),
    ],
)
def test_choose_chart_declines(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    assert choose_chart(qr(columns, rows), None) is None


def test_choose_chart_splits_repeated_x_by_series() -> None:
    rows = [(m, r, len(m) * 10 + len(r)) for m in ("2026-01", "2026-02", "2026-03") for r in ("US", "EU")]
    spec = choose_chart(qr(("month", "region", "sales"), rows), None)
    assert spec is not None and (spec.kind, spec.x, spec.y, spec.series) == ("line", "month", "sales", "region")
    assert spec.title == "Sales over month by region"


def test_choose_chart_honours_valid_hint_and_replaces_bad_one() -> None:
    hint = ChartSpec(kind="pie", x="REGION", y="revenue", title="Share of revenue")
    spec = choose_chart(REVENUE, hint)
    assert spec == ChartSpec(kind="pie", x="region", y="revenue", title="Share of revenue")
    assert choose_chart(REVENUE, ChartSpec(kind="bar", x="nope", y="revenue")) == ChartSpec(
        kind="bar", x="region", y="revenue", title="Revenue by region"
    )
    assert choose_chart(REVENUE, ChartSpec(kind="bar", x="revenue", y="region")).kind == "bar"  # y must be numeric
    many = qr(("name", "n"), [(f"c{i}", i) for i in range(20)])
    assert choose_chart(many, ChartSpec(kind="pie", x="name", y="n")).kind == "bar"  # too many slices


# ---------------------------------------------------------------- Vega-Lite


def test_vega_lite_bar_spec_is_complete_and_json() -> None:
    spec = choose_chart(REVENUE, None)
    assert spec is not None
    vl = vega_lite_spec(REVENUE, spec)
    json.dumps(vl, allow_nan=False)  # strict JSON, no Decimal or NaN
    assert vl["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert vl["mark"]["type"] == "bar"
    assert vl["data"]["values"] == [
        {"region": "EMEA", "revenue": 1234567},
        {"region": "Americas", "revenue": 45230.5},
        {"region": "APAC", "revenue": 1000.1},
    ]
    assert vl["encoding"]["x"]["field"] == "region" and vl["encoding"]["x"]["type"] == "nominal"
    assert vl["encoding"]["x"]["sort"] is None  # keep the SQL ORDER BY
    assert vl["encoding"]["y"] == {"field": "revenue", "type": "quantitative", "title": "revenue", "axis": {"format": ",~r"}}
    assert vl["title"] == "Revenue by region"


def test_vega_lite_types_and_field_escaping() -> None:
    line = vega_lite_spec(MONTHLY, ChartSpec(kind="line", x="month", y="sales"))
    assert line["mark"]["type"] == "line" and line["encoding"]["x"]["type"] == "temporal"
    years = qr(("year", "n"), [(2019, 1), (2020, 2)])
    assert vega_lite_spec(years, ChartSpec(kind="line", x="year", y="n"))["encoding"]["x"]["type"] == "ordinal"
    dotted = qr(("t.name", "sum(x)"), [("a", 1), ("b", 2)])
    vl = vega_lite_spec(dotted, ChartSpec(kind="bar", x="t.name", y="sum(x)"))
    assert vl["encoding"]["x"]["field"] == "t\\.name" and vl["data"]["values"][0] == {"t.name": "a", "sum(x)": 1}
    pie = vega_lite_spec(REVENUE, ChartSpec(kind="pie", x="region", y="revenue"))
    assert pie["mark"]["type"] == "arc" and set(pie["encoding"]) == {"theta", "color"}
    scatter = vega_lite_spec(qr(("a", "b"), [(1, 2), (3, 4)]), ChartSpec(kind="scatter", x="a", y="b"))
    assert scatter["mark"]["type"] == "point" and scatter["encoding"]["x"]["type"] == "quantitative"
    rows = [(m, r, 1.0) for m in ("2026-01", "2026-02") for r in ("US", "EU")]
    grouped = vega_lite_spec(qr(("m", "r", "v"), rows), ChartSpec(kind="bar", x="m", y="v", series="r"))
    assert grouped["encoding"]["color"]["field"] == "r" and grouped["encoding"]["xOffset"] == {"field": "r"}


# ---------------------------------------------------------------- PNG


def assert_png(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.size == (900, 500)
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 10  # actually drawn, not blank
    return image


@pytest.mark.parametrize(
    ("result", "spec"),
    [
        (REVENUE, ChartSpec(kind="bar", x="region", y="revenue", title="Revenue by region")),
        (MONTHLY, ChartSpec(kind="line", x="month", y="sales")),
        (qr(("year", "n"), [(2019, 1200), (2020, 2500), (2021, 1800)]), ChartSpec(kind="line", x="year", y="n")),
        (qr(("a", "b"), [(i, i * i) for i in range(30)]), ChartSpec(kind="scatter", x="a", y="b")),
        (REVENUE, ChartSpec(kind="pie", x="region", y="revenue")),
        (qr(("m", "r", "v"), [(m, r, 10.0 * i) for i, (m, r) in enumerate((m, r) for m in "ABC" for r in ("US", "EU"))]), ChartSpec(kind="bar", x="m", y="v", series="r")),
    ],
)
def test_render_png_valid_for_every_kind(result: QueryResult, spec: ChartSpec) -> None:
    assert_png(render_png(result, spec))


def bar_count(image: Image.Image, color: tuple[int, int, int] = (0x4C, 0x78, 0xA8)) -> int:
    """Most separate runs of the bar colour on any pixel row = number of bars drawn."""
    pixels = np.asarray(image.convert("RGB")).astype(int)
    hit = (np.abs(pixels - np.array(color)) <= 8).all(axis=2)
    starts = hit[:, 1:] & ~hit[:, :-1]
    return int((starts.sum(axis=1) + hit[:, 0]).max())


def test_render_png_many_long_labels_capped_at_50_bars() -> None:
    rows = [(f"A rather long category label number {i}", (i + 1) * 1000) for i in range(80)]
    image = assert_png(render_png(qr(("category", "amount"), rows), ChartSpec(kind="bar", x="category", y="amount")))
    assert bar_count(image) == 50  # distinct categories survive label shortening, capped at 50
    three = qr(("region", "revenue"), [("EMEA", 300), ("Americas", 200), ("APAC", 100)])
    assert bar_count(assert_png(render_png(three, ChartSpec(kind="bar", x="region", y="revenue")))) == 3


def test_render_png_is_thread_safe() -> None:
    spec = ChartSpec(kind="bar", x="region", y="revenue")
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = list(pool.map(lambda _: render_png(REVENUE, spec), range(8)))
    assert len({len(i) for i in images}) == 1  # same chart, same bytes length
    for data in images:
        assert_png(data)


def test_rendering_never_imports_pyplot() -> None:
    code = (
        "import sys\n"
        "from services.conversation.charts import render_png\n"
        "from services.conversation.engine.types import QueryResult, ChartSpec\n"
        "render_png(QueryResult('s', ('a', 'b'), (('x', 1), ('y', 2))), ChartSpec(kind='bar', x='a', y='b'))\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")


# ---------------------------------------------------------------- interpretation


def test_interpretation_sentences() -> None:
    assert interpretation(REVENUE, ChartSpec(kind="bar", x="region", y="revenue")) == (
        "Bar chart of revenue by region; EMEA is highest at 1,234,567 and APAC is lowest at 1,000."
    )
    assert interpretation(MONTHLY, ChartSpec(kind="line", x="month", y="sales")) == (
        "Line chart of sales over month from 2026-01-01 to 2026-06-01; it went from 1,000 to 6,000 (+500%), "
        "peaking at 6,000 in 2026-06-01."
    )
    linear = qr(("a", "b"), [(i, 2 * i + 1) for i in range(10)])
    assert interpretation(linear, ChartSpec(kind="scatter", x="a", y="b")) == (
        "Scatter plot of b against a over 10 points; the correlation is strong and positive (r = 1.00)."
    )
    assert interpretation(REVENUE, ChartSpec(kind="pie", x="region", y="revenue")).startswith(
        "Pie chart of revenue by region; EMEA is the largest slice at 1,234,567 with 96% of the total"
    )


# ---------------------------------------------------------------- the assistant message


def build(answer: AnalystAnswer, position: int = 2) -> tuple[dict[str, Any], list[StoredAsset], list[tuple[str, str]]]:
    calls: list[tuple[str, str]] = []

    def urls(key: str, kind: str) -> str:
        calls.append((key, kind))
        return f"https://dot.test/api/asset/tok-{key}" + (".png" if kind == "chart" else ".csv")

    message, stored = assistant_message(
        answer, chat_id="cli-m1abc2d-x4y5z6", base_url="https://dot.test/", asset_urls=urls, message_position=position
    )
    return message, stored, calls


def test_assistant_message_matches_contract_shape() -> None:
    single = qr(("total",), [(42,)], sql="SELECT COUNT(*) AS total FROM sales")
    answer = AnalystAnswer(
        parts=[
            AnswerPart(kind="text", text="EMEA leads with 1,234,567."),
            AnswerPart(kind="query", result=REVENUE, title="Revenue by region"),
            AnswerPart(kind="text", text="There are 42 sales."),
            AnswerPart(kind="query", result=single),
        ],
        suggested_follow_ups=["Break down by month", "Compare to last year"],
    )
    message, stored, calls = build(answer)

    assert set(message) == {"role", "content", "additional_data", "suggested_follow_ups"}
    assert message["role"] == "assistant"
    assert message["content"] == "EMEA leads with 1,234,567.\n\nThere are 42 sales."
    assert message["suggested_follow_ups"] == ["Break down by month", "Compare to last year"]
    data = message["additional_data"]
    assert set(data) == {"formatted_result", "assets", "dot_url", "chat_id"}
    assert data["dot_url"] == "https://dot.test/?c=cli-m1abc2d-x4y5z6"
    assert data["chat_id"] == "cli-m1abc2d-x4y5z6"
    assert data["formatted_result"] == [
        {"type": "text", "data": "EMEA leads with 1,234,567."},
        {"type": "dataframe", "data": "df_2_1_revenue_by_region"},
        {"type": "chart", "data": "viz_2_1_revenue_by_region"},
        {"type": "text", "data": "There are 42 sales."},
        {"type": "dataframe", "data": "df_2_2"},  # single value: no chart, no title
    ]
    assets = data["assets"]
    assert set(assets) == {"df_2_1_revenue_by_region", "viz_2_1_revenue_by_region", "df_2_2"}
    assert all(re.fullmatch(r"(df|viz)_[a-z0-9_]+", key) for key in assets)  # safe as CLI file names
    df = assets["df_2_1_revenue_by_region"]
    assert df == dataframe_asset(REVENUE, csv_url="https://dot.test/api/asset/tok-df_2_1_revenue_by_region.csv")
    assert df["shape"] == [3, 2] and df["sql_query"] == REVENUE.sql
    viz = assets["viz_2_1_revenue_by_region"]
    assert set(viz) == {"interpretation", "chart_download_url", "vega_lite"}
    assert viz["interpretation"].startswith("Bar chart of revenue by region; EMEA is highest")
    assert viz["chart_download_url"] == "https://dot.test/api/asset/tok-viz_2_1_revenue_by_region.png"
    assert viz["vega_lite"]["$schema"].endswith("vega-lite/v5.json")
    json.dumps(message, allow_nan=False)

    assert calls == [
        ("df_2_1_revenue_by_region", "dataframe"),
        ("viz_2_1_revenue_by_region", "chart"),
        ("df_2_2", "dataframe"),
    ]
    by_key = {s.key: s for s in stored}
    assert set(by_key) == set(assets)
    assert by_key["df_2_1_revenue_by_region"].content == result_to_csv_bytes(REVENUE.columns, REVENUE.rows)
    assert by_key["df_2_1_revenue_by_region"].content_type == "text/csv; charset=utf-8"
    assert by_key["df_2_2"].filename == "df_2_2.csv"
    chart = by_key["viz_2_1_revenue_by_region"]
    assert chart.kind == "chart" and chart.content_type == CHART_PAYLOAD_CONTENT_TYPE
    assert chart.filename.endswith(".png")
    assert_png(render_chart_payload(chart.content))  # rendered on first download


def test_assistant_message_uses_engine_chart_hint() -> None:
    part = AnswerPart(kind="query", result=MONTHLY, chart=ChartSpec(kind="bar", x="month", y="sales", title="Monthly sales"))
    message, stored, _ = build(AnalystAnswer(parts=[AnswerPart(kind="text", text="Up."), part]), position=5)
    assets = message["additional_data"]["assets"]
    assert list(assets) == ["df_5_1_monthly_sales", "viz_5_1_monthly_sales"]
    assert assets["viz_5_1_monthly_sales"]["vega_lite"]["mark"]["type"] == "bar"
    assert assets["viz_5_1_monthly_sales"]["vega_lite"]["title"] == "Monthly sales"


def test_asset_keys_unique_across_messages_of_a_chat() -> None:
    answer = AnalystAnswer(parts=[AnswerPart(kind="query", result=REVENUE, title="Revenue by region")])
    first, _, _ = build(answer, position=1)
    second, _, _ = build(answer, position=3)
    again, _, _ = build(answer, position=1)
    assert not set(first["additional_data"]["assets"]) & set(second["additional_data"]["assets"])
    assert list(first["additional_data"]["assets"]) == list(again["additional_data"]["assets"])  # stable


def test_assumptions_and_fallback_content() -> None:
    answer = AnalystAnswer(
        parts=[AnswerPart(kind="query", result=REVENUE, title="Revenue by region")],
        assumptions=["revenue means SUM(amount).", "all time"],
    )
    message, _, _ = build(answer)
    assert message["content"] == "Assumptions: revenue means SUM(amount); all time."
    assert message["additional_data"]["formatted_result"][-1] == {"type": "text", "data": message["content"]}
    bare, _, _ = build(AnalystAnswer(parts=[AnswerPart(kind="query", result=REVENUE, title="Revenue by region")]))
    assert bare["content"] == "Revenue by region returned 3 rows."
    assert bare["suggested_follow_ups"] == []


def test_format_number() -> None:
    assert [charts.format_number(v) for v in (1234567, 41675.33, 12.5, 0.012345, Decimal("1000.10"), -2500, 3.0)] == [
        "1,234,567", "41,675", "12.5", "0.01235", "1,000", "-2,500", "3"
    ]
