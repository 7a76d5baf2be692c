"""Compare two catalog snapshots: what a re-sync added, changed and removed.

Only warehouse-derived facts count as changes: column type, nullability, warehouse
comment, keys, the table's kind and comment, and the low-cardinality value SET of a column.
Row estimates, example values of high-cardinality columns (their order and choice vary
between reads), ordinals and data-version markers are ignored, so an unchanged warehouse
always diffs to zero. ``table_fingerprint`` hashes exactly those facts so a store can skip
unchanged tables without comparing field by field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from services.knowledge.introspect import CatalogSnapshot, ColumnSnap, TableKey, TableSnap

COLUMN_FIELDS = ("type", "nullable", "comment", "values")
TABLE_FIELDS = ("kind", "comment", "primary_key", "foreign_keys")


@dataclass(frozen=True, slots=True)
class ColumnChange:
    """One changed column and the names of the fields that differ (see COLUMN_FIELDS)."""

    schema: str
    table: str
    column: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableChange:
    """A table present in both snapshots whose warehouse-derived facts differ."""

    schema: str
    table: str
    fields: tuple[str, ...]  # table-level fields that differ (see TABLE_FIELDS)
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    columns_changed: tuple[ColumnChange, ...] = ()


@dataclass(slots=True)
class CatalogDiff:
    """What changed between two reads. Column lists include columns of added/removed tables."""

    tables_added: list[TableKey] = field(default_factory=list)
    tables_removed: list[TableKey] = field(default_factory=list)
    tables_changed: list[TableChange] = field(default_factory=list)
    tables_unchanged: int = 0
    columns_added: list[tuple[str, str, str]] = field(default_factory=list)
    columns_removed: list[tuple[str, str, str]] = field(default_factory=list)
    columns_changed: list[ColumnChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.tables_added or self.tables_removed or self.tables_changed)

    def counts(self) -> dict[str, int]:
        """Summary numbers for a sync report."""
        return {
            "tables_added": len(self.tables_added),
            "tables_changed": len(self.tables_changed),
            "tables_removed": len(self.tables_removed),
            "tables_unchanged": self.tables_unchanged,
            "columns_added": len(self.columns_added),
            "columns_changed": len(self.columns_changed),
            "columns_removed": len(self.columns_removed),
        }


def diff_catalog(old: CatalogSnapshot, new: CatalogSnapshot) -> CatalogDiff:
    """Tables and columns added/changed/removed from ``old`` to ``new`` (keys are exact)."""
    before = {t.key: t for t in old.tables}
    after = {t.key: t for t in new.tables}
    diff = CatalogDiff()
    for key in sorted(after.keys() - before.keys()):
        diff.tables_added.append(key)
        diff.columns_added.extend((key[0], key[1], c.name) for c in after[key].columns)
    for key in sorted(before.keys() - after.keys()):
        diff.tables_removed.append(key)
        diff.columns_removed.extend((key[0], key[1], c.name) for c in before[key].columns)
    for key in sorted(before.keys() & after.keys()):
        change = diff_table(before[key], after[key])
        if change is None:
            diff.tables_unchanged += 1
            continue
        diff.tables_changed.append(change)
        diff.columns_added.extend((key[0], key[1], c) for c in change.columns_added)
        diff.columns_removed.extend((key[0], key[1], c) for c in change.columns_removed)
        diff.columns_changed.extend(change.columns_changed)
    return diff


def diff_table(old: TableSnap, new: TableSnap) -> TableChange | None:
    """None when the two reads of one table agree on every warehouse-derived fact."""
    a, b = _table_level(old), _table_level(new)
    if old.columns is new.columns and a == b:
        return None  # a re-sync shares unchanged tables' columns with the previous read
    if a == b and _columns_facts(old) == _columns_facts(new):
        return None
    fields = tuple(f for f in TABLE_FIELDS if a[f] != b[f])
    old_cols = {c.name: c for c in old.columns}
    new_cols = {c.name: c for c in new.columns}
    changed = []
    for name in sorted(old_cols.keys() & new_cols.keys()):
        x, y = _column_facts(old_cols[name]), _column_facts(new_cols[name])
        differing = tuple(f for f in COLUMN_FIELDS if x[f] != y[f])
        if differing:
            changed.append(ColumnChange(new.schema, new.name, name, differing))
    return TableChange(
        schema=new.schema,
        table=new.name,
        fields=fields,
        columns_added=tuple(c.name for c in new.columns if c.name not in old_cols),
        columns_removed=tuple(c.name for c in old.columns if c.name not in new_cols),
        columns_changed=tuple(changed),
    )


def table_fingerprint(table: TableSnap) -> str:
    """Stable hash (hex sha256) of a table's warehouse-derived facts."""
    blob = json.dumps(_table_facts(table), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _table_facts(t: TableSnap) -> dict[str, Any]:
    return {**_table_level(t), "columns": _columns_facts(t)}


def _table_level(t: TableSnap) -> dict[str, Any]:
    return {
        "kind": t.kind,
        "comment": t.comment or "",
        "primary_key": list(t.primary_key),
        "foreign_keys": sorted(
            [list(fk.columns), fk.ref_schema, fk.ref_table, list(fk.ref_columns)] for fk in t.foreign_keys
        ),
    }


def _columns_facts(t: TableSnap) -> dict[str, dict[str, Any]]:
    return {c.name: _column_facts(c) for c in t.columns}


def _column_facts(c: ColumnSnap) -> dict[str, Any]:
    # Only a complete value set is a fact; examples of a wide column are a random draw.
    values = sorted(c.sample_values) if c.values_complete else None
    return {"type": c.type, "nullable": bool(c.nullable), "comment": c.comment or "", "values": values}
