"""Conversation service over real HTTP: Dot's answer shape, follow-ups, legacy ask, history,
labels, feedback, export and assets."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from datetime import date, timedelta
from urllib.parse import quote

import httpx
import pytest

from tests.support.stack import ADMIN_EMAIL, Stack


def ask(c: httpx.Client, question: str, chat_id: str | None = None, **extra: object) -> tuple[str, list[dict]]:
    chat_id = chat_id or f"t-{uuid.uuid4().hex[:10]}"
    r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}], "chat_id": chat_id, **extra})
    assert r.status_code == 200, r.text
    return chat_id, r.json()


def dataframes(msg: dict) -> list[dict]:
    data = msg["additional_data"]
    return [data["assets"][p["data"]] for p in data["formatted_result"] if p["type"] == "dataframe"]


def charts(msg: dict) -> list[dict]:
    data = msg["additional_data"]
    return [data["assets"][p["data"]] for p in data["formatted_result"] if p["type"] == "chart"]


def test_agentic_answer_has_dots_shape(stack: Stack) -> None:
    with stack.client(stack.admin_token, header="X-API-KEY") as c:
        chat_id, conv = ask(c, "How many orders are there per region?", skip_check=False)
    assert isinstance(conv, list) and [m["role"] for m in conv] == ["user", "assistant"]
    last = conv[-1]
    data = last["additional_data"]
    assert data["chat_id"] == chat_id and data["dot_url"] == f"{stack.url}/?c={chat_id}"
    assert isinstance(last["suggested_follow_ups"], list) and last["suggested_follow_ups"]
    texts = [p["data"] for p in data["formatted_result"] if p["type"] == "text"]
    assert texts and last["content"]
    df = dataframes(last)[0]
    assert set(df) >= {"sql_query", "text_preview", "text_summary", "shape", "csv_download_url"}
    assert df["shape"][1] == 2 and df["shape"][0] >= 2
    assert df["csv_download_url"].startswith(stack.url)
    chart = charts(last)[0]
    assert chart["interpretation"] and chart["chart_download_url"].startswith(stack.url)
    assert chart["vega_lite"]["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_assets_csv_needs_key_and_chart_is_a_capability_url(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        _, conv = ask(c, "How many orders are there per region?")
        df, chart = dataframes(conv[-1])[0], charts(conv[-1])[0]
        csv_resp = c.get(df["csv_download_url"])
    assert csv_resp.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_resp.text)))
    assert len(rows) - 1 == df["shape"][0] and len(rows[0]) == df["shape"][1]
    assert httpx.get(df["csv_download_url"]).status_code == 401  # no key: refused
    png = httpx.get(chart["chart_download_url"])  # no headers at all
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert httpx.get(f"{stack.url}/api/asset/{'x' * 32}.png").status_code == 404


def test_follow_up_on_known_chat_id_appends(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        chat_id, first = ask(c, "How many orders are there per region?")
        _, second = ask(c, "only for the Enterprise segment", chat_id=chat_id, skip_check=True)
        assert len(second) == 4 and second[:2] == first
        r = c.post("/api/agentic_with_history", json={"new_message": {"role": "user", "content": "show it as a chart"},
                                                      "chat_id": chat_id})
        assert r.status_code == 200 and len(r.json()) == 6
        got = c.get(f"/api/c2/{chat_id}").json()
    assert len(got["messages"]) == 6 and got["status"] == "done"


def test_other_users_cannot_read_or_continue_my_chat(stack: Stack) -> None:
    _, user_token = stack.create_user("user")
    with stack.client(stack.admin_token) as c:
        chat_id, _ = ask(c, "How many customers are there?")
    with stack.client(user_token) as u:
        assert u.get(f"/api/c2/{chat_id}").status_code == 404
        assert u.get(f"/api/download_csv?chat_id={chat_id}&df_key=df_1_1").status_code == 404
        # the same id is the user's own, new chat: the admin's chat is neither continued nor revealed
        r = u.post("/api/agentic", json={"messages": [{"role": "user", "content": "and now?"}], "chat_id": chat_id})
        assert r.status_code == 200 and [m["role"] for m in r.json()] == ["user", "assistant"]
    with stack.client(stack.admin_token) as c:
        assert len(c.get(f"/api/c2/{chat_id}").json()["messages"]) == 2


def test_legacy_ask_answers_in_background(stack: Stack) -> None:
    chat_id = f"legacy-{uuid.uuid4().hex[:8]}"
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/ask", json={"messages": [{"role": "user", "content": "How many products are there?"}],
                                     "chat_id": chat_id})
        assert r.status_code == 200 and r.json()["chat_id"] == chat_id
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            got = c.get(f"/api/c2/{chat_id}").json()
            if got["status"] != "in_progress":
                break
            time.sleep(0.1)
        assert got["status"] == "done" and got["messages"][-1]["role"] == "assistant"
        r = c.post("/api/ask_with_history", json={"new_message": {"role": "user", "content": "by category"},
                                                  "chat_id": chat_id})
        assert r.status_code == 200
        while time.monotonic() < deadline:
            got = c.get(f"/api/c2/{chat_id}").json()
            if got["status"] != "in_progress":
                break
            time.sleep(0.1)
    assert len(got["messages"]) == 4


def test_history_labels_feedback_and_mode(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        chat_id, _ = ask(c, "What is the total revenue?", mode="economy")
        r = c.post("/api/add_label_to_chat", json={"chat_id": chat_id, "labels": ["finance", "q4"]})
        assert r.status_code == 200 and r.json()["labels"] == ["finance", "q4"]
        c.post("/api/add_label_to_chat", json={"chat_id": chat_id, "labels": ["finance"]})
        r = c.post("/api/feedback", json={"chat_id": chat_id, "message_position": 1, "positive": True})
        assert r.status_code == 200 and r.json()["feedback"] == "Success"
        assert c.post("/api/feedback", json={"chat_id": chat_id, "message_position": 0, "positive": False}
                      ).status_code == 422  # feedback on the user's own message
        assert c.post("/api/feedback", json={"chat_id": chat_id, "message_position": 9, "positive": False}
                      ).status_code == 404
        assert c.post("/api/add_label_to_chat", json={"chat_id": "nope-" + chat_id, "labels": ["x"]}).status_code == 404
        hist = {h["chat_id"]: h for h in c.get("/api/chat_history").json()}
    assert hist[chat_id]["labels"] == ["finance", "q4"] and hist[chat_id]["mode"] == "economy"
    assert hist[chat_id]["num_messages"] == 2


def test_bad_requests_are_clear_4xx(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/agentic", json={"messages": [], "chat_id": "x"})
        assert r.status_code == 422 and isinstance(r.json()["detail"], list)
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "hi"}]})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "chat_id"
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "hi"}], "chat_id": "a b"})
        assert r.status_code == 422
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "hi"}], "chat_id": "ok", "mode": "turbo"})
        assert r.status_code == 422
        r = c.post("/api/agentic", content=b"{not json", headers={"content-type": "application/json"})
        assert r.status_code == 422


def test_export_history_json_csv_dates_roles_and_query_token(stack: Stack) -> None:
    email, user_token = stack.create_user("user")
    with stack.client(user_token) as u:
        chat_id, _ = ask(u, "How many customers are there?")
        assert u.get("/api/export_history").status_code == 403
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/add_label_to_chat", json={"chat_id": chat_id, "labels": ["exported"]}).status_code == 404
        assert c.post("/api/add_label_to_chat", json={"chat_id": chat_id, "labels": ["exported"], "owner": email}
                      ).status_code == 200  # chat ids are per owner: an admin names the owner
        r = c.get("/api/export_history")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        records = {x["chat_id"]: x for x in r.json()}
        rec = records[chat_id]
        assert rec["email"] == email and rec["num_messages"] == 2 and rec["labels"] == ["exported"]
        assert set(rec) >= {"chat_id", "title", "email", "created_at", "updated_at", "num_messages", "labels",
                            "feedback", "extra", "messages"}
        assert [m["role"] for m in rec["messages"]] == ["user", "assistant"]
        r = c.get("/api/export_history", params={"format": "csv"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert any(row["chat_id"] == chat_id and json.loads(row["labels"]) == ["exported"] for row in rows)
        old = (date.today() - timedelta(days=60)).isoformat()
        older = (date.today() - timedelta(days=30)).isoformat()
        r = c.get("/api/export_history", params={"start_date": old, "end_date": older})
        assert r.status_code == 200 and all(x["chat_id"] != chat_id for x in r.json())
        assert c.get("/api/export_history", params={"start_date": "2024-13-01"}).status_code == 422
        assert c.get("/api/export_history", params={"end_date": "yesterday"}).status_code == 422
    # dbt-webhook style URL auth: no headers
    url = f"{stack.url}/api/export_history?user_id={quote(ADMIN_EMAIL)}&api_token={quote(stack.admin_token)}"
    r = httpx.get(url)
    assert r.status_code == 200 and any(x["chat_id"] == chat_id for x in r.json())
    r = httpx.get(f"{stack.url}/api/export_history?user_id={quote(email)}&api_token={quote(stack.admin_token)}")
    assert r.status_code == 401


def test_deleted_users_chats_stay_for_export(stack: Stack) -> None:
    email, token = stack.create_user("user")
    with stack.client(token) as u:
        chat_id, _ = ask(u, "How many customers are there?")
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/delete_user", json={"email": email}).status_code == 200
        records = {x["chat_id"]: x for x in c.get("/api/export_history").json()}
    assert records[chat_id]["email"] == email
    with stack.client(token) as u:
        assert u.get("/api/chat_history").status_code == 401


@pytest.mark.parametrize("question", ["Revenue by month", "Top 5 products by revenue"])
def test_demo_questions_get_sensible_answers(stack: Stack, question: str) -> None:
    with stack.client(stack.admin_token) as c:  # other tests connect real warehouses, which win over the demo
        _, conv = ask(c, question, connection_id="demo")
    df = dataframes(conv[-1])
    assert df and df[0]["shape"][0] >= 2, conv[-1]["content"]


def test_unanswerable_question_says_what_it_did_not_understand(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        _, conv = ask(c, "zorblat the quimbly frobnications")
    last = conv[-1]
    assert not dataframes(last)
    assert last["content"] and last["suggested_follow_ups"]


def test_answers_recommend_matching_dashboards(stack: Stack) -> None:
    asset = {"id": f"dash-{uuid.uuid4().hex[:6]}", "subtype": "looker_dashboard", "name": "Orders per region",
             "url": "https://bi.example/dashboards/7", "description": "Orders split by sales region"}
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/import_and_overwrite_external_asset", json={"external_asset": asset}).status_code == 200
        chat_id, conv = ask(c, "How many orders are there per region?")
        # again in the same chat (its connection is known: no routing, the search serves related assets only)
        # and pinned to a connection
        _, again = ask(c, "How many orders are there per region?", chat_id=chat_id)
        _, pinned = ask(c, "How many orders are there per region?", connection_id="demo")
        c.post("/api/delete_external_asset", params={"asset_id": asset["id"]})
    for answer in (conv[-1], again[-1], pinned[-1]):
        texts = [p["data"] for p in answer["additional_data"]["formatted_result"] if p["type"] == "text"]
        assert any("Orders per region" in t and "https://bi.example/dashboards/7" in t for t in texts), texts
    assert len(again) == 4 and again[:2] == conv


def test_invitation_link_page_activates_the_user(stack: Stack) -> None:
    email = f"inv-{uuid.uuid4().hex[:6]}@example.com"
    with stack.client(stack.admin_token) as c:
        assert c.post("/api/send_invitations", json={"emails": [email]}).status_code == 200
        link = next(i["link"] for i in c.get("/api/invitations").json() if i["email"] == email)
    page = httpx.get(link)
    assert page.status_code == 200 and "Accept invitation" in page.text
    token = link.split("token=", 1)[1]
    short = httpx.post(f"{stack.url}/accept-invitation", data={"token": token, "password": "short"})
    assert short.status_code == 422 and "at least 8" in short.text
    ok = httpx.post(f"{stack.url}/accept-invitation", data={"token": token, "password": "long-enough-1",
                                                             "realname": "Ivy"})
    assert ok.status_code == 200 and "Welcome" in ok.text
    cookie = ok.cookies.get("Authorization")
    assert cookie
    me = httpx.get(f"{stack.url}/api/auth/me", cookies={"Authorization": cookie}).json()
    assert me["email"] == email and me["realname"] == "Ivy"
    again = httpx.post(f"{stack.url}/accept-invitation", data={"token": token, "password": "long-enough-1"})
    assert again.status_code == 409
