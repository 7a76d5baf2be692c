"""A real running server for tests: the four service processes and the gateway, as ``make run``
starts them, on free ports with a temporary data dir."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from services.common.config import SERVICE_NAMES, Settings
from services.launcher import start_all, stop_all

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-1"
SHARED = Path(__file__).resolve().parents[3] / "shared"  # the reference folder next to the clone
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A free port below the kernel's ephemeral range, never the same twice in this test process:
    a port handed out twice (or taken meanwhile as another listener's ephemeral port, e.g. a
    service's /metrics on port 0) would let one stack's client reach another process."""
    for _ in range(1000):
        port = random.randrange(20000, 32000)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    raise RuntimeError("no free port in 20000-32000")


@dataclass
class Stack:
    """Handle on a running server: its URL, env, processes and an admin API token."""

    data_dir: Path
    env: dict[str, str]
    settings: Settings
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    admin_token: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.http_port}"

    def client(self, token: str | None = None, header: str = "API-KEY", timeout: float = 60.0) -> httpx.Client:
        headers = {header: token} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def login(self, email: str, password: str) -> str:
        r = httpx.post(f"{self.url}/api/auth/token", data={"username": email, "password": password}, timeout=30)
        r.raise_for_status()
        return str(r.json()["access_token"])

    def api_token(self, session: str, name: str = "test") -> str:
        r = httpx.post(f"{self.url}/api/api_tokens", json={"name": name},
                       headers={"Authorization": f"Bearer {session}"}, timeout=30)
        r.raise_for_status()
        return str(r.json()["token"])

    def create_user(self, role: str = "user", email: str | None = None, password: str = "user-password-1",
                    groups: list[str] | None = None) -> tuple[str, str]:
        """Create a user through the admin API; returns (email, API token)."""
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@example.com"
        with self.client(self.admin_token) as c:
            r = c.post("/api/create_user", json={"email": email, "password": password, "realname": role.title(),
                                                 "role": role})
            assert r.status_code == 200, r.text
            for g in groups or []:
                assert c.post("/api/add_user_to_group", json={"email": email, "group": g}).status_code == 200
        return email, self.api_token(self.login(email, password), f"{role} token")

    def stop_service(self, name: str, kill: bool = True) -> None:
        p = self.procs[SERVICE_NAMES.index(name)]
        p.kill() if kill else p.terminate()
        p.wait(10)

    def restart_service(self, name: str) -> None:
        import sys

        from services.launcher import wait_healthy

        idx = SERVICE_NAMES.index(name)
        if self.procs[idx].poll() is None:
            self.stop_service(name)
        self.procs[idx] = subprocess.Popen([sys.executable, "-m", f"services.{name}"], env=self.env,
                                           cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
        import time

        assert wait_healthy(self.settings.address(name), time.monotonic() + 30, service=name), f"{name} did not restart"
        # The other processes' channels to it are in reconnect backoff (at most 1 s plus jitter,
        # services/common/clients.py) and answer 503 until it ends: let it end, as a user would retry.
        time.sleep(1.5)

    def stop(self) -> None:
        stop_all(self.procs)


def start_stack(data_dir: Path, extra_env: dict[str, str] | None = None) -> Stack:
    env = dict(os.environ)
    env.update({
        "DOT_DATA_DIR": str(data_dir), "DOT_ADMIN_EMAIL": ADMIN_EMAIL, "DOT_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DOT_HTTP_PORT": str(free_port()), "DOT_SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
    })
    for name in SERVICE_NAMES:
        env[f"DOT_{name.upper()}_PORT"] = str(free_port())
    for k in ("DOT_LLM_BASE_URL", "DOT_LLM_MODEL", "DOT_LLM_API_KEY", "DOT_SMTP_URL"):
        env.pop(k, None)
    # Tests connect SQLite/DuckDB files, dbt artifacts and LookML projects from their temporary
    # folders, the repository's fixtures and (bench) the shared reference folder; the data dir
    # stays refused regardless.
    env["DOT_FILE_SOURCES"] = os.pathsep.join([tempfile.gettempdir(), str(FIXTURES), str(SHARED)])
    env.update(extra_env or {})
    settings = Settings.from_env(env)
    stack = Stack(data_dir=data_dir, env=env, settings=settings)
    stack.procs = start_all(settings, env=env, quiet=os.environ.get("DOT_TEST_VERBOSE") != "1")
    try:
        stack.admin_token = stack.api_token(stack.login(ADMIN_EMAIL, ADMIN_PASSWORD), "admin test token")
    except BaseException:
        stack.stop()
        raise
    return stack


def json_or_text(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        return r.text
