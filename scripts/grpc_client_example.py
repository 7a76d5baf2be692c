"""Call the services directly over gRPC with the generated dot.v1 stubs, as an internal client does.

    python scripts/grpc_client_example.py --token dot-... [--auth 127.0.0.1:50151]
        [--knowledge 127.0.0.1:50153] [--sql "SELECT COUNT(*) FROM customers"] [--connection demo]

The API token travels in ``authorization`` metadata (as ``Authorization: Bearer`` does over HTTP).
Every service verifies it itself and applies the token user's role and groups.
Exit code 0 on success; 1 with ``error: <STATUS>: <detail>`` on stderr when an RPC is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import grpc

from dot.v1 import auth_pb2, auth_pb2_grpc, knowledge_pb2, knowledge_pb2_grpc
from services.common import values


def run(token: str, auth_addr: str, knowledge_addr: str, sql: str | None, connection: str = "demo") -> None:
    metadata = [("authorization", f"Bearer {token}")]
    with grpc.insecure_channel(auth_addr) as channel:
        me = auth_pb2_grpc.AuthServiceStub(channel).GetMe(auth_pb2.GetMeRequest(), metadata=metadata, timeout=10)
    print(f"signed in as {me.email} (role {me.role}; groups {', '.join(me.groups)})")
    with grpc.insecure_channel(knowledge_addr) as channel:
        knowledge = knowledge_pb2_grpc.KnowledgeServiceStub(channel)
        tables = knowledge.ListTables(knowledge_pb2.ListTablesRequest(lite=True), metadata=metadata, timeout=60)
        for table in tables.tables:
            print(f"table {table.id} ({table.column_count} columns, groups {', '.join(table.groups)})")
        if sql:
            r = knowledge.ExecuteQuery(knowledge_pb2.ExecuteQueryRequest(connection_id=connection, sql=sql,
                                                                         max_rows=20), metadata=metadata, timeout=60)
            print(f"query: {r.sql}")
            for c in r.columns:  # typed columns: ints, doubles, strings or bools by c.kind; null_rows apart
                print(f"column {c.name}: {knowledge_pb2.ColumnKind.Name(c.kind)}")
            print(json.dumps({"columns": [c.name for c in r.columns],
                              "rows": values.decode_columns(r.columns, r.row_count)}))


def _detail(details: str) -> str:
    """Services send ``{"code", "detail"}`` JSON as the status details."""
    try:
        return str(json.loads(details)["detail"])
    except (ValueError, KeyError, TypeError):
        return details


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--token", default=os.environ.get("DOT_API_TOKEN"), help="API token (or DOT_API_TOKEN)")
    ap.add_argument("--auth", default=os.environ.get("DOT_AUTH_ADDR", "127.0.0.1:50151"))
    ap.add_argument("--knowledge", default=os.environ.get("DOT_KNOWLEDGE_ADDR", "127.0.0.1:50153"))
    ap.add_argument("--sql", help="a read-only query")
    ap.add_argument("--connection", default="demo", help="the connection the query runs on (default: demo)")
    args = ap.parse_args(argv)
    if not args.token:
        ap.error("an API token is required: --token dot-... or DOT_API_TOKEN")
    try:
        run(args.token, args.auth, args.knowledge, args.sql, args.connection)
    except grpc.RpcError as exc:
        print(f"error: {exc.code().name}: {_detail(exc.details() or '')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
