"""Password login against guessing (issue 10, finding 1): per-account and per-address throttling
with exponential lockout (429 + Retry-After), the same cost for known and unknown e-mails, argon2
off the auth service's event loop, and the admin view of locked accounts.

The rules are checked on LoginThrottle with an injected clock (lock lengths are minutes), the
behaviour over real HTTP against the session's stack. Each HTTP test uses its own users and its
own client address (X-Forwarded-For, honoured because the test client is uvicorn's trusted
proxy 127.0.0.1), so no test locks out another.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc
import httpx
import pytest

from dot.v1 import auth_pb2, auth_pb2_grpc
from services.auth.throttle import LoginThrottle
from services.common.errors import TooManyRequests
from tests.support.stack import Stack

PASSWORD = "user-password-1"


# ------------------------------------------------------------------------------- the rules
class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def retry_after(t: LoginThrottle, account: str, address: str = "") -> int:
    with pytest.raises(TooManyRequests) as exc:
        t.check(account, address)
    return exc.value.retry_after


def test_account_locks_after_five_failures_and_doubles_each_time() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock, account_max=5, base_lock_s=30, max_lock_s=3600)
    for _ in range(5):
        t.begin("a@example.com")
    assert retry_after(t, "a@example.com") == 30
    t.check("b@example.com")  # other accounts are not affected
    clock.now += 31
    for expected in (60, 120, 240, 480, 960, 1920, 3600, 3600):  # one more failure after each lock: doubled, capped
        t.begin("a@example.com")
        assert retry_after(t, "a@example.com") == expected
        clock.now += expected + 1


def test_refused_attempts_are_not_counted_and_a_right_password_resets() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock, account_max=5, base_lock_s=30)
    for _ in range(5):
        t.begin("a@example.com")
    for _ in range(50):  # hammering a locked account neither checks nor prolongs anything
        with pytest.raises(TooManyRequests):
            t.begin("a@example.com")
    clock.now += 31
    t.begin("a@example.com")
    t.succeeded("a@example.com")
    for _ in range(4):
        t.begin("a@example.com")
    t.check("a@example.com")  # four failures after a success: not locked


def test_failures_are_forgotten_after_the_window() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock, account_max=5, window_s=900)
    for _ in range(4):
        t.begin("a@example.com")
    clock.now += 901
    for _ in range(4):
        t.begin("a@example.com")
    t.check("a@example.com")


def test_parallel_attempts_count_before_their_hash_finishes() -> None:
    """Six guesses started together (none finished): the sixth is refused before it is checked."""
    t = LoginThrottle(clock=Clock(), account_max=5)
    for _ in range(5):
        t.begin("a@example.com")
    with pytest.raises(TooManyRequests):
        t.begin("a@example.com")


def test_address_limit_is_higher_and_spans_accounts() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock, account_max=5, address_max=50)
    for i in range(49):
        t.begin(f"u{i}@example.com", "10.0.0.1")
    t.check("someone@example.com", "10.0.0.1")
    t.begin("u49@example.com", "10.0.0.1")
    assert retry_after(t, "someone@example.com", "10.0.0.1") > 0
    t.check("someone@example.com", "10.0.0.2")
    assert t.unlock("address", "10.0.0.1")
    t.check("someone@example.com", "10.0.0.1")


def test_memory_is_bounded_under_made_up_accounts() -> None:
    t = LoginThrottle(clock=Clock(), max_entries=1000)
    for i in range(5000):
        t.begin(f"junk{i}@example.com", f"10.{i // 250}.{i % 250}.1")
    assert len(t._entries) <= 1000


# -------------------------------------------------------------------------------- over HTTP
def new_address() -> str:
    return f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


def login(stack: Stack, email: str, password: str, address: str) -> httpx.Response:
    return httpx.post(f"{stack.url}/api/auth/token", data={"username": email, "password": password},
                      headers={"X-Forwarded-For": address}, timeout=60)


def assert_locked(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.json() == {"detail": "too many failed sign-in attempts; try again later"}
    wait = int(r.headers["Retry-After"])
    assert 0 < wait <= 3600
    return wait


def test_sixty_wrong_passwords_then_the_right_one_is_refused(stack: Stack) -> None:
    """Today's finding: 60 wrong passwords in a row, then the right one, all accepted."""
    email, _ = stack.create_user("user")
    address = new_address()
    statuses = [login(stack, email, f"guess-{i}", address).status_code for i in range(60)]
    # 5 guesses are checked, then none while locked; only if this loop outlasts the 30 s lock
    # (a very slow machine) is one more checked, which doubles the lock.
    assert statuses[:5] == [401] * 5 and statuses[5] == 429, statuses
    assert set(statuses[5:]) <= {401, 429} and statuses[5:].count(401) <= 1, statuses
    assert_locked(login(stack, email, PASSWORD, address))
    assert_locked(login(stack, email, PASSWORD, new_address()))  # the account is locked, wherever from


def test_unknown_accounts_lock_exactly_like_real_ones(stack: Stack) -> None:
    real, _ = stack.create_user("user")
    ghost = f"ghost-{uuid.uuid4().hex[:8]}@example.com"
    seen = {}
    for email in (real, ghost):
        address = new_address()
        rs = [login(stack, email, "wrong-password", address) for _ in range(6)]
        seen[email] = [(r.status_code, r.json()) for r in rs]
        assert_locked(rs[-1])
    assert seen[real] == seen[ghost]


def test_admin_sees_locked_accounts_and_unlocks_them(stack: Stack) -> None:
    email, user_token = stack.create_user("user")
    address = new_address()
    for _ in range(5):
        assert login(stack, email, "wrong-password", address).status_code == 401
    assert_locked(login(stack, email, PASSWORD, address))
    with stack.client(stack.admin_token) as admin:
        locked = admin.get("/api/locked_accounts")
        assert locked.status_code == 200, locked.text
        mine = [x for x in locked.json() if x.get("email") == email]
        assert len(mine) == 1 and mine[0]["kind"] == "account" and mine[0]["failures"] == 5
        assert mine[0]["locked_until"] > time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        with stack.client(user_token) as user:
            assert user.get("/api/locked_accounts").status_code == 403
            assert user.post("/api/unlock_account", json={"email": email}).status_code == 403
        assert admin.post("/api/unlock_account", json={}).status_code == 422
        r = admin.post("/api/unlock_account", json={"email": email.upper()})
        assert r.status_code == 200 and r.json()["unlocked"] is True
        assert admin.post("/api/unlock_account", json={"email": email}).status_code == 404
        assert not [x for x in admin.get("/api/locked_accounts").json() if x.get("email") == email]
    assert login(stack, email, PASSWORD, address).status_code == 200


def test_one_address_guessing_many_accounts_is_locked_out(stack: Stack) -> None:
    email, _ = stack.create_user("user")
    attacker = new_address()
    for i in range(50):
        r = login(stack, f"spray-{i}-{uuid.uuid4().hex[:6]}@example.com", "Winter2026!", attacker)
        assert r.status_code == 401, (i, r.status_code)
    assert_locked(login(stack, email, PASSWORD, attacker))  # even a right password, from that address
    assert login(stack, email, PASSWORD, new_address()).status_code == 200
    with stack.client(stack.admin_token) as admin:
        assert any(x.get("address") == attacker for x in admin.get("/api/locked_accounts").json())
        assert admin.post("/api/unlock_account", json={"address": attacker}).status_code == 200
    assert login(stack, email, PASSWORD, attacker).status_code == 200


def test_cli_sign_in_form_is_throttled_too(stack: Stack) -> None:
    email, _ = stack.create_user("user")
    address = new_address()
    for _ in range(5):
        assert login(stack, email, "wrong-password", address).status_code == 401
    with httpx.Client(base_url=stack.url, headers={"X-Forwarded-For": address}, timeout=60) as browser:
        page = browser.get("/cli-auth", params={"port": 8765, "state": "s1"})
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        r = browser.post("/cli-auth", data={"port": 8765, "state": "s1", "csrf_token": csrf, "username": email,
                                            "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 429 and "location" not in r.headers and int(r.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in r.text and r.headers["content-type"].startswith("text/html")


async def test_only_a_service_may_assert_the_client_address(stack: Stack) -> None:
    """A caller talking to auth directly cannot pin its failures on someone else's address."""
    email, user_token = stack.create_user("user")
    async with grpc.aio.insecure_channel(stack.settings.address("auth")) as ch:
        stub = auth_pb2_grpc.AuthServiceStub(ch)
        req = auth_pb2.LoginRequest(email=email, password=PASSWORD, client_address="203.0.113.9")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.Login(req, timeout=30)
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.Login(req, metadata=(("authorization", f"Bearer {user_token}"),), timeout=30)
        assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
        ok = await stub.Login(auth_pb2.LoginRequest(email=email, password=PASSWORD), timeout=30)
        assert ok.access_token


# ------------------------------------------------------------------------------------- cost
def test_unknown_e_mail_costs_as_much_as_a_wrong_password(stack: Stack) -> None:
    """Today's finding: median 213 ms for a real user vs 6 ms for an unknown address."""
    users = [stack.create_user("user")[0] for _ in range(3)]
    address = new_address()

    def timed(email: str) -> float:
        t0 = time.perf_counter()
        assert login(stack, email, "wrong-password", address).status_code == 401
        return time.perf_counter() - t0

    known, unknown = [], []
    for _ in range(4):  # four per account: below the lock
        for email in users:
            known.append(timed(email))
            unknown.append(timed(f"nobody-{uuid.uuid4().hex[:8]}@example.com"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2.0, (statistics.median(known), statistics.median(unknown))


def test_password_hashing_does_not_stall_other_requests(stack: Stack) -> None:
    """Today's finding: 8 parallel wrong-password loops pushed /api/healthcheck from 2 ms to 206 ms.

    Each loop alternates a right password (a real user) and a wrong one for a made-up e-mail from a
    fresh address: both run argon2 and neither locks anything. The bound is relative to one hash
    (a login alone): with hashing on the loop a healthcheck under this load waits for whole hashes
    (measured on the old code: median 0.8-1.2 s); off the loop it waits for none (22-73 ms).
    """
    stop = threading.Event()
    login_times: list[float] = []
    users = [stack.create_user("user")[0] for _ in range(2)]
    solo = []
    for _ in range(3):
        t0 = time.perf_counter()
        assert login(stack, users[0], PASSWORD, new_address()).status_code == 200
        solo.append(time.perf_counter() - t0)

    def guesser(n: int) -> None:
        with httpx.Client(base_url=stack.url, timeout=60) as c:
            while not stop.is_set():
                for email, password in ((users[n % 2], PASSWORD), (f"x-{uuid.uuid4().hex}@example.com", "wrong")):
                    t0 = time.perf_counter()
                    r = c.post("/api/auth/token", data={"username": email, "password": password},
                               headers={"X-Forwarded-For": new_address()})
                    assert r.status_code in (200, 401, 429)
                    login_times.append(time.perf_counter() - t0)

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(guesser, n) for n in range(8)]
        try:
            time.sleep(1.0)
            health = []
            with httpx.Client(base_url=stack.url, timeout=60) as c:
                for _ in range(30):
                    t0 = time.perf_counter()
                    assert c.get("/api/healthcheck").status_code == 200
                    health.append(time.perf_counter() - t0)
                    time.sleep(0.02)
        finally:
            stop.set()
        for f in futures:
            f.result()
    h, one_hash = statistics.median(health), statistics.median(solo)
    assert h < one_hash / 2, f"healthcheck median {h * 1000:.0f} ms under load vs a lone login {one_hash * 1000:.0f} ms"
