"""Vocabulary the linker needs on abbreviated and business-worded schemas: plurals of short abbreviations
('mos'), identifiers that spell 'of' ('port_of_reg': the 'of' names nothing between two named words), a leading unit ('years_seniority' is named by 'seniority'),
the words around a short token confirming it, gerunds that are not stored participles ('waxing' is not 'waxed'),
stems too short to mean anything ('local' is not 'location'), and general business synonyms ('restaurants' for
outlets, 'employees' for workers). Every schema here is written by the test; none of its names comes from an
evaluation database or scripts/respell.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.lexicon import stem, tokenize
from services.conversation.engine.offline.linking import _equiv, build_index, link
from services.conversation.engine.types import AnalystAnswer, Column, Schema, Table

FLEET = """
CREATE TABLE Mentor(mentor_id INTEGER PRIMARY KEY, full_name TEXT, years_seniority INTEGER, mos_coached INTEGER,
  renewal_day TEXT);
CREATE TABLE Vessel(vessel_id INTEGER PRIMARY KEY, vessel_name TEXT, port_of_reg TEXT, mentor_id INTEGER REFERENCES Mentor(mentor_id));
CREATE TABLE Lane(lane_id INTEGER PRIMARY KEY, lane_name TEXT, surface TEXT);
CREATE TABLE Outlets(outlet_id INTEGER PRIMARY KEY, outlet_name TEXT, town TEXT);
CREATE TABLE Workers(worker_id INTEGER PRIMARY KEY, worker_name TEXT, outlet_id INTEGER REFERENCES Outlets(outlet_id));
CREATE TABLE Growers(grower_id INTEGER PRIMARY KEY, grower_name TEXT, is_local INTEGER, outlet_id INTEGER REFERENCES Outlets(outlet_id));
INSERT INTO Mentor VALUES (1,'Ada',12,30,'2024-01-01'),(2,'Bo',3,5,'2024-02-01'),(3,'Cy',7,9,'2024-03-01');
INSERT INTO Vessel VALUES (1,'Gull','Leith',1),(2,'Tern','Leith',2),(3,'Skua','Cobh',3);
INSERT INTO Lane VALUES (1,'North','waxed'),(2,'South','oiled'),(3,'East','waxed');
INSERT INTO Outlets VALUES (1,'Quay','Leith'),(2,'Mill','Cobh'),(3,'Dock','Leith');
INSERT INTO Workers VALUES (1,'Al',1),(2,'Bea',1),(3,'Col',2);
INSERT INTO Growers VALUES (1,'Fenn',1,1),(2,'Holt',0,2),(3,'Marsh',1,3);
"""


def _index() -> Any:
    return build_index(Schema(tables=(
        Table("Mentor", (Column("mentor_id", "INTEGER", is_primary_key=True), Column("full_name", "TEXT"),
                         Column("years_seniority", "INTEGER"), Column("mos_coached", "INTEGER"),
                         Column("renewal_day", "TEXT"))),
        Table("Vessel", (Column("vessel_id", "INTEGER", is_primary_key=True), Column("port_of_reg", "TEXT"))),
    )))


def test_the_plural_of_a_two_letter_abbreviation_is_expanded() -> None:
    assert _index().table("Mentor").col("mos_coached").words == ("month", "coached")


def test_an_identifiers_of_only_links_the_words_around_it() -> None:
    """'port of registry' covers port_of_reg (the 'of' names nothing); 'port' alone still covers a third of it."""
    assert _index().table("Vessel").col("port_of_reg").words == ("port", "of", "reg")
    alone = _best_column("vessels by port", _index())
    assert alone is None or alone[1] < 0.7


def _best_column(question: str, index: Any) -> tuple[str, float] | None:
    for m in link(tokenize(question), index):
        if m.kind == "column" and m.columns:
            return m.columns[0][0].key, m.columns[0][1]
    return None


def test_a_leading_unit_does_not_dilute_the_word_it_measures() -> None:
    """'seniority' names years_seniority about as well as a one-word column would; a trailing word still counts."""
    col, score = _best_column("mentors by seniority", _index())
    assert col.endswith("years_seniority") and score >= 0.95
    col, score = _best_column("mentors by renewal", _index())
    assert col.endswith("renewal_day") and score < 0.95  # a trailing unit word is not the leading measure unit


def test_spelled_out_neighbours_confirm_a_short_token() -> None:
    col, score = _best_column("vessels by port of registry", _index())
    assert col.endswith("port_of_reg") and score >= 0.95
    alone = _best_column("vessels by registry", _index())
    assert alone is None or alone[1] < 0.95  # alone, 'reg' stays a loose match at best


def test_a_long_token_keeping_the_whole_skeleton_is_a_strong_link() -> None:
    """'OrigPrdct' (origin, prdct): 'product' reaches it although the column has another word; a short skeleton
    ('prt', part or port) stays a loose match."""
    index = build_index(Schema(tables=(
        Table("Bin", (Column("BinId", "INTEGER", is_primary_key=True), Column("OrigPrdct", "TEXT"),
                      Column("Slot", "INTEGER"))),)))
    col, score = _best_column("bins by product", index)
    assert col == "Bin.OrigPrdct" and score >= 0.7
    assert _equiv("product", "prdct") == 0.95 and _equiv("port", "prt") < 0.95


def test_a_stem_of_three_letters_left_by_al_does_not_match() -> None:
    assert stem("local") != stem("locations") and _equiv("local", "location") == 0.0
    assert stem("rental") == "rent"  # a longer stem still does


async def _rows(b: SqliteToolbox, q: str) -> tuple[list[tuple[Any, ...]] | None, AnalystAnswer]:
    ans: AnalystAnswer = await OfflineAnalyst().answer(q, toolbox=b, history=[], state={}, mode="economy", deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    rows = sorted(tuple(r) for r in part.result.rows) if ans.understood and part and part.result else None
    return rows, ans


async def test_questions_over_the_vocabulary(tmp_path: Path) -> None:
    p = tmp_path / "fleet.sqlite"
    conn = sqlite3.connect(p)
    conn.executescript(FLEET)
    conn.close()
    b = SqliteToolbox(p)
    try:
        assert (await _rows(b, "Which mentor has the most seniority?"))[0] == [("Ada",)]
        assert (await _rows(b, "How many restaurants do we have?"))[0] == [(3,)]  # the lexicon: outlets
        assert (await _rows(b, "How many employees are there?"))[0] == [(3,)]  # the lexicon: workers
        assert (await _rows(b, "Which growers are local?"))[0] == [("Fenn",), ("Marsh",)]  # the flag, not Outlets
        rows, ans = await _rows(b, "Which lanes have automatic waxing?")
        assert rows is None or rows != [("East",), ("North",)]  # 'waxing' is not the stored state 'waxed'
        schema = await b.schema()
        assert not any(m.kind == "value" for m in link(tokenize("Which lanes have automatic waxing?"), build_index(schema)))
    finally:
        b.close()


def test_a_short_token_two_schema_words_start_with_is_not_expanded() -> None:
    """'exp' beside 'expense' and 'expiry': either could be meant, so the token keeps its spelling and no question
    word reaches it strongly (the engine asks rather than choose)."""
    index = build_index(Schema(tables=(
        Table("Voucher", (Column("voucher_id", "INTEGER", is_primary_key=True), Column("expiry_date", "TEXT"),
                          Column("expense_total", "REAL"), Column("exp_band", "TEXT"))),)))
    assert index.table("Voucher").col("exp_band").words == ("exp", "band")
    found = _best_column("vouchers by expense", index)
    assert found is not None and found[0] == "Voucher.expense_total"
