"""Resource bounds against hostile input, on the real running stack: result bytes in the knowledge
service (issue 10/11 item 2). Memory is read from /proc (peak RSS, VmHWM) of the real process."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from dot.v1 import knowledge_pb2, knowledge_pb2_grpc
from services.common.config import SERVICE_NAMES
from tests.support.stack import Stack

MB = 1024 * 1024


def rss(stack: Stack, service: str) -> tuple[int, int]:
    """(current, peak) resident set size of one service process, in bytes."""
    status = Path(f"/proc/{stack.procs[SERVICE_NAMES.index(service)].pid}/status").read_text()
    fields = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in status.splitlines()
              if line.startswith(("VmRSS", "VmHWM"))}
    return fields["VmRSS"], fields["VmHWM"]


@pytest.fixture(scope="module")
def member(stack: Stack) -> tuple[str, str]:
    return stack.create_user("user")


@pytest.fixture
async def knowledge(stack: Stack) -> AsyncIterator[knowledge_pb2_grpc.KnowledgeServiceStub]:
    async with grpc.aio.insecure_channel(stack.settings.address("knowledge")) as channel:
        yield knowledge_pb2_grpc.KnowledgeServiceStub(channel)


async def test_wide_rows_are_refused_as_too_large_before_they_fill_memory(
        stack: Stack, member: tuple[str, str], knowledge: knowledge_pb2_grpc.KnowledgeServiceStub) -> None:
    md = (("authorization", f"Bearer {member[1]}"),)
    ok = await knowledge.ExecuteQuery(knowledge_pb2.QueryRequest(sql="SELECT COUNT(*) AS n FROM order_lines"),
                                      metadata=md, timeout=60)
    assert json.loads(ok.rows_json)[0][0] >= 1500
    _, peak_before = rss(stack, "knowledge")
    with pytest.raises(grpc.aio.AioRpcError) as err:  # 1,500 rows x 200 kB = 300 MB of values
        await knowledge.ExecuteQuery(knowledge_pb2.QueryRequest(
            sql="SELECT printf('%.*c', 200000, 'x') AS w FROM order_lines LIMIT 1500"), metadata=md, timeout=60)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "result too large" in json.loads(err.value.details())["detail"]
    with pytest.raises(grpc.aio.AioRpcError) as err:  # one value over the per-value budget
        await knowledge.ExecuteQuery(knowledge_pb2.QueryRequest(
            sql="SELECT printf('%.*c', 5000000, 'x') AS w FROM order_lines LIMIT 1"), metadata=md, timeout=60)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "column 'w'" in json.loads(err.value.details())["detail"]
    _, peak_after = rss(stack, "knowledge")
    print(f"knowledge peak RSS {peak_before / MB:.0f} MB -> {peak_after / MB:.0f} MB")
    assert peak_after - peak_before < 150 * MB  # was +1,075 MB before the byte budget
    # the service and its pooled connection are fine afterwards
    again = await knowledge.ExecuteQuery(knowledge_pb2.QueryRequest(sql="SELECT COUNT(*) AS n FROM order_lines"),
                                         metadata=md, timeout=60)
    assert again.rows_json == ok.rows_json

