"""Export: stream GET /api/export_history over 10,000 and then 100,000 chats (10 messages each).

Rows are generated straight into a fresh stack's conversation.db while the service runs
(SQLite WAL lets a second writer in), owned by the admin (org and user from /api/auth/me).
The first 10% of the chats sit in an earlier date window, so one stack exports 10k chats,
then all 100k. Reported: chats/s and messages/s, bytes, and the peak RSS (VmHWM) of the
conversation service and the gateway after each export, against their peak before any
export. A streaming export keeps the peak flat as the export grows.

    .venv/bin/python -m bench.bench_export [--chats 100000 --messages-per-chat 10]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.common import fresh_stack, section, vm_hwm_kb
from services.common.config import SERVICE_NAMES

SMALL_START = datetime(2024, 1, 1, tzinfo=UTC)
LARGE_START = datetime(2024, 3, 1, tzinfo=UTC)
BATCH = 2000
MARKER = b'"num_messages": '


def _iso(ts: datetime) -> str:
    return ts.isoformat(timespec="seconds")


def _messages(chat_id: str, n: int, created: str) -> list[tuple[Any, ...]]:
    """Alternating questions and answers shaped like the analyst's real messages."""
    rows = []
    for pos in range(n):
        if pos % 2 == 0:
            content = f"How many orders did region {pos} place last month? ({chat_id})"
            msg: dict[str, Any] = {"role": "user", "content": content}
        else:
            content = f"There were {pos * 37} orders."
            key = f"df_{pos}_orders"
            msg = {"role": "assistant", "content": content, "additional_data": {
                "formatted_result": [{"type": "dataframe", "data": key}, {"type": "text", "data": content}],
                "assets": {key: {"sql_query": "SELECT count(*) FROM orders WHERE region = 1", "shape": [1, 1],
                                 "text_preview": f"count\n{pos * 37}"}},
                "chat_id": chat_id}, "suggested_follow_ups": ["break down by month"]}
        rows.append(("", chat_id, pos, msg["role"], content, json.dumps(msg), created))
    return rows


def generate(db: Path, org: str, user: str, email: str, chats: int, per_chat: int, small: int) -> float:
    """Insert ``chats`` chats straight into the store; returns seconds taken."""
    t0 = time.monotonic()
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        seq0 = int(conn.execute("SELECT coalesce(max(seq), 0) FROM chats").fetchone()[0])
        for start in range(0, chats, BATCH):
            chat_rows, msg_rows = [], []
            for i in range(start, min(chats, start + BATCH)):
                base = SMALL_START if i < small else LARGE_START
                created = _iso(base + timedelta(seconds=i * 7))
                cid = f"bench-export-{i:07d}"
                chat_rows.append((org, cid, seq0 + i + 1, user, email, "[\"all_users\"]", f"Orders question {i}",
                                  created, created, "balanced", "done", "[\"bench\"]", "{}", per_chat))
                msg_rows += [(org, user, *r[1:]) for r in _messages(cid, per_chat, created)]
            with conn:
                conn.executemany(
                    "INSERT INTO chats (org_id, chat_id, seq, user_id, user_email, user_groups_json, title, "
                    "created_at, updated_at, mode, status, labels_json, engine_state_json, num_messages) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", chat_rows)
                conn.executemany(
                    "INSERT INTO messages (org_id, owner_id, chat_id, position, role, content, message_json, "
                    "created_at) VALUES (?,?,?,?,?,?,?,?)", msg_rows)
    finally:
        conn.close()
    return time.monotonic() - t0


def export(url: str, token: str, start: str, end: str) -> dict[str, Any]:
    """Stream the export, counting bytes and records without holding the body."""
    t0 = time.monotonic()
    nbytes, records, tail, first = 0, 0, b"", b""
    with httpx.Client(base_url=url, headers={"API-KEY": token}, timeout=600) as c:
        with c.stream("GET", "/api/export_history", params={"start_date": start, "end_date": end,
                                                             "format": "json"}) as r:
            if r.status_code != 200:
                raise RuntimeError(f"export failed: HTTP {r.status_code} {r.read()[:300]!r}")
            for chunk in r.iter_bytes():
                if not first:
                    first = chunk[:1]
                nbytes += len(chunk)
                window = tail + chunk
                records += window.count(MARKER)
                tail = window[-(len(MARKER) - 1):]
                records -= tail.count(MARKER)
        last = tail[-1:]
    if first != b"[" or last != b"]":
        raise RuntimeError("the export is not a JSON array")
    return {"seconds": time.monotonic() - t0, "bytes": nbytes, "chats": records}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chats", type=int, default=100_000)
    ap.add_argument("--messages-per-chat", type=int, default=10)
    a = ap.parse_args(argv)
    small = a.chats // 10
    section(f"export: {small:,} then {a.chats:,} chats x {a.messages_per_chat} messages, streamed as JSON")
    out: dict[str, Any] = {}
    with fresh_stack({"DOT_DEMO_DATA": "0"}) as stack:
        me = httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": stack.admin_token}, timeout=30).json()
        gen_s = generate(stack.data_dir / "conversation.db", me["org_id"], me["user_id"], me["email"], a.chats,
                         a.messages_per_chat, small)
        total_msgs = a.chats * a.messages_per_chat
        print(f"  generated {a.chats:,} chats / {total_msgs:,} messages in {gen_s:.1f}s "
              f"({total_msgs / gen_s:,.0f} messages/s)")
        pids = {"conversation": stack.procs[SERVICE_NAMES.index("conversation")].pid, "gateway": stack.procs[-1].pid}
        before = {k: vm_hwm_kb(p) for k, p in pids.items()}
        print(f"  peak RSS before export: conversation {before['conversation'] / 1024:.1f} MB, "
              f"gateway {before['gateway'] / 1024:.1f} MB")
        windows = {"small": ("2024-01-01", "2024-03-01", small), "full": ("2024-01-01", "2030-01-01", a.chats)}
        for label, (start, end, expected) in windows.items():
            res = export(stack.url, stack.admin_token, start, end)
            hwm = {k: vm_hwm_kb(p) for k, p in pids.items()}
            msgs = res["chats"] * a.messages_per_chat
            row = {"chats": res["chats"], "expected": expected, "seconds": round(res["seconds"], 2),
                   "mb": round(res["bytes"] / 1e6, 1), "chats_per_s": round(res["chats"] / res["seconds"]),
                   "messages_per_s": round(msgs / res["seconds"]),
                   "peak_rss_mb": {k: round(v / 1024, 1) for k, v in hwm.items()},
                   "growth_mb": {k: round((hwm[k] - before[k]) / 1024, 1) for k in hwm}}
            out[label] = row
            flag = "" if res["chats"] == expected else f"  MISMATCH: expected {expected}"
            print(f"  {label:>5}: {row['chats']:,} chats ({row['mb']} MB) in {row['seconds']}s = "
                  f"{row['chats_per_s']:,} chats/s, {row['messages_per_s']:,} messages/s; peak RSS conversation "
                  f"{row['peak_rss_mb']['conversation']} MB (+{row['growth_mb']['conversation']}), gateway "
                  f"{row['peak_rss_mb']['gateway']} MB (+{row['growth_mb']['gateway']}){flag}")
    grow = {k: round(out["full"]["peak_rss_mb"][k] - out["small"]["peak_rss_mb"][k], 1) for k in pids}
    print(f"  peak RSS change from {small:,} to {a.chats:,} chats: conversation +{grow['conversation']} MB, "
          f"gateway +{grow['gateway']} MB (flat = streaming)")
    out["growth_small_to_full_mb"] = grow
    return out


if __name__ == "__main__":
    main()
