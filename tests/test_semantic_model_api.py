"""The semantic model over real HTTP: GET /api/tables/{id} shows each column's role, a modeler corrects a
role or adds a synonym (extensions /api/set_column_role, /api/add_synonym) and the next question uses it."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from pathlib import Path

import httpx

from urllib.parse import quote

from tests.support.stack import ADMIN_EMAIL, Stack


def make_db(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE regions (region_id INTEGER PRIMARY KEY, region_name TEXT NOT NULL);
        CREATE TABLE stores (store_id INTEGER PRIMARY KEY, store_name TEXT, region_id INTEGER REFERENCES regions(region_id),
                             hcount INTEGER, vip INTEGER, opened DATE, segment TEXT);
        INSERT INTO regions VALUES (1, 'North'), (2, 'South');
        INSERT INTO stores VALUES (1, 'A', 1, 10, 1, '2020-01-01', 'mall'), (2, 'B', 1, 5, 0, '2021-05-01', 'street'),
                                  (3, 'C', 2, 7, 1, '2022-02-01', 'mall');
    """)
    con.commit()
    con.close()
    return path


def ask(c: httpx.Client, question: str) -> list[tuple[str, ...]]:
    """The rows (as CSV text) of the answer's first table; [] when the answer has none."""
    r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}], "chat_id": f"t-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 200, r.text
    data = r.json()[-1]["additional_data"]
    frames = [data["assets"][p["data"]] for p in data["formatted_result"] if p["type"] == "dataframe"]
    if not frames:
        return []
    text = c.get(frames[0]["csv_download_url"]).text
    return [tuple(row) for row in list(csv.reader(io.StringIO(text)))[1:]]


def test_roles_are_shown_corrected_and_used(stack: Stack, tmp_path: Path) -> None:
    db = make_db(tmp_path / "stores.sqlite")
    cid = f"stores-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/connect_sqlite", json={"connection_id": cid, "database_location": str(db)}).status_code == 200
        r = httpx.post(f"{stack.url}/api/sync/sqlite/{cid}?user_id={quote(ADMIN_EMAIL)}&api_token={quote(stack.admin_token)}",
                       timeout=120)
        assert r.status_code == 200, r.text
        tid = f"{cid}.main.stores"
        roles = {col["name"]: col["role"] for col in c.get(f"/api/tables/{tid}").json()["columns"]}
        assert roles == {"store_id": "identifier", "store_name": "label", "region_id": "identifier", "hcount": "measure",
                         "vip": "measure", "opened": "time", "segment": "category"}

        # bad input: unknown role, unknown column -> 422 with a detail, nothing stored
        bad = c.post("/api/set_column_role", json={"table_id": tid, "column": "vip", "role": "money"})
        assert bad.status_code == 422 and "role must be one of" in bad.json()["detail"]
        assert c.post("/api/set_column_role", json={"table_id": tid, "column": "nope", "role": "flag"}).status_code == 422
        assert c.post("/api/add_synonym", json={"table_id": tid, "column": "hcount", "synonym": "drop table;"}).status_code == 422

        r = c.post("/api/set_column_role", json={"table_id": tid, "column": "vip", "role": "flag"})
        assert r.status_code == 200, r.text
        col = next(x for x in r.json()["columns"] if x["name"] == "vip")
        assert (col["role"], col["role_source"]) == ("flag", "modeler")
        assert ask(c, "How many vip stores are there?") == [("2",)]

        r = c.post("/api/add_synonym", json={"table_id": tid, "column": "hcount", "synonym": "headcount"})
        assert r.status_code == 200, r.text
        assert next(x for x in r.json()["columns"] if x["name"] == "hcount")["synonyms"] == ["headcount"]
        rows = ask(c, "total headcount of stores by region")
        assert sorted(rows) == [("North", "15"), ("South", "7")]

    # a plain user may not change the model
    _, token = stack.create_user("user")
    with stack.client(token) as u:
        assert u.post("/api/set_column_role", json={"table_id": tid, "column": "vip", "role": None}).status_code in (403, 404)
        assert u.post("/api/add_synonym", json={"table_id": tid, "column": "vip", "synonym": "x"}).status_code in (403, 404)


def test_a_modeler_teaches_what_a_choice_code_means(stack: Stack, tmp_path: Path) -> None:
    """An integer choice code ('status' 0..3) no stored value explains: the question is answered with a clarifying
    question; a synonym '<words> <code>' added through the API says what the code means, and the next question uses
    it."""
    path = tmp_path / "tickets.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE desk_ticket (id INTEGER PRIMARY KEY, subject TEXT, status SMALLINT NOT NULL, opened DATE);
        INSERT INTO desk_ticket VALUES (1, 'a', 0, '2024-01-01'), (2, 'b', 1, '2024-01-02'), (3, 'c', 3, '2024-01-03'),
                                       (4, 'd', 3, '2024-01-04'), (5, 'e', 2, '2024-01-05'), (6, 'f', 3, '2024-01-06');
    """)
    con.commit()
    con.close()
    cid = f"desk-{uuid.uuid4().hex[:6]}"
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/connect_sqlite", json={"connection_id": cid, "database_location": str(path)}).status_code == 200
        r = httpx.post(f"{stack.url}/api/sync/sqlite/{cid}?user_id={quote(ADMIN_EMAIL)}&api_token={quote(stack.admin_token)}",
                       timeout=120)
        assert r.status_code == 200, r.text
        assert ask(c, "How many escalated tickets are there?") == []  # asked which code, not answered for every row
        tid = f"{cid}.main.desk_ticket"
        r = c.post("/api/add_synonym", json={"table_id": tid, "column": "status", "synonym": "escalated 3"})
        assert r.status_code == 200, r.text
        assert ask(c, "How many escalated tickets are there?") == [("3",)]
