"""Which connection answers a question nobody pinned to one.

Two stages. The knowledge search names the candidate connections (any table sharing a word with
the question); the other connections the asker can see join them (up to ``MAX_FITTED``, those whose known names
touch the question first), since a role word
('revenue' needs a money measure, 'per year' a time column, a year a time span holding it) names no table. Then each candidate's schema is read through its semantic model (``engine.offline.fit``):
entities, columns with split identifiers, stored values and role words ('revenue' needs a money
measure), plus one probe of the time columns' span when the question names a year. The best fit
answers; a connected real warehouse that places any word of the question beats the generated demo (issue 12:
the demo's shared words such as 'customers' must never take a question meant for a warehouse connected later);
when two connections fit about equally the caller asks which one instead of guessing. "About equally" also
covers a small lead (``CLOSE_MARGIN``) that rests on no word the best names better than the other (only on role
words such as 'revenue', while the other names every word at least as well), and a somewhat larger one
(``WORDLESS_MARGIN``) that rests on no question word at all (a phrase bonus or rarer names over the very same
words): asked, never guessed. What tells look-alike warehouses apart: every connected warehouse is fitted
(``MAX_FITTED``), table and column names few connections share add to the fit (``RARE_NAME_WEIGHT``, from the
search), and the month of a date ('between March 1 and May 31') is a time every dated schema answers, never a
stored value such as an event called 'March'.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import grpc

from dot.v1 import knowledge_pb2
from services.common import grpc_errors
from services.common.clients import Clients
from services.common.errors import DomainError
from services.common.lru import Lru
from services.conversation.engine.offline.fit import Fit, SchemaFacts, question_words, schema_fit, touches
from services.conversation.engine.offline.lexicon import MONTHS, Token, tokenize
from services.conversation.engine.offline.linking import SchemaIndex, build_index
from services.conversation.engine.offline.semantic import SemanticModel, build_model
from services.conversation.engine.offline.sqlgen import ident
from services.conversation.engine.types import Schema
from services.conversation.toolbox import KnowledgeToolbox, schema_from_pb

# The generated demo's id: a listed connection of this name joins only through the search, which knows whether
# it is the generated demo (never preferred over a real warehouse) or a real one an admin named so.
DEMO_CONNECTION_ID = "demo"
MIN_CONNECTION_WEIGHT = 1.0  # search stage: a guess from a single common word is no better than the default
TIE_MARGIN = 0.1  # fits closer than this are "about equal": ask
# fits closer than this are also "about equal" unless the best names a word outright that the other places clearly
# worse (``Fit.outweighs``): a small lead made only of spelling steps on shared words is a coin flip, so ask
CLOSE_MARGIN = 0.3
# a lead smaller than this that rests on no question word at all (the best places none better than the other: the
# lead is a phrase bonus or rarer names over the very same words) is about equal too: ask. A named year inside one
# connection's data (YEAR_WEIGHT) is larger, and still decides.
WORDLESS_MARGIN = 0.6
YEAR_WEIGHT = 1.0  # every year the question names lies inside the data's time span
SUBJECT_WEIGHT = 1.0  # the noun a counting question counts is not placed, while another connection places it
# per unit of the search's rare-word weight (a table name matching a word counts 2/k, a column name 1/k, where k
# connections match that word): table and column names only this connection has tell it apart from the others
RARE_NAME_WEIGHT = 0.1
MAX_CANDIDATES = 6
# candidates read in all: the search's best, then other visible connections, those whose known names touch a word of
# the question first (never alphabetically alone: a late name would never be read when many are connected). Large
# enough that an org's every warehouse is fitted: a schema left unread cannot win, however well it fits
MAX_FITTED = 32
SEARCH_HITS = 50
# Bookkeeping timestamps say when a row was loaded or touched, not when the business event happened.
AUDIT_WORDS = frozenset("update updated modified modify etl load loaded sync synced ingested inserted".split())
# A date of birth says when a person was born, not when anything the business counts happened.
ATTRIBUTE_DATE_WORDS = frozenset("birth born dob birthday".split())
MAX_TIME_COLUMNS = 8
CACHED_MODELS = 32  # schemas narrowed to a question, by content
CACHED_KEYED_MODELS = 128  # whole schemas, by the key knowledge gives them (connection, version, groups)
CACHED_FITS = 1024  # fits of a whole schema to a question, by schema key and question text
# "How many orders per year? (connection shop)": the suggested follow-ups of a clarification pin it so.
PIN_RE = re.compile(r"\s*\(\s*(?:in |on |from |using )?connection\s+['\"]?([A-Za-z0-9_.:-]{1,120})['\"]?\s*\)\s*[.?!]?\s*$",
                    re.IGNORECASE)

YEAR_RE = re.compile(r"(?:\b(?:in|since|from|before|after|between|and|of|for|during|until|to|with|vs|versus)\s+|,\s*)"
                     r"((?:19|20)\d\d)\b(?!\s*(?:%|percent|dollars|units|euros))|\b((?:19|20)\d\d)(?=-\d\d)")
Metadata = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Choice:
    """The chosen connection ('' lets knowledge pick the org's default), or the tied ones to ask about."""

    connection_id: str = ""
    tied: tuple[str, ...] = ()
    named: tuple[str, ...] = ()  # question words every tied connection places (for the clarifying question)
    # the chosen connection's schema as routing read it (for this asker and question): the answer reuses it
    schema: Schema | None = field(default=None, compare=False)
    # the key knowledge names that schema by (org, connection, catalog version, groups) when it is the whole
    # schema kept under it; "" otherwise (none, or one narrowed to the question or to the asker's rows)
    schema_key: str = field(default="", compare=False)
    # the chosen connection's catalog version as the listing gave it (0: not listed); its queries pass it on, so
    # knowledge need not read the connection's row again at that version
    catalog_version: int = field(default=0, compare=False)
    # the search's hits for the question, best first (None: no search was made); the answer's related
    # assets are read from them instead of a second search
    hits: tuple[Any, ...] | None = field(default=None, compare=False)


@dataclass
class _Candidate:
    cid: str
    demo: bool
    search_weight: float
    schema_key: str = ""  # knowledge's key of the schema this asker gets ("" : ask each time)
    fit: Fit | None = None
    score: float = 0.0
    index: SchemaIndex | None = None
    schema: Schema | None = None
    model: SemanticModel | None = None
    facts: SchemaFacts | None = None
    placed_words: list[str] = field(default_factory=list)


def split_pin(question: str) -> tuple[str, str]:
    """('How many orders?', 'shop') for 'How many orders? (connection shop)'; no pin: (question, '')."""
    m = PIN_RE.search(question)
    if not m or not question[: m.start()].strip():
        return question, ""
    return question[: m.start()].rstrip(), m.group(1)


def pinned(question: str, cid: str) -> str:
    return f"{question.rstrip()} (connection {cid})"


class ConnectionChooser:
    """Holds small caches of indexed schemas and their semantic models: a whole schema by the key
    knowledge lists it with (connection, catalog version, groups), so a question reads no schema of
    an unchanged connection; a schema narrowed to a question by its content, so it is not re-indexed;
    and a whole schema's fit to a question, so a question asked again is not fitted again."""

    def __init__(self, clients: Clients) -> None:
        self.clients = clients
        self._models: Lru[str, tuple[Schema, SchemaIndex, SemanticModel, SchemaFacts]] = Lru(CACHED_MODELS)
        self._keyed: Lru[str, tuple[Schema, SchemaIndex, SemanticModel, SchemaFacts]] = Lru(CACHED_KEYED_MODELS)
        # (schema key, question) -> its fit: ``schema_fit`` reads only the question and the schema the key
        # names (the same content at the same catalog version), so a question asked again costs no fit
        self._fits: Lru[tuple[str, str], Fit] = Lru(CACHED_FITS)

    async def choose(self, metadata: Metadata | Callable[[], Awaitable[Metadata]], question: str,
                     search: Awaitable[knowledge_pb2.SearchResponse] | None = None,
                     listing: Awaitable[knowledge_pb2.ListVisibleConnectionsResponse] | None = None) -> Choice:
        """``search``: this asker's search for ``question`` (``search_request``), if already under way;
        ``listing``: this asker's ``ListVisibleConnections``, if already under way. Otherwise the connections
        the asker can see are listed beside the search (one light RPC per question)."""
        md = metadata if callable(metadata) else _fixed(metadata)
        found, (visible, versions) = await asyncio.gather(self._candidates(await md(), question, search),
                                                          self._visible(await md(), listing))
        named, hits = found
        cands = named[:MAX_CANDIDATES]
        weights = {c.cid: c.search_weight for c in named}  # every connection the search named, past the first few too
        known = {c.cid for c in cands}
        for c in cands:
            c.schema_key = visible.get(c.cid, "")
        extra = self._order_extra([cid for cid in visible if cid not in known and cid != DEMO_CONNECTION_ID],
                                  visible, question)
        cands += [_Candidate(cid, False, weights.get(cid, 0.0), visible[cid])
                  for cid in extra[: max(0, MAX_FITTED - len(cands))]]
        choice = await self._pick(cands, md, question)
        return dataclasses.replace(choice, hits=hits, catalog_version=versions.get(choice.connection_id, 0))

    def _order_extra(self, cids: list[str], visible: dict[str, str], question: str) -> list[str]:
        """Connections the search did not name, likeliest first: those whose kept schema holds a word of the
        question, then those never read yet (nothing known), then the rest; by id within each. The question's
        words are read only when a kept schema is met (with no connection left to order, as with one
        connection the search named, nothing is tokenised)."""
        words: tuple[tuple[str, ...], ...] | None = None

        def rank(cid: str) -> tuple[int, int, str]:
            nonlocal words
            kept = self._keyed.get(visible[cid]) if visible[cid] else None
            if kept is None:
                return (1, 0, cid)
            if words is None:
                words = question_words(question)
            hits = touches(words, kept[3])
            return (0 if hits else 2, -hits, cid)

        return sorted(cids, key=rank)

    async def _pick(self, cands: list[_Candidate], md: Callable[[], Awaitable[Metadata]], question: str) -> Choice:
        if not cands:
            return Choice()
        if len(cands) == 1:
            only = cands[0]
            if only.search_weight < MIN_CONNECTION_WEIGHT:
                return Choice()
            whole = await self._whole_schema(only, md)
            return Choice(only.cid, schema=whole, schema_key=only.schema_key if whole is not None else "")
        await asyncio.gather(*(self._fit(c, md, question) for c in cands))
        for c in cands:  # names of the question's words that few connections have ('shipments' in one of six) count
            c.score += RARE_NAME_WEIGHT * c.search_weight
        if any(c.fit is not None and c.fit.subject and c.fit.subject_placed for c in cands):
            for c in cands:  # 'how many urgent orders': a schema without orders cannot answer it, whatever else fits
                if c.fit is not None and not c.fit.subject_placed:
                    c.score -= SUBJECT_WEIGHT
        years = named_years(question)
        if years:
            top = max(c.score for c in cands)
            await asyncio.gather(*(self._years(c, md, years) for c in cands if c.score >= top - YEAR_WEIGHT))
        ranked = sorted(cands, key=lambda c: (-c.score, -c.search_weight, c.cid))
        real = [c for c in ranked if not c.demo]
        best = ranked[0]
        if best.demo and real and real[0].score > 0.0:
            best = real[0]  # a connected real warehouse that places any word of the question wins over the demo
        if best.score <= 0.0:  # nothing in any schema places a word of the question: the org's main data
            return Choice()
        rivals = [c for c in ranked if c is not best and c.demo == best.demo and _close(best, c)]
        if rivals:
            tied = [best, *rivals][:3]
            common = [w for w in best.placed_words if all(w in c.placed_words for c in tied)]
            return Choice(tied=tuple(c.cid for c in tied), named=tuple(common))
        return Choice(best.cid, schema=best.schema, schema_key=self._key_of(best))

    def _key_of(self, c: _Candidate) -> str:
        """``c.schema_key`` when ``c.schema`` is the whole schema kept under it, else ''."""
        kept = self._keyed.get(c.schema_key) if c.schema_key and c.schema is not None else None
        return c.schema_key if kept is not None and kept[0] is c.schema else ""

    async def _candidates(self, md: Metadata, question: str, search: Awaitable[knowledge_pb2.SearchResponse] | None
                          ) -> tuple[list[_Candidate], tuple[Any, ...]]:
        """Every connection with a table sharing a word with the question, ranked by the search's rare-word weight;
        and the search's hits."""
        try:
            r = await (search or self.clients.knowledge.Search(search_request(question), metadata=md, timeout=10))
        except grpc.aio.AioRpcError as exc:
            raise grpc_errors.decode(exc) from None
        names: dict[str, set[str]] = {}
        cols: dict[str, set[str]] = {}
        demo: set[str] = set()
        for hit in r.hits:
            cid = hit.table.connection_id
            if hit.WhichOneof("item") != "table" or not cid:
                continue
            if hit.demo:
                demo.add(cid)
            names.setdefault(cid, set()).update(hit.matched_names)
            cols.setdefault(cid, set()).update(hit.matched_columns)
        spread: dict[str, int] = {}
        for cid in names:
            for w in names[cid] | cols[cid]:
                spread[w] = spread.get(w, 0) + 1

        def weight(cid: str) -> float:
            own = cols[cid] - names[cid]
            return sum(2.0 / spread[w] for w in names[cid]) + sum(1.0 / spread[w] for w in own)

        out = [_Candidate(cid, cid in demo, weight(cid)) for cid in names]
        out.sort(key=lambda c: (-c.search_weight, c.cid))
        return out, tuple(r.hits)

    async def _visible(self, md: Metadata, listing: Awaitable[knowledge_pb2.ListVisibleConnectionsResponse] | None = None
                       ) -> tuple[dict[str, str], dict[str, int]]:
        """The connections the asker can see a table of, each with the key of the schema they get, and each
        one's catalog version (none when the listing fails: the search's candidates then). One light RPC:
        knowledge answers from its per-version catalogs, without reading table rows."""
        try:
            r = await (listing or self.clients.knowledge.ListVisibleConnections(
                knowledge_pb2.ListVisibleConnectionsRequest(), metadata=md, timeout=10))
        except grpc.aio.AioRpcError:
            return {}, {}
        listed = [c for c in r.connections if c.connection_id]
        return {c.connection_id: c.schema_key for c in listed}, {c.connection_id: c.catalog_version for c in listed}

    async def _whole_schema(self, c: _Candidate, md: Callable[[], Awaitable[Metadata]]) -> Schema | None:
        """The lone candidate's schema when knowledge keys it (the same for this asker on any question, at
        this catalog version): kept here, so an unchanged connection's schema is read once, not once per
        answer. None (the answer reads it, with the question) when it has no key."""
        if not c.schema_key:
            return None
        kept = self._keyed.get(c.schema_key)
        if kept is None:
            await self._read(c, md, "")
            kept = self._keyed.get(c.schema_key)
        return kept[0] if kept is not None else None

    async def _fit(self, c: _Candidate, md: Callable[[], Awaitable[Metadata]], question: str) -> None:
        kept = self._keyed.get(c.schema_key) if c.schema_key else None
        if kept is not None:  # the same schema this asker got before, at this catalog version: no read
            c.schema, c.index, c.model, c.facts = kept
        else:
            await self._read(c, md, question)
            if c.index is None or c.model is None:
                return
        kept = self._keyed.get(c.schema_key) if c.schema_key else None
        whole = kept is not None and kept[1] is c.index  # the schema the key names, not one narrowed to the question
        fit = self._fits.get((c.schema_key, question)) if whole else None
        if fit is None:
            fit = without_dates(question, schema_fit(question, c.index, c.model, c.facts))
            if whole:
                self._fits.put((c.schema_key, question), fit)
        c.fit = fit
        c.score = c.fit.score
        c.placed_words = list(c.fit.found)

    async def _read(self, c: _Candidate, md: Callable[[], Awaitable[Metadata]], question: str) -> None:
        try:
            # with the question: a big connection's schema comes narrowed to the tables it is about
            r = await self.clients.knowledge.GetSchema(knowledge_pb2.GetSchemaRequest(connection_id=c.cid,
                                                                                     question=question),
                                                       metadata=await md(), timeout=10)
        except grpc.aio.AioRpcError:
            return  # a connection that cannot show its schema now cannot answer either
        if c.schema_key and r.connection_id == c.cid:  # a whole schema: kept by its key, not re-hashed
            hit = _indexed(r)
            self._keyed.put(c.schema_key, hit)
        else:
            hit = self._model(r)
        c.schema, c.index, c.model, c.facts = hit

    def _model(self, schema: knowledge_pb2.GetSchemaResponse) -> tuple[Schema, SchemaIndex, SemanticModel, SchemaFacts]:
        # keyed by content: what this asker may see, at this catalog version, of the tables the question is about
        key = hashlib.sha1(schema.SerializeToString(deterministic=True)).hexdigest()
        hit = self._models.get(key)
        if hit is None:
            hit = _indexed(schema)
            self._models.put(key, hit)
        return hit

    async def _years(self, c: _Candidate, md: Callable[[], Awaitable[Metadata]], years: tuple[int, ...]) -> None:
        """One guarded query for the span of the candidate's time columns; every named year inside it counts."""
        if c.index is None or c.model is None:
            return
        times = [col for col in c.index.all_columns() if c.model.role(col).role == "time" and not col.expr
                 and not set(col.words) & (AUDIT_WORDS | ATTRIBUTE_DATE_WORDS)]
        if not times:
            return
        dialect = c.index.schema.dialect
        cells = []
        for col in times[:MAX_TIME_COLUMNS]:
            name, table = ident(col.name).sql(dialect), _table_sql(col.table, dialect)
            cells += [f"(SELECT MIN({name}) FROM {table})", f"(SELECT MAX({name}) FROM {table})"]
        try:  # one read-only statement, through the same guard as every answer
            res = await KnowledgeToolbox(self.clients, md, c.cid).run_sql("SELECT " + ", ".join(cells))
        except DomainError:
            return
        row = res.rows[0] if res.rows else ()
        spans = [(lo, hi) for lo, hi in ((_year(row[i]), _year(row[i + 1])) for i in range(0, len(row) - 1, 2))
                 if lo is not None and hi is not None]
        if spans and all(any(lo <= y <= hi for lo, hi in spans) for y in years):
            c.score += YEAR_WEIGHT


def _close(best: _Candidate, other: _Candidate) -> bool:
    """Whether ``other`` fits about as well as ``best``: within TIE_MARGIN; within WORDLESS_MARGIN while ``best``
    places no question word better than ``other``; or within CLOSE_MARGIN while no word ``best`` names outright is
    placed clearly worse by ``other``."""
    if other.score >= best.score - TIE_MARGIN:
        return True
    if best.fit is None or other.fit is None:
        return other.score >= best.score - CLOSE_MARGIN
    if other.score >= best.score - WORDLESS_MARGIN and not places_better(best.fit, other.fit):
        return True  # the lead is only bonuses (a phrase, rare names), not any word placed better
    if other.score < best.score - CLOSE_MARGIN:
        return False
    return not best.fit.outweighs(other.fit)


def places_better(fit: Fit, other: Fit) -> bool:
    """Some question word ``fit`` places with more weight than ``other`` does (by a name, a value or a role)."""
    theirs = dict(other.weights)
    return any(w > theirs.get(i, 0.0) for i, w in fit.weights)


def search_request(question: str) -> knowledge_pb2.SearchRequest:
    """The search routing reads candidates from (and an answer its related assets)."""
    return knowledge_pb2.SearchRequest(query=question, limit=SEARCH_HITS)


def date_months(toks: list[Token]) -> set[int]:
    """Indices of month names written as part of a date ('between March 1 and May 31, 2025', 'in June 2024',
    '3 March'): a time the question names, not a stored value ('March' as an event's name) nor a column."""
    out = set()
    for i, t in enumerate(toks):
        if t.low not in MONTHS or t.quoted:
            continue
        near = [toks[k] for k in (i - 1, i + 1) if 0 <= k < len(toks)]
        if any(n.number is not None and float(n.number).is_integer() and (1 <= n.number <= 31 or 1900 <= n.number <= 2100)
               for n in near):
            out.add(i)
    return out


def without_dates(question: str, fit: Fit) -> Fit:
    """``fit`` without the evidence it drew from the month names of dates (``date_months``): every schema with a
    time column answers 'in March 2025' alike (the year probe checks the span), so a schema storing the word
    'March' somewhere gains nothing from it."""
    drop = date_months(tokenize(question))
    if not drop:
        return fit
    words = dict(fit.weights)
    lost = sum(w for i, w in words.items() if i in drop)
    missing = [w for w in fit.missing if w.lower() not in MONTHS]
    found = tuple(w for w in fit.found if w.lower() not in MONTHS)
    placed = fit.placed - sum(1 for i, w in words.items() if i in drop and w > 0.0)
    return dataclasses.replace(fit, score=round(fit.score - lost, 4), placed=placed, content=fit.content - len(drop & set(words)),
                               missing=tuple(missing), found=found,
                               weights=tuple((i, w) for i, w in fit.weights if i not in drop))


def named_years(question: str) -> tuple[int, ...]:
    """Years the question names as a time ('in 1995', 'March 31, 2023', '1996-01-01'), not amounts ('over 2000')."""
    return tuple(int(m.group(1) or m.group(2)) for m in YEAR_RE.finditer(question))


def _indexed(r: knowledge_pb2.GetSchemaResponse) -> tuple[Schema, SchemaIndex, SemanticModel, SchemaFacts]:
    """A schema read, indexed, modelled, with the facts every fit of it reads."""
    read = schema_from_pb(r)
    index = build_index(read)
    model = build_model(index)
    return read, index, model, SchemaFacts(index, model)


def _fixed(metadata: Metadata) -> Callable[[], Awaitable[Metadata]]:
    async def same() -> Metadata:
        return metadata

    return same


def _year(value: Any) -> int | None:
    text = str(value or "")
    return int(text[:4]) if re.match(r"^(1[89]|20|21)\d\d", text) else None


def _table_sql(name: str, dialect: str) -> str:
    return ".".join(ident(p).sql(dialect) for p in name.split("."))
