"""Search stays cheap as the catalog grows and never stalls the knowledge service (issue 10).

Before the search index, each search looped over every table's JSON on the knowledge event loop:
2.4 s per question at 1,500 tables, and six concurrent searches made /healthz report knowledge
down. Bounds here are coarse on purpose (the machine is shared): a few hundred ms, not seconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_search import add_connection, healthz_under_search
from tests.support.stack import Stack, start_stack
from tests.support.wide_catalog import make_wide_catalog

TABLES = 1500


@pytest.fixture(scope="module")
def wide_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    d = Path(tmp_path_factory.mktemp("wide"))
    s = start_stack(d / "data")
    try:
        add_connection(s, "wide", make_wide_catalog(d / "wide.sqlite", TABLES))
        yield s
    finally:
        s.stop()


def test_search_over_1500_tables_is_fast_and_ranks_as_before(wide_stack: Stack) -> None:
    with wide_stack.client(wide_stack.admin_token) as c:
        times = []
        for _ in range(5):
            started = time.monotonic()
            hits = c.get("/api/search", params={"q": "invoice attributes", "limit": 5}).json()
            times.append(time.monotonic() - started)
        assert statistics.median(times) < 0.5, times
        # names weigh most; then the words of columns; ties in table-id order
        assert [h["id"] for h in hits] == [f"wide.main.invoice_{i}" for i in (0, 10, 100, 1000, 1010)]
        assert hits[0]["matched_names"] == ["invoice"] and hits[0]["score"] == 4.5  # name 3 + column 1.5
        # a sample value finds the one table that holds it
        value = c.get("/api/search", params={"q": "value3x4t77"}).json()
        assert [h["id"] for h in value] == ["wide.main.lead_77"] and value[0]["score"] == 1.0


def test_concurrent_searches_do_not_stall_the_knowledge_service(wide_stack: Stack) -> None:
    load = healthz_under_search(wide_stack, concurrency=6, duration=5.0)
    assert load["healthz_not_200"] == 0 and load["healthz_max_s"] < 2.0, load
    assert load["searches"] >= 30 and load["search_p50_s"] < 0.5, load
