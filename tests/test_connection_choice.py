"""Which connection answers (issue 12 item 5): a real warehouse beats the generated demo, an explicit
``connection_id`` pins the answer (404 when unknown, nothing written), every answer names its
connection, and removing the demo is permanent. Real server, real SQLite warehouses."""

from __future__ import annotations

import importlib.util
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.stack import Stack, start_stack

ROOT = Path(__file__).resolve().parent.parent


def _build(name: str, out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("business_build", ROOT / "eval" / "business" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.build(name, out)


def _count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _connect(client: httpx.Client, stack: Stack, path: Path, cid: str) -> None:
    r = client.post("/api/connect_sqlite", json={"database_location": str(path), "connection_id": cid})
    assert r.status_code == 200, r.text
    r = client.post(f"/api/sync/sqlite/{cid}")
    assert r.status_code == 200, r.text


def _ask(client: httpx.Client, question: str, route: str = "/api/agentic", **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"chat_id": extra.pop("chat_id", f"cc-{uuid.uuid4().hex[:10]}"), **extra}
    if route.endswith("_with_history"):
        body["new_message"] = {"role": "user", "content": question}
    else:
        body["messages"] = [{"role": "user", "content": question}]
    return client.post(route, json=body)


def _last(conv: list[dict[str, Any]]) -> dict[str, Any]:
    return conv[-1]


def _first_value(client: httpx.Client, message: dict[str, Any]) -> str:
    data = message["additional_data"]
    key = next(p["data"] for p in data["formatted_result"] if p["type"] == "dataframe")
    body = client.get(data["assets"][key]["csv_download_url"]).text.splitlines()
    return body[1].split(",")[-1]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("shop", tmp_path_factory.mktemp("biz"))


@pytest.fixture(scope="module")
def stack_with_demo(tmp_path_factory: pytest.TempPathFactory, shop: Path) -> Iterator[Stack]:
    s = start_stack(tmp_path_factory.mktemp("dot-cc"), {"DOT_DEMO_DATA": "1", "DOT_FILE_SOURCES": str(shop.parent)})
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def client(stack_with_demo: Stack, shop: Path) -> Iterator[httpx.Client]:
    with stack_with_demo.client(stack_with_demo.admin_token) as c:
        assert [x["id"] for x in c.get("/api/connections").json()] == ["demo"]  # generated on first use
        _connect(c, stack_with_demo, shop, "shop")
        yield c


@pytest.fixture(scope="module")
def demo_path(stack_with_demo: Stack, client: httpx.Client) -> Path:
    org = client.get("/api/auth/me").json()["org_id"]
    return stack_with_demo.data_dir / f"demo-{org}.sqlite"


def test_real_warehouse_wins_over_the_demo_on_shared_words(client: httpx.Client, shop: Path) -> None:
    # both the demo and the shop have customers, orders and products: the real warehouse answers
    r = _ask(client, "How many customers are there?")
    assert r.status_code == 200, r.text
    msg = _last(r.json())
    assert msg["additional_data"]["connection_id"] == "shop"
    assert _first_value(client, msg) == str(_count(shop, "SELECT COUNT(*) FROM Customers"))


def test_a_question_without_a_match_goes_to_the_real_warehouse(client: httpx.Client) -> None:
    # the demo is older and has been queried: still not the org's main data while a real warehouse exists
    _ask(client, "How many regions are there?", connection_id="demo")
    r = _ask(client, "how many rows are there?")
    assert r.status_code == 200, r.text
    assert _last(r.json())["additional_data"]["connection_id"] == "shop"


def test_the_demo_answers_what_only_it_has(client: httpx.Client, demo_path: Path) -> None:
    r = _ask(client, "How many regions are there?")
    assert r.status_code == 200, r.text
    msg = _last(r.json())
    assert msg["additional_data"]["connection_id"] == "demo"
    assert _first_value(client, msg) == str(_count(demo_path, "SELECT COUNT(*) FROM regions"))


@pytest.mark.parametrize("route", ["/api/agentic", "/api/agentic_with_history", "/api/ask", "/api/ask_with_history"])
def test_connection_id_pins_the_answer_on_every_ask_route(client: httpx.Client, route: str, demo_path: Path) -> None:
    chat_id = f"pin-{uuid.uuid4().hex[:8]}"
    r = _ask(client, "How many customers are there?", route, chat_id=chat_id, connection_id="demo")
    assert r.status_code == 200, r.text
    if route.startswith("/api/ask"):  # legacy: answered in the background, poll the chat
        for _ in range(200):
            chat = client.get(f"/api/c2/{chat_id}").json()
            if chat["status"] != "in_progress":
                break
        conv = chat["messages"]
    else:
        conv = r.json()
    msg = _last(conv)
    assert msg["additional_data"]["connection_id"] == "demo"
    assert _first_value(client, msg) == str(_count(demo_path, "SELECT COUNT(*) FROM customers"))
    # a follow-up in the same chat stays on that connection
    r = _ask(client, "How many products are there?", chat_id=chat_id)
    assert _last(r.json())["additional_data"]["connection_id"] == "demo"


def test_every_answer_names_its_connection_in_text_and_in_the_stored_chat(client: httpx.Client) -> None:
    chat_id = f"named-{uuid.uuid4().hex[:8]}"
    r = _ask(client, "number of orders by status", chat_id=chat_id)
    msg = _last(r.json())
    assert "connection 'shop', table Orders." in msg["content"]  # and the tables its SQL read
    assert any("connection 'shop'" in p["data"] for p in msg["additional_data"]["formatted_result"]
               if p["type"] == "text")
    stored = _last(client.get(f"/api/c2/{chat_id}").json()["messages"])
    assert stored["additional_data"]["connection_id"] == "shop" and "connection 'shop'" in stored["content"]


@pytest.mark.parametrize("route", ["/api/agentic", "/api/agentic_with_history", "/api/ask", "/api/ask_with_history"])
def test_unknown_connection_id_is_404_and_writes_nothing(client: httpx.Client, route: str) -> None:
    chat_id = f"nope-{uuid.uuid4().hex[:8]}"
    r = _ask(client, "How many customers are there?", route, chat_id=chat_id, connection_id="no-such-warehouse")
    assert r.status_code == 404, r.text
    assert "no-such-warehouse" in r.json()["detail"]
    assert client.get(f"/api/c2/{chat_id}").status_code == 404
    assert all(c["chat_id"] != chat_id for c in client.get("/api/chat_history").json())


def test_connection_id_not_shared_with_the_user_is_404(stack_with_demo: Stack, client: httpx.Client) -> None:
    _, user_token = stack_with_demo.create_user("user")
    shop_tables = [t["id"] for t in client.get("/api/tables").json() if t["id"].startswith("shop.")]
    assert shop_tables
    for tid in shop_tables:  # the shop's tables move to a group the user is not in
        assert client.post("/api/add_doc_to_group", json={"doc_id": tid, "group": "finance"}).status_code == 200
        assert client.post("/api/remove_doc_from_group", json={"doc_id": tid, "group": "all_users"}).status_code == 200
    try:
        with stack_with_demo.client(user_token) as uc:
            r = _ask(uc, "How many customers are there?", connection_id="shop")
            assert r.status_code == 404, r.text
            r = _ask(uc, "How many customers are there?", connection_id="demo")
            assert r.status_code == 200, r.text
    finally:
        for tid in shop_tables:
            client.post("/api/add_doc_to_group", json={"doc_id": tid, "group": "all_users"})
            client.post("/api/remove_doc_from_group", json={"doc_id": tid, "group": "finance"})


@pytest.mark.parametrize("value", ["", "x" * 121])
def test_malformed_connection_id_is_422(client: httpx.Client, value: str) -> None:
    r = _ask(client, "How many customers are there?", connection_id=value)
    assert r.status_code == 422 and "detail" in r.json()


def test_a_real_warehouse_wins_over_the_demo_even_where_the_demo_covers_more(tmp_path: Path) -> None:
    # issue 12 item 5: one real warehouse has orders, another a region column, the demo has both; the
    # question goes to the real warehouse that holds what it counts, never silently to the demo
    for name, ddl in (("stg.sqlite", "CREATE TABLE stg_orders (order_id INTEGER PRIMARY KEY, amount REAL);"
                                     "INSERT INTO stg_orders VALUES (1, 2.5);"),
                      ("sales.sqlite", "CREATE TABLE sales (region TEXT, amount REAL);"
                                       "INSERT INTO sales VALUES ('north', 1.0);")):
        conn = sqlite3.connect(tmp_path / name)
        conn.executescript(ddl)
        conn.close()
    s = start_stack(tmp_path / "data", {"DOT_DEMO_DATA": "1", "DOT_FILE_SOURCES": str(tmp_path)})
    try:
        with s.client(s.admin_token) as c:
            _connect(c, s, tmp_path / "stg.sqlite", "stg")
            _connect(c, s, tmp_path / "sales.sqlite", "sales")
            r = _ask(c, "How many orders are there per region?")
            assert r.status_code == 200, r.text
            assert _last(r.json())["additional_data"]["connection_id"] == "stg"
            r = _ask(c, "How many orders are there?")  # the real warehouse covers all of this one
            assert _last(r.json())["additional_data"]["connection_id"] == "stg"
            r = _ask(c, "How many regions are there?")  # a real region column places it: not the demo's regions
            assert _last(r.json())["additional_data"]["connection_id"] == "sales"
    finally:
        s.stop()


# ---- removing the demo is permanent ------------------------------------------------------------------


def test_removed_demo_stays_removed_across_use_and_restart(tmp_path: Path, shop: Path) -> None:
    s = start_stack(tmp_path / "data", {"DOT_DEMO_DATA": "1", "DOT_FILE_SOURCES": str(shop.parent)})
    try:
        with s.client(s.admin_token) as c:
            assert [x["id"] for x in c.get("/api/connections").json()] == ["demo"]
            _connect(c, s, shop, "shop")
            assert c.post("/api/remove_connection", json={"connection_id": "demo"}).status_code == 200
            r = _ask(c, "How many regions are there?")  # names what only the demo had
            assert r.status_code == 200 and _last(r.json())["additional_data"].get("connection_id") != "demo"
            assert _ask(c, "how many customers", connection_id="demo").status_code == 404
            s.restart_service("knowledge")
            # the gateway's channel may still be in its reconnect backoff (at most about a second): 503 until then
            for _ in range(100):
                r = c.get("/api/connections")
                if r.status_code != 503:
                    break
                time.sleep(0.1)
            assert r.status_code == 200, r.text
            assert [x["id"] for x in r.json()] == ["shop"]
            assert not [t for t in c.get("/api/tables").json() if t["id"].startswith("demo.")]
    finally:
        s.stop()


def test_removing_the_demo_before_its_first_use_means_it_is_never_generated(tmp_path: Path) -> None:
    s = start_stack(tmp_path / "data", {"DOT_DEMO_DATA": "1"})
    try:
        with httpx.Client(base_url=s.url, headers={"API-KEY": s.admin_token}, timeout=60) as c:
            r = c.post("/api/remove_connection", json={"connection_id": "demo"})  # the very first call of the org
            assert r.status_code == 200, r.text
            assert c.get("/api/connections").json() == []
            r = _ask(c, "How many customers are there?")
            assert r.status_code == 200 and "no data is connected" in _last(r.json())["content"]
            assert c.get("/api/connections").json() == []
            assert not list(s.data_dir.glob("demo-*.sqlite"))
    finally:
        s.stop()


def test_removing_a_real_connection_named_demo_is_an_ordinary_removal(tmp_path: Path, shop: Path) -> None:
    s = start_stack(tmp_path / "data", {"DOT_DEMO_DATA": "0", "DOT_FILE_SOURCES": str(shop.parent)})
    try:
        with s.client(s.admin_token) as c:
            assert c.post("/api/remove_connection", json={"connection_id": "demo"}).status_code == 404
            _connect(c, s, shop, "demo")
            r = _ask(c, "How many customers are there?")
            assert _last(r.json())["additional_data"]["connection_id"] == "demo"
            assert c.post("/api/remove_connection", json={"connection_id": "demo"}).status_code == 200
            assert c.get("/api/connections").json() == []
    finally:
        s.stop()



# ---- two real warehouses that fit about equally: ask, never guess ------------------------------------


def test_equal_fits_ask_which_connection_and_each_follow_up_pins_one(tmp_path: Path) -> None:
    for name, year in (("east.sqlite", 1995), ("west.sqlite", 2023)):
        conn = sqlite3.connect(tmp_path / name)
        conn.executescript("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, order_date TEXT, amount REAL);")
        conn.executemany("INSERT INTO orders VALUES (?, ?, ?)",
                         [(i, f"{year}-0{1 + i % 9}-1{i % 9}", 10.0 * i) for i in range(1, 8 if year == 1995 else 5)])
        conn.commit()
        conn.close()
    s = start_stack(tmp_path / "data", {"DOT_DEMO_DATA": "0", "DOT_FILE_SOURCES": str(tmp_path)})
    try:
        with s.client(s.admin_token) as c:
            _connect(c, s, tmp_path / "east.sqlite", "east")
            _connect(c, s, tmp_path / "west.sqlite", "west")
            chat_id = f"tie-{uuid.uuid4().hex[:8]}"
            r = _ask(c, "How many orders are there?", chat_id=chat_id)
            assert r.status_code == 200, r.text
            msg = _last(r.json())
            assert "'east'" in msg["content"] and "'west'" in msg["content"] and "Which one" in msg["content"]
            assert "names (orders)" in msg["content"]  # the words both place, not 'how many'
            assert not [p for p in msg["additional_data"]["formatted_result"] if p["type"] == "dataframe"]
            assert not msg["additional_data"].get("connection_id")
            follow = msg["suggested_follow_ups"]
            assert follow == ["How many orders are there? (connection east)",
                              "How many orders are there? (connection west)"]
            r = _ask(c, follow[1], chat_id=chat_id)  # the same chat: the pin answers, then the chat keeps it
            msg = _last(r.json())
            assert msg["additional_data"]["connection_id"] == "west" and "connection 'west'" in msg["content"]
            assert _first_value(c, msg) == "4"
            # answering the clarification with a connection's name alone answers the question asked before
            other = f"tie-{uuid.uuid4().hex[:8]}"
            _ask(c, "How many orders are there?", chat_id=other)
            msg = _last(_ask(c, "the east one", chat_id=other).json())
            assert msg["additional_data"]["connection_id"] == "east" and _first_value(c, msg) == "7"
            # a year the data covers decides between otherwise equal warehouses
            r = _ask(c, "How many orders were placed in 1995?")
            assert _last(r.json())["additional_data"]["connection_id"] == "east"
    finally:
        s.stop()
