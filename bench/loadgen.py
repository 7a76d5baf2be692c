"""A small closed-loop HTTP/1.1 load generator, run as its own process.

Why not httpx: on a 2-core machine the load generator competes with the server for CPU, so
it must be cheap per request. This one keeps ``concurrency`` keep-alive connections open,
sends a pre-built request on each as soon as the previous answer is complete, and parses
only the status line and Content-Length / chunked framing.

    python -m bench.loadgen --url http://127.0.0.1:8000/api/healthcheck \
        --header 'API-KEY: dot-...' --concurrency 16 --duration 8 --warmup 1

Prints one JSON object: requests, errors, statuses, rps, p50_ms, p99_ms, max_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CONNECT_TIMEOUT_S = 5.0
REQUEST_TIMEOUT_S = 30.0


@dataclass
class Tally:
    """Latencies and outcomes recorded after the warm-up."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0


def build_request(url: str, method: str, headers: list[str], body: bytes) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive"]
    lines += headers
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return host, port, ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one full response; return its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def worker(host: str, port: int, request: bytes, start_at: float, stop_at: float, tally: Tally) -> None:
    reader = writer = None
    while time.monotonic() < stop_at:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), CONNECT_TIMEOUT_S)
            t0 = time.monotonic()
            writer.write(request)
            status = await asyncio.wait_for(read_response(reader), REQUEST_TIMEOUT_S)  # type: ignore[arg-type]
            t1 = time.monotonic()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            if time.monotonic() >= start_at:
                tally.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
            continue
        if t0 >= start_at and t1 <= stop_at:
            tally.latencies.append(t1 - t0)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
    if writer is not None:
        writer.close()


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    idx = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[idx]


async def run(url: str, method: str, headers: list[str], body: bytes, concurrency: int, duration: float,
              warmup: float) -> dict[str, object]:
    host, port, request = build_request(url, method, headers, body)
    tally = Tally()
    now = time.monotonic()
    start_at, stop_at = now + warmup, now + warmup + duration
    await asyncio.gather(*(worker(host, port, request, start_at, stop_at, tally) for _ in range(concurrency)))
    lat = sorted(tally.latencies)
    ok = sum(n for s, n in tally.statuses.items() if 200 <= s < 300)
    return {
        "url": url, "concurrency": concurrency, "duration_s": duration, "requests": len(lat), "ok": ok,
        "errors": tally.errors + len(lat) - ok, "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "rps": round(len(lat) / duration, 1),
        "p50_ms": round(percentile(lat, 0.50) * 1000, 2), "p99_ms": round(percentile(lat, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(lat) * 1000, 2) if lat else None,
        "max_ms": round(lat[-1] * 1000, 2) if lat else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--method", default="GET")
    ap.add_argument("--header", action="append", default=[])
    ap.add_argument("--body", default="")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--duration", type=float, default=8.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    a = ap.parse_args(argv)
    if not 1 <= a.concurrency <= 1024 or not 0 < a.duration <= 600:
        ap.error("concurrency must be 1-1024 and duration 0-600 s (the load is bounded)")
    result = asyncio.run(run(a.url, a.method, a.header, a.body.encode(), a.concurrency, a.duration, a.warmup))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
