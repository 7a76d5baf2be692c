"""What tells look-alike warehouses apart (issue 12 item 5): a month of a date is a time, not a stored value; every
connected warehouse is fitted, and the search's names few connections share count; a lead resting on no question
word placed better (only a phrase bonus or rarer names over the very same words) is a tie, and the asker is asked."""

from __future__ import annotations

import asyncio
from typing import Any

from dot.v1 import common_pb2, knowledge_pb2
from services.conversation.engine.offline.fit import Fit, schema_fit
from services.conversation.engine.offline.lexicon import tokenize
from services.conversation.engine.offline.linking import build_index
from services.conversation.engine.offline.semantic import build_model
from services.conversation.engine.types import Column, Schema, Table
from services.conversation.routing import (MAX_CANDIDATES, ConnectionChooser, _Candidate, _close, date_months,
                                           without_dates)


def _table(name: str, cols: dict[str, str], values: dict[str, list[str]] | None = None) -> knowledge_pb2.SchemaTable:
    values = values or {}
    return knowledge_pb2.SchemaTable(name=name, columns=[
        knowledge_pb2.SchemaColumn(name=c, type=t, values_complete=c in values,
                                   sample_values=[common_pb2.Value(string_value=v) for v in values.get(c, [])])
        for c, t in cols.items()])


FESTIVALS = knowledge_pb2.GetSchemaResponse(connection_id="festivals", dialect="sqlite", tables=[
    _table("festivals", {"festival_id": "INTEGER", "title": "TEXT", "held_in": "TEXT"},
           {"held_in": ["March", "May", "June", "August"]})])
PARCELS = knowledge_pb2.GetSchemaResponse(connection_id="parcels", dialect="sqlite", tables=[
    _table("shipments", {"shipment_id": "INTEGER", "depot": "TEXT", "shipped_on": "DATE"})])


class _Knowledge:
    """The search names every connection holding a table or column named by a word of the question."""

    def __init__(self, schemas: dict[str, knowledge_pb2.GetSchemaResponse]) -> None:
        self.schemas = schemas

    async def Search(self, request: Any, **_: Any) -> knowledge_pb2.SearchResponse:
        words = set(request.query.lower().replace("?", "").replace(",", "").split())
        hits = []
        for cid, s in self.schemas.items():
            for t in s.tables:
                names = [t.name] if t.name.lower() in words else []
                cols = [c.name for c in t.columns if c.name.lower() in words]
                if names or cols:
                    hits.append(knowledge_pb2.SearchHit(table=knowledge_pb2.Table(connection_id=cid, name=t.name),
                                                        matched_names=names, matched_columns=cols))
        return knowledge_pb2.SearchResponse(hits=hits)

    async def ListVisibleConnections(self, request: Any, **_: Any) -> knowledge_pb2.ListVisibleConnectionsResponse:
        return knowledge_pb2.ListVisibleConnectionsResponse(connections=[
            knowledge_pb2.VisibleConnection(connection_id=cid, schema_key=f"{cid}.1") for cid in self.schemas])

    async def GetSchema(self, request: Any, **_: Any) -> knowledge_pb2.GetSchemaResponse:
        return self.schemas[request.connection_id]


class _Clients:
    def __init__(self, schemas: dict[str, knowledge_pb2.GetSchemaResponse]) -> None:
        self.knowledge = _Knowledge(schemas)


def test_month_names_of_dates_are_found() -> None:
    toks = tokenize("How many parcels left between March 1 and May 31?")
    assert {toks[i].low for i in date_months(toks)} == {"march", "may"}
    toks = tokenize("sales in June 2024 and on 3 August")
    assert {toks[i].low for i in date_months(toks)} == {"june", "august"}
    # a month name with no day or year beside it may be a stored value ('the March festival'); 'may' a verb
    assert date_months(tokenize("Which festivals are held in March?")) == set()
    assert date_months(tokenize("Which depots may ship 5 parcels?")) == set()


def test_a_stored_month_name_does_not_take_a_dated_question() -> None:
    question = "How many shipments left between March 1 and May 31?"
    chooser = ConnectionChooser(_Clients({"festivals": FESTIVALS, "parcels": PARCELS}))  # type: ignore[arg-type]
    assert asyncio.run(chooser.choose((), question)).connection_id == "parcels"
    # the festivals' stored 'March' and 'May' still place a question that names them as values
    assert asyncio.run(chooser.choose((), "Which festivals are held in March?")).connection_id == "festivals"


def test_without_dates_removes_only_the_dates_evidence() -> None:
    schema = Schema(tables=(Table("festivals", (Column("festival_id", "INTEGER", is_primary_key=True),
                                                Column("held_in", "TEXT", sample_values=("March", "May"),
                                                       values_complete=True))),))
    index = build_index(schema)
    question = "festivals between March 1 and May 31"
    fit = schema_fit(question, index, build_model(index))
    assert "march" in fit.found  # the stored value, as the engine's fit sees it
    cleaned = without_dates(question, fit)
    assert "march" not in cleaned.found and "may" not in cleaned.found and "festivals" in cleaned.found
    assert cleaned.score == round(fit.score - sum(w for i, w in fit.weights if i not in dict(cleaned.weights)), 4)
    assert without_dates("festivals held in March", fit) is fit  # no date: the fit as it was


def _many(n: int) -> dict[str, knowledge_pb2.GetSchemaResponse]:
    return {f"c{i:02d}": knowledge_pb2.GetSchemaResponse(connection_id=f"c{i:02d}", dialect="sqlite", tables=[
        _table("depots", {"depot_id": "INTEGER", "city": "TEXT"})]) for i in range(n)}


def test_connections_the_search_names_past_the_first_few_keep_their_rare_name_weight() -> None:
    schemas = _many(MAX_CANDIDATES + 2)
    schemas["zz-parcels"] = knowledge_pb2.GetSchemaResponse(connection_id="zz-parcels", dialect="sqlite", tables=[
        _table("depots", {"depot_id": "INTEGER", "city": "TEXT"}),
        _table("shipments", {"shipment_id": "INTEGER", "depot_id": "INTEGER", "weight": "REAL"})])
    chooser = ConnectionChooser(_Clients(schemas))  # type: ignore[arg-type]
    seen: list[_Candidate] = []
    pick = chooser._pick

    async def spy(cands: list[_Candidate], md: Any, question: str) -> Any:
        seen.extend(cands)
        return await pick(cands, md, question)

    chooser._pick = spy  # type: ignore[method-assign]
    choice = asyncio.run(chooser.choose((), "total weight of shipments per depots city"))
    assert choice.connection_id == "zz-parcels"
    weights = {c.cid: c.search_weight for c in seen}
    assert set(weights) == set(schemas)  # every connection fitted, not only the first MAX_CANDIDATES
    assert all(w > 0.0 for w in weights.values())  # each keeps what the search found of it
    assert weights["zz-parcels"] == max(weights.values())  # 'shipments' and 'weight': names only it has


def _fit(schema: Schema, question: str) -> Fit:
    index = build_index(schema)
    return schema_fit(question, index, build_model(index))


def test_a_lead_from_a_phrase_bonus_over_the_same_words_is_a_tie() -> None:
    # one warehouse names the phrase in one column (payment_amount), the other as table + column: same words
    joined = Schema(tables=(Table("payments", (Column("payment_id", "INTEGER", is_primary_key=True),
                                               Column("amount", "REAL"))),))
    one_column = Schema(tables=(Table("payments", (Column("payment_id", "INTEGER", is_primary_key=True),
                                                   Column("payment_amount", "REAL"))),))
    q = "average payment amount"
    a, b = _fit(one_column, q), _fit(joined, q)
    assert dict(a.weights) == dict(b.weights) and a.score > b.score + 0.3  # the lead is the phrase bonus alone
    best, other = _Candidate("a", False, 1.0, fit=a, score=a.score), _Candidate("b", False, 1.0, fit=b, score=b.score)
    assert _close(best, other)
    # the same lead with a word the best places better than the other: it answers
    better = Fit(b.score + 0.5, b.placed, b.content, (), weights=tuple((i, w + 0.5 if i == 1 else w)
                                                                      for i, w in b.weights))
    assert not _close(_Candidate("a", False, 1.0, fit=better, score=better.score), other)
