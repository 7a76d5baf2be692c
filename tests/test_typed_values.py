"""The contracts' typed values: warehouse rows <-> typed result columns, JSON-shaped values <-> Value."""

from __future__ import annotations

import datetime as dt
import decimal

from dot.v1 import knowledge_pb2
from services.common import values


def test_result_columns_keep_types_nulls_and_order() -> None:
    rows = [(1, "a", None, 1.5, True, decimal.Decimal("2.50"), dt.date(2024, 1, 2), b"\x01\xff", 7),
            (None, "b", None, 2, False, decimal.Decimal("3"), None, None, "x"),
            (3, None, None, -0.25, None, None, dt.datetime(2024, 1, 2, 3, 4, 5), b"", 2**70)]
    names = ["i", "s", "n", "f", "b", "d", "when", "blob", "mixed"]
    cols = values.encode_columns(names, rows)
    kinds = {c.name: knowledge_pb2.ColumnKind.Name(c.kind) for c in cols}
    assert kinds == {"i": "COLUMN_KIND_INT", "s": "COLUMN_KIND_STRING", "n": "COLUMN_KIND_UNSPECIFIED",
                     "f": "COLUMN_KIND_MIXED", "b": "COLUMN_KIND_BOOL", "d": "COLUMN_KIND_MIXED",
                     "when": "COLUMN_KIND_STRING", "blob": "COLUMN_KIND_STRING", "mixed": "COLUMN_KIND_MIXED"}
    assert list(cols[0].ints) == [1, 0, 3] and list(cols[0].null_rows) == [1]
    wire = knowledge_pb2.ExecuteQueryResponse(columns=cols, row_count=3).SerializeToString()
    back = knowledge_pb2.ExecuteQueryResponse.FromString(wire)
    assert values.decode_columns(back.columns, back.row_count) == [
        (1, "a", None, 1.5, True, 2.5, "2024-01-02", "01ff", 7),
        (None, "b", None, 2, False, 3, None, None, "x"),
        (3, None, None, -0.25, None, None, "2024-01-02T03:04:05", "", float(2**70)),
    ]


def test_empty_results_keep_their_columns() -> None:
    cols = values.encode_columns(["a", "b"], [])
    assert [c.name for c in cols] == ["a", "b"] and values.decode_columns(cols, 0) == []


def test_values_keep_integers_apart_from_floats_and_nest() -> None:
    doc = {"port": 5432, "ratio": 2.0, "ssl": True, "none": None, "tags": ["a", 1, 1.5],
           "nested": {"k": [None, {"x": "y"}]}}
    assert values.from_fields(values.to_fields(doc)) == doc
    assert isinstance(values.from_value(values.to_value(5432)), int)
    assert isinstance(values.from_value(values.to_value(2.0)), float)
