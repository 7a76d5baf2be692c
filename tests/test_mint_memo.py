"""Forwarding the same asker re-uses the signed principal: same text as signing anew, never a stale lifetime."""

from __future__ import annotations

import time

import jwt

from services.common.identity import MINTED_CACHE_MAX, InternalTokens
from services.common.principal import Principal


def _asker(**kw: object) -> Principal:
    base = dict(user_id="u1", email="u1@example.com", org_id="o1", role="user", groups=("sales",),
                verified_at=time.time())
    return Principal(**{**base, **kw})  # type: ignore[arg-type]


def test_a_kept_token_is_the_one_signing_anew_gives_and_verifies_as_the_asker() -> None:
    tokens = InternalTokens("s" * 32, "conversation")
    p = _asker()
    first = tokens.mint(p)
    assert tokens.mint(p) is first  # kept
    assert first == tokens._mint(p, tokens.ttl_s)  # the same text and expiry as signing again
    assert tokens.verify(first[0]) == p


def test_each_principal_and_lifetime_gets_its_own_token() -> None:
    tokens = InternalTokens("s" * 32, "conversation")
    p = _asker()
    others = [_asker(groups=("hr",)), _asker(role="admin"), _asker(active_groups=("sales",)),
              _asker(verified_at=p.verified_at + 1), _asker(org_id="o2")]
    minted = {tokens.mint(x)[0] for x in [p, *others]}
    assert len(minted) == len(others) + 1
    assert tokens.verify(tokens.mint(others[0])[0]).groups == ("hr",)
    short, long_ = tokens.mint(p, ttl_s=60), tokens.mint(p, ttl_s=3600)
    assert short[1] < long_[1] and short[0] != long_[0]
    assert jwt.decode(short[0], options={"verify_signature": False})["exp"] == short[1]


def test_a_principal_without_verified_at_is_signed_with_a_lifetime_from_now() -> None:
    tokens = InternalTokens("s" * 32, "conversation", ttl_s=300)
    p = _asker(verified_at=0.0)
    before = int(time.time())
    _, exp = tokens.mint(p)
    assert before + 300 <= exp <= int(time.time()) + 300
    assert not tokens._minted  # nothing kept: its expiry moves with the clock


def test_the_kept_tokens_are_bounded() -> None:
    tokens = InternalTokens("s" * 32, "conversation")
    for i in range(MINTED_CACHE_MAX + 5):
        tokens.mint(_asker(user_id=f"u{i}"))
    assert len(tokens._minted) <= MINTED_CACHE_MAX


def test_an_unhashable_principal_is_still_signed() -> None:
    tokens = InternalTokens("s" * 32, "conversation")
    p = _asker(groups=["sales"])
    assert tokens.verify(tokens.mint(p)[0]).groups == ("sales",)
