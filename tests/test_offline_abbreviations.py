"""Abbreviated identifiers no list covers ('Vndr', 'InvcLn', 'whs_cd', 'PmtMthd', 'Shpr'): a question word reaches
the token that abbreviates it, a token that fits several words is not silently expanded, and English words are
never read as abbreviations. Every schema here is written by the test; none of its abbreviations is in
scripts/respell.py's table."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scripts.localbox import SqliteToolbox
from services.conversation.engine.offline.abbrev import abbreviation_fit, built_on, expansion, names_root, says
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.offline.lexicon import stem, tokenize
from services.conversation.engine.offline.linking import build_index, link
from services.conversation.engine.types import AnalystAnswer, Column, ForeignKey, Schema, Table


@pytest.mark.parametrize(("short", "word"), [
    ("vndr", "vendor"), ("shpr", "shipper"), ("invc", "invoice"), ("ln", "line"), ("whs", "warehouse"),
    ("cd", "code"), ("mthd", "method"), ("hdr", "header"), ("std", "standard"), ("bldg", "building"),
    ("mgmt", "management"), ("cty", "city"), ("descrip", "description"), ("reqd", "required"),
])
def test_truncations_and_consonant_skeletons_fit(short: str, word: str) -> None:
    assert abbreviation_fit(short, word) >= 0.7


@pytest.mark.parametrize(("short", "word"), [
    ("age", "agent"),  # an English word is read as itself (but as the plain start of a much longer word)
    ("art", "artist"),
    ("car", "card"),
    ("pt", "passport"),  # two letters must be the first and last consonant of a short word
    ("dv", "vendor"),  # the first letter is kept
    ("rdvn", "vendor"),
    ("vnd", "vnd"),  # not longer than the token
    ("tv", "television"),
])
def test_words_and_letter_soup_do_not_fit(short: str, word: str) -> None:
    assert abbreviation_fit(short, word) == 0.0


def test_an_english_word_is_only_the_weakest_start_of_a_much_longer_word() -> None:
    assert abbreviation_fit("cat", "category") == 0.7  # a spelled-out or stem match beats it
    assert not says(("cat",), "category")


def test_a_token_that_fits_several_words_is_not_expanded() -> None:
    assert expansion("invc", frozenset({"invoice", "inventory"})) == "invoice"  # the consonants say invoice
    assert expansion("inv", frozenset({"invoice", "inventory"})) is None  # both start with inv
    assert expansion("str", frozenset({"store", "street", "string"})) is None
    assert expansion("ttl", frozenset({"total", "title"})) is None
    assert expansion("vndr", frozenset({"vendor", "venue"})) == "vendor"
    assert expansion("xyz", frozenset({"vendor"})) is None


def test_a_verb_reaches_the_abbreviated_noun_built_on_it() -> None:
    assert built_on("dlvry", stem("delivered")) and built_on("invc", stem("invoiced"))
    assert built_on("delivery", stem("delivered"))
    assert not built_on("dlvry", stem("developed")) and not built_on("dolly", stem("delivered"))
    # 'never purchased' names the Pchs rows: an abbreviation of the verb's root itself
    assert names_root("pchs", stem("purchased")) and not built_on("pchs", stem("purchased"))
    assert not names_root("cat", stem("catered"))


def test_says_accepts_the_word_or_a_clear_abbreviation() -> None:
    assert says(("vndr",), "vendor") and says(("vendor",), "vendor")
    assert not says(("shipper",), "shipment")  # another English word sharing a stem says something else


SCHEMA = Schema(tables=(
    Table("Shpr", (Column("ShprId", "INTEGER", is_primary_key=True), Column("ShprNm", "TEXT"))),
    Table("shippers_log", (Column("log_id", "INTEGER", is_primary_key=True), Column("note", "TEXT"))),
    Table("Vndr", (Column("VndrId", "INTEGER", is_primary_key=True), Column("VndrNm", "TEXT"))),
    Table("InvcLn", (Column("InvcLnId", "INTEGER", is_primary_key=True), Column("VndrId", "INTEGER"),
                     Column("PmtMthd", "TEXT", sample_values=("card", "wire"), values_complete=True),
                     Column("UnitPrc", "REAL")),
          foreign_keys=(ForeignKey("VndrId", "Vndr", "VndrId"),)),
))


def _linked(question: str, index: Any) -> list[tuple[str, str, list[str]]]:
    toks = tokenize(question)
    return [(m.kind, m.text, [t.name for t, _ in m.tables] + [c.key for c, _ in m.columns]) for m in link(toks, index)]


def test_question_words_reach_abbreviated_tables_and_columns() -> None:
    index = build_index(SCHEMA)
    got = _linked("vendor names by payment method", index)
    assert got[0][0] == "column" and got[0][2][:1] == ["Vndr.VndrNm"]
    assert _linked("all vendors", index)[0][2][:1] == ["Vndr"]
    assert any(kind == "column" and cols[:1] == ["InvcLn.PmtMthd"] for kind, _, cols in got)
    assert index.table("InvcLn").col("UnitPrc").words == ("unit", "price")  # 'prc' clearly abbreviates a money word


def test_an_ambiguous_column_token_keeps_its_spelling() -> None:
    """'Ttl' could be total or title (both words the semantic model reads roles from): it is not expanded, so
    neither the money role nor the label role is taken from a guess."""
    index = build_index(Schema(tables=(Table("Doc", (Column("DocId", "INTEGER", is_primary_key=True),
                                                      Column("Ttl", "REAL"))),)))
    assert index.table("Doc").col("Ttl").words == ("ttl",)


def test_the_abbreviation_of_the_word_beats_a_word_sharing_its_stem() -> None:
    """'shipments' with tables Shpmt and shippers: the one that spells shipments in short is meant."""
    schema = Schema(tables=(
        Table("shippers", (Column("shipper_id", "INTEGER", is_primary_key=True), Column("shipper_name", "TEXT"))),
        Table("Shpmt", (Column("ShpmtId", "INTEGER", is_primary_key=True), Column("shipper_id", "INTEGER"))),
    ))
    m = next(m for m in link(tokenize("all shipments"), build_index(schema)) if m.kind == "table")
    assert m.tables[0][0].name == "Shpmt"


VENDORS = """
CREATE TABLE Vndr(VndrId INTEGER PRIMARY KEY, VndrNm TEXT, Cty TEXT, IsPreferred INTEGER);
CREATE TABLE Invc(InvcId INTEGER PRIMARY KEY, VndrId INTEGER REFERENCES Vndr(VndrId), IssuedOn DATE, PmtMthd TEXT,
  NetVal REAL);
CREATE TABLE Dlvry(DlvryId INTEGER PRIMARY KEY, VndrId INTEGER REFERENCES Vndr(VndrId), Crates INTEGER);
INSERT INTO Dlvry VALUES (1,1,5),(2,1,3),(3,2,4),(4,3,1);
INSERT INTO Vndr VALUES (1,'Acme','Lyon',1),(2,'Bolt','Oslo',0),(3,'Crane','Lyon',1);
INSERT INTO Invc VALUES (1,1,'2024-01-02','card',100),(2,1,'2024-02-02','wire',50),(3,2,'2024-02-03','card',70),
  (4,3,'2024-03-01','card',20);
"""


@pytest.fixture
def box(tmp_path: Path) -> SqliteToolbox:
    p = tmp_path / "vendors.sqlite"
    conn = sqlite3.connect(p)
    conn.executescript(VENDORS)
    conn.close()
    b = SqliteToolbox(p)
    yield b
    b.close()


GENRES = """
CREATE TABLE Trk(TrkId INTEGER PRIMARY KEY, TrkNm TEXT, Secs INTEGER);
CREATE TABLE Gnr(GnrId INTEGER PRIMARY KEY, Nm TEXT);
CREATE TABLE TrkGnr(TrkId INTEGER REFERENCES Trk(TrkId), GnrId INTEGER REFERENCES Gnr(GnrId), PRIMARY KEY (TrkId, GnrId));
CREATE TABLE Sale(SaleId INTEGER PRIMARY KEY, TrkId INTEGER REFERENCES Trk(TrkId), Price REAL);
INSERT INTO Trk VALUES (1,'A',100),(2,'B',200),(3,'C',300);
INSERT INTO Gnr VALUES (1,'Jazz'),(2,'Rock');
INSERT INTO TrkGnr VALUES (1,1),(2,2),(3,2);
INSERT INTO Sale VALUES (1,1,1.0),(2,2,2.0),(3,3,3.0),(4,3,3.0);
"""


async def test_an_abbreviated_link_table_stands_for_its_head_noun(tmp_path: Path) -> None:
    """'track genre' names the link table TrkGnr; the thing grouped by is the genre (Gnr), named by its Nm."""
    p = tmp_path / "genres.sqlite"
    conn = sqlite3.connect(p)
    conn.executescript(GENRES)
    conn.close()
    b = SqliteToolbox(p)
    try:
        assert await _rows(b, "total price by track genre") == [("Jazz", 1.0), ("Rock", 8.0)]
        assert await _rows(b, "number of tracks per genre") == [("Jazz", 1), ("Rock", 2)]
    finally:
        b.close()


async def _rows(box: SqliteToolbox, q: str) -> list[tuple[Any, ...]] | None:
    ans: AnalystAnswer = await OfflineAnalyst().answer(q, toolbox=box, history=[], state={}, mode="economy", deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    return sorted(tuple(r) for r in part.result.rows) if ans.understood and part and part.result else None


async def test_questions_over_abbreviated_names_are_answered(box: SqliteToolbox) -> None:
    assert await _rows(box, "List the vendor names") == [("Acme",), ("Bolt",), ("Crane",)]
    assert await _rows(box, "How many invoices does each vendor have?") == [("Acme", 2), ("Bolt", 1), ("Crane", 1)]
    assert await _rows(box, "How many vendors are in each city?") == [("Lyon", 2), ("Oslo", 1)]
    assert await _rows(box, "How many preferred vendors are there?") == [(2,)]
    assert await _rows(box, "How many invoices per payment method?") == [("card", 3), ("wire", 1)]
    assert await _rows(box, "vendors delivered more than 1 times") == [("Acme",)]  # the verb counts Dlvry rows
