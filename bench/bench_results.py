"""Query results over the contract: typed columns (``ExecuteQueryResponse``) against Arrow IPC bytes
and against the JSON text the contract carried before, for a large result.

Each way is measured end to end as the services use it: from the warehouse's Python rows in the
knowledge servicer (normalise, encode, serialise) to Python rows in the conversation service's
toolbox (parse, decode). The JSON baseline is measured in the same run, in alternating rounds. Arrow needs pyarrow, which
is not a dependency of the project; without it that line is skipped.

    .venv/bin/python -m bench.bench_results [--rows 100000 --repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Callable
from typing import Any

from bench.common import median, section
from dot.v1 import knowledge_pb2
from services.common import values

COLUMNS = ("id", "customer", "amount", "ordered_at", "discount", "paid")


def sample_rows(n: int) -> list[tuple[Any, ...]]:
    """An orders-like result: int, text, float, date, a nullable float and a bool per row."""
    rnd = random.Random(7)
    day = dt.date(2024, 1, 1)
    return [(i, f"customer {rnd.randrange(5000)}", round(rnd.uniform(1, 5000), 2), day + dt.timedelta(days=i % 700),
             None if i % 5 == 0 else round(rnd.random(), 3), i % 3 == 0) for i in range(n)]


def via_typed_columns(rows: list[tuple[Any, ...]]) -> tuple[int, list[tuple[Any, ...]]]:
    wire = knowledge_pb2.ExecuteQueryResponse(columns=values.encode_columns(COLUMNS, rows),
                                              row_count=len(rows)).SerializeToString()
    r = knowledge_pb2.ExecuteQueryResponse.FromString(wire)
    return len(wire), values.decode_columns(r.columns, r.row_count)


def via_json(rows: list[tuple[Any, ...]]) -> tuple[int, list[tuple[Any, ...]]]:
    """The contract before: rows as one JSON text (``rows_json``)."""
    text = json.dumps([[values.plain(v) for v in r] for r in rows])
    wire = knowledge_pb2.ExecuteQueryResponse(sql=text).SerializeToString()  # a string field of the same size
    back = knowledge_pb2.ExecuteQueryResponse.FromString(wire)
    return len(wire), [tuple(r) for r in json.loads(back.sql)]


def via_arrow(rows: list[tuple[Any, ...]]) -> tuple[int, list[tuple[Any, ...]]]:
    import pyarrow as pa

    cols = list(zip(*[[values.plain(v) for v in r] for r in rows], strict=True))
    table = pa.table({name: pa.array(list(c)) for name, c in zip(COLUMNS, cols, strict=True)})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    wire = sink.getvalue().to_pybytes()
    back = pa.ipc.open_stream(wire).read_all()
    data = back.to_pydict()
    return len(wire), list(zip(*(data[c] for c in COLUMNS), strict=True))


def measure(ways: dict[str, Callable[[list[tuple[Any, ...]]], tuple[int, list[tuple[Any, ...]]]]],
            rows: list[tuple[Any, ...]], repeat: int) -> dict[str, dict[str, float]]:
    """Rounds alternate the ways, so load from other work on the machine hits each alike; medians."""
    expected = [tuple(values.plain(v) for v in r) for r in rows]
    times: dict[str, list[float]] = {name: [] for name in ways}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for name, fn in ways.items():
            t0 = time.perf_counter()
            sizes[name], out = fn(rows)
            times[name].append(time.perf_counter() - t0)
            assert out == expected, f"{name}: the round trip changed the values"
    return {name: {"ms": round(median(ts) * 1000, 1), "mb": round(sizes[name] / 1e6, 2)} for name, ts in times.items()}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    section(f"query results over the contract ({a.rows:,} rows x {len(COLUMNS)} columns, median of {a.repeat})")
    rows = sample_rows(a.rows)
    ways = {"json": via_json, "typed_columns": via_typed_columns, "arrow_ipc": via_arrow}
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        del ways["arrow_ipc"]
    out: dict[str, Any] = {"rows": a.rows, "arrow_ipc": None, **measure(ways, rows, a.repeat)}
    base = out["json"]["ms"]
    for name in ("json", "typed_columns", "arrow_ipc"):
        r = out[name]
        if r is None:
            print(f"  {name:14s} skipped (pyarrow is not installed)")
            continue
        print(f"  {name:14s} {r['ms']:8.1f} ms  {r['mb']:7.2f} MB on the wire  {r['ms'] / base:5.2f}x the JSON text")
    return out


if __name__ == "__main__":
    main()
