"""The guard lets ordinary analytics through and row-level rewrites return exactly the
permitted rows on real warehouses (SQLite, DuckDB, PostgreSQL, MariaDB)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from services.common.errors import InvalidArgument, QueryRefused
from services.knowledge.guard import (
    GuardedQuery,
    Principal,
    TableAccess,
    TableIndex,
    guard_sql,
    validate_row_filter,
)
from services.knowledge.warehouse import ConnectionSpec, Warehouse
from tests.test_guard_attacks import (  # noqa: F401 - fixtures are used by name
    ALICE,
    BACKSLASH,
    BOB,
    CAMEL,
    CUSTOMERS,
    MALLORY,
    ORDERS,
    REGIONS,
    Target,
    duckdb_target,
    mariadb_target,
    postgres_target,
    sqlite_target,
)

TARGETS = ["sqlite", "duckdb", "postgres", "mariadb"]


def _catalog(*entries: tuple[str, set[str], str | None]) -> dict[str, TableAccess]:
    return {name: TableAccess(name, frozenset(groups), rf) for name, groups, rf in entries}


PG_CATALOG = _catalog(
    ("public.orders", {"all_users"}, "WHERE country_code IN (${all_groupnames})"),
    ("public.customers", {"all_users"}, None),
    ("public.regions", {"all_users"}, "WHERE '${groupname}' = code"),
    ("sales.orders", {"sales"}, None),
)


def _guard(sql: str, principal: Principal = ALICE, **kw: Any) -> GuardedQuery:
    kw.setdefault("dialect", "postgres")
    kw.setdefault("tables", PG_CATALOG)
    return guard_sql(sql, principal=principal, **kw)


# --------------------------------------------------------------------------- offline behaviour


def test_plain_select_is_qualified_and_reports_tables() -> None:
    guarded = _guard("select c.name, count(*) as n from customers c group by c.name order by n desc limit 5")
    assert guarded.sql == (
        "SELECT c.name, COUNT(*) AS n FROM public.customers AS c GROUP BY c.name ORDER BY n DESC LIMIT 5"
    )
    assert guarded.tables == ("public.customers",)
    assert guarded.row_filtered == ()


def test_all_groupnames_become_a_list_of_escaped_literals() -> None:
    principal = Principal("x@example.com", ("DE", "fr'ance", "all_users"))
    guarded = _guard("SELECT id FROM orders", principal)
    assert guarded.sql == (
        "SELECT id FROM (SELECT * FROM public.orders WHERE country_code IN "
        "('DE', 'fr''ance', 'all_users')) AS orders"
    )
    assert guarded.row_filtered == ("public.orders",)


def test_quoted_groupname_placeholder_is_not_double_quoted() -> None:
    guarded = _guard("SELECT * FROM regions r", Principal("x@example.com", ("it's", "all_users")))
    assert "WHERE 'it''s' = code) AS r" in guarded.sql


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("code = ${groupname}", "WHERE code = 'DE'"),
        ("WHERE code = '${groupname}'", "WHERE code = 'DE'"),
        ("where code = 'grp_${groupname}'", "WHERE code = 'grp_DE'"),
        ("WHERE CASE '${groupname}' WHEN 'DE' THEN 'Germany' END = label", "WHERE CASE 'DE' WHEN 'DE' THEN 'Germany' END = label"),
        ("code IN (${all_groupnames}) OR code = 'ALL'", "WHERE code IN ('DE', 'all_users') OR code = 'ALL'"),
    ],
)
def test_template_forms(template: str, expected: str) -> None:
    catalog = _catalog(("public.regions", {"all_users"}, template))
    assert expected in _guard("SELECT * FROM regions", tables=catalog).sql


def test_groupname_inside_larger_literal_is_escaped() -> None:
    catalog = _catalog(("public.regions", {"all_users"}, "code = 'grp_${groupname}'"))
    sql = _guard("SELECT * FROM regions", Principal("x", ("a' OR 'b", "all_users")), tables=catalog).sql
    assert "code = 'grp_a'' OR ''b'" in sql


@pytest.mark.parametrize(
    "template",
    [
        "WHERE '${groupname}' = country_code",
        "WHERE CASE '${groupname}' WHEN 'germany' THEN 'DE' WHEN 'france' THEN 'FR' END = country_code",
        "WHERE country_code IN (${all_groupnames})",
        "country_code = ${groupname} AND NOT deleted",
        "region LIKE '${groupname}%' -- trailing comment",
    ],
)
def test_validate_row_filter_accepts_documented_forms(template: str) -> None:
    stored = validate_row_filter(template, "postgres")
    assert not stored.lower().startswith("where")
    assert stored in template


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("", "empty"),
        ("WHERE", "empty"),
        ("x = 1; DROP TABLE orders", "single boolean condition"),
        ("x = 1 UNION SELECT * FROM payroll", "single boolean condition"),
        ("x IN (SELECT code FROM mapping WHERE g = '${groupname}')", "subqueries"),
        ("EXISTS (SELECT 1 FROM payroll)", "subqueries"),
        ("x = 1 ORDER BY 1", "single boolean condition"),
        ("x = 1 LIMIT 0", "single boolean condition"),
        ("x = 1) OR (1 = 1", "does not parse"),
        ("x = ${user_email}", "unknown placeholder"),
        ("x = ${all_groupnames}", "inside IN"),
        ("x = '${all_groupnames}x'", "inside IN"),
        ("${groupname}_col = 1", "only stand for values"),
        ("count(*) > 0", "aggregate"),
        ("pg_read_file('/etc/passwd') IS NOT NULL", "pg_read_file"),
        ("1", "boolean condition"),
        ("'abc'", "boolean condition"),
        ("x = @@datadir", "session variables"),
    ],
)
def test_validate_row_filter_refuses(template: str, reason: str) -> None:
    with pytest.raises(InvalidArgument) as err:
        validate_row_filter(template, "mysql" if "@@" in template else "postgres")
    assert reason in str(err.value.detail)


def test_validate_row_filter_unknown_dialect() -> None:
    with pytest.raises(InvalidArgument):
        validate_row_filter("x = 1", "nosuchdb")


def test_connection_type_names_are_accepted_as_dialects() -> None:
    catalog = _catalog(("dbo.orders", {"all_users"}, None))
    sql = guard_sql("SELECT TOP 3 id FROM orders", dialect="mssql", tables=catalog, principal=ALICE).sql
    assert sql == "SELECT TOP 3 id FROM dbo.orders"


def test_callable_lookup_receives_candidate_names() -> None:
    asked: list[str] = []
    entry = TableAccess("analytics.Orders", frozenset({"all_users"}), None)

    def lookup(name: str) -> TableAccess | None:
        asked.append(name)
        return entry if name.lower() == "analytics.orders" else None

    guarded = guard_sql(
        "SELECT * FROM ORDERS", dialect="postgres", tables=lookup, principal=ALICE, default_schema="analytics"
    )
    assert asked[:2] == ["orders", "analytics.orders"]
    assert guarded.sql == 'SELECT * FROM analytics."Orders" AS ORDERS'
    assert guarded.tables == ("analytics.Orders",)


def test_default_schema_and_ambiguity() -> None:
    catalog = _catalog(("a.orders", {"all_users"}, None), ("b.orders", {"all_users"}, None))
    with pytest.raises(QueryRefused) as err:
        guard_sql("SELECT * FROM orders", dialect="postgres", tables=catalog, principal=ALICE)
    assert "ambiguous" in str(err.value.detail)
    picked = guard_sql(
        "SELECT * FROM orders", dialect="postgres", tables=catalog, principal=ALICE, default_schema="b"
    )
    assert picked.tables == ("b.orders",)
    explicit = guard_sql("SELECT * FROM a.orders", dialect="postgres", tables=catalog, principal=ALICE)
    assert explicit.tables == ("a.orders",)


def test_group_access_uses_any_shared_group() -> None:
    sales = Principal("s@example.com", ("sales",))
    assert _guard("SELECT * FROM sales.orders", sales).tables == ("sales.orders",)
    with pytest.raises(QueryRefused):
        _guard("SELECT * FROM sales.orders", ALICE)


def _refusal(sql: str, tables: dict[str, TableAccess] = PG_CATALOG) -> str:
    with pytest.raises(QueryRefused) as err:
        guard_sql(sql, dialect="postgres", tables=tables, principal=ALICE)
    return str(err.value.detail)


def test_hidden_and_missing_tables_are_refused_alike() -> None:
    """A refusal must not confirm that a table the asker may not see exists (issue 11)."""
    hidden = _refusal("SELECT * FROM sales.orders").replace("sales.orders", "T")
    missing = _refusal("SELECT * FROM sales.nosuch").replace("sales.nosuch", "T")
    assert hidden == missing == "table 'T' is not in the catalog of this connection or not shared with your groups"
    joined = _refusal("SELECT o.id FROM public.orders o JOIN sales.orders s ON s.id = o.id")
    assert joined == _refusal("SELECT o.id FROM public.orders o JOIN sales.nosuch s ON s.id = o.id").replace(
        "sales.nosuch", "sales.orders")
    # hidden namesakes take no part in resolving a name: no "ambiguous" hint that lists them
    both = _catalog(("a.payroll", {"hr"}, None), ("b.payroll", {"hr"}, None), ("c.orders", {"all_users"}, None),
                    ("d.orders", {"hr"}, None))
    assert _refusal("SELECT * FROM payroll", both) == _refusal("SELECT * FROM nosuch", both).replace(
        "nosuch", "payroll")
    picked = guard_sql("SELECT * FROM orders", dialect="postgres", tables=both, principal=ALICE)
    assert picked.tables == ("c.orders",) and "c.orders" in picked.sql and "d.orders" not in picked.sql


def test_cross_database_reference_is_refused() -> None:
    with pytest.raises(QueryRefused) as err:
        _guard("SELECT * FROM otherdb.public.customers")
    assert "not in the catalog" in str(err.value.detail)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "SELECT 1 AS a UNION ALL SELECT 2 ORDER BY 1",
        "(SELECT name FROM customers) EXCEPT (SELECT name FROM customers WHERE id = 1)",
        "SELECT * FROM generate_series(1, 3) AS g(n)",
        "SELECT x FROM unnest(ARRAY[1, 2]) AS u(x)",
        "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s)",
        "SELECT c.*, row_number() OVER (PARTITION BY c.name ORDER BY c.id) AS rn FROM customers c",
        "SELECT date_trunc('month', now()) AS m, coalesce(NULL, 1) AS c, 'a%b:c' AS s",
        "SELECT name FROM customers WHERE name LIKE 'A%' AND id BETWEEN 1 AND 10",
        "SELECT e FROM customers c CROSS JOIN LATERAL jsonb_array_elements('[1]'::jsonb) AS e",
    ],
)
def test_ordinary_queries_are_allowed_and_stable(sql: str) -> None:
    first = _guard(sql).sql
    assert _guard(first).sql == first  # rendering is a fixed point


def test_guard_speed() -> None:
    sql = (
        "WITH recent AS (SELECT * FROM orders WHERE amount > 10) "
        "SELECT c.name, sum(r.amount) AS total FROM recent r JOIN customers c ON c.id = r.customer_id "
        "GROUP BY c.name ORDER BY total DESC LIMIT 10"
    )
    catalog = dict(PG_CATALOG)
    for i in range(2000):  # a realistically large catalog
        catalog[f"public.table_{i}"] = TableAccess(f"public.table_{i}", frozenset({"all_users"}), None)
    timings = {}
    for label, tables in (("mapping", catalog), ("prebuilt TableIndex", TableIndex(catalog))):
        runs = 30
        started = time.perf_counter()
        for _ in range(runs):
            _guard(sql, tables=tables)
        timings[label] = (time.perf_counter() - started) / runs * 1000
    print("guard_sql ms/query with a 2000-table catalog:", {k: round(v, 2) for k, v in timings.items()})
    assert max(timings.values()) < 100  # generous: shared CI machines are noisy


# --------------------------------------------------------------------------- real warehouses


def _target(request: pytest.FixtureRequest, name: str) -> Target:
    return request.getfixturevalue(f"{name}_target")


def _visible_orders(principal: Principal) -> list[tuple[Any, ...]]:
    return sorted(r for r in ORDERS if r[1] in principal.groups)


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("principal", [ALICE, BOB, MALLORY, BACKSLASH], ids=["alice", "bob", "mallory", "backslash"])
async def test_rls_returns_exactly_the_permitted_rows(
    request: pytest.FixtureRequest, target_name: str, principal: Principal
) -> None:
    target = _target(request, target_name)
    guarded = target.guard("SELECT id, country_code, amount, customer_id FROM orders ORDER BY id", principal)
    result = await target.warehouse.execute(guarded.sql)
    assert result.columns == ["id", "country_code", "amount", "customer_id"]
    assert [tuple(r) for r in result.rows] == _visible_orders(principal)
    assert not result.truncated


@pytest.mark.parametrize("target_name", TARGETS)
async def test_analytics_query_with_rls_join_cte_window(request: pytest.FixtureRequest, target_name: str) -> None:
    target = _target(request, target_name)
    sql = (
        "WITH per_customer AS ("
        "  SELECT o.customer_id, sum(o.amount) AS total, count(*) AS n"
        "  FROM orders o GROUP BY o.customer_id"
        ") "
        "SELECT c.name, p.total, p.n, rank() OVER (ORDER BY p.total DESC) AS rnk "
        "FROM per_customer p JOIN customers c ON c.id = p.customer_id "
        "ORDER BY p.total DESC, c.name"
    )
    guarded = target.guard(sql, BOB)
    assert set(guarded.tables) == {target.catalog_name("orders"), target.catalog_name("customers")}
    result = await target.warehouse.execute(guarded.sql)
    names = dict(CUSTOMERS)
    totals: dict[int, list[int]] = {}
    for _id, _cc, amount, customer in _visible_orders(BOB):
        totals.setdefault(customer, []).append(amount)
    expected = sorted(
        ((names[c], sum(a), len(a)) for c, a in totals.items()), key=lambda r: (-r[1], r[0])
    )
    assert [(r[0], int(r[1]), int(r[2])) for r in result.rows] == expected
    assert [int(r[3]) for r in result.rows] == [1, 2]


@pytest.mark.parametrize("target_name", TARGETS)
async def test_first_group_template_and_quoted_mixed_case_table(
    request: pytest.FixtureRequest, target_name: str
) -> None:
    target = _target(request, target_name)
    q = target.fmt["Q"]
    regions = await target.warehouse.execute(target.guard("SELECT code, label FROM regions", BOB).sql)
    assert [tuple(r) for r in regions.rows] == [r for r in REGIONS if r[0] == "US"]
    camel = await target.warehouse.execute(
        target.guard(f"SELECT id, owner FROM {q}CamelCase{q} ORDER BY id", ALICE).sql
    )
    assert [tuple(r) for r in camel.rows] == [r for r in CAMEL if r[1] == "DE"]


@pytest.mark.parametrize("target_name", TARGETS)
async def test_literals_with_percent_colon_and_unicode(request: pytest.FixtureRequest, target_name: str) -> None:
    target = _target(request, target_name)
    guarded = target.guard("SELECT 'a%b' AS p, '10:30' AS t, 'Zürich ✓' AS u, count(*) AS n FROM customers", ALICE)
    result = await target.warehouse.execute(guarded.sql)
    assert [tuple(result.rows[0])[:3], int(result.rows[0][3])] == [("a%b", "10:30", "Zürich ✓"), 3]


async def test_mariadb_without_default_schema_renders_unqualified(mariadb_target: Target) -> None:
    """A MySQL catalog without schema and no default: names stay unqualified and still filter."""
    catalog = mariadb_target.catalog
    for sql, expected in [
        ("SELECT id FROM orders ORDER BY id", [1, 2]),
        ("WITH orders AS (SELECT * FROM orders) SELECT id FROM orders ORDER BY id", [1, 2]),
        ("SELECT o.id FROM orders o JOIN orders p ON p.id = o.id ORDER BY 1", [1, 2]),
    ]:
        guarded = guard_sql(sql, dialect="mysql", tables=catalog, principal=ALICE, default_schema=None)
        assert "." not in guarded.sql.split("FROM", 1)[1].split("WHERE")[0]
        result = await mariadb_target.warehouse.execute(guarded.sql)
        assert [r[0] for r in result.rows] == expected, guarded.sql


async def test_sqlite_warehouse_answers_guarded_query_from_a_fresh_file(tmp_path: Any) -> None:
    import sqlite3

    path = tmp_path / "w.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (k TEXT, v INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [("a", 1), ("b", 2), ("a", 3)])
    conn.commit()
    conn.close()
    wh = Warehouse(ConnectionSpec("sqlite", {"database_location": str(path)}))
    try:
        catalog = {"t": TableAccess("t", frozenset({"all_users"}), "k = ${groupname}")}
        guarded = guard_sql(
            "SELECT k, sum(v) AS s FROM t GROUP BY k",
            dialect="sqlite",
            tables=catalog,
            principal=Principal("p", ("a", "all_users")),
        )
        assert guarded.sql == "SELECT k, SUM(v) AS s FROM (SELECT * FROM main.t WHERE k = 'a') AS t GROUP BY k"
        result = await wh.execute(guarded.sql)
        assert result.rows == [("a", 4)]
    finally:
        wh.dispose()


def test_deep_nesting_is_refused_not_crashing() -> None:
    with pytest.raises(QueryRefused) as err:
        _guard("SELECT " + "(" * 3000 + "1" + ")" * 3000)
    assert "nested too deeply" in str(err.value.detail)
    nested = "SELECT id FROM customers"
    for _ in range(8):
        nested = f"SELECT * FROM ({nested}) AS s"
    assert _guard(nested).tables == ("public.customers",)


def test_parenthesised_joins_pin_and_filter_every_table() -> None:
    sql = "SELECT * FROM customers x JOIN (orders o JOIN regions r ON r.code = o.country_code) ON x.id = o.id"
    guarded = _guard(sql)
    assert guarded.sql == (
        "SELECT * FROM public.customers AS x JOIN ((SELECT * FROM public.orders WHERE country_code IN "
        "('DE', 'all_users')) AS o JOIN (SELECT * FROM public.regions WHERE 'DE' = code) AS r "
        "ON r.code = o.country_code) ON x.id = o.id"
    )
    assert guarded.row_filtered == ("public.orders", "public.regions")


def test_comments_are_never_forwarded() -> None:
    guarded = _guard("SELECT /* keep out */ name -- trailing\nFROM customers")
    assert guarded.sql == "SELECT name FROM public.customers"
