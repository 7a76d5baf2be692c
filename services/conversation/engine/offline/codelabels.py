"""Option-set codes labelled in one shared code-label table.

Many applications store a status, type or priority as a number and keep the words for each number in one generic
table keyed by the table and column the code belongs to: Dynamics 365 / Dataverse's ``stringmap`` (objecttypecode,
attributename, attributevalue, value), a legacy ERP's ``code_descriptions`` (table_name, column_name, code,
description), a ``lookup_values`` (field, code, label). No key joins a coded column to its labels, so a question that
says the label ('active leases', 'high priority cases', 'by industry') finds the words only in that table.

This module finds such a table from the catalog alone (its sampled values name the schema's own tables and
columns), reads its rows once per schema, and gives each coded column its labels; the index then reads the column as
those labels (a ``CASE`` over the code, ``sqlgen``), and leaves the label table itself out of the readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from services.common.column_roles import FLAG_VALUES, flag_like_name

from ..types import Column, Schema, Table
from .abbrev import abbreviates_name

MAX_LABEL_ROWS = 20000  # a code-label table is metadata: a few thousand rows at most
LABEL_WORDS = ("label", "value", "name", "description", "desc", "text", "display", "caption", "meaning")
CODE_WORDS = ("value", "code", "key", "option", "number", "num")
NOT_CODE_WORDS = ("order", "sort", "seq", "lang", "locale", "display", "position", "rank")


@dataclass(frozen=True)
class LabelTable:
    """The columns of a code-label table: ``entity`` names the table a code belongs to ('' when the attribute alone
    names the column), ``attribute`` the column, ``code`` the stored code, ``label`` its words."""

    table: str
    entity: str
    attribute: str
    code: str
    label: str


def _own_key(t: Table, c: Any) -> bool:
    """The table's single-column key (a row id), not a part of a composite key such as (table, column, code)."""
    return c.is_primary_key and sum(x.is_primary_key for x in t.columns) == 1


def _complete_text(t: Table) -> list[Any]:
    return [c for c in t.columns if c.values_complete and c.sample_values and not _own_key(t, c)
            and all(isinstance(v, str) for v in c.sample_values)]


def norm(name: Any) -> str:
    """A name with case and separators ignored ('MonthlyPayment', 'monthly_payment', 'monthlypayment'): a label
    table written by one layer of an application names columns another layer may spell differently."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _named(items: list[Any], name: Any) -> Any:
    """The one table or column of ``items`` the label table's ``name`` means: spelled the same up to case and
    separators, else the only one spelling it with words abbreviated ('Acct' for 'account', 'Cr5F3Cat' for
    'cr5f3_category'); None when none or several do."""
    same = [x for x in items if norm(x.name) == norm(name)]
    if same:
        return same[0]
    short = [x for x in items if abbreviates_name(x.name, str(name))]
    return short[0] if len(short) == 1 else None


def _named_share(values: tuple[Any, ...], names: dict[str, Any]) -> tuple[int, float]:
    hits = sum(1 for v in values if _name_of(names, v) is not None)
    return hits, hits / max(1, len(values))


def _name_of(names: dict[str, Any], value: Any) -> Any:
    """The table or column of ``names`` (normalised name -> it) a label table's value names, as ``_named``."""
    if norm(value) in names:
        return names[norm(value)]
    if not isinstance(value, str) or not value:
        return None
    return _named(list(names.values()), value)


def find_label_table(schema: Schema) -> LabelTable | None:
    """The one table whose rows label other tables' coded columns, judged from sampled values: a column whose values
    are (mostly) the schema's table names, another whose values are column names of those tables, a label column
    and a code column. None when no table or more than one looks like that."""
    tables = {norm(t.name): t for t in schema.tables}
    found: list[LabelTable] = []
    for t in schema.tables:
        texts = _complete_text(t)
        others = {n: x for n, x in tables.items() if n != norm(t.name)}
        entity = None
        for c in texts:
            hits, share = _named_share(c.sample_values, others)
            if hits >= 2 and share >= 0.5:
                entity = c
                break
        named = [x for v in (entity.sample_values if entity else ()) if (x := _name_of(others, v)) is not None]
        columns = {norm(col.name): col for x in (named or others.values()) for col in x.columns}
        attribute = None
        for c in texts:
            if c is entity:
                continue
            hits, share = _named_share(c.sample_values, columns)
            if hits >= (2 if entity else 3) and share >= 0.5:
                attribute = c
                break
        if attribute is None:
            continue
        rest = [c for c in t.columns if c not in (entity, attribute) and not _own_key(t, c)]
        labels = [c for c in rest if _is_text(c.type) and any(w in c.name.lower() for w in LABEL_WORDS)]
        labels = labels or [c for c in rest if _is_text(c.type)]
        if not labels:
            continue
        label = labels[0]
        codes = [c for c in rest if c is not label and not any(w in c.name.lower() for w in NOT_CODE_WORDS)]
        named_codes = [c for c in codes if any(w in c.name.lower() for w in CODE_WORDS)]
        codes = named_codes or codes
        if len(codes) != 1:
            continue
        found.append(LabelTable(t.name, entity.name if entity else "", attribute.name, codes[0].name, label.name))
    return found[0] if len(found) == 1 else None


def _is_text(sql_type: str) -> bool:
    s = sql_type.lower()
    return s == "" or any(h in s for h in ("char", "text", "clob", "string"))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def label_sql(lt: LabelTable) -> str:
    """The one read of the label table (portable SQL: quoted names, a row cap)."""
    cols = [lt.entity or lt.attribute, lt.attribute, lt.code, lt.label]
    return (f"SELECT {', '.join(_quote(c) for c in cols)} FROM {_quote(lt.table)} "
            f"WHERE {_quote(lt.code)} IS NOT NULL AND {_quote(lt.label)} IS NOT NULL LIMIT {MAX_LABEL_ROWS}")


def label_map(schema: Schema, lt: LabelTable, rows: list[tuple[Any, ...]]
              ) -> dict[tuple[str, str], tuple[tuple[Any, str], ...]]:
    """(table, column) -> ((code, label), ...) in the label table's order, for columns that exist, are neither keys
    nor references, and whose labels say more than yes/no (a 0/1 column labelled Yes/No stays a flag)."""
    tables = [t for t in schema.tables if t.name != lt.table]
    pairs: dict[tuple[str, str], dict[Any, str]] = {}
    for ent, attr, code, label in rows:
        targets = [_named(tables, ent)] if lt.entity else tables
        for t in targets:
            if t is None:
                continue
            col = _named(t.columns, attr)
            if col is None or col.is_primary_key or any(fk.column.lower() == col.name.lower() for fk in t.foreign_keys):
                continue
            code_v: Any = code
            if not _is_text(col.type) and isinstance(code, str):
                try:
                    code_v = int(code) if code.strip().lstrip("-").isdigit() else float(code)
                except ValueError:
                    continue
            pairs.setdefault((t.name, col.name), {}).setdefault(code_v, str(label))
    out: dict[tuple[str, str], tuple[tuple[Any, str], ...]] = {}
    for key, m in pairs.items():
        if is_yes_no(key[1], m):
            continue
        if len(set(m.values())) != len(m):
            continue  # two codes, one label: the label cannot stand for one code
        out[key] = tuple(m.items())
    return out


def is_yes_no(column: str, labels: dict[Any, str]) -> bool:
    """A 0/1 column whose labels only say yes or no (or whose name states a yes/no), read as a flag, not as words."""
    if not set(labels) <= {0, 1, "0", "1"}:
        return False
    return {v.strip().lower() for v in labels.values()} <= FLAG_VALUES or flag_like_name(column)


def yes_no_columns(schema: Schema, lt: LabelTable, rows: list[tuple[Any, ...]]) -> set[tuple[str, str]]:
    """The 0/1 columns the label table labels yes/no: flags, even when their names do not say so."""
    tables = [t for t in schema.tables if t.name != lt.table]
    seen: dict[tuple[str, str], dict[Any, str]] = {}
    for ent, attr, code, label in rows:
        for t in ([_named(tables, ent)] if lt.entity else tables):
            col = _named(t.columns, attr) if t else None
            if t is not None and col is not None:
                seen.setdefault((t.name, col.name), {})[code] = str(label)
    return {k for k, m in seen.items() if is_yes_no(k[1], m)}


@dataclass(frozen=True)
class Labels:
    """What one code-label table says of a schema: its name (left out of the readings), the labelled columns'
    (code, label) pairs and the 0/1 columns it labels yes/no."""

    table: str
    codes: dict[tuple[str, str], tuple[tuple[Any, str], ...]]
    flags: frozenset[tuple[str, str]] = frozenset()

    def column(self, table: str, col: Column) -> Column:
        """``col`` as the index should see it: a labelled column holds its labels (all of them known), a yes/no
        column holds 0 and 1."""
        pairs = self.codes.get((table, col.name))
        if pairs:
            words = tuple(label for _, label in pairs)
            return replace(col, sample_values=words, values_complete=True, distinct_count=len(set(words)))
        if (table, col.name) in self.flags:
            return replace(col, sample_values=("0", "1"), values_complete=True, distinct_count=2)
        return col


def read_labels(schema: Schema, lt: LabelTable, rows: list[tuple[Any, ...]]) -> Labels:
    return Labels(lt.table, label_map(schema, lt, rows), frozenset(yes_no_columns(schema, lt, rows)))
