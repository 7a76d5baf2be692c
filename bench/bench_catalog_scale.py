"""Answers as the org's catalog grows: the same questions with a bigger second warehouse connected.

One fresh stack (no demo) connects Spider's concert_singer and answers its questions at
concurrency 1 while a second SQLite warehouse of ``--sizes`` tables × ``--columns`` columns
is connected and synced beside it (each size replaces the previous one, its catalog rows
deleted). The baseline is the first size (10 tables), measured first and again last (the mean
of both, so load that drifts during the run on a shared machine skews the ratios less).
Reported per size: the second warehouse's sync time, the answer p50/p99, and the p50 ratio to
the baseline.

Targets (issue 13): 2,000 tables within 1.5x and 20,000 tables within 2x of the 10-table p50.
Exits non-zero only on errors, never on a missed target.

    .venv/bin/python -m bench.bench_catalog_scale [--sizes 10,2000,20000 --columns 25]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.bench_answers import CONNECTION_ID, DB_ID, questions, run_level
from bench.common import SPIDER, fresh_stack, pct, section
from tests.support.wide_catalog import make_wide_catalog

EXTRA_ID = "wide"
# Generated warehouses are kept (20,000 CREATE TABLEs take minutes) where the benchmark stack may read files.
CACHE = Path(tempfile.gettempdir()) / "dot-bench-warehouses"


def wide_file(tables: int, columns: int) -> tuple[Path, float]:
    """The generated warehouse of this size (made once, then reused); and the seconds it took now."""
    path = CACHE / f"wide-{tables}x{columns}.sqlite"
    started = time.monotonic()
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        make_wide_catalog(tmp, tables, columns=columns)
        tmp.rename(path)
    return path, time.monotonic() - started


def connect(url: str, token: str, cid: str, db: Path) -> float:
    """Connect and sync one SQLite file; returns the sync's seconds."""
    with httpx.Client(base_url=url, headers={"API-KEY": token}, timeout=1800) as c:
        c.post("/api/connect_sqlite", json={"database_location": str(db), "connection_id": cid}).raise_for_status()
        started = time.monotonic()
        c.post(f"/api/sync/sqlite/{cid}").raise_for_status()
        return time.monotonic() - started


def remove(url: str, token: str, cid: str) -> None:
    with httpx.Client(base_url=url, headers={"API-KEY": token}, timeout=600) as c:
        c.post("/api/remove_connection", json={"connection_id": cid, "delete_table_setup": True}).raise_for_status()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,2000,20000")
    ap.add_argument("--columns", type=int, default=25)
    ap.add_argument("--passes", type=int, default=2, help="times each question is asked per size")
    a = ap.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",")]
    db = SPIDER / "database" / DB_ID / f"{DB_ID}.sqlite"
    qs = questions(DB_ID)
    section(f"catalog scale: answers on {DB_ID} with a {'/'.join(map(str, sizes))}-table warehouse beside it")
    out: dict[str, Any] = {"sizes": []}
    with fresh_stack({"DOT_DEMO_DATA": "0"}) as stack:
        connect(stack.url, stack.admin_token, CONNECTION_ID, db)
        for i, n in enumerate([*sizes, sizes[0]]):
            wide, made = wide_file(n, a.columns)
            if i:
                remove(stack.url, stack.admin_token, EXTRA_ID)
            sync_s = connect(stack.url, stack.admin_token, EXTRA_ID, wide)
            asyncio.run(run_level(stack.url, stack.admin_token, qs, 1, 3, 30))  # warm-up
            res = asyncio.run(run_level(stack.url, stack.admin_token, qs, 1, a.passes * len(qs), 600))
            row = {"tables": n, "columns": a.columns, "sync_s": round(sync_s, 2), "answers": len(res.latencies),
                   "errors": len(res.errors), "p50_ms": round(pct(res.latencies, 0.5) * 1000, 1),
                   "p99_ms": round(pct(res.latencies, 0.99) * 1000, 1)}
            out["sizes"].append(row)
            print(f"  {n:6,d} tables x {a.columns} columns beside it: sync {sync_s:7.2f} s (file made in {made:.1f} s)"
                  f"  answers {row['answers']:3d}  p50 {row['p50_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  "
                  f"errors {row['errors']}", flush=True)
            for e in res.errors[:3]:
                print(f"    error: {e}")
    first, again = out["sizes"][0], out["sizes"].pop()
    base = (first["p50_ms"] + again["p50_ms"]) / 2
    out["baseline_p50_ms"] = {"first": first["p50_ms"], "last": again["p50_ms"], "mean": round(base, 1)}
    for row in out["sizes"]:
        row["ratio_p50_vs_baseline"] = round(row["p50_ms"] / base, 2)
    print(f"  baseline ({sizes[0]} tables) p50: {first['p50_ms']} ms first, {again['p50_ms']} ms last, "
          f"mean {base:.1f} ms")
    for row in out["sizes"][1:]:
        print(f"  {row['tables']:,} tables: p50 {row['ratio_p50_vs_baseline']}x the baseline, sync {row['sync_s']} s")
    return out


if __name__ == "__main__":
    main()
