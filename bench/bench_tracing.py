"""What tracing costs: the same requests on a stack with spans recorded (``DOT_TRACING=1``: a span
per HTTP request and per RPC, trace context in gRPC metadata, no exporter) against one without.

Both stacks run side by side and the rounds alternate, so drift on the shared machine hits both
alike; the median of the rounds is reported. ``/api/auth/me`` is one gateway request and one RPC
(GetMe) behind it; metrics and request ids are on in both stacks.

    .venv/bin/python -m bench.bench_tracing [--duration 5 --rounds 3 --concurrency 16]
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from typing import Any

from bench.common import fresh_stack, loadgen, median, section

PATH = "/api/auth/me"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=16)
    a = ap.parse_args(argv)
    section(f"tracing cost ({PATH}, {a.concurrency} connections, {a.rounds} x {a.duration:g}s per stack)")
    with ExitStack() as stacks:
        plain = stacks.enter_context(fresh_stack())
        traced = stacks.enter_context(fresh_stack({"DOT_TRACING": "1"}))
        runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
        for _ in range(a.rounds):
            for label, stack in (("off", plain), ("on", traced)):
                runs[label].append(loadgen(stack.url + PATH, headers=[f"API-KEY: {stack.admin_token}"],
                                           concurrency=a.concurrency, duration=a.duration))
    out: dict[str, Any] = {}
    for label, rs in runs.items():
        out[label] = {"rps": median([r["rps"] for r in rs]), "p50_ms": median([r["p50_ms"] for r in rs]),
                      "p99_ms": median([r["p99_ms"] for r in rs]), "errors": sum(r["errors"] for r in rs),
                      "rounds_rps": [r["rps"] for r in rs]}
        r = out[label]
        print(f"  tracing {label:3s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
              f"errors {r['errors']}  rounds {r['rounds_rps']}")
    out["ratio_on_vs_off"] = round(out["on"]["rps"] / out["off"]["rps"], 3) if out["off"]["rps"] else None
    print(f"  throughput with tracing on: {out['ratio_on_vs_off']}x of tracing off")
    return out


if __name__ == "__main__":
    main()
