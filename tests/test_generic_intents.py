"""Catalog-level intents on the generated demo warehouse (a real SQLite file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.conversation.engine.generic import WithGenericIntents
from services.conversation.engine.offline.analyst import OfflineAnalyst
from scripts.localbox import SqliteToolbox
from services.knowledge.demo_data import create_demo_warehouse


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> SqliteToolbox:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo_warehouse(path)
    return SqliteToolbox(Path(path))


async def ask(box: SqliteToolbox, q: str):  # type: ignore[no-untyped-def]
    return await WithGenericIntents(OfflineAnalyst()).answer(q, toolbox=box, history=[], state={}, mode="balanced",
                                                             deep=False)


async def test_list_tables(box: SqliteToolbox) -> None:
    a = await ask(box, "What tables do you have?")
    q = next(p for p in a.parts if p.kind == "query")
    assert {r[0] for r in q.result.rows} >= {"orders", "customers", "order_lines"}


@pytest.mark.parametrize(("question", "table", "n"), [
    ("Show me 5 rows from orders", "orders", 5),
    ("show me the first 3 records of customers", "customers", 3),
    ('"Show me the top 10 rows from any table"', None, 10),
])
async def test_sample_rows(box: SqliteToolbox, question: str, table: str | None, n: int) -> None:
    a = await ask(box, question)
    q = next(p for p in a.parts if p.kind == "query")
    assert len(q.result.rows) == n and q.result.sql.upper().startswith("SELECT *")
    if table:
        assert f"FROM {table}" in q.result.sql
    else:
        assert a.assumptions  # says which table it picked


async def test_any_metric_over_time_is_a_monthly_line(box: SqliteToolbox) -> None:
    a = await ask(box, '"Show me a chart of any metric over time"')
    q = next(p for p in a.parts if p.kind == "query")
    assert q.chart is not None and q.chart.kind == "line"
    months = [r[0] for r in q.result.rows]
    assert len(months) >= 12 and months == sorted(months)


async def test_a_trend_of_something_named_is_not_answered_with_any_table(box: SqliteToolbox) -> None:
    # the engine cannot place 'gizmo returns': the catch-all monthly row count would answer another question
    a = await ask(box, "How many gizmo returns per month in 2023?")
    assert not any(p.kind == "query" and p.result is not None and "per month" in (p.title or "") for p in a.parts)
    assert not a.understood
