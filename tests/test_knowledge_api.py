"""Knowledge service over real HTTP: connections, sync (incl. webhook URLs), docs that survive
re-sync, groups and row-level access, dbt docs, external assets, catalog, secrets at rest."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.support.databases import MY_HOST, MY_PORT, PG_HOST, PG_PORT, pg_user, require_server
from tests.support.stack import ADMIN_EMAIL, Stack

ASANA = "asana_source_integrations_tests_02"


@pytest.fixture(scope="module", autouse=True)
def leave_the_org_as_found(stack: Stack) -> Iterator[None]:
    """The stack is shared by the whole session: connections this module makes would route later modules'
    questions away from the demo warehouse, so the module removes what it added."""
    with stack.client(stack.admin_token, header="X-API-KEY") as c:
        before = {row["connection_id"] for row in c.get("/api/connections").json()}
    yield
    with stack.client(stack.admin_token, header="X-API-KEY") as c:
        for row in c.get("/api/connections").json():
            if row["connection_id"] not in before:
                r = c.post("/api/remove_connection", json={"connection_id": row["connection_id"],
                                                           "delete_table_setup": True}, timeout=120)
                assert r.status_code == 200, r.text


def make_sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE teams (team_id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
        CREATE TABLE players (player_id INTEGER PRIMARY KEY, name TEXT, age INTEGER,
                              team_id INTEGER REFERENCES teams(team_id));
        INSERT INTO teams VALUES (1, 'Lions', 'germany'), (2, 'Tigers', 'france'), (3, 'Bears', 'germany');
        INSERT INTO players VALUES (1, 'Ann', 31, 1), (2, 'Bob', 25, 2), (3, 'Cem', 28, 3), (4, 'Dee', 22, 2);
    """)
    con.commit()
    con.close()
    return path


def connect(c: httpx.Client, kind: str, cid: str, **fields: object) -> None:
    r = c.post(f"/api/connect_{kind}", json={"connection_id": cid, **fields})
    assert r.status_code == 200, r.text
    assert r.json() == {"connection_id": cid, "type": kind}


def webhook_sync(stack: Stack, kind: str, cid: str) -> dict:
    r = httpx.post(f"{stack.url}/api/sync/{kind}/{cid}?user_id={quote(ADMIN_EMAIL)}&api_token={quote(stack.admin_token)}",
                   timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def test_sqlite_connect_sync_is_incremental_and_keeps_human_docs(stack: Stack, tmp_path: Path) -> None:
    db = make_sqlite(tmp_path / "league.sqlite")
    cid = f"league-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
        first = webhook_sync(stack, "sqlite", cid)
        assert first["tables"]["added"] == 2 and first["columns"]["added"] == 7
        again = webhook_sync(stack, "sqlite", cid)
        assert again["tables"] == {"added": 0, "changed": 0, "removed": 0}
        tid = f"{cid}.main.players"
        r = c.post("/api/save_table_doc", json={"table": {"id": tid, "description": "People who play",
                                                          "columns": [{"name": "age", "description": "Age in years"}]}})
        assert r.status_code == 200, r.text
        con = sqlite3.connect(db)
        con.execute("ALTER TABLE players ADD COLUMN height REAL")
        con.execute("CREATE TABLE coaches (coach_id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("DROP TABLE teams")
        con.commit()
        con.close()
        third = webhook_sync(stack, "sqlite", cid)
        assert third["tables"] == {"added": 1, "changed": 1, "removed": 1}
        table = c.get(f"/api/tables/{tid}").json()
        assert table["description"] == "People who play"
        cols = {col["column_name"]: col for col in table["columns"]}
        assert cols["age"]["user_comment"] == "Age in years" and "height" in cols
        assert cols["name"]["sample_values"] == ["Ann", "Bob", "Cem", "Dee"]
        archived = c.get("/api/tables", params={"include_archived": True}).json()
        assert any(t["id"] == f"{cid}.main.teams" and t["archived"] for t in archived)


def test_sync_errors_are_clear(stack: Stack, tmp_path: Path) -> None:
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/sync/sqlite/does-not-exist").status_code == 404
        r = c.post("/api/connect_sqlite", json={"database_location": str(tmp_path / "missing.sqlite")})
        assert r.status_code == 422 and "not an existing SQLite file" in r.json()["detail"]
        r = c.post("/api/connect_postgres", json={"host": "127.0.0.1"})
        assert r.status_code == 422 and "port" in r.json()["detail"]
        r = c.post("/api/connect_nosuchdb", json={})
        assert r.status_code == 422
        r = c.post("/api/connect_sqlite", json={"database_location": str(make_sqlite(tmp_path / "x.sqlite")),
                                                 "connection_id": "Bad Slug!"})
        assert r.status_code == 422
    r = httpx.post(f"{stack.url}/api/sync/sqlite/x?user_id={quote('someone@else.com')}&api_token={stack.admin_token}")
    assert r.status_code == 401


def test_second_sync_while_one_runs_is_409(stack: Stack, tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite"
    con = sqlite3.connect(db)
    for i in range(300):
        con.execute(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, " + ", ".join(f"c{j} TEXT" for j in range(20)) + ")")
        con.execute(f"INSERT INTO t{i} (id, c0) VALUES (1, 'x'), (2, 'y')")
    con.commit()
    con.close()
    cid = f"big-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
    results: list[httpx.Response] = []

    def run() -> None:
        with stack.client(stack.admin_token, timeout=300) as c:
            results.append(c.post(f"/api/sync/sqlite/{cid}"))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results)
    assert codes[0] == 200 and 409 in codes, [r.text for r in results]
    conflict = next(r for r in results if r.status_code == 409)
    assert conflict.json()["detail"]["running_sync_id"].startswith("sync_")


def test_groups_restrict_tables_and_row_filters_apply(stack: Stack, tmp_path: Path) -> None:
    db = make_sqlite(tmp_path / "rls.sqlite")
    cid = f"rls-{uuid.uuid4().hex[:6]}"
    email, user_token = stack.create_user("user", groups=["germany"])
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
        webhook_sync(stack, "sqlite", cid)
        teams = f"{cid}.main.teams"
        assert c.post("/api/set_row_filter", json={"table_id": teams, "template": "WHERE country IN (${all_groupnames})"}
                      ).status_code == 200
        bad = c.post("/api/set_row_filter", json={"table_id": teams, "template": "WHERE 1=1; DROP TABLE teams"})
        assert bad.status_code == 422
        assert c.post("/api/add_doc_to_group", json={"doc_id": teams, "group": "germany"}).status_code == 200
        assert c.post("/api/remove_doc_from_group", json={"doc_id": f"{cid}.main.players", "group": "all_users"}
                      ).status_code == 200
    with stack.client(user_token) as u:
        visible = {t["id"] for t in u.get("/api/tables").json()}
        assert teams in visible and f"{cid}.main.players" not in visible  # players now has no group
        assert u.get(f"/api/tables/{cid}.main.players").status_code == 404
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/remove_user_from_group", json={"email": email, "group": "all_users"}).status_code == 200
    with stack.client(user_token) as u:
        visible = {t["id"] for t in u.get("/api/tables").json()}
        assert teams in visible and "demo.main.orders" not in visible
        r = u.post("/api/agentic", json={"messages": [{"role": "user", "content": "list the names of all teams"}],
                                         "chat_id": f"rls-{uuid.uuid4().hex[:6]}"})
        assert r.status_code == 200
        data = r.json()[-1]["additional_data"]
        df = next(data["assets"][p["data"]] for p in data["formatted_result"] if p["type"] == "dataframe")
        csv_rows = u.get(df["csv_download_url"]).text.strip().splitlines()[1:]
        assert sorted(csv_rows) == ["Bears", "Lions"]  # only germany's rows
        catalog = u.get("/api/cli/catalog").json()
        assert all(t["connection_id"] != cid or t["id"] != "main.players" for t in catalog["tables"])


def test_external_assets_upsert_list_delete_and_catalog(stack: Stack) -> None:
    asset = {"id": f"dash-{uuid.uuid4().hex[:6]}", "subtype": "looker_dashboard", "folder": "Sales",
             "name": "Revenue overview", "description": "Monthly revenue", "url": "https://looker.example/d/1",
             "active": True, "view_count": 12, "last_accessed_at": "2026-01-01T00:00:00Z",
             "dot_description": "# Revenue overview\n- revenue by month"}
    url = (f"{stack.url}/api/import_and_overwrite_external_asset?user_id={quote(ADMIN_EMAIL)}"
           f"&api_token={quote(stack.admin_token)}")
    assert httpx.post(url, json={"external_asset": asset}).status_code == 200
    asset["name"] = "Revenue overview v2"
    assert httpx.post(url, json={"external_asset": asset}).status_code == 200
    with stack.client(stack.admin_token) as c:
        listed = [a for a in c.get("/api/external_assets").json() if a["id"] == asset["id"]]
        assert len(listed) == 1 and listed[0]["name"] == "Revenue overview v2"
        catalog = c.get("/api/cli/catalog").json()
        assert catalog["external_assets"].get("Looker Dashboard", 0) >= 1
        assert set(catalog) >= {"org_id", "capabilities", "connections", "tables", "total_tables", "external_assets"}
        found = c.get("/api/search", params={"q": "revenue overview"}).json()
        assert any(x.get("id") == asset["id"] for x in found)
        assert c.post("/api/delete_external_asset", params={"asset_id": asset["id"]}).status_code == 200
        assert c.post("/api/delete_external_asset", params={"asset_id": asset["id"]}).status_code == 404
        r = c.post("/api/import_and_overwrite_external_asset", json={"external_asset": {"id": "x"}})
        assert r.status_code == 422


def test_non_admins_cannot_manage_connections(stack: Stack, tmp_path: Path) -> None:
    _, user_token = stack.create_user("user")
    _, modeler_token = stack.create_user("modeler")
    db = make_sqlite(tmp_path / "roles.sqlite")
    for token in (user_token, modeler_token):
        with stack.client(token) as c:
            assert c.post("/api/connect_sqlite", json={"database_location": str(db)}).status_code == 403
            assert c.post("/api/sync/sqlite/demo").status_code == 403
    with stack.client(user_token) as c:
        assert c.get("/api/connections").status_code == 403  # connection settings are admin-only
        assert c.get("/api/cli/catalog").json()["connections"]  # the catalog still lists what data exists
        assert c.post("/api/save_table_doc", json={"table": {"id": "demo.main.orders", "description": "x"}}
                      ).status_code == 403
    with stack.client(modeler_token) as c:
        assert c.post("/api/save_table_doc", json={"table": {"id": "demo.main.orders", "description": "Orders"}}
                      ).status_code == 200


def test_remove_and_reconnect_restores_docs_unless_deleted(stack: Stack, tmp_path: Path) -> None:
    db = make_sqlite(tmp_path / "re.sqlite")
    cid = f"re-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
        webhook_sync(stack, "sqlite", cid)
        c.post("/api/save_table_doc", json={"table": {"id": f"{cid}.main.teams", "description": "Clubs"}})
        assert c.post("/api/remove_connection", json={"connection_id": cid}).status_code == 200
        assert all(t["connection_id"] != cid for t in c.get("/api/tables").json())
        connect(c, "sqlite", cid, database_location=str(db))
        webhook_sync(stack, "sqlite", cid)
        assert c.get(f"/api/tables/{cid}.main.teams").json()["description"] == "Clubs"
        assert c.post("/api/remove_connection", json={"connection_id": cid, "delete_table_setup": True}).status_code == 200
        connect(c, "sqlite", cid, database_location=str(db))
        webhook_sync(stack, "sqlite", cid)
        assert c.get(f"/api/tables/{cid}.main.teams").json()["description"] == ""


def test_duckdb_connection(stack: Stack, tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (region VARCHAR, amount DOUBLE); COMMENT ON TABLE sales IS 'Sales lines'")
    con.execute("INSERT INTO sales VALUES ('north', 10), ('south', 5), ('north', 7)")
    con.close()
    cid = f"duck-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        connect(c, "duckdb", cid, database_location=str(path))
        assert webhook_sync(stack, "duckdb", cid)["tables"]["added"] == 1
        t = c.get(f"/api/tables/{cid}.main.sales").json()
        assert t["description"] == "Sales lines" and t["num_rows"] == 3


@pytest.fixture()
def pg_schema() -> tuple[str, str]:
    require_server("PostgreSQL", PG_HOST, PG_PORT)
    import psycopg

    user = pg_user()
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {ASANA} CASCADE")
        con.execute(f"CREATE SCHEMA {ASANA}")
        con.execute(f"CREATE TABLE {ASANA}.user_data (id text PRIMARY KEY, email text, name text)")
        con.execute(f"CREATE TABLE {ASANA}.task_data (id text PRIMARY KEY, assignee_id text REFERENCES "
                    f"{ASANA}.user_data(id), completed boolean, name text)")
        con.execute(f"COMMENT ON COLUMN {ASANA}.user_data.email IS 'warehouse comment'")
        con.execute(f"INSERT INTO {ASANA}.user_data VALUES ('u1', 'a@x.com', 'Ann'), ('u2', 'b@x.com', 'Bo')")
    yield user, ASANA
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=user, dbname="test", autocommit=True) as con:
        con.execute(f"DROP SCHEMA IF EXISTS {ASANA} CASCADE")


def test_postgres_webhook_sync_with_dbt_docs_and_group_restriction(stack: Stack, pg_schema: tuple[str, str],
                                                                    asana_artifacts: Path) -> None:
    user, schema = pg_schema
    cid, dbt_cid = f"pg-{uuid.uuid4().hex[:6]}", f"dbt-{uuid.uuid4().hex[:6]}"
    art = asana_artifacts
    with stack.client(stack.admin_token) as c:
        connect(c, "postgres", cid, host=PG_HOST, port=PG_PORT, database="test", username=user, password="",
                ssh_config={})
        result = webhook_sync(stack, "postgres", cid)
        assert result["tables"]["added"] >= 2
        connect(c, "dbt", dbt_cid, manifest_path=str(art / "manifest.json"), catalog_path=str(art / "catalog.json"))
        assert webhook_sync(stack, "dbt", dbt_cid)["docs_attached"] >= 2
        table = c.get(f"/api/tables/{cid}.{schema}.user_data").json()
        assert table["description"] == "Table of all accounts in the organization"
        assert table["dbt"]["resource_type"] == "source"
        cols = {col["column_name"]: col for col in table["columns"]}
        assert cols["email"]["comment"] == "warehouse comment" and cols["email"]["dbt_description"]
        assert table["relationships"] == [] and c.get(f"/api/tables/{cid}.{schema}.task_data").json()[
            "relationships"][0]["table"].endswith("user_data")
        catalog = c.get("/api/cli/catalog").json()
        row = next(t for t in catalog["tables"] if t["connection_id"] == cid and t["table_name"] == "user_data")
        assert row["description"] == "Table of all accounts in the organization"
        conn = next(x for x in catalog["connections"] if x["id"] == cid)
        assert conn["type"] == "postgres" and conn["table_count"] >= 2  # other schemas of db test may exist
        assert c.post("/api/add_doc_to_group", json={"doc_id": f"{cid}.{schema}.user_data", "group": "finance"}
                      ).status_code == 200
        assert c.post("/api/remove_doc_from_group", json={"doc_id": f"{cid}.{schema}.user_data", "group": "all_users"}
                      ).status_code == 200
        listed = next(x for x in c.get("/api/connections").json() if x["id"] == cid)
        assert listed["params"]["username"] == user and listed["params"]["password"] in ("", None, "********")
    _, token = stack.create_user("user")
    with stack.client(token) as u:
        assert f"{cid}.{schema}.user_data" not in {t["id"] for t in u.get("/api/tables").json()}


def test_mariadb_connection_sync(stack: Stack) -> None:
    require_server("MariaDB", MY_HOST, MY_PORT)
    import pymysql

    db = f"dot_k_{uuid.uuid4().hex[:6]}"
    con = pymysql.connect(host=MY_HOST, port=MY_PORT, user="root", password="", autocommit=True)
    try:
        with con.cursor() as cur:
            cur.execute(f"CREATE DATABASE {db}")
            cur.execute(f"CREATE TABLE {db}.shops (id INT PRIMARY KEY, city VARCHAR(40)) COMMENT='Shops'")
            cur.execute(f"INSERT INTO {db}.shops VALUES (1, 'Oslo'), (2, 'Rome')")
        cid = f"my-{uuid.uuid4().hex[:6]}"
        with stack.client(stack.admin_token) as c:
            connect(c, "mysql", cid, host=MY_HOST, port=MY_PORT, database=db, username="root", password="")
            assert webhook_sync(stack, "mysql", cid)["tables"]["added"] == 1
            tables = [t for t in c.get("/api/tables").json() if t["connection_id"] == cid]
            assert tables[0]["description"] == "Shops"
            r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many shops are there?"}],
                                             "chat_id": f"my-{uuid.uuid4().hex[:6]}"})
            assert r.status_code == 200
            data = r.json()[-1]["additional_data"]
            df = next(data["assets"][p["data"]] for p in data["formatted_result"] if p["type"] == "dataframe")
            assert df["text_preview"].splitlines()[1] == "2"
    finally:
        with con.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {db}")
        con.close()


def test_secrets_are_encrypted_at_rest(stack: Stack) -> None:
    secret = "s3cret-" + uuid.uuid4().hex
    cid = f"snow-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/connect_snowflake", json={"connection_id": cid, "account": "acme", "username": "u",
                                                    "password": secret, "role": "r", "warehouse": "w"})
        assert r.status_code in (200, 400), r.text
        listed = c.get("/api/connections").text
    assert secret not in listed
    store = (stack.data_dir / "knowledge.db").read_bytes()
    wal = stack.data_dir / "knowledge.db-wal"
    blob = store + (wal.read_bytes() if wal.exists() else b"")
    assert secret.encode() not in blob
    assert hashlib.sha256(secret.encode()).hexdigest().encode() not in blob


def test_modeler_may_sync_only_with_the_org_grant(stack: Stack, tmp_path: Path) -> None:
    db = make_sqlite(tmp_path / "grant.sqlite")
    cid = f"grant-{uuid.uuid4().hex[:6]}"
    _, modeler = stack.create_user("modeler")
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", cid, database_location=str(db))
    with stack.client(modeler) as m:
        assert m.post(f"/api/sync/sqlite/{cid}").status_code == 403
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/set_modeler_can_sync", json={"value": True}).status_code == 200
    try:
        with stack.client(modeler) as m:
            r = m.post(f"/api/sync/sqlite/{cid}")
            assert r.status_code == 200 and r.json()["tables"]["added"] == 2
    finally:
        with stack.client(stack.admin_token) as c:
            c.post("/api/set_modeler_can_sync", json={"value": False})


def test_dbt_artifacts_by_multipart_upload(stack: Stack, tmp_path: Path) -> None:
    import json as _json

    db = tmp_path / "dbt.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE stg_orders (order_id INTEGER PRIMARY KEY, amount REAL)")
    con.commit()
    con.close()
    manifest = {
        "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", "dbt_version": "1.9.0",
                     "adapter_type": "sqlite"},
        "nodes": {"model.shop.stg_orders": {
            "unique_id": "model.shop.stg_orders", "resource_type": "model", "package_name": "shop",
            "name": "stg_orders", "alias": "stg_orders", "database": "main", "schema": "main",
            "description": "One row per order, cleaned.", "tags": ["core"],
            "columns": {"amount": {"name": "amount", "description": "Order amount in EUR"}},
            "depends_on": {"nodes": []}, "config": {"materialized": "view"}, "meta": {}}},
        "sources": {}, "metrics": {}, "semantic_models": {}, "exposures": {},
    }
    wid, dbt_cid = f"wh-{uuid.uuid4().hex[:6]}", f"dbtup-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", wid, database_location=str(db))
        webhook_sync(stack, "sqlite", wid)
        connect(c, "dbt", dbt_cid, upload=True)
        r = c.post("/api/dbt/artifacts", data={"connection_id": dbt_cid},
                   files={"manifest": ("manifest.json", _json.dumps(manifest).encode(), "application/json")})
        assert r.status_code == 200, r.text
        assert r.json()["docs_attached"] >= 1
        t = c.get(f"/api/tables/{wid}.main.stg_orders").json()
        assert t["description"] == "One row per order, cleaned."
        assert {col["name"]: col["description"] for col in t["columns"]}["amount"] == "Order amount in EUR"
        bad = c.post("/api/dbt/artifacts", data={"connection_id": dbt_cid},
                     files={"manifest": ("manifest.json", b"{not json", "application/json")})
        assert bad.status_code == 422
        assert c.get(f"/api/tables/{wid}.main.stg_orders").json()["description"] == "One row per order, cleaned."


def test_lookml_project_attaches_view_docs_and_dashboards(stack: Stack, tmp_path: Path) -> None:
    db = make_sqlite(tmp_path / "look.sqlite")
    project = tmp_path / "lookml"
    (project / "views").mkdir(parents=True)
    (project / "views" / "teams.view.lkml").write_text("""
view: teams {
  sql_table_name: main.teams ;;
  description: "Clubs in the league"
  dimension: team_id { primary_key: yes type: number sql: ${TABLE}.team_id ;; }
  dimension: country { type: string label: "Country" description: "Home country of the club" sql: ${TABLE}.country ;; }
  measure: team_count { type: count label: "Number of teams" }
}
""")
    (project / "league.model.lkml").write_text("""
connection: "league"
include: "views/*.view.lkml"
explore: teams {
  label: "Teams"
  join: players { sql_on: ${teams.team_id} = ${players.team_id} ;; relationship: one_to_many }
}
""")
    (project / "overview.dashboard.lookml").write_text("""
- dashboard: league_overview
  title: League overview
  description: Teams per country
  elements:
  - name: teams_by_country
    title: Teams by country
    type: looker_bar
    explore: teams
    fields: [teams.country, teams.team_count]
""")
    wid, lid = f"lk-{uuid.uuid4().hex[:6]}", f"looker-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        connect(c, "sqlite", wid, database_location=str(db))
        webhook_sync(stack, "sqlite", wid)
        connect(c, "looker", lid, project_dir=str(project))
        result = webhook_sync(stack, "looker", lid)
        assert result["docs_attached"] >= 1
        table = c.get(f"/api/tables/{wid}.main.teams").json()
        assert table["description"] == "Clubs in the league"
        assert table["lookml"]["view"] == "teams" and table["lookml"]["explores"][0]["name"] == "teams"
        country = next(col for col in table["columns"] if col["name"] == "country")
        assert country["description"] == "Country — Home country of the club"
        assets = [a for a in c.get("/api/external_assets").json() if a.get("subtype") == "looker_dashboard"]
        dash = next(a for a in assets if "league_overview" in a["id"])
        assert dash["name"] == "League overview" and "Teams by country" in dash["dot_description"]
        assert c.get("/api/cli/catalog").json()["external_assets"].get("Looker Dashboard", 0) >= 1
        r = c.post("/api/connect_looker", json={"url": "https://looker.example"})
        assert r.status_code == 422
