"""A job this process is still working on is never taken over by its own JobRunner, however late
its lease renewal is: a 20,000-table sync holds SQLite's write lock for longer than the lease, and
its own process used to start a second, concurrent sync of the same connection (issue 13)."""

from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa

from services.common.jobs import Jobs, jobs_table
from services.common.store import open_store


async def _expire(jobs: Jobs, job_id: str) -> None:
    """As if every renewal had failed: the lease ran out a while ago."""
    async with jobs.store.engine.begin() as c:
        await c.execute(jobs.t.update().where(jobs.t.c.id == job_id).values(lease_until=time.time() - 60))


async def test_a_held_job_is_not_taken_over_by_its_own_process(tmp_path: Path) -> None:
    metadata = sa.MetaData()
    table = jobs_table(metadata)
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'jobs.db'}", metadata,
                             [lambda conn: metadata.create_all(conn)])
    try:
        here = Jobs(store, table, owner="host-a:1:here", lease_s=30)
        other = Jobs(store, table, owner="host-b:2:other", lease_s=30)
        job = await here.start("sync", "org/wh", {"cid": "wh"})
        async with here.holding(job):
            await _expire(here, job.id)
            assert await here.claim_expired(["sync"]) is None  # still running here
            taken = await other.claim_expired(["sync"])  # a replica may take over a lease that ran out
            assert taken is not None and taken.id == job.id and taken.attempts == 2
        # once it is no longer held here, an expired job of a dead owner is claimed as before
        lone = await here.start("sync", "org/other", {"cid": "other"})
        await _expire(here, lone.id)
        claimed = await here.claim_expired(["sync"])
        assert claimed is not None and claimed.id == lone.id
    finally:
        await store.engine.dispose()
