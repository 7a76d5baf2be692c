"""Every service's store runs unchanged on PostgreSQL (asyncpg): only the URL differs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.admin import tables as admin_tables
from services.auth import tables as auth_tables
from services.auth.credentials import TokenCodec
from services.auth.domain import AuthDomain
from services.auth.invalidation import InvalidationHub
from services.common.store import create_all, open_store
from services.conversation import tables as conversation_tables
from services.knowledge import tables as knowledge_tables
from tests.support.databases import fresh_pg_database


@pytest.fixture()
def pg_url() -> Iterator[str]:
    with fresh_pg_database("dot_store") as url:
        yield url


@pytest.mark.parametrize("metadata", [auth_tables.metadata, admin_tables.metadata, knowledge_tables.metadata,
                                      conversation_tables.metadata], ids=["auth", "admin", "knowledge", "conversation"])
async def test_migrations_apply_once_on_postgres(pg_url: str, metadata) -> None:  # type: ignore[no-untyped-def]
    store = await open_store(pg_url, metadata, [create_all(metadata)])
    await store.dispose()
    store = await open_store(pg_url, metadata, [create_all(metadata)])  # second start: nothing to do
    async with store.engine.connect() as c:
        import sqlalchemy as sa

        assert (await c.execute(sa.text("SELECT count(*) FROM schema_version"))).scalar() == 1
    await store.dispose()


async def test_auth_domain_on_postgres(pg_url: str) -> None:
    store = await open_store(pg_url, auth_tables.metadata, [create_all(auth_tables.metadata)])
    try:
        d = AuthDomain(store, TokenCodec("k" * 40), InvalidationHub())
        assert await d.bootstrap("Org", "root@example.com", "root-password-1") is None
        token, _ = await d.login("root@example.com", "root-password-1")
        p = await d.verify(token)
        assert p.role == "admin" and list(p.groups) == ["all_users"]
        api, row = await d.create_api_token(p, "pg", "", 30)
        assert (await d.verify(api)).token_name == "pg"
        await d.revoke_api_token(p, row["id"])
        from services.common.errors import Unauthenticated

        with pytest.raises(Unauthenticated):
            await d.verify(api)
    finally:
        await store.dispose()


async def test_replicas_bootstrapping_together_create_one_org(pg_url: str) -> None:
    """Auth replicas started at once (make run-cluster) must not both create the org and its admin."""
    import asyncio

    import sqlalchemy as sa

    stores = [await open_store(pg_url, auth_tables.metadata, [create_all(auth_tables.metadata)]) for _ in range(4)]
    try:
        domains = [AuthDomain(s, TokenCodec("k" * 40), InvalidationHub()) for s in stores]
        results = await asyncio.gather(*(d.bootstrap("Org", "root@example.com", "root-password-1") for d in domains))
        assert results == [None] * 4  # no replica crashed on a second admin
        async with stores[0].engine.connect() as c:
            assert (await c.execute(sa.select(sa.func.count()).select_from(auth_tables.orgs))).scalar() == 1
            assert (await c.execute(sa.select(sa.func.count()).select_from(auth_tables.users))).scalar() == 1
    finally:
        for s in stores:
            await s.dispose()
