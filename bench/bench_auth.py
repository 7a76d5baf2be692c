"""Auth hot path: authenticated GET /api/auth/me against a gateway page that makes no RPC (GET /).

/api/auth/me verifies the credential from the gateway's cache of verified principals (kept only
while auth's invalidation stream is connected) and answers from that principal, so it makes no
RPC either. Target: /me at >= 0.9x the no-RPC page's throughput, and a near-linear gain from a
second gateway worker (DOT_GATEWAY_WORKERS=2). GET /api/healthcheck (one Ping RPC to auth) is
measured beside them to show what one RPC costs.

The load generator is its own process, closed-loop, bounded in time. Runs alternate
baseline and /me so drift on a shared 2-core machine hits both alike; the median of the
rounds is reported.

    .venv/bin/python -m bench.bench_auth [--duration 5 --rounds 3 --concurrency 32]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bench.common import fresh_stack, loadgen, median, section

BASELINE = "/"  # an HTML page built in the gateway: no RPC
ONE_RPC = "/api/healthcheck"
AUTHED = "/api/auth/me"
PATHS = (BASELINE, ONE_RPC, AUTHED)


def measure(workers: int, duration: float, rounds: int, concurrency: int,
            env: dict[str, str] | None = None) -> dict[str, Any]:
    """Alternate baseline and authenticated runs on one fresh stack with ``workers`` gateway workers."""
    with fresh_stack({"DOT_GATEWAY_WORKERS": str(workers), **(env or {})}) as stack:
        runs: dict[str, list[dict[str, Any]]] = {p: [] for p in PATHS}
        single = loadgen(stack.url + AUTHED, headers=[f"API-KEY: {stack.admin_token}"], concurrency=1, duration=2)
        for _ in range(rounds):
            runs[BASELINE].append(loadgen(stack.url + BASELINE, concurrency=concurrency, duration=duration))
            runs[ONE_RPC].append(loadgen(stack.url + ONE_RPC, concurrency=concurrency, duration=duration))
            runs[AUTHED].append(loadgen(stack.url + AUTHED, headers=[f"API-KEY: {stack.admin_token}"],
                                        concurrency=concurrency, duration=duration))
    out: dict[str, Any] = {"workers": workers, "me_single_connection_p50_ms": single["p50_ms"]}
    for path, rs in runs.items():
        out[path] = {
            "rps": median([r["rps"] for r in rs]), "p50_ms": median([r["p50_ms"] for r in rs]),
            "p99_ms": median([r["p99_ms"] for r in rs]), "requests": sum(r["requests"] for r in rs),
            "errors": sum(r["errors"] for r in rs),
            "statuses": _merge([r["statuses"] for r in rs]), "rounds_rps": [r["rps"] for r in rs],
        }
    out["ratio_me_vs_baseline"] = round(out[AUTHED]["rps"] / out[BASELINE]["rps"], 3) if out[BASELINE]["rps"] else None
    out["ratio_one_rpc_vs_baseline"] = (round(out[ONE_RPC]["rps"] / out[BASELINE]["rps"], 3)
                                        if out[BASELINE]["rps"] else None)
    return out


def _merge(statuses: list[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for s in statuses:
        for k, v in s.items():
            total[k] = total.get(k, 0) + v
    return total


def report(one: dict[str, Any], two: dict[str, Any]) -> dict[str, Any]:
    for res in (one, two):
        print(f"gateway workers={res['workers']}")
        for path in PATHS:
            r = res[path]
            print(f"  {path:18s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
                  f"errors {r['errors']}  statuses {r['statuses']}  rounds {r['rounds_rps']}")
        print(f"  ratio /api/auth/me vs no-RPC page: {res['ratio_me_vs_baseline']}x (target >= 0.9x); "
              f"one RPC (/api/healthcheck) vs no-RPC page: {res['ratio_one_rpc_vs_baseline']}x; "
              f"/api/auth/me on one connection: p50 {res['me_single_connection_p50_ms']} ms")
    scale = {p: round(two[p]["rps"] / one[p]["rps"], 3) if one[p]["rps"] else None for p in PATHS}
    print(f"second gateway worker speed-up: baseline {scale[BASELINE]}x, /api/auth/me {scale[AUTHED]}x "
          "(linear would be 2.0x; this machine has 2 cores shared by gateway, auth and the load generator)")
    for res in (one, two):
        for path in PATHS:
            if res[path]["errors"]:
                print(f"  WARNING: {res[path]['errors']} non-2xx/failed requests on {path} "
                      f"(workers={res['workers']}): {res[path]['statuses']}")
    return {"one_worker": one, "two_workers": two, "speedup_two_workers": scale}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="gateway environment, e.g. DOT_GATEWAY_LOOP=uvloop DOT_GATEWAY_HTTP=httptools")
    a = ap.parse_args(argv)
    env = dict(e.split("=", 1) for e in a.env)
    section(f"auth hot path ({a.concurrency} connections, {a.rounds} x {a.duration:g}s per endpoint) {env or ''}")
    result = report(measure(1, a.duration, a.rounds, a.concurrency, env),
                    measure(2, a.duration, a.rounds, a.concurrency, env))
    if a.json:
        print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
