"""LLM analyst: a tool-calling loop over any OpenAI-compatible Chat Completions endpoint.

Works with OpenAI, Azure OpenAI (v1 API or a deployment URL with ``?api-version=``),
vLLM, Ollama and llama.cpp server: only ``POST {base_url}/chat/completions`` with
``tools`` is used. The model sees the catalog and runs SQL only through the
``Toolbox``, so every statement passes the guard; refusals and database errors are
fed back to the model so it can repair its SQL, within a bounded number of attempts.

Budgets by energy mode (``budget_for``); ``deep`` multiplies steps and time by 1.5 and
tokens by 2, and ``LlmConfig.max_wall_time_s`` caps the wall time:

=========  ==========================  ============  ===========  =============
mode       steps (model round trips)   total tokens  wall time    SQL repairs
=========  ==========================  ============  ===========  =============
economy    max(3, max_steps // 2)      30,000        90 s         2
balanced   max_steps (default 8)       100,000       180 s        3
frontier   max_steps * 2               300,000       420 s        5
=========  ==========================  ============  ===========  =============

The API key is sent as ``Authorization: Bearer`` (plus ``api-key`` for Azure hosts)
and never appears in logs, reprs or error messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import math
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, AsyncIterator, Mapping

import httpx

from services.common.errors import (
    InvalidArgument,
    QueryFailed,
    QueryRefused,
    Timeout,
    Unavailable,
)
from services.conversation import charts
from services.conversation.engine.types import (
    AnalystAnswer,
    AnswerPart,
    ChartSpec,
    Mode,
    QueryResult,
    Schema,
    Table,
    Toolbox,
    Turn,
)

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
AZURE_HOST_SUFFIXES = (".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com")
ROWS_SHOWN_TO_MODEL = 30
TOOL_OUTPUT_CHARS = 8000
SCHEMA_PROMPT_CHARS = 12000
HISTORY_TURNS = 10
STATE_KEY = "llm_last_sql"
LAST_STEP_NOTE = "This is your last step: call answer now with what you have."
#: tool calls executed from one model reply and in one answer; more get a tool error message
MAX_TOOL_CALLS_PER_STEP = 8
MAX_TOOL_CALLS_PER_ANSWER = 32
#: query results kept whole in one answer (the newest); older ones keep only what the model saw
#: and are re-run if the final answer cites them, so memory per answer stays bounded
KEPT_RESULTS = 2
#: dataframes one answer attaches (each up to the query row limit)
MAX_ANSWER_QUERIES = 3

# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class LlmConfig:
    """Where the model lives and how hard to drive it. ``api_key`` is hidden from repr."""

    base_url: str  # e.g. "https://api.openai.com/v1", "http://127.0.0.1:11434/v1"
    api_key: str = field(repr=False)
    model: str
    max_steps: int = 8
    timeout_s: float = 60.0  # per HTTP request
    max_tokens: int = 2048  # per completion
    temperature: float = 0.0
    max_retries: int = 2  # for 429/5xx and connection errors
    max_wall_time_s: float | None = None  # caps every mode's wall-time budget

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LlmConfig | None:
        """Config from DOT_LLM_* variables; None when no endpoint/model is configured.

        Required: DOT_LLM_BASE_URL, DOT_LLM_MODEL. Optional: DOT_LLM_API_KEY (local
        servers need none), DOT_LLM_MAX_STEPS, DOT_LLM_TIMEOUT_S, DOT_LLM_MAX_TOKENS,
        DOT_LLM_TEMPERATURE, DOT_LLM_MAX_WALL_S.
        """
        base_url = env.get("DOT_LLM_BASE_URL", "").strip()
        model = env.get("DOT_LLM_MODEL", "").strip()
        if not base_url or not model:
            return None
        if not re.match(r"^https?://[^/]+", base_url):
            raise InvalidArgument("DOT_LLM_BASE_URL must be an http(s) URL, e.g. https://api.openai.com/v1")
        try:
            userinfo = httpx.URL(base_url).userinfo
        except httpx.InvalidURL:
            raise InvalidArgument("DOT_LLM_BASE_URL is not a valid URL") from None
        if userinfo:
            # userinfo would be logged with every URL and silently replace the Bearer key: refuse at start
            raise InvalidArgument("DOT_LLM_BASE_URL must not contain credentials (user:password@); "
                                  "put the key in DOT_LLM_API_KEY")
        return cls(
            base_url=base_url,
            api_key=env.get("DOT_LLM_API_KEY", "").strip(),
            model=model,
            max_steps=_env_number(env, "DOT_LLM_MAX_STEPS", 8, int, 1, 100),
            timeout_s=_env_number(env, "DOT_LLM_TIMEOUT_S", 60.0, float, 1, 3600),
            max_tokens=_env_number(env, "DOT_LLM_MAX_TOKENS", 2048, int, 64, 1_000_000),
            temperature=_env_number(env, "DOT_LLM_TEMPERATURE", 0.0, float, 0, 2),
            max_wall_time_s=_env_number(env, "DOT_LLM_MAX_WALL_S", None, float, 1, 86400),
        )


def _env_number(env: Mapping[str, str], name: str, default: Any, kind: type, low: float, high: float) -> Any:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise InvalidArgument(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise InvalidArgument(f"{name} must be between {low} and {high}, got {raw}")
    return value


@dataclass(frozen=True)
class Budget:
    """Limits of one answer: model round trips, tokens (from usage), seconds, SQL repairs.

    ``max_repairs`` is how many more queries may follow failed ones: after
    ``max_repairs + 1`` refused/failed queries, run_sql stops executing.
    """

    max_steps: int
    max_total_tokens: int
    wall_time_s: float
    max_repairs: int


def budget_for(mode: Mode, config: LlmConfig, *, deep: bool) -> Budget:
    """Map an energy mode to limits (see the module docstring table)."""
    if mode == "economy":
        budget = Budget(max(3, config.max_steps // 2), 30_000, 90.0, 2)
    elif mode == "frontier":
        budget = Budget(config.max_steps * 2, 300_000, 420.0, 5)
    else:
        budget = Budget(config.max_steps, 100_000, 180.0, 3)
    if deep:
        budget = Budget(
            math.ceil(budget.max_steps * 1.5),
            budget.max_total_tokens * 2,
            budget.wall_time_s * 1.5,
            budget.max_repairs,
        )
    if config.max_wall_time_s is not None and config.max_wall_time_s < budget.wall_time_s:
        budget = Budget(budget.max_steps, budget.max_total_tokens, config.max_wall_time_s, budget.max_repairs)
    return budget


# ---------------------------------------------------------------- tools


def _function(name: str, description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


_STR = {"type": "string"}
_STR_LIST = {"type": "array", "items": {"type": "string"}}
TOOLS: tuple[dict[str, Any], ...] = (
    _function(
        "search_catalog",
        "Find tables relevant to some words (table/column names, descriptions, values).",
        {"query": {**_STR, "description": "words describing the data you need"}},
        ["query"],
    ),
    _function(
        "describe_table",
        "Columns, types, keys, descriptions and sample values of one table.",
        {"name": {**_STR, "description": "table name as used in SQL"}},
        ["name"],
    ),
    _function(
        "run_sql",
        "Run one read-only SELECT statement and get its rows (or the error to fix).",
        {
            "sql": {**_STR, "description": "a single SELECT statement"},
            "title": {**_STR, "description": "short name of what the result shows, e.g. 'Revenue by month'"},
        },
        ["sql"],
    ),
    _function(
        "make_chart",
        "Attach a chart to the last successful query result.",
        {
            "kind": {"type": "string", "enum": ["bar", "line", "scatter", "pie"]},
            "x": {**_STR, "description": "result column for the x axis / categories"},
            "y": {**_STR, "description": "numeric result column"},
            "title": _STR,
            "series": {**_STR, "description": "optional column that splits lines or bar groups"},
        },
        ["kind", "x", "y"],
    ),
    _function(
        "answer",
        "Give the final answer to the user. Call exactly once, at the end.",
        {
            "text": {**_STR, "description": "the answer, with the key numbers from the results"},
            "follow_ups": {**_STR_LIST, "description": "2-3 natural follow-up questions"},
            "query_ids": {
                **_STR_LIST,
                "description": "ids (q1, q2, ...) of the results the answer relies on; default: the last one",
            },
            "assumptions": {**_STR_LIST, "description": "assumptions you made about the question, if any"},
        },
        ["text"],
    ),
)
TOOL_NAMES = tuple(t["function"]["name"] for t in TOOLS)


# ---------------------------------------------------------------- run state


class _BudgetSpent(Exception):
    """Internal: the wall-time budget ran out while waiting (not an endpoint failure)."""


@dataclass
class _Query:
    id: str
    result: QueryResult
    title: str
    chart: ChartSpec | None = None
    sql: str = ""  # as the model wrote it, to re-run an evicted result
    evicted: bool = False  # rows cut to what the model saw; re-run before use in the answer


@dataclass
class _Final:
    text: str
    follow_ups: list[str]
    query_ids: list[str]
    assumptions: list[str]


@dataclass
class _Run:
    """Mutable state of one ``answer`` call (never shared between calls)."""

    toolbox: Toolbox
    schema: Schema
    budget: Budget
    deadline: float
    messages: list[dict[str, Any]] = field(default_factory=list)
    queries: list[_Query] = field(default_factory=list)
    tokens: int = 0
    tool_calls: int = 0
    failed_queries: int = 0
    last_failure: str = ""  # e.g. "refused by the data guard: only SELECT is allowed"
    use_max_completion_tokens: bool = False
    send_temperature: bool = True

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


# ---------------------------------------------------------------- the analyst


class LlmAnalyst:
    """Analyst engine driving a chat model with tools (implements ``Analyst``)."""

    def __init__(self, config: LlmConfig, *, client: httpx.AsyncClient | None = None) -> None:
        self._config = config
        self._client = client  # shared client for connection reuse; else one per answer

    def __repr__(self) -> str:
        return f"LlmAnalyst(model={self._config.model!r}, host={_host(self._config.base_url)!r})"

    async def answer(
        self,
        question: str,
        *,
        toolbox: Toolbox,
        history: list[Turn],
        state: dict[str, Any],
        mode: Mode,
        deep: bool,
    ) -> AnalystAnswer:
        """Run the tool loop until the model answers or a budget runs out."""
        budget = budget_for(mode, self._config, deep=deep)
        run = _Run(toolbox, await toolbox.schema(), budget, time.monotonic() + budget.wall_time_s)
        run.messages = [
            {"role": "system", "content": _system_prompt(run.schema, deep=deep, state=state)},
            *_history_messages(history),
            {"role": "user", "content": question},
        ]
        reason = "step limit"
        async with self._client_scope() as client:
            for step in range(budget.max_steps):
                if run.remaining() <= 0:
                    reason = "time budget"
                    break
                if run.tokens >= budget.max_total_tokens:
                    reason = "token budget"
                    break
                if step == budget.max_steps - 1 and step > 0:
                    run.messages.append({"role": "user", "content": LAST_STEP_NOTE})
                try:
                    final = await self._step(client, run, step)
                except _BudgetSpent:
                    reason = "time budget"
                    break
                if final is not None:
                    return await _final_answer(run, final, state)
            else:
                if run.tokens >= budget.max_total_tokens:
                    reason = "token budget"
        log.info("llm analyst stopped: %s (steps=%d tokens=%d)", reason, budget.max_steps, run.tokens)
        return await _exhausted_answer(run, reason, state)

    @contextlib.asynccontextmanager
    async def _client_scope(self) -> AsyncIterator[httpx.AsyncClient]:
        if self._client is not None:
            yield self._client
            return
        async with httpx.AsyncClient() as client:
            yield client

    async def _step(self, client: httpx.AsyncClient, run: _Run, step: int) -> _Final | None:
        """One model round trip, then its tool calls. Returns the final answer if given."""
        message = await self._complete(client, run)
        calls = message.get("tool_calls") or []
        content = _strip_think(message.get("content") or "")
        log.debug("llm step %d: %d tool call(s), tokens so far %d", step, len(calls), run.tokens)
        if not calls:
            run.messages.append({"role": "assistant", "content": content})
            if content:
                return _Final(content, [], [], [])
            run.messages.append({"role": "user", "content": "Use a tool, or call answer with your final answer."})
            return None
        calls = [_normalize_call(c, step, i) for i, c in enumerate(calls)]
        run.messages.append({"role": "assistant", "content": message.get("content") or None, "tool_calls": calls})
        final: _Final | None = None
        for index, call in enumerate(calls):
            name = call["function"]["name"]
            if final is not None:
                output = "Ignored: answer was already given."
            elif name != "answer" and index >= MAX_TOOL_CALLS_PER_STEP:
                output = (f"Not executed: at most {MAX_TOOL_CALLS_PER_STEP} tool calls per reply are run. "
                          "Ask only for what you need next.")
            elif name != "answer" and run.tool_calls >= MAX_TOOL_CALLS_PER_ANSWER:
                output = (f"Not executed: this answer's {MAX_TOOL_CALLS_PER_ANSWER} tool calls are used up. "
                          "Call answer now with what you have.")
            else:
                run.tool_calls += name != "answer"
                output, final = await _call_tool(run, name, call["function"]["arguments"])
            run.messages.append({"role": "tool", "tool_call_id": call["id"], "content": output[:TOOL_OUTPUT_CHARS]})
        return final

    async def _complete(self, client: httpx.AsyncClient, run: _Run) -> dict[str, Any]:
        """POST one chat completion; retries transient failures; adapts to parameter quirks."""
        cfg = self._config
        url = _completions_url(cfg.base_url)
        adaptations = 0
        attempt = 0
        while True:
            timeout = min(cfg.timeout_s, run.remaining())
            if timeout <= 0:
                raise _BudgetSpent()
            clipped = timeout < cfg.timeout_s
            try:
                resp = await client.post(
                    url,
                    json=self._payload(run),
                    headers=_headers(cfg),
                    timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                )
            except httpx.TimeoutException:
                if clipped:
                    raise _BudgetSpent() from None
                raise Timeout(f"The language model at {_host(cfg.base_url)} did not answer within {cfg.timeout_s:g} s.") from None
            except httpx.HTTPError as exc:
                if attempt < cfg.max_retries:
                    attempt += 1
                    await _backoff(run, attempt, None)
                    continue
                raise Unavailable(
                    f"Could not reach the language model at {_host(cfg.base_url)} ({type(exc).__name__})."
                ) from None
            if resp.status_code == 400 and adaptations < 2 and _adapt_to_400(run, resp):
                adaptations += 1
                continue
            if resp.status_code in RETRYABLE_STATUS and attempt < cfg.max_retries:
                attempt += 1
                await _backoff(run, attempt, resp.headers.get("retry-after"))
                continue
            if resp.status_code >= 400:
                raise _http_error(cfg, resp)
            return _parse_completion(cfg, run, resp)

    def _payload(self, run: _Run) -> dict[str, Any]:
        cfg = self._config
        payload: dict[str, Any] = {"model": cfg.model, "messages": run.messages, "tools": list(TOOLS)}
        payload["max_completion_tokens" if run.use_max_completion_tokens else "max_tokens"] = cfg.max_tokens
        if run.send_temperature:
            payload["temperature"] = cfg.temperature
        return payload


# ---------------------------------------------------------------- HTTP helpers


def _host(base_url: str) -> str:
    """Host[:port] only: a base URL could carry userinfo, which must not be shown."""
    try:
        url = httpx.URL(base_url)
    except Exception:  # noqa: BLE001 - any unparsable URL is simply "unknown"
        return "the configured endpoint"
    return f"{url.host}:{url.port}" if url.port else url.host


def _completions_url(base_url: str) -> httpx.URL:
    url = httpx.URL(base_url)
    path = url.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    return url.copy_with(path=path)


def _headers(cfg: LlmConfig) -> dict[str, str]:
    headers = {"Accept": "application/json"}
    if cfg.api_key:
        headers["Authorization"] = f"Bearer {cfg.api_key}"
        if httpx.URL(cfg.base_url).host.endswith(AZURE_HOST_SUFFIXES):
            headers["api-key"] = cfg.api_key
    return headers


async def _backoff(run: _Run, attempt: int, retry_after: str | None) -> None:
    delay = 0.5 * 2 ** (attempt - 1)
    if retry_after:
        with contextlib.suppress(ValueError):
            delay = min(float(retry_after), 5.0)
    if delay >= run.remaining():
        raise _BudgetSpent()
    await asyncio.sleep(delay)


def _error_text(cfg: LlmConfig, resp: httpx.Response) -> str:
    """The endpoint's own error message, scrubbed of the key and then shortened (the other order
    could cut the key in two and leave its first half for the user)."""
    try:
        body = resp.json()
        err = body.get("error", body) if isinstance(body, dict) else body
        text = err.get("message") if isinstance(err, dict) else str(err)
    except ValueError:
        text = resp.text
    text = " ".join(str(text or "").split())
    return (text.replace(cfg.api_key, "***") if cfg.api_key else text)[:300]


def _adapt_to_400(run: _Run, resp: httpx.Response) -> bool:
    """Newer OpenAI models reject ``max_tokens``/``temperature``; switch and retry once."""
    text = resp.text.lower()
    if "max_tokens" in text and "max_completion_tokens" in text and not run.use_max_completion_tokens:
        run.use_max_completion_tokens = True
        return True
    if "temperature" in text and run.send_temperature and ("unsupported" in text or "not support" in text):
        run.send_temperature = False
        return True
    return False


def _http_error(cfg: LlmConfig, resp: httpx.Response) -> Unavailable:
    host, code = _host(cfg.base_url), resp.status_code
    if code in (401, 403):
        return Unavailable(f"The language model at {host} rejected the API key (HTTP {code}); check DOT_LLM_API_KEY.")
    if code == 404:
        return Unavailable(
            f"The language model at {host} returned HTTP 404 ({_error_text(cfg, resp)}); "
            "check DOT_LLM_BASE_URL and DOT_LLM_MODEL."
        )
    if code == 429:
        return Unavailable(f"The language model at {host} is rate limiting requests (HTTP 429); try again later.")
    return Unavailable(f"The language model at {host} failed with HTTP {code}: {_error_text(cfg, resp)}")


def _parse_completion(cfg: LlmConfig, run: _Run, resp: httpx.Response) -> dict[str, Any]:
    try:
        body = resp.json()
        message = body["choices"][0]["message"]
        if not isinstance(message, dict):
            raise TypeError("message is not an object")
    except (ValueError, KeyError, IndexError, TypeError):
        raise Unavailable(f"The language model at {_host(cfg.base_url)} returned an unexpected response.") from None
    usage = body.get("usage") or {}
    total = usage.get("total_tokens") or (usage.get("prompt_tokens", 0) + usage.get("completion_tokens", 0))
    if not total:  # some local servers omit usage: estimate ~4 characters per token
        total = (len(json.dumps(run.messages)) + len(json.dumps(message))) // 4
    run.tokens += int(total)
    return message


def _normalize_call(call: dict[str, Any], step: int, index: int) -> dict[str, Any]:
    """Echo-able tool call: id present, arguments as a JSON string (as the API expects back)."""
    fn = call.get("function") or {}
    args = fn.get("arguments", "")
    if not isinstance(args, str):
        args = json.dumps(args)
    return {
        "id": call.get("id") or f"call_{step}_{index}",
        "type": "function",
        "function": {"name": str(fn.get("name", "")), "arguments": args},
    }


def _strip_think(text: str) -> str:
    """Reasoning models served locally may prefix answers with <think>...</think>."""
    return re.sub(r"<think>.*?</think>", "", text, flags=re.S).strip()


# ---------------------------------------------------------------- tool execution


async def _call_tool(run: _Run, name: str, raw_args: str) -> tuple[str, _Final | None]:
    """Run one tool call; every problem becomes text for the model, never an exception."""
    try:
        args = json.loads(raw_args) if raw_args.strip() else {}
        if not isinstance(args, dict):
            raise ValueError("arguments must be a JSON object")
    except ValueError as exc:
        return f"Invalid arguments for {name}: {exc}. Send a JSON object matching the tool schema.", None
    if name == "answer":
        return "Answer recorded.", _final_from_args(args)
    handlers = {
        "search_catalog": _tool_search,
        "describe_table": _tool_describe,
        "run_sql": _tool_run_sql,
        "make_chart": _tool_chart,
    }
    handler = handlers.get(name)
    if handler is None:
        return f"Unknown tool {name!r}. Available tools: {', '.join(TOOL_NAMES)}.", None
    try:
        return await handler(run, args), None
    except _MissingArgument as exc:
        return f"Missing argument {exc} for {name}.", None


class _MissingArgument(Exception):
    pass


def _arg(args: dict[str, Any], key: str, required: bool = True) -> str:
    value = args.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _MissingArgument(repr(key))
        return ""
    return str(value).strip()


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def _final_from_args(args: dict[str, Any]) -> _Final:
    return _Final(
        text=_strip_think(str(args.get("text") or "")),
        follow_ups=_str_list(args.get("follow_ups"))[:5],
        query_ids=_str_list(args.get("query_ids")),
        assumptions=_str_list(args.get("assumptions")),
    )


async def _with_deadline(run: _Run, coro: Any) -> Any:
    """Toolbox calls share the answer's wall-time budget."""
    try:
        async with asyncio.timeout(max(run.remaining(), 0.001)):
            return await coro
    except TimeoutError:
        raise _BudgetSpent() from None


async def _tool_search(run: _Run, args: dict[str, Any]) -> str:
    query = _arg(args, "query")
    tables = await _with_deadline(run, run.toolbox.search_catalog(query, limit=8))
    if not tables:
        names = ", ".join(t.name for t in run.schema.tables[:100])
        return f"No table matched {query!r}. Tables available: {names or '(none)'}."
    return "\n".join(_describe(t, samples=False) for t in tables)


async def _tool_describe(run: _Run, args: dict[str, Any]) -> str:
    name = _arg(args, "name")
    table = run.schema.table(name) or _by_short_name(run.schema, name)
    if table is None:
        close = [t.name for t in run.schema.tables if name.lower().split(".")[-1] in t.name.lower()][:10]
        hint = f" Similar: {', '.join(close)}." if close else " Use search_catalog to find tables."
        return f"Unknown table {name!r}.{hint}"
    return _describe(table, samples=True)


def _by_short_name(schema: Schema, name: str) -> Table | None:
    short = name.lower().split(".")[-1].strip('"`[]')
    matches = [t for t in schema.tables if t.name.lower().split(".")[-1].strip('"`[]') == short]
    return matches[0] if len(matches) == 1 else None


def _describe(table: Table, *, samples: bool) -> str:
    head = f"table {table.name}"
    if table.row_count is not None:
        head += f" ({table.row_count:,} rows)"
    if table.description:
        head += f": {table.description}"
    lines = [head]
    refs = {fk.column: f"{fk.ref_table}.{fk.ref_column}" for fk in table.foreign_keys}
    for col in table.columns:
        line = f"  - {col.name} {col.type}".rstrip()
        if col.is_primary_key:
            line += " PRIMARY KEY"
        if col.name in refs:
            line += f" -> {refs[col.name]}"
        if col.description:
            line += f" -- {col.description}"
        if samples and col.sample_values:
            label = "values" if col.values_complete else "e.g."
            line += f" [{label}: {', '.join(col.sample_values[:15])}]"
        lines.append(line)
    return "\n".join(lines)


async def _tool_run_sql(run: _Run, args: dict[str, Any]) -> str:
    sql = _arg(args, "sql")
    limit = run.budget.max_repairs
    if run.failed_queries > limit:
        return "Not executed: no query attempts are left. Call answer and explain the problem to the user."
    try:
        result: QueryResult = await _with_deadline(run, run.toolbox.run_sql(sql))
    except QueryRefused as exc:
        return _failure(run, "refused by the data guard", exc)
    except QueryFailed as exc:
        return _failure(run, "rejected by the database", exc)
    except Timeout as exc:
        return _failure(run, "stopped by the query time limit", exc)
    query = _Query(f"q{len(run.queries) + 1}", result, _arg(args, "title", required=False), sql=sql)
    run.queries.append(query)
    _evict_old_results(run)
    return _result_for_model(query)


def _evict_old_results(run: _Run) -> None:
    """Keep whole rows only for the newest ``KEPT_RESULTS`` queries; older ones keep what the model saw."""
    for query in run.queries[:-KEPT_RESULTS]:
        if not query.evicted:
            r = query.result
            query.result = QueryResult(r.sql, r.columns, r.rows[:ROWS_SHOWN_TO_MODEL],
                                       truncated=r.truncated or len(r.rows) > ROWS_SHOWN_TO_MODEL)
            query.evicted = True


async def _restore(run: _Run, queries: list[_Query]) -> list[_Query]:
    """Re-run evicted queries the answer relies on (bounded: the answer cites a few); drop any that fail."""
    out = []
    for query in queries:
        if query.evicted:
            try:
                query.result = await asyncio.wait_for(run.toolbox.run_sql(query.sql), max(run.remaining(), 5.0))
                query.evicted = False
            except (QueryRefused, QueryFailed, Timeout, TimeoutError, Unavailable):
                log.info("llm could not re-run %s for the answer", query.id)
                continue
        out.append(query)
    return out


def _failure(run: _Run, what: str, exc: Exception) -> str:
    run.failed_queries += 1
    run.last_failure = f"{what}: {str(exc).strip().rstrip('.')}"
    left = run.budget.max_repairs - run.failed_queries
    log.info("llm query %s (%d failed so far)", what, run.failed_queries)
    if left < 0:
        advice = "No query attempts are left: call answer now and tell the user what went wrong."
    elif what.startswith("refused"):
        advice = "Write a different, read-only SELECT that the guard allows."
    else:
        advice = "Fix the SQL and try again."
    return f"Query {what}: {exc}\n{advice}"


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def _result_for_model(query: _Query) -> str:
    result = query.result
    n = len(result.rows)
    shown = result.rows[:ROWS_SHOWN_TO_MODEL]
    lines = [
        f"query_id: {query.id}",
        f"columns: {json.dumps(list(result.columns))}",
        f"row_count: {n}{' (truncated by the row limit)' if result.truncated else ''}",
    ]
    if n > len(shown):
        lines.append(f"first {len(shown)} rows:")
    lines += [json.dumps([_cell(v) for v in row], ensure_ascii=False) for row in shown]
    text = "\n".join(lines)
    return text if len(text) <= TOOL_OUTPUT_CHARS else text[: TOOL_OUTPUT_CHARS - 20] + "\n... (cut)"


async def _tool_chart(run: _Run, args: dict[str, Any]) -> str:
    if not run.queries:
        return "No query result to chart yet: run a query first."
    query = run.queries[-1]
    kind = _arg(args, "kind")
    if kind not in ("bar", "line", "scatter", "pie"):
        return f"Unknown chart kind {kind!r}; use bar, line, scatter or pie."
    hint = ChartSpec(
        kind=kind,  # type: ignore[arg-type]
        x=_arg(args, "x"),
        y=_arg(args, "y"),
        series=_arg(args, "series", required=False) or None,
        title=_arg(args, "title", required=False),
    )
    missing = [c for c in (hint.x, hint.y) if c.lower() not in (n.lower() for n in query.result.columns)]
    if missing:
        return f"Column(s) {', '.join(missing)} are not in {query.id}; its columns are {', '.join(query.result.columns)}."
    chosen = charts.choose_chart(query.result, hint)
    if chosen is None:
        return f"{query.id} does not suit a chart (a single row, too many categories, or no numbers); no chart attached."
    query.chart = hint
    if chosen.kind != hint.kind or chosen.x != hint.x or chosen.y != hint.y:
        return f"That chart does not fit {query.id}; a {chosen.kind} chart of {chosen.y} by {chosen.x} will be shown instead."
    return f"Chart attached to {query.id}: {chosen.kind} of {chosen.y} by {chosen.x}."


# ---------------------------------------------------------------- prompts


def _system_prompt(schema: Schema, *, deep: bool, state: Mapping[str, Any]) -> str:
    dialect = schema.dialect or "standard SQL"
    rules = [
        f"You are Dot, a careful data analyst. Answer the user's question from the {dialect} database, using the tools.",
        "- The tables are listed below; use search_catalog and describe_table to learn columns and values you need.",
        f"- run_sql takes ONE read-only SELECT statement in the {dialect} dialect. Never try to modify data.",
        "- Use only tables and columns that exist. If a query fails or is refused, read the message, fix the SQL and retry.",
        "- Every number in your answer must come from a query result. Never invent data.",
        "- When a chart helps (a trend over time, a comparison across categories), call make_chart after the query.",
        "- Finish by calling answer once: lead with the direct answer and its key numbers (1-3 sentences), "
        "then offer 2-3 follow-up questions.",
        "- If the question cannot be answered from this data, say so in answer and suggest what can be asked.",
    ]
    if deep:
        rules.append(
            "- This is a deep analysis: run several queries from different angles, then answer with a short report "
            "(headline, key findings with numbers, recommendations) and pass the supporting query_ids."
        )
    parts = ["\n".join(rules), f"Today is {dt.date.today().isoformat()}.", _schema_overview(schema)]
    last_sql = state.get(STATE_KEY)
    if isinstance(last_sql, str) and last_sql:
        parts.append(f"The previous answer in this chat used this query:\n{last_sql}")
    examples = state.get("verified_examples")  # approved question/SQL pairs of this connection, closest first
    if isinstance(examples, list) and examples:
        shown = "\n\n".join(f"Q: {e.get('question', '')[:300]}\nSQL: {e.get('sql', '')[:2000]}" for e in examples[:3]
                            if isinstance(e, dict))
        parts.append("Queries reviewers approved for similar questions on this data (prefer their tables, joins and "
                     f"definitions):\n{shown}")
    return "\n\n".join(parts)


def _schema_overview(schema: Schema) -> str:
    if not schema.tables:
        return "No tables are visible to this user."
    full = "\n".join(_describe(t, samples=False) for t in schema.tables)
    if len(full) <= SCHEMA_PROMPT_CHARS:
        return f"Tables ({len(schema.tables)}):\n{full}"
    lines = [f"- {t.name}" + (f": {t.description[:80]}" if t.description else "") for t in schema.tables[:300]]
    more = f"\n... and {len(schema.tables) - 300} more; use search_catalog." if len(schema.tables) > 300 else ""
    return f"Tables ({len(schema.tables)}; call describe_table for columns):\n" + "\n".join(lines) + more


def _history_messages(history: list[Turn]) -> list[dict[str, str]]:
    return [{"role": t.role, "content": t.content[:2000]} for t in history[-HISTORY_TURNS:] if t.content.strip()]


# ---------------------------------------------------------------- building the answer


def _relied_queries(run: _Run, ids: list[str]) -> list[_Query]:
    """Queries the answer cites (default: the last one), the last successful one first."""
    if not run.queries:
        return []
    by_id = {q.id: q for q in run.queries}
    cited = [by_id[i] for i in dict.fromkeys(i.strip().lower() for i in ids) if i in by_id]
    if not cited:
        return [run.queries[-1]]
    latest = max(cited, key=run.queries.index)
    return [latest] + [q for q in run.queries if q in cited and q is not latest]


def _query_parts(queries: list[_Query]) -> list[AnswerPart]:
    return [AnswerPart(kind="query", result=q.result, chart=q.chart, title=q.title) for q in queries]


def _next_state(state: Mapping[str, Any], queries: list[_Query]) -> dict[str, Any]:
    nxt = {k: v for k, v in state.items() if k == STATE_KEY}
    if queries:
        nxt[STATE_KEY] = queries[0].result.sql
    return nxt


async def _final_answer(run: _Run, final: _Final, state: Mapping[str, Any]) -> AnalystAnswer:
    relied = await _restore(run, _relied_queries(run, final.query_ids)[:MAX_ANSWER_QUERIES])
    text = final.text or "Here is what I found."
    parts = [AnswerPart(kind="text", text=text)]
    if not run.queries and run.last_failure and run.last_failure.split(": ", 1)[-1] not in text:
        parts.append(AnswerPart(kind="text", text=f"My last query was {run.last_failure}."))
    parts += _query_parts(relied)
    return AnalystAnswer(
        parts=parts,
        suggested_follow_ups=final.follow_ups,
        assumptions=final.assumptions,
        understood=bool(run.queries) or not run.last_failure,
        state=_next_state(state, relied),
    )


async def _exhausted_answer(run: _Run, reason: str, state: Mapping[str, Any]) -> AnalystAnswer:
    if run.queries:
        last = run.queries[-1]
        text = f"I reached my {reason} before finishing the analysis; here is the most recent result."
        return AnalystAnswer(
            parts=[AnswerPart(kind="text", text=text), *_query_parts([last])],
            understood=True,
            state=_next_state(state, [last]),
        )
    text = f"I could not answer this within my {reason}."
    if run.last_failure:
        text += f" My last query was {run.last_failure}."
    return AnalystAnswer(parts=[AnswerPart(kind="text", text=text)], understood=False, state=_next_state(state, []))
