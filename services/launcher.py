"""``python -m services.launcher`` (what ``make run`` does): start the four services and the
gateway as separate processes in the foreground; Ctrl-C stops them all cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common.config import SERVICE_NAMES, Settings

READY_TIMEOUT_S = 60.0


def wait_healthy(address: str, deadline: float) -> bool:
    with grpc.insecure_channel(address) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        while time.monotonic() < deadline:
            try:
                if stub.Check(health_pb2.HealthCheckRequest(), timeout=0.5).status == health_pb2.HealthCheckResponse.SERVING:
                    return True
            except grpc.RpcError:
                time.sleep(0.1)
    return False


def wait_http(host: str, port: int, deadline: float) -> bool:
    import socket

    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start_all(settings: Settings, env: dict[str, str] | None = None, quiet: bool = False) -> list[subprocess.Popen[bytes]]:
    """Start every process; return them once all are healthy (raise if one is not)."""
    env = dict(os.environ if env is None else env)
    env.setdefault("DOT_DATA_DIR", str(settings.data_dir))
    env.setdefault("DOT_SECRET_KEY", settings.secret_key)
    env["PYTHONUNBUFFERED"] = "1"
    out = subprocess.DEVNULL if quiet else None
    procs: list[subprocess.Popen[bytes]] = []
    root = Path(__file__).resolve().parent.parent
    try:
        for name in SERVICE_NAMES:
            procs.append(subprocess.Popen([sys.executable, "-m", f"services.{name}"], env=env, cwd=root,
                                          stdout=out, stderr=None if not quiet else out))
        deadline = time.monotonic() + READY_TIMEOUT_S
        for name, proc in zip(SERVICE_NAMES, procs, strict=True):
            if not wait_healthy(settings.address(name), deadline):
                raise RuntimeError(f"service {name} did not become healthy (exit code {proc.poll()})")
        procs.append(subprocess.Popen([sys.executable, "-m", "gateway"], env=env, cwd=root, stdout=out,
                                      stderr=None if not quiet else out))
        if not wait_http(settings.http_host, settings.http_port, deadline):
            raise RuntimeError("the gateway did not start listening")
    except BaseException:
        stop_all(procs)
        raise
    return procs


def stop_all(procs: list[subprocess.Popen[bytes]], timeout: float = 5.0) -> None:
    for p in reversed(procs):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    end = time.monotonic() + timeout
    for p in procs:
        try:
            p.wait(max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def main() -> int:
    settings = Settings.from_env()
    print(f"starting Dot-compatible server (data in {settings.data_dir}) ...", flush=True)
    procs = start_all(settings)
    url = f"http://{settings.http_host}:{settings.http_port}"
    admin = settings.admin_email or "admin@example.com"
    print(f"""
Dot-compatible server is up at {url}   (API docs: {url}/docs)

Get a token:
  curl -s -X POST {url}/api/auth/token -d 'username={admin}' -d 'password=<password>'
  curl -s -X POST {url}/api/api_tokens -H 'Authorization: Bearer <access_token>' \\
       -H 'Content-Type: application/json' -d '{{"name": "my token"}}'
Then:
  curl -H 'API-KEY: dot-...' {url}/api/auth/me
  dot login --token dot-... --server {url}

Press Ctrl-C to stop.
""", flush=True)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping:
            for p in procs:
                if p.poll() is not None:
                    print(f"a process exited with code {p.returncode}; stopping", file=sys.stderr)
                    stopping = True
                    break
            time.sleep(0.2)
    finally:
        stop_all(procs)
    print("stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
