"""Answers: POST /api/agentic with the offline analyst over a Spider database.

A fresh stack without the demo warehouse connects Spider's concert_singer SQLite file
(POST /api/connect_sqlite, POST /api/sync/sqlite/<id>) and answers that database's Spider
questions at concurrency 1, 8 and 32 (every request a new chat). Reported: answers/s,
p50, p99 and errors (non-200, or an answer without SQL), and the ratio of end-to-end time
to executing the answer's own SQL directly with sqlite3 on the file (open, run, fetch).

    .venv/bin/python -m bench.bench_answers [--levels 1,8,32 --seconds 20 --passes 1 --json out.json]

Also reported: CPU per answer, the user+system time of every stack process and its children (the
analyst workers) over the level divided by the answers: on a shared machine it moves much less
with other people's load than latency does.

``--passes`` answers the question set that many times per level (more answers, steadier numbers);
``bench/ab_answers.py`` runs this against a baseline checkout, alternating, for before/after ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.common import SPIDER, fresh_stack, median, pct, section

DB_ID = "concert_singer"
CONNECTION_ID = "bench_concert"


@dataclass
class LevelResult:
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    sqls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0  # CPU of the stack's processes (and their children) during the level
    cpu_by: dict[str, float] = field(default_factory=dict)  # the same per stack process (with its children)


def questions(db_id: str) -> list[str]:
    data = json.loads((SPIDER / "questions.json").read_text())
    return [q["question"] for q in data if q["db_id"] == db_id]


def answer_sql(conversation: list[dict[str, Any]]) -> str | None:
    """The SQL behind the answer's first dataframe, if it has one."""
    data = conversation[-1].get("additional_data") or {}
    for part in data.get("formatted_result", []):
        if part.get("type") == "dataframe":
            asset = (data.get("assets") or {}).get(part.get("data"), {})
            if asset.get("sql_query"):
                return str(asset["sql_query"])
    return None


async def ask(client: httpx.AsyncClient, question: str, res: LevelResult) -> None:
    body = {"messages": [{"role": "user", "content": question}], "chat_id": f"bench-{uuid.uuid4().hex[:12]}"}
    t0 = time.monotonic()
    try:
        r = await client.post("/api/agentic", json=body)
    except httpx.HTTPError as exc:
        res.errors.append(f"{type(exc).__name__}: {question}")
        return
    dt = time.monotonic() - t0
    if r.status_code != 200:
        res.errors.append(f"HTTP {r.status_code}: {r.text[:200]}")
        return
    res.latencies.append(dt)
    sql = answer_sql(r.json())
    if sql is None:
        res.errors.append(f"no SQL in the answer to: {question}")
    else:
        res.sqls.append(sql)


async def run_level(url: str, token: str, qs: list[str], concurrency: int, total: int, seconds: float) -> LevelResult:
    """``concurrency`` closed-loop clients share ``total`` questions, stopping after ``seconds``."""
    res = LevelResult(concurrency)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(qs[i % len(qs)])
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers={"API-KEY": token}, timeout=120, limits=limits) as client:

        async def loop() -> None:
            while time.monotonic() < deadline:
                try:
                    q = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await ask(client, q, res)

        t0 = time.monotonic()
        await asyncio.gather(*(loop() for _ in range(concurrency)))
        res.wall_s = time.monotonic() - t0
    return res


def _tree_cpu_s(roots: list[int], descendants: bool = True) -> float:
    """User+system CPU seconds of these processes and all their descendants (or without them), from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        stats[int(d.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    keep, frontier = set(roots), list(roots) if descendants else []
    while frontier:
        parent = frontier.pop()
        kids = [pid for pid, (pp, _) in stats.items() if pp == parent and pid not in keep]
        keep.update(kids)
        frontier.extend(kids)
    return sum(stats[pid][1] for pid in keep if pid in stats)


def dump_answers(url: str, token: str, qs: list[str], out: Path) -> None:
    """Each question once, in order, in a new chat: its answer message as stored, with what differs between
    stacks (the URL's port, chat and user ids, asset tokens) masked."""
    lines = []
    with httpx.Client(base_url=url, headers={"API-KEY": token}, timeout=120) as c:
        for i, q in enumerate(qs):
            chat = f"dump-{i:04d}"
            r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": q}], "chat_id": chat})
            text = json.dumps({"question": q, "status": r.status_code, "answer": r.json()[-1] if r.status_code == 200
                               else r.text}, sort_keys=True)
            text = text.replace(url, "BASE")
            text = re.sub(r"/api/asset/[A-Za-z0-9_-]+\.png", "/api/asset/TOKEN.png", text)
            text = re.sub(r"owner=[A-Za-z0-9_%-]+", "owner=OWNER", text)
            lines.append(text)
    out.write_text("\n".join(lines) + "\n")


def _cpu_by(procs: list[Any]) -> dict[str, float]:
    """CPU seconds per stack process with its children; a process with children (the conversation service's
    analyst workers) also under "<name> own" (its own threads only), so the workers' share is the difference."""
    out: dict[str, float] = {}
    for p in procs:
        name = _proc_name(p.args)
        out[name] = _tree_cpu_s([p.pid])
        if name == "conversation":
            out[f"{name} own"] = _tree_cpu_s([p.pid], descendants=False)
    return out


def _proc_name(args: Any) -> str:
    """A stack process's name from its command line (``-m services.knowledge`` -> knowledge)."""
    words = [str(w) for w in (args if isinstance(args, (list, tuple)) else str(args).split())]
    for i, w in enumerate(words[:-1]):
        if w == "-m":
            return words[i + 1].rsplit(".", 1)[-1]
    return words[-1] if words else "?"


def direct_seconds(db: Path, sql: str, repeat: int = 5) -> float:
    """Median time to open the file read-only, run the SQL and fetch every row."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            conn.execute(sql).fetchall()
        finally:
            conn.close()
        times.append(time.perf_counter() - t0)
    return median(times)


def setup(url: str, token: str, db: Path) -> None:
    with httpx.Client(base_url=url, headers={"API-KEY": token}, timeout=120) as c:
        r = c.post("/api/connect_sqlite", json={"database_location": str(db), "connection_id": CONNECTION_ID})
        r.raise_for_status()
        r = c.post(f"/api/sync/sqlite/{CONNECTION_ID}")
        r.raise_for_status()
        conns = [x["connection_id"] for x in c.get("/api/connections").json()]
        if conns != [CONNECTION_ID]:
            raise RuntimeError(f"expected only the benchmark connection, found {conns}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", default="1,8,32")
    ap.add_argument("--seconds", type=float, default=20.0, help="time bound per concurrency level")
    ap.add_argument("--passes", type=int, default=1, help="times the question set is answered per level")
    ap.add_argument("--json", default="", help="also write the results to this file")
    ap.add_argument("--answers", default="", help="also ask each question once first and write its answer there "
                                                  "(JSON lines, ports, chat ids, user ids and asset tokens masked): "
                                                  "compare two trees' files to see that answers did not change")
    ap.add_argument("--profile", default="", help="a directory: the services and analyst workers write cProfiles "
                                                  "there (DOT_PROFILE_DIR), the warm-up included")
    ap.add_argument("--profile-cpu", action="store_true", help="with --profile: count each profiled thread's CPU time, "
                                                               "not wall time (DOT_PROFILE_CLOCK=cpu)")
    a = ap.parse_args(argv)
    db = SPIDER / "database" / DB_ID / f"{DB_ID}.sqlite"
    qs = questions(DB_ID)
    section(f"answers: /api/agentic, offline analyst, Spider {DB_ID} ({len(qs)} questions)")
    results: list[LevelResult] = []
    env = {"DOT_DEMO_DATA": "0"}
    if a.profile:
        Path(a.profile).mkdir(parents=True, exist_ok=True)
        env["DOT_PROFILE_DIR"] = str(Path(a.profile).resolve())
        if a.profile_cpu:
            env["DOT_PROFILE_CLOCK"] = "cpu"
    with fresh_stack(env) as stack:
        setup(stack.url, stack.admin_token, db)
        if a.answers:
            dump_answers(stack.url, stack.admin_token, qs, Path(a.answers))
        asyncio.run(run_level(stack.url, stack.admin_token, qs, 1, 3, 30))  # warm-up
        for level in (int(x) for x in a.levels.split(",")):
            total = max(len(qs) * max(1, a.passes), 4 * level)
            pids = [p.pid for p in stack.procs]
            cpu0 = _tree_cpu_s(pids)
            by0 = _cpu_by(stack.procs)
            results.append(asyncio.run(run_level(stack.url, stack.admin_token, qs, level, total, a.seconds)))
            results[-1].cpu_s = _tree_cpu_s(pids) - cpu0
            results[-1].cpu_by = {k: v - by0.get(k, 0.0) for k, v in _cpu_by(stack.procs).items()}
    out: dict[str, Any] = {"levels": []}
    for res in results:
        n = len(res.latencies)
        direct = [direct_seconds(db, s) for s in res.sqls]
        d50 = median(direct)
        row = {"concurrency": res.concurrency, "answers": n, "errors": len(res.errors),
               "answers_per_s": round(n / res.wall_s, 2) if res.wall_s else 0.0,
               "p50_ms": round(pct(res.latencies, 0.5) * 1000, 1), "p99_ms": round(pct(res.latencies, 0.99) * 1000, 1),
               "cpu_ms_per_answer": round(res.cpu_s / n * 1000, 1) if n else None,
               "cpu_ms_per_answer_by_process": {k: round(v / n * 1000, 1) for k, v in res.cpu_by.items()} if n else {},
               "direct_sql_p50_ms": round(d50 * 1000, 3),
               "ratio_e2e_vs_direct_p50": round(pct(res.latencies, 0.5) / d50, 1) if d50 else None}
        out["levels"].append(row)
        print(f"  concurrency {res.concurrency:2d}: {row['answers']:3d} answers in {res.wall_s:5.1f}s = "
              f"{row['answers_per_s']:6.2f} answers/s  p50 {row['p50_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  "
              f"errors {row['errors']}  CPU {row['cpu_ms_per_answer']} ms/answer  direct SQL p50 {row['direct_sql_p50_ms']:.3f} ms  "
              f"e2e/direct {row['ratio_e2e_vs_direct_p50']}x")
        print("    CPU ms/answer by process: " + ", ".join(f"{k} {v}" for k, v in row["cpu_ms_per_answer_by_process"].items()))
        for e in res.errors[:5]:
            print(f"    error: {e}")
    if a.json:
        Path(a.json).write_text(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
