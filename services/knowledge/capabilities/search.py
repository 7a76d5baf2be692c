"""Search: rank the tables and external assets a caller may see by a question's words, through the
search index (``search_index.py``), and narrow one connection's tables to those a question is about."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncConnection

from services.common.identity import data_groups
from services.common.lru import Lru
from services.common.principal import Principal
from services.knowledge import catalog as cat
from services.knowledge import search_index
from services.knowledge.capabilities.assets import Assets
from services.knowledge.capabilities.catalog import Catalog
from services.knowledge.capabilities.demo import Demo
from services.knowledge.capabilities.state import sees_stored_values
from services.knowledge.repository import SearchRepo

WORD_RE = search_index.WORD_RE
MAX_SEARCH_TERMS = 64  # bounds the cost of one search however long the question is
NARROW_TABLES = 30
NAME_TERMS_KEPT = 2_048  # tables whose name and column words are kept (a search hit repeats them)
# Function words that match values and docs everywhere and say nothing about which table is meant.
STOPWORDS = frozenset("""a an the of in on at to for by with from and or not no is are was were be been do does did
what which who whom whose when where how many much show list give find return display tell me all each every any
that this these those there their its his her it they them than more most less least number count total average
per as than into about have has had""".split())


@dataclass(frozen=True)
class _HitTerms:
    """What a search hit reads from its table's snapshot (see ``Search.hit_terms``)."""

    names: frozenset[str]  # the words of the table's name
    columns: frozenset[str]  # the words of its column names
    snap: Mapping[str, Any]  # the lite listing's part of the snapshot: columns (names), row estimate, comment


class Search:
    def __init__(self, repo: SearchRepo, catalog: Catalog, demo: Demo, assets: Assets) -> None:
        self.repo = repo
        self.catalog = catalog
        self.demo = demo
        self.assets = assets
        # (table name, snapshot text) -> what a hit reads from its snapshot: the words of its name and column
        # names, and the lite listing's column count, row estimate and comment; a pure function of the row's
        # text (a changed snapshot is another key), parsed per hit of every search otherwise
        self._hit_terms: Lru[tuple[str, str], _HitTerms] = Lru(NAME_TERMS_KEPT)

    async def search(self, p: Principal, query: str, limit: int) -> list[dict[str, Any]]:
        """Rank visible tables and active assets by word overlap with names, docs, columns and values.

        Tables are ranked from the search index in one grouped lookup bounded by the query's words
        (no pass over every table's JSON on the event loop); only the top tables are loaded. Values
        of a table with a row filter are not ranked on for askers who may not see all its rows."""
        words = (_words(query) - STOPWORDS) | _joined_pairs(query)
        terms = query_terms(query)
        if not terms:
            return []
        await self.demo.ensure(p)
        limit = max(1, min(limit or 10, 100))
        async with self.repo.reading() as c:  # every read of one search through one store connection
            ranked, has_assets = await self.repo.ranked_with_assets(
                p.org_id, terms, None if p.role == "service" else data_groups(p), sees_stored_values(p), limit, conn=c)
            table_scores = dict(ranked)
            scored: list[tuple[float, str, Any]] = [(sc, "table", tid) for tid, sc in sorted(table_scores.items())]
            # the ranking read whether the org holds assets (None: no table matched, so no row said): none, no read
            for a in await self.assets.list_assets(p, conn=c) if has_assets is not False else ():
                if not a.get("active", True):
                    continue
                text = " ".join(str(a.get(k) or "") for k in ("name", "description", "folder", "dot_description"))
                aw = _words(text)
                score = 2 * len(words & _words(str(a.get("name") or ""))) + 0.5 * len(words & aw)
                if score > 0:
                    scored.append((score, "external_asset", a))
            scored.sort(key=lambda x: -x[0])
            top = scored[:limit]
            tables = await self._search_tables(p, [x for _, kind, x in top if kind == "table"], terms, c)
        out = []
        for score, kind, item in top:
            if kind == "table":
                out.append(dict(tables[item], score=score))
            else:
                out.append({"kind": "external_asset", **item, "score": score})
        return out

    async def _search_tables(self, p: Principal, ids: list[str], terms: list[str],
                             conn: AsyncConnection) -> dict[str, dict[str, Any]]:
        """The few ranked tables as search results, with the query words their names and columns
        match (the words the index holds for them, taken from the rows just read: no index read)."""
        org, hide = p.org_id, not sees_stored_values(p)
        if not ids:
            return {}
        rows, groups = await self.catalog.repo.search_rows(org, ids, conn)
        wanted = set(terms)
        out = {}
        for r in rows:
            kept = self.hit_terms(cast(Mapping[str, Any], r))
            out[r["id"]] = {"kind": "table", **self.catalog.table_json(
                r, sorted(groups.get(r["id"], [])), lite=True, values={} if hide and r["row_filter"] else None,
                snap=kept.snap), "matched_names": sorted(wanted & kept.names),
                "matched_columns": sorted(wanted & kept.columns),
                "demo": self.demo.is_generated(org, r["connection_id"], r["public_json"])}
        return out

    def hit_terms(self, row: Mapping[str, Any]) -> _HitTerms:
        """``search_index.name_terms`` of a catalog row and its lite snapshot, kept per (name, snapshot text)."""
        key = (str(row["name"]), str(row["snapshot_json"] or ""))
        hit = self._hit_terms.get(key)
        if hit is None:
            names, columns = search_index.name_terms(row)
            snap = json.loads(row["snapshot_json"] or "{}")
            lite = {"columns": tuple(c.get("name") for c in snap.get("columns", [])),
                    "row_estimate": snap.get("row_estimate"), "comment": snap.get("comment")}
            hit = _HitTerms(frozenset(names), frozenset(columns), MappingProxyType(lite))
            self._hit_terms.put(key, hit)
        return hit

    async def relevant(self, p: Principal, catalog: cat.ConnectionCatalog, cid: str, question: str,
                       groups: Sequence[str] | None) -> Sequence[cat.CatalogTable]:
        """The visible tables a question is about, ranked through the search index as search ranks
        them (at most NARROW_TABLES), with the tables their foreign keys point to; none matching:
        the first NARROW_TABLES. Costs what the matches cost, not a pass over the catalog."""
        scores: dict[str, float] = {}
        terms = query_terms(question)
        if terms:
            for tid, score in await self.repo.ranked(p.org_id, terms, groups, sees_stored_values(p), NARROW_TABLES,
                                                     connection_id=cid):
                x = catalog.by_id.get(tid)
                if x is not None and catalog.sees(x, groups):  # else: newer than this catalog version
                    scores[tid] = score
        ranked = sorted(scores, key=lambda tid: (-scores[tid], tid))[:NARROW_TABLES]
        chosen = set(ranked)
        await self.catalog.details(p.org_id, catalog, ranked)
        for tid in ranked:
            detail = catalog.details.get(tid)
            for ref in detail.refs if detail else ():
                x = catalog.by_id.get(ref)
                if x is not None and catalog.sees(x, groups):
                    chosen.add(ref)
        if not chosen:
            return catalog.visible(groups)[:NARROW_TABLES]
        return catalog.in_order(chosen)


_words = search_index.words


def query_terms(query: str) -> list[str]:
    """The index terms a question is looked up by (bounded however long the question is)."""
    words = (_words(query) - STOPWORDS) | _joined_pairs(query)  # "high schoolers" also finds "highschooler"
    return sorted(w for w in words if len(w) <= search_index.MAX_TERM)[:MAX_SEARCH_TERMS]


def _joined_pairs(text: str) -> set[str]:
    """Adjacent words written together, singular too: schemas often spell compounds as one word."""
    tokens = WORD_RE.findall((text or "").lower())
    out = set()
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a in STOPWORDS or b in STOPWORDS:
            continue
        out.add(a + b)
        if len(b) > 3 and b.endswith("s"):
            out.add(a + b[:-1])
    return out
