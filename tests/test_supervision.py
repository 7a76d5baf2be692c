"""Launcher supervision (``python -m services.launcher``, what ``make run`` runs) as a real
subprocess: kill -9 of any service or the gateway under light load is followed by a logged
restart and a whole server within seconds, with nothing acknowledged lost; SIGTERM while the
launcher is still starting stops what it started."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from services.common.config import SERVICE_NAMES
from tests.support.stack import ADMIN_EMAIL, ADMIN_PASSWORD, free_port

ROOT = Path(__file__).resolve().parents[1]
RUNNING_RE = re.compile(r"launcher: (\w+) running as pid (\d+)")
RECOVERY_S = 20.0  # generous bound on a 2-core machine shared with other work; typically ~2-4 s


def alive(pid: int) -> bool:
    """Running and not a zombie (a reparented zombie may linger where PID 1 does not reap)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        try:
            if check():
                return time.monotonic() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def children(pid: int) -> set[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return {int(x) for x in fh.read().split()}
    except FileNotFoundError:
        return set()


@dataclass
class Launcher:
    """The launcher process, its environment and what it logged (read continuously)."""

    proc: subprocess.Popen[bytes]
    url: str
    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            with self.lock:
                self.lines.append(raw.decode("utf-8", "replace").rstrip())

    def pids(self) -> dict[str, int]:
        """The launcher's live child processes by name ("auth", ..., "gateway"), read from /proc."""
        out = {}
        for pid in children(self.proc.pid):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    argv = fh.read().decode().split("\0")
            except FileNotFoundError:
                continue
            if "-m" in argv and alive(pid):
                out[argv[argv.index("-m") + 1].removeprefix("services.")] = pid
        return out

    def all_pids(self) -> set[int]:
        """Every pid the launcher logged as started (children that may since have died too)."""
        with self.lock:
            return {int(m.group(2)) for m in (RUNNING_RE.search(line) for line in self.lines) if m}

    def logged(self, text: str) -> bool:
        with self.lock:
            return any(text in line for line in self.lines)


def start_launcher(data_dir: Path, extra: dict[str, str] | None = None) -> Launcher:
    env = dict(os.environ)
    port = free_port()
    env.update({"DOT_DATA_DIR": str(data_dir), "DOT_ADMIN_EMAIL": ADMIN_EMAIL, "DOT_ADMIN_PASSWORD": ADMIN_PASSWORD,
                "DOT_HTTP_PORT": str(port), "DOT_SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
                "DOT_LOG_LEVEL": "warning", **(extra or {})})
    for name in SERVICE_NAMES:
        env[f"DOT_{name.upper()}_PORT"] = str(free_port())
    for k in ("DOT_LLM_BASE_URL", "DOT_LLM_MODEL", "DOT_LLM_API_KEY", "DOT_SMTP_URL"):
        env.pop(k, None)
    proc = subprocess.Popen([sys.executable, "-m", "services.launcher"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    launcher = Launcher(proc=proc, url=f"http://127.0.0.1:{port}")
    threading.Thread(target=launcher.read, daemon=True).start()
    return launcher


def stop_launcher(launcher: Launcher) -> None:
    if launcher.proc.poll() is None:
        launcher.proc.send_signal(signal.SIGTERM)
        try:
            launcher.proc.wait(30)
        except subprocess.TimeoutExpired:
            launcher.proc.kill()
            launcher.proc.wait()
    for pid in launcher.all_pids():  # never leave a child behind, whatever the test found
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[Launcher]:
    lau = start_launcher(tmp_path / "data")
    try:
        wait_for(lambda: httpx.get(f"{lau.url}/healthz", timeout=5).status_code == 200, 90, "the server to start")
        yield lau
    finally:
        stop_launcher(lau)


class Load:
    """Light background load: one thread reading /api/auth/me and a chat, recording statuses."""

    def __init__(self, url: str, token: str, chat_id: str) -> None:
        self.url, self.token, self.chat_id = url, token, chat_id
        self.statuses: list[tuple[float, int | str]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        with httpx.Client(base_url=self.url, headers={"API-KEY": self.token}, timeout=10) as c:
            while not self.done.is_set():
                for path in ("/api/auth/me", f"/api/c2/{self.chat_id}"):
                    try:
                        self.statuses.append((time.monotonic(), c.get(path).status_code))
                    except httpx.HTTPError as exc:
                        self.statuses.append((time.monotonic(), type(exc).__name__))
                time.sleep(0.05)

    def __enter__(self) -> Load:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(15)


def test_backoff_doubles_to_a_cap_and_resets_after_a_stable_minute(tmp_path: Path) -> None:
    """The restart schedule itself, on a real (short-lived) process per crash."""
    from services.common.config import Settings
    from services.launcher import INITIAL_BACKOFF_S, MAX_BACKOFF_S, STABLE_S, Child, Supervisor

    sup = Supervisor(Settings.from_env({"DOT_DATA_DIR": str(tmp_path), "DOT_SECRET_KEY": "k"}), quiet=True,
                     log_events=False)
    child = Child("crasher", "dot_no_such_module")  # python -m exits at once with code 1
    sup.children = [child]
    delays = []
    t = 1000.0
    sup.spawn(child)
    for _ in range(7):
        child.proc.wait(30)
        child.started_at = t
        sup.step(now=t + 1)  # crashed one second after it started
        delays.append(round(child.restart_at - (t + 1), 3))
        t = child.restart_at
        sup.step(now=t)  # due: restarted
        assert child.restart_at is None
    assert delays == [INITIAL_BACKOFF_S, 1.0, 2.0, 4.0, 8.0, MAX_BACKOFF_S, MAX_BACKOFF_S]
    child.proc.wait(30)
    child.started_at = t
    sup.step(now=t + STABLE_S + 1)  # ran a stable minute before this crash: back to the first delay
    assert child.restart_at == pytest.approx(t + STABLE_S + 1 + INITIAL_BACKOFF_S)
    assert child.restarts == 7
    sup.stop()


def test_kill_9_of_each_process_is_restarted_and_nothing_acknowledged_is_lost(launcher: Launcher) -> None:
    url = launcher.url
    session = httpx.post(f"{url}/api/auth/token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
                         timeout=30).json()["access_token"]
    r = httpx.post(f"{url}/api/api_tokens", json={"name": "before"}, headers={"Authorization": f"Bearer {session}"},
                   timeout=30)
    token = r.json()["token"]
    chats: list[str] = []

    def new_chat(c: httpx.Client) -> None:
        cid = f"sup-{uuid.uuid4().hex[:8]}"
        r = c.post("/api/agentic", json={"messages": [{"role": "user", "content": "How many customers are there?"}],
                                         "chat_id": cid})
        assert r.status_code == 200, r.text
        chats.append(cid)

    def whole(c: httpx.Client) -> bool:
        return c.get("/healthz").status_code == 200 and c.get("/api/auth/me").status_code == 200

    recovery: dict[str, float] = {}
    with httpx.Client(base_url=url, headers={"API-KEY": token}, timeout=30) as c:
        new_chat(c)
        with Load(url, token, chats[0]) as load:
            for name in (*SERVICE_NAMES, "gateway"):
                before = launcher.pids()
                os.kill(before[name], signal.SIGKILL)
                killed = time.monotonic()
                wait_for(lambda: launcher.pids().get(name, before[name]) != before[name], RECOVERY_S,
                         f"{name} restarted")
                wait_for(lambda: whole(c), RECOVERY_S, f"server whole after killing {name}")
                recovery[name] = time.monotonic() - killed
                after = launcher.pids()
                assert {n: p for n, p in after.items() if n != name} == {n: p for n, p in before.items() if n != name}
                assert not alive(before[name])
                assert launcher.logged(f"{name} (pid {before[name]}) exited with code -9; restarting in")
                # Everything acknowledged before the kill is still there; new work is accepted.
                assert c.get("/api/auth/me").json()["email"] == ADMIN_EMAIL
                for cid in chats:
                    got = c.get(f"/api/c2/{cid}")
                    assert got.status_code == 200 and [m["role"] for m in got.json()["messages"]] == ["user", "assistant"]
                new_chat(c)
    assert launcher.proc.poll() is None  # the launcher never gave up
    assert all(s <= RECOVERY_S for s in recovery.values()), recovery
    print("recovery seconds:", {k: round(v, 2) for k, v in recovery.items()})
    # Under load only expected answers: 200, or while a process was down 503 / a refused connection.
    assert {s for _, s in load.statuses} <= {200, 503, "ConnectError", "RemoteProtocolError", "ReadError"}, \
        sorted({str(s) for _, s in load.statuses})
    assert sum(1 for _, s in load.statuses if s == 200) > 20
    stop_launcher(launcher)
    assert launcher.proc.returncode == 0
    assert not [p for p in launcher.all_pids() if alive(p)]


def test_sigterm_while_starting_stops_what_was_started(tmp_path: Path) -> None:
    lau = start_launcher(tmp_path / "data")
    started: set[int] = set()
    try:
        wait_for(lambda: len(children(lau.proc.pid)) >= 2, 60, "the first services to be started")
        assert not lau.logged("is up at")  # still starting
        started = children(lau.proc.pid)
        lau.proc.send_signal(signal.SIGTERM)
        assert lau.proc.wait(30) == 0
        wait_for(lambda: not [p for p in started if alive(p)], 10, "every started process to be gone")
        assert not lau.logged("is up at")
    finally:
        stop_launcher(lau)
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
