"""``python -m services.launcher`` (what ``make run`` does): start the four services and the
gateway as separate processes in the foreground and supervise them: a process that dies is
restarted with backoff while the others keep serving; Ctrl-C or SIGTERM (also while starting)
stops everything it started.

``--cluster`` (what ``make run-cluster`` does) runs the same at scale on one machine: two
replicas of each service on PostgreSQL (one database per service, created when absent), each
client balancing over both, and the gateway with several workers in front.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.common.config import DEFAULT_PORTS, SERVICE_NAMES, Settings

READY_TIMEOUT_S = 60.0
INITIAL_BACKOFF_S = 0.5  # first restart delay; doubles on each crash of the same process ...
MAX_BACKOFF_S = 10.0  # ... up to this
STABLE_S = 60.0  # a process up this long is healthy again: its next crash restarts after INITIAL_BACKOFF_S
POLL_S = 0.1
METRICS_PORT_OFFSET = 1000  # with --cluster, a replica on gRPC port P serves /metrics on P + 1000
ROOT = Path(__file__).resolve().parent.parent


def never() -> bool:
    return False


def health_name(service: str) -> str:
    """The gRPC health name a service registers ('knowledge' -> 'dot.v1.KnowledgeService'): the
    first service of its generated descriptor, the name its ``app`` registers, never a spelling."""
    module = importlib.import_module(f"dot.v1.{service}_pb2")
    return str(next(iter(module.DESCRIPTOR.services_by_name.values())).full_name)


def wait_healthy(address: str, deadline: float, cancelled: Callable[[], bool] = never, service: str = "") -> bool:
    """Wait until ``address`` serves; with ``service``, until it serves that service, so another
    process that happens to hold the port (a port handed out twice) does not count as started."""
    request = health_pb2.HealthCheckRequest(service=health_name(service) if service else "")
    with grpc.insecure_channel(address) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        while time.monotonic() < deadline and not cancelled():
            try:
                if stub.Check(request, timeout=0.5).status == health_pb2.HealthCheckResponse.SERVING:
                    return True
            except grpc.RpcError:
                time.sleep(0.1)
    return False


def wait_http(host: str, port: int, deadline: float, cancelled: Callable[[], bool] = never) -> bool:
    import socket

    while time.monotonic() < deadline and not cancelled():
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def log(message: str) -> None:
    print(f"launcher: {message}", file=sys.stderr, flush=True)


@dataclass
class Child:
    """One supervised process and its restart state."""

    name: str
    module: str
    env: dict[str, str] = field(default_factory=dict)  # this process's own settings (a replica's port)
    health: str = ""  # gRPC address to wait on before it counts as started (services only)
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    backoff_s: float = INITIAL_BACKOFF_S
    restart_at: float | None = None  # set while a restart is pending
    restarts: int = 0


class Supervisor:
    """Starts the services and the gateway, restarts any that exits, stops them all.

    Not thread-safe: one owner (the launcher's main loop, or a test stack) drives it.
    """

    def __init__(self, settings: Settings, env: dict[str, str] | None = None, quiet: bool = False,
                 log_events: bool = True, replica_ports: Mapping[str, Sequence[int]] | None = None) -> None:
        self.settings = settings
        env = dict(os.environ if env is None else env)
        env.setdefault("DOT_DATA_DIR", str(settings.data_dir))
        env.setdefault("DOT_SECRET_KEY", settings.secret_key)
        env["PYTHONUNBUFFERED"] = "1"
        self.env = env
        self.out = subprocess.DEVNULL if quiet else None
        self.log_events = log_events
        if replica_ports is None:
            self.children = [Child(n, f"services.{n}", health=settings.address(n)) for n in SERVICE_NAMES]
        else:
            self.children = replica_children(settings, replica_ports, env)
        self.children.append(Child("gateway", "gateway"))
        self.stopping = False  # set from a signal handler: startup and supervision give up promptly

    def _log(self, message: str) -> None:
        if self.log_events:
            log(message)

    def spawn(self, child: Child) -> None:
        child.proc = subprocess.Popen([sys.executable, "-m", child.module], env={**self.env, **child.env}, cwd=ROOT,
                                      stdout=self.out, stderr=self.out)
        child.started_at = time.monotonic()
        child.restart_at = None
        self._log(f"{child.name} running as pid {child.proc.pid}")

    def start(self) -> None:
        """Start every process and wait until all are ready; on failure or a stop request, stop
        what was started and raise."""
        cancelled = lambda: self.stopping  # noqa: E731
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            services = self.children[:-1]
            for child in services:
                if self.stopping:
                    break
                self.spawn(child)
            for child in services:
                if self.stopping:
                    break
                if not wait_healthy(child.health, deadline, cancelled, child.module.rsplit('.', 1)[-1]) \
                        and not self.stopping:
                    code = child.proc.poll() if child.proc else None
                    raise RuntimeError(f"service {child.name} did not become healthy (exit code {code})")
            if not self.stopping:
                self.spawn(self.children[-1])
                if not wait_http(self.settings.http_host, self.settings.http_port, deadline, cancelled) \
                        and not self.stopping:
                    raise RuntimeError("the gateway did not start listening")
            if self.stopping:
                raise InterruptedError("stop requested while starting")
        except BaseException:
            self.stop()
            raise

    def procs(self) -> list[subprocess.Popen[bytes]]:
        return [c.proc for c in self.children if c.proc is not None]

    def step(self, now: float | None = None) -> None:
        """One round of supervision: schedule restarts of exited processes, run due restarts."""
        now = time.monotonic() if now is None else now
        for child in self.children:
            if self.stopping or child.proc is None:
                continue
            if child.restart_at is None and child.proc.poll() is not None:
                if now - child.started_at >= STABLE_S:
                    child.backoff_s = INITIAL_BACKOFF_S
                delay = child.backoff_s
                child.backoff_s = min(child.backoff_s * 2, MAX_BACKOFF_S)
                child.restart_at = now + delay
                self._log(f"{child.name} (pid {child.proc.pid}) exited with code {child.proc.returncode}; "
                          f"restarting in {delay:g}s")
            elif child.restart_at is not None and now >= child.restart_at:
                child.restarts += 1
                self.spawn(child)

    def run(self) -> None:
        """Supervise until ``stopping`` is set (by a signal handler), then stop everything."""
        try:
            while not self.stopping:
                self.step()
                time.sleep(POLL_S)
        finally:
            self.stop()

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping = True
        stop_all(self.procs(), timeout)


def dial_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host


def replica_children(settings: Settings, replica_ports: Mapping[str, Sequence[int]],
                     env: dict[str, str]) -> list[Child]:
    """One child per replica, each listening on its own port; ``env`` gets every service's
    address as the list of its replicas (what each client dials, round-robin)."""
    host = dial_host(settings.grpc_host)
    children = []
    for name in SERVICE_NAMES:
        ports = replica_ports[name]
        env[f"DOT_{name.upper()}_ADDR"] = ",".join(f"{host}:{p}" for p in ports)
        for i, port in enumerate(ports, start=1):
            children.append(Child(f"{name}-{i}", f"services.{name}",
                                  env={f"DOT_{name.upper()}_PORT": str(port),
                                       f"DOT_{name.upper()}_METRICS_PORT": str(port + METRICS_PORT_OFFSET)},
                                  health=f"{host}:{port}"))
    return children


def cluster_ports(settings: Settings, replicas: int) -> dict[str, list[int]]:
    """Replica r of a service listens on its port + 10*r (50151, 50161 for auth by default)."""
    return {n: [settings.ports.get(n, DEFAULT_PORTS[n]) + 10 * r for r in range(replicas)] for n in SERVICE_NAMES}


async def ensure_databases(server_url: str, names: Sequence[str]) -> None:
    """Create each database on the PostgreSQL server at ``server_url`` unless it exists."""
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    conn = await asyncpg.connect(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
                                 password=url.password, database=url.database or "postgres")
    try:
        for name in names:
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def cluster_env(env: dict[str, str]) -> dict[str, str]:
    """Each service's store on PostgreSQL (``DOT_PG_URL``, one database per service named
    ``DOT_PG_DB_PREFIX`` + service), unless ``DOT_<SERVICE>_DB_URL`` already says where."""
    from sqlalchemy.engine import make_url

    server = make_url(env.get("DOT_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"))
    prefix = env.get("DOT_PG_DB_PREFIX", "dot_")
    missing = [n for n in SERVICE_NAMES if f"DOT_{n.upper()}_DB_URL" not in env]
    asyncio.run(ensure_databases(server.render_as_string(hide_password=False), [prefix + n for n in missing]))
    out = dict(env)
    for name in missing:
        out[f"DOT_{name.upper()}_DB_URL"] = server.set(drivername="postgresql+asyncpg",
                                                      database=prefix + name).render_as_string(hide_password=False)
    out.setdefault("DOT_GATEWAY_WORKERS", "3")
    return out


def start_all(settings: Settings, env: dict[str, str] | None = None, quiet: bool = False) -> list[subprocess.Popen[bytes]]:
    """Start every process (unsupervised); return them once all are healthy (raise if one is not)."""
    sup = Supervisor(settings, env, quiet=quiet, log_events=False)
    sup.start()
    return sup.procs()


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.launcher")
    parser.add_argument("--cluster", action="store_true",
                        help="replicas of every service on PostgreSQL (DOT_PG_URL), the gateway with workers")
    parser.add_argument("--replicas", type=int, default=2, help="processes per service with --cluster (default 2)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    replica_ports = None
    if args.cluster:
        env = cluster_env(env)
        settings = Settings.from_env(env)
        replica_ports = cluster_ports(settings, max(1, args.replicas))
    else:
        settings = Settings.from_env(env)
    sup = Supervisor(settings, env, replica_ports=replica_ports)

    def on_signal(signum: int, _frame: object) -> None:
        sup.stopping = True

    # Before anything starts: a SIGTERM while starting must stop what was started, not orphan it.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"starting Dot-compatible server (data in {settings.data_dir}) ...", flush=True)
    try:
        sup.start()
    except InterruptedError:
        print("stopped while starting.", flush=True)
        return 0
    url = f"http://{settings.http_host}:{settings.http_port}"
    admin = settings.admin_email or "admin@example.com"
    if replica_ports is not None:
        from sqlalchemy.engine import make_url

        print(f"cluster: gateway on {url} with {sup.env['DOT_GATEWAY_WORKERS']} workers", flush=True)
        for name, ports in replica_ports.items():
            db = make_url(sup.env[f"DOT_{name.upper()}_DB_URL"]).render_as_string(hide_password=True)
            print(f"  {name:<13} gRPC ports {', '.join(map(str, ports))}   store {db}   metrics ports "
                  f"{', '.join(str(p + METRICS_PORT_OFFSET) for p in ports)}", flush=True)
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
    sup.run()
    print("stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
