"""Answers/s with one vs two conversation replicas, everything else as ``make run-cluster`` runs it
(two replicas of auth, admin and knowledge on PostgreSQL, the gateway with two workers).

Both setups run in this process, one after the other, on fresh databases, with the same
questions over the demo warehouse at the same concurrency; reported: answers/s, p50, p99,
errors, and the ratio two/one. On a 2-core machine the second replica mostly competes with the
first for the same cores: the ratio says what replicas buy there, not on a bigger host.

    .venv/bin/python -m bench.bench_cluster [--concurrency 8 --seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.common import machine, median, pct, section
from services.common.config import SERVICE_NAMES, Settings
from services.launcher import Supervisor
from tests.support.pg import pg_databases
from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, Stack, free_port

QUESTIONS = ["How many customers are there?", "How many orders are there?", "What is the total revenue by month?",
             "Which products sell the most?", "How many customers are there per country?"]


def start(data_dir: Path, urls: dict[str, str], conversation_replicas: int) -> tuple[Supervisor, Stack]:
    env = dict(os.environ)
    for k in ("DOT_LLM_BASE_URL", "DOT_LLM_MODEL", "DOT_LLM_API_KEY", "DOT_SMTP_URL"):
        env.pop(k, None)
    env.update({"DOT_DATA_DIR": str(data_dir), "DOT_ADMIN_EMAIL": ADMIN_EMAIL, "DOT_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "DOT_HTTP_PORT": str(free_port()), "DOT_SECRET_KEY": "bench-" + uuid.uuid4().hex,
                "DOT_GATEWAY_WORKERS": "2"})
    for name, url in urls.items():
        env[f"DOT_{name.upper()}_DB_URL"] = url
    settings = Settings.from_env(env)
    ports = {n: [free_port() for _ in range(conversation_replicas if n == "conversation" else 2)]
             for n in SERVICE_NAMES}
    import services.launcher as launcher

    launcher.READY_TIMEOUT_S = 180.0
    sup = Supervisor(settings, env, quiet=True, log_events=False, replica_ports=ports)
    sup.start()
    stack = Stack(data_dir=data_dir, env=sup.env, settings=settings, procs=sup.procs())
    stack.admin_token = stack.api_token(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD), "bench")
    return sup, stack


async def load(stack: Stack, concurrency: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient, k: int) -> None:
        i = k
        while time.monotonic() < stop_at:
            i += concurrency
            body = {"messages": [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}],
                    "chat_id": f"bench-{uuid.uuid4().hex[:12]}"}
            t0 = time.monotonic()
            try:
                r = await client.post("/api/agentic", json=body)
                if r.status_code == 200:
                    latencies.append(time.monotonic() - t0)
                else:
                    errors.append(str(r.status_code))
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)

    async with httpx.AsyncClient(base_url=stack.url, headers={"API-KEY": stack.admin_token}, timeout=60,
                                 limits=httpx.Limits(max_connections=concurrency * 2)) as client:
        for q in QUESTIONS:  # warm: every replica's engine and caches
            await client.post("/api/agentic", json={"messages": [{"role": "user", "content": q}],
                                                    "chat_id": f"warm-{uuid.uuid4().hex[:12]}"})
        t0 = time.monotonic()
        await asyncio.gather(*(worker(client, k) for k in range(concurrency)))
        wall = time.monotonic() - t0
    return {"answers_per_s": len(latencies) / wall, "p50_ms": round(median(latencies) * 1000, 1),
            "p99_ms": round(pct(latencies, 0.99) * 1000, 1), "answers": len(latencies), "errors": len(errors)}


def run(concurrency: int = 8, seconds: float = 20.0) -> dict[str, Any]:
    section(f"cluster: answers/s with 1 vs 2 conversation replicas (concurrency {concurrency}, {seconds:g}s each)")
    out: dict[str, Any] = {}
    for replicas in (1, 2):
        with pg_databases(SERVICE_NAMES, prefix="dot_bench") as urls, \
                tempfile.TemporaryDirectory(prefix="dot-bench-cluster-") as d:
            sup, stack = start(Path(d), urls, replicas)
            try:
                r = asyncio.run(load(stack, concurrency, seconds))
            finally:
                sup.stop()
        out[replicas] = r
        print(f"{replicas} conversation replica(s): {r['answers_per_s']:.1f} answers/s, p50 {r['p50_ms']} ms, "
              f"p99 {r['p99_ms']} ms, {r['answers']} answers, {r['errors']} errors", flush=True)
    ratio = out[2]["answers_per_s"] / out[1]["answers_per_s"] if out[1]["answers_per_s"] else float("nan")
    m = machine()
    load_avg = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    print(f"ratio two/one: {ratio:.2f}x  ({m['cores']} cores, {m['cpu']}, load average {load_avg}; "
          f"the replicas share these cores)")
    return {"one": out[1], "two": out[2], "ratio": ratio}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    run(args.concurrency, args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
