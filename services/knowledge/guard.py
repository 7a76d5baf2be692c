"""The query guard: the single gate every SQL passes before it reaches a warehouse.

Why it is shaped this way:
- The SQL that runs is never the text the engine sent. It is parsed with sqlglot in the
  connection's dialect, checked, rewritten and *re-rendered without comments*, so anything
  the parser did not understand as part of the one SELECT (hidden statements, MySQL
  executable comments, odd tokenisation) cannot reach the warehouse.
- Every real table reference is re-rendered with the catalog's own qualified name, so the
  table that was checked is exactly the table that is read (no search_path, CTE-shadowing
  or case-folding surprises).
- Row-level templates are applied by replacing *every* reference of a filtered table with
  ``(SELECT * FROM <table> WHERE <predicate>) AS <alias>``; group names enter the predicate
  as sqlglot string literals, so the dialect's own escaping applies.
- The rendered result is parsed and checked again, so a rendering bug fails closed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Union

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError

from services.common.errors import InvalidArgument, QueryRefused
from services.knowledge import drivers

# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class TableAccess:
    """What the catalog knows about one table: its qualified name, groups and row filter."""

    name: str
    groups: frozenset[str]
    row_filter: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who asks. ``groups`` is ordered: the first one is ``${groupname}``."""

    email: str
    groups: tuple[str, ...]
    role: str = "user"


@dataclass(frozen=True)
class GuardedQuery:
    """The SQL to execute (rewritten, rendered in the dialect) and the tables it reads."""

    sql: str
    tables: tuple[str, ...]
    row_filtered: tuple[str, ...] = ()


class TableIndex(Mapping[str, TableAccess]):
    """A read-only catalog indexed by table name for fast resolution.

    ``guard_sql`` builds one from any Mapping it is given; callers that guard many queries
    against the same catalog may build it once and pass it in.
    """

    def __init__(self, entries: Mapping[str, TableAccess] | Iterable[TableAccess]) -> None:
        values = list(entries.values()) if isinstance(entries, Mapping) else list(entries)
        self._by_name: dict[str, TableAccess] = {e.name: e for e in values}
        by_last: dict[str, list[tuple[tuple[str, ...], TableAccess]]] = {}
        for entry in self._by_name.values():
            parts = tuple(_split_name(entry.name))
            if parts:
                by_last.setdefault(parts[-1].lower(), []).append((parts, entry))
        self._by_last = by_last

    def __getitem__(self, name: str) -> TableAccess:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def candidates(self, table_name: str) -> list[tuple[tuple[str, ...], TableAccess]]:
        """Entries whose last name part equals ``table_name`` case-insensitively."""
        return self._by_last.get(table_name.lower(), [])


TableLookup = Callable[[str], Union[TableAccess, None]]
Catalog = Union[Mapping[str, TableAccess], TableLookup]

# --------------------------------------------------------------------------- constants

#: connection type -> sqlglot dialect name
SQLGLOT_DIALECTS: Mapping[str, str] = drivers.sqlglot_dialects()

#: schema an unqualified name lands in when the caller does not say
DEFAULT_SCHEMAS: Mapping[str, str] = {d.dialect: d.default_schema for d in drivers.DRIVERS.values()
                                     if d.warehouse and d.default_schema}

MAX_SQL_CHARS = 200_000

_LOWER_FOLD = drivers.dialects_with_case("lower")
_UPPER_FOLD = drivers.dialects_with_case("upper")
_ALWAYS_CASE_INSENSITIVE = drivers.dialects_with_case("insensitive")

_SYSTEM_SCHEMAS = drivers.SYSTEM_SCHEMAS

#: table functions allowed in FROM (everything else there is refused)
_SAFE_TABLE_FUNCTIONS = frozenset(
    {
        "generate_series",
        "explodinggenerateseries",
        "range",
        "unnest",
        "json_each",
        "json_tree",
        "json_each_text",
        "jsonb_each",
        "jsonb_each_text",
        "json_array_elements",
        "json_array_elements_text",
        "jsonb_array_elements",
        "jsonb_array_elements_text",
        "regexp_split_to_table",
        "regexp_matches",
        "string_to_table",
        "generate_subscripts",
        "json_table",
        "jsontable",
        "flatten",
        "explode",
        "explode_outer",
        "posexplode",
        "posexplode_outer",
        "inline",
        "inline_outer",
        "stack",
        "json_tuple",
        "split_to_table",
        "strtok_split_to_table",
    }
)

#: functions with side effects, file/network/process access, or that run SQL given as text
_DENIED_FUNCTIONS = frozenset(
    {
        # PostgreSQL / Redshift
        "pg_stat_file", "pg_promote", "pg_notify", "pg_reload_conf", "pg_rotate_logfile",
        "pg_rotate_logfile_old", "pg_switch_wal", "pg_switch_xlog", "pg_start_backup",
        "pg_stop_backup", "pg_export_snapshot", "pg_import_system_collations",
        "pg_prewarm", "pg_stat_statements_reset", "pg_read_server_files", "loread", "lowrite",
        "set_config", "current_setting", "nextval", "setval", "currval", "lastval",
        "ts_stat", "ts_rewrite", "xmlparse_external", "make_extension",
        # MySQL / MariaDB
        "load_file", "sleep", "benchmark", "get_lock", "release_lock", "release_all_locks",
        "is_free_lock", "is_used_lock", "master_pos_wait", "source_pos_wait",
        "master_gtid_wait", "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids",
        "sys_exec", "sys_eval", "sys_get", "sys_set", "last_insert_id",
        # SQLite (CLI / common extensions)
        "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "zipfile",
        "fsdir", "eval", "define", "undefine", "lines", "lines_read",
        # DuckDB
        "query", "query_table", "json_execute_serialized_sql", "json_serialize_sql",
        "getenv", "which_secret", "load_aws_credentials", "checkpoint", "force_checkpoint",
        "set_variable", "sniff_csv", "arrow_scan", "glob", "dbgen", "dsdgen", "tpch",
        "tpcds", "summary", "read_text", "read_blob",
        # SQL Server
        "openrowset", "opendatasource", "openquery", "openxml", "bulk", "xp_cmdshell",
        "waitfor", "next_value_for",
        # Snowflake
        "result_scan", "infer_schema", "validate", "get_ddl", "get_presigned_url",
        "build_scoped_file_url", "build_stage_file_url", "get_stage_location",
        "get_absolute_path", "get_relative_path", "to_file", "generator", "identifier",
        "dynamic_identifier", "dynamicidentifier", "system",
        # BigQuery
        "external_query", "vector_search", "appends", "changes", "generate_text",
        "generate_embedding", "generate_table", "ai_generate",
        # Databricks / Spark
        "reflect", "java_method", "try_reflect", "secret", "try_secret", "list_secrets",
        "http_request", "table_changes", "cloud_files_state", "event_log",
        # generic
        "shell", "exec", "execute", "sp_execute", "sp_executesql", "dblink",
    }
)

_DENIED_PREFIXES = (
    "pg_read_", "pg_ls_", "pg_sleep", "pg_terminate", "pg_cancel", "pg_signal",
    "pg_create_", "pg_drop_", "pg_copy_", "pg_backup", "pg_advisory", "pg_try_advisory",
    "pg_logical_", "pg_replication_", "pg_wal_", "pg_xlog_", "pg_file_", "pg_stat_reset",
    "pg_log_", "pg_current_xact", "binary_upgrade_", "txid_", "dblink", "lo_",
    "query_to_xml", "table_to_xml", "cursor_to_xml", "schema_to_xml", "database_to_xml",
    "http", "read_", "parquet_", "iceberg_", "delta_", "sqlite_", "postgres_", "mysql_",
    "duckdb_", "pragma_", "st_read", "ducklake_", "md_", "odbc_", "bigquery_",
    "substrait", "from_substrait", "get_substrait", "system$", "xp_", "sp_", "fn_",
    "ai_", "fileio_", "external_", "aws_",
)

_DENIED_FUNC_CLASSES: tuple[type[exp.Expression], ...] = tuple(
    cls
    for cls in (
        getattr(exp, name, None)
        for name in (
            "ReadCSV", "ReadParquet", "Secret", "ToFile", "DynamicIdentifier", "Generator",
            "GenerateTable", "GenerateText", "GenerateEmbedding", "AIGenerate", "NextValueFor",
        )
    )
    if cls is not None
)

#: qualifiers allowed in front of a function name (BigQuery SAFE./NET. are typed nodes)
_SAFE_FUNCTION_QUALIFIERS = frozenset({"pg_catalog"})


def _node_types(*names: str) -> tuple[type[exp.Expression], ...]:
    """Existing sqlglot node classes among ``names`` (tolerates version drift)."""
    found = (getattr(exp, name, None) for name in names)
    return tuple(cls for cls in found if isinstance(cls, type))


#: nodes that must never appear anywhere inside an accepted query
_FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (exp.DML, exp.DDL) + _node_types(
    "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "TruncateTable",
    "Copy", "Command", "Pragma", "Attach", "Detach", "Set", "SetItem", "Use",
    "Transaction", "Commit", "Rollback", "Grant", "Revoke", "Execute", "ExecuteSql",
    "Analyze", "Cache", "Uncache", "Refresh", "Export", "Declare", "Show", "Comment",
    "Kill", "LoadData", "Install", "Describe", "Summarize", "Into", "Lock", "Returning",
    "OnConflict", "Put", "Get", "UserDefinedFunction", "StoredProcedure", "IfBlock",
    "WhileBlock", "LoopBlock", "RepeatBlock", "ForIn", "SwapTable", "Undrop",
    "AlterSession", "Semicolon", "EndStatement", "TableFromRows", "MultitableInserts",
    "ConditionalInsert", "Credentials", "Directory", "DirectoryStage", "ListStage",
    "ConnectTo", "Disconnect", "Block",
)

_VARIABLE_NODES = _node_types("Placeholder", "Parameter", "SessionParameter")

_QUERY_TOPS = (exp.Select, exp.SetOperation)

#: statements hidden in comments ("-- ; DROP TABLE x", "/* DELETE FROM t */")
_HIDDEN_STATEMENT = re.compile(
    r";\s*\w"
    r"|\bdrop\s+(table|view|schema|database|index|function|procedure|trigger|user|role|"
    r"sequence|extension|type|macro|secret)\b"
    r"|\bdelete\s+from\b|\binsert\s+(into|overwrite)\b|\bupdate\s+\S+\s+set\b"
    r"|\balter\s+(table|view|schema|database|user|role|system|session|index)\b"
    r"|\bcreate\s+(or\s+replace\s+)?(temp\w*\s+)?(table|view|schema|database|index|"
    r"function|procedure|trigger|user|role|sequence|extension|type|macro|secret)\b"
    r"|\btruncate\s+table\b|\bgrant\s+\w+(\s*,\s*\w+)*\s+on\b|\battach\s+(database\s+)?['\"]"
    r"|\bpragma\s+\w+\s*(=|\()|\bcopy\s+\S+\s+(to|from)\b|\bmerge\s+into\b"
    r"|\bexec(ute)?\s+(xp_|sp_)|\bload\s+(data|extension)\b|\binstall\s+\w+\s*$"
    r"|\bcall\s+\w+\s*\(|\binto\s+(out|dump)file\b",
    re.IGNORECASE | re.MULTILINE,
)

_ALLOWED_CONTROL_CHARS = frozenset("\t\n\r\f")

# --------------------------------------------------------------------------- entry points


def guard_sql(
    sql: str,
    *,
    dialect: str,
    tables: Catalog,
    principal: Principal,
    default_schema: str | None = None,
) -> GuardedQuery:
    """Check one SQL query for ``principal`` and return the SQL that may run.

    Raises ``QueryRefused`` naming what was refused.
    """
    ctx = _Context.build(dialect, tables, principal, default_schema)
    try:
        tree = _parse_single_query(sql, ctx.dialect)
        _check_tree(tree)
        refs = _resolve_references(tree, ctx)
        filtered = _rewrite(tree, refs, ctx)
        rendered = tree.sql(dialect=ctx.dialect, comments=False, copy=False)  # the tree is not read again
        _recheck(rendered, ctx, filtered)
    except RecursionError:
        raise QueryRefused("the SQL is nested too deeply to check safely; simplify it") from None
    names = tuple(sorted({ref.access.name for ref in refs}))
    return GuardedQuery(sql=rendered, tables=names, row_filtered=tuple(sorted(filtered)))


def validate_row_filter(template: str, dialect: str) -> str:
    """Validate a row-level template when an admin saves it; return the text to store.

    Raises ``InvalidArgument`` explaining what is wrong.
    """
    sqlglot_dialect = _sqlglot_dialect(dialect, error=InvalidArgument)
    body = _strip_where(template)
    probe = Principal(email="validator@example.invalid", groups=("group_a", "group_b"))
    try:
        _row_filter_predicate(body, sqlglot_dialect, probe)
    except QueryRefused as err:
        raise InvalidArgument(f"invalid row-level filter: {err.detail}") from None
    except RecursionError:
        raise InvalidArgument("invalid row-level filter: nested too deeply") from None
    return body


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class _Context:
    dialect: str
    catalog: Catalog
    principal: Principal
    default_schema: str | None

    @staticmethod
    def build(
        dialect: str, catalog: Catalog, principal: Principal, default_schema: str | None
    ) -> _Context:
        name = _sqlglot_dialect(dialect, error=QueryRefused)
        schema = default_schema if default_schema else DEFAULT_SCHEMAS.get(name)
        if isinstance(catalog, Mapping) and not isinstance(catalog, TableIndex):
            catalog = TableIndex(catalog)
        return _Context(name, catalog, principal, schema)


def _sqlglot_dialect(name: str, *, error: type[Exception]) -> str:
    """Accept a connection type or a sqlglot dialect name."""
    key = (name or "").strip().lower()
    if key in SQLGLOT_DIALECTS:
        return SQLGLOT_DIALECTS[key]
    try:
        Dialect.get_or_raise(key)
    except ValueError:
        raise error(f"unsupported SQL dialect {name!r}") from None
    return key


# --------------------------------------------------------------------------- parsing


def _parse_single_query(sql: str, dialect: str) -> exp.Expression:
    """Parse text into exactly one SELECT-like statement, refusing anything else."""
    if not isinstance(sql, str) or not sql.strip():
        raise QueryRefused("empty SQL: send one SELECT query")
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused(f"SQL is too long ({len(sql)} characters, limit {MAX_SQL_CHARS})")
    _check_characters(sql)
    _check_comments(sql, dialect)
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except (ParseError, TokenError) as err:
        raise QueryRefused(f"could not parse the SQL as {dialect}: {_first_line(err)}") from None
    if not statements:
        raise QueryRefused("empty SQL: send one SELECT query")
    if len(statements) > 1:
        kinds = ", ".join(_statement_kind(s) for s in statements)
        raise QueryRefused(
            f"multiple statements are not allowed (found {len(statements)}: {kinds}); "
            "send exactly one SELECT query"
        )
    statement = _unwrap_parens(statements[0])
    if statement is not statements[0]:
        statement = statement.copy()
    if not isinstance(statement, _QUERY_TOPS):
        raise QueryRefused(
            f"only read-only SELECT queries are allowed (got {_statement_kind(statement)})"
        )
    return statement


def _unwrap_parens(node: exp.Expression) -> exp.Expression:
    while isinstance(node, (exp.Subquery, exp.Paren)) and not node.args.get("alias"):
        inner = node.this
        if not isinstance(inner, exp.Expression):
            break
        node = inner
    return node


def _statement_kind(node: exp.Expression) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, _QUERY_TOPS):
        return "SELECT"
    if isinstance(node, (exp.Column, exp.Alias, exp.Identifier)):
        return f"non-SELECT ({node.sql()[:40]})"
    return node.key.upper()


def _first_line(err: Exception) -> str:
    text = str(err).replace("\x1b[4m", "").replace("\x1b[0m", "")
    return text.strip().splitlines()[0][:300] if text.strip() else type(err).__name__


def _check_characters(sql: str) -> None:
    """Refuse invisible control and format characters that parsers disagree on."""
    for ch in sql:
        if ch in _ALLOWED_CONTROL_CHARS:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise QueryRefused(
                f"SQL contains an invisible control character U+{ord(ch):04X}; remove it"
            )


def _check_comments(sql: str, dialect: str) -> None:
    """Refuse executable comments and comments that hide statements."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(sql)
    except (TokenError, ParseError) as err:
        raise QueryRefused(f"could not parse the SQL as {dialect}: {_first_line(err)}") from None
    for token in tokens:
        for comment in token.comments:
            if _is_executable_comment(comment):
                raise QueryRefused(
                    "MySQL/MariaDB executable comments (/*! ... */) are not allowed"
                )
            if _HIDDEN_STATEMENT.search(comment):
                raise QueryRefused(
                    "a comment in the SQL contains what looks like another statement; "
                    "comments hiding statements are not allowed"
                )


def _is_executable_comment(comment: str) -> bool:
    """MySQL runs ``/*! ... */`` and MariaDB ``/*M! ... */`` as SQL, not as comments."""
    text = comment.lstrip()
    return text.startswith("!") or text.startswith("M!")


# --------------------------------------------------------------------------- structural checks


def _check_tree(tree: exp.Expression) -> None:
    """Refuse forbidden statements, variables, locks and dangerous functions anywhere."""
    for node in tree.walk():
        _check_node(node)
        if isinstance(node, exp.Func):
            _check_function(node)
        if isinstance(node, (exp.From, exp.Join, exp.Lateral)):
            _check_source(node.this)
        if isinstance(node, exp.Table):
            _check_table_node(node)


def _check_node(node: exp.Expression) -> None:
    if isinstance(node, _FORBIDDEN_NODES):
        if isinstance(node, exp.Into):
            raise QueryRefused("SELECT ... INTO is not allowed (it writes a table or file)")
        if isinstance(node, exp.Lock):
            raise QueryRefused(
                "locking clauses (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) are not allowed"
            )
        kind = _statement_kind(node)
        raise QueryRefused(
            f"a {kind} statement inside the query is not allowed; only read-only SELECT "
            "queries may run"
        )
    if isinstance(node, _VARIABLE_NODES):
        raise QueryRefused(
            f"bind parameters and session variables ({node.sql()[:40]}) are not allowed; "
            "inline the values"
        )
    if isinstance(node, exp.Values) and not isinstance(node.parent, (exp.From, exp.Join)):
        if not isinstance(node.parent, (exp.Subquery, exp.In)):
            raise QueryRefused("a VALUES list is only allowed as a derived table in FROM")


def _function_names(node: exp.Func) -> set[str]:
    """Every lower-case name a function node may be known by."""
    names: set[str] = set()
    if isinstance(node, exp.Anonymous):
        raw = node.this
        names.add((raw.name if isinstance(raw, exp.Identifier) else str(raw)).lower())
    else:
        names.update(n.lower() for n in node.sql_names())
        names.add(node.key.lower())
    return names


def _is_denied_name(name: str) -> bool:
    bare = name.strip('"`[]').lower()
    return bare in _DENIED_FUNCTIONS or bare.startswith(_DENIED_PREFIXES)


def _check_function(node: exp.Func) -> None:
    names = _function_names(node)
    if isinstance(node, _DENIED_FUNC_CLASSES) or any(_is_denied_name(n) for n in names):
        shown = sorted(names)[0] if isinstance(node, exp.Anonymous) else node.sql_name().lower()
        raise QueryRefused(
            f"function {shown}() is not allowed (side effects, file, network or "
            "session access)"
        )
    parent = node.parent
    if isinstance(parent, exp.Dot) and parent.expression is node:
        qualifier = parent.this.sql().strip('"`[]').lower()
        if qualifier not in _SAFE_FUNCTION_QUALIFIERS:
            raise QueryRefused(
                f"schema-qualified function call {parent.sql()[:60]} is not allowed"
            )


def _check_source(source: exp.Expression | None) -> None:
    """FROM/JOIN sources: tables, derived tables, VALUES, UNNEST or known-safe functions."""
    if source is None or isinstance(source, (exp.Table, exp.Subquery, exp.Values, exp.Unnest)):
        return
    if isinstance(source, exp.Lateral):
        return
    if isinstance(source, exp.Func):
        _check_table_function(source)
        return
    raise QueryRefused(f"unsupported FROM source {source.sql()[:60]!r}")


def _check_table_node(table: exp.Table) -> None:
    this = table.this
    if isinstance(this, exp.Identifier):
        for part in ("db", "catalog"):
            value = table.args.get(part)
            if value is not None and not isinstance(value, exp.Identifier):
                raise QueryRefused(f"unsupported table reference {table.sql()[:80]!r}")
        if table.args.get("rows_from"):
            raise QueryRefused("ROWS FROM (...) is not allowed")
        return
    if isinstance(this, exp.Func):
        if table.args.get("db") is not None or table.args.get("catalog") is not None:
            raise QueryRefused(
                f"schema-qualified table function {table.sql()[:60]} is not allowed"
            )
        _check_table_function(this)
        return
    raise QueryRefused(
        f"unsupported table source {table.sql()[:60]!r} (stages, files and dynamic names are "
        "not allowed)"
    )


def _check_table_function(func: exp.Expression) -> None:
    names = _function_names(func) if isinstance(func, exp.Func) else set()
    if not names or not names & _SAFE_TABLE_FUNCTIONS:
        shown = sorted(names)[0] if names else func.sql()[:40]
        raise QueryRefused(f"table function {shown}() is not allowed in FROM")


# --------------------------------------------------------------------------- table references


@dataclass
class _Ref:
    """One real-table reference in the tree, resolved to its catalog entry."""

    node: exp.Table
    access: TableAccess
    written: str


def _iter_real_tables(tree: exp.Expression, dialect: str) -> Iterator[exp.Table]:
    for table in list(tree.find_all(exp.Table)):
        if not isinstance(table.this, exp.Identifier):
            continue
        if _is_cte_reference(table, dialect):
            continue
        yield table


def _is_cte_reference(table: exp.Table, dialect: str) -> bool:
    """True when an unqualified name refers to a CTE visible at that point.

    Errs towards "real table": a real table mistaken for a CTE would skip the checks,
    while a CTE mistaken for a real table only gets checked (and qualified) needlessly.
    """
    if table.args.get("db") is not None or table.args.get("catalog") is not None:
        return False
    ref = table.this
    return any(_same_cte_name(ref, name, dialect) for name in _visible_cte_names(table))


def _visible_cte_names(table: exp.Expression) -> list[exp.Identifier]:
    names: list[exp.Identifier] = []
    child: exp.Expression = table
    node = table.parent
    while node is not None:
        if isinstance(node, exp.With):
            ctes = list(node.expressions)
            index = next((i for i, c in enumerate(ctes) if c is child), len(ctes))
            # earlier CTEs are visible everywhere; a CTE sees itself only under RECURSIVE.
            # Forward references are never treated as CTEs (fail-safe: they get checked).
            visible = ctes[: index + 1] if node.args.get("recursive") else ctes[:index]
            names.extend(_cte_identifier(c) for c in visible)
        elif isinstance(node, exp.Query):
            with_ = node.args.get("with_")
            if with_ is not None and child is not with_:
                names.extend(_cte_identifier(c) for c in with_.expressions)
        child = node
        node = node.parent
    return [n for n in names if n is not None]


def _cte_identifier(cte: exp.Expression) -> exp.Identifier | None:
    alias = cte.args.get("alias")
    ident = alias.this if isinstance(alias, exp.TableAlias) else None
    return ident if isinstance(ident, exp.Identifier) else None


def _same_cte_name(ref: exp.Identifier, cte: exp.Identifier, dialect: str) -> bool:
    if dialect in _ALWAYS_CASE_INSENSITIVE:
        return ref.name.lower() == cte.name.lower()
    if dialect in _LOWER_FOLD or dialect in _UPPER_FOLD:
        return _fold(ref, dialect) == _fold(cte, dialect)
    return ref.name == cte.name


def _fold(ident: exp.Identifier, dialect: str) -> str:
    """The name the warehouse stores for this identifier as written."""
    if dialect in _ALWAYS_CASE_INSENSITIVE:
        return ident.name.lower()
    if ident.quoted:
        return ident.name
    if dialect in _LOWER_FOLD:
        return ident.name.lower()
    if dialect in _UPPER_FOLD:
        return ident.name.upper()
    return ident.name


def _table_parts(table: exp.Table) -> list[exp.Identifier]:
    parts = [table.args.get("catalog"), table.args.get("db"), table.this]
    return [p for p in parts if isinstance(p, exp.Identifier)]


def _written_name(table: exp.Table) -> str:
    return ".".join(p.name for p in _table_parts(table))


def _resolve_references(tree: exp.Expression, ctx: _Context) -> list[_Ref]:
    refs = []
    for table in _iter_real_tables(tree, ctx.dialect):
        access = _resolve_table(table, ctx)
        _check_access(access, _written_name(table), ctx.principal)
        refs.append(_Ref(node=table, access=access, written=_written_name(table)))
    return refs


def _check_access(access: TableAccess, written: str, principal: Principal) -> None:
    """A table the asker may not use is answered exactly like one that does not exist, so the
    refusal does not confirm that a hidden table is there."""
    if not set(principal.groups) & set(access.groups):
        raise QueryRefused(_not_available_message(written))


def _resolve_table(table: exp.Table, ctx: _Context) -> TableAccess:
    parts = _table_parts(table)
    written = _written_name(table)
    if isinstance(ctx.catalog, Mapping):
        found = _resolve_in_mapping(parts, ctx)
    else:
        found = _resolve_with_lookup(parts, ctx)
    if found is None:
        raise QueryRefused(_unknown_table_message(parts, written))
    return found


def _unknown_table_message(parts: Sequence[exp.Identifier], written: str) -> str:
    schema = parts[-2].name.lower() if len(parts) >= 2 else ""
    name = parts[-1].name.lower()
    if schema in _SYSTEM_SCHEMAS or name.startswith(("sqlite_", "pg_", "information_schema")):
        return f"system table {written!r} is not allowed"
    return _not_available_message(written)


def _not_available_message(written: str) -> str:
    """The one answer for a table that is missing and for one hidden from the asker."""
    return f"table {written!r} is not in the catalog of this connection or not shared with your groups"


def _split_name(name: str) -> list[str]:
    return [p for p in name.split(".") if p]


def _resolve_in_mapping(parts: Sequence[exp.Identifier], ctx: _Context) -> TableAccess | None:
    """Match written parts against catalog names: exact first, then case-insensitive."""
    assert isinstance(ctx.catalog, TableIndex)
    # Tables hidden from the asker take no part in resolution: for them they do not exist (the
    # rendered SQL is pinned to the resolved catalog name, so the warehouse cannot pick another).
    mine = set(ctx.principal.groups)
    entries = [(stored, e) for stored, e in ctx.catalog.candidates(parts[-1].name) if mine & set(e.groups)]
    folded = [_fold(p, ctx.dialect) for p in parts]
    tiers = (
        lambda stored: _matches(folded, stored, ctx.default_schema, exact=True),
        lambda stored: _matches(folded, stored, ctx.default_schema, exact=False),
        lambda stored: _matches(folded, stored, None, exact=False),
    )
    for tier in tiers:
        hits = [e for stored, e in entries if tier(stored)]
        unique = {e.name: e for e in hits}
        if len(unique) == 1:
            return next(iter(unique.values()))
        if len(unique) > 1:
            options = ", ".join(sorted(unique))
            raise QueryRefused(
                f"table reference {'.'.join(p.name for p in parts)!r} is ambiguous "
                f"({options}); qualify it with its schema"
            )
    return None


def _matches(
    written: Sequence[str], stored: Sequence[str], default_schema: str | None, *, exact: bool
) -> bool:
    """Do written name parts (catalog, schema, table) denote the stored catalog name?"""

    def eq(a: str, b: str) -> bool:
        return a == b if exact else a.lower() == b.lower()

    if not stored or not eq(written[-1], stored[-1]):
        return False
    w_rest, s_rest = list(written[:-1]), list(stored[:-1])
    if len(w_rest) > len(s_rest):
        # written is more qualified: the extra schema must be the default one
        if len(w_rest) - len(s_rest) != 1 or s_rest or default_schema is None:
            return False
        return eq(w_rest[-1], default_schema) or w_rest[-1].lower() == default_schema.lower()
    if not w_rest:
        if not s_rest or default_schema is None:
            return True
        return eq(s_rest[-1], default_schema) or s_rest[-1].lower() == default_schema.lower()
    # written has len(w_rest) qualifiers, stored has at least as many: align from the right
    return all(eq(w, s) for w, s in zip(reversed(w_rest), reversed(s_rest)))


def _resolve_with_lookup(parts: Sequence[exp.Identifier], ctx: _Context) -> TableAccess | None:
    lookup = ctx.catalog
    assert callable(lookup)
    for candidate in _lookup_candidates(parts, ctx):
        found = lookup(candidate)
        if found is not None:
            return found
    return None


def _lookup_candidates(parts: Sequence[exp.Identifier], ctx: _Context) -> list[str]:
    folded = [_fold(p, ctx.dialect) for p in parts]
    names = [".".join(folded)]
    schema = ctx.default_schema
    if schema and len(folded) == 1:
        names.append(f"{schema}.{folded[0]}")
    if schema and len(folded) == 2 and folded[0].lower() == schema.lower():
        names.append(folded[1])
    names += [n.lower() for n in names]
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)


# --------------------------------------------------------------------------- rewriting


def _rewrite(tree: exp.Expression, refs: list[_Ref], ctx: _Context) -> set[str]:
    """Qualify every real table with its catalog name and wrap row-filtered ones."""
    filtered: set[str] = set()
    for ref in refs:
        _strip_column_qualifiers(tree, ref)
        qualified = _catalog_table(ref.access.name, ctx)
        if ref.access.row_filter and ref.access.row_filter.strip():
            predicate = _row_filter_predicate(
                _strip_where(ref.access.row_filter), ctx.dialect, ctx.principal
            )
            ref.node.replace(_filtered_subquery(ref.node, qualified, predicate))
            filtered.add(ref.access.name)
        else:
            _requalify(ref.node, qualified)
    return filtered


def _catalog_table(name: str, ctx: _Context) -> exp.Table:
    parts = _split_name(name)
    if len(parts) == 1 and ctx.default_schema:
        parts = [ctx.default_schema, parts[0]]
    idents = [_identifier(p, ctx.dialect) for p in parts]
    table = exp.Table(this=idents[-1])
    if len(idents) >= 2:
        table.set("db", idents[-2])
    if len(idents) >= 3:
        table.set("catalog", idents[-3])
    return table


def _identifier(name: str, dialect: str) -> exp.Identifier:
    """An identifier that the warehouse reads back as exactly ``name``."""
    simple = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) is not None
    keywords = Dialect.get_or_raise(dialect).tokenizer_class.KEYWORDS
    folds_to_itself = True
    if dialect in _LOWER_FOLD:
        folds_to_itself = name == name.lower()
    elif dialect in _UPPER_FOLD:
        folds_to_itself = name == name.upper()
    quoted = not simple or not folds_to_itself or name.upper() in keywords
    return exp.Identifier(this=name, quoted=quoted)


def _exposed_alias(table: exp.Table) -> exp.TableAlias:
    alias = table.args.get("alias")
    if isinstance(alias, exp.TableAlias) and alias.this is not None:
        return alias.copy()
    return exp.TableAlias(this=table.this.copy())


_MOVED_TABLE_ARGS = (
    "only", "hints", "sample", "partition", "version", "system_time", "indexed", "changes",
    "when", "format", "pattern", "ordinality",
)
_OUTER_TABLE_ARGS = ("pivots", "joins", "laterals")


def _requalify(table: exp.Table, qualified: exp.Table) -> None:
    """Point a table node at the catalog name, keeping the name it exposes."""
    original_this = table.this
    if not table.args.get("alias") and (
        original_this.name != qualified.this.name or original_this.quoted != qualified.this.quoted
    ):
        table.set("alias", exp.TableAlias(this=original_this.copy()))
    table.set("this", qualified.this.copy())
    table.set("db", qualified.args.get("db").copy() if qualified.args.get("db") else None)
    table.set(
        "catalog", qualified.args.get("catalog").copy() if qualified.args.get("catalog") else None
    )


def _filtered_subquery(
    table: exp.Table, qualified: exp.Table, predicate: exp.Expression
) -> exp.Subquery:
    inner = qualified.copy()
    for arg in _MOVED_TABLE_ARGS:
        value = table.args.get(arg)
        if value:
            inner.set(arg, value.copy() if isinstance(value, exp.Expression) else value)
    select = exp.Select(expressions=[exp.Star()]).from_(inner, copy=False).where(predicate, copy=False)
    sub = exp.Subquery(this=select, alias=_exposed_alias(table))
    for arg in _OUTER_TABLE_ARGS:
        value = table.args.get(arg)
        if value:
            # move, never copy: other references inside (e.g. a parenthesised join) are
            # still to be rewritten through the nodes collected before
            table.set(arg, None)
            sub.set(arg, value)
    return sub


def _strip_column_qualifiers(tree: exp.Expression, ref: _Ref) -> None:
    """``schema.table.col`` cannot address a derived table; keep ``table.col``."""
    db = ref.node.args.get("db")
    if db is None or ref.node.args.get("alias"):
        return
    for column in tree.find_all(exp.Column):
        col_db = column.args.get("db")
        col_table = column.args.get("table")
        if col_db is None or col_table is None:
            continue
        if col_db.name.lower() == db.name.lower() and col_table.name.lower() == ref.node.name.lower():
            column.set("db", None)
            column.set("catalog", None)


# --------------------------------------------------------------------------- row filters

_PH_GROUP = "dot_rls_ph_groupname_7f3a"
_PH_ALL = "dot_rls_ph_all_groupnames_7f3a"
_PLACEHOLDER = re.compile(r"\$\{\s*([A-Za-z_]+)\s*\}")
_PREDICATE_TOPS: tuple[type[exp.Expression], ...] = (
    exp.Predicate,
    exp.Connector,
    exp.Not,
    exp.Boolean,
    exp.Column,
    exp.Func,
) + _node_types("Xor")


def _strip_where(template: str) -> str:
    body = (template or "").strip()
    match = re.match(r"(?is)^\s*where\b(.*)$", body)
    body = match.group(1).strip() if match else body
    if not body:
        raise InvalidArgument("row-level filter is empty")
    return body


def _substitute_placeholders(template: str) -> str:
    """Swap ``${...}`` placeholders (quoted or bare) for sentinel identifiers."""

    def replace_quoted(match: re.Match[str]) -> str:
        return _placeholder_sentinel(match.group(1))

    text = re.sub(r"'\$\{\s*([A-Za-z_]+)\s*\}'", replace_quoted, template)
    return _PLACEHOLDER.sub(replace_quoted, text)


def _placeholder_sentinel(name: str) -> str:
    if name == "groupname":
        return _PH_GROUP
    if name == "all_groupnames":
        return _PH_ALL
    raise QueryRefused(
        f"unknown placeholder ${{{name}}} (use ${{groupname}} or ${{all_groupnames}})"
    )


def _row_filter_predicate(template: str, dialect: str, principal: Principal) -> exp.Expression:
    """Parse a template into one boolean predicate with the principal's groups filled in."""
    text = _substitute_placeholders(template)
    probe = f"SELECT * FROM dot_rls_target WHERE {text}"
    try:
        statements = [s for s in sqlglot.parse(probe, read=dialect) if s is not None]
    except (ParseError, TokenError) as err:
        raise QueryRefused(f"row-level filter does not parse: {_first_line(err)}") from None
    if len(statements) != 1 or not isinstance(statements[0], exp.Select):
        raise QueryRefused("row-level filter must be a single boolean condition")
    select = statements[0]
    _check_template_shape(select)
    predicate = select.args["where"].this
    _check_template_predicate(predicate)
    return _fill_groups(predicate.copy(), principal)


def _check_template_shape(select: exp.Select) -> None:
    extra = [k for k, v in select.args.items() if v and k not in ("expressions", "from_", "where")]
    source = select.args.get("from_")
    if extra or not select.args.get("where") or source is None:
        raise QueryRefused("row-level filter must be a single boolean condition")
    if not isinstance(source.this, exp.Table) or source.this.name != "dot_rls_target":
        raise QueryRefused("row-level filter must be a single boolean condition")


def _check_template_predicate(predicate: exp.Expression) -> None:
    inner = predicate
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if not isinstance(inner, _PREDICATE_TOPS) or isinstance(inner, exp.AggFunc):
        raise QueryRefused(f"row-level filter must be a boolean condition, not {inner.sql()[:60]!r}")
    for node in predicate.walk():
        if isinstance(node, (exp.Query, exp.Subquery, exp.Table)):
            raise QueryRefused("row-level filter may not contain subqueries or other tables")
        if isinstance(node, (exp.AggFunc, exp.Window)):
            raise QueryRefused("row-level filter may not use aggregate or window functions")
        _check_node(node)
        if isinstance(node, exp.Func):
            _check_function(node)
        if isinstance(node, exp.Identifier) and (
            (_PH_GROUP in node.name and node.name != _PH_GROUP)
            or (_PH_ALL in node.name and node.name != _PH_ALL)
        ):
            raise QueryRefused("placeholders may only stand for values, not names")
        if isinstance(node, exp.Literal) and node.is_string and _PH_ALL in node.this:
            raise QueryRefused("${all_groupnames} must be used as a list inside IN (...)")
    for column in predicate.find_all(exp.Column):
        if column.name == _PH_ALL and not _is_in_list_item(column):
            raise QueryRefused("${all_groupnames} must be used as a list inside IN (...)")


def _is_in_list_item(column: exp.Column) -> bool:
    parent = column.parent
    return isinstance(parent, exp.In) and any(e is column for e in parent.expressions)


def _is_placeholder(node: exp.Expression, sentinel: str) -> bool:
    return (
        isinstance(node, exp.Column)
        and not node.args.get("table")
        and isinstance(node.this, exp.Identifier)
        and node.this.name == sentinel
    )


def _fill_groups(predicate: exp.Expression, principal: Principal) -> exp.Expression:
    """Replace sentinels with string literals (the generator escapes them per dialect)."""
    groups = list(principal.groups)
    first = groups[0] if groups else ""

    def fill(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.In):
            items: list[exp.Expression] = []
            for item in node.expressions:
                if _is_placeholder(item, _PH_ALL):
                    items.extend(exp.Literal.string(g) for g in groups)
                else:
                    items.append(item)
            if not items:
                items = [exp.Null()]
            node.set("expressions", items)
            return node
        if _is_placeholder(node, _PH_GROUP):
            return exp.Literal.string(first)
        if isinstance(node, exp.Literal) and node.is_string and _PH_GROUP in node.this:
            return exp.Literal.string(node.this.replace(_PH_GROUP, first))
        return node

    return predicate.transform(fill, copy=False)


# --------------------------------------------------------------------------- re-check


def _recheck(rendered: str, ctx: _Context, filtered: set[str]) -> None:
    """Parse what will run and check it again; any surprise fails closed."""
    try:
        tree = _parse_single_query(rendered, ctx.dialect)
        _check_tree(tree)
        for table in _iter_real_tables(tree, ctx.dialect):
            access = _resolve_table(table, ctx)
            _check_access(access, _written_name(table), ctx.principal)
            if _table_parts_text(table) != _table_parts_text(_catalog_table(access.name, ctx)):
                raise QueryRefused(f"table {access.name!r} was not pinned to its catalog name")
            if access.name in filtered and not _is_filter_wrapped(table):
                raise QueryRefused(f"row-level filter for {access.name!r} could not be applied")
    except QueryRefused as err:
        raise QueryRefused(f"the rewritten query failed its safety re-check: {err.detail}") from None


def _table_parts_text(table: exp.Table) -> list[tuple[str, bool]]:
    return [(p.name, bool(p.quoted)) for p in _table_parts(table)]


def _is_filter_wrapped(table: exp.Table) -> bool:
    from_ = table.parent
    select = from_.parent if from_ is not None else None
    return (
        isinstance(from_, exp.From)
        and isinstance(select, exp.Select)
        and select.args.get("where") is not None
        and not select.args.get("joins")
        and isinstance(select.parent, exp.Subquery)
        and not table.args.get("alias")
    )
