"""Benchmark catalog search as the catalog grows, and what it does to everyone else.

On one fresh stack: a SQLite warehouse of ``--small`` tables is synced and ``/api/search`` timed
(several questions, ``--rounds`` each, median); then ``--big`` more tables are synced into a second
connection and the same questions timed again. Last, ``--concurrency`` clients search in a loop
for ``--duration`` seconds while ``/healthz`` is polled: its statuses and worst latency show
whether search stalls the knowledge service (issue 10: 6 concurrent searches over 1,500 tables
made healthz report knowledge down for ~8 s).

Target: search time at ``--big`` tables within 3x the small catalog's; healthz always 200.
Exits non-zero only on errors, never on a missed target.

    .venv/bin/python -m bench.bench_search [--small 10 --big 1500]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import fresh_stack  # noqa: E402
from tests.support.stack import Stack  # noqa: E402
from tests.support.wide_catalog import make_wide_catalog  # noqa: E402

QUESTIONS = ("invoice attributes", "how many shipments per device", "total refund amount by lead",
             "value3x4t7", "customers by region")


def add_connection(stack: Stack, cid: str, db: Path) -> float:
    with stack.client(stack.admin_token, timeout=900) as c:
        r = c.post("/api/connect_sqlite", json={"connection_id": cid, "database_location": str(db)})
        r.raise_for_status()
        started = time.monotonic()
        c.post(f"/api/sync/sqlite/{cid}").raise_for_status()
        return time.monotonic() - started


def time_searches(stack: Stack, rounds: int) -> dict[str, float]:
    out = {}
    with stack.client(stack.admin_token) as c:
        for q in QUESTIONS:
            times = []
            for _ in range(rounds):
                started = time.monotonic()
                c.get("/api/search", params={"q": q}).raise_for_status()
                times.append(time.monotonic() - started)
            out[q] = statistics.median(times)
    return out


def healthz_under_search(stack: Stack, concurrency: int, duration: float) -> dict[str, Any]:
    stop = time.monotonic() + duration
    searches: list[float] = []

    def searcher(i: int) -> None:
        with stack.client(stack.admin_token, timeout=120) as c:
            while time.monotonic() < stop:
                started = time.monotonic()
                c.get("/api/search", params={"q": QUESTIONS[i % len(QUESTIONS)]})
                searches.append(time.monotonic() - started)

    threads = [threading.Thread(target=searcher, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    checks: list[tuple[int, float]] = []
    with stack.client(timeout=30) as h:
        while time.monotonic() < stop:
            started = time.monotonic()
            code = h.get("/healthz").status_code
            checks.append((code, time.monotonic() - started))
            time.sleep(0.2)
    for t in threads:
        t.join()
    return {"healthz_checks": len(checks), "healthz_not_200": sum(1 for c, _ in checks if c != 200),
            "healthz_max_s": round(max(s for _, s in checks), 3),
            "searches": len(searches), "search_p50_s": round(statistics.median(searches), 4),
            "search_max_s": round(max(searches), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", type=int, default=10)
    ap.add_argument("--big", type=int, default=1500)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--concurrency", type=int, default=6)
    ap.add_argument("--duration", type=float, default=8.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="dot-bench-search-") as d, fresh_stack() as stack:
        small_db = make_wide_catalog(Path(d) / "small.sqlite", args.small)
        big_db = make_wide_catalog(Path(d) / "big.sqlite", args.big - args.small, start=args.small)
        time_searches(stack, 1)  # first use creates the demo warehouse
        small_sync = add_connection(stack, "small", small_db)
        small = time_searches(stack, args.rounds)
        big_sync = add_connection(stack, "big", big_db)
        big = time_searches(stack, args.rounds)
        load = healthz_under_search(stack, args.concurrency, args.duration)
    result = {
        "tables": {"small": args.small, "big": args.big},
        "sync_s": {"small": round(small_sync, 2), "big": round(big_sync, 2)},
        "search_median_s": {"small": round(statistics.median(small.values()), 4),
                            "big": round(statistics.median(big.values()), 4)},
        "per_question_s": {q: [round(small[q], 4), round(big[q], 4)] for q in QUESTIONS},
        "under_load": load,
    }
    result["ratio_big_vs_small"] = round(result["search_median_s"]["big"] / result["search_median_s"]["small"], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
