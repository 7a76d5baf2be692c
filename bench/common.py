"""What every benchmark shares: a fresh stack, the load generator process, RSS, the machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.support.stack import Stack, start_stack

ROOT = Path(__file__).resolve().parents[1]
SPIDER = ROOT.parent / "shared" / "eval" / "spider-open"


@contextmanager
def fresh_stack(extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """A stack with its own temporary data dir, stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="dot-bench-") as d:
        stack = start_stack(Path(d), extra_env)
        try:
            wait_token_cache(stack)
            yield stack
        finally:
            stack.stop()


def wait_token_cache(stack: Stack, timeout_s: float = 15.0) -> None:
    """The gateway caches verified tokens only once auth's invalidation stream is up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r = httpx.get(f"{stack.url}/healthz", timeout=5)
        if r.status_code == 200 and r.json().get("token_cache") == "on":
            return
        time.sleep(0.2)
    raise RuntimeError("the gateway's token cache did not switch on (invalidation stream not connected)")


def loadgen(url: str, *, headers: list[str] | None = None, concurrency: int = 16, duration: float = 6.0,
            warmup: float = 1.0, method: str = "GET", body: str = "") -> dict[str, Any]:
    """Run ``bench.loadgen`` as a separate process (it must not share the server's cores' GIL)."""
    cmd = [sys.executable, "-m", "bench.loadgen", "--url", url, "--method", method, "--concurrency",
           str(concurrency), "--duration", str(duration), "--warmup", str(warmup)]
    for h in headers or []:
        cmd += ["--header", h]
    if body:
        cmd += ["--body", body]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=duration + warmup + 60, check=True)
    return json.loads(out.stdout)


def vm_hwm_kb(pid: int) -> int:
    """Peak resident set size of a process (VmHWM), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for pid {pid}")


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict[str, Any]:
    """Enough about the host to compare runs: CPU model, cores, memory, OS, Python."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version()}


def section(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)
