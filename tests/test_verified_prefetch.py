"""The org's approved verified queries are read while a question is routed (``approved_by_connection``),
not after its connection is known: each connection's list is what ``approved`` reads for it, and an
answer that uses the early read gives what reading after routing gives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from services.common.principal import Principal
from services.common.store import open_store
from services.conversation import tables
from services.conversation.engine.types import AnalystAnswer, AnswerPart, QueryResult
from services.conversation.verified import VerifiedQueries, WithVerifiedQueries

MOD = Principal(user_id="u-mod", org_id="org1", role="modeler", groups=("all_users",), email="mod@x.io")
OTHER = Principal(user_id="u-o", org_id="org2", role="modeler", groups=("all_users",), email="o@y.io")


@pytest.fixture
async def verified(tmp_path: Path) -> AsyncIterator[VerifiedQueries]:
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", tables.metadata, history="conversation")
    v = VerifiedQueries(store)
    try:
        yield v
    finally:
        await store.dispose()


class _Inner:
    """The engine behind the verified queries: says which examples it was given."""

    async def answer(self, question: str, *, toolbox: Any, history: Any, state: dict[str, Any], mode: Any,
                     deep: bool) -> AnalystAnswer:
        examples = [e["question"] for e in state.get("verified_examples", state.get("examples", []))]
        return AnalystAnswer(parts=[AnswerPart(kind="text", text=f"inner: {sorted(state)} {examples}")],
                             understood=True, state={})


class _Toolbox:
    def __init__(self, cid: str, approved_queries: Any = None) -> None:
        self.org_id, self.connection_id, self.approved_queries = "org1", cid, approved_queries
        self.sql: list[str] = []

    async def schema(self) -> None:
        return None

    async def run_sql(self, sql: str) -> QueryResult:
        self.sql.append(sql)
        return QueryResult(sql=sql, columns=("n",), rows=((3,),))


async def test_each_connections_list_is_what_approved_reads(verified: VerifiedQueries) -> None:
    a1 = await verified.add(MOD, "shop", "How many orders?", "SELECT COUNT(*) FROM orders")
    a2 = await verified.add(MOD, "shop", "Revenue per region", "SELECT region, SUM(amount) FROM orders GROUP BY 1")
    b1 = await verified.add(MOD, "crm", "How many leads?", "SELECT COUNT(*) FROM leads")
    await verified.review(MOD, a2.id, "rejected")  # no longer approved: in neither read
    await verified.add(OTHER, "shop", "How many orders?", "SELECT 1")  # another org: never read for org1
    early = await verified.approved_by_connection("org1")
    assert sorted(early) == ["crm", "shop"]
    for cid in ("shop", "crm", "nowhere"):
        assert early.get(cid, []) == await verified.approved("org1", cid)
    assert [v.id for v in early["shop"]] == [a1.id] and [v.id for v in early["crm"]] == [b1.id]


async def test_an_answer_from_the_early_read_equals_one_read_after_routing(verified: VerifiedQueries) -> None:
    await verified.add(MOD, "shop", "How many orders?", "SELECT COUNT(*) FROM orders")
    engine = WithVerifiedQueries(_Inner(), verified)  # type: ignore[arg-type]
    ran = []
    for question in ("how many orders", "how many orders per month"):
        early = verified.approved_by_connection("org1")
        with_early, late = _Toolbox("shop", early), _Toolbox("shop")
        got = [await engine.answer(question, toolbox=tb, history=[], state={}, mode="balanced", deep=False)
               for tb in (with_early, late)]
        assert [(p.kind, p.text) for p in got[0].parts] == [(p.kind, p.text) for p in got[1].parts]
        assert with_early.sql == late.sql
        ran.append(with_early.sql)
    assert ran == [["SELECT COUNT(*) FROM orders"], []]  # the verified query answers the first question only
