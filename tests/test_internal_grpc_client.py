"""Internal callers: the running stack's auth and knowledge services called through the dot.v1 stubs
with an API token in ``authorization`` metadata (no gateway), and the README's example script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import pytest

from dot.v1 import auth_pb2, auth_pb2_grpc, knowledge_pb2, knowledge_pb2_grpc
from services.common import values
from tests.support.stack import ADMIN_EMAIL, Stack

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scripts" / "grpc_client_example.py"
Code = grpc.StatusCode


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


Stubs = tuple[auth_pb2_grpc.AuthServiceStub, knowledge_pb2_grpc.KnowledgeServiceStub]


@pytest.fixture
async def stubs(stack: Stack) -> AsyncIterator[Stubs]:
    async with grpc.aio.insecure_channel(stack.settings.address("auth")) as a, \
            grpc.aio.insecure_channel(stack.settings.address("knowledge")) as k:
        yield auth_pb2_grpc.AuthServiceStub(a), knowledge_pb2_grpc.KnowledgeServiceStub(k)


@pytest.fixture(scope="module")
def member(stack: Stack) -> tuple[str, str]:
    return stack.create_user("user")


async def test_api_token_in_metadata_identifies_the_caller(stack: Stack, stubs: Stubs) -> None:
    auth, _ = stubs
    me = await auth.GetMe(auth_pb2.GetMeRequest(), metadata=bearer(stack.admin_token), timeout=10)
    assert (me.email, me.role, me.token_kind) == (ADMIN_EMAIL, "admin", "api")
    assert "all_users" in me.groups and me.org_id
    bare = await auth.GetMe(auth_pb2.GetMeRequest(), metadata=(("authorization", stack.admin_token),), timeout=10)
    assert bare.email == ADMIN_EMAIL  # "Bearer " is optional in metadata
    tokens = await auth.ListApiTokens(auth_pb2.ListApiTokensRequest(), metadata=bearer(stack.admin_token), timeout=10)
    assert tokens.tokens and all(t.id and t.name for t in tokens.tokens)


async def test_knowledge_service_verifies_the_token_and_applies_groups(stack: Stack, stubs: Stubs,
                                                                       member: tuple[str, str]) -> None:
    _, knowledge = stubs
    r = await knowledge.ListTables(knowledge_pb2.ListTablesRequest(lite=True), metadata=bearer(stack.admin_token),
                                   timeout=60)
    ids = {t.id for t in r.tables}
    assert {"demo.main.customers", "demo.main.orders"} <= ids
    q = await knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(connection_id="demo",
                                                                sql="SELECT COUNT(*) AS n FROM customers", max_rows=5),
                                     metadata=bearer(member[1]), timeout=60)
    assert [c.name for c in q.columns] == ["n"] and q.columns[0].kind == knowledge_pb2.COLUMN_KIND_INT
    assert q.columns[0].ints[0] > 0 and values.decode_columns(q.columns, q.row_count) == [(q.columns[0].ints[0],)]
    # The same user may not change the data model: the service itself refuses the role.
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await knowledge.AddDocToGroup(knowledge_pb2.AddDocToGroupRequest(doc_id="demo.main.customers", group="x"),
                                      metadata=bearer(member[1]), timeout=10)
    assert err.value.code() == Code.PERMISSION_DENIED


@pytest.mark.parametrize("service", ["auth", "knowledge"])
async def test_missing_bad_and_revoked_tokens_are_refused(stack: Stack, stubs: Stubs, member: tuple[str, str],
                                                          service: str) -> None:
    auth, knowledge = stubs
    token = stack.api_token(stack.login(member[0], "user-password-1"), f"grpc-{service}")

    def call(md: tuple[tuple[str, str], ...]):  # type: ignore[no-untyped-def]
        if service == "auth":
            return auth.GetMe(auth_pb2.GetMeRequest(), metadata=md, timeout=10)
        return knowledge.ListTables(knowledge_pb2.ListTablesRequest(lite=True), metadata=md, timeout=30)

    await call(bearer(token))
    for md in ((), bearer("dot-not.a.token"), bearer(token[:-2] + "xx"), (("authorization", "Bearer "),)):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await call(md)
        assert err.value.code() == Code.UNAUTHENTICATED
    listed = await auth.ListApiTokens(auth_pb2.ListApiTokensRequest(), metadata=bearer(token), timeout=10)
    tid = next(t.id for t in listed.tokens if t.name == f"grpc-{service}")
    await auth.RevokeApiToken(auth_pb2.RevokeApiTokenRequest(id=tid), metadata=bearer(token), timeout=10)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call(bearer(token))
    assert err.value.code() == Code.UNAUTHENTICATED
    assert "revoked" in json.loads(err.value.details())["detail"]
    # ... and the gateway agrees on the very next HTTP request.
    assert httpx.get(f"{stack.url}/api/auth/me", headers={"API-KEY": token}).status_code == 401


def _run_example(stack: Stack, token: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOT_API_TOKEN": token}  # not on the command line: argv is visible to `ps`
    return subprocess.run(
        [sys.executable, str(EXAMPLE), "--auth", stack.settings.address("auth"),
         "--knowledge", stack.settings.address("knowledge"), *extra],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_readme_example_script_runs_against_the_stack(stack: Stack) -> None:
    r = _run_example(stack, stack.admin_token, "--sql", "SELECT COUNT(*) AS n FROM regions")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"signed in as {ADMIN_EMAIL} (role admin")
    assert any(line.startswith("table demo.main.customers (") for line in lines)
    assert "column n: COLUMN_KIND_INT" in lines
    result = json.loads(lines[-1])
    assert result["columns"] == ["n"] and result["rows"][0][0] > 0


def test_readme_example_script_reports_a_refused_token(stack: Stack) -> None:
    r = _run_example(stack, "dot-bogus.token.value")
    assert r.returncode == 1
    assert r.stderr.startswith("error: UNAUTHENTICATED: ")
    assert "bogus" not in r.stderr  # the credential is not echoed back
