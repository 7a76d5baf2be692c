"""LlmAnalyst against a real HTTP server (scripted replies) and a real SQLite database."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import socket
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from services.common.errors import InvalidArgument, QueryFailed, QueryRefused, Timeout, Unavailable
from services.conversation.assets import assistant_message
from services.conversation.engine.llm import TOOL_NAMES, LlmAnalyst, LlmConfig, budget_for
from services.conversation.engine.types import (
    AnalystAnswer,
    Column,
    ForeignKey,
    QueryResult,
    Schema,
    Table,
    Turn,
)
from tests.scripted_llm import ScriptedLLM, answer, call, error, slow, text, tool_calls

API_KEY = "sk-test-SECRET-9f8e7d6c5b4a"
REVENUE_SQL = (
    "SELECT r.name AS region, SUM(s.amount) AS revenue FROM sales s "
    "JOIN regions r ON r.id = s.region_id GROUP BY r.name ORDER BY revenue DESC"
)


# ---------------------------------------------------------------- a real toolbox over SQLite


class SqliteToolbox:
    """Read-only Toolbox over a SQLite file; refuses anything but one SELECT (stand-in guard)."""

    def __init__(self, path: Path, row_limit: int = 1000) -> None:
        self.path = path
        self.row_limit = row_limit
        self.sql_calls: list[str] = []

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)

    async def schema(self) -> Schema:
        return await asyncio.to_thread(self._schema)

    def _schema(self) -> Schema:
        with self._connect() as con:
            names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            tables = []
            for name in names:
                cols = []
                for _, col, typ, _, _, pk in con.execute(f'PRAGMA table_info("{name}")'):
                    values = [str(r[0]) for r in con.execute(f'SELECT DISTINCT "{col}" FROM "{name}" WHERE "{col}" IS NOT NULL LIMIT 21')]
                    text_like = "CHAR" in typ.upper() or "TEXT" in typ.upper()
                    cols.append(Column(col, typ, is_primary_key=bool(pk), sample_values=tuple(values[:20]) if text_like else (), values_complete=text_like and len(values) <= 20))
                fks = tuple(ForeignKey(r[3], r[2], r[4]) for r in con.execute(f'PRAGMA foreign_key_list("{name}")'))
                count = con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
                tables.append(Table(name, tuple(cols), foreign_keys=fks, row_count=count))
        return Schema(tuple(tables), dialect="sqlite")

    async def search_catalog(self, query: str, limit: int = 10) -> list[Table]:
        words = {w.strip("s") for w in query.lower().split()}
        schema = await self.schema()
        scored = []
        for t in schema.tables:
            names = {t.name.lower().strip("s")} | {c.name.lower().strip("s") for c in t.columns}
            score = len(words & names)
            if score:
                scored.append((score, t))
        return [t for _, t in sorted(scored, key=lambda p: -p[0])][:limit]

    async def run_sql(self, sql: str) -> QueryResult:
        self.sql_calls.append(sql)
        body = sql.strip().rstrip(";").strip()
        if ";" in body:
            raise QueryRefused("only one statement is allowed")
        keyword = body.split(None, 1)[0].upper() if body else ""
        if keyword not in ("SELECT", "WITH"):
            raise QueryRefused(f"only SELECT statements are allowed, not {keyword or 'an empty statement'}")
        return await asyncio.to_thread(self._run, body)

    def _run(self, sql: str) -> QueryResult:
        try:
            with self._connect() as con:
                cur = con.execute(sql)
                rows = cur.fetchmany(self.row_limit + 1)
                columns = tuple(d[0] for d in cur.description or ())
        except sqlite3.Error as exc:
            raise QueryFailed(str(exc)) from None
        return QueryResult(sql, columns, tuple(rows[: self.row_limit]), truncated=len(rows) > self.row_limit)


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "sales.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE sales (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(id),
                            month TEXT, amount REAL);
        INSERT INTO regions VALUES (1, 'EMEA'), (2, 'Americas'), (3, 'APAC');
        INSERT INTO sales (region_id, month, amount) VALUES
          (1, '2026-01', 1200.5), (1, '2026-02', 1800.0), (2, '2026-01', 900.0),
          (2, '2026-02', 1100.0), (3, '2026-01', 400.0), (3, '2026-02', 650.25);
        """
    )
    con.commit()
    con.close()
    return path


@pytest.fixture
def toolbox(db: Path) -> SqliteToolbox:
    return SqliteToolbox(db)


@pytest.fixture
def llm() -> Any:
    with ScriptedLLM() as server:
        yield server


def make_analyst(server: ScriptedLLM, **overrides: Any) -> LlmAnalyst:
    cfg = dict(base_url=server.base_url, api_key=API_KEY, model="test-model", timeout_s=5.0)
    cfg.update(overrides)
    return LlmAnalyst(LlmConfig(**cfg))


async def ask(analyst: LlmAnalyst, toolbox: SqliteToolbox, question: str = "Revenue by region?", **kw: Any) -> AnalystAnswer:
    params: dict[str, Any] = dict(toolbox=toolbox, history=[], state={}, mode="balanced", deep=False)
    params.update(kw)
    return await analyst.answer(question, **params)


def expected_revenue(db: Path) -> tuple[tuple[Any, ...], ...]:
    with sqlite3.connect(db) as con:
        return tuple(con.execute(REVENUE_SQL).fetchall())


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- happy path


async def test_happy_path_runs_tools_and_returns_query_with_chart(llm: ScriptedLLM, toolbox: SqliteToolbox, db: Path) -> None:
    llm.add(
        tool_calls(call("search_catalog", query="sales by region")),
        tool_calls(call("describe_table", name="sales")),
        tool_calls(call("run_sql", sql=REVENUE_SQL, title="Revenue by region")),
        tool_calls(call("make_chart", kind="bar", x="region", y="revenue", title="Revenue by region")),
        answer("EMEA has the highest revenue at 3,000.5.", ["Break down by month", "Which region grew fastest?"]),
    )
    result = await ask(make_analyst(llm), toolbox)

    assert result.understood
    assert [p.kind for p in result.parts] == ["text", "query"]
    assert result.parts[0].text == "EMEA has the highest revenue at 3,000.5."
    query = result.parts[1]
    assert query.result is not None and query.result.rows == expected_revenue(db)
    assert query.result.columns == ("region", "revenue")
    assert query.title == "Revenue by region"
    assert query.chart is not None and (query.chart.kind, query.chart.x, query.chart.y) == ("bar", "region", "revenue")
    assert result.suggested_follow_ups == ["Break down by month", "Which region grew fastest?"]
    assert result.state["llm_last_sql"] == REVENUE_SQL

    assert len(llm.requests) == 5 and llm.remaining == 0
    first = llm.requests[0]
    assert first.path == "/v1/chat/completions"
    assert first.body["model"] == "test-model" and first.body["temperature"] == 0
    assert [t["function"]["name"] for t in first.body["tools"]] == list(TOOL_NAMES)
    assert first.messages[0]["role"] == "system" and "sqlite" in first.messages[0]["content"]
    assert first.messages[-1] == {"role": "user", "content": "Revenue by region?"}
    # every tool result was fed back, tied to the call id the model used
    assert "table sales" in llm.requests[1].last_tool_output()
    describe = llm.requests[2].last_tool_output()
    assert "region_id INTEGER -> regions.id" in describe and "amount REAL" in describe
    rows_fed = llm.requests[3].last_tool_output()
    assert "query_id: q1" in rows_fed and '["EMEA", 3000.5]' in rows_fed and "row_count: 3" in rows_fed
    assert "Chart attached to q1" in llm.requests[4].last_tool_output()
    calls = [m for m in llm.requests[4].messages if m.get("tool_calls")]
    assert [m["tool_calls"][0]["id"] for m in calls] == [m["tool_call_id"] for m in llm.requests[4].tool_messages()]


async def test_answer_becomes_dot_message_with_dataframe_and_chart(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(
        tool_calls(call("run_sql", sql=REVENUE_SQL, title="Revenue by region")),
        answer("EMEA leads.", ["By month?"]),
    )
    result = await ask(make_analyst(llm), toolbox)
    message, stored = assistant_message(
        result, chat_id="chat-1", base_url="http://dot.test", asset_urls=lambda k, kind: f"http://dot.test/a/{k}", message_position=1
    )
    assert [p["type"] for p in message["additional_data"]["formatted_result"]] == ["text", "dataframe", "chart"]
    assert message["content"] == "EMEA leads." and message["suggested_follow_ups"] == ["By month?"]
    assert {s.kind for s in stored} == {"dataframe", "chart"}


async def test_plain_text_reply_is_the_answer(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(text("<think>just say hi</think>Hello! Ask me about sales or regions."))
    result = await ask(make_analyst(llm), toolbox, "hi")
    assert [p.text for p in result.parts] == ["Hello! Ask me about sales or regions."]
    assert result.understood and len(llm.requests) == 1


async def test_history_and_state_reach_the_model(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(answer("Same as before."))
    history = [Turn("user", "Revenue by region?"), Turn("assistant", "EMEA leads.")]
    result = await ask(make_analyst(llm), toolbox, "And by month?", history=history, state={"llm_last_sql": REVENUE_SQL})
    msgs = llm.requests[0].messages
    assert REVENUE_SQL in msgs[0]["content"]
    assert msgs[1:] == [
        {"role": "user", "content": "Revenue by region?"},
        {"role": "assistant", "content": "EMEA leads."},
        {"role": "user", "content": "And by month?"},
    ]
    assert result.state == {"llm_last_sql": REVENUE_SQL}  # carried over when no new query


async def test_answer_cites_several_queries_last_first(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(
        tool_calls(call("run_sql", sql="SELECT COUNT(*) AS n FROM regions", title="Regions")),
        tool_calls(call("run_sql", sql=REVENUE_SQL, title="Revenue")),
        tool_calls(call("run_sql", sql="SELECT 1 AS probe", title="Probe")),
        answer("Three regions; EMEA leads.", query_ids=["q1", "Q2"]),
    )
    result = await ask(make_analyst(llm), toolbox, deep=True)
    assert [p.title for p in result.parts if p.kind == "query"] == ["Revenue", "Regions"]


# ---------------------------------------------------------------- repair and the guard


async def test_failed_sql_error_is_fed_back_and_repaired(llm: ScriptedLLM, toolbox: SqliteToolbox, db: Path) -> None:
    bad = REVENUE_SQL.replace("SUM(s.amount)", "SUM(s.amt)")
    llm.add(
        tool_calls(call("run_sql", sql=bad)),
        tool_calls(call("run_sql", sql=REVENUE_SQL)),
        answer("EMEA leads."),
    )
    result = await ask(make_analyst(llm), toolbox)
    feedback = llm.requests[1].last_tool_output()
    assert "rejected by the database" in feedback and "no such column: s.amt" in feedback
    assert "Fix the SQL" in feedback
    queries = [p for p in result.parts if p.kind == "query"]
    assert len(queries) == 1 and queries[0].result is not None and queries[0].result.rows == expected_revenue(db)
    assert result.understood and toolbox.sql_calls == [bad, REVENUE_SQL]


async def test_malicious_sql_is_refused_reason_reported_and_db_unchanged(llm: ScriptedLLM, toolbox: SqliteToolbox, db: Path) -> None:
    before = file_digest(db)
    llm.add(
        tool_calls(call("run_sql", sql="DROP TABLE sales")),
        tool_calls(call("run_sql", sql="SELECT 1; DELETE FROM sales")),
        answer("I cannot change the data."),
    )
    result = await ask(make_analyst(llm), toolbox, "Delete all sales")
    first, second = llm.requests[1].last_tool_output(), llm.requests[2].last_tool_output()
    assert "refused by the data guard: only SELECT statements are allowed, not DROP" in first
    assert "refused by the data guard: only one statement is allowed" in second
    # the model gave up without a result: the user sees why
    texts = [p.text for p in result.parts if p.kind == "text"]
    assert texts == ["I cannot change the data.", "My last query was refused by the data guard: only one statement is allowed."]
    assert not result.understood and not [p for p in result.parts if p.kind == "query"]
    assert file_digest(db) == before
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM sales").fetchone()[0] == 6


async def test_repairs_are_bounded_and_refusal_reaches_user_on_exhaustion(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(*[tool_calls(call("run_sql", sql="DROP TABLE sales")) for _ in range(8)])
    result = await ask(make_analyst(llm, max_steps=8), toolbox, mode="balanced")
    repairs = budget_for("balanced", LlmConfig("http://x", "", "m", max_steps=8), deep=False).max_repairs
    assert len(toolbox.sql_calls) == repairs + 1  # later attempts are not executed
    assert "No query attempts are left" in llm.requests[repairs + 1].last_tool_output()
    assert "Not executed" in llm.requests[-1].last_tool_output()
    assert not result.understood
    assert result.parts[0].text == (
        "I could not answer this within my step limit. My last query was refused by the data guard: "
        "only SELECT statements are allowed, not DROP."
    )


# ---------------------------------------------------------------- budgets


async def test_step_budget_exhausted(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(*[tool_calls(call("search_catalog", query="sales")) for _ in range(6)])
    result = await ask(make_analyst(llm, max_steps=3), toolbox)
    assert len(llm.requests) == 3 and llm.remaining == 3
    assert llm.requests[-1].messages[-1]["content"].startswith("This is your last step")
    assert not result.understood and "step limit" in result.parts[0].text


async def test_step_budget_exhausted_keeps_last_result(llm: ScriptedLLM, toolbox: SqliteToolbox, db: Path) -> None:
    llm.add(
        tool_calls(call("run_sql", sql=REVENUE_SQL)),
        tool_calls(call("search_catalog", query="months")),
        tool_calls(call("search_catalog", query="regions")),
    )
    result = await ask(make_analyst(llm, max_steps=4), toolbox, mode="economy")  # economy: max(3, 4 // 2) = 3 steps
    assert len(llm.requests) == 3
    assert result.understood and "step limit" in result.parts[0].text
    assert result.parts[1].result is not None and result.parts[1].result.rows == expected_revenue(db)


async def test_token_budget_stops_the_loop(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    big = {"prompt_tokens": 29_000, "completion_tokens": 2_000, "total_tokens": 31_000}
    llm.add(*[tool_calls(call("search_catalog", query="sales"), usage=big) for _ in range(3)])
    result = await ask(make_analyst(llm), toolbox, mode="economy")
    assert len(llm.requests) == 1
    assert "token budget" in result.parts[0].text and not result.understood


async def test_wall_time_budget_ends_with_partial_answer_not_error(llm: ScriptedLLM, toolbox: SqliteToolbox, db: Path) -> None:
    llm.add(tool_calls(call("run_sql", sql=REVENUE_SQL)), slow(3.0, answer("too late")))
    started = time.monotonic()
    result = await ask(make_analyst(llm, timeout_s=5.0, max_wall_time_s=1.0), toolbox)
    assert time.monotonic() - started < 2.0
    assert "time budget" in result.parts[0].text and result.understood
    assert result.parts[1].result is not None and result.parts[1].result.rows == expected_revenue(db)


def test_mode_budgets_grow_with_mode_and_depth() -> None:
    cfg = LlmConfig("http://x", "", "m", max_steps=8)
    eco, bal, fro = (budget_for(m, cfg, deep=False) for m in ("economy", "balanced", "frontier"))
    assert (eco.max_steps, bal.max_steps, fro.max_steps) == (4, 8, 16)
    assert eco.max_total_tokens < bal.max_total_tokens < fro.max_total_tokens
    assert eco.wall_time_s < bal.wall_time_s < fro.wall_time_s
    assert eco.max_repairs < bal.max_repairs < fro.max_repairs
    deep = budget_for("balanced", cfg, deep=True)
    assert deep.max_steps == 12 and deep.max_total_tokens == 2 * bal.max_total_tokens
    assert budget_for("frontier", LlmConfig("http://x", "", "m", max_wall_time_s=30), deep=True).wall_time_s == 30


# ---------------------------------------------------------------- tool misuse


async def test_invalid_arguments_and_unknown_things_are_reported_to_model(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(
        tool_calls(call("run_sql", _raw_arguments="{not json")),
        tool_calls(call("describe_table", name="customers"), call("drop_everything")),
        tool_calls(call("make_chart", kind="bar", x="region", y="revenue")),
        tool_calls(call("run_sql", sql="SELECT name FROM regions")),
        tool_calls(call("make_chart", kind="bar", x="region", y="revenue")),
        answer("Regions: EMEA, Americas, APAC."),
    )
    result = await ask(make_analyst(llm), toolbox)
    assert "Invalid arguments for run_sql" in llm.requests[1].last_tool_output()
    outputs = [m["content"] for m in llm.requests[2].tool_messages()[-2:]]
    assert "Unknown table 'customers'" in outputs[0] and "Unknown tool 'drop_everything'" in outputs[1]
    assert "run a query first" in llm.requests[3].last_tool_output()
    assert "not in q1" in llm.requests[5].last_tool_output()
    query = [p for p in result.parts if p.kind == "query"][0]
    assert query.chart is None


# ---------------------------------------------------------------- endpoint failures


async def test_endpoint_500_maps_to_unavailable_after_retries(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(error(500, "model crashed"), error(503, "overloaded"), error(500, "model crashed"))
    with pytest.raises(Unavailable) as exc:
        await ask(make_analyst(llm, max_retries=2), toolbox)
    assert "HTTP 500" in str(exc.value) and "model crashed" in str(exc.value)
    assert len(llm.requests) == 3


async def test_transient_500_is_retried(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(error(502, "bad gateway"), answer("Fine."))
    result = await ask(make_analyst(llm), toolbox)
    assert result.parts[0].text == "Fine." and len(llm.requests) == 2


async def test_endpoint_timeout_maps_to_timeout(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(slow(3.0, answer("too late")))
    started = time.monotonic()
    with pytest.raises(Timeout) as exc:
        await ask(make_analyst(llm, timeout_s=0.5), toolbox)
    assert time.monotonic() - started < 2.5
    assert "did not answer within 0.5 s" in str(exc.value) and "127.0.0.1" in str(exc.value)


async def test_unreachable_endpoint_maps_to_unavailable(toolbox: SqliteToolbox) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    analyst = LlmAnalyst(LlmConfig(f"http://127.0.0.1:{port}/v1", API_KEY, "m", max_retries=0))
    with pytest.raises(Unavailable) as exc:
        await ask(analyst, toolbox)
    assert "Could not reach the language model" in str(exc.value)


async def test_rejected_key_maps_to_unavailable_without_leaking_it(
    llm: ScriptedLLM, toolbox: SqliteToolbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    llm.add(error(401, f"Incorrect API key provided: {API_KEY}"))
    with pytest.raises(Unavailable) as exc:
        await ask(make_analyst(llm), toolbox)
    assert "rejected the API key (HTTP 401)" in str(exc.value)
    assert API_KEY not in str(exc.value) and API_KEY not in caplog.text


async def test_error_body_echoing_the_key_is_scrubbed(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(error(400, f"bad request for key {API_KEY}"))
    with pytest.raises(Unavailable) as exc:
        await ask(make_analyst(llm), toolbox)
    assert "HTTP 400" in str(exc.value) and API_KEY not in str(exc.value) and "***" in str(exc.value)


async def test_key_straddling_the_cut_is_scrubbed_before_shortening(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(error(400, "x" * 290 + f" {API_KEY} trailing words"))  # the key crosses character 300
    with pytest.raises(Unavailable) as exc:
        await ask(make_analyst(llm), toolbox)
    shown = str(exc.value)
    assert "HTTP 400" in shown and "***" in shown
    assert not any(API_KEY[i:i + 6] in shown for i in range(len(API_KEY) - 5)), shown


async def test_http_client_does_not_log_endpoint_urls(llm: ScriptedLLM, toolbox: SqliteToolbox,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from services.common.server import quiet_http_client_logs

    levels = {n: logging.getLogger(n).level for n in ("httpx", "httpcore")}
    try:
        quiet_http_client_logs()  # what every service's logging setup does
        caplog.set_level(logging.INFO)
        llm.add(answer("ok"))
        await ask(make_analyst(llm, base_url=f"{llm.base_url}?tenant=SECRET-tenant-7"), toolbox)
        assert llm.requests and "SECRET-tenant-7" in llm.requests[0].path
        assert "SECRET-tenant-7" not in caplog.text and "HTTP Request" not in caplog.text
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_max_tokens_rejected_switches_to_max_completion_tokens(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(
        error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
        answer("ok"),
    )
    result = await ask(make_analyst(llm, max_tokens=512), toolbox)
    assert result.parts[0].text == "ok"
    assert llm.requests[0].body["max_tokens"] == 512
    assert llm.requests[1].body["max_completion_tokens"] == 512 and "max_tokens" not in llm.requests[1].body


async def test_malformed_completion_maps_to_unavailable(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    from tests.scripted_llm import Reply

    llm.add(Reply(raw_body='{"choices": []}'))
    with pytest.raises(Unavailable, match="unexpected response"):
        await ask(make_analyst(llm), toolbox)


# ---------------------------------------------------------------- the API key


async def test_api_key_sent_as_bearer_and_never_logged(
    llm: ScriptedLLM, toolbox: SqliteToolbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    llm.add(tool_calls(call("run_sql", sql=REVENUE_SQL)), answer("EMEA leads."))
    analyst = make_analyst(llm)
    await ask(analyst, toolbox)
    assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in llm.requests)
    assert "api-key" not in llm.requests[0].headers  # only sent to Azure hosts
    assert caplog.records, "expected engine/httpx debug logs to be captured"
    assert API_KEY not in caplog.text
    assert API_KEY not in repr(analyst) and API_KEY not in repr(LlmConfig(llm.base_url, API_KEY, "m"))


async def test_no_key_means_no_authorization_header(llm: ScriptedLLM, toolbox: SqliteToolbox) -> None:
    llm.add(answer("ok"))
    await ask(make_analyst(llm, api_key=""), toolbox)
    assert "authorization" not in llm.requests[0].headers


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize("url", ["https://user:sk-in-url-secret@api.example.com/v1", "http://sk-in-url-secret@127.0.0.1:1/v1"])
def test_base_url_with_credentials_is_refused_at_start(url: str) -> None:
    with pytest.raises(InvalidArgument) as exc:
        LlmConfig.from_env({"DOT_LLM_BASE_URL": url, "DOT_LLM_MODEL": "m", "DOT_LLM_API_KEY": API_KEY})
    assert "credentials" in str(exc.value) and "sk-in-url-secret" not in str(exc.value)


def test_config_from_env() -> None:
    assert LlmConfig.from_env({}) is None
    assert LlmConfig.from_env({"DOT_LLM_BASE_URL": "http://h/v1"}) is None
    cfg = LlmConfig.from_env(
        {"DOT_LLM_BASE_URL": "http://127.0.0.1:11434/v1", "DOT_LLM_MODEL": "qwen", "DOT_LLM_TIMEOUT_S": "30", "DOT_LLM_MAX_STEPS": "5"}
    )
    assert cfg is not None
    assert (cfg.base_url, cfg.api_key, cfg.model, cfg.timeout_s, cfg.max_steps) == ("http://127.0.0.1:11434/v1", "", "qwen", 30.0, 5)
    keyed = LlmConfig.from_env({"DOT_LLM_BASE_URL": "https://api.openai.com/v1", "DOT_LLM_MODEL": "gpt", "DOT_LLM_API_KEY": API_KEY})
    assert keyed is not None and keyed.api_key == API_KEY and API_KEY not in repr(keyed)
    with pytest.raises(InvalidArgument, match="DOT_LLM_MAX_STEPS"):
        LlmConfig.from_env({"DOT_LLM_BASE_URL": "http://h/v1", "DOT_LLM_MODEL": "m", "DOT_LLM_MAX_STEPS": "many"})
    with pytest.raises(InvalidArgument, match="DOT_LLM_BASE_URL"):
        LlmConfig.from_env({"DOT_LLM_BASE_URL": "ftp://h", "DOT_LLM_MODEL": "m"})


# ---------------------------------------------------------------- resource bounds


@pytest.fixture
def big_db(tmp_path: Path) -> Path:
    path = tmp_path / "big.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT, amount REAL)")
    con.executemany("INSERT INTO big VALUES (?, ?, ?)", ((i, f"label {i}", i * 1.5) for i in range(5000)))
    con.commit()
    con.close()
    return path


async def test_tool_calls_are_capped_and_old_results_are_not_kept(llm: ScriptedLLM, big_db: Path) -> None:
    """60 run_sql calls in one reply: 8 run, the rest get an error; across steps the answer's cap holds;
    only the newest results stay whole, so memory does not grow with the number of calls."""
    import gc
    import tracemalloc

    toolbox = SqliteToolbox(big_db, row_limit=100_000)
    flood = [call("run_sql", sql=f"SELECT * FROM big WHERE id >= {i}", title=f"q{i}") for i in range(60)]
    llm.add(*[tool_calls(*flood) for _ in range(6)], answer("Done.", query_ids=["q1", "q30"]))
    gc.collect()
    tracemalloc.start()
    try:
        result = await ask(make_analyst(llm, max_steps=10), toolbox, mode="balanced")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    outputs = llm.requests[1].tool_messages()
    assert len(outputs) == 60  # every call id gets a reply
    assert sum(1 for m in outputs if m["content"].startswith("query_id:")) == 8
    assert all("at most 8 tool calls per reply" in m["content"] for m in outputs[8:])
    assert len(toolbox.sql_calls) == 32 + 2  # the answer's cap, plus q1 and q30 re-run for the answer
    assert "tool calls are used up" in llm.requests[-1].tool_messages()[-60]["content"]  # 6th reply's first call
    frames = [p for p in result.parts if p.kind == "query"]
    assert [p.title for p in frames] == ["q5", "q0"]  # q30 (4th reply, 6th call) and q1, both whole again
    assert frames[1].result is not None and len(frames[1].result.rows) == 5000
    assert frames[0].result is not None and len(frames[0].result.rows) == 5000 - 5
    print(f"peak traced memory for 32 x 5,000-row results: {peak / 1e6:.1f} MB")
    assert peak < 40e6  # all 32 results kept whole would be ~100 MB
