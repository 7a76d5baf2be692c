"""The catalog's search index: one portable inverted-index table (``search_terms``) kept in step
with the catalog at write time, so a search costs one indexed lookup per call instead of a
Python loop over every table's JSON on the event loop (issue 10). Works unchanged on SQLite and
PostgreSQL because it is plain Core over one table."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from services.knowledge import tables as t

WORD_RE = re.compile(r"[a-z0-9]+")
MAX_TERM = 100  # longer tokens are not indexed (no one searches for them)
MAX_VALUES_PER_COLUMN = 100
# Where a term was found; the weights are the ranking the search always had.
NAME, COLUMN, VALUE, DOC = "n", "c", "v", "d"
WEIGHTS = {NAME: 3.0, COLUMN: 1.5, VALUE: 1.0, DOC: 0.5}


def words(text: str) -> set[str]:
    out = set()
    for w in WORD_RE.findall(re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "").lower().replace("_", " ")):
        out.add(w)
        if len(w) > 3 and w.endswith("s"):
            out.add(w[:-1])
    return out


def row_terms(row: Mapping[str, Any], memo: dict[str, set[str]] | None = None) -> set[tuple[str, str]]:
    """(field, term) pairs of one catalog row: its name, column names, sample values and docs.
    ``memo`` caches the words of texts seen before (column names and values repeat across tables)."""
    memo = {} if memo is None else memo

    def ws(text: str) -> set[str]:
        got = memo.get(text)
        if got is None:
            got = memo[text] = words(text)
        return got

    snap = json.loads(row["snapshot_json"] or "{}")
    out = {(NAME, w) for w in words(row["name"])}
    for col in snap.get("columns", []):
        out.update((COLUMN, w) for w in ws(col["name"]))
        for v in col.get("sample_values", [])[:MAX_VALUES_PER_COLUMN]:
            out.update((VALUE, w) for w in ws(str(v)))
    doc = " ".join(filter(None, [row["description"] or "", snap.get("comment", ""), row["dbt_json"] or ""]))
    out |= {(DOC, w) for w in words(doc)}
    return {(f, w) for f, w in out if len(w) <= MAX_TERM}


def name_terms(row: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """The index terms of a catalog row's name and of its column names (what ``row_terms`` indexes
    under NAME and COLUMN)."""
    snap = json.loads(row["snapshot_json"] or "{}")
    names = {w for w in words(row["name"]) if len(w) <= MAX_TERM}
    columns = {w for col in snap.get("columns", []) for w in words(col["name"]) if len(w) <= MAX_TERM}
    return names, columns


_ROW_COLUMNS = (t.catalog_tables.c.org_id, t.catalog_tables.c.id, t.catalog_tables.c.name,
                t.catalog_tables.c.snapshot_json, t.catalog_tables.c.description, t.catalog_tables.c.dbt_json)


def reindex_statements(org: str, ids: Iterable[str]) -> tuple[sa.Select[Any], sa.Delete]:
    ids = list(ids)
    select = sa.select(*_ROW_COLUMNS).where(t.catalog_tables.c.org_id == org, t.catalog_tables.c.id.in_(ids))
    delete = t.search_terms.delete().where(t.search_terms.c.org_id == org, t.search_terms.c.table_id.in_(ids))
    return select, delete


def term_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [{"org_id": org, "term": w, "field": f, "table_id": tid} for org, w, f, tid in term_tuples(rows)]


def term_tuples(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(org_id, term, field, table_id) index rows of these catalog rows."""
    memo: dict[str, set[str]] = {}
    return [(r["org_id"], w, f, r["id"]) for r in rows for f, w in sorted(row_terms(r, memo))]


# Index rows go in through the driver's executemany: SQLAlchemy's per-row parameter processing
# was half the time of syncing 20,000 tables.
_PLACEHOLDERS = {"qmark": ("?",) * 4, "format": ("%s",) * 4, "pyformat": ("%s",) * 4,
                 "numeric": (":1", ":2", ":3", ":4"), "numeric_dollar": ("$1", "$2", "$3", "$4")}


async def _insert(conn: Any, values: list[tuple[str, str, str, str]]) -> None:
    marks = _PLACEHOLDERS.get(conn.dialect.paramstyle)
    if marks is None:
        await conn.execute(t.search_terms.insert(), [{"org_id": o, "term": w, "field": f, "table_id": i}
                                                     for o, w, f, i in values])
        return
    await conn.exec_driver_sql(f"INSERT INTO search_terms (org_id, term, field, table_id) "
                               f"VALUES ({', '.join(marks)})", values)


async def reindex(conn: Any, org: str, ids: Iterable[str]) -> None:
    """Rebuild the index entries of these tables inside the caller's (async) transaction; the
    terms of a big batch are computed in a worker thread, off the event loop."""
    ids = list(ids)
    for i in range(0, len(ids), 500):
        select, delete = reindex_statements(org, ids[i:i + 500])
        rows = (await conn.execute(select)).mappings().all()
        await conn.execute(delete)
        values = await asyncio.to_thread(term_tuples, rows) if len(rows) > 20 else term_tuples(rows)
        if values:
            await _insert(conn, values)


def backfill(conn: sa.Connection) -> None:
    """Migration step: index every catalog row already stored."""
    for r in conn.execute(sa.select(*_ROW_COLUMNS)).mappings().all():
        values = term_rows([r])
        if values:
            conn.execute(t.search_terms.insert(), values)


def ranking(*, groups: bool, hide_filtered_values: bool, connection: bool, with_assets: bool = False) -> sa.Select[Any]:
    """(table_id, score) of the live tables some terms match, best first (ties by id), at most ``limit``.

    A statement with bind parameters (``org``, ``terms``, ``limit``; ``groups`` and ``connection_id``
    when asked for), built once per shape by the caller and reused, so a search neither rebuilds
    nor re-keys it for SQLAlchemy's compiled cache. The store sums the field weights and keeps the
    best, so a term found in every table of a 20,000-table warehouse ("20": a column of each)
    costs one aggregate, not 20,000 rows brought into Python. ``groups`` limits it to tables
    sharing one (without: the service itself); ``hide_filtered_values`` leaves values of
    row-filtered tables unranked (askers who may not see every row); ``connection`` ranks inside
    one connection. ``with_assets`` adds a third column, the same on every row: whether the org holds any
    external asset (one probe of that table's (org_id, id) key), so a search whose tables matched needs no
    statement of its own to learn that an org without assets has none to rank."""
    st, ctab, conns, tg = t.search_terms, t.catalog_tables, t.connections, t.table_groups
    weight = sa.case(*((st.c.field == f, sa.literal_column(repr(w))) for f, w in WEIGHTS.items()),
                     else_=sa.literal_column("0.0"))
    q = sa.select(st.c.table_id, weight.label("weight")).select_from(
        st.join(ctab, sa.and_(ctab.c.org_id == st.c.org_id, ctab.c.id == st.c.table_id)).join(
            conns, sa.and_(conns.c.org_id == ctab.c.org_id, conns.c.id == ctab.c.connection_id))).where(
        st.c.org_id == sa.bindparam("org"), st.c.term.in_(sa.bindparam("terms", expanding=True)),
        ctab.c.archived.is_(False), conns.c.removed.is_(False))
    if connection:
        q = q.where(ctab.c.connection_id == sa.bindparam("connection_id"))
    if groups:
        q = q.where(sa.exists().where(tg.c.org_id == st.c.org_id, tg.c.table_id == st.c.table_id,
                                      tg.c.group_name.in_(sa.bindparam("groups", expanding=True))))
    if hide_filtered_values:
        q = q.where(sa.or_(st.c.field != VALUE, ctab.c.row_filter.is_(None)))
    # Materialized: found through the (org, term) key first, then summed. Folded into one grouped
    # query, SQLite would rather walk the org's whole index in table order to save the sort.
    hits = q.cte("hits").prefix_with("MATERIALIZED")
    score = sa.func.sum(hits.c.weight).label("score")
    columns: list[Any] = [hits.c.table_id, score]
    if with_assets:
        ea = t.external_assets
        columns.append(sa.exists().where(ea.c.org_id == sa.bindparam("org")).label("has_assets"))
    return sa.select(*columns).group_by(hits.c.table_id).order_by(
        score.desc(), hits.c.table_id).limit(sa.bindparam("limit", type_=sa.Integer))
