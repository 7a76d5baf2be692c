"""What the knowledge capability tests share: the org's admin and a bare knowledge store, so each test module builds
only the capabilities it needs over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from services.common.principal import Principal
from services.common.store import Store, open_store
from services.knowledge import tables

ORG = "org1"
ADMIN = Principal(user_id="u-admin", org_id=ORG, role="admin", groups=("all_users",), email="a@x.io")


def store_fixture() -> Any:
    """``store = store_fixture()`` at a test module's top: the fixture ``store``, a migrated knowledge store in the
    test's own folder, disposed after the test."""

    @pytest.fixture(name="store")
    async def _store(tmp_path: Path) -> AsyncIterator[Store]:
        s = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'knowledge.db'}", tables.metadata, history="knowledge")
        try:
            yield s
        finally:
            await s.engine.dispose()

    return _store
