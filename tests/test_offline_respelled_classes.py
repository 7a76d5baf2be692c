"""Classes of questions that were right over one spelling of a schema and lost over another (abbreviated words,
the other case style: scripts/respell.py). Every schema here is written by the test, in its own words."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from scripts.localbox import SqliteToolbox
from services.common.column_roles import flag_like_name, hungarian_tag, uses_hungarian
from services.conversation.engine.offline.analyst import OfflineAnalyst
from services.conversation.engine.types import AnalystAnswer


async def _rows(box: SqliteToolbox, q: str) -> list[tuple[Any, ...]] | None:
    ans: AnalystAnswer = await OfflineAnalyst().answer(q, toolbox=box, history=[], state={}, mode="economy", deep=False)
    part = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
    return sorted(tuple(r) for r in part.result.rows) if ans.understood and part and part.result else None


def _box(tmp_path: Path, script: str) -> SqliteToolbox:
    p = tmp_path / "db.sqlite"
    conn = sqlite3.connect(p)
    conn.executescript(script)
    conn.close()
    return SqliteToolbox(p)


# Hungarian type tags written in snake_case: a legacy Access schema exported by a tool that lower-cases names.
KENNELS = """
CREATE TABLE tbl_kennel(lng_kennel_id INTEGER PRIMARY KEY, str_kennel_nm TEXT, str_town TEXT, dtm_opened TEXT,
  int_floor_area INTEGER);
CREATE TABLE tbl_walker(lng_walker_id INTEGER PRIMARY KEY, str_first_nm TEXT, lng_kennel_id INTEGER
  REFERENCES tbl_kennel(lng_kennel_id), cur_day_rate REAL, ysn_insured INTEGER);
INSERT INTO tbl_kennel VALUES (1,'Barkley','Leeds','2019-05-01',120),(2,'Woofton','York','2015-02-01',300),
  (3,'Pawhouse','Leeds','2021-09-01',80);
INSERT INTO tbl_walker VALUES (1,'Ann',1,40.0,-1),(2,'Bo',1,55.0,0),(3,'Cy',2,35.0,-1),(4,'Di',3,60.0,-1);
"""


def test_snake_case_hungarian_tags_are_read_where_the_whole_schema_is_tagged() -> None:
    assert hungarian_tag("ysn_insured", snake=True) == "ysn" and hungarian_tag("ysn_insured") == ""
    assert hungarian_tag("ysnInsured") == "ysn"
    assert uses_hungarian(["tbl_walker", "lng_walker_id", "str_first_nm", "cur_day_rate", "ysn_insured"])
    # a plain snake_case schema: 'int_rate' is an interest rate, 'str_id' a store's id
    assert not uses_hungarian(["loans", "loan_id", "int_rate", "str_id", "amount", "issued_on", "term"])
    assert flag_like_name("ysn_insured")


async def test_questions_over_a_snake_case_hungarian_schema(tmp_path: Path) -> None:
    box = _box(tmp_path, KENNELS)
    try:
        assert await _rows(box, "How many walkers are insured?") == [(3,)]
        assert await _rows(box, "What is the name of the walker with the highest day rate?") == [("Di",)]
        assert await _rows(box, "Show the names of the kennels in Leeds and their floor area.") == [
            ("Barkley", 120), ("Pawhouse", 80)]
        assert await _rows(box, "List the kennel names ordered by the date they opened.") is not None
    finally:
        box.close()


# Short forms that are English words too ('cat', 'stat'): a category and a status where the schema abbreviates
# (CustNm, OrdDt, AmtDue), a cat where it does not.
CLINIC = """
CREATE TABLE Cat(CatId INTEGER PRIMARY KEY, Nm TEXT);
CREATE TABLE Svc(SvcId INTEGER PRIMARY KEY, SvcNm TEXT, CatId INTEGER REFERENCES Cat(CatId), Stat TEXT, AmtDue REAL,
  OrdDt TEXT);
INSERT INTO Cat VALUES (1,'Dental'),(2,'Imaging');
INSERT INTO Svc VALUES (1,'Scale',1,'open',10,'2024-01-01'),(2,'Xray',2,'open',30,'2024-02-01'),
  (3,'Fill',1,'closed',20,'2024-03-01');
"""
PETS = """
CREATE TABLE cats(cat_id INTEGER PRIMARY KEY, name TEXT, breed TEXT);
CREATE TABLE dogs(dog_id INTEGER PRIMARY KEY, name TEXT, breed TEXT);
INSERT INTO cats VALUES (1,'Tom','Siamese'),(2,'Kit','Persian');
INSERT INTO dogs VALUES (1,'Rex','Boxer');
"""


def test_a_word_like_short_form_is_the_longer_word_only_where_the_schema_abbreviates() -> None:
    from services.conversation.engine.offline.linking import build_index
    from services.conversation.engine.types import Column, Schema, Table

    short = build_index(Schema(tables=(
        Table("Cat", (Column("CatId", "INTEGER", is_primary_key=True), Column("Nm", "TEXT"))),
        Table("Svc", (Column("SvcId", "INTEGER", is_primary_key=True), Column("Stat", "TEXT"),
                      Column("StatsCnt", "INTEGER"), Column("AmtDue", "REAL"), Column("OrdDt", "TEXT"))))))
    assert short.table("Cat").words == ("category",)
    assert short.column("Svc", "Stat").words == ("status",)
    assert short.column("Svc", "StatsCnt").words[0] == "stat"  # a plural is statistics, not statuses
    staff = build_index(Schema(tables=(Table("Emp", (
        Column("EmpNo", "INTEGER", is_primary_key=True), Column("Ename", "TEXT"), Column("Sal", "REAL"),
        Column("HireDt", "TEXT"), Column("DeptNo", "INTEGER"), Column("MgrNo", "INTEGER"))),)))
    assert staff.column("Emp", "Sal").words == ("salary",)
    plain = build_index(Schema(tables=(
        Table("cats", (Column("cat_id", "INTEGER", is_primary_key=True), Column("name", "TEXT"))),)))
    assert plain.table("cats").words == ("cat",)


async def test_questions_over_word_like_short_forms(tmp_path: Path) -> None:
    box = _box(tmp_path, CLINIC)
    try:
        assert await _rows(box, "number of services by status") == [("closed", 1), ("open", 2)]
        assert await _rows(box, "number of services per category") == [("Dental", 2), ("Imaging", 1)]
    finally:
        box.close()


async def test_a_cat_is_a_cat_where_the_schema_does_not_abbreviate(tmp_path: Path) -> None:
    box = _box(tmp_path, PETS)
    try:
        assert await _rows(box, "how many cats are there?") == [(2,)]
        assert await _rows(box, "number of dogs per category") is None  # nothing here is a category
    finally:
        box.close()


# A word written as its whole consonant skeleton of four letters ('Tchr' teacher) is as sure a link as the word
# spelled out; a truncation, part of a skeleton or a three-letter one ('prt': part or port) stays a loose one.
SCHOOL = """
CREATE TABLE Tchr(TchrId INTEGER PRIMARY KEY, FirstNm TEXT, LastNm TEXT);
CREATE TABLE Sbjct(SbjctId INTEGER PRIMARY KEY, Title TEXT, Hrs INTEGER);
CREATE TABLE SbjctTchr(SbjctId INTEGER REFERENCES Sbjct(SbjctId), TchrId INTEGER REFERENCES Tchr(TchrId),
  PRIMARY KEY (SbjctId, TchrId));
INSERT INTO Tchr VALUES (1,'Ada','Byron'),(2,'Alan','Turing');
INSERT INTO Sbjct VALUES (1,'Logic',10),(2,'Maths',20),(3,'Code',30);
INSERT INTO SbjctTchr VALUES (1,1),(2,1),(3,1),(3,2);
"""


def test_a_whole_skeleton_links_as_surely_as_the_word() -> None:
    from services.conversation.engine.offline.linking import _equiv

    assert _equiv("teacher", "tchr") == 0.95 and _equiv("rental", "rntl") == 0.95
    assert _equiv("teacher", "tch") < 0.95  # part of the skeleton
    assert _equiv("port", "prt") < 0.95  # three letters: part or port
    assert _equiv("supplier", "supp") < 0.95  # a truncation could be a supply or a supplement
    assert _equiv("category", "cat") < 0.95  # an English word


async def test_a_question_joining_skeleton_named_tables_is_answered(tmp_path: Path) -> None:
    box = _box(tmp_path, SCHOOL)
    try:
        assert await _rows(box, "teachers who appeared in more than 2 subjects") == [("Ada", "Byron")]
    finally:
        box.close()


def test_a_whole_skeleton_beats_the_start_of_a_longer_words_skeleton() -> None:
    """'Prc' next to a purchases table: exactly the skeleton of price, only the start of purchase's ('prchs')."""
    from services.conversation.engine.offline.abbrev import expansion
    from services.conversation.engine.offline.linking import build_index
    from services.conversation.engine.types import Column, Schema, Table

    assert expansion("prc", frozenset({"price", "purchase"})) == "price"
    assert expansion("str", frozenset({"store", "street"})) is None  # the skeleton of one, the start of the other
    index = build_index(Schema(tables=(
        Table("purchases", (Column("purchase_id", "INTEGER", is_primary_key=True), Column("UnitPrc", "REAL"))),)))
    assert index.column("purchases", "UnitPrc").words == ("unit", "price")


# A country's name stands for its ISO code only in a column named for countries; an abbreviated name says so too.
GUESTS = """
CREATE TABLE Guest(GuestId INTEGER PRIMARY KEY, GuestNm TEXT, HomeCntry TEXT, ArrDt TEXT, AmtPaid REAL);
INSERT INTO Guest VALUES (1,'Ana','BR','2024-01-01',10),(2,'Ben','FR','2024-01-02',20),(3,'Caio','BR','2024-01-03',30),
  (4,'Dee','US','2024-01-04',40);
"""


async def test_a_country_code_in_an_abbreviated_country_column(tmp_path: Path) -> None:
    box = _box(tmp_path, GUESTS)
    try:
        assert await _rows(box, "List the names of guests from Brazil") == [("Ana",), ("Caio",)]
    finally:
        box.close()


# A document group flattened into a CamelCase name ('PricingListPrice'): the group word repeats the field's word
# in another form ('Pricing' beside 'Price'), which the question says once.
TOURS = """
CREATE TABLE tours(TourId INTEGER PRIMARY KEY, Title TEXT, PricingListPrice REAL, PricingCurrency TEXT, Lvl TEXT);
INSERT INTO tours VALUES (1,'Alps',300,'EUR','hard'),(2,'Lakes',100,'EUR','easy'),(3,'Coast',200,'EUR','easy');
"""


def test_a_word_repeated_in_another_form_is_covered_once_said() -> None:
    from services.conversation.engine.offline.linking import match_words

    assert match_words(["price"], ("pricing", "list", "price")) > match_words(["price"], ("pricing", "currency"))


async def test_questions_over_a_flattened_group_name(tmp_path: Path) -> None:
    box = _box(tmp_path, TOURS)
    try:
        assert await _rows(box, "Which tours cost more than the average tour price?") == [("Alps",)]
        assert await _rows(box, "List the titles of tours ordered by price.") is not None
    finally:
        box.close()


# 'ord' is order by convention (ORD_ID), as 'cust' and 'prod' are customer and product.
SEATS = """
CREATE TABLE SeatSale(SeatId INTEGER PRIMARY KEY, OrdId INTEGER, Fare REAL);
INSERT INTO SeatSale VALUES (1,10,5),(2,10,5),(3,11,5),(4,12,5),(5,12,5),(6,12,5);
"""


async def test_ord_is_order(tmp_path: Path) -> None:
    box = _box(tmp_path, SEATS)
    try:
        assert await _rows(box, "What is the average number of seats per order?") == [(2.0,)]
    finally:
        box.close()
