"""One calendar day or month bounding a period ('issued before November 1, 2025', 'due by December 31, 2025',
'since March 2025', 'on November 15, 2025'): the bound is the day itself, included or not as the word says, on the
date the verb names; a day without a year is no bound (which year would be a guess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.conversation.engine.offline.dates import bounded_date
from tests.support.offline import ask, gold, script_box

INVOICES = """
CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, amount REAL, issued_on DATE, due_date DATE);
INSERT INTO invoices VALUES (1, 'Acme', 10, '2025-10-03', '2025-11-03'), (2, 'Birch', 20, '2025-11-15', '2025-12-15'),
                            (3, 'Cobalt', 30, '2025-05-01', '2025-06-01'), (4, 'Dune', 5, '2024-11-20', '2024-12-20'),
                            (5, 'Elm', 7, '2025-12-31', '2026-01-30');
"""


def test_bounds_read_the_day_and_its_side() -> None:
    def read(text: str) -> tuple[str, str] | None:
        got = bounded_date(text.split(), 0)
        return (got[0].start, got[0].end) if got else None

    assert read("before december 1 2025") == ("", "2025-12-01")
    assert read("after 2024 03 31") == ("2024-04-01", "")
    assert read("on 5 march 2025") == ("2025-03-05", "2025-03-06")
    assert read("until june 30 2025") == ("", "2025-07-01")
    assert read("since march 2024") == ("2024-03-01", "")
    assert read("after march 2025") == ("2025-04-01", "")
    assert read("prior to 2025 01 15") == ("", "2025-01-15")
    assert read("before december 1") is None  # no year
    assert read("on march 2025") is None  # 'on' a month is no day
    assert read("by region") is None


@pytest.mark.asyncio
@pytest.mark.parametrize(("question", "sql"), [
    ("How many invoices were issued before November 1, 2025?",
     "SELECT COUNT(*) FROM invoices WHERE issued_on < '2025-11-01'"),
    ("How many invoices are due by December 31, 2025?",
     "SELECT COUNT(*) FROM invoices WHERE due_date <= '2025-12-31'"),
    ("What is the total amount of invoices issued since March 2025?",
     "SELECT SUM(amount) FROM invoices WHERE issued_on >= '2025-03-01'"),
    ("sum of amount for invoices issued after 2025-06-30",
     "SELECT SUM(amount) FROM invoices WHERE issued_on > '2025-06-30'"),
    ("How many invoices were issued on November 15, 2025?",
     "SELECT COUNT(*) FROM invoices WHERE issued_on = '2025-11-15'"),
])
async def test_a_dated_bound_filters_the_named_date(tmp_path: Path, question: str, sql: str) -> None:
    with script_box(tmp_path, "invoices", INVOICES) as box:
        assert await ask(box, question) == gold(box, sql)
