"""The tables an answer's SQL reads ("Data source: ... tables ...") are parsed once per (dialect, SQL) and kept
(``domain._TABLES_OF``): a kept result equals a fresh parse, CTE names stay out, order of first use across the
answer's queries is kept, SQL that does not parse reads nothing, and a dialect is part of the key."""

from __future__ import annotations

from typing import Any

import sqlglot

from services.conversation import domain
from services.conversation.domain import tables_used
from services.conversation.engine.types import AnalystAnswer, AnswerPart, QueryResult


def _answer(*sqls: str) -> AnalystAnswer:
    return AnalystAnswer(parts=[AnswerPart(kind="text", text="two hives")] + [
        AnswerPart(kind="query", result=QueryResult(sql=s, columns=("n",), rows=((1,),))) for s in sqls])


HIVES = "SELECT h.name, count(*) FROM hive AS h JOIN frame AS f ON f.hive_id = h.id GROUP BY h.name"
WITH = "WITH heavy AS (SELECT hive_id FROM frame WHERE weight > 2) SELECT name FROM hive WHERE id IN (SELECT hive_id FROM heavy)"
KEEPERS = "SELECT keeper.name FROM keeper JOIN hive ON hive.keeper_id = keeper.id"


def _counting(monkeypatch: Any) -> list[str]:
    parsed: list[str] = []
    real = sqlglot.parse_one

    def counting(sql: str, *args: Any, **kw: Any) -> Any:
        parsed.append(sql)
        return real(sql, *args, **kw)

    monkeypatch.setattr(sqlglot, "parse_one", counting)
    monkeypatch.setattr(domain, "_TABLES_OF", domain.Lru(512))
    return parsed


def test_kept_tables_equal_a_fresh_parse(monkeypatch: Any) -> None:
    parsed = _counting(monkeypatch)
    first = tables_used(_answer(HIVES, WITH, KEEPERS), "sqlite")
    assert first == ["hive", "frame", "keeper"]  # CTE 'heavy' left out; order of first use over the queries
    assert parsed == [HIVES, WITH, KEEPERS]
    again = tables_used(_answer(KEEPERS, HIVES), "sqlite")
    assert again == ["keeper", "hive", "frame"] and parsed == [HIVES, WITH, KEEPERS]  # both kept: nothing parsed again
    tables_used(_answer(KEEPERS), "duckdb")
    assert parsed.count(KEEPERS) == 2  # another dialect is parsed on its own


def test_sql_that_does_not_parse_reads_nothing(monkeypatch: Any) -> None:
    parsed = _counting(monkeypatch)
    broken = "SELECT FROM WHERE ((("
    assert tables_used(_answer(broken, HIVES), "sqlite") == ["hive", "frame"]
    assert tables_used(_answer(broken), "sqlite") == [] and parsed.count(broken) == 1


def test_long_sql_is_not_kept(monkeypatch: Any) -> None:
    parsed = _counting(monkeypatch)
    long_sql = HIVES + " HAVING " + " OR ".join(f"count(*) = {i}" for i in range(600))
    assert len(long_sql) > domain._TABLES_OF_MAX_SQL
    assert tables_used(_answer(long_sql), "sqlite") == ["hive", "frame"]
    assert tables_used(_answer(long_sql), "sqlite") == ["hive", "frame"]
    assert parsed.count(long_sql) == 2 and len(domain._TABLES_OF) == 0
