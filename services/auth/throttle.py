"""Failed-login throttling per account and per client address, with exponential lockout.

State lives in memory, one instance per auth process: counters change on every failed login,
and writing them to the store would turn a password-guessing attack into a write load on the
store. The price is that a restart forgets the counters (an attacker gains at most one fresh
window per restart) and that N auth replicas each count separately; both are documented in
docs/security.md (Auth).

An account key is the e-mail as typed (normalised), whether or not such a user exists, so a
locked unknown address looks exactly like a locked real one. Attempts refused while locked are
not checked and not counted; the next failure after a lock expires doubles the lock. An attempt
counts as a failure from the moment it starts (and is taken back if the password was right), so
parallel guesses cannot all slip past the check while the slow hash runs.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from services.common.errors import TooManyRequests

ACCOUNT_MAX_FAILURES = 5  # failures per account in a window before the first lock
ADDRESS_MAX_FAILURES = 50  # per client address: higher, many people may share one address (NAT)
WINDOW_S = 15 * 60  # a streak is forgotten after this long without failures or locks
BASE_LOCK_S = 30  # first lock; doubled for every further failure, up to MAX_LOCK_S
MAX_LOCK_S = 3600
MAX_ENTRIES = 100_000  # bound on memory under an attack with many made-up e-mails/addresses


@dataclass
class Entry:
    failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


@dataclass(frozen=True)
class Locked:
    kind: str  # account | address
    key: str
    failures: int
    locked_until: float


class LoginThrottle:
    """Counts consecutive failed logins; refuses with 429 + Retry-After while a key is locked."""

    def __init__(self, clock: Callable[[], float] = time.time, account_max: int = ACCOUNT_MAX_FAILURES,
                 address_max: int = ADDRESS_MAX_FAILURES, window_s: float = WINDOW_S,
                 base_lock_s: float = BASE_LOCK_S, max_lock_s: float = MAX_LOCK_S,
                 max_entries: int = MAX_ENTRIES) -> None:
        self._clock = clock
        self._max = {"account": account_max, "address": address_max}
        self._window = window_s
        self._base = base_lock_s
        self._cap = max_lock_s
        self._max_entries = max_entries
        self._entries: OrderedDict[tuple[str, str], Entry] = OrderedDict()

    def begin(self, account: str, address: str = "") -> None:
        """Refuse (429) if the account or the address is locked, else count the attempt as failed."""
        self.check(account, address)
        self._failed(account, address)

    def check(self, account: str, address: str = "") -> None:
        """Raise TooManyRequests if the account or the address is locked now."""
        now = self._clock()
        wait = 0.0
        for key in self._keys(account, address):
            e = self._entries.get(key)
            if e is not None and e.locked_until > now:
                wait = max(wait, e.locked_until - now)
        if wait > 0:
            raise TooManyRequests("too many failed sign-in attempts; try again later", math.ceil(wait))

    def _failed(self, account: str, address: str) -> None:
        now = self._clock()
        for key in self._keys(account, address):
            e = self._entries.pop(key, None) or Entry()
            if now - max(e.last_failure, e.locked_until) > self._window:  # quiet for a whole window
                e.failures = 0
            e.failures += 1
            e.last_failure = now
            over = e.failures - self._max[key[0]]
            if over >= 0:
                e.locked_until = now + min(self._cap, self._base * 2 ** min(over, 32))
            self._entries[key] = e  # most recently failed last: eviction drops the stalest
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def succeeded(self, account: str, address: str = "") -> None:
        """A correct password ends the account's streak and takes back the address's count for it."""
        self._entries.pop(("account", account), None)
        self._take_back(("address", address))

    def cancel(self, account: str, address: str = "") -> None:
        """Take back an attempt that was never checked (the server was too busy to hash)."""
        self._take_back(("account", account))
        self._take_back(("address", address))

    def _take_back(self, key: tuple[str, str]) -> None:
        e = self._entries.get(key) if key[1] else None
        if e is not None:
            e.failures = max(0, e.failures - 1)
            if e.failures < self._max[key[0]]:
                e.locked_until = 0.0

    def unlock(self, kind: str, key: str) -> bool:
        return self._entries.pop((kind, key), None) is not None

    def locked(self) -> list[Locked]:
        now = self._clock()
        return [Locked(kind, key, e.failures, e.locked_until) for (kind, key), e in self._entries.items()
                if e.locked_until > now]

    @staticmethod
    def _keys(account: str, address: str) -> list[tuple[str, str]]:
        keys = [("account", account)]
        if address:
            keys.append(("address", address))
        return keys
