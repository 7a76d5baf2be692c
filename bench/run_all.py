"""``make bench``: every benchmark, each against a baseline measured in the same run.

Runs, in order and each on its own fresh stack: the auth hot path (bench_auth), answers
over a Spider database (bench_answers), answers with a 10-, 2,000- and 20,000-table warehouse
connected beside it (bench_catalog_scale; the generated warehouses are kept in the temp dir, the
first run spends a few minutes creating the 20,000-table one), query results over the contract
(bench_results, no stack: typed columns vs Arrow IPC vs JSON text), the history export (bench_export),
then bench/bench_sync.py when it exists (catalog sync against PostgreSQL), and the cost of tracing
(bench_tracing). Bounded: about ten to fifteen minutes on a 2-core machine once the warehouses exist.
Prints the machine, each benchmark's figures and
ratios, and a summary to paste into bench/RESULTS.md. Exits non-zero only when a
benchmark could not run, never because a target was missed.

    .venv/bin/python -m bench.run_all [--quick]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import bench_answers, bench_auth, bench_catalog_scale, bench_export, bench_results, bench_tracing
from bench.common import ROOT, machine, section

SYNC_BENCH = ROOT / "bench" / "bench_sync.py"
SYNC_TIMEOUT_S = 240


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def run_sync() -> dict[str, Any]:
    """The sync benchmark is its own script (owned elsewhere): run it as is, bounded in time."""
    if not SYNC_BENCH.exists():
        print("bench/bench_sync.py is not there yet: skipped")
        return {"skipped": True}
    section("catalog sync (bench/bench_sync.py)")
    r = subprocess.run([sys.executable, str(SYNC_BENCH)], cwd=ROOT, timeout=SYNC_TIMEOUT_S, text=True,
                       capture_output=True)
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        sys.stdout.write(r.stderr[-3000:])
        raise RuntimeError(f"bench_sync.py exited with {r.returncode}")
    return {"output": r.stdout}


def summary(results: dict[str, Any]) -> None:
    section("summary")
    auth = results.get("auth")
    if isinstance(auth, dict) and "one_worker" in auth:
        for key, label in (("one_worker", "1 gateway worker"), ("two_workers", "2 gateway workers")):
            r = auth[key]
            print(f"auth  {label}: /api/auth/me {r['/api/auth/me']['rps']:.0f} req/s (p50 "
                  f"{r['/api/auth/me']['p50_ms']} ms, p99 {r['/api/auth/me']['p99_ms']} ms) vs the no-RPC page / "
                  f"{r['/']['rps']:.0f} req/s -> {r['ratio_me_vs_baseline']}x (target >= 0.9x); /api/healthcheck "
                  f"(one RPC) {r['/api/healthcheck']['rps']:.0f} req/s")
        s = auth["speedup_two_workers"]
        print(f"auth  second worker: {s['/api/auth/me']}x on /api/auth/me, {s['/']}x on the baseline")
    answers = results.get("answers")
    if isinstance(answers, dict):
        for row in answers["levels"]:
            print(f"answers c={row['concurrency']:2d}: {row['answers_per_s']} answers/s, p50 {row['p50_ms']} ms, "
                  f"p99 {row['p99_ms']} ms, errors {row['errors']}, e2e/direct SQL {row['ratio_e2e_vs_direct_p50']}x")
    res = results.get("results")
    if isinstance(res, dict):
        arrow = res["arrow_ipc"]
        print(f"query results {res['rows']:,} rows: typed columns {res['typed_columns']['ms']} ms, JSON text "
              f"{res['json']['ms']} ms, Arrow IPC " + (f"{arrow['ms']} ms" if arrow else "skipped (no pyarrow)"))
    catalog = results.get("catalog")
    if isinstance(catalog, dict):
        base = catalog["baseline_p50_ms"]
        print(f"catalog baseline ({catalog['sizes'][0]['tables']} tables beside it): answer p50 {base['mean']} ms "
              f"(first {base['first']}, last {base['last']})")
        for row in catalog["sizes"][1:]:
            print(f"catalog {row['tables']:,} tables x {row['columns']} columns beside it: answer p50 {row['p50_ms']} ms "
                  f"= {row['ratio_p50_vs_baseline']}x (targets 1.5x at 2,000, 2x at 20,000), p99 {row['p99_ms']} ms, "
                  f"errors {row['errors']}; its sync {row['sync_s']} s")
    export = results.get("export")
    if isinstance(export, dict):
        for label in ("small", "full"):
            r = export[label]
            print(f"export {r['chats']:,} chats: {r['chats_per_s']:,} chats/s ({r['messages_per_s']:,} messages/s), "
                  f"peak RSS conversation {r['peak_rss_mb']['conversation']} MB, gateway {r['peak_rss_mb']['gateway']} MB")
        g = export["growth_small_to_full_mb"]
        print(f"export peak RSS growth small -> full: conversation +{g['conversation']} MB, gateway +{g['gateway']} MB")
    tracing = results.get("tracing")
    if isinstance(tracing, dict):
        print(f"tracing on (spans per request and RPC, not exported): {tracing['on']['rps']:.0f} req/s vs "
              f"{tracing['off']['rps']:.0f} req/s off -> {tracing['ratio_on_vs_off']}x")
    failed = [k for k, v in results.items() if isinstance(v, Exception)]
    if failed:
        print(f"FAILED to run: {', '.join(failed)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="shorter runs and a 20k-chat export (a smoke test)")
    a = ap.parse_args(argv)
    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}, Python {m['python']}")
    print(f"load average before: {loadavg()} (other work on the machine skews every figure)")
    t0 = time.monotonic()
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("auth", lambda: bench_auth.main(["--duration", "2" if a.quick else "5", "--rounds", "1" if a.quick else "3"])),
        ("answers", lambda: bench_answers.main(["--seconds", "8" if a.quick else "20"])),
        ("results", lambda: bench_results.main(["--rows", "20000" if a.quick else "100000"])),
        ("catalog", lambda: bench_catalog_scale.main(["--sizes", "10,2000" if a.quick else "10,2000,20000"])),
        ("export", lambda: bench_export.main(["--chats", "20000" if a.quick else "100000"])),
        ("sync", run_sync),
        ("tracing", lambda: bench_tracing.main(["--duration", "2" if a.quick else "5",
                                                "--rounds", "1" if a.quick else "3"])),
    ]
    results: dict[str, Any] = {}
    for name, step in steps:
        try:
            results[name] = step()
        except Exception as exc:  # noqa: BLE001 - report and go on with the other benchmarks
            traceback.print_exc()
            results[name] = exc
    summary(results)
    print(f"\nload average after: {loadavg()}; total {time.monotonic() - t0:.0f}s")
    return 1 if any(isinstance(v, Exception) for v in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
