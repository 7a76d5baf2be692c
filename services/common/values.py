"""Python values <-> the contracts' typed values (``dot.v1.Value``, result columns).

One place for both sides of a boundary: servicers encode what domain code returns, the gateway and
internal clients decode it. Warehouse values are normalised the way Dot's JSON showed them
(decimals as integers or floats, dates and times as ISO strings, binary as hex).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dot.v1 import common_pb2, knowledge_pb2

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
K = knowledge_pb2


def plain(v: Any) -> Any:
    """A warehouse value as a JSON scalar (None, bool, int, float or str)."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 2**53 else float(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return str(v)


def to_value(v: Any) -> common_pb2.Value:
    """Any JSON-shaped Python value (warehouse scalars normalised) as a ``Value``."""
    if isinstance(v, Mapping):
        return common_pb2.Value(map_value=common_pb2.ValueMap(fields={str(k): to_value(x) for k, x in v.items()}))
    if isinstance(v, (list, tuple)):
        return common_pb2.Value(list_value=common_pb2.ValueList(values=[to_value(x) for x in v]))
    v = plain(v)
    if v is None:
        return common_pb2.Value()
    if isinstance(v, bool):
        return common_pb2.Value(bool_value=v)
    if isinstance(v, int):
        return common_pb2.Value(int_value=v) if INT64_MIN <= v <= INT64_MAX else common_pb2.Value(double_value=float(v))
    if isinstance(v, float):
        return common_pb2.Value(double_value=v)
    return common_pb2.Value(string_value=v)


def from_value(v: common_pb2.Value) -> Any:
    kind = v.WhichOneof("kind")
    if kind is None:
        return None
    if kind == "list_value":
        return [from_value(x) for x in v.list_value.values]
    if kind == "map_value":
        return {k: from_value(x) for k, x in v.map_value.fields.items()}
    return getattr(v, kind)


def to_fields(d: Mapping[str, Any]) -> dict[str, common_pb2.Value]:
    return {str(k): to_value(v) for k, v in d.items()}


def from_fields(m: Mapping[str, common_pb2.Value]) -> dict[str, Any]:
    return {k: from_value(v) for k, v in sorted(m.items())}


def to_rows(rows: Iterable[Iterable[Any]]) -> list[common_pb2.ValueList]:
    """Rows of values (an evaluation's expected rows) as typed ``ValueList`` rows."""
    return [common_pb2.ValueList(values=[to_value(v) for v in row]) for row in rows]


def from_rows(rows: Iterable[common_pb2.ValueList]) -> list[list[Any]]:
    return [[from_value(v) for v in row.values] for row in rows]


# ---- query results: typed columns ------------------------------------------------------

def _kind_of(v: Any) -> int:
    if isinstance(v, bool):
        return K.COLUMN_KIND_BOOL
    if isinstance(v, int):
        return K.COLUMN_KIND_INT
    return K.COLUMN_KIND_DOUBLE if isinstance(v, float) else K.COLUMN_KIND_STRING


_PLACEHOLDER = {K.COLUMN_KIND_BOOL: False, K.COLUMN_KIND_INT: 0, K.COLUMN_KIND_DOUBLE: 0.0, K.COLUMN_KIND_STRING: ""}
_ARRAY = {K.COLUMN_KIND_BOOL: "bools", K.COLUMN_KIND_INT: "ints", K.COLUMN_KIND_DOUBLE: "doubles",
          K.COLUMN_KIND_STRING: "strings"}


def encode_columns(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[knowledge_pb2.ResultColumn]:
    """Rows from a warehouse as typed columns (one array per column, nulls listed apart)."""
    out = []
    for i, name in enumerate(names):
        values = [plain(r[i]) for r in rows]
        nulls = [n for n, v in enumerate(values) if v is None]
        kinds = {_kind_of(v) for v in values if v is not None}
        if len(kinds) == 1 and K.COLUMN_KIND_INT in kinds and not all(
                INT64_MIN <= v <= INT64_MAX for v in values if v is not None):
            kinds = {K.COLUMN_KIND_MIXED}  # an integer beyond int64 keeps its value as a double
        kind = kinds.pop() if len(kinds) == 1 else K.COLUMN_KIND_MIXED if kinds else K.COLUMN_KIND_UNSPECIFIED
        col = K.ResultColumn(name=name, kind=kind, null_rows=nulls)
        if kind == K.COLUMN_KIND_MIXED:
            col.values.extend(to_value(v) for v in values)
        elif kind != K.COLUMN_KIND_UNSPECIFIED:
            filler = _PLACEHOLDER[kind]
            getattr(col, _ARRAY[kind]).extend(filler if v is None else v for v in values)
        out.append(col)
    return out


def decode_columns(columns: Iterable[knowledge_pb2.ResultColumn], row_count: int) -> list[tuple[Any, ...]]:
    """Typed columns back to rows of Python values."""
    cols: list[list[Any]] = []
    for c in columns:
        if c.kind == K.COLUMN_KIND_MIXED:
            vals = [from_value(v) for v in c.values]
        elif c.kind == K.COLUMN_KIND_UNSPECIFIED:
            vals = [None] * row_count
        else:
            vals = list(getattr(c, _ARRAY[c.kind]))
            for n in c.null_rows:
                vals[n] = None
        cols.append(vals)
    return list(zip(*cols, strict=True)) if cols else [() for _ in range(row_count)]
