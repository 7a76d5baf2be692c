"""What a catalog read produces (``CatalogSnapshot`` of ``TableSnap``s), what a driver's bulk
catalog reader returns (``CatalogRead``), and the few query helpers the readers share.

Import-light (SQLAlchemy is imported inside the helpers): driver modules import it, and the
gateway imports the driver registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from services.knowledge.drivers.base import SYSTEM_SCHEMAS

if TYPE_CHECKING:
    from sqlalchemy import TextClause
    from sqlalchemy.engine import Connection

TableKind = Literal["table", "view"]
TableKey = tuple[str, str]

class ForeignKeySnap(NamedTuple):
    """``columns`` of the owning table reference ``ref_columns`` of ref_schema.ref_table."""

    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(slots=True)
class ColumnSnap:
    """One column as the warehouse reports it, plus values seen by sampling."""

    name: str
    type: str
    nullable: bool = True
    comment: str = ""
    ordinal: int = 0  # 1-based position in the table
    # Distinct non-null values (text-like columns, and numbers named like a yes/no state). When ``values_complete`` these
    # are ALL distinct values, sorted; otherwise a few examples.
    sample_values: list[str] = field(default_factory=list)
    values_complete: bool = False
    distinct_count: int | None = None


@dataclass(slots=True)
class TableSnap:
    """A table or view with its columns, keys and a row estimate (None when unknown)."""

    schema: str
    name: str
    kind: TableKind = "table"
    comment: str = ""
    columns: list[ColumnSnap] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKeySnap] = field(default_factory=list)
    row_estimate: int | None = None
    # Opaque markers: ``data_version`` changes whenever the table's rows may have changed,
    # ``structure_version`` whenever its columns, comments or keys may have. None when the
    # warehouse offers no cheap marker. Neither is a warehouse fact for diffing.
    data_version: str | None = None
    structure_version: str | None = None

    @property
    def key(self) -> TableKey:
        return (self.schema, self.name)

    def column(self, name: str) -> ColumnSnap | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(slots=True)
class CatalogSnapshot:
    """Everything one sync read from one connection."""

    tables: list[TableSnap] = field(default_factory=list)
    dialect: str = ""

    def table(self, schema: str, name: str) -> TableSnap | None:
        return next((t for t in self.tables if t.schema == schema and t.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for the knowledge store."""
        return {"dialect": self.dialect, "tables": [table_to_dict(t) for t in self.tables]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogSnapshot:
        return cls(
            tables=[table_from_dict(t) for t in data.get("tables", [])],
            dialect=str(data.get("dialect", "")),
        )


def table_to_dict(t: TableSnap) -> dict[str, Any]:
    """JSON-able form of one table (the store may keep tables one row each)."""
    return {
        "schema": t.schema,
        "name": t.name,
        "kind": t.kind,
        "comment": t.comment,
        "columns": [
            {
                "name": c.name,
                "type": c.type,
                "nullable": c.nullable,
                "comment": c.comment,
                "ordinal": c.ordinal,
                "sample_values": list(c.sample_values),
                "values_complete": c.values_complete,
                "distinct_count": c.distinct_count,
            }
            for c in t.columns
        ],
        "primary_key": list(t.primary_key),
        "foreign_keys": [
            {
                "columns": list(fk.columns),
                "ref_schema": fk.ref_schema,
                "ref_table": fk.ref_table,
                "ref_columns": list(fk.ref_columns),
            }
            for fk in t.foreign_keys
        ],
        "row_estimate": t.row_estimate,
        "data_version": t.data_version,
        "structure_version": t.structure_version,
    }


def table_from_dict(d: dict[str, Any]) -> TableSnap:
    return TableSnap(
        schema=d["schema"],
        name=d["name"],
        kind="view" if d.get("kind") == "view" else "table",
        comment=d.get("comment") or "",
        columns=[
            ColumnSnap(
                name=c["name"],
                type=c.get("type") or "",
                nullable=bool(c.get("nullable", True)),
                comment=c.get("comment") or "",
                ordinal=int(c.get("ordinal") or 0),
                sample_values=list(c.get("sample_values") or []),
                values_complete=bool(c.get("values_complete")),
                distinct_count=c.get("distinct_count"),
            )
            for c in d.get("columns", [])
        ],
        primary_key=list(d.get("primary_key") or []),
        foreign_keys=[
            ForeignKeySnap(
                tuple(fk["columns"]), fk["ref_schema"], fk["ref_table"], tuple(fk["ref_columns"])
            )
            for fk in d.get("foreign_keys") or []
        ],
        row_estimate=d.get("row_estimate"),
        data_version=d.get("data_version"),
        structure_version=d.get("structure_version"),
    )


@dataclass(slots=True)
class CatalogRead:
    """What a catalog reader returns: tables plus hints for counting and sampling."""

    tables: list[TableSnap]
    count_keys: set[TableKey] = field(default_factory=set)  # may get an exact COUNT(*)
    sizes: dict[TableKey, int] = field(default_factory=dict)  # bytes, where known
    local: bool = False  # embedded database: no timeouts, no worker pool, views are cheap
    dialect: str = ""
    # Tables whose data is unchanged since ``previous``: their columns (with values) and
    # row count are shared with the previous snapshot and need no counting or sampling.
    unchanged_data: set[TableKey] = field(default_factory=set)
    plain_sql: bool = True  # sampling SQL may be built as text (see _values_sql)
    # PostgreSQL tables whose statistics were computed from every row and are current.
    stats_exact: set[TableKey] = field(default_factory=set)


Reader = Callable[["Connection", list[str] | None, CatalogSnapshot | None], CatalogRead]


# --------------------------------------------------------------------------- query helpers


def schema_filter(column: str, schemas: list[str] | None) -> tuple[str, dict[str, Any]]:
    """SQL condition + params restricting ``column`` to the chosen (or non-system) schemas."""
    if schemas:
        return f"{column} IN :schemas", {"schemas": list(schemas)}
    excluded = sorted(SYSTEM_SCHEMAS)
    return (
        f"{column} NOT IN :excluded AND {column} NOT LIKE 'pg\\_%'",
        {"excluded": excluded},
    )


def text(sql: str, params: dict[str, Any] | None = None) -> TextClause:
    """A text statement whose list parameters expand (``IN :names``)."""
    import sqlalchemy as sa

    stmt = sa.text(sql)
    params = params or {}
    for name, value in params.items():
        if isinstance(value, list):
            stmt = stmt.bindparams(sa.bindparam(name, expanding=True))
    return stmt


def query(conn: Connection, sql: str, params: dict[str, Any]) -> list[Sequence[Any]]:
    return list(conn.execute(text(sql, params), params).all())


def decode(value: Any) -> str:
    return value.decode() if isinstance(value, bytes | bytearray) else str(value)


def try_sql(conn: Connection, sql: str) -> bool:
    """Run a session setting that some server versions lack; failure is harmless."""
    from sqlalchemy.exc import DBAPIError

    try:
        conn.execute(text(sql))
        return True
    except DBAPIError:
        conn.rollback()
        return False
