"""Resource bounds against hostile input, on the real running stack (issues 10 and 11): result bytes
in the knowledge service, connection bounds of the gateway. Memory is read from /proc (peak RSS,
VmHWM) of the real process; sockets are real."""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import sqlite3
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import httpx
import pytest

from dot.v1 import knowledge_pb2, knowledge_pb2_grpc
from services.common import values
from services.common.config import SERVICE_NAMES
from tests.support.stack import Stack, start_stack

MB = 1024 * 1024


def rss(stack: Stack, service: str) -> tuple[int, int]:
    """(current, peak) resident set size of one service process (or "gateway"), in bytes."""
    proc = stack.procs[-1] if service == "gateway" else stack.procs[SERVICE_NAMES.index(service)]
    status = Path(f"/proc/{proc.pid}/status").read_text()
    fields = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in status.splitlines()
              if line.startswith(("VmRSS", "VmHWM"))}
    return fields["VmRSS"], fields["VmHWM"]


@pytest.fixture(scope="module")
def member(stack: Stack) -> tuple[str, str]:
    return stack.create_user("user")


@pytest.fixture
async def knowledge(stack: Stack) -> AsyncIterator[knowledge_pb2_grpc.KnowledgeServiceStub]:
    async with grpc.aio.insecure_channel(stack.settings.address("knowledge")) as channel:
        yield knowledge_pb2_grpc.KnowledgeServiceStub(channel)


async def test_wide_rows_are_refused_as_too_large_before_they_fill_memory(
        stack: Stack, member: tuple[str, str], knowledge: knowledge_pb2_grpc.KnowledgeServiceStub) -> None:
    md = (("authorization", f"Bearer {member[1]}"),)
    ok = await knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(sql="SELECT COUNT(*) AS n FROM order_lines"),
                                      metadata=md, timeout=60)
    assert values.decode_columns(ok.columns, ok.row_count)[0][0] >= 1500
    _, peak_before = rss(stack, "knowledge")
    with pytest.raises(grpc.aio.AioRpcError) as err:  # 1,500 rows x 200 kB = 300 MB of values
        await knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(
            sql="SELECT printf('%.*c', 200000, 'x') AS w FROM order_lines LIMIT 1500"), metadata=md, timeout=60)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "result too large" in json.loads(err.value.details())["detail"]
    with pytest.raises(grpc.aio.AioRpcError) as err:  # one value over the per-value budget
        await knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(
            sql="SELECT printf('%.*c', 5000000, 'x') AS w FROM order_lines LIMIT 1"), metadata=md, timeout=60)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "column 'w'" in json.loads(err.value.details())["detail"]
    _, peak_after = rss(stack, "knowledge")
    print(f"knowledge peak RSS {peak_before / MB:.0f} MB -> {peak_after / MB:.0f} MB")
    assert peak_after - peak_before < 150 * MB  # was +1,075 MB before the byte budget
    # the service and its pooled connection are fine afterwards
    again = await knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(sql="SELECT COUNT(*) AS n FROM order_lines"),
                                         metadata=md, timeout=60)
    assert again.columns == ok.columns and again.row_count == ok.row_count == 1



# --------------------------------------------------------------------------- gateway connections

BOUNDS_ENV = {"DOT_GATEWAY_MAX_CONNECTIONS": "260", "DOT_GATEWAY_HEADER_TIMEOUT_S": "4",
              "DOT_GATEWAY_BODY_TIMEOUT_S": "4", "DOT_GATEWAY_KEEPALIVE_TIMEOUT_S": "2"}


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = start_stack(tmp_path_factory.mktemp("dot-bounds"), BOUNDS_ENV)
    try:
        yield s
    finally:
        s.stop()


def _connect(stack: Stack) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", stack.settings.http_port), timeout=5)
    sock.setblocking(False)
    return sock


def _closed_by_server(sock: socket.socket) -> bytes | None:
    """What the server sent before closing, or None while the connection is still open."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except BlockingIOError:
            return None
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def test_idle_slowloris_and_slow_body_connections_are_closed_and_excess_refused(bounded: Stack) -> None:
    idle = [_connect(bounded) for _ in range(200)]
    loris = [_connect(bounded) for _ in range(20)]
    slow_body = [_connect(bounded) for _ in range(20)]
    for s in loris:
        s.sendall(b"GET /api/healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    for s in slow_body:
        s.sendall(b"POST /api/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 1000\r\n\r\nusername=")
    time.sleep(0.5)
    # a normal request still gets through while 240 hostile connections are open
    started = time.monotonic()
    assert httpx.get(f"{bounded.url}/api/healthcheck", timeout=10).status_code == 200
    fast = time.monotonic() - started
    # connections beyond the cap are answered 503 and closed at once, not queued
    excess = [_connect(bounded) for _ in range(60)]  # 20 fit under the cap of 260, 40 do not
    time.sleep(1.0)
    refused = [_closed_by_server(s) for s in excess]
    assert sum(1 for r in refused if r is not None and r.startswith(b"HTTP/1.1 503")) >= 20, refused
    # slow senders keep trickling; none of that keeps a connection past its deadline
    deadline = time.monotonic() + 9
    while time.monotonic() < deadline:
        for s in loris:
            with contextlib.suppress(OSError):
                s.send(b"X")
        for s in slow_body:
            with contextlib.suppress(OSError):
                s.send(b"a")
        time.sleep(0.5)
    outcomes = {name: [_closed_by_server(s) for s in socks]
                for name, socks in (("idle", idle), ("loris", loris), ("body", slow_body))}
    assert all(r is not None for rs in outcomes.values() for r in rs), {k: v.count(None) for k, v in outcomes.items()}
    assert all(r.startswith(b"HTTP/1.1 408") for r in outcomes["loris"] + outcomes["body"]), outcomes["body"][:2]
    kept = _connect(bounded)  # a kept-alive connection that goes idle after its response is closed too
    kept.sendall(b"GET /api/healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    time.sleep(3.5)
    answer = _closed_by_server(kept)
    assert answer is not None and answer.startswith(b"HTTP/1.1 200"), answer
    kept.close()
    for s in idle + loris + slow_body + excess:
        s.close()
    started = time.monotonic()
    assert httpx.get(f"{bounded.url}/api/healthcheck", timeout=10).status_code == 200
    print(f"normal request with 240 hostile connections open: {fast * 1000:.0f} ms; "
          f"after: {(time.monotonic() - started) * 1000:.0f} ms")
    assert fast < 5


# --------------------------------------------------------------------------- one user's heavy questions


def _heavy_question(chars: int) -> str:
    """A long question of schema words and punctuation: the analyst's costliest shape per character."""
    words = "orders? revenue, region! customers; product category. channel: how many per month".split()
    out, size, k = [], 0, 0
    while size < chars - 20:
        out.append(words[k % len(words)])
        size += len(out[-1]) + 1
        k += 1
    return " ".join(out)


def test_heavy_questions_of_one_user_do_not_stall_another_users_simple_question(stack: Stack) -> None:
    heavy_email, heavy_token = stack.create_user("user")
    _, light_token = stack.create_user("user")
    with stack.client(light_token) as light:
        chat = f"light-{uuid.uuid4().hex[:8]}"
        r = light.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many orders per region?"}],
                                             "chat_id": chat})
        assert r.status_code == 200, r.text
        started = time.monotonic()
        assert light.get(f"/api/c2/{chat}").status_code == 200
        c2_idle = time.monotonic() - started
        started = time.monotonic()
        r = light.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many customers?"}],
                                             "chat_id": f"light-{uuid.uuid4().hex[:8]}"})
        simple_idle = time.monotonic() - started
        assert r.status_code == 200, r.text
    # a question longer than the cap is refused at once
    with stack.client(heavy_token) as heavy:
        r = heavy.post("/api/agentic", json={"messages": [{"role": "user", "content": _heavy_question(20_000)}],
                                             "chat_id": f"h-{uuid.uuid4().hex[:8]}"})
        assert r.status_code == 422 and "10,000 characters" in r.text
    question = _heavy_question(9_900)

    def ask_heavy(n: int) -> tuple[int, float]:
        with stack.client(heavy_token, timeout=300) as c:
            t0 = time.monotonic()
            resp = c.post("/api/agentic", json={"messages": [{"role": "user", "content": question}],
                                                "chat_id": f"h{n}-{uuid.uuid4().hex[:8]}"})
            return resp.status_code, time.monotonic() - t0

    with ThreadPoolExecutor(8) as pool:  # eight, queued on the user's share: still in flight when the probe ends
        heavy_runs = [pool.submit(ask_heavy, n) for n in range(8)]
        time.sleep(0.3)  # all of them are in the service now (answers got faster: after 1 s some were already done)
        with stack.client(light_token) as light:
            started = time.monotonic()
            assert light.get(f"/api/c2/{chat}").status_code == 200
            c2_loaded = time.monotonic() - started
            started = time.monotonic()
            r = light.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many customers?"}],
                                                 "chat_id": f"light-{uuid.uuid4().hex[:8]}"})
            simple_loaded = time.monotonic() - started
            assert r.status_code == 200, r.text
            assert "too complex" not in r.text
        still_running = sum(1 for f in heavy_runs if not f.done())
        results = [f.result() for f in heavy_runs]
    print(f"simple question {simple_idle * 1000:.0f} ms idle, {simple_loaded * 1000:.0f} ms with 4 heavy in flight "
          f"({still_running} still running after it); GET /api/c2 {c2_idle * 1000:.0f} -> {c2_loaded * 1000:.0f} ms; "
          f"heavy answers took {', '.join(f'{s:.1f}' for _, s in results)} s")
    assert all(code == 200 for code, _ in results), results
    assert still_running >= 1  # the simple question really was answered while heavy ones were in flight
    assert simple_loaded < simple_idle + 1.0
    assert c2_loaded < c2_idle + 0.5


# --------------------------------------------------------------------------- asset downloads


def test_slow_readers_of_a_large_asset_cost_a_bounded_buffer(stack: Stack) -> None:
    with stack.client(stack.admin_token) as c:
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many orders per region?"}],
                                         "chat_id": f"big-{uuid.uuid4().hex[:8]}"})
        assert r.status_code == 200, r.text
        data = r.json()[-1]["additional_data"]
        url = next(data["assets"][p["data"]]["csv_download_url"] for p in data["formatted_result"]
                   if p["type"] == "dataframe")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    big = b"".join(b"%09d,%s\n" % (i, b"x" * 40) for i in range(800_000))  # 40 MB of CSV
    with sqlite3.connect(stack.data_dir / "conversation.db") as db:  # as if a huge result had been stored
        changed = db.execute("UPDATE assets SET content = ? WHERE chat_id = ? AND key = ?",
                             (big, query["chat_id"], query["df_key"])).rowcount
    assert changed == 1
    path = f"/api/download_csv?{urllib.parse.urlencode(query)}"
    _, conv_peak = rss(stack, "conversation")
    _, gw_peak = rss(stack, "gateway")
    readers = []
    for _ in range(12):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", stack.settings.http_port))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAPI-KEY: {stack.admin_token}\r\n\r\n".encode())
        readers.append(s)
    for _ in range(25):  # each reader takes ~1 kB per 0.2 s for 5 s
        for s in readers:
            assert s.recv(1024)
        time.sleep(0.2)
    _, conv_peak_after = rss(stack, "conversation")
    _, gw_peak_after = rss(stack, "gateway")
    print(f"peak RSS with 12 slow readers of a {len(big) / MB:.0f} MB asset: conversation {conv_peak / MB:.0f} -> "
          f"{conv_peak_after / MB:.0f} MB, gateway {gw_peak / MB:.0f} -> {gw_peak_after / MB:.0f} MB")
    for s in readers:
        s.close()
    assert conv_peak_after - conv_peak < 100 * MB  # whole-asset copies were 2-3 x 40 MB per reader
    assert gw_peak_after - gw_peak < 200 * MB  # gRPC flow-control windows (a few MB per stream), not the asset
    with stack.client(stack.admin_token, timeout=120) as c:  # a normal reader gets every byte, in order
        got = c.get(path)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert hashlib.sha256(got.content).digest() == hashlib.sha256(big).digest()
