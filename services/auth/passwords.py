"""Password hashing with Argon2id (memory-hard), via argon2-cffi."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.common.errors import InvalidArgument

MIN_PASSWORD_LEN = 8
MAX_PASSWORD_LEN = 1024


class Passwords:
    """Hash and verify; parameters are argon2-cffi's RFC 9106 low-memory profile."""

    def __init__(self) -> None:
        self._hasher = PasswordHasher()

    def hash(self, password: str) -> str:
        check_password_rules(password)
        return self._hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        if not hashed or len(password) > MAX_PASSWORD_LEN:
            return False
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LEN:
        raise InvalidArgument(f"password must have at least {MIN_PASSWORD_LEN} characters")
    if len(password) > MAX_PASSWORD_LEN:
        raise InvalidArgument(f"password must have at most {MAX_PASSWORD_LEN} characters")
