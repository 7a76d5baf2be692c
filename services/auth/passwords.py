"""Password hashing with Argon2id (memory-hard), via argon2-cffi, off the event loop."""

from __future__ import annotations

import asyncio
import secrets
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.common.errors import InvalidArgument, TooManyRequests

MIN_PASSWORD_LEN = 8
MAX_PASSWORD_LEN = 1024
HASH_THREADS = 2  # argon2 releases the GIL: hashing runs in parallel with the event loop
MAX_PENDING = 32  # hashes queued or running; beyond that, refuse quickly instead of queueing


class Passwords:
    """Hash and verify; parameters are argon2-cffi's RFC 9106 low-memory profile.

    Each hash costs ~0.1-0.2 s of CPU and 64 MiB, so it runs in a small thread pool (the event
    loop keeps serving other RPCs) and the number waiting is bounded. Unknown users are checked
    against a dummy hash so a login costs the same whether or not the e-mail exists.
    """

    def __init__(self, threads: int = HASH_THREADS, max_pending: int = MAX_PENDING) -> None:
        self._hasher = PasswordHasher()
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="argon2")
        self._slots = asyncio.BoundedSemaphore(max_pending)

    async def hash(self, password: str) -> str:
        check_password_rules(password)
        return await self._run(self._hasher.hash, password)

    async def verify(self, hashed: str | None, password: str) -> bool:
        """True only for a matching hash; a missing hash still costs one full verification."""
        if len(password) > MAX_PASSWORD_LEN:
            password = password[:MAX_PASSWORD_LEN]  # same cost, and it cannot match: checked below
            hashed = None
        ok = await self._run(self._verify, hashed or self._dummy, password)
        return ok and hashed is not None

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    async def _run(self, fn, *args):  # type: ignore[no-untyped-def]
        if self._slots.locked():
            raise TooManyRequests("the server is busy checking passwords; try again shortly", 1)
        async with self._slots:
            return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LEN:
        raise InvalidArgument(f"password must have at least {MIN_PASSWORD_LEN} characters")
    if len(password) > MAX_PASSWORD_LEN:
        raise InvalidArgument(f"password must have at most {MAX_PASSWORD_LEN} characters")
