"""Types shared by every analyst engine (offline and LLM) and the conversation service.

Engines never hold warehouse credentials: they see the catalog as ``Schema`` and run
SQL only through ``Toolbox.run_sql``, which goes through the knowledge service's guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol


@dataclass(frozen=True)
class Column:
    """One column as the catalog knows it after sync (plus docs written by people/dbt)."""

    name: str
    type: str = ""  # as reported by the warehouse, e.g. "INTEGER", "varchar(20)"
    description: str = ""
    is_primary_key: bool = False
    # For text-like columns: distinct non-null values seen by sync. When
    # ``values_complete`` is true these are ALL distinct values (low cardinality);
    # otherwise a few examples only.
    sample_values: tuple[str, ...] = ()
    values_complete: bool = False
    distinct_count: int | None = None
    role: str = ""  # a modeler's correction of the semantic role (services/common/column_roles.ROLES)
    synonyms: tuple[str, ...] = ()  # extra words a modeler added for this column


@dataclass(frozen=True)
class ForeignKey:
    """``column`` of the owning table references ``ref_table.ref_column``."""

    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class Table:
    """A table or view. ``name`` is how SQL must reference it (may be schema-qualified)."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""
    foreign_keys: tuple[ForeignKey, ...] = ()
    row_count: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """Everything the asker may query on one connection, in one SQL dialect (sqlglot name)."""

    tables: tuple[Table, ...]
    dialect: str = "sqlite"
    connection_id: str = ""

    def table(self, name: str) -> Table | None:
        """Case-insensitive lookup by SQL name."""
        low = name.lower()
        return next((t for t in self.tables if t.name.lower() == low), None)


@dataclass(frozen=True)
class QueryResult:
    """Rows from a guarded query. ``truncated`` when the row limit cut the result."""

    sql: str  # the SQL as executed after guarding
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool = False


class Toolbox(Protocol):
    """What an engine may do against the data. Implemented over knowledge-service RPCs."""

    async def schema(self) -> Schema:
        """The full catalog visible to the asker (for one connection)."""
        ...

    async def search_catalog(self, query: str, limit: int = 10) -> list[Table]:
        """Tables ranked by relevance to free text (names, docs, values)."""
        ...

    async def run_sql(self, sql: str) -> QueryResult:
        """Run one read-only statement through the guard. Raises QueryRefused/QueryFailed."""
        ...


@dataclass(frozen=True)
class ChartSpec:
    """Engine's hint for a chart of a query result (columns by name)."""

    kind: Literal["bar", "line", "scatter", "pie"]
    x: str
    y: str
    series: str | None = None
    title: str = ""


@dataclass
class AnswerPart:
    """One rendered part of an answer, in order: text, or a query result with optional chart."""

    kind: Literal["text", "query"]
    text: str = ""
    result: QueryResult | None = None
    chart: ChartSpec | None = None
    title: str = ""  # short name of a query part, e.g. "Revenue by month"


@dataclass
class AnalystAnswer:
    """What an engine returns for one user message.

    ``state`` is JSON-able data the engine wants back on the next message of the same
    chat (e.g. the previous query's structure for follow-ups); the service stores it.
    ``understood`` is false when the engine could not link the question confidently:
    then ``parts`` explain what was not understood and ``suggested_follow_ups`` offer
    questions it can answer.
    """

    parts: list[AnswerPart]
    suggested_follow_ups: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    understood: bool = True
    state: dict[str, Any] = field(default_factory=dict)


Mode = Literal["economy", "balanced", "frontier"]


@dataclass(frozen=True)
class Turn:
    """A previous message of the chat, as engines see it."""

    role: Literal["user", "assistant"]
    content: str


class Analyst(Protocol):
    """An engine. ``deep`` asks for a multi-query report (agentic / deep analysis)."""

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
        ...
